"""The report with the live engine: re-scoring, paraphrase clusters, ignore that sticks, picks, HTML content."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.cli import main
from bot.engine.answerer import Answerer, Thresholds
from bot.engine.lexical import Candidate
from bot.kb.loader import load_kb
from bot.quality.draft import Pick, draft_data
from bot.quality.html import render_html
from bot.quality.ignore import IgnoreList, ignore_path
from bot.quality.questions import question_text
from bot.quality.report import Report, build_report, cluster, engine_embed
from bot.store import DayCount, EntryVotes, ReplyRecord, Unanswered
from bot.store.sqlite import SqliteStore
from tests.bot.quality.test_report import kb_file


def _unanswered(text: str | None, candidate: str | None = None) -> Unanswered:
    return Unanswered(time.time(), "test", "none", text, candidate, 10.0)


class _Engine:
    """An engine that answers only what contains its keyword: unlike the lexical matcher, on purpose."""

    name = "engine"

    def __init__(self, keyword: str, entry_id: str) -> None:
        self.keyword, self.entry_id = keyword, entry_id

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        return [Candidate(self.entry_id, 95.0)] if self.keyword in text else []


def test_the_draft_rescores_with_the_engine_it_is_given(tmp_path: Path) -> None:
    kb = load_kb(kb_file(tmp_path))
    report = Report(0.0, [], cluster([_unanswered("how do I renew my passport"), _unanswered("zzz passport")]), [])
    lexical, _ = draft_data(report, Answerer(kb))
    assert "how do I renew my passport" not in str(lexical["new_entries"])  # lexical: answered now
    live, notes = draft_data(report, Answerer(kb, matcher=_Engine("zzz", "passport"),
                                              thresholds=Thresholds(answer=50, suggest=30)))
    assert [e["question"] for e in live["new_entries"]] == ["how do I renew my passport"]  # the bot fails on it
    assert any("zzz passport" in n and "answered now by passport" in n for n in notes)


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
    items = [_unanswered(t) for t in ("when does the pool open", "swimming hours", "is the bath free today",
                                      "parking fine appeal")]
    assert len(cluster(items)) == 4
    embed = _Embeddings([["when does the pool open", "swimming hours", "is the bath free today"]]).encode
    merged = cluster(items, embed=embed)
    assert [c.count for c in merged] == [3, 1]
    assert set(merged[0].texts) == {"when does the pool open", "swimming hours", "is the bath free today"}


def test_engine_embed_is_the_semantic_encoder_or_none(tmp_path: Path) -> None:
    kb = load_kb(kb_file(tmp_path))
    assert engine_embed(Answerer(kb)) is None

    class WithEncoder(_Engine):
        encoder = _Embeddings([])

    assert engine_embed(Answerer(kb, matcher=WithEncoder("x", "passport"))) is not None


def test_escape_sequence_remnants_are_never_clustered_or_proposed(tmp_path: Path) -> None:
    items = [_unanswered("[A"), _unanswered("[A[B"), _unanswered("[1;5C"), _unanswered("is the pool heated")]
    clusters = cluster(items)
    assert [c.text for c in clusters if c.text] == ["is the pool heated"]
    data, _ = draft_data(Report(0.0, [], clusters, []), Answerer(load_kb(kb_file(tmp_path))))
    assert "[A" not in str(data)
    assert question_text("\x1b[A") is None and question_text("is it [A] or [B]?") == "is it [A] or [B]?"


def test_picks_become_alternates_once_enough_users_made_the_same_one(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(kb_file(tmp_path)))
    picks = [Pick("Passport costs?", "passport", "u1"), Pick("passport costs", "passport", "u2"),
             Pick("PASSPORT COSTS?", "passport", "u2"),  # the same user twice counts once
             Pick("where do I leave my car", "parking", "u1"), Pick("where do I leave my car", "parking", "u2"),
             Pick("where do I leave my car", "parking", "u3"), Pick("\x1b[A", "parking", "u4")]
    empty = Report(0.0, [], [], [])
    data, _ = draft_data(empty, answerer, picks, min_picks=3)
    assert data["alternates"] == {"parking": ["where do I leave my car"]}
    assert data["asked"]["parking"]["picked"] == {"where do I leave my car": 3}
    data, _ = draft_data(empty, answerer, picks, min_picks=2)
    assert data["alternates"]["passport"] == ["Passport costs?"]


def _store_with(tmp_path: Path, texts: list[str]) -> Path:
    data = tmp_path / "data" / "faqbot.sqlite3"
    store = SqliteStore(data)
    for text in texts:
        store.record_reply(ReplyRecord(time.time(), "telegram", "none", None, 10.0, text, "u", "c"))
    store.close()
    return data


def test_ignore_sticks_across_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    kb = kb_file(tmp_path)
    monkeypatch.setenv("FAQBOT_DATA", str(_store_with(tmp_path, ["is the pool heated"] * 3 + ["who is the mayor"])))
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    assert main(["report", "--kb", str(kb)]) == 0
    out = capsys.readouterr().out
    pool = next(line for line in out.splitlines() if "is the pool heated" in line)
    cluster_id = pool.split("[", 1)[1].split(";", 1)[0]
    assert main(["report", "--kb", str(kb), "--ignore", cluster_id]) == 0
    assert "ignoring" in capsys.readouterr().err and ignore_path(kb).is_file()
    assert main(["report", "--kb", str(kb)]) == 0
    out = capsys.readouterr().out
    assert "is the pool heated" not in out and "3 more in clusters dismissed with --ignore" in out
    assert main(["report", "--kb", str(kb), "--draft"]) == 0
    draft = yaml.safe_load(capsys.readouterr().out)
    assert [e["question"] for e in draft["new_entries"]] == ["who is the mayor"]
    assert main(["report", "--kb", str(kb), "--ignore", "c000000"]) == 2
    assert load_kb(kb.parent).entries  # the ignore file beside the KB is not read as a topic
    assert len(IgnoreList(ignore_path(kb)).items) == 1


class _Page(HTMLParser):
    """Collects what a reader of the page gets: tags, bars by class, texts, and anything that loads."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bars: dict[str, list[dict[str, str]]] = {}
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "rect" and "class" in values:
            self.bars.setdefault(values["class"], []).append(values)
        for name in ("src", "href"):
            if values.get(name):
                self.external.append(values[name])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_self_contained_with_the_four_charts(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(kb_file(tmp_path)))
    report = Report(
        since=0.0,
        days=[DayCount("2026-11-30", 10, 7, 1, 2), DayCount("2026-12-01", 4, 1, 1, 2)],
        clusters=cluster([_unanswered("is the pool heated")] * 3 + [_unanswered("<script>alert(1)</script> x")]),
        votes=[EntryVotes("parking", 1, 4), EntryVotes("passport", 5, 0)],
        tiers=[("lexical", 9), ("semantic", 3)],
    )
    html = render_html(report, answerer)
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and page.external == [] and "<script>alert" not in html
    assert page.tags.count("svg") == 4
    assert [(b["data-day"], b["data-rate"]) for b in page.bars["bar"]] == [("2026-11-30", "0.7000"),
                                                                          ("2026-12-01", "0.2500")]
    assert (page.bars["cluster"][0]["data-label"], page.bars["cluster"][0]["data-value"]) == ("is the pool heated", "3")
    votes = [(b["data-label"], b["data-value"]) for b in page.bars["vote"]]
    assert ("Where can I park near the town hall? (parking)", "4") in votes
    assert [(b["data-label"], b["data-value"]) for b in page.bars["tier"]] == [("lexical", "9"), ("semantic", "3")]
    assert "<script>alert(1)</script> x" in "".join(page.text)  # shown as text, escaped


def test_report_html_command_writes_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = kb_file(tmp_path)
    monkeypatch.setenv("FAQBOT_DATA", str(_store_with(tmp_path, ["is the pool heated"] * 2)))
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    out = tmp_path / "report.html"
    assert main(["report", "--kb", str(kb), "--html", str(out)]) == 0
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert [b["data-value"] for b in page.bars["cluster"]] == ["2"]



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
