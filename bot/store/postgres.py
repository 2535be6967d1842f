"""The PostgreSQL store (psycopg 3): the same interface as SQLite, for several workers sharing one database.

The writer keeps its batch through an outage: a lost connection is retried with backoff and a
reconnect until the database answers again, so nothing acknowledged by ``flush()`` is ever lost and
answering goes on meanwhile. Each reply carries a unique ``rid``: a batch retried after a connection
died during its COMMIT (which may have landed) is not counted twice.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from bot.store.base import DayCount, EntryVotes, PickRecord, ReplyRecord, StoreError, Unanswered, Vote
from bot.store.key import KEY_ENV, MIN_KEY_CHARS
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
from bot.store.writer import QUEUE_LIMIT, QueuedStore, Write

__all__ = ["PostgresStore", "redacted"]

log = logging.getLogger("faqbot.store")

CONNECT_TIMEOUT = 5
STATEMENT_TIMEOUT_MS = 30_000
_LOCK_ID = 0x46415142  # pg_advisory_xact_lock: two workers starting at once do not both migrate

_INSERT_REPLY = ("INSERT INTO replies (rid, ts, platform, kind, entry_id, score, text, user_hash, chat_hash, tier) "
                 "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (rid) DO NOTHING")
_INSERT_PICK = ("INSERT INTO picks (rid, ts, platform, entry_id, text, user_hash) VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (rid) DO NOTHING")
_UPSERT_VOTE = ("INSERT INTO votes (entry_id, user_hash, helpful, ts, platform) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (entry_id, user_hash) DO UPDATE SET helpful = excluded.helpful, ts = excluded.ts")


def redacted(url: str) -> str:
    """``user@host:port/dbname`` of a PostgreSQL URL, never its password (safe to print and log)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "(an unreadable postgresql:// URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"{user}{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


def _reason(exc: BaseException, url: str = "") -> str:
    """The first line of a psycopg error, with the URL's password (should the error quote it) hidden."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    try:
        password = conninfo_to_dict(url).get("password") if url else None
    except psycopg.Error:
        password = None
    return text.replace(str(password), "***") if password else text


class PostgresStore(QueuedStore):
    """Replies and votes in a PostgreSQL database; several faqbot processes may share it."""

    def __init__(self, url: str, key: str | None, *, queue_limit: int = QUEUE_LIMIT,
                 retention_days: float = 0, need_key: bool = True) -> None:
        self.url = url
        self.where = redacted(url)
        if need_key and (not key or len(key) < MIN_KEY_CHARS):
            raise StoreError(f"FAQBOT_DATA is a PostgreSQL database, so {KEY_ENV} is required (a random secret "
                             f"of {MIN_KEY_CHARS}+ characters, the same on every worker, kept out of the database), "
                             "e.g. python3 -c 'import secrets; print(secrets.token_hex(32))'")
        try:
            conn = self._connect()
        except psycopg.Error as exc:
            raise self._error("cannot connect to PostgreSQL at", exc) from None
        try:
            self._migrate(conn)
        except StoreError:
            conn.close()
            raise
        except psycopg.Error as exc:
            conn.close()
            raise self._error("cannot prepare the database", exc) from None
        super().__init__(key, queue_limit=queue_limit, retention_days=retention_days)
        self._conn: psycopg.Connection[Any] | None = conn
        self.reconnects = 0
        try:
            if key:  # a reader without the key (faqbot report) hashes nothing and checks nothing
                self._check_key(conn)
            self._load_votes(conn)
        except psycopg.Error as exc:
            conn.close()
            raise self._error("cannot read the database", exc) from None
        self._start_writer()

    # --- opening -------------------------------------------------------------------------
    def _error(self, what: str, exc: BaseException) -> StoreError:
        return StoreError(f"FAQBOT_DATA: {what} {self.where}: {_reason(exc, self.url)}")

    def _connect(self) -> psycopg.Connection[Any]:
        # keepalives: a server that vanished without closing the socket is noticed in seconds, not hours;
        # statement_timeout: a table locked by someone else is retried with backoff, not waited on forever.
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="faqbot",
                               keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
                               options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
            conn.execute("CREATE TABLE IF NOT EXISTS faqbot_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = conn.execute("SELECT value FROM faqbot_meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(f"FAQBOT_DATA: the database {self.where} has schema version {version}, newer than "
                                 f"this faqbot knows ({SCHEMA_VERSION}); upgrade faqbot on every worker")
            for number in range(version, SCHEMA_VERSION):
                for statement in statements(MIGRATIONS[number].postgres):
                    conn.execute(statement)
                if version:
                    log.info("store schema migrated to version %d", number + 1)
            conn.execute("INSERT INTO faqbot_meta (key, value) VALUES ('schema_version', %s) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))

    def _check_key(self, conn: psycopg.Connection[Any]) -> None:
        """Warn when this worker's key differs from the one the database was first written with."""
        check = self.key_check()
        conn.execute("INSERT INTO faqbot_meta (key, value) VALUES ('key_check', %s) ON CONFLICT DO NOTHING",
                     (check,))
        row = conn.execute("SELECT value FROM faqbot_meta WHERE key = 'key_check'").fetchone()
        if row and row[0] != check:
            log.warning("%s differs from the key this database was written with: every worker must use the "
                        "same key, or repeated votes are counted again and users cannot be told apart", KEY_ENV)

    def _load_votes(self, conn: psycopg.Connection[Any]) -> None:
        rows = conn.execute("SELECT entry_id, user_hash, helpful FROM votes ORDER BY ts DESC LIMIT 100000").fetchall()
        for entry_id, user_hash, helpful in reversed(rows):
            self.votes.remember(entry_id, user_hash, bool(helpful))

    # --- the writer's hooks ---------------------------------------------------------------
    def _write_batch(self, writes: list[Write]) -> None:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
            self.reconnects += 1
            log.warning("store: connected again to PostgreSQL at %s", self.where)
        conn = self._conn
        replies = [(w.rid, r.ts, r.platform, r.kind, r.entry_id, r.score, r.text, r.user_hash, r.chat_hash, r.tier)
                   for w in writes if isinstance(r := w.record, ReplyRecord)]
        picks = [(w.rid, p.ts, p.platform, p.entry_id, p.text, p.user_hash)
                 for w in writes if isinstance(p := w.record, PickRecord)]
        votes = [(v.entry_id, v.user_hash, v.helpful, v.ts, v.platform)
                 for w in writes if isinstance(v := w.record, Vote)]
        with conn.transaction(), conn.cursor() as cur:
            if replies:
                cur.executemany(_INSERT_REPLY, replies)
            if picks:
                cur.executemany(_INSERT_PICK, picks)
            if votes:
                cur.executemany(_UPSERT_VOTE, votes)

    def _is_record_error(self, exc: Exception) -> bool:
        if isinstance(exc, psycopg.DataError | psycopg.IntegrityError):
            return True
        return not isinstance(exc, psycopg.Error)  # encoding, overflow, type errors come from the values

    def _is_transient(self, exc: Exception) -> bool:
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) or (
            self._conn is not None and self._conn.broken)

    def _recover(self, exc: Exception) -> None:
        """Drop a broken connection; the next attempt connects again."""
        if self._conn is not None and (self._conn.broken or self._conn.closed or
                                       isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)):
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _describe(self, exc: BaseException) -> str:
        if isinstance(exc, psycopg.Error):
            return f"PostgreSQL at {self.where}: {_reason(exc, self.url)}"
        return super()._describe(exc)

    def _delete_before(self, before: float) -> int:
        with self._reading() as conn, conn.transaction():
            count = conn.execute("DELETE FROM replies WHERE ts < %s", (before,)).rowcount
            count += conn.execute("DELETE FROM votes WHERE ts < %s", (before,)).rowcount
            count += conn.execute("DELETE FROM picks WHERE ts < %s", (before,)).rowcount
        return count

    def _interrupt(self) -> None:
        conn = self._conn
        if conn is not None and not conn.closed:
            conn.cancel_safe(timeout=1.0)

    def _release(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- queries (a short-lived connection each: reports are rare, and an outage ends with the call) --
    def _reading(self) -> psycopg.Connection[Any]:
        try:
            return self._connect()
        except psycopg.Error as exc:
            raise self._error("cannot connect to PostgreSQL at", exc) from None

    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._reading() as conn:
                return conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            raise self._error("cannot read PostgreSQL at", exc) from None

    def days(self, since: float) -> list[DayCount]:
        """Replies per UTC day since ``since``."""
        rows = self._read(
            "SELECT to_char(to_timestamp(ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*), "
            "count(*) FILTER (WHERE kind IN ('answer', 'summary')), count(*) FILTER (WHERE kind = 'suggest'), "
            "count(*) FILTER (WHERE kind = 'none') FROM replies WHERE ts >= %s GROUP BY day ORDER BY day", (since,))
        return [DayCount(str(d), int(a), int(b), int(c), int(n)) for d, a, b, c, n in rows]

    def unanswered(self, since: float, limit: int = 50_000) -> list[Unanswered]:
        """Unanswered and "did you mean" replies, newest first."""
        rows = self._read(
            "SELECT ts, platform, kind, text, entry_id, score FROM replies "
            "WHERE ts >= %s AND kind IN ('none', 'suggest') ORDER BY ts DESC, id DESC LIMIT %s", (since, limit))
        return [Unanswered(float(t), str(p), str(k), x, e, float(s)) for t, p, k, x, e, s in rows]

    def picks(self, since: float) -> list[tuple[str, str, str]]:
        """Picks with text since ``since``, oldest first."""
        rows = self._read("SELECT text, entry_id, user_hash FROM picks WHERE ts >= %s AND text IS NOT NULL "
                          "ORDER BY ts LIMIT 100000", (since,))
        return [(str(t), str(e), str(u)) for t, e, u in rows]

    def tiers(self, since: float) -> list[tuple[str, int]]:
        """Replies per engine tier since ``since``, most first."""
        rows = self._read("SELECT tier, count(*) FROM replies WHERE ts >= %s AND tier IS NOT NULL "
                          "GROUP BY tier ORDER BY count(*) DESC, tier", (since,))
        return [(str(t), int(n)) for t, n in rows]

    def entry_votes(self, since: float) -> list[EntryVotes]:
        """Votes per entry, most 👎 first."""
        rows = self._read(
            "SELECT entry_id, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful) FROM votes "
            "WHERE ts >= %s GROUP BY entry_id ORDER BY 3 DESC, entry_id", (since,))
        return [EntryVotes(str(e), int(u), int(d)) for e, u, d in rows]
