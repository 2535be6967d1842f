"""The knowledge base model: topics, entries and stable entry ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["ID_PATTERN", "MAX_ID_BYTES", "Entry", "KnowledgeBase", "Topic", "Translation", "derive_id", "topic_id"]

#: Ids travel in button payloads, which platforms keep small (a few dozen bytes); adapters add a
#: short prefix of their own, so ids stay well below the smallest such limit.
MAX_ID_BYTES = 48
ID_PATTERN = re.compile(r"^[\w.\-]+$")


def _slug(text: str, limit: int) -> str:
    """ASCII slug of ``text``, at most ``limit`` characters, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "q")


def derive_id(topic: str, question: str) -> str:
    """Stable id for an entry without an explicit one: a slug plus a hash of topic and question.

    It depends only on the entry's own topic and question, so adding or reordering
    other entries never changes it.
    """
    digest = hashlib.sha1(f"{topic}\n{question}".encode()).hexdigest()[:6]
    return f"{_slug(question, 32)}-{digest}"


def topic_id(name: str) -> str:
    """Stable id of a topic, from its name only (fits button payloads like entry ids do)."""
    digest = hashlib.sha1(f"topic\n{name.casefold()}".encode()).hexdigest()[:6]
    return f"{_slug(name, 32)}-{digest}"


@dataclass(frozen=True)
class Translation:
    """An entry in another language, written by the KB's maintainers: shown to users of that language."""

    question: str
    answer: str
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One question/answer pair of a topic."""

    id: str
    topic: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()  # resolved entry ids
    source: str = ""  # "file:line", for messages to maintainers
    # language code (ISO 639-1) -> the entry in that language
    translations: dict[str, Translation] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Topic:
    """A named topic with its summary and the ids of its entries, in file order."""

    name: str
    summary: str
    entry_ids: tuple[str, ...]
    source: str = ""

    @property
    def id(self) -> str:
        """The topic's stable id (see ``topic_id``)."""
        return topic_id(self.name)


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated, immutable set of topics and entries."""

    topics: tuple[Topic, ...]
    entries: tuple[Entry, ...]
    fingerprint: str = ""
    #: (where, message) of what loads but looks wrong (a follow-up naming its own entry); `faqbot check` shows them.
    warnings: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_id:
            self._by_id.update({entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None when it does not exist (e.g. removed since)."""
        return self._by_id.get(entry_id)

    def topic_by_id(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None (e.g. renamed or removed since)."""
        return next((t for t in self.topics if t.id == topic_id), None)

    def topic(self, name: str) -> Topic | None:
        """The topic with exactly this name (case-insensitive), or None."""
        folded = name.casefold()
        return next((t for t in self.topics if t.name.casefold() == folded), None)

    def __len__(self) -> int:
        return len(self.entries)
