"""Replies as Telegram HTML: every piece of KB and user text escaped, long texts split at paragraphs."""

from __future__ import annotations

import html
import re

from bot import messages
from bot.engine.reply import Intent, Reply

__all__ = ["MAX_MESSAGE", "clip", "escape", "render_reply", "render_text", "split_plain"]

MAX_MESSAGE = 4096  # Telegram's limit for one message's text
_HEADER_MAX = 300  # a header (question, topic) longer than this is clipped: it must leave room for the body
# Why these separators: paragraphs first, then lines, sentences, words; a hard cut only as a last resort.
_SEPARATORS = ("\n\n", "\n", ". ", " ")
# C0/C1 control characters other than tab and newline: Telegram rejects some, and none mean anything in chat.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Text made safe for HTML parse mode (``<``, ``>``, ``&`` and quotes escaped, control characters dropped)."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def _escaped_len(text: str) -> int:
    return len(escape(text))


def _hard_cut(text: str, limit: int) -> tuple[str, str]:
    """The longest prefix whose escaped form fits ``limit``, and the rest (escapes never cut: text is raw)."""
    low, high = 1, len(text)
    while low < high:  # binary search: escaping can grow a prefix up to 6x
        mid = (low + high + 1) // 2
        if _escaped_len(text[:mid]) <= limit:
            low = mid
        else:
            high = mid - 1
    return text[:low], text[low:]


def split_plain(text: str, limit: int = MAX_MESSAGE, first_limit: int | None = None) -> list[str]:
    """Split raw text into pieces whose *escaped* form fits ``limit`` (``first_limit`` for the first piece).

    Pieces break at paragraph boundaries when they can, then at lines, sentences and words; the
    text is split before escaping, so an HTML entity is never cut in half.
    """
    parts: list[str] = []
    rest = text.strip("\n")
    while rest:
        room = first_limit if (first_limit is not None and not parts) else limit
        if _escaped_len(rest) <= room:
            parts.append(rest)
            break
        # Escaping never shortens text, so the piece lies within the first ``room`` raw characters.
        window, _ = _hard_cut(rest[:room], room)
        piece = window
        for separator in _SEPARATORS:
            index = window.rfind(separator)
            if index > 0:
                piece = window[: index + len(separator.rstrip())]
                break
        parts.append(piece.rstrip())
        rest = rest[len(piece):].lstrip("\n ")
    return parts or [""]


def render_text(body: str, header: str = "", limit: int = MAX_MESSAGE) -> list[str]:
    """HTML message parts: an optional bold ``header`` on the first part, then the escaped ``body``."""
    # Escaping grows text at most 6x (&quot;): a header of limit/8 characters leaves the body room.
    title = escape(clip(header, min(_HEADER_MAX, limit // 8))).strip()
    head = f"<b>{title}</b>" if title else ""
    lead = f"{head}\n\n" if head and body.strip() else head
    bodies = split_plain(body, limit, first_limit=limit - len(lead))
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
