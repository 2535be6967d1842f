"""Markdown FAQs: a heading per question, the text below it (up to the next heading) as its answer."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bot.kb.importers.base import Imported, ImportedEntry, read_text
from bot.kb.loader import KBError, Problem

__all__ = ["looks_like_markdown", "read_markdown", "strip_markup"]

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+\s*)?$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")


def strip_markup(text: str) -> str:
    """Markdown inline markup reduced to plain text: links as "text (url)", emphasis and code marks dropped."""
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) in (m.group(2), "") else f"{m.group(1)} ({m.group(2)})",
                     text)
    text = _CODE.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def looks_like_markdown(text: str) -> bool:
    """True when the text has at least one ATX heading outside code fences."""
    return any(_ATX.match(line) for line in text.splitlines())


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    found, fenced = [], False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _ATX.match(line)
        if match:
            found.append((number, len(match.group(1)), strip_markup(match.group(2).strip())))
    return found


def read_markdown(path: Path) -> Imported:
    """Questions are the headings of one level: the level most headings ending in "?" have, else the deepest.

    Text before the first question (under a title heading, say) becomes the summary.
    """
    text = read_text(path)
    lines = text.splitlines()
    headings = _headings(lines)
    if not headings:
        raise KBError([Problem(str(path), 1, "no headings found: write each question as a heading "
                               "(## Question?) with its answer below it")])
    asking = Counter(level for _, level, title in headings if title.endswith(("?", "？", "؟")))
    level = asking.most_common(1)[0][0] if asking else max(level for _, level, _ in headings)
    bounds = [number for number, _, _ in headings] + [len(lines) + 1]
    entries: list[ImportedEntry] = []
    summary_parts: list[str] = []
    first_question = next(n for n, lvl, _ in headings if lvl == level)
    summary_parts.append(_body(lines, 0, headings[0][0] - 1))
    for (number, heading_level, title), end in zip(headings, bounds[1:], strict=True):
        body = _body(lines, number, end - 1)
        if heading_level != level:
            if number < first_question:
                summary_parts.append(body)
            continue
        if not body:
            raise KBError([Problem(str(path), number, f"question '{title[:60]}' has no answer text below it")])
        entries.append(ImportedEntry(number, title, body))
    return Imported(str(path), "Markdown", entries, summary=" ".join(p for p in summary_parts if p))


def _body(lines: list[str], start: int, end: int) -> str:
    """Lines ``start``..``end`` (0-based start, exclusive end) as plain text; paragraphs kept apart."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines[start:end]:
        stripped = line.strip()
        if _FENCE.match(line):
            continue
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if re.match(r"^([-*+]|\d+[.)])\s+", stripped) and current:
            paragraphs.append(" ".join(current))  # a list item starts its own line
            current = []
        current.append(strip_markup(stripped))
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)
