"""The maintainer's report: answer rate per day, unanswered questions clustered by wording, most-👎 entries."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.engine.answerer import Answerer
from bot.engine.text import clean, terms
from bot.quality.questions import question_text
from bot.store import DayCount, EntryVotes, Store, Unanswered

__all__ = [
    "MEANING",
    "SIMILARITY",
    "Cluster",
    "Embed",
    "Report",
    "build_report",
    "cluster",
    "engine_embed",
    "format_report",
    "parse_since",
    "stats_text",
]

#: Two questions whose content words score at least this (token sort ratio) share a cluster.
SIMILARITY = 78.0
#: Two wordings whose sentence embeddings have at least this cosine similarity are paraphrases: one cluster.
MEANING = 0.82
#: Unit vectors (one row per text) for a list of texts: the engine's sentence embeddings.
Embed = Callable[[list[str]], Any]
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
    def id(self) -> str:
        """A short stable name for the cluster (from its key words), for ``faqbot report --ignore``."""
        return "c" + hashlib.sha1(self.key.encode("utf-8", "replace")).hexdigest()[:6]

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


def engine_embed(answerer: Answerer | None) -> Embed | None:
    """The engine's sentence encoder as an ``Embed``, or None when the engine has none (lexical)."""
    matcher = getattr(answerer, "matcher", None)
    # The whole engine keeps its English sentence tier (and that tier's encoder) in ``english``.
    encoder = getattr(matcher, "encoder", None) or getattr(getattr(matcher, "english", None), "encoder", None)
    encode = getattr(encoder, "encode", None)
    return encode if callable(encode) else None


def _merge_by_meaning(texts: Sequence[str], embed: Embed, parent: list[int]) -> None:
    """Join (union-find ``parent``) wordings whose embeddings are close: paraphrases with other words."""
    import numpy as np  # only with the semantic engine, which brings numpy

    vectors = np.asarray(embed(list(texts)), dtype=np.float32)
    similar = vectors @ vectors.T
    for i in range(len(texts)):
        for j in np.nonzero(similar[i, i + 1:] >= MEANING)[0]:
            a, b = _root(parent, i), _root(parent, i + 1 + int(j))
            if a != b:
                parent[max(a, b)] = min(a, b)  # the more frequent wording (lower index) leads


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def cluster(items: list[Unanswered], similarity: float = SIMILARITY, embed: Embed | None = None) -> list[Cluster]:
    """Group unanswered questions by similar wording (and meaning, with ``embed``), most frequent first.

    Texts that are no question (escape-sequence remnants, control input) are left out; without text,
    questions are grouped by their nearest entry.
    """
    with_text = [(item, question_text(item.text)) for item in items]
    by_wording = Counter(text for _, text in with_text if text)
    wordings = [text for text, _count in by_wording.most_common(_MAX_UNIQUE)]
    keys: list[str] = []
    leader: list[int] = []  # per wording: the index of the first wording of its cluster
    for index, text in enumerate(wordings):
        key = _key(text)
        match = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=similarity) if keys else None
        leader.append(leader[match[2]] if match is not None else index)
        keys.append(key)
    parent = list(range(len(wordings)))
    for index, first in enumerate(leader):
        parent[index] = first
    if embed is not None and len(wordings) > 1:
        _merge_by_meaning(wordings, embed, parent)
    clusters: dict[int, Cluster] = {}
    assigned: dict[str, Cluster] = {}
    for index, text in enumerate(wordings):
        root = _root(parent, index)
        assigned[text] = clusters.setdefault(root, Cluster(keys[root]))
    other: dict[str, Cluster] = {}
    for item, wording in with_text:
        target = assigned.get(wording) if wording else None
        if target is None:  # no text, or beyond _MAX_UNIQUE: grouped with its nearest entry instead
            other.setdefault(item.candidate or "", Cluster(item.candidate or "")).add(item, None)
        else:
            target.add(item, wording)
    everything = [c for c in [*clusters.values(), *other.values()] if c.count]
    return sorted(everything, key=lambda c: (-c.count, c.text or c.key))


@dataclass(frozen=True)
class Report:
    """Everything the report prints, for a time window."""

    since: float
    days: list[DayCount]
    clusters: list[Cluster]
    votes: list[EntryVotes]
    store_enabled: bool = True
    ignored: int = 0  # questions in clusters dismissed with --ignore
    tiers: list[tuple[str, int]] = field(default_factory=list)  # (engine tier, replies) when the store keeps it

    @property
    def asked(self) -> int:
        """Questions in the window."""
        return sum(d.asked for d in self.days)

    @property
    def answered(self) -> int:
        """Questions answered outright in the window."""
        return sum(d.answered for d in self.days)


def build_report(store: Store, since_seconds: float, now: float | None = None, *, embed: Embed | None = None,
                 ignore: Callable[[Cluster], bool] | None = None) -> Report:
    """Query the store for the last ``since_seconds`` and cluster the unanswered questions.

    ``embed`` (the engine's encoder) merges paraphrases; clusters ``ignore`` accepts are left out.
    """
    since = (now if now is not None else time.time()) - since_seconds
    clusters = cluster(store.unanswered(since), embed=embed)
    kept = [c for c in clusters if not (ignore and c.text and ignore(c))]
    return Report(since, store.days(since), kept, store.entry_votes(since), store.enabled,
                  ignored=sum(c.count for c in clusters) - sum(c.count for c in kept), tiers=store.tiers(since))


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
        lines.append(f"  {c.count:>4}×  {head}  [{c.id}; nearest: {_entry_label(answerer, c.candidate)}, "
                     f"best score {c.best_score:.0f}]")
        others = [t for t, _ in c.texts.most_common(4)[1:]]
        if others:
            lines.append("         also: " + "; ".join(f"“{_one_line(t, 50)}”" for t in others))
    if len(report.clusters) > top:
        lines.append(f"  … and {len(report.clusters) - top} smaller cluster(s)")
    if report.ignored:
        lines.append(f"  ({report.ignored} more in clusters dismissed with --ignore)")
    disliked = [v for v in report.votes if v.down]
    lines += ["", "Entries with the most 👎"]
    lines += [f"  {v.down:>4} 👎 {v.up:>4} 👍  {_entry_label(answerer, v.entry_id)}" for v in disliked[:top]]
    if not disliked:
        lines.append("  (none)")
    return "\n".join(lines)


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
