"""``faqbot store backup`` and ``faqbot store prune`` as an operator runs them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import ReplyRecord, open_store
from tests.bot.store.sqlfile import rows


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite store with 30 replies, 10 of them 100 days old, named by FAQBOT_DATA."""
    path = tmp_path / "data" / "faqbot.sqlite3"
    monkeypatch.setenv("FAQBOT_DATA", str(path))
    for name in ("FAQBOT_HASH_KEY", "FAQBOT_HASH_SALT", "FAQBOT_HASH_KEY_FILE", "FAQBOT_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    store = open_store(path)
    for n in range(30):
        store.record_reply(ReplyRecord(time.time() - (100 * 86400 if n < 10 else 0), "t", "none", None, 1.0,
                                       f"q{n}", "", ""))
    store.close()
    return path


def test_backup_writes_a_consistent_copy_and_says_where_the_key_is(data: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "backup.sqlite3"
    assert main(["store", "backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"to {target}: 30 replies, 0 votes" in out and str(data.with_suffix(".key")) in out
    assert rows(target, "SELECT count(*) FROM replies") == [(30,)]
    assert data.with_suffix(".key").read_text().strip() not in out
    assert main(["store", "backup", str(target)]) == 2  # never overwrites
    assert "exists already" in capsys.readouterr().err


def test_backup_of_postgresql_prints_a_pg_dump_hint_without_the_password(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_DATA", "postgresql://bot:pw-secret@db.example:5433/faqbot")
    assert main(["store", "backup", "faqbot.dump"]) == 1
    out = capsys.readouterr().out
    assert "pg_dump --format=custom --file faqbot.dump 'postgresql://bot@db.example:5433/faqbot'" in out
    assert "pw-secret" not in out


def test_prune_deletes_rows_older_than_the_retention(data: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", "prune"]) == 2  # no retention set: nothing is deleted by accident
    monkeypatch.setenv("FAQBOT_RETENTION_DAYS", "90")
    assert main(["store", "prune"]) == 0
    assert "Pruned 10 row(s) older than 90 days." in capsys.readouterr().out
    assert rows(data, "SELECT count(*) FROM replies") == [(20,)]
