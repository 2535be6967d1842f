"""What the Discord adapter keeps secret: its bot token (light: no discord import)."""

from __future__ import annotations

from bot.service.logs import SecretDeclaration

__all__ = ["SECRETS"]

SECRETS = SecretDeclaration(variables=("DISCORD_BOT_TOKEN",))
