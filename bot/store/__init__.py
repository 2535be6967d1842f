"""Where the bot keeps replies and votes: a small interface, SQLite behind it, a null store when it cannot open."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.store.base import (
    DayCount,
    EntryVotes,
    NullStore,
    PickRecord,
    ReplyRecord,
    Store,
    StoreError,
    Unanswered,
    Vote,
)

__all__ = [
    "DEFAULT_DATA",
    "DayCount",
    "EntryVotes",
    "NullStore",
    "PickRecord",
    "ReplyRecord",
    "Store",
    "StoreError",
    "Unanswered",
    "Vote",
    "open_store",
]

log = logging.getLogger("faqbot.store")

DEFAULT_DATA = Path("data/faqbot.sqlite3")


def open_store(location: str | Path = DEFAULT_DATA, salt: str | None = None) -> Store:
    """Open the store at ``location``; on failure warn once and return a null store (the bot keeps answering).

    A ``postgresql://`` location is reserved for a PostgreSQL backend implementing the same ``Store``.
    """
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        # Never log the location itself here: a database URL may carry a password.
        return _off(StoreError("FAQBOT_DATA names a PostgreSQL database, but this faqbot has only the SQLite "
                               "backend; use a file path"), salt)
    from bot.store.sqlite import SqliteStore  # sqlite3 is loaded only by commands that record

    try:
        return SqliteStore(text, salt)
    except StoreError as exc:
        return _off(exc, salt)


def _off(exc: StoreError, salt: str | None) -> Store:
    log.warning("%s. The store is OFF: the bot keeps answering, but feedback and unanswered questions "
                "are not recorded.", exc)
    return NullStore(salt, reason=str(exc))
