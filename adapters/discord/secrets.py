"""What the Discord adapter keeps secret: its bot token, and every interaction's token (light: no discord import).

An interaction token lets anyone answer (or edit the answers to) that interaction for 15 minutes.
discord.py's DEBUG log prints them twice: in each gateway event (``'token': '...'`` in the
INTERACTION_CREATE payload) and in the URL of each response (``/interactions/<id>/<token>/callback``,
``/webhooks/<application id>/<token>``). The patterns below mask both, whatever logs them.
"""

from __future__ import annotations

import re

from bot.service.logs import SecretDeclaration

__all__ = ["INTERACTION_TOKEN_PATTERNS", "SECRETS"]

INTERACTION_TOKEN_PATTERNS = (
    re.compile(r"(?<='token': ')[^']+"),  # a payload printed as a Python dict
    re.compile(r'(?<="token": ")[^"]+'),  # ... or as JSON
    re.compile(r'(?<="token":")[^"]+'),  # ... or as compact JSON
    # In URLs: the path segment after an interaction id (callback) or an application id (follow-ups).
    re.compile(r"(?<=/)[A-Za-z0-9_.-]{20,}(?=/callback\b)"),
    re.compile(r"(?<=/webhooks/)(?:\d{5,20}/)[A-Za-z0-9_.-]{20,}"),
)

SECRETS = SecretDeclaration(variables=("DISCORD_BOT_TOKEN",), patterns=INTERACTION_TOKEN_PATTERNS)
