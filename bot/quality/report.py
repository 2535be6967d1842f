"""The maintainer's report: answer rate per day, unanswered questions clustered by wording, most-👎 entries."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz, process

from bot.engine.answerer import Answerer
from bot.engine.text import clean, terms
from bot.store import DayCount, EntryVotes, Store, Unanswered

__all__ = [
    "SIMILARITY",
    "Cluster",
    "Report",
    "build_report",
    "cluster",
    "draft_yaml",
    "format_report",
    "parse_since",
    "stats_text",
]

#: Two questions whose content words score at least this (token sort ratio) share a cluster.
SIMILARITY = 78.0
_MAX_UNIQUE = 2000  # clustering is quadratic in the worst case: about a second here; the rest by nearest entry
_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw]?)\s*$")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "": 86400}


def parse_since(value: str) -> float:
    """``30m``, ``12h``, ``7d``, ``2w`` (a bare number is days) as seconds; ValueError when malformed."""
    match = _SINCE.match(value or "")
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"--since must look like 30m, 12h, 7d or 2w, not {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


@dataclass
class Cluster:
    """Unanswered questions worded alike (or, without stored text, near the same entry)."""

    key: str  # the content words the cluster is matched on
    texts: Counter[str] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)
    count: int = 0
    best_score: float = 0.0

    @property
    def text(self) -> str | None:
        """The most frequent wording, or None when no text was stored."""
        return self.texts.most_common(1)[0][0] if self.texts else None

    @property
    def candidate(self) -> str | None:
        """The entry most often nearest to these questions."""
        return self.candidates.most_common(1)[0][0] if self.candidates else None

    def add(self, item: Unanswered, text: str | None) -> None:
        """Count one more question in this cluster."""
        self.count += 1
        if text:
            self.texts[text] += 1
        if item.candidate:
            self.candidates[item.candidate] += 1
        self.best_score = max(self.best_score, item.score)


def _key(text: str) -> str:
    return " ".join(sorted(terms(text))) or text.casefold()


def cluster(items: list[Unanswered], similarity: float = SIMILARITY) -> list[Cluster]:
    """Group unanswered questions by similar wording, most frequent first; no text: by nearest entry."""
    with_text = [(item, clean(item.text)) for item in items if item.text and clean(item.text)]
    by_wording = Counter(text for _, text in with_text)
    keys: list[str] = []
    clusters: list[Cluster] = []
    assigned: dict[str, Cluster] = {}
    for text, _count in by_wording.most_common(_MAX_UNIQUE):
        key = _key(text)
        match = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=similarity) if keys else None
        if match is None:
            keys.append(key)
            clusters.append(Cluster(key))
            assigned[text] = clusters[-1]
        else:
            assigned[text] = clusters[match[2]]
    other: dict[str, Cluster] = {}
    for item, text in with_text:
        target = assigned.get(text)
        if target is None:  # beyond _MAX_UNIQUE: grouped with its nearest entry instead
            target = other.setdefault(item.candidate or "", Cluster(item.candidate or ""))
            text = ""
        target.add(item, text)
    for item in items:
        if not (item.text and clean(item.text)):
            other.setdefault(item.candidate or "", Cluster(item.candidate or "")).add(item, None)
    everything = [c for c in [*clusters, *other.values()] if c.count]
    return sorted(everything, key=lambda c: (-c.count, c.text or c.key))


@dataclass(frozen=True)
class Report:
    """Everything the report prints, for a time window."""

    since: float
    days: list[DayCount]
    clusters: list[Cluster]
    votes: list[EntryVotes]
    store_enabled: bool = True

    @property
    def asked(self) -> int:
        """Questions in the window."""
        return sum(d.asked for d in self.days)

    @property
    def answered(self) -> int:
        """Questions answered outright in the window."""
        return sum(d.answered for d in self.days)


def build_report(store: Store, since_seconds: float, now: float | None = None) -> Report:
    """Query the store for the last ``since_seconds`` and cluster the unanswered questions."""
    since = (now if now is not None else time.time()) - since_seconds
    return Report(since, store.days(since), cluster(store.unanswered(since)), store.entry_votes(since),
                  store.enabled)


def _one_line(text: str, limit: int = 80) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_label(answerer: Answerer | None, entry_id: str | None) -> str:
    if not entry_id:
        return "no close entry"
    entry = answerer.entry(entry_id) if answerer else None
    return f"{entry_id} “{_one_line(entry.question, 50)}”" if entry else f"{entry_id} (no longer in the KB)"


def format_report(report: Report, answerer: Answerer | None = None, top: int = 30) -> str:
    """The report as plain text."""
    day = time.strftime("%Y-%m-%d %H:%M", time.gmtime(report.since))
    lines = [f"faqbot report since {day} UTC"]
    if not report.store_enabled:
        return "\n".join([*lines, "The store is off, so there is nothing to report (see the warning above)."])
    lines += ["", "Answer rate per day (UTC)",
              f"  {'day':<10}  {'asked':>6}  {'answered':>8}  {'did-you-mean':>12}  {'unanswered':>10}  {'rate':>5}"]
    for d in report.days:
        lines.append(f"  {d.day:<10}  {d.asked:>6}  {d.answered:>8}  {d.suggested:>12}  {d.unanswered:>10}  "
                     f"{d.rate:>5.0%}")
    if not report.days:
        lines.append("  (no questions recorded)")
    elif len(report.days) > 1:
        rate = report.answered / report.asked if report.asked else 0.0
        lines.append(f"  {'total':<10}  {report.asked:>6}  {report.answered:>8}  "
                     f"{sum(d.suggested for d in report.days):>12}  {sum(d.unanswered for d in report.days):>10}  "
                     f"{rate:>5.0%}")
    total = sum(c.count for c in report.clusters)
    lines += ["", f"Unanswered questions: {total} in {len(report.clusters)} cluster(s), most frequent first"]
    for c in report.clusters[:top]:
        head = f"“{_one_line(c.text)}”" if c.text else "(question text not stored)"
        lines.append(f"  {c.count:>4}×  {head}  [nearest: {_entry_label(answerer, c.candidate)}, "
                     f"best score {c.best_score:.0f}]")
        others = [t for t, _ in c.texts.most_common(4)[1:]]
        if others:
            lines.append("         also: " + "; ".join(f"“{_one_line(t, 50)}”" for t in others))
    if len(report.clusters) > top:
        lines.append(f"  … and {len(report.clusters) - top} smaller cluster(s)")
    disliked = [v for v in report.votes if v.down]
    lines += ["", "Entries with the most 👎"]
    lines += [f"  {v.down:>4} 👎 {v.up:>4} 👍  {_entry_label(answerer, v.entry_id)}" for v in disliked[:top]]
    if not disliked:
        lines.append("  (none)")
    return "\n".join(lines)


def _comment(text: str) -> str:
    """User text made safe for a YAML comment (one line, no control characters)."""
    return _one_line(text, 100).replace("\n", " ")


def draft_yaml(report: Report, answerer: Answerer) -> str:
    """A YAML snippet for review: new entries with empty answers, and alternates for near-matched entries.

    Clusters are re-scored against the current KB: ones it now answers are skipped, ones close to an
    entry become that entry's alternates, the rest become new entries.
    """
    new_entries: list[dict[str, object]] = []
    notes: list[str] = []
    alternates: dict[str, list[str]] = {}
    t = answerer.thresholds
    for c in report.clusters:
        if not c.text:
            continue  # no stored text (FAQBOT_STORE_TEXT=0): nothing to draft from
        ranked = answerer.matcher.score(c.text, limit=2)
        top = ranked[0] if ranked else None
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top and top.score >= t.answer and top.score - runner_up >= t.margin:
            notes.append(f"#   {c.count}× “{_comment(c.text)}” is answered now by {top.entry_id}")
            continue
        wordings = [w for w, _ in c.texts.most_common(5)]
        if top and top.score >= t.suggest:
            bucket = alternates.setdefault(top.entry_id, [])
            bucket += [w for w in wordings if w not in bucket]
        else:
            entry: dict[str, object] = {"question": c.text, "answer": ""}
            if wordings[1:]:
                entry["alternates"] = wordings[1:]
            new_entries.append(entry)
    out = ["# faqbot report --draft: review before use. Fill in each answer, then move the new entries into",
           "# a topic file's `entries:`, and add the alternates to the entries named (by id)."]
    if notes:
        out += ["# Skipped, the current KB answers them already:", *notes]
    body: dict[str, object] = {"new_entries": new_entries, "alternates": alternates}
    out.append(yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100).rstrip())
    for entry_id in alternates:
        entry_obj = answerer.entry(entry_id)
        if entry_obj is not None:
            out.append(f"# {entry_id}: “{_comment(entry_obj.question)}” ({entry_obj.source or 'source unknown'})")
    return "\n".join(out) + "\n"


def stats_text(store: Store, answerer: Answerer, days: int = 7, top: int = 5) -> str:
    """The admin `/stats` reply: KB size, answer rate, top unanswered, most 👎 (plain text, short)."""
    kb = answerer.kb
    lines = [f"Knowledge base: {len(kb.topics)} topic(s), {len(kb)} entries."]
    if not store.enabled:
        return "\n".join([*lines, "Store: off, so no statistics are recorded."])
    store.flush(1.0)  # include what was asked a moment ago
    report = build_report(store, days * 86400)
    if not report.asked:
        return "\n".join([*lines, f"No questions in the last {days} days."])
    lines.append(f"Last {days} days: {report.asked} questions, {report.answered / report.asked:.0%} answered.")
    if report.clusters:
        lines.append("Top unanswered:")
        for c in report.clusters[:top]:
            lines.append(f"  {c.count}× " + (f"“{_one_line(c.text, 60)}”" if c.text
                                              else f"(text not stored) near {c.candidate or 'no entry'}"))
    disliked = [v for v in report.votes if v.down][:3]
    if disliked:
        lines.append("Most 👎: " + ", ".join(f"{v.entry_id} ({v.down})" for v in disliked))
    return "\n".join(lines)
