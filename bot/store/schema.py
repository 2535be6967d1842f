"""The store's schema, versioned: one list of migrations, each written for SQLite and for PostgreSQL.

Version N is reached by running ``MIGRATIONS[N - 1]`` on version N - 1, inside one transaction, on
start (SQLite keeps the version in ``PRAGMA user_version``, PostgreSQL in ``faqbot_meta``). To add a
column, append a migration with both dialects, e.g. ``Migration("ALTER TABLE replies ADD COLUMN tier
TEXT", "ALTER TABLE replies ADD COLUMN tier TEXT")``: a nullable column, so older rows stay valid and
an older faqbot refuses the newer file instead of misreading it. Never edit a released migration.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "statements"]


@dataclass(frozen=True)
class Migration:
    """One schema step: the same change in SQLite's and PostgreSQL's SQL (statements separated by ``;``)."""

    sqlite: str
    postgres: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        sqlite="""
        CREATE TABLE replies (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            platform TEXT NOT NULL,
            kind TEXT NOT NULL,
            entry_id TEXT,
            score REAL NOT NULL DEFAULT 0,
            text TEXT,
            user_hash TEXT NOT NULL DEFAULT '',
            chat_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE votes (
            entry_id TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            ts REAL NOT NULL,
            platform TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (entry_id, user_hash)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        # rid: a write retried after a lost connection (its COMMIT may have landed) is not counted twice.
        postgres="""
        CREATE TABLE replies (
            id BIGSERIAL PRIMARY KEY,
            rid TEXT UNIQUE,
            ts DOUBLE PRECISION NOT NULL,
            platform TEXT NOT NULL,
            kind TEXT NOT NULL,
            entry_id TEXT,
            score DOUBLE PRECISION NOT NULL DEFAULT 0,
            text TEXT,
            user_hash TEXT NOT NULL DEFAULT '',
            chat_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE votes (
            entry_id TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            helpful BOOLEAN NOT NULL,
            ts DOUBLE PRECISION NOT NULL,
            platform TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (entry_id, user_hash)
        )
        """,
    ),
    # v2: reports read by time range; without these every report scans the whole table.
    Migration(
        sqlite="CREATE INDEX replies_ts ON replies (ts); CREATE INDEX votes_ts ON votes (ts)",
        postgres="CREATE INDEX replies_ts ON replies (ts); CREATE INDEX votes_ts ON votes (ts)",
    ),
    # v3: the engine tier that decided a reply (nullable: older rows have none), and confirmed
    # "did you mean" picks, which `faqbot report --draft` turns into proposed alternates.
    Migration(
        sqlite="""
        ALTER TABLE replies ADD COLUMN tier TEXT;
        CREATE TABLE picks (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            platform TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            text TEXT,
            user_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX picks_ts ON picks (ts)
        """,
        postgres="""
        ALTER TABLE replies ADD COLUMN tier TEXT;
        CREATE TABLE picks (
            id BIGSERIAL PRIMARY KEY,
            rid TEXT UNIQUE,
            ts DOUBLE PRECISION NOT NULL,
            platform TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            text TEXT,
            user_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX picks_ts ON picks (ts)
        """,
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """The statements of a migration script, one by one (run inside the caller's transaction)."""
    return [s.strip() for s in script.split(";") if s.strip()]
