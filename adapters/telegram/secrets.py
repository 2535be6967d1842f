"""What the Telegram adapter keeps secret: its token (and the token's secret half), the webhook secret.

Light on purpose (no telegram import): ``faqbot`` reads it through the ``faqbot.secrets`` entry
point when it sets up logging, before any platform starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.service.logs import Redactor, SecretDeclaration

__all__ = ["BOT_URL", "SECRETS", "redactor", "token_parts"]

#: Telegram puts the token in the URL path (.../bot123456:AAH.../getMe); HTTP client logs show it.
BOT_URL = re.compile(r"(?<=bot)\d{3,}:[A-Za-z0-9_-]{10,}")


def token_parts(token: str) -> Iterable[str]:
    """A bot token's secret half (after the colon) is a secret on its own too."""
    secret = token.partition(":")[2]
    return (secret,) if secret else ()


SECRETS = SecretDeclaration(
    variables=("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"), patterns=(BOT_URL,), derive=token_parts,
)


def redactor(token: str, webhook_secret: str = "") -> Redactor:
    """The redactor for these settings' values (the same rules as the declaration)."""
    return Redactor.declared({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_WEBHOOK_SECRET": webhook_secret}, [SECRETS])
