"""The maintainer's report: rates per day, clusters of unanswered questions, most-👎 entries, the YAML draft."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.engine.answerer import Answerer, Thresholds
from bot.engine.lexical import Candidate
from bot.kb.loader import load_kb
from bot.quality.draft import draft_yaml
from bot.quality.report import Report, build_report, cluster, format_report, parse_since, stats_text
from bot.store import NullStore, ReplyRecord, Unanswered, Vote
from bot.store.sqlite import SqliteStore

DAY = 86400.0
PASSPORT = ("How do I renew my passport?", "Book an appointment at the town hall.")
PARKING = ("Where can I park near the town hall?", "In the garage on Main Street.")


def kb_file(folder: Path) -> Path:
    """A one-topic KB about the town hall."""
    path = folder / "town.yaml"
    path.write_text(yaml.safe_dump({
        "topic": "Town hall", "summary": "Services of the town hall.",
        "entries": [{"id": "passport", "question": PASSPORT[0], "answer": PASSPORT[1]},
                    {"id": "parking", "question": PARKING[0], "answer": PARKING[1]}],
    }, sort_keys=False), encoding="utf-8")
    return path


def unanswered(text: str | None, candidate: str | None = None, score: float = 10.0) -> Unanswered:
    """A stored unanswered question."""
    return Unanswered(time.time(), "test", "none", text, candidate, score)


def record(text: str | None, kind: str = "none", ts: float | None = None, candidate: str | None = None) -> ReplyRecord:
    """A reply record to put in a store."""
    return ReplyRecord(ts if ts is not None else time.time(), "telegram", kind, candidate, 20.0, text, "u", "c")


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


# --- the command ----------------------------------------------------------------------------------
@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FAQBOT_DATA in a temporary folder, and a clean environment for the other settings."""
    data = tmp_path / "data" / "faqbot.sqlite3"
    monkeypatch.setenv("FAQBOT_DATA", str(data))
    monkeypatch.chdir(tmp_path)
    for name in ("FAQBOT_HASH_SALT", "FAQBOT_HASH_KEY", "FAQBOT_ADMINS", "FAQBOT_LOG_FORMAT", "FAQBOT_STORE_TEXT"):
        monkeypatch.delenv(name, raising=False)
    return data


def test_report_command_without_a_store_says_nothing_recorded(env: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--kb", str(kb_file(tmp_path))]) == 0
    assert "nothing has been recorded" in capsys.readouterr().out
    assert not env.exists()


def test_report_command_prints_report_and_draft(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = kb_file(tmp_path)
    store = SqliteStore(env)
    for text in ("is the swimming pool heated", "swimming pool heated?", "is the swimming pool heated"):
        store.record_reply(record(text))
    store.close()
    assert main(["report", "--kb", str(kb), "--since", "1d"]) == 0
    out = capsys.readouterr().out
    assert "3×  “is the swimming pool heated”" in out
    assert main(["report", "--kb", str(kb), "--draft"]) == 0
    draft = yaml.safe_load(capsys.readouterr().out)
    assert draft["new_entries"][0]["question"] == "is the swimming pool heated"
    assert main(["report", "--kb", str(kb), "--since", "soon"]) == 2
    assert "--since" in capsys.readouterr().err


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
