"""Discord adapter (discord.py). Importing this package is cheap: discord loads in ``create``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["create"]


def create(service: Any, env: Mapping[str, str]) -> Any:
    """The Discord platform when ``DISCORD_BOT_TOKEN`` is set, else None."""
    if not env.get("DISCORD_BOT_TOKEN", "").strip():
        return None
    raise NotImplementedError("the Telegram adapter is being built (issue 4)")
