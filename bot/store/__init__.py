"""Where the bot keeps replies and votes: one interface, SQLite or PostgreSQL behind it, a null store as fallback."""

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
    "is_postgres",
    "open_store",
]

log = logging.getLogger("faqbot.store")

DEFAULT_DATA = Path("data/faqbot.sqlite3")


def is_postgres(location: str | Path) -> bool:
    """True when ``FAQBOT_DATA`` names a PostgreSQL database rather than a SQLite file."""
    return str(location).startswith(("postgres://", "postgresql://"))


def open_store(location: str | Path = DEFAULT_DATA, key: str | None = None, *, key_file: str | Path | None = None,
               retention_days: float = 0, need_key: bool = True, queue_limit: int = 50_000) -> Store:
    """Open the store that ``location`` (``FAQBOT_DATA``) names, hashing ids with ``key`` (``FAQBOT_HASH_KEY``).

    A SQLite file that cannot be used gives a null store and one warning: the bot keeps answering.
    A PostgreSQL URL that does not work raises ``StoreError`` naming FAQBOT_DATA: an operator who set
    up a shared database wants to know at start, not find an empty report later. ``need_key=False``
    (reports) opens a PostgreSQL store without ``FAQBOT_HASH_KEY``: it reads, it does not hash.
    """
    text = str(location)
    if is_postgres(text):
        from bot.store.postgres import PostgresStore  # psycopg is loaded only when configured

        return PostgresStore(text, key, retention_days=retention_days, need_key=need_key, queue_limit=queue_limit)
    from bot.store.sqlite import SqliteStore  # sqlite3 is loaded only by commands that record

    try:
        return SqliteStore(text, key, key_file=key_file, retention_days=retention_days, queue_limit=queue_limit)
    except StoreError as exc:
        log.warning("%s. The store is OFF: the bot keeps answering, but feedback and unanswered questions "
                    "are not recorded.", exc)
        return NullStore(key, reason=str(exc))
