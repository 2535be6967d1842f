"""PostgreSQL faults: a wrong URL or key at start, an outage while running, the CLI reading a shared database."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from bot.cli import main
from bot.engine.answerer import Answerer
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered
from bot.store import ReplyRecord, StoreError, open_store
from bot.store.postgres import PostgresStore, redacted
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
from tests.bot.store.conftest import KEY, pg_terminate


@pytest.fixture
def url(pg_database: str) -> Iterator[str]:
    """The test database, emptied, connections allowed again after the test."""
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    yield pg_database
    allow(pg_database, True)


def allow(url: str, allowed: bool) -> None:
    """Let clients connect to the test database, or refuse them (an outage as the clients see it)."""
    from tests.bot.store.conftest import _admin

    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')


def count(url: str) -> int:
    """Rows in replies, read directly."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM replies").fetchone()
        return int(row[0]) if row else 0


@pytest.mark.parametrize("location", [
    "postgresql://bot:pw-secret@127.0.0.1:1/faqbot",  # nothing listens there
    "postgresql://postgres:pw-secret@127.0.0.1:5432/faqbot_no_such_database",
])
def test_a_wrong_url_is_a_clear_error_naming_faqbot_data_without_the_password(location: str,
                                                                               pg_database: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(location, KEY)
    message = str(caught.value)
    assert message.startswith("FAQBOT_DATA: cannot connect to PostgreSQL at") and "pw-secret" not in message
    assert redacted(location).split("@")[1] in message


def test_the_bot_refuses_to_start_on_a_wrong_url(pg_database: str, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_DATA", "postgresql://bot:pw-secret@127.0.0.1:1/faqbot")
    monkeypatch.setenv("FAQBOT_HASH_KEY", KEY)
    assert main(["console"]) == 2
    err = capsys.readouterr().err
    assert "FAQBOT_DATA" in err and "pw-secret" not in err and KEY not in err


def test_postgresql_needs_the_hash_key(url: str) -> None:
    with pytest.raises(StoreError, match="FAQBOT_HASH_KEY is required"):
        open_store(url, None)


def test_a_version_1_database_is_migrated_on_start_and_keeps_its_rows(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE faqbot_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for statement in statements(MIGRATIONS[0].postgres):
            conn.execute(statement)  # type: ignore[call-overload]
        conn.execute("INSERT INTO faqbot_meta VALUES ('schema_version', '1')")
        conn.execute("INSERT INTO replies (ts, platform, kind, text) VALUES (%s, 'telegram', 'none', 'kept')",
                     (time.time(),))
    store = open_store(url, KEY)
    try:
        assert [u.text for u in store.unanswered(0)] == ["kept"]
    finally:
        store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SELECT value FROM faqbot_meta WHERE key = 'schema_version'").fetchone()
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'replies'")}
    assert version == (str(SCHEMA_VERSION),) and "replies_ts" in indexes


def test_a_database_from_a_newer_faqbot_is_refused(url: str) -> None:
    open_store(url, KEY).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE faqbot_meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(StoreError, match="newer than this faqbot"):
        open_store(url, KEY)


def test_workers_with_different_keys_are_warned(url: str, caplog: pytest.LogCaptureFixture) -> None:
    open_store(url, KEY).close()
    with caplog.at_level(logging.WARNING, logger="faqbot.store"):
        open_store(url, "z" * 32).close()
    assert "same key" in caplog.text and "z" * 32 not in caplog.text


def test_killed_connections_mid_run_lose_nothing_acknowledged(url: str) -> None:
    store = open_store(url, KEY)
    assert isinstance(store, PostgresStore)
    acknowledged = 0
    written = 0
    stop = threading.Event()
    errors: list[str] = []

    def writer() -> None:
        nonlocal acknowledged, written
        while not stop.is_set():
            for _ in range(20):
                store.record_reply(ReplyRecord(time.time(), "t", "none", None, 1.0, f"w-{written}", "", ""))
                written += 1
            if store.flush(30):
                acknowledged = written
            else:
                errors.append(f"flush failed at {written}")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        ended = 0
        for _ in range(5):  # the database kills our sessions five times mid-run
            time.sleep(0.3)  # kept: the fault schedule under test (a kill every 0.3 s while the writer runs)
            ended += pg_terminate(url)
    finally:
        stop.set()
        thread.join(60)
    assert ended >= 3 and store.reconnects >= 3
    assert not errors and acknowledged == written and acknowledged > 100
    with psycopg.connect(url, autocommit=True) as conn:
        texts = {t for (t,) in conn.execute("SELECT text FROM replies")}
        duplicates = conn.execute("SELECT count(*) - count(DISTINCT text) FROM replies").fetchone()
    assert {f"w-{n}" for n in range(acknowledged)} <= texts
    assert duplicates == (0,)  # a batch retried after a lost COMMIT is not counted twice
    store.close()


def test_answering_goes_on_through_an_outage_and_the_store_catches_up(url: str, answerer: Answerer) -> None:
    store = open_store(url, KEY)
    service = FaqService(answerer, store=store)
    user = User("telegram", "1", "1")
    try:
        assert isinstance(service.ask("what is article 5?", user), Answered)
        assert store.flush(10)
        allow(url, False)
        pg_terminate(url)
        started = time.perf_counter()
        replies = [service.ask(f"what is the zorblax number {n}?", user) for n in range(50)]
        elapsed = time.perf_counter() - started
        assert all(isinstance(r, Answered) for r in replies) and elapsed < 5  # answering never waited on the database
        assert store.flush(1.0) is False  # not committed while the database refuses connections
        assert isinstance(store, PostgresStore) and not store.healthy  # what a readiness check reports
        assert not store.reachable()
        time.sleep(0.5)  # kept: the outage's length (the store must hold its rows through it)
        allow(url, True)
        assert store.flush(30) and store.healthy and store.reachable()
        assert count(url) == 51
    finally:
        allow(url, True)
        service.close()


def test_report_reads_from_postgresql(url: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(url, KEY)
    for text in ("how do I feed a zorblax", "how to feed a zorblax"):
        store.record_reply(ReplyRecord(time.time(), "telegram", "none", None, 12.0, text, "u", "c"))
    store.close()
    monkeypatch.setenv("FAQBOT_DATA", url)
    monkeypatch.delenv("FAQBOT_HASH_KEY", raising=False)  # a report reads; it needs no key
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "how do I feed a zorblax" in out and "how to feed a zorblax" in out
    assert re.search(r"\d{4}-\d\d-\d\d +2 +0 ", out), out  # the day's row: 2 asked, 0 answered
