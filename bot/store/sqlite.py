"""The SQLite store: WAL, a versioned schema, and one background writer so chat handling never waits on disk."""

from __future__ import annotations

import itertools
import logging
import queue
import random
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.store.base import DayCount, EntryVotes, PickRecord, ReplyRecord, Store, StoreError, Unanswered, Vote

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SqliteStore"]

log = logging.getLogger("faqbot.store")

BUSY_TIMEOUT_MS = 5000
QUEUE_LIMIT = 50_000  # records waiting for the writer; beyond this they are dropped (with one warning)
BATCH_LIMIT = 500

# One entry per schema version; version N is reached by running MIGRATIONS[N - 1] on version N - 1.
MIGRATIONS: tuple[str, ...] = (
    """
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
    # v2: reports read by time range; without these every report scans the whole table.
    """
    CREATE INDEX replies_ts ON replies (ts);
    CREATE INDEX votes_ts ON votes (ts);
    """,
    # v3: the engine tier that decided a reply (nullable: older rows have none), and confirmed
    # "did you mean" picks, which the report turns into proposed alternates.
    """
    ALTER TABLE replies ADD COLUMN tier TEXT;
    CREATE TABLE picks (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        platform TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        text TEXT,
        user_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX picks_ts ON picks (ts);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class _Op:
    seq: int
    sql: str
    params: tuple[object, ...]


class _Flush:
    """A marker the writer sets once everything queued before it is committed."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = True


_STOP = object()  # close(): commit what is queued, then end the writer


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the file is not a valid SQLite database (corrupt?); move it away and a new one is created"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only; make it writable or point FAQBOT_DATA elsewhere"
    if "unable to open" in text:
        return "the file cannot be opened (missing folder or no permission); point FAQBOT_DATA elsewhere"
    return text or type(exc).__name__


class SqliteStore(Store):
    """Replies and votes in one SQLite file; safe for several threads and several processes."""

    def __init__(self, path: str | Path, salt: str | None = None) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {self.path}: {exc.strerror or exc}") from None
        try:
            self._conn = _connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {_reason(exc)}") from None
        try:
            stored_salt = self._prepare_retrying(self._conn)
            super().__init__(salt or stored_salt)
            self._load_votes()
        except StoreError as exc:
            self._conn.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot open the store {self.path}: {_reason(exc)}") from None
        self._queue: queue.Queue[object] = queue.Queue(maxsize=QUEUE_LIMIT)  # _Op, _Flush or _STOP
        self._seq = itertools.count(1)
        self._seq_lock = threading.Lock()
        self.committed = 0  # highest sequence number committed to disk
        self.failed_writes = 0
        self._dropped = 0
        self._closed = False
        self._last_error_log = 0.0
        self._writer = threading.Thread(target=self._run, name="faqbot-store-writer", daemon=True)
        self._writer.start()

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def _prepare_retrying(cls, conn: sqlite3.Connection, attempts: int = 50) -> str:
        """``_prepare``, retried while another process holds the lock.

        Two processes creating the same new file both switch it to WAL; SQLite answers one of them
        "database is locked" at once, without waiting for the busy timeout, so wait and try again.
        """
        for attempt in range(attempts):
            try:
                return cls._prepare(conn)
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == attempts - 1:
                    raise
                time.sleep(0.02 + random.random() * 0.08)
        raise AssertionError("unreachable")

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> str:
        """WAL, durable commits, migrations; returns the stored salt (created on first use)."""
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("the store could not switch to WAL (journal mode %s); writes may wait on readers", mode)
        # FULL: a reply acknowledged as committed survives a crash of the process and of the machine.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")  # two processes opening a new file must not both migrate it
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"schema version {version} is newer than this faqbot knows ({SCHEMA_VERSION}); "
                                 "upgrade faqbot or point FAQBOT_DATA at another file")
            for number in range(version, SCHEMA_VERSION):
                _run_script(conn, MIGRATIONS[number])
                conn.execute(f"PRAGMA user_version = {number + 1}")
                if version:
                    log.info("store schema migrated to version %d", number + 1)
            row = conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
            salt = row[0] if row else secrets.token_hex(16)
            if not row:
                conn.execute("INSERT INTO meta (key, value) VALUES ('salt', ?)", (salt,))
            # SQLite silently opens a write-protected file read-only; a real write finds out now, not later.
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened', ?)", (str(time.time()),))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return str(salt)

    def _load_votes(self) -> None:
        """Recent votes into memory, so a repeated press after a restart is still recognised."""
        rows = self._conn.execute(
            "SELECT entry_id, user_hash, helpful FROM votes ORDER BY ts DESC LIMIT 100000").fetchall()
        for entry_id, user_hash, helpful in reversed(rows):
            self.votes.remember(entry_id, user_hash, bool(helpful))

    # --- recording (any thread, never blocks) -----------------------------------------
    def record_reply(self, record: ReplyRecord) -> None:
        """Queue a reply record for the writer."""
        self._put("INSERT INTO replies (ts, platform, kind, entry_id, score, text, user_hash, chat_hash, tier) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (record.ts, record.platform, record.kind, record.entry_id, record.score, record.text,
                   record.user_hash, record.chat_hash, record.tier))

    def record_pick(self, pick: PickRecord) -> None:
        """Queue a confirmed "did you mean" pick for the writer."""
        self._put("INSERT INTO picks (ts, platform, entry_id, text, user_hash) VALUES (?, ?, ?, ?, ?)",
                  (pick.ts, pick.platform, pick.entry_id, pick.text, pick.user_hash))

    def _write_vote(self, vote: Vote) -> None:
        self._put("INSERT INTO votes (entry_id, user_hash, helpful, ts, platform) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (entry_id, user_hash) DO UPDATE SET helpful = excluded.helpful, ts = excluded.ts",
                  (vote.entry_id, vote.user_hash, int(vote.helpful), vote.ts, vote.platform))

    def _put(self, sql: str, params: tuple[object, ...]) -> int:
        """Queue one write; returns its sequence number (0 when dropped)."""
        if self._closed:
            return 0
        with self._seq_lock:
            seq = next(self._seq)
        try:
            self._queue.put_nowait(_Op(seq, sql, params))
        except queue.Full:
            self._dropped += 1
            if self._dropped == 1:
                log.warning("the store cannot keep up (%d writes queued); dropping records", QUEUE_LIMIT)
            return 0
        return seq

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is committed."""
        if self._closed or not self._writer.is_alive():
            return False
        marker = _Flush()
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout) and marker.ok

    def close(self) -> None:
        """Commit what is queued, stop the writer and close the file."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._writer.join(timeout=30)
        if self._writer.is_alive():
            log.error("the store writer did not finish within 30 s; some records may be lost")
            return
        self._conn.close()

    # --- the writer thread ------------------------------------------------------------
    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH_LIMIT:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            ops = [item for item in batch if isinstance(item, _Op)]
            ok = self._commit(ops) if ops else True
            for item in batch:
                if isinstance(item, _Flush):
                    item.ok = ok
                    item.done.set()
            if any(item is _STOP for item in batch):
                return

    def _commit(self, ops: list[_Op]) -> bool:
        """Write a batch in one transaction; retry while another process holds the lock."""
        for attempt in range(4):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                for op in ops:
                    self._conn.execute(op.sql, op.params)
                self._conn.execute("COMMIT")
                self.committed = ops[-1].seq
                return True
            except sqlite3.Error as exc:
                self._rollback()
                busy = isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))
                if busy and attempt < 3:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                self.failed_writes += len(ops)
                self._log_error(exc, len(ops))
                return False
        return False  # pragma: no cover - the loop always returns

    def _rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the connection is unusable; the next BEGIN reports why

    def _log_error(self, exc: sqlite3.Error, count: int) -> None:
        """One line per minute at most, never a traceback: a broken disk must not flood the log."""
        now = time.monotonic()
        if now - self._last_error_log >= 60 or not self._last_error_log:
            self._last_error_log = now
            log.error("store %s: %d record(s) not written: %s", self.path, count, _reason(exc))

    # --- queries (any thread; a fresh read connection each, WAL lets them run beside the writer) --
    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        try:
            conn = _connect(self.path)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store {self.path}: {_reason(exc)}") from None

    def days(self, since: float) -> list[DayCount]:
        """Replies per UTC day since ``since``."""
        rows = self._read(
            "SELECT date(ts, 'unixepoch') AS day, count(*), "
            "sum(kind IN ('answer', 'summary')), sum(kind = 'suggest'), sum(kind = 'none') "
            "FROM replies WHERE ts >= ? GROUP BY day ORDER BY day", (since,))
        return [DayCount(str(d), int(a), int(b or 0), int(c or 0), int(n or 0)) for d, a, b, c, n in rows]  # type: ignore[call-overload]

    def unanswered(self, since: float, limit: int = 50_000) -> list[Unanswered]:
        """Unanswered and "did you mean" replies, newest first."""
        rows = self._read(
            "SELECT ts, platform, kind, text, entry_id, score FROM replies "
            "WHERE ts >= ? AND kind IN ('none', 'suggest') ORDER BY ts DESC LIMIT ?", (since, limit))
        return [Unanswered(float(t), str(p), str(k), x, e, float(s)) for t, p, k, x, e, s in rows]  # type: ignore[arg-type]

    def picks(self, since: float) -> list[tuple[str, str, str]]:
        """Picks with text since ``since``, oldest first."""
        rows = self._read("SELECT text, entry_id, user_hash FROM picks WHERE ts >= ? AND text IS NOT NULL "
                          "ORDER BY ts LIMIT 100000", (since,))
        return [(str(t), str(e), str(u)) for t, e, u in rows]

    def tiers(self, since: float) -> list[tuple[str, int]]:
        """Replies per engine tier since ``since``, most first."""
        rows = self._read("SELECT tier, count(*) FROM replies WHERE ts >= ? AND tier IS NOT NULL "
                          "GROUP BY tier ORDER BY count(*) DESC, tier", (since,))
        return [(str(t), int(n)) for t, n in rows]  # type: ignore[call-overload]

    def entry_votes(self, since: float) -> list[EntryVotes]:
        """Votes per entry, most 👎 first."""
        rows = self._read(
            "SELECT entry_id, sum(helpful = 1), sum(helpful = 0) FROM votes WHERE ts >= ? "
            "GROUP BY entry_id ORDER BY sum(helpful = 0) DESC, entry_id", (since,))
        return [EntryVotes(str(e), int(u or 0), int(d or 0)) for e, u, d in rows]  # type: ignore[call-overload]


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a migration inside the open transaction (``executescript`` would commit it first)."""
    for statement in (s.strip() for s in script.split(";")):
        if statement:
            conn.execute(statement)

