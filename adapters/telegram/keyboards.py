"""Inline keyboards and their stateless callback data: a short prefix plus a KB entry id, at most 64 bytes."""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from adapters.common.text import clip
from bot.engine.reply import Intent, Reply, Suggestion

__all__ = [
    "ANSWER",
    "HELPFUL",
    "MAX_CALLBACK_BYTES",
    "SUMMARY",
    "UNHELPFUL",
    "Action",
    "callback_data",
    "feedback_row",
    "parse_callback",
    "parse_start_payload",
    "reply_keyboard",
    "start_payload",
    "suggestion_rows",
    "topic_rows",
]

log = logging.getLogger("faqbot.telegram")

MAX_CALLBACK_BYTES: int = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # counted in UTF-8 bytes
LABEL_CHARS = 60  # longer button labels are clipped: clients show one line anyway

# The prefixes: "a" answer an entry, "s" summary of a topic (by topic id), "f+"/"f-" feedback on an entry.
ANSWER, SUMMARY, HELPFUL, UNHELPFUL = "a", "s", "f+", "f-"
_ACTIONS = {ANSWER, SUMMARY, HELPFUL, UNHELPFUL}
_START = re.compile(rf"^[A-Za-z0-9_-]{{1,{MessageLimit.DEEP_LINK_LENGTH}}}$")  # what a /start parameter may hold


@dataclass(frozen=True)
class Action:
    """A decoded button press: what to do (``a``, ``s``, ``f+``, ``f-``) with which entry (or topic, for ``s``) id."""

    kind: str
    entry_id: str


def callback_data(kind: str, entry_id: str) -> str | None:
    """``kind:entry_id``, or None when it would not fit Telegram's 64 bytes (the button is then left out)."""
    data = f"{kind}:{entry_id}"
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        log.warning("entry id too long for a Telegram button (%d bytes): %s", len(data.encode()), entry_id[:80])
        return None
    return data


def parse_callback(data: str | None) -> Action | None:
    """The Action a button carries, or None for data this bot did not make."""
    if not data or ":" not in data:
        return None
    kind, _, entry_id = data.partition(":")
    if kind not in _ACTIONS or not entry_id:
        return None
    return Action(kind, entry_id)


def _button(label: str, kind: str, entry_id: str) -> InlineKeyboardButton | None:
    data = callback_data(kind, entry_id)
    return InlineKeyboardButton(clip(label, LABEL_CHARS, one_line=True) or "…", callback_data=data) if data else None


def suggestion_rows(suggestions: tuple[Suggestion, ...]) -> list[list[InlineKeyboardButton]]:
    """One button per suggestion, each on its own row (questions are long): a question, or a topic's summary."""
    buttons = [
        _button(f"📚 {s.label}", SUMMARY, s.id) if s.is_topic else _button(s.label, ANSWER, s.id) for s in suggestions
    ]
    return [[b] for b in buttons if b]


def topic_rows(suggestions: tuple[Suggestion, ...]) -> list[list[InlineKeyboardButton]]:
    """A summary button per topic suggestion; the data carries the topic id, so it survives restarts."""
    return suggestion_rows(tuple(s for s in suggestions if s.is_topic))


def feedback_row(entry_id: str) -> list[InlineKeyboardButton]:
    """👍 / 👎 under an answer (empty when the id is too long for the data)."""
    up, down = callback_data(HELPFUL, entry_id), callback_data(UNHELPFUL, entry_id)
    if not up or not down:
        return []
    return [InlineKeyboardButton("👍", callback_data=up), InlineKeyboardButton("👎", callback_data=down)]


def reply_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The keyboard under a reply: its questions (follow-ups or candidates), topics, and feedback on answers."""
    rows = suggestion_rows(reply.questions) + topic_rows(reply.topics)
    if reply.intent is Intent.ANSWER and reply.entry_id:
        feedback = feedback_row(reply.entry_id)
        if feedback:
            rows.append(feedback)
    return InlineKeyboardMarkup(rows) if rows else None


def start_payload(entry_id: str) -> str | None:
    """A ``/start`` deep-link parameter naming an entry (base64url, as ids may hold characters links cannot)."""
    payload = "a_" + base64.urlsafe_b64encode(entry_id.encode()).decode().rstrip("=")
    return payload if _START.match(payload) else None


def parse_start_payload(payload: str) -> str | None:
    """The entry id in a ``/start`` parameter made by ``start_payload``, or None."""
    if not payload.startswith("a_"):
        return None
    raw = payload[2:]
    try:
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
