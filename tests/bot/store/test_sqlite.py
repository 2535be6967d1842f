"""The store: recording, queries, vote de-duplication, schema migration, and what happens when it cannot open."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.store import NullStore, ReplyRecord, Store, Vote, open_store
from bot.store.sqlite import MIGRATIONS, SCHEMA_VERSION, SqliteStore
from tests.bot.store.sqlfile import rows

DAY = 86400.0


def reply(text: str | None = "q", kind: str = "none", ts: float | None = None, candidate: str | None = None,
          score: float = 10.0) -> ReplyRecord:
    """A reply record with sensible defaults."""
    return ReplyRecord(ts if ts is not None else time.time(), "test", kind, candidate, score, text, "uh", "ch")


def vote(entry_id: str = "e1", user: str = "u1", helpful: bool = True) -> Vote:
    """A vote by a (hashed) user."""
    return Vote(time.time(), "test", entry_id, user, helpful)


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    """A fresh SQLite store in a folder that does not exist yet."""
    s = SqliteStore(tmp_path / "nested" / "data" / "faqbot.sqlite3")
    yield s
    s.close()


def test_creates_the_folder_and_file_with_wal_and_current_schema(store: SqliteStore) -> None:
    assert store.path.is_file()
    assert rows(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_replies_are_counted_per_day_and_unanswered_listed_newest_first(store: SqliteStore) -> None:
    now = time.time()
    now -= now % DAY - DAY / 2  # midday UTC: the seconds below never cross midnight
    for kind, age in [("answer", 4), ("summary", 3), ("none", 2), ("suggest", 1), ("answer", 2 * DAY), ("none", 9 * DAY)]:
        store.record_reply(reply(f"{kind}-{age:.0f}", kind=kind, ts=now - age))
    assert store.flush()
    days = store.days(now - 7 * DAY)
    assert [(d.asked, d.answered, d.suggested, d.unanswered) for d in days] == [(1, 1, 0, 0), (4, 2, 1, 1)]
    assert days[-1].rate == pytest.approx(0.5)
    unanswered = store.unanswered(now - 7 * DAY)
    assert [(u.text, u.kind) for u in unanswered] == [("suggest-1", "suggest"), ("none-2", "none")]
    assert len(store.unanswered(now - 10 * DAY)) == 3


def test_repeat_vote_is_not_counted_and_a_changed_vote_replaces_the_old(store: SqliteStore) -> None:
    assert store.record_feedback(vote("e1", "u1", True)) is True
    assert store.record_feedback(vote("e1", "u1", True)) is False
    assert store.record_feedback(vote("e1", "u2", False)) is True
    assert store.record_feedback(vote("e2", "u1", False)) is True
    assert store.record_feedback(vote("e2", "u1", True)) is True  # changed their mind
    assert store.flush()
    counts = {v.entry_id: (v.up, v.down) for v in store.entry_votes(0)}
    assert counts == {"e1": (1, 1), "e2": (1, 0)}
    assert [v.entry_id for v in store.entry_votes(0)][0] == "e1"  # most 👎 first


def test_votes_are_remembered_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    first = SqliteStore(path)
    assert first.record_feedback(vote("e1", "u1", False))
    first.close()
    second = SqliteStore(path)
    try:
        assert second.record_feedback(vote("e1", "u1", False)) is False
        assert second.record_feedback(vote("e1", "u1", True)) is True
    finally:
        second.close()


def test_close_flushes_what_is_queued_and_later_records_are_dropped_quietly(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    s = SqliteStore(path)
    for n in range(300):
        s.record_reply(reply(f"q{n}"))
    s.close()
    s.record_reply(reply("after close"))  # must not raise
    s.close()  # idempotent
    assert rows(path, "SELECT count(*) FROM replies") == [(300,)]


def test_recording_does_not_wait_while_another_process_holds_the_lock(store: SqliteStore) -> None:
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        for n in range(200):
            store.record_reply(reply(f"q{n}"))
        assert store.record_feedback(vote()) is True
        assert time.perf_counter() - started < 0.5  # the writer waits on the lock, the chat path does not
        assert store.flush(timeout=0.2) is False  # nothing could be committed yet
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.flush()
    assert rows(store.path, "SELECT count(*) FROM replies") == [(200,)]


def test_records_from_many_threads_all_arrive(store: SqliteStore) -> None:
    def worker(tag: int) -> None:
        for n in range(100):
            store.record_reply(reply(f"{tag}-{n}"))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.flush()
    assert rows(store.path, "SELECT count(DISTINCT text) FROM replies") == [(800,)]
    assert store.committed >= 800


def test_hash_is_salted_stable_and_hides_the_id(tmp_path: Path) -> None:
    a = SqliteStore(tmp_path / "a.sqlite3")
    b = SqliteStore(tmp_path / "b.sqlite3")
    fixed = SqliteStore(tmp_path / "c.sqlite3", salt="x" * 16)
    same_salt = SqliteStore(tmp_path / "d.sqlite3", salt="x" * 16)
    try:
        assert a.hash("telegram:42") == a.hash("telegram:42")
        assert a.hash("telegram:42") != b.hash("telegram:42")  # each file gets its own random salt
        # A long id: a short one such as "42" turns up in a 20-digit hex hash by chance (7% of salts).
        assert "987654321987" not in a.hash("telegram:987654321987")
        assert a.hash("") == ""
        assert fixed.hash("telegram:42") == same_salt.hash("telegram:42")
    finally:
        for s in (a, b, fixed, same_salt):
            s.close()


def test_salt_persists_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    first = SqliteStore(path)
    digest = first.hash("discord:7")
    first.close()
    second = SqliteStore(path)
    try:
        assert second.hash("discord:7") == digest
    finally:
        second.close()


def test_a_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO replies (ts, platform, kind, text) VALUES (?, 'telegram', 'none', 'kept')", (time.time(),))
    conn.close()
    s = SqliteStore(path)
    try:
        assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        indexes = {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "replies_ts" in indexes
        assert [u.text for u in s.unanswered(0)] == ["kept"]
    finally:
        s.close()


def test_a_file_from_a_newer_version_is_refused_with_a_clear_message(tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        s = open_store(path)
    assert isinstance(s, NullStore)
    assert "newer" in caplog.text and str(path) in caplog.text
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION + 5,)]  # left alone


@pytest.mark.parametrize("case", ["corrupt", "parent-is-a-file", "postgres"])
def test_unusable_location_gives_a_null_store_and_one_clear_warning(tmp_path: Path, case: str,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    if case == "corrupt":
        location = str(tmp_path / "corrupt.sqlite3")
        Path(location).write_bytes(b"this is not a database " * 400)
    elif case == "parent-is-a-file":
        (tmp_path / "file").write_text("x")
        location = str(tmp_path / "file" / "data" / "faqbot.sqlite3")
    else:
        location = "postgresql://bot:pw-secret@db.invalid/faqbot"
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        s = open_store(location)
        s.record_reply(reply())
        assert s.record_feedback(vote()) is True
        assert s.record_feedback(vote()) is False  # repeats are still recognised in memory
        assert s.flush() and s.days(0) == [] and s.unanswered(0) == [] and s.entry_votes(0) == []
        s.close()
    assert isinstance(s, NullStore) and not s.enabled
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and warnings[0].exc_info is None
    assert "store is OFF" in warnings[0].getMessage()
    assert "pw-secret" not in caplog.text
    if case == "corrupt":
        assert "not a valid SQLite database" in caplog.text
        assert Path(location).read_bytes().startswith(b"this is not a database")  # never overwritten


def test_null_store_is_a_store() -> None:
    assert isinstance(NullStore(), Store)
    assert NullStore().hash("a:1") != NullStore().hash("a:1")  # a random salt per instance
