"""The store contract: every test here runs unchanged on SQLite and on a real PostgreSQL database."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

from bot.quality.report import build_report
from bot.store import PickRecord, ReplyRecord, Vote
from bot.store.schema import SCHEMA_VERSION
from bot.store.writer import BATCH_LIMIT
from tests.bot.store.conftest import KEY, Backend

DAY = 86400.0


def reply(text: str | None = "q", kind: str = "none", ts: float | None = None, candidate: str | None = None,
          score: float = 10.0) -> ReplyRecord:
    """A reply record with sensible defaults."""
    return ReplyRecord(ts if ts is not None else time.time(), "test", kind, candidate, score, text, "uh", "ch")


def vote(entry_id: str = "e1", user: str = "u1", helpful: bool = True, ts: float | None = None) -> Vote:
    """A vote by a (hashed) user."""
    return Vote(ts if ts is not None else time.time(), "test", entry_id, user, helpful)


@contextmanager
def locked(backend: Backend) -> Iterator[None]:
    """Another client holds the tables locked, so the store's writer cannot commit."""
    if backend.name == "sqlite":
        import sqlite3

        conn = sqlite3.connect(backend.location, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
    else:
        import psycopg

        with psycopg.connect(backend.location) as pg:
            pg.execute("LOCK TABLE replies, votes IN ACCESS EXCLUSIVE MODE")
            try:
                yield
            finally:
                pg.rollback()


def test_schema_is_current_after_opening(backend: Backend) -> None:
    store = backend.open()
    assert store.reachable() and store.healthy
    if backend.name == "sqlite":
        assert backend.rows("PRAGMA user_version") == [(SCHEMA_VERSION,)]
    else:
        assert backend.rows("SELECT value FROM faqbot_meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]


def test_replies_are_counted_per_day_and_unanswered_listed_newest_first(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    now -= now % DAY - DAY / 2  # midday UTC: the seconds below never cross midnight
    cases = [("answer", 4), ("summary", 3), ("none", 2), ("suggest", 1), ("answer", 2 * DAY), ("none", 9 * DAY)]
    for kind, age in cases:
        store.record_reply(reply(f"{kind}-{age:.0f}", kind=kind, ts=now - age))
    assert store.flush()
    days = store.days(now - 7 * DAY)
    assert [(d.asked, d.answered, d.suggested, d.unanswered) for d in days] == [(1, 1, 0, 0), (4, 2, 1, 1)]
    assert days[-1].rate == pytest.approx(0.5)
    unanswered = store.unanswered(now - 7 * DAY)
    assert [(u.text, u.kind) for u in unanswered] == [("suggest-1", "suggest"), ("none-2", "none")]
    assert len(store.unanswered(now - 10 * DAY)) == 3


def test_tiers_and_picks_are_kept_and_pruned_like_replies(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    store.record_reply(replace(reply("a", kind="answer"), tier="semantic"))
    store.record_reply(replace(reply("b", kind="answer"), tier="semantic"))
    store.record_reply(replace(reply("c"), tier="lexical"))
    store.record_reply(reply("older row without a tier"))
    store.record_pick(PickRecord(now, "test", "e1", "how much\x00 is it", "u1"))
    store.record_pick(PickRecord(now, "test", "e2", None, "u2"))  # FAQBOT_STORE_TEXT=0: not proposable
    store.record_pick(PickRecord(now - 40 * DAY, "test", "e1", "ancient", "u3"))
    assert store.flush()
    assert store.tiers(now - DAY) == [("semantic", 2), ("lexical", 1)]
    assert store.picks(now - DAY) == [("how much\ufffd is it", "e1", "u1")]
    assert store.prune(now - 30 * DAY) >= 1
    assert [p[0] for p in store.picks(0)] == ["how much\ufffd is it"]


def test_repeat_vote_is_not_counted_and_a_changed_vote_replaces_the_old(backend: Backend) -> None:
    store = backend.open()
    assert store.record_feedback(vote("e1", "u1", True)) is True
    assert store.record_feedback(vote("e1", "u1", True)) is False
    assert store.record_feedback(vote("e1", "u2", False)) is True
    assert store.record_feedback(vote("e2", "u1", False)) is True
    assert store.record_feedback(vote("e2", "u1", True)) is True  # changed their mind
    assert store.flush()
    votes = store.entry_votes(0)
    assert {v.entry_id: (v.up, v.down) for v in votes} == {"e1": (1, 1), "e2": (1, 0)}
    assert votes[0].entry_id == "e1"  # most 👎 first


def test_votes_are_remembered_after_reopening(backend: Backend) -> None:
    first = backend.open()
    assert first.record_feedback(vote("e1", "u1", False))
    first.close()
    second = backend.open()
    assert second.record_feedback(vote("e1", "u1", False)) is False
    assert second.record_feedback(vote("e1", "u1", True)) is True


def test_close_commits_what_is_queued_and_later_records_are_dropped_quietly(backend: Backend) -> None:
    store = backend.open()
    for n in range(300):
        store.record_reply(reply(f"q{n}"))
    store.close()
    store.record_reply(reply("after close"))  # must not raise
    store.close()  # idempotent
    assert backend.rows("SELECT count(*) FROM replies") == [(300,)]


def test_records_from_many_threads_all_arrive(backend: Backend) -> None:
    store = backend.open()

    def worker(tag: int) -> None:
        for n in range(100):
            store.record_reply(reply(f"{tag}-{n}"))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.flush()
    assert backend.rows("SELECT count(DISTINCT text) FROM replies") == [(800,)]


def test_two_stores_on_one_database_both_write_everything(backend: Backend) -> None:
    one, two = backend.open(), backend.open()  # two workers
    for n in range(200):
        one.record_reply(reply(f"a-{n}"))
        two.record_reply(reply(f"b-{n}"))
    assert one.flush() and two.flush()
    assert backend.rows("SELECT count(DISTINCT text) FROM replies") == [(400,)]


def test_hash_is_keyed_stable_hides_the_id_and_the_key_is_not_in_the_database(backend: Backend) -> None:
    store = backend.open(key=KEY)
    other = backend.open(key="o" * 32)
    same = backend.open(key=KEY)
    assert store.hash("telegram:42") == same.hash("telegram:42")
    assert store.hash("telegram:42") != other.hash("telegram:42")
    assert "987654321987" not in store.hash("telegram:987654321987")  # a long id: short ones occur by chance
    assert store.hash("") == ""
    store.record_reply(replace(reply(), user_hash=store.hash("telegram:42")))
    assert store.flush()
    tables = ["replies", "votes", "meta" if backend.name == "sqlite" else "faqbot_meta"]
    dump = repr([backend.rows(f"SELECT * FROM {t}") for t in tables])
    assert KEY not in dump and store.hash("telegram:42") in dump


def test_odd_text_is_stored_readably_and_the_writer_keeps_going(backend: Backend) -> None:
    store = backend.open()
    odd = ["lone \udcff surrogate", "\ud800", "nul \x00 byte", "🇺🇦" * 300, "<b>markup</b> &amp;", "\u202eRTL\u200b"]
    for text in odd:
        store.record_reply(reply(text))
    store.record_reply(reply("after"))
    assert store.flush()
    stored = [u.text for u in store.unanswered(0)]
    assert len(stored) == len(odd) + 1 and "after" in stored
    assert "lone \ufffd surrogate" in stored and "nul \ufffd byte" in stored
    assert store.writer_alive and store.skipped == 0


def test_a_record_the_database_refuses_is_skipped_once_logged_and_the_rest_is_written(
        backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    store = backend.open()
    with caplog.at_level(logging.ERROR, logger="faqbot.store"):
        store.record_reply(reply("before"))
        for _ in range(3):
            store.record_reply(replace(reply("bad"), platform=None))  # type: ignore[arg-type]  # NOT NULL refuses it
        store.record_reply(reply("after"))
        assert store.flush() is False  # not everything queued was committed
        store.record_reply(reply("later"))
        assert store.flush() is True
    assert sorted(u.text or "" for u in store.unanswered(0)) == ["after", "before", "later"]
    assert store.skipped == 3 and store.writer_alive
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "skipped" in errors[0].getMessage() and errors[0].exc_info is None
    assert "bad" not in caplog.text  # no question text in the log


def test_a_full_queue_drops_new_records_with_one_warning_and_never_blocks(
        backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    opened = backend.open(queue_limit=2000)
    with locked(backend), caplog.at_level(logging.WARNING, logger="faqbot.store"):
        started = time.perf_counter()
        for n in range(opened.queue_limit + 1000):
            opened.record_reply(reply(f"q{n}"))
        elapsed = time.perf_counter() - started
        assert 1000 - BATCH_LIMIT <= opened.dropped <= 1000  # the writer may hold one batch out of the queue
    assert elapsed < 5  # the chat path never waited for the database
    assert sum("queue is full" in r.getMessage() for r in caplog.records) == 1
    assert opened.flush(timeout=60)
    count = backend.rows("SELECT count(*) FROM replies")[0][0]
    assert count == opened.queue_limit + 1000 - opened.dropped


def test_close_returns_within_its_deadline_with_50000_queued_and_a_stuck_database(backend: Backend) -> None:
    store = backend.open()
    with locked(backend):
        for n in range(50_000):
            store.record_reply(reply(f"q{n}"))
        started = time.monotonic()
        store.close(timeout=1.0)
        elapsed = time.monotonic() - started
    assert elapsed < 4.0, f"close() took {elapsed:.1f} s"  # by design at most timeout + 1.2 s
    assert store.dropped == 0


def test_close_commits_50000_queued_records(backend: Backend) -> None:
    store = backend.open()
    for n in range(50_000):
        store.record_reply(reply(f"q{n}"))
    store.close(timeout=120)
    assert backend.rows("SELECT count(*) FROM replies") == [(50_000 - store.dropped,)]
    assert store.lost_on_close == 0


def test_retention_prunes_old_rows_and_keeps_recent_ones(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    for age_days in (1, 29, 31, 400):
        store.record_reply(reply(f"{age_days}d", ts=now - age_days * DAY))
        store.record_feedback(vote(f"e{age_days}", ts=now - age_days * DAY))
    store.close()
    pruning = backend.open(retention_days=30)  # prunes on start, then hourly
    deadline = time.monotonic() + 10
    while pruning.pruned < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pruning.pruned == 4
    assert sorted(u.text or "" for u in pruning.unanswered(0)) == ["1d", "29d"]
    assert sorted(v.entry_id for v in pruning.entry_votes(0)) == ["e1", "e29"]
    assert pruning.prune(now - 2 * DAY) == 2  # on demand too


def test_the_report_reads_from_the_store(backend: Backend) -> None:
    store = backend.open()
    for text in ["how do I join", "how can I join", "who pays"]:
        store.record_reply(reply(text))
    store.record_reply(reply(None, kind="answer", candidate="e1"))
    store.record_feedback(vote("e1", helpful=False))
    assert store.flush()
    report = build_report(store, 7 * DAY)
    assert sum(d.asked for d in report.days) == 4 and sum(d.answered for d in report.days) == 1
    assert sum(c.count for c in report.clusters) == 3
    assert [(v.entry_id, v.down) for v in report.votes] == [("e1", 1)]
