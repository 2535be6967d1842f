"""Discord adapter (discord.py). Importing this package is cheap: discord loads in ``create``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.service.facade import FaqService

    from .client import DiscordPlatform

__all__ = ["create"]


def create(service: FaqService, env: Mapping[str, str]) -> DiscordPlatform | None:
    """The Discord platform when ``DISCORD_BOT_TOKEN`` is set, else None; invalid settings raise SettingsError."""
    if not env.get("DISCORD_BOT_TOKEN", "").strip():
        return None
    from .settings import DiscordSettings

    settings = DiscordSettings.from_env(env)  # validate before the heavy import: fail fast
    from .client import DiscordPlatform

    return DiscordPlatform(service, settings)
