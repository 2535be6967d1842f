"""The SQLite store: WAL, a versioned schema, and one background writer so chat handling never waits on disk."""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from pathlib import Path

from bot.store.base import DayCount, EntryVotes, PickRecord, ReplyRecord, StoreError, Unanswered
from bot.store.key import KEY_ENV, key_file_for, load_or_create_key
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
from bot.store.writer import QUEUE_LIMIT, QueuedStore, Write

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SqliteStore", "backup"]

log = logging.getLogger("faqbot.store")

BUSY_TIMEOUT_MS = 5000
# The writer waits less on a lock: it retries with backoff itself, and close() must stay within its deadline.
WRITER_BUSY_MS = 1000

_INSERT_REPLY = ("INSERT INTO replies (ts, platform, kind, entry_id, score, text, user_hash, chat_hash, tier) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_PICK = "INSERT INTO picks (ts, platform, entry_id, text, user_hash) VALUES (?, ?, ?, ?, ?)"
_UPSERT_VOTE = ("INSERT INTO votes (entry_id, user_hash, helpful, ts, platform) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (entry_id, user_hash) DO UPDATE SET helpful = excluded.helpful, ts = excluded.ts")


def _connect(path: Path, busy_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
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


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class SqliteStore(QueuedStore):
    """Replies and votes in one SQLite file; safe for several threads and several processes.

    The hash key comes from ``key`` (``FAQBOT_HASH_KEY``) or the key file (default: beside the file,
    ``faqbot.key``, created 0600). A store from before the key moved out holds its salt in ``meta``:
    without a configured key the salt becomes the key file (old hashes stay comparable) and is erased
    from the database either way.
    """

    quiet_retries = 4  # each waits WRITER_BUSY_MS first: warn only after about 5 s of lock contention

    def __init__(self, path: str | Path, key: str | None = None, *, key_file: str | Path | None = None,
                 queue_limit: int = QUEUE_LIMIT, retention_days: float = 0) -> None:
        self.path = Path(path).expanduser()
        self.key_file = Path(key_file).expanduser() if key_file else key_file_for(self.path)
        self._explicit_key = key is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {self.path}: {exc.strerror or exc}") from None
        try:
            self._conn = _connect(self.path, WRITER_BUSY_MS)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {_reason(exc)}") from None
        try:
            key = self._prepare_retrying(key)
        except StoreError as exc:
            self._conn.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot open the store {self.path}: {_reason(exc)}") from None
        super().__init__(key, queue_limit=queue_limit, retention_days=retention_days)
        self._check_key()
        self._load_votes()
        self._start_writer()

    # --- opening -------------------------------------------------------------------------
    def _prepare_retrying(self, key: str | None, attempts: int = 50) -> str:
        """``_prepare``, retried while another process holds the lock.

        Two processes creating the same new file both switch it to WAL; SQLite answers one of them
        "database is locked" at once, without waiting for the busy timeout, so wait and try again.
        """
        for attempt in range(attempts):
            try:
                return self._prepare(key)
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.02 + random.random() * 0.08)
        raise AssertionError("unreachable")

    def _prepare(self, key: str | None) -> str:
        """WAL, durable commits, migrations, the key moved out of the file; returns the hash key."""
        conn = self._conn
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("the store could not switch to WAL (journal mode %s); writes may wait on readers", mode)
        # FULL: a reply acknowledged as committed survives a crash of the process and of the machine.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")  # an erased old salt is overwritten, not left in a free page
        conn.execute("BEGIN IMMEDIATE")  # two processes opening a new file must not both migrate it
        moved = False
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"schema version {version} is newer than this faqbot knows ({SCHEMA_VERSION}); "
                                 "upgrade faqbot or point FAQBOT_DATA at another file")
            for number in range(version, SCHEMA_VERSION):
                for statement in statements(MIGRATIONS[number].sqlite):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
                if version:
                    log.info("store schema migrated to version %d", number + 1)
            row = conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
            legacy = str(row[0]) if row else None
            if key is None:
                key, created = load_or_create_key(self.key_file, adopt=legacy)
                moved = created and legacy is not None and key == legacy
            if legacy is not None:
                conn.execute("DELETE FROM meta WHERE key = 'salt'")
                if self._explicit_key:
                    log.warning("the store's own hash salt is erased; ids are hashed with %s (earlier hashes "
                                "still match only if that is the FAQBOT_HASH_SALT used before)", KEY_ENV)
                elif not moved:
                    log.warning("the store's own hash salt is erased; ids are hashed with the key in %s "
                                "(earlier hashes still match only if it holds the same value)", self.key_file)
            # SQLite silently opens a write-protected file read-only; a real write finds out now, not later.
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened', ?)", (str(time.time()),))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if legacy is not None:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy of the erased salt left in the WAL
        if moved:
            log.warning("the hash salt moved out of the store into %s (mode 0600): keep that file, but not "
                        "beside copies of the database; or set %s", self.key_file, KEY_ENV)
        return key

    def _check_key(self) -> None:
        """Warn once when the key differs from the one the file was written with (hashes would not match)."""
        check = self.key_check()
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        if row is None:
            self._conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('key_check', ?)", (check,))
        elif row[0] != check:
            log.warning("this store was written with another hash key than %s: repeated votes by the same "
                        "user are no longer recognised; restore the old key if it was lost by mistake",
                        KEY_ENV if self._explicit_key else self.key_file)
            self._conn.execute("UPDATE meta SET value = ? WHERE key = 'key_check'", (check,))

    def _load_votes(self) -> None:
        """Recent votes into memory, so a repeated press after a restart is still recognised."""
        rows = self._conn.execute(
            "SELECT entry_id, user_hash, helpful FROM votes ORDER BY ts DESC LIMIT 100000").fetchall()
        for entry_id, user_hash, helpful in reversed(rows):
            self.votes.remember(entry_id, user_hash, bool(helpful))

    # --- the writer's hooks ---------------------------------------------------------------
    def _write_batch(self, writes: list[Write]) -> None:
        conn = self._conn
        if self._stop.is_set():  # closing: wait on a lock no longer than close() allows
            left = int((self._deadline - time.monotonic()) * 1000)
            conn.execute(f"PRAGMA busy_timeout = {max(10, min(WRITER_BUSY_MS, left))}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for write in writes:
                r = write.record
                if isinstance(r, ReplyRecord):
                    conn.execute(_INSERT_REPLY, (r.ts, r.platform, r.kind, r.entry_id, r.score, r.text,
                                                 r.user_hash, r.chat_hash, r.tier))
                elif isinstance(r, PickRecord):
                    conn.execute(_INSERT_PICK, (r.ts, r.platform, r.entry_id, r.text, r.user_hash))
                else:
                    conn.execute(_UPSERT_VOTE, (r.entry_id, r.user_hash, int(r.helpful), r.ts, r.platform))
            conn.execute("COMMIT")
        except BaseException:
            try:  # never leave BEGIN IMMEDIATE open: other processes would wait on the lock
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the connection is unusable; the next BEGIN reports why
            raise

    def _is_record_error(self, exc: Exception) -> bool:
        if isinstance(exc, sqlite3.OperationalError | sqlite3.NotSupportedError):
            return False
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.InterfaceError | sqlite3.ProgrammingError
                      | sqlite3.DataError):
            return True
        return not isinstance(exc, sqlite3.Error)  # encoding, overflow, type errors come from the values

    def _is_transient(self, exc: Exception) -> bool:
        return _busy(exc)

    def _describe(self, exc: BaseException) -> str:
        return f"{self.path}: {_reason(exc)}" if isinstance(exc, sqlite3.Error) else super()._describe(exc)

    def _delete_before(self, before: float) -> int:
        conn = _connect(self.path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            count = conn.execute("DELETE FROM replies WHERE ts < ?", (before,)).rowcount
            count += conn.execute("DELETE FROM votes WHERE ts < ?", (before,)).rowcount
            count += conn.execute("DELETE FROM picks WHERE ts < ?", (before,)).rowcount
            conn.execute("COMMIT")
            return count
        except sqlite3.Error as exc:
            raise StoreError(f"cannot prune the store {self.path}: {_reason(exc)}") from None
        finally:
            conn.close()

    def _release(self) -> None:
        self._conn.close()

    def _interrupt(self) -> None:
        self._conn.interrupt()

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
            "WHERE ts >= ? AND kind IN ('none', 'suggest') ORDER BY ts DESC, id DESC LIMIT ?", (since, limit))
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


def backup(source: Path, target: Path) -> tuple[int, int]:
    """Copy a live store with SQLite's online backup API (consistent while the bot writes); its row counts."""
    if not source.is_file():
        raise StoreError(f"no store at {source} (FAQBOT_DATA sets the path)")
    if target.exists():
        raise StoreError(f"{target} exists already; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _connect(source)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            replies = dst.execute("SELECT count(*) FROM replies").fetchone()[0]
            votes = dst.execute("SELECT count(*) FROM votes").fetchone()[0]
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up {source} to {target}: {_reason(exc)}") from None
    finally:
        src.close()
    return int(replies), int(votes)
