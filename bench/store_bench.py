"""Store throughput on SQLite and PostgreSQL side by side, in one run: the chat path's cost and the writer's.

For each backend: the time per ``record_reply`` call (what answering pays: queueing only), how fast
the writer commits a burst of N records (records/s, until ``flush()`` acknowledges them), the time
``close()`` takes to commit N queued records, and ``close(timeout=1)`` with N queued behind a lock.

    .venv/bin/python bench/store_bench.py                 # 50,000 records; PostgreSQL on 127.0.0.1:5432
    .venv/bin/python bench/store_bench.py --records 10000 --pg postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bot.store import ReplyRecord, open_store
from bot.store.writer import QueuedStore

KEY = secrets.token_hex(32)


def record(n: int) -> ReplyRecord:
    """An unanswered question, as the service records it."""
    return ReplyRecord(time.time(), "bench", "none", "e1", 42.0, f"how do I do thing number {n}?", "u" * 20, "c" * 20)


def measure(open_: Callable[[], QueuedStore], lock: Callable[[], AbstractContextManager[None]], n: int) -> list[str]:
    """The figures for one backend."""
    store = open_()
    calls = []
    started = time.perf_counter()
    for i in range(n):
        t = time.perf_counter()
        store.record_reply(record(i))
        calls.append(time.perf_counter() - t)
    queued = time.perf_counter() - started
    assert store.flush(600)
    burst = time.perf_counter() - started
    store.close()
    calls.sort()
    store = open_()
    for i in range(n):
        store.record_reply(record(i))
    t = time.perf_counter()
    store.close(timeout=600)
    closing = time.perf_counter() - t
    store = open_()
    with lock():
        for i in range(n):
            store.record_reply(record(i))
        t = time.perf_counter()
        store.close(timeout=1.0)
        stuck = time.perf_counter() - t
    return [f"record_reply p50 {calls[n // 2] * 1e6:.1f} µs, p99 {calls[n * 99 // 100] * 1e6:.1f} µs "
            f"(queueing {n} took {queued:.2f} s)",
            f"burst of {n} committed and acknowledged in {burst:.2f} s ({n / burst:,.0f} records/s)",
            f"close() right after queueing {n}: {closing:.2f} s, all committed",
            f"close(timeout=1) with {n} queued behind a lock: returned in {stuck:.2f} s "
            f"({store.failed_writes + store.lost_on_close} counted as not written)"]


def main() -> int:
    """Run both backends and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="an admin URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"

        @contextmanager
        def sqlite_lock() -> Iterator[None]:
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")
            yield
            conn.execute("ROLLBACK")
            conn.close()

        def sqlite_open() -> QueuedStore:
            store = open_store(path, KEY)
            assert isinstance(store, QueuedStore)
            return store

        print("SQLite (WAL, synchronous=FULL):")
        for line in measure(sqlite_open, sqlite_lock, args.records):
            print("  " + line)
    import psycopg

    name = f"faqbot_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(args.pg)._replace(path=f"/{name}").geturl()
    try:
        @contextmanager
        def pg_lock() -> Iterator[None]:
            with psycopg.connect(url) as conn:
                conn.execute("LOCK TABLE replies IN ACCESS EXCLUSIVE MODE")
                yield
                conn.rollback()

        def pg_open() -> QueuedStore:
            store = open_store(url, KEY)
            assert isinstance(store, QueuedStore)
            return store

        print(f"PostgreSQL ({psycopg.__version__}, {psycopg.pq.__impl__} libpq, 127.0.0.1):")
        for line in measure(pg_open, pg_lock, args.records):
            print("  " + line)
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
