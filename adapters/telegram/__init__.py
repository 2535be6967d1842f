"""Telegram adapter (python-telegram-bot). Importing this package is cheap: telegram loads in ``create``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.service.facade import FaqService

    from .runner import TelegramPlatform

__all__ = ["create"]


def create(service: FaqService, env: Mapping[str, str]) -> TelegramPlatform | None:
    """The Telegram platform when ``TELEGRAM_BOT_TOKEN`` is set, else None; invalid settings raise SettingsError."""
    if not env.get("TELEGRAM_BOT_TOKEN", "").strip():
        return None
    from .settings import TelegramSettings

    settings = TelegramSettings.from_env(env)  # validated before the heavy import: fail fast, name the variable
    from .runner import TelegramPlatform

    return TelegramPlatform(service, settings)
