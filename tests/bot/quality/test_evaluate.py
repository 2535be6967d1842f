"""``faqbot eval``'s measure: labelled cases read from JSONL, counted right, wrong or falsely answered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.testing.kb import build_kb, entry, topic
from bot.engine.answerer import Answerer
from bot.quality.evaluate import Case, EvalReport, evaluate, format_report, load_cases


@pytest.fixture(scope="module")
def town() -> Answerer:
    """A lexical answerer over two small topics."""
    return Answerer(build_kb(
        topic("Town hall", [entry("How do I renew my passport?", "Book an appointment.", id="passport"),
                            entry("Where can I park near the town hall?", "Main Street garage.", id="parking")],
              summary="Services of the town hall."),
        topic("Library", [entry("When does the library open?", "At nine.", id="opening")]),
    ))


def jsonl(path: Path, *rows: dict[str, Any] | str) -> Path:
    """Write ``rows`` (dicts as JSON, strings verbatim) one a line."""
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_load_cases_resolves_gold_questions_to_ids_and_keeps_line_numbers(tmp_path: Path, town: Answerer) -> None:
    path = jsonl(tmp_path / "e.jsonl",
                 {"query": "renew passport", "expect": "answer", "question": "how do I RENEW my passport?"},
                 "",
                 {"query": "library?", "expect": "summary", "topic": "Library"},
                 {"query": "weather", "expect": "none", "ids": ["x"]})
    cases = load_cases(path, town)
    assert cases == [Case("renew passport", "answer", frozenset({"passport"}), None, 1),
                     Case("library?", "summary", frozenset(), "Library", 3),
                     Case("weather", "none", frozenset({"x"}), None, 4)]


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "e.jsonl:2: invalid JSON"),
    ('{"query": "q", "expect": "maybe"}', "e.jsonl:2: need 'query' and 'expect'"),
    ('{"expect": "answer"}', "e.jsonl:2: need 'query'"),
    ('{"query": "q", "expect": "answer", "question": "Is this in the KB?"}', "e.jsonl:2: question 'Is this in"),
])
def test_load_cases_names_file_and_line_of_a_bad_case(tmp_path: Path, town: Answerer, line: str,
                                                      message: str) -> None:
    path = jsonl(tmp_path / "e.jsonl", {"query": "fine", "expect": "none"}, line)
    with pytest.raises(ValueError, match=message):
        load_cases(path, town)


def test_evaluate_counts_right_wrong_summaries_and_false_answers(town: Answerer) -> None:
    cases = [Case("renew passport", "answer", frozenset({"passport"}), line=1),
             Case("where to park", "answer", frozenset({"passport"}), line=2),  # answered, with the wrong entry
             Case("summary of the library", "summary", topic="Library", line=3),
             Case("summary of the library", "summary", topic="Town hall", line=4),  # the wrong topic
             Case("what is the weather on mars", "none", line=5),
             Case("when does the library open", "none", line=6)]  # answered although it should not be
    report = evaluate(town, cases)
    assert (report.in_scope, report.right, report.wrong) == (2, 1, 1)
    assert (report.summaries, report.summaries_right) == (2, 1)
    assert (report.off_topic, report.false_answers) == (2, 1)
    assert (report.accuracy, report.summary_accuracy, report.false_rate) == (0.5, 0.5, 0.5)
    assert [m.split(":")[0] for m in report.misses] == ["line 2", "line 4", "line 6"]
    assert [row[0] for row in report.sweep] == [float(t) for t in range(20, 85, 5)]
    assert all(0.0 <= a <= 1.0 and 0.0 <= f <= 1.0 for _, a, f in report.sweep)
    assert evaluate(town, cases, sweep=False).sweep == []


def test_a_higher_answer_threshold_never_answers_more_in_the_sweep(town: Answerer) -> None:
    cases = [Case("renew passport", "answer", frozenset({"passport"})), Case("where to park", "answer",
                                                                             frozenset({"parking"})),
             Case("when does the library open", "none")]
    falses = [f for _, _, f in evaluate(town, cases).sweep]
    assert falses == sorted(falses, reverse=True)


def test_an_empty_run_is_perfect_not_a_division_by_zero() -> None:
    report = EvalReport()
    assert (report.accuracy, report.summary_accuracy, report.false_rate) == (1.0, 1.0, 0.0)
    assert format_report(report).splitlines() == ["in-scope answered right: 0/0 = 100.0% (wrong answers: 0)",
                                                  "summary requests recognised: 0/0 = 100.0%",
                                                  "off-topic answered: 0/0 = 0.0%"]


def test_format_report_shows_misses_up_to_the_limit_then_the_headline_figures() -> None:
    report = EvalReport(in_scope=4, right=1, wrong=2, misses=[f"line {n}: miss" for n in range(5)],
                        sweep=[(50.0, 0.25, 0.1)])
    lines = format_report(report, show_misses=2).splitlines()
    assert lines[:4] == ["misses (5):", "  line 0: miss", "  line 1: miss", "  ... and 3 more"]
    assert "     50:  25.0% /  10.0%" in lines
    assert lines[-3] == "in-scope answered right: 1/4 = 25.0% (wrong answers: 2)"
