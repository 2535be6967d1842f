"""``faqbot check`` (bot/kb/check.py): load problems or lint findings, as text for people and JSON for CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.answerer import Answerer
from bot.kb.check import CheckResult, check_kb, format_json, format_text
from bot.kb.lint import Finding
from bot.kb.loader import MAX_PROBLEMS, load_kb
from tests.kbfiles import entry, topic, write_topic


@pytest.fixture(autouse=True)
def _lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's default engine is the lexical one here: these tests are about the check, not the models."""
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    monkeypatch.delenv("FAQBOT_KB", raising=False)


def test_check_json_for_ci(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_topic(tmp_path, "t.yaml", topic("T", [entry("Q?", "A", id="q"), entry("R?", "B", alternates=["q"])]))
    assert main(["check", "--json", "--matcher", "lexical", "--kb", str(tmp_path)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False and result["loads"] is True and result["errors"] == 1
    [error] = [f for f in result["findings"] if f["level"] == "error"]
    assert error["file"] == str(tmp_path / "t.yaml") and error["line"] == 6 and "the same as" in error["message"]
    (tmp_path / "t.yaml").write_text("topic: T\nentries:\n  - question: Q?\n    answer: a\n    answer: b\n")
    assert main(["check", "--json", "--kb", str(tmp_path)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["loads"] is False and result["findings"][0]["line"] == 5


def test_check_lints_the_kb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_topic(tmp_path, "t.yaml", topic("T", [
        entry("How do I reset my password?", "x" * 5000),
        entry("How do I reset my password please?", "Another."),
    ], summary=None))
    assert main(["check", "--kb", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "no summary" in out and "5,000 characters" in out and "cannot tell" in out


def test_check_fails_on_an_invalid_kb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text("topic: T\nentries:\n  - question: q?\n  - 2\n", encoding="utf-8")
    assert main(["check", "--kb", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 't.yaml'}:3: 'q?' has no 'answer'" in out and "entry 2 must be a mapping" in out


def test_a_kb_that_loads_is_linted_with_the_engine_it_is_given(tmp_path: Path) -> None:
    write_topic(tmp_path, "t.yaml", topic("T", [entry("Q?", "A", id="q"), entry("R?", "B", alternates=["q"])]))
    built: list[Answerer] = []

    def engine() -> Answerer:
        built.append(Answerer(load_kb(tmp_path)))
        return built[-1]

    result = check_kb(tmp_path, engine)
    assert len(built) == 1 and (result.topics, result.entries) == (1, 2) and result.problems == []
    assert result.errors == 1 and not result.ok
    assert format_text(result).splitlines()[-1] == f"1 topic(s), 2 entries: 1 error(s), {result.warnings} warning(s)"


def test_a_kb_that_does_not_load_is_never_linted(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("topic: T\nentries:\n  - question: q?\n", encoding="utf-8")

    def engine() -> Answerer:
        raise AssertionError("the engine is built only for a KB that loads")

    result = check_kb(tmp_path, engine)
    assert (result.problems_total, result.errors, result.findings, result.ok) == (1, 1, [], False)
    text = format_text(result)
    assert text.endswith("1 error(s): the KB does not load; fix these first") and ":3: " in text


def test_more_problems_than_are_listed_are_counted(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("topic: T\nentries:\n" + "  - question: Q?\n" * 300, encoding="utf-8")
    result = check_kb(tmp_path)
    assert len(result.problems) == MAX_PROBLEMS and result.problems_total == 300
    assert f"… and {300 - MAX_PROBLEMS} more" in format_text(result)
    data = json.loads(format_json(result))
    assert (data["loads"], data["errors"], data["listed"]) == (False, 300, MAX_PROBLEMS)


def test_counts_and_json_of_findings() -> None:
    findings = [Finding("error", "a.yaml:3", "bad"), Finding("warning", "a.yaml:9", "odd"),
                Finding("warning", "b.yaml", "odder")]
    result = CheckResult(topics=2, entries=5, findings=findings)
    assert (result.errors, result.warnings, result.ok) == (1, 2, False)
    assert CheckResult(findings=findings[1:]).ok  # warnings alone pass
    data = json.loads(format_json(result))
    assert data == {"ok": False, "loads": True, "topics": 2, "entries": 5, "errors": 1, "warnings": 2, "listed": 3,
                    "findings": [{"level": "error", "file": "a.yaml", "line": 3, "message": "bad"},
                                 {"level": "warning", "file": "a.yaml", "line": 9, "message": "odd"},
                                 {"level": "warning", "file": "b.yaml", "line": None, "message": "odder"}]}
