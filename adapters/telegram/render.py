"""Replies as Telegram HTML: every piece of KB and user text escaped, long texts split at paragraphs."""

from __future__ import annotations

import html
import re

from telegram.constants import MessageLimit

from adapters.common.text import clip, split, utf16_len
from bot import messages
from bot.engine.reply import Intent, Reply

__all__ = ["MAX_MESSAGE", "escape", "escaped_len", "render_reply", "render_text", "split_plain"]

MAX_MESSAGE: int = MessageLimit.MAX_TEXT_LENGTH  # counted in UTF-16 code units
_HEADER_MAX = 300  # a header (question, topic) longer than this is clipped: it must leave room for the body
# C0/C1 control characters other than tab and newline: Telegram rejects some, and none mean anything in chat.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Text made safe for HTML parse mode (``<``, ``>``, ``&`` and quotes escaped, control characters dropped)."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def escaped_len(text: str) -> int:
    """The length Telegram's limit applies to, on the safe side: UTF-16 code units of the escaped text."""
    return utf16_len(escape(text))


def split_plain(text: str, limit: int = MAX_MESSAGE, first_limit: int | None = None) -> list[str]:
    """Split raw text into pieces whose *escaped* form fits ``limit`` (``first_limit`` for the first piece).

    The common splitter breaks at paragraphs, then lines, sentences and words; the text is split
    before escaping, so an HTML entity is never cut in half. Whitespace at the cuts is dropped.
    """
    pieces = split(text.strip("\n"), limit, measure=escaped_len, first_limit=first_limit)
    last = len(pieces) - 1
    parts = [(p.lstrip("\n ") if i else p) for i, p in enumerate(pieces)]
    parts = [(p.rstrip() if i < last else p) for i, p in enumerate(parts)]
    return [p for p in parts if p] or [""]


def render_text(body: str, header: str = "", limit: int = MAX_MESSAGE) -> list[str]:
    """HTML message parts: an optional bold ``header`` on the first part, then the escaped ``body``."""
    # Escaping grows text at most 6x (&quot;): a header of limit/8 characters leaves the body room.
    title = escape(clip(header, min(_HEADER_MAX, limit // 8), one_line=True)).strip()
    head = f"<b>{title}</b>" if title else ""
    lead = f"{head}\n\n" if head and body.strip() else head
    bodies = split_plain(body, limit, first_limit=limit - utf16_len(lead))
    parts = [escape(piece) for piece in bodies]
    parts[0] = lead + parts[0]
    return [part for part in parts if part.strip()] or [escape("…")]


def render_reply(reply: Reply, limit: int = MAX_MESSAGE) -> list[str]:
    """The HTML parts of a Reply: answers and summaries under a bold title, other kinds as they are."""
    if reply.intent is Intent.ANSWER:
        return render_text(reply.text, reply.question or "", limit)
    if reply.intent is Intent.SUMMARY:
        return render_text(reply.text, reply.topic or "", limit)
    body = reply.text
    if reply.intent is Intent.UNKNOWN:
        body += "\n" + messages.text("telegram.closest" if reply.suggestions else "telegram.rephrase", reply.language)
    return render_text(body, "", limit)
