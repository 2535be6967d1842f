"""Replies as Discord embeds and text, cut to Discord's size limits without losing a character."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from adapters.common.text import clip, split, utf16_len
from bot import messages
from bot.engine.reply import Intent, Reply, Suggestion

from .limits import LIMITS

__all__ = ["COLOUR", "LIMITS", "help_text", "reply_pages", "text_pages", "topics_text"]

COLOUR = discord.Colour.blurple()


def _split(text: str, limit: int) -> list[str]:
    # A cut keeps at least half a page, so pages read naturally; they join back to the text exactly.
    return split(text, limit, min_fill=0.5)


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
    title_text = clip(title, LIMITS.title) if title else None
    footer_text = clip(footer, LIMITS.footer) if footer else None
    body = _body(reply) or "…"
    # Discord also caps the embed's text as a whole (6,000): a long title plus a long footer leave
    # a page less room than the 4,096 of a description alone. Every page keeps room for both.
    room = LIMITS.embed_total - utf16_len(title_text or "") - utf16_len(footer_text or "")
    pages = _split(body, min(LIMITS.description, room))
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
    return _split(text or "…", LIMITS.content)


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
