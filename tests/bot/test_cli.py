"""The faqbot command: ask (text and --json), eval, check, import, and the console over a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SHARED
from tests.kbfiles import entry, topic, write_topic

JSON_KEYS = {"query", "kind", "id", "question", "topic", "score", "text", "suggestions", "language", "explain"}


@pytest.fixture(autouse=True)
def _lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI tests exercise the default core; the semantic extra has its own tests."""
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    monkeypatch.delenv("FAQBOT_KB", raising=False)


def _faqbot(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "FAQBOT_MATCHER": "lexical", **(env or {})}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    full_env.pop("DISCORD_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=60)


def test_ask_prints_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "what", "is", "article", "5?"]) == 0
    out = capsys.readouterr().out
    assert "Article 5 involves collective defense" in out
    assert "1. " in out  # follow-ups as numbered choices


def test_ask_json_schema_one_object_per_stdin_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("what is article 5?\nwhere can i buy shoes\nsummary\n"))
    assert main(["ask", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["kind"] for r in rows] == ["answer", "none", "summary"]
    for row in rows:
        assert set(row) == JSON_KEYS
        assert all(set(s) == {"id", "question"} for s in row["suggestions"])
        assert isinstance(row["score"], float)
    assert rows[0]["id"] == "article-5" and rows[0]["question"].startswith("What is Article 5")
    assert rows[1]["id"] is None and rows[1]["question"] is None
    assert rows[2]["id"] is None and rows[2]["topic"] == "NATO and Ukraine"
    assert rows[0]["explain"]["tier"] in ("lexical", "minilm", "e5")
    assert rows[0]["explain"]["candidates"][0]["id"] == "article-5"
    assert rows[1]["explain"]["withheld"].startswith(("below threshold", "two entries too close", "no entry"))


def test_ask_with_a_broken_kb_reports_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text("topic: T\nentries:\n  - question: q?\n", encoding="utf-8")
    assert main(["ask", "--kb", str(tmp_path), "q?"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 't.yaml'}:3" in err and "no 'answer'" in err and "Traceback" not in err


@pytest.mark.skipif(not (SHARED / "eval").exists(), reason="../shared/eval is not beside the checkout")
def test_eval_prints_figures_and_enforces_bars(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SHARED / "eval" / "nato-ukraine.public.jsonl")
    assert main(["eval", path]) == 0
    out = capsys.readouterr().out
    assert "in-scope answered right:" in out and "threshold sweep" in out and "off-topic answered:" in out
    assert main(["eval", path, "--min-accuracy", "100.1"]) == 1


def test_eval_by_ids_on_own_kb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_topic(tmp_path, "t.yaml", topic("Pets", [entry("How often should I feed my cat?", "Twice.", id="feed")]))
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c) for c in [
        {"query": "cat feeding how often", "expect": "answer", "ids": ["feed"]},
        {"query": "what is the capital of peru", "expect": "none"},
        {"query": "summary", "expect": "summary", "topic": "Pets"},
    ]), encoding="utf-8")
    assert main(["eval", str(cases), "--kb", str(tmp_path), "--min-accuracy", "100", "--max-false", "0"]) == 0
    assert "1/1 = 100.0%" in capsys.readouterr().out


def test_import_converts_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "seed.txt"
    plain.write_text("A summary.\nQuestion one?\nAnswer one.\n", encoding="utf-8")
    assert main(["import", str(plain), "--topic", "Mine"]) == 0
    out = capsys.readouterr().out
    topic_file = tmp_path / "kb" / "mine.yaml"
    topic_file.parent.mkdir()
    topic_file.write_text(out, encoding="utf-8")
    assert main(["ask", "--kb", str(topic_file), "--json", "question one"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Answer one."


def test_console_over_a_pipe_answers_each_line_and_exits() -> None:
    result = _faqbot("console", stdin="what is article 5?\n2\nhello\n\nsummary\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Article 5 involves collective defense" in out
    assert "Hello!" in out and "NATO continues to play" in out
    assert out.count("» ") >= 2  # the numbered pick "2" answered a follow-up


def test_run_without_tokens_starts_the_console() -> None:
    result = _faqbot("run", stdin="what is article 5?\n")
    assert result.returncode == 0, result.stderr
    assert "Article 5 involves collective defense" in result.stdout
    assert "TELEGRAM_BOT_TOKEN" in result.stderr  # says how to configure a platform


def test_bad_setting_is_named(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAQBOT_ANSWER_THRESHOLD", "lots")
    assert main(["ask", "hi"]) == 2
    assert "FAQBOT_ANSWER_THRESHOLD" in capsys.readouterr().err


def test_console_stops_cleanly_on_sigint() -> None:
    import signal

    env = {**os.environ, "FAQBOT_MATCHER": "lexical"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)
    with subprocess.Popen([sys.executable, "-m", "bot", "console"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env) as proc:
        try:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write("what is article 5?\n")
            proc.stdin.flush()
            # The answer read back is the barrier: the console is past start-up (its SIGINT handling is in
            # place) and has handled the line, so the signal must stop it cleanly from here on.
            assert "Article 5" in proc.stdout.readline() + proc.stdout.readline()
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
