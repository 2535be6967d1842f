"""Telegram adapter (python-telegram-bot). Importing this package is cheap: telegram loads in ``create``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["create"]


def create(service: Any, env: Mapping[str, str]) -> Any:
    """The Telegram platform when ``TELEGRAM_BOT_TOKEN`` is set, else None."""
    if not env.get("TELEGRAM_BOT_TOKEN", "").strip():
        return None
    raise NotImplementedError("the Telegram adapter is being built (issue 3)")
