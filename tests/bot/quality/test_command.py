"""``faqbot report`` end to end: its options as bot/quality/command.py runs them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.kb.loader import load_kb
from bot.quality.ignore import IgnoreList, ignore_path
from bot.store import ReplyRecord
from bot.store.sqlite import SqliteStore
from tests.bot.quality.townhall import Page, kb_file, record


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FAQBOT_DATA in a temporary folder, and a clean environment for the other settings."""
    data = tmp_path / "data" / "faqbot.sqlite3"
    monkeypatch.setenv("FAQBOT_DATA", str(data))
    monkeypatch.chdir(tmp_path)
    for name in ("FAQBOT_HASH_SALT", "FAQBOT_HASH_KEY", "FAQBOT_ADMINS", "FAQBOT_LOG_FORMAT", "FAQBOT_STORE_TEXT"):
        monkeypatch.delenv(name, raising=False)
    return data


def test_report_command_without_a_store_says_nothing_recorded(env: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--kb", str(kb_file(tmp_path))]) == 0
    assert "nothing has been recorded" in capsys.readouterr().out
    assert not env.exists()


def test_report_command_prints_report_and_draft(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = kb_file(tmp_path)
    store = SqliteStore(env)
    for text in ("is the swimming pool heated", "swimming pool heated?", "is the swimming pool heated"):
        store.record_reply(record(text))
    store.close()
    assert main(["report", "--kb", str(kb), "--since", "1d"]) == 0
    out = capsys.readouterr().out
    assert "3×  “is the swimming pool heated”" in out
    assert main(["report", "--kb", str(kb), "--draft"]) == 0
    draft = yaml.safe_load(capsys.readouterr().out)
    assert draft["new_entries"][0]["question"] == "is the swimming pool heated"
    assert main(["report", "--kb", str(kb), "--since", "soon"]) == 2
    assert "--since" in capsys.readouterr().err


def _store_with(tmp_path: Path, texts: list[str]) -> Path:
    data = tmp_path / "data" / "faqbot.sqlite3"
    store = SqliteStore(data)
    for text in texts:
        store.record_reply(ReplyRecord(time.time(), "telegram", "none", None, 10.0, text, "u", "c"))
    store.close()
    return data


def test_ignore_sticks_across_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    kb = kb_file(tmp_path)
    monkeypatch.setenv("FAQBOT_DATA", str(_store_with(tmp_path, ["is the pool heated"] * 3 + ["who is the mayor"])))
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    assert main(["report", "--kb", str(kb)]) == 0
    out = capsys.readouterr().out
    pool = next(line for line in out.splitlines() if "is the pool heated" in line)
    cluster_id = pool.split("[", 1)[1].split(";", 1)[0]
    assert main(["report", "--kb", str(kb), "--ignore", cluster_id]) == 0
    assert "ignoring" in capsys.readouterr().err and ignore_path(kb).is_file()
    assert main(["report", "--kb", str(kb)]) == 0
    out = capsys.readouterr().out
    assert "is the pool heated" not in out and "3 more in clusters dismissed with --ignore" in out
    assert main(["report", "--kb", str(kb), "--draft"]) == 0
    draft = yaml.safe_load(capsys.readouterr().out)
    assert [e["question"] for e in draft["new_entries"]] == ["who is the mayor"]
    assert main(["report", "--kb", str(kb), "--ignore", "c000000"]) == 2
    assert load_kb(kb.parent).entries  # the ignore file beside the KB is not read as a topic
    assert len(IgnoreList(ignore_path(kb)).items) == 1


def test_report_html_command_writes_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = kb_file(tmp_path)
    monkeypatch.setenv("FAQBOT_DATA", str(_store_with(tmp_path, ["is the pool heated"] * 2)))
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    out = tmp_path / "report.html"
    assert main(["report", "--kb", str(kb), "--html", str(out)]) == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert [b["data-value"] for b in page.bars["cluster"]] == ["2"]
