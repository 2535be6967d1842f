"""What the quality tests share: a town-hall KB, store rows, a keyword engine, an HTML page reader."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

from adapters.testing.kb import entry, topic, write_topic
from bot.engine.lexical import Candidate
from bot.store import ReplyRecord, Unanswered

__all__ = ["DAY", "PARKING", "PASSPORT", "KeywordEngine", "Page", "kb_file", "record", "unanswered"]

DAY = 86400.0
PASSPORT = ("How do I renew my passport?", "Book an appointment at the town hall.")
PARKING = ("Where can I park near the town hall?", "In the garage on Main Street.")


def kb_file(folder: Path) -> Path:
    """A one-topic KB about the town hall (entries ``passport`` and ``parking``), as ``town.yaml``."""
    return write_topic(folder, "town.yaml", topic("Town hall", [
        entry(*PASSPORT, id="passport"), entry(*PARKING, id="parking")], summary="Services of the town hall."))


def unanswered(text: str | None, candidate: str | None = None, score: float = 10.0) -> Unanswered:
    """A stored unanswered question."""
    return Unanswered(time.time(), "test", "none", text, candidate, score)


def record(text: str | None, kind: str = "none", ts: float | None = None, candidate: str | None = None) -> ReplyRecord:
    """A reply record to put in a store."""
    return ReplyRecord(ts if ts is not None else time.time(), "telegram", kind, candidate, 20.0, text, "u", "c")


class KeywordEngine:
    """An engine that answers only what contains its keyword: unlike the lexical matcher, on purpose."""

    name = "engine"

    def __init__(self, keyword: str, entry_id: str) -> None:
        self.keyword, self.entry_id = keyword, entry_id

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """Entry ``entry_id`` at 95 when ``text`` holds the keyword, else nothing."""
        return [Candidate(self.entry_id, 95.0)] if self.keyword in text else []


class Page(HTMLParser):
    """Collects what a reader of the page gets: tags, bars by class, texts, and anything that loads."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bars: dict[str, list[dict[str, str]]] = {}
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "rect" and "class" in values:
            self.bars.setdefault(values["class"], []).append(values)
        for name in ("src", "href"):
            if values.get(name):
                self.external.append(values[name])

    def handle_data(self, data: str) -> None:
        self.text.append(data)
