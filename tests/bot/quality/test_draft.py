"""The YAML draft of `faqbot report --draft`: near misses become alternates, new questions entries."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.engine.answerer import Answerer, Thresholds
from bot.engine.lexical import Candidate
from bot.kb.loader import load_kb
from bot.quality.draft import Pick, draft_data, draft_yaml
from bot.quality.report import Report, cluster
from tests.bot.quality.townhall import PASSPORT, KeywordEngine, kb_file, unanswered


class StubMatcher:
    """Scores by keyword, so the test decides which clusters are answered, near or new."""

    name = "stub"

    def __init__(self, scores: dict[str, tuple[str, float]]) -> None:
        self.scores = scores

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """The entry of the first keyword found in ``text``."""
        for word, (entry_id, score) in self.scores.items():
            if word in text:
                return [Candidate(entry_id, score)]
        return []


def test_draft_turns_near_misses_into_alternates_and_the_rest_into_new_entries(tmp_path: Path) -> None:
    matcher = StubMatcher({"fee": ("passport", 40.0), "renew": ("passport", 95.0), "car": ("parking", 35.0)})
    answerer = Answerer(load_kb(kb_file(tmp_path)), matcher=matcher, thresholds=Thresholds(answer=50, suggest=30))
    items = [unanswered("passport fee"), unanswered("passport fees"), unanswered("what is the passport fee"),
             unanswered("is the swimming pool heated"), unanswered("swimming pool heated?"),
             unanswered("renew my passport"), unanswered("car park price")]
    report = Report(since=0.0, days=[], clusters=cluster(items), votes=[])
    draft_text = draft_yaml(report, answerer)
    draft = yaml.safe_load(draft_text)
    assert draft["new_entries"] == [{"question": "is the swimming pool heated", "answer": "",
                                     "alternates": ["swimming pool heated?"]}]
    assert set(draft["alternates"]) == {"passport", "parking"}
    assert draft["alternates"]["passport"][0] in ("passport fee", "passport fees", "what is the passport fee")
    assert draft["alternates"]["parking"] == ["car park price"]
    assert "renew my passport" in draft_text and "answered now by passport" in draft_text  # as a comment only
    assert all("renew" not in t for t in draft["alternates"]["passport"])
    assert PASSPORT[0] in draft_text  # the entry named for the alternates, so the reviewer can find it


def test_draft_without_stored_text_has_nothing_to_propose(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(kb_file(tmp_path)))
    report = Report(since=0.0, days=[], clusters=cluster([unanswered(None, "passport")]), votes=[])
    assert yaml.safe_load(draft_yaml(report, answerer)) == {"new_entries": [], "alternates": {}, "asked": {}}


def test_the_draft_rescores_with_the_engine_it_is_given(tmp_path: Path) -> None:
    kb = load_kb(kb_file(tmp_path))
    report = Report(0.0, [], cluster([unanswered("how do I renew my passport"), unanswered("zzz passport")]), [])
    lexical, _ = draft_data(report, Answerer(kb))
    assert "how do I renew my passport" not in str(lexical["new_entries"])  # lexical: answered now
    live, notes = draft_data(report, Answerer(kb, matcher=KeywordEngine("zzz", "passport"),
                                              thresholds=Thresholds(answer=50, suggest=30)))
    assert [e["question"] for e in live["new_entries"]] == ["how do I renew my passport"]  # the bot fails on it
    assert any("zzz passport" in n and "answered now by passport" in n for n in notes)


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
