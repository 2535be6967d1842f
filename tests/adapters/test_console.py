"""The console adapter: the full path from a typed line to rendered text, no network."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.console import Console, main
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService
from bot.store.sqlite import SqliteStore
from tests.bot.store.sqlfile import rows
from tests.conftest import ROOT


@pytest.fixture
def chat(answerer: Answerer) -> Console:
    """A console chat over the shipped KB, as the user sees it."""
    return Console(FaqService(answerer), io.StringIO())


def test_question_then_numbered_follow_up(chat: Console) -> None:
    first = chat.ask("what is art 5?")
    assert "Article 5 involves collective defense" in first
    assert "1. " in first and "(type a number to pick, + or - to rate this answer)" in first
    picked_line = next(line for line in first.splitlines() if line.strip().startswith("1. "))
    picked = picked_line.split("1. ", 1)[1]
    second = chat.ask("1")
    assert second.startswith(f"» {picked}")


def test_did_you_mean_choices_are_numbered(chat: Console) -> None:
    reply = chat.ask("article 4")
    assert "Did you mean" in reply or "don't know" in reply
    assert "1. What is Article 5" in reply


def test_off_topic_and_summary(chat: Console) -> None:
    assert "don't know" in chat.ask("how do i cook pasta")
    assert "NATO continues to play a crucial role" in chat.ask("give me an overview")
    assert "NATO continues to play a crucial role" in chat.ask("/summary nato")


@pytest.mark.parametrize("line", ["", "   ", "\x00\x07", "🤖" * 1000, "<script>&amp;", "9" * 50_000, "42"])
def test_odd_lines_never_crash(chat: Console, line: str) -> None:
    assert isinstance(chat.ask(line), str)


def test_main_over_a_pipe_answers_each_line(answerer: Answerer) -> None:
    out = io.StringIO()
    assert main(FaqService(answerer), io.StringIO("what is article 5?\n\nthanks\n"), out) == 0
    text = out.getvalue()
    assert "Article 5 involves" in text and "You're welcome" in text and "you> " not in text


def test_rating_the_last_answer_counts_once(answerer: Answerer, tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "faqbot.sqlite3")
    chat = Console(FaqService(answerer, store=store), io.StringIO())
    assert chat.ask("+") != "Thanks for the feedback!"  # nothing answered yet: "+" is just a message
    chat.ask("what is article 5?")
    assert chat.ask("-") == "Thanks for the feedback!"
    assert chat.ask("-") == "Thanks, your feedback was already noted."
    assert chat.ask("+") == "Thanks for the feedback!"  # a changed mind counts
    store.close()
    assert rows(tmp_path / "faqbot.sqlite3", "SELECT entry_id, helpful FROM votes") == [("article-5", 1)]


KEYS = ["\x1b[A", "\x1b[B\x1b[C\x1b[D", "\x1bOA", "\x1b[1;5D", "\x1b]0;title\x07", "\x01\x02"]


@pytest.mark.parametrize("keys", KEYS)
def test_escape_sequences_and_control_keys_are_never_asked(answerer: Answerer, tmp_path: Path, keys: str) -> None:
    store = SqliteStore(tmp_path / "faqbot.sqlite3")
    chat = Console(FaqService(answerer, store=store), io.StringIO())
    assert chat.ask(keys) == ""
    assert "Article 5 involves" in chat.ask("what is\x1b[D art 5?\x1b[C")  # the keys vanish, the words stay
    store.close()
    assert rows(tmp_path / "faqbot.sqlite3", "SELECT text FROM replies") == [(None,)], "only the real question"


def test_faqbot_console_answers_a_pipe_of_50_lines(tmp_path: Path) -> None:
    questions = [e.question for e in load_kb(ROOT / "knowledge").entries]
    lines = [questions[n % len(questions)] for n in range(50)]
    env = {**os.environ, "FAQBOT_MATCHER": "lexical", "FAQBOT_DATA": str(tmp_path / "f.sqlite3")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)  # the default rate limit (10 a minute) applies to everyone but the console
    result = subprocess.run([sys.executable, "-m", "bot", "console"], input="\n".join(lines) + "\n", text=True,
                            capture_output=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    answers = [line for line in result.stdout.splitlines() if line.startswith("» ")]
    assert len(answers) == 50
    assert [a[2:].split("  (match")[0] for a in answers] == lines


def test_on_a_terminal_lines_are_edited_with_readline_history(tmp_path: Path) -> None:
    pytest.importorskip("readline")
    env = {**os.environ, "FAQBOT_MATCHER": "lexical", "FAQBOT_DATA": str(tmp_path / "f.sqlite3"), "TERM": "xterm"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "bot", "console"], stdin=follower, stdout=follower,
                          stderr=subprocess.DEVNULL, cwd=ROOT, env=env) as proc:
        os.close(follower)
        try:
            seen = _read_until(leader, "you> ")
            os.write(leader, b"what is art 5?\r")
            seen += _read_until(leader, "you> ")
            os.write(leader, b"\x1b[A\r")  # the up arrow recalls the question: asked again, not sent as "^[[A"
            seen += _read_until(leader, "you> ")
            os.write(leader, b"quit\r")
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(leader)
    assert seen.count("Article 5 involves collective defense") == 2, seen


def _read_until(fd: int, marker: str, timeout: float = 20.0) -> str:
    """What the terminal shows until ``marker`` appears (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    out = ""
    while marker not in out:
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} within {timeout} s; got {out!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            out += os.read(fd, 4096).decode("utf-8", "replace")
    return out


def test_topics_are_numbered_choices_and_a_number_gives_that_summary() -> None:
    from adapters.testing.chat import Chat
    from adapters.testing.kb import build_kb, entry, topic

    chat = Chat.over(build_kb(topic("Bread", [entry("Why knead?", "Gluten.")], summary="All about bread."),
                              topic("Pets", [entry("Do cats purr?", "Yes.")], summary="All about pets.")))
    listing = chat.ask("summary")
    assert listing.splitlines()[:3] == ["Which topic?", "  1. Bread", "  2. Pets"]  # named once, as choices
    assert chat.ask("2") == "All about pets.\nRelated:\n  1. Do cats purr?\n(type a number to pick)"
