"""The maintainer's report: rates per day, clusters of unanswered questions, most-👎 entries, the YAML draft."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.quality.draft import draft_data, draft_yaml
from bot.quality.questions import question_text
from bot.quality.report import Report, build_report, cluster, engine_embed, format_report, parse_since, stats_text
from bot.store import NullStore, ReplyRecord, Vote
from bot.store.sqlite import SqliteStore
from tests.bot.quality.townhall import DAY, PARKING, KeywordEngine, kb_file, record, unanswered


@pytest.mark.parametrize(("value", "seconds"), [("7d", 7 * DAY), ("12h", 43200), ("30m", 1800), ("2w", 14 * DAY),
                                                 ("3", 3 * DAY), (" 1.5d ", 1.5 * DAY)])
def test_parse_since(value: str, seconds: float) -> None:
    assert parse_since(value) == seconds


@pytest.mark.parametrize("value", ["", "d", "-1d", "0d", "7y", "seven days", "1e9d"])
def test_parse_since_rejects_nonsense(value: str) -> None:
    with pytest.raises(ValueError, match="--since"):
        parse_since(value)


def test_similar_wordings_share_a_cluster_most_frequent_first() -> None:
    items = [unanswered(t) for t in [
        "what time does the library open", "When does the library open?", "library opening time",
        "what time does the library open", "how much is a dog licence", "dog licence cost",
        "is the pool heated",
    ]]
    clusters = cluster(items)
    assert [c.count for c in clusters] == [4, 2, 1]
    assert clusters[0].text == "what time does the library open"
    assert sum(c.count for c in clusters) == len(items)
    assert clusters[-1].text == "is the pool heated"


def test_unrelated_questions_stay_apart() -> None:
    clusters = cluster([unanswered("who is the mayor of springfield"), unanswered("who is the mayor of shelbyville"),
                        unanswered("when is the bin collection")])
    assert len(clusters) == 3


def test_without_stored_text_questions_are_grouped_by_nearest_entry() -> None:
    clusters = cluster([unanswered(None, "passport"), unanswered(None, "passport"), unanswered(None, "parking"),
                        unanswered(None, None)])
    assert (clusters[0].count, clusters[0].candidate, clusters[0].text) == (2, "passport", None)
    assert sum(c.count for c in clusters) == 4


@pytest.mark.parametrize("odd", ["", "   ", "😀😀", "مرحبا كيف حالك", "<b>&amp;</b> *bold* @everyone",
                                 "a\x00b\x1bc\u202e", "x" * 100_000, "line\nbreak: - [not yaml"])
def test_odd_text_never_breaks_the_report_or_the_draft(tmp_path: Path, odd: str) -> None:
    store = SqliteStore(tmp_path / "f.sqlite3")
    try:
        for _ in range(2):
            store.record_reply(record(odd))
        store.flush()
        report = build_report(store, 7 * DAY)
        answerer = Answerer(load_kb(kb_file(tmp_path)))
        text = format_report(report, answerer)
        assert "\x00" not in text and "\x1b" not in text
        draft = yaml.safe_load(draft_yaml(report, answerer))
        assert set(draft) == {"new_entries", "alternates", "asked"}
    finally:
        store.close()


def test_report_from_a_store(tmp_path: Path) -> None:
    now = time.time()
    now -= now % DAY - DAY / 2
    store = SqliteStore(tmp_path / "f.sqlite3")
    try:
        for n in range(3):
            store.record_reply(record(None, kind="answer", ts=now - n, candidate="passport"))
        store.record_reply(record("when is the pool open", ts=now - 10))
        store.record_reply(record("pool opening hours?", ts=now - 11))
        store.record_reply(record("when is the pool open", kind="suggest", ts=now - DAY, candidate="parking"))
        store.record_reply(record("ancient question", ts=now - 30 * DAY))
        store.record_feedback(Vote(now, "telegram", "parking", "u1", False))
        store.record_feedback(Vote(now, "telegram", "parking", "u2", False))
        store.record_feedback(Vote(now, "telegram", "passport", "u1", True))
        store.flush()
        report = build_report(store, 7 * DAY, now=now + 60)
        answerer = Answerer(load_kb(kb_file(tmp_path)))
        text = format_report(report, answerer)
    finally:
        store.close()
    assert [(d.asked, d.answered) for d in report.days] == [(1, 0), (5, 3)]
    assert report.asked == 6 and report.answered == 3
    assert report.clusters[0].count == 3 and report.clusters[0].text == "when is the pool open"
    assert "ancient question" not in text
    assert "60%" in text  # today: 3 of 5
    assert "3×  “when is the pool open”" in text
    lines = text.splitlines()
    votes = lines[lines.index("Entries with the most 👎") + 1]
    assert "parking" in votes and "2 👎" in votes and PARKING[0] in votes


def test_stats_text(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(kb_file(tmp_path)))
    assert "Store: off" in stats_text(NullStore(), answerer)
    store = SqliteStore(tmp_path / "f.sqlite3")
    try:
        assert "No questions" in stats_text(store, answerer)
        store.record_reply(record(None, kind="answer", candidate="passport"))
        store.record_reply(record("where is the pool"))
        store.record_feedback(Vote(time.time(), "telegram", "parking", "u1", False))
        text = stats_text(store, answerer)  # flushes on its own
    finally:
        store.close()
    assert "2 topic" not in text and "1 topic(s), 2 entries" in text
    assert "2 questions, 50% answered" in text
    assert "1× “where is the pool”" in text
    assert "parking (1)" in text


def test_beyond_the_clustering_budget_questions_are_still_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.quality.report as report_module

    monkeypatch.setattr(report_module, "_MAX_UNIQUE", 3)
    items = [unanswered(f"question number {n} about topic {n * 7}", candidate="parking" if n % 2 else None)
             for n in range(20)]
    clusters = cluster(items)
    assert sum(c.count for c in clusters) == 20
    assert sum(len(c.texts) for c in clusters) <= 3  # only the budgeted wordings are shown as text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.sampled_from([None, "a", "b"])), max_size=30))
def test_clusters_account_for_every_question(pairs: list[tuple[str, str | None]]) -> None:
    items = [unanswered(text, candidate) for text, candidate in pairs]
    clusters = cluster(items)
    assert sum(c.count for c in clusters) == len(items)
    assert [c.count for c in clusters] == sorted((c.count for c in clusters), reverse=True)
    for c in clusters:
        assert c.text is None or c.text in c.texts


class _Embeddings:
    """Sentence vectors by meaning group: paraphrases with no shared words get the same vector."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.groups = groups

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.groups) + 1), dtype=np.float32)
        for row, text in enumerate(texts):
            column = next((i for i, g in enumerate(self.groups) if text in g), len(self.groups))
            out[row, column] = 1.0
        return out


def test_clusters_merge_paraphrases_with_the_engines_embeddings() -> None:
    items = [unanswered(t) for t in ("when does the pool open", "swimming hours", "is the bath free today",
                                      "parking fine appeal")]
    assert len(cluster(items)) == 4
    embed = _Embeddings([["when does the pool open", "swimming hours", "is the bath free today"]]).encode
    merged = cluster(items, embed=embed)
    assert [c.count for c in merged] == [3, 1]
    assert set(merged[0].texts) == {"when does the pool open", "swimming hours", "is the bath free today"}


def test_engine_embed_is_the_semantic_encoder_or_none(tmp_path: Path) -> None:
    kb = load_kb(kb_file(tmp_path))
    assert engine_embed(Answerer(kb)) is None

    class WithEncoder(KeywordEngine):
        encoder = _Embeddings([])

    assert engine_embed(Answerer(kb, matcher=WithEncoder("x", "passport"))) is not None


def test_engine_embed_finds_the_whole_engines_english_encoder(tmp_path: Path) -> None:
    kb = load_kb(kb_file(tmp_path))

    class English:  # the engine's English tier (bot.engine.semantic.matcher.SemanticMatcher) holds the encoder
        encoder = _Embeddings([])

    class Engine(KeywordEngine):  # as bot.engine.cascade.Engine: the tiers are attributes, no encoder of its own
        english = English()

    assert engine_embed(Answerer(kb, matcher=Engine("x", "passport"))) is not None


def test_escape_sequence_remnants_are_never_clustered_or_proposed(tmp_path: Path) -> None:
    items = [unanswered("[A"), unanswered("[A[B"), unanswered("[1;5C"), unanswered("is the pool heated")]
    clusters = cluster(items)
    assert [c.text for c in clusters if c.text] == ["is the pool heated"]
    data, _ = draft_data(Report(0.0, [], clusters, []), Answerer(load_kb(kb_file(tmp_path))))
    assert "[A" not in str(data)
    assert question_text("\x1b[A") is None and question_text("is it [A] or [B]?") == "is it [A] or [B]?"


def test_build_report_reads_tiers_when_the_store_keeps_them(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "f.sqlite3")
    try:
        store.record_reply(ReplyRecord(time.time(), "telegram", "answer", "passport", 90.0, None, "u", "c",
                                       tier="semantic"))
        store.record_reply(ReplyRecord(time.time(), "telegram", "none", None, 9.0, "x?", "u", "c", tier="lexical"))
        store.flush()
        report = build_report(store, 86400.0)
    finally:
        store.close()
    assert sorted(report.tiers) == [("lexical", 1), ("semantic", 1)]
