"""What a user action on the service comes to: typed outcomes instead of ``None`` and message strings.

An adapter matches on the type: ``Answered`` carries a Reply to render; ``Silent`` means send
nothing (the user was already told); ``Refused`` carries a short note to show (privately where the
platform can) and why; ``AdminResult`` is the plain-text output of an admin command; ``Noted``
acknowledges a 👍/👎.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.engine.reply import Reply

__all__ = ["AdminResult", "Answered", "Noted", "Outcome", "Refusal", "Refused", "Silent"]


class Refusal(StrEnum):
    """Why the service did not do what was asked."""

    RATE_LIMITED = "rate-limited"  # the first refusal of a flood; later ones are Silent
    NOT_ALLOWED = "not-allowed"  # an admin command from someone not in FAQBOT_ADMINS
    REMOVED = "removed"  # a button naming an entry or topic that is no longer in the KB


@dataclass(frozen=True)
class Answered:
    """Render ``reply``."""

    reply: Reply


@dataclass(frozen=True)
class Silent:
    """Send nothing: the user was rate-limited and already told so."""

    reason: Refusal = Refusal.RATE_LIMITED


@dataclass(frozen=True)
class Refused:
    """Show ``text`` (from the message catalogue, in the user's language): the action was not done."""

    reason: Refusal
    text: str


@dataclass(frozen=True)
class AdminResult:
    """An admin command's output as plain text; ``ok`` is False when it failed (e.g. a broken KB)."""

    ok: bool
    text: str


@dataclass(frozen=True)
class Noted:
    """A 👍/👎 was received; ``counted`` is False when it repeated the user's vote. ``text`` thanks the user."""

    counted: bool
    text: str


Outcome = Answered | Silent | Refused | AdminResult | Noted
