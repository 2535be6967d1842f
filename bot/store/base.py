"""What the bot records and the interface every store backend implements (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from dataclasses import dataclass

__all__ = [
    "DayCount",
    "EntryVotes",
    "NullStore",
    "PickRecord",
    "ReplyRecord",
    "Store",
    "StoreError",
    "Unanswered",
    "Vote",
    "VoteMemory",
]

log = logging.getLogger("faqbot.store")


class StoreError(Exception):
    """The store cannot be opened or used; the message says which file and what to do."""


@dataclass(frozen=True)
class ReplyRecord:
    """One reply to a question: answered or not, with the best candidate; ids only as keyed hashes."""

    ts: float
    platform: str
    kind: str  # answer, summary, suggest or none
    entry_id: str | None  # the answered entry, else the best candidate
    score: float
    text: str | None  # None when FAQBOT_STORE_TEXT=0 or the question was answered
    user_hash: str
    chat_hash: str
    tier: str | None = None  # the engine tier that decided (e.g. lexical, semantic); None in older rows


@dataclass(frozen=True)
class PickRecord:
    """A confirmed "did you mean": after asking ``text`` the user chose the suggested ``entry_id``."""

    ts: float
    platform: str
    entry_id: str
    text: str | None  # None when FAQBOT_STORE_TEXT=0
    user_hash: str


@dataclass(frozen=True)
class Vote:
    """A 👍 (helpful) or 👎 on an entry by one (hashed) user."""

    ts: float
    platform: str
    entry_id: str
    user_hash: str
    helpful: bool


@dataclass(frozen=True)
class DayCount:
    """Replies of one UTC day by kind; ``answered`` counts answers and summaries."""

    day: str
    asked: int
    answered: int
    suggested: int
    unanswered: int

    @property
    def rate(self) -> float:
        """The share of questions answered, 0..1."""
        return self.answered / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class Unanswered:
    """A question the bot could not answer outright (kind ``none`` or ``suggest``)."""

    ts: float
    platform: str
    kind: str
    text: str | None
    candidate: str | None
    score: float


@dataclass(frozen=True)
class EntryVotes:
    """The 👍 and 👎 counts of an entry."""

    entry_id: str
    up: int
    down: int


class VoteMemory:
    """The latest vote per (entry, user), bounded, so a repeated press is answered at once without disk."""

    def __init__(self, limit: int = 100_000) -> None:
        self._votes: OrderedDict[tuple[str, str], bool] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def remember(self, entry_id: str, user_hash: str, helpful: bool) -> bool:
        """Store the vote; False when the same user already gave the same vote on this entry."""
        key = (entry_id, user_hash)
        with self._lock:
            if self._votes.get(key) is helpful:
                self._votes.move_to_end(key)
                return False
            self._votes[key] = helpful
            self._votes.move_to_end(key)
            while len(self._votes) > self._limit:
                self._votes.popitem(last=False)
            return True


class Store(ABC):
    """Where replies and votes go. Recording never blocks the chat path; queries are for reports."""

    def __init__(self, key: str | None = None) -> None:
        # The HMAC key never lives in the store itself (README, "The hash key"); None: a throwaway key.
        self._key = (key or secrets.token_hex(32)).encode("utf-8", "surrogatepass")
        self.votes = VoteMemory()

    @property
    def enabled(self) -> bool:
        """False for the null store: nothing is kept."""
        return True

    def hash(self, value: str) -> str:
        """A keyed, truncated HMAC-SHA256 of an id, so the store never holds raw user or chat ids."""
        if not value:
            return ""
        return hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:20]

    def key_check(self) -> str:
        """A short HMAC of a constant: tells whether a store was written with the same key, without revealing it."""
        return hmac.new(self._key, b"faqbot key check", hashlib.sha256).hexdigest()[:16]

    @abstractmethod
    def record_reply(self, record: ReplyRecord) -> None:
        """Queue a reply record; returns at once."""

    def record_feedback(self, vote: Vote) -> bool:
        """Queue a vote; False (and nothing queued) when it repeats the user's vote on that entry."""
        if not self.votes.remember(vote.entry_id, vote.user_hash, vote.helpful):
            return False
        self._write_vote(vote)
        return True

    @abstractmethod
    def _write_vote(self, vote: Vote) -> None:
        """Queue the upsert of a (new or changed) vote."""

    def record_pick(self, pick: PickRecord) -> None:
        """Queue a confirmed "did you mean" pick (backends without a picks table keep none)."""
        return None

    def picks(self, since: float) -> list[tuple[str, str, str]]:
        """(question text, chosen entry id, user hash) of the picks since ``since`` that have text."""
        return []

    def tiers(self, since: float) -> list[tuple[str, int]]:
        """(engine tier, replies) since ``since``, most first; rows without a tier are not counted."""
        return []

    @abstractmethod
    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is committed; False on timeout or when writes failed."""

    @abstractmethod
    def days(self, since: float) -> list[DayCount]:
        """Replies per UTC day since ``since`` (unix time), oldest first."""

    @abstractmethod
    def unanswered(self, since: float, limit: int = 50_000) -> list[Unanswered]:
        """Unanswered and "did you mean" replies since ``since``, newest first."""

    @abstractmethod
    def entry_votes(self, since: float) -> list[EntryVotes]:
        """Vote counts per entry since ``since``, most 👎 first."""

    def reachable(self) -> bool:
        """True when the backend answers a trivial query now (for a readiness check; may take a few seconds)."""
        return self.enabled

    def prune(self, before: float) -> int:
        """Delete replies and votes older than ``before`` (unix time); how many rows went."""
        return 0

    @abstractmethod
    def close(self, timeout: float = 10.0) -> None:
        """Flush what is queued (for at most ``timeout`` seconds) and release the backend; later records are dropped."""


class NullStore(Store):
    """Keeps nothing: used when the real store cannot be opened, so the bot keeps answering."""

    def __init__(self, key: str | None = None, reason: str = "") -> None:
        super().__init__(key)
        self.reason = reason

    @property
    def enabled(self) -> bool:
        """Always False."""
        return False

    def record_reply(self, record: ReplyRecord) -> None:
        """Drop the record."""

    def _write_vote(self, vote: Vote) -> None:
        """Drop the vote (repeats are still recognised in memory)."""

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Nothing to wait for."""
        return True

    def days(self, since: float) -> list[DayCount]:
        """No data."""
        return []

    def unanswered(self, since: float, limit: int = 50_000) -> list[Unanswered]:
        """No data."""
        return []

    def entry_votes(self, since: float) -> list[EntryVotes]:
        """No data."""
        return []

    def close(self, timeout: float = 10.0) -> None:
        """Nothing to release."""
