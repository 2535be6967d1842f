"""The console adapter: the full path from a typed line to rendered text, no network."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.console import Console, main
from bot.engine.answerer import Answerer
from bot.service.facade import FaqService
from bot.store.sqlite import SqliteStore
from tests.bot.store.sqlfile import rows


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
