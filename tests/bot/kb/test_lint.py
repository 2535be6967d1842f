"""Lint: what confuses the engine or the reader in a KB that loads, found with the engine the bot runs."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answerer import Answerer
from bot.engine.lexical import Candidate
from bot.kb.lint import Finding, lint
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase
from tests.kbfiles import entry, topic, write_topic


def _kb(tmp_path: Path, *entries: dict[str, object]) -> KnowledgeBase:
    write_topic(tmp_path, "t.yaml", topic("T", list(entries)))
    return load_kb(tmp_path, lines=True)


def _messages(findings: list[Finding], level: str) -> list[str]:
    return [f.message for f in findings if f.level == level]


def test_an_alternate_identical_to_another_entrys_question_is_an_error(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("How do I reset my password?", "Use the link.", id="reset"),
             entry("How do I change my e-mail?", "In settings.", id="email",
                   alternates=["how do I reset my password"]))
    errors = _messages(lint(kb), "error")
    assert any("the alternate 'how do I reset my password' of 'How do I change my e-mail?' is the same as the "
               "question of 'How do I reset my password?'" in m for m in errors), errors


def test_a_shared_phrasing_is_reported_once_not_again_as_answered_by_the_other_entry(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("How do I reset my password?", "Use the link.", id="reset"),
             entry("How do I change my e-mail?", "In settings.", id="email",
                   alternates=["how do I reset my password"]))
    about_it = [f for f in lint(kb) if "reset my password" in f.message]
    assert [f.level for f in about_it] == ["error"], [str(f) for f in about_it]


def test_near_identical_phrasings_of_different_entries_are_a_warning(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("When does the shop open on Saturdays?", "At 9.", id="sat"),
             entry("Where is the shop?", "In Kyiv.", id="where", alternates=["When does the shop open on Saturday?"]))
    warnings = _messages(lint(kb), "warning")
    assert any("near-identical" in m for m in warnings), warnings


class _Fixed:
    """An engine that ranks the same entry first for every question (as a badly tuned model might)."""

    name = "fixed"

    def __init__(self, first: str, second: str, gap: float) -> None:
        self.first, self.second, self.gap = first, second, gap

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        return [Candidate(self.first, 90.0), Candidate(self.second, 90.0 - self.gap)][:limit]


def test_the_check_uses_the_engine_it_is_given(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("What are your opening hours?", "9 to 5.", id="hours"),
             entry("Do you deliver abroad?", "Yes.", id="abroad"))
    assert not _messages(lint(kb), "error")  # the lexical engine tells them apart
    findings = lint(kb, Answerer(kb, matcher=_Fixed("hours", "abroad", gap=20)))
    assert _messages(findings, "error") == [
        f"asking 'Do you deliver abroad?' is answered by 'What are your opening hours?' ({tmp_path / 't.yaml'}:3): "
        "make the two questions more distinct, or merge them"]
    tie = lint(kb, Answerer(kb, matcher=_Fixed("hours", "abroad", gap=0)))
    assert any("cannot tell 'What are your opening hours?' apart from 'Do you deliver abroad?'" in m
               for m in _messages(tie, "warning"))


def test_follow_ups_to_itself_and_cycles_are_warnings(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("A?", "a", id="a", follow_ups=["a", "b"]), entry("B?", "b", id="b", follow_ups=["c"]),
             entry("C?", "c", id="c", follow_ups=["a"]), entry("D?", "d", id="d", follow_ups=["a"]))
    warnings = _messages(lint(kb), "warning")
    assert any("follow-up 'a' of 'A?' is the entry itself" in m for m in warnings)
    assert [m for m in warnings if "cycle" in m] == [
        "follow-ups form a cycle (a → b → c → a): a user following them goes round in circles"]


def test_long_answers_warn_over_one_message_and_fail_over_the_cap(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("Short?", "x" * 40, id="short"), entry("Long?", "x" * 41, id="long"),
             entry("Huge?", "x" * 161, id="huge"))
    findings = lint(kb, message_chars=40, max_messages=4)
    assert _messages(findings, "warning")[0].startswith("answer of 'Long?' is 41 characters: it goes out as 2")
    assert _messages(findings, "error") == ["answer of 'Huge?' is 161 characters: over 4 chat messages of 40; "
                                            "shorten it or link to a page with the details"]


def test_answer_length_counts_emoji_as_the_platforms_do(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("Flags?", "🇺🇦" * 2100, id="flags"))  # 4,200 code points, 8,400 UTF-16 units
    assert "8,400 characters" in _messages(lint(kb, message_chars=4096), "warning")[0]


def test_an_answer_over_four_messages_is_an_error_at_the_default_limits(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("Everything?", "word " * 4000, id="all"))  # 20,000 > 4 x 4,096 (was a warning)
    assert any("over 4 chat messages" in m for m in _messages(lint(kb), "error"))


def test_an_alternate_the_engine_answers_with_another_entry_is_a_warning(tmp_path: Path) -> None:
    kb = _kb(tmp_path, entry("What are your opening hours?", "9 to 5.", id="hours", alternates=["abroad shipping"]),
             entry("Do you deliver abroad?", "Yes.", id="abroad"))

    class Keyword(_Fixed):
        def score(self, text: str, limit: int = 10) -> list[Candidate]:
            first = "abroad" if "abroad" in text else "hours"
            return [Candidate(first, 90.0), Candidate("abroad" if first == "hours" else "hours", 40.0)][:limit]

    warnings = _messages(lint(kb, Answerer(kb, matcher=Keyword("", "", 0))), "warning")
    assert any("the alternate 'abroad shipping' of 'What are your opening hours?' is answered by 'Do you deliver "
               "abroad?'" in m for m in warnings), warnings
