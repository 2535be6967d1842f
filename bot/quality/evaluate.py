"""Measure answer quality on a JSONL file of labelled chat messages (see ``../shared/eval/README.md``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.engine.answerer import Answerer, Matcher, Reply
from bot.engine.lexical import Candidate

__all__ = ["Case", "EvalReport", "evaluate", "format_report", "load_cases"]


@dataclass(frozen=True)
class Case:
    """One labelled message: what was asked and what a good bot does."""

    query: str
    expect: str  # answer | summary | none
    ids: frozenset[str] = frozenset()
    topic: str | None = None
    line: int = 0


@dataclass
class EvalReport:
    """Counts and misses of one run, plus a sweep of answer thresholds."""

    in_scope: int = 0
    right: int = 0
    wrong: int = 0
    summaries: int = 0
    summaries_right: int = 0
    off_topic: int = 0
    false_answers: int = 0
    misses: list[str] = field(default_factory=list)
    sweep: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered with a right entry."""
        return self.right / self.in_scope if self.in_scope else 1.0

    @property
    def summary_accuracy(self) -> float:
        """Share of summary requests answered with the right topic's summary."""
        return self.summaries_right / self.summaries if self.summaries else 1.0

    @property
    def false_rate(self) -> float:
        """Share of off-topic or near-miss messages that got an answer (they should not)."""
        return self.false_answers / self.off_topic if self.off_topic else 0.0


def load_cases(path: str | Path, answerer: Answerer) -> list[Case]:
    """Read a JSONL eval file; gold given by question text is resolved to entry ids of the KB."""
    by_question = {e.question.casefold(): e.id for e in answerer.kb.entries}
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
        expect = raw.get("expect")
        if expect not in ("answer", "summary", "none") or not isinstance(raw.get("query"), str):
            raise ValueError(f"{path}:{number}: need 'query' and 'expect' of answer, summary or none")
        ids = set(raw.get("ids") or [])
        if raw.get("question"):
            gold = by_question.get(str(raw["question"]).casefold())
            if gold is None:
                raise ValueError(f"{path}:{number}: question {raw['question']!r} is not in the KB")
            ids.add(gold)
        cases.append(Case(raw["query"], expect, frozenset(ids), raw.get("topic"), number))
    return cases


def _is_answer(reply: Reply) -> bool:
    return reply.kind in ("answer", "summary")


class _Memo:
    """A matcher that remembers its rankings, so a threshold sweep matches each query only once."""

    def __init__(self, matcher: Matcher) -> None:
        self.name = matcher.name
        self._matcher = matcher
        self._seen: dict[tuple[str, int], list[Candidate]] = {}

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """The wrapped matcher's ranking, computed once per query."""
        key = (text, limit)
        if key not in self._seen:
            self._seen[key] = self._matcher.score(text, limit)
        return self._seen[key]


def evaluate(answerer: Answerer, cases: list[Case], sweep: bool = True) -> EvalReport:
    """Run every case through ``answerer`` and count right answers, recognised summaries and false answers."""
    if sweep:
        answerer = Answerer(answerer.kb, matcher=_Memo(answerer.matcher), thresholds=answerer.thresholds)
    report = EvalReport()
    replies = [(case, answerer.reply(case.query)) for case in cases]
    for case, reply in replies:
        if case.expect == "answer":
            report.in_scope += 1
            if reply.kind == "answer" and reply.entry_id in case.ids:
                report.right += 1
            else:
                report.wrong += reply.kind == "answer"
                report.misses.append(_miss(case, reply))
        elif case.expect == "summary":
            report.summaries += 1
            wanted = case.topic is None or (reply.topic or "").casefold() == case.topic.casefold()
            ok = reply.kind == "summary" and wanted
            report.summaries_right += ok
            if not ok:
                report.misses.append(_miss(case, reply))
        else:
            report.off_topic += 1
            if _is_answer(reply):
                report.false_answers += 1
                report.misses.append(_miss(case, reply))
    if sweep:
        report.sweep = _sweep(answerer, cases)
    return report


def _miss(case: Case, reply: Reply) -> str:
    got = reply.question or reply.topic or ", ".join(s.question[:40] for s in reply.suggestions[:2])
    return f"line {case.line}: [{case.expect}] {case.query[:70]!r} -> {reply.kind} {reply.score:.0f} {got[:70]!r}"


def _sweep(answerer: Answerer, cases: list[Case]) -> list[tuple[float, float, float]]:
    """Accuracy and false-answer rate at other answer thresholds, all else unchanged."""
    base = answerer.thresholds
    rows = []
    for threshold in range(20, 85, 5):
        thresholds = replace(base, answer=float(threshold), suggest=min(base.suggest, threshold))
        r = evaluate(Answerer(answerer.kb, matcher=answerer.matcher, thresholds=thresholds), cases, sweep=False)
        rows.append((float(threshold), r.accuracy, r.false_rate))
    return rows


def format_report(report: EvalReport, show_misses: int = 30) -> str:
    """Human-readable report: misses, the threshold sweep, then the three headline figures."""
    lines = []
    if report.misses:
        lines.append(f"misses ({len(report.misses)}):")
        lines += [f"  {m}" for m in report.misses[:show_misses]]
        if len(report.misses) > show_misses:
            lines.append(f"  ... and {len(report.misses) - show_misses} more")
    if report.sweep:
        lines.append("threshold sweep (answer threshold: in-scope right / off-topic answered):")
        lines += [f"  {t:5.0f}: {a:6.1%} / {f:6.1%}" for t, a, f in report.sweep]
    lines.append(f"in-scope answered right: {report.right}/{report.in_scope} = {report.accuracy:.1%}"
                 f" (wrong answers: {report.wrong})")
    lines.append(f"summary requests recognised: {report.summaries_right}/{report.summaries} = "
                 f"{report.summary_accuracy:.1%}")
    lines.append(f"off-topic answered: {report.false_answers}/{report.off_topic} = {report.false_rate:.1%}")
    return "\n".join(lines)
