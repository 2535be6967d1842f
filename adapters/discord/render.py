"""Replies as Discord embeds and text, cut to Discord's size limits without losing a character."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import discord

from bot import messages
from bot.engine.reply import Intent, Reply, Suggestion

__all__ = [
    "COLOUR",
    "LIMITS",
    "Limits",
    "cut",
    "help_text",
    "reply_pages",
    "size",
    "split_text",
    "text_pages",
    "topics_text",
]

COLOUR = discord.Colour.blurple()


@dataclass(frozen=True)
class Limits:
    """Discord's documented message limits (characters)."""

    title: int = 256
    description: int = 4096
    field_value: int = 1024
    footer: int = 2048
    embed_total: int = 6000
    content: int = 2000
    label: int = 80
    choice: int = 100
    custom_id: int = 100


LIMITS = Limits()


def size(text: str) -> int:
    """Length as Discord may count it: UTF-16 code units, so emoji beyond the BMP count twice (the safe side)."""
    return len(text.encode("utf-16-le")) // 2


def _prefix_within(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def cut(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` shortened to ``limit`` (with an ellipsis) when longer; for titles, labels and choices."""
    if size(text) <= limit:
        return text
    return text[: _prefix_within(text, limit - size(ellipsis))].rstrip() + ellipsis


_BREAKS = ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ")


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into non-empty pieces of at most ``limit`` that join back to ``text`` exactly.

    Cuts fall after a paragraph, line, sentence or word boundary in the second half of a piece
    when there is one, so pieces read naturally; a wall of unbroken text is cut hard.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    pieces: list[str] = []
    rest = text
    while size(rest) > limit:
        fit = _prefix_within(rest, limit)
        window = rest[:fit]
        end = fit
        for mark in _BREAKS:
            at = window.rfind(mark, fit // 2)
            if at != -1:
                end = at + len(mark)
                break
        pieces.append(rest[:end])
        rest = rest[end:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _numbered(suggestions: Sequence[Suggestion]) -> str:
    return "\n".join(f"{n}. {s.label}" for n, s in enumerate(suggestions, start=1))


def _body(reply: Reply) -> str:
    """The description text of a reply: the KB text verbatim, plus the listed choices for unsure replies."""
    parts = [reply.text]
    questions = reply.questions
    if reply.intent in (Intent.DID_YOU_MEAN, Intent.UNKNOWN) and questions:
        lead = messages.text("discord.closest", reply.language) + "\n" if reply.intent is Intent.UNKNOWN else ""
        parts.append(lead + _numbered(questions))
    if reply.topics:
        # No topic buttons on Discord: the names, then how to pick one (autocomplete suggests them).
        parts.append(_numbered(reply.topics))
        parts.append(messages.text("discord.pick_topic", reply.language))
    return "\n\n".join(p for p in parts if p)


def _title(reply: Reply) -> str | None:
    if reply.intent is Intent.ANSWER and reply.question:
        return reply.question
    if reply.intent is Intent.SUMMARY and reply.topic:
        return messages.text("discord.summary_title", reply.language, topic=reply.topic)
    return None


def _footer(reply: Reply, weak_below: float) -> str | None:
    notes = []
    if reply.topic:
        notes.append(messages.text("discord.topic_footer", reply.language, topic=reply.topic))
    if reply.intent is Intent.ANSWER and reply.score < weak_below:
        notes.append(messages.text("discord.weak_match", reply.language, score=f"{reply.score:.0f}"))
    return " · ".join(notes) or None


def reply_pages(reply: Reply, *, weak_below: float = 70.0) -> list[discord.Embed]:
    """One embed per message: the first carries the title, the last the footer; each within every limit."""
    title = _title(reply)
    footer = _footer(reply, weak_below)
    title_text = cut(title, LIMITS.title) if title else None
    footer_text = cut(footer, LIMITS.footer) if footer else None
    body = _body(reply) or "…"
    pages = split_text(body, LIMITS.description)
    embeds = []
    for number, page in enumerate(pages):
        embed = discord.Embed(description=page, colour=COLOUR)
        if number == 0 and title_text:
            embed.title = title_text
        if number == len(pages) - 1 and footer_text:
            embed.set_footer(text=footer_text)
        embeds.append(embed)
    return embeds


def text_pages(text: str) -> list[str]:
    """Plain message contents of at most 2000 characters each (admin output, notes)."""
    return split_text(text or "…", LIMITS.content)


def topics_text(topics: Iterable[tuple[str, Sequence[str]]]) -> str:
    """The ``/topics`` list: each topic in bold, then its questions."""
    blocks = []
    for name, questions in topics:
        lines = [f"**{discord.utils.escape_markdown(name)}**", *(f"• {q}" for q in questions)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or messages.text("discord.no_entries")


def help_text(topic_names: Sequence[str], language: str = messages.DEFAULT_LANGUAGE) -> str:
    """The ``/help`` text: what the bot knows and the commands to use."""
    known = ", ".join(topic_names) or messages.text("discord.nothing_yet", language)
    return messages.text("discord.help", language, topics=known)
