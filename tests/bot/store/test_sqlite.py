"""The SQLite store: WAL, locks, migrations, the key file beside it, backup, and what happens when it cannot open."""

from __future__ import annotations

import logging
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import NullStore, ReplyRecord, Vote, open_store
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION
from bot.store.sqlite import SqliteStore, backup
from tests.bot.store.sqlfile import rows


def reply(text: str | None = "q", kind: str = "none") -> ReplyRecord:
    """A reply record with sensible defaults."""
    return ReplyRecord(time.time(), "test", kind, None, 10.0, text, "uh", "ch")


def vote(entry_id: str = "e1", user: str = "u1", helpful: bool = True) -> Vote:
    """A vote by a (hashed) user."""
    return Vote(time.time(), "test", entry_id, user, helpful)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    """A fresh SQLite store in a folder that does not exist yet."""
    s = SqliteStore(tmp_path / "nested" / "data" / "faqbot.sqlite3")
    yield s
    s.close()


def old_store(path: Path, salt: str = "s" * 32) -> None:
    """A store as faqbot wrote it before the key moved out: version 2, its salt in ``meta``, a vote."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration.sqlite)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO meta (key, value) VALUES ('salt', ?)", (salt,))
    user_hash = NullStore(salt).hash("telegram:1")  # the same HMAC, keyed with the old salt
    conn.execute("INSERT INTO votes (entry_id, user_hash, helpful, ts) VALUES ('e1', ?, 1, ?)",
                 (user_hash, time.time()))
    conn.close()


def test_creates_the_folder_and_file_with_wal_and_current_schema(store: SqliteStore) -> None:
    assert store.path.is_file()
    assert rows(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_the_key_file_is_created_beside_the_store_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "faqbot.sqlite3"
    first = SqliteStore(path)
    digest = first.hash("discord:7")
    first.close()
    key_file = tmp_path / "faqbot.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) == 64 and key not in repr(rows(path, "SELECT * FROM meta"))
    second = SqliteStore(path)
    try:
        assert second.hash("discord:7") == digest
    finally:
        second.close()


def test_a_loose_key_file_is_made_0600_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "faqbot.key").write_text("x" * 40)
    (tmp_path / "faqbot.key").chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        SqliteStore(tmp_path / "faqbot.sqlite3").close()
    assert stat.S_IMODE((tmp_path / "faqbot.key").stat().st_mode) == 0o600
    assert "0600" in caplog.text and "x" * 40 not in caplog.text


def test_an_old_store_hands_its_salt_to_the_key_file_and_erases_it(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "faqbot.sqlite3"
    old_store(path, salt="s" * 32)
    with caplog.at_level(logging.INFO, logger="faqbot.store"):
        s = SqliteStore(path)
    try:
        assert (tmp_path / "faqbot.key").read_text().strip() == "s" * 32
        assert rows(path, "SELECT value FROM meta WHERE key = 'salt'") == []
        assert b"s" * 32 not in path.read_bytes()  # secure_delete: not left in a free page either
        assert s.record_feedback(Vote(time.time(), "t", "e1", s.hash("telegram:1"), True)) is False  # still matches
        assert "moved out of the store" in caplog.text and "s" * 32 not in caplog.text
    finally:
        s.close()


def test_an_old_store_opened_with_a_configured_key_erases_its_salt_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "faqbot.sqlite3"
    old_store(path)
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        s = SqliteStore(path, key="c" * 32)
    s.close()
    assert rows(path, "SELECT value FROM meta WHERE key = 'salt'") == []
    assert not (tmp_path / "faqbot.key").exists()
    assert "FAQBOT_HASH_KEY" in caplog.text and "c" * 32 not in caplog.text


def test_a_changed_key_is_noticed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "faqbot.sqlite3"
    SqliteStore(path, key="a" * 32).close()
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        SqliteStore(path, key="b" * 32).close()
    assert "another hash key" in caplog.text and "b" * 32 not in caplog.text


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


def test_a_version_1_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0].sqlite)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO replies (ts, platform, kind, text) VALUES (?, 'telegram', 'none', 'kept')",
                 (time.time(),))
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


@pytest.mark.parametrize("case", ["corrupt", "parent-is-a-file"])
def test_unusable_location_gives_a_null_store_and_one_clear_warning(tmp_path: Path, case: str,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    if case == "corrupt":
        location = str(tmp_path / "corrupt.sqlite3")
        Path(location).write_bytes(b"this is not a database " * 400)
    else:
        (tmp_path / "file").write_text("x")
        location = str(tmp_path / "file" / "data" / "faqbot.sqlite3")
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
    if case == "corrupt":
        assert "not a valid SQLite database" in caplog.text
        assert Path(location).read_bytes().startswith(b"this is not a database")  # never overwritten


def test_backup_copies_a_live_store(store: SqliteStore, tmp_path: Path) -> None:
    for n in range(120):
        store.record_reply(reply(f"q{n}"))
    store.record_feedback(vote())
    assert store.flush()
    target = tmp_path / "backups" / "copy.sqlite3"
    assert backup(store.path, target) == (120, 1)
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, "SELECT count(*) FROM replies") == [(120,)]
    with pytest.raises(Exception, match="exists already"):
        backup(store.path, target)
