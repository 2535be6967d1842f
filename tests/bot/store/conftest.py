"""Store backends for the contract tests: a SQLite file, and a real PostgreSQL database made for this run.

PostgreSQL: 127.0.0.1:5432 with trust auth (FAQBOT_TEST_POSTGRES_URL overrides the admin URL, see
tests/servers.py). The run creates its own database ``faqbot_test_<random>`` and drops it at the end;
each test starts on an empty schema. Without a server the PostgreSQL cases skip, naming what to
start; with CI=true they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.store import open_store
from bot.store.writer import QueuedStore
from tests.servers import POSTGRES_URL, postgres_database

ADMIN_URL = POSTGRES_URL
KEY = "k" * 32


def _admin() -> Any:
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a database created for this test run (dropped after it); skips (fails in CI) without a server."""
    with postgres_database() as url:
        yield url


def pg_terminate(url: str) -> int:
    """End every other session on the test database (as an outage would); how many were ended."""
    import psycopg

    dbname = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with _admin() as admin:
        rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                             "AND pid <> pg_backend_pid()", (dbname,)).fetchall()
    return len(rows)


@dataclass
class Backend:
    """Opens stores of one backend on one location, and reads that location directly."""

    name: str
    location: str
    opened: list[QueuedStore] = field(default_factory=list)

    def open(self, key: str | None = KEY, **options: Any) -> QueuedStore:
        """A store on this backend's location (closed at the end of the test)."""
        store = open_store(self.location, key, **options)
        assert isinstance(store, QueuedStore), f"the {self.name} store did not open"
        self.opened.append(store)
        return store

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` read straight from the database, bypassing the store."""
        if self.name == "sqlite":
            from tests.bot.store.sqlfile import rows

            return rows(Path(self.location), sql)
        import psycopg

        with psycopg.connect(self.location, autocommit=True) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each contract test runs once per backend, on an empty store."""
    if request.param == "sqlite":
        chosen = Backend("sqlite", str(tmp_path / "data" / "faqbot.sqlite3"))
    else:
        url: str = request.getfixturevalue("pg_database")
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        chosen = Backend("postgresql", url)
    yield chosen
    for store in chosen.opened:
        store.close(timeout=5)
