"""The store's migrations (bot/store/schema.py): numbered, the same objects in both dialects, applied in order."""

from __future__ import annotations

import re
import sqlite3

import pytest

from bot.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration, statements

CREATED = re.compile(r"CREATE\s+(TABLE|INDEX)\s+(\w+)", re.IGNORECASE)


def created(script: str) -> list[tuple[str, str]]:
    """The (kind, name) of each table or index a script creates, in order."""
    return [(kind.upper(), name) for kind, name in CREATED.findall(script)]


def test_the_schema_version_is_the_number_of_migrations() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 3


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_each_migration_creates_the_same_objects_in_sqlite_and_postgres(version: int) -> None:
    migration: Migration = MIGRATIONS[version - 1]
    # PostgreSQL keeps its version and key check in faqbot_meta, made before any migration (bot/store/postgres.py).
    in_sqlite = [item for item in created(migration.sqlite) if item != ("TABLE", "meta")]
    assert in_sqlite and in_sqlite == created(migration.postgres)


def test_statements_splits_a_script_and_drops_empty_ones() -> None:
    assert statements(" CREATE TABLE a (x INT);\n;  CREATE INDEX b ON a (x) ;\n") == [
        "CREATE TABLE a (x INT)", "CREATE INDEX b ON a (x)"]
    assert statements("  ;\n ; ") == []


def test_the_sqlite_migrations_apply_in_order_on_an_empty_database() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            with conn:
                for statement in statements(migration.sqlite):
                    conn.execute(statement)
        objects = set(conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        conn.close()
    expected = {(kind.lower(), name) for m in MIGRATIONS for kind, name in created(m.sqlite)}
    assert objects == expected
    assert {("table", "replies"), ("table", "votes"), ("table", "picks")} <= objects
