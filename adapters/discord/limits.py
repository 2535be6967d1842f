"""Discord's documented size limits, in one place (discord.py does not export them as constants).

Lengths are in UTF-16 code units, the safe reading of "characters" (see ``adapters.common.text``).
Sources: the Discord developer documentation, "Embed Limits", "Message Resource: Create Message",
"Message Components" and "Application Commands" (autocomplete choices).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """Discord's documented message limits."""

    title: int = 256  # embed title
    description: int = 4096  # embed description
    field_value: int = 1024  # embed field value
    footer: int = 2048  # embed footer text
    embed_total: int = 6000  # all text of one embed together
    content: int = 2000  # a message's plain content
    label: int = 80  # a button label
    choice: int = 100  # an autocomplete choice's name and value
    choices: int = 25  # autocomplete choices per response
    custom_id: int = 100  # a component's custom_id


LIMITS = Limits()
