"""The writer thread survives anything one record or one bug does (issue 13, item 1), through the real service."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.engine.answerer import Answerer
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered
from bot.store import ReplyRecord
from bot.store.sqlite import SqliteStore
from tests.bot.store.sqlfile import rows

ODD = "what is \udcff the \ud800 zorblax"  # lone surrogates: invalid UTF-8 read with surrogateescape, a broken pair


def can_write_at_once(path: Path) -> bool:
    """True when another connection gets the write lock within 0.2 s (no transaction left open)."""
    conn = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def test_a_lone_surrogate_in_a_question_does_not_kill_the_writer(tmp_path: Path, answerer: Answerer) -> None:
    path = tmp_path / "faqbot.sqlite3"
    store = SqliteStore(path)
    service = FaqService(answerer, store=store)
    try:
        user = User("console", "local", "local")
        first = service.ask(ODD, user)
        assert isinstance(first, Answered) and first.reply.kind in ("none", "suggest")
        assert isinstance(service.ask("what is the zorblax after that", user), Answered)
        assert store.flush(5), "the store did not commit"
        assert store._writer.is_alive()
        texts = [t for (t,) in rows(path, "SELECT text FROM replies ORDER BY id")]
        assert len(texts) == 2 and "\ufffd" in texts[0] and texts[1] == "what is the zorblax after that"
        assert can_write_at_once(path), "the writer left its transaction open"
    finally:
        started = time.monotonic()
        service.close()
        assert time.monotonic() - started < 15


def test_a_bug_in_a_batch_loses_that_batch_only_and_the_writer_goes_on(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteStore(tmp_path / "faqbot.sqlite3")
    real = store._write_batch
    calls = {"n": 0}

    def flaky(writes: list[object]) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("a bug, not a database error")
        real(writes)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_write_batch", flaky)
    monkeypatch.setattr(store, "_is_record_error", lambda exc: False)  # treat it as a whole-batch failure
    try:
        store.record_reply(ReplyRecord(time.time(), "t", "none", None, 1.0, "lost", "", ""))
        assert store.flush(5) is False
        store.record_reply(ReplyRecord(time.time(), "t", "none", None, 1.0, "kept", "", ""))
        assert store.flush(5) is True
        assert [u.text for u in store.unanswered(0)] == ["kept"] and store.writer_alive
        assert store.failed_writes == 1
        assert can_write_at_once(store.path)
    finally:
        store.close()


def test_close_with_50000_queued_behind_a_lock_returns_within_its_deadline(tmp_path: Path) -> None:
    path = tmp_path / "faqbot.sqlite3"
    store = SqliteStore(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process keeps the file locked
    try:
        for n in range(50_000):
            store.record_reply(ReplyRecord(time.time(), "t", "none", None, 1.0, f"q{n}", "", ""))
        started = time.monotonic()
        store.close(timeout=1.0)
        elapsed = time.monotonic() - started
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert elapsed < 4.0, f"close() took {elapsed:.1f} s"  # by design at most timeout + 1.2 s
    assert not store.writer_alive, "the writer still runs"
    # counted (and logged), not silently gone
    assert store.failed_writes + store.lost_on_close == 50_000, (store.failed_writes, store.lost_on_close)
    assert rows(path, "SELECT count(*) FROM replies") == [(0,)]
