"""FaqService with a store: what is recorded (and what never is), feedback, stats, close."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.testing.kb import build_kb, entry, topic
from bot.engine.answerer import Answerer
from bot.engine.reply import Reply
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refusal, Refused
from bot.store import NullStore
from bot.store.sqlite import SqliteStore
from tests.bot.store.sqlfile import rows

ALICE = User("telegram", "5550001", "-100777")
BOB = User("discord", "8880002", "guild-chan-9")
ADMIN = User("telegram", "42")
CAT = ("How often should I feed my cat?", "Twice a day.")
DOG = ("How long should I walk my dog?", "At least an hour a day.")


def answerer(folder: Path) -> Answerer:
    """A tiny KB about pets."""
    return Answerer(build_kb(topic("Pets", [entry(*CAT, id="cat"), entry(*DOG, id="dog")], summary="Pets.")))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the store file goes."""
    return tmp_path / "data" / "faqbot.sqlite3"


def reply_of(outcome: Outcome) -> Reply:
    """The reply of an answered action (fails the test otherwise)."""
    assert isinstance(outcome, Answered), outcome
    return outcome.reply


def service(tmp_path: Path, db: Path, **kwargs: object) -> FaqService:
    """A service over the pet KB with a SQLite store."""
    return FaqService(answerer(tmp_path), store=SqliteStore(db), admins=frozenset({ADMIN.key}),
                      **kwargs)  # type: ignore[arg-type]


def test_unanswered_questions_are_recorded_with_text_candidate_and_score(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    unknown = reply_of(svc.ask("what is the capital of peru", ALICE))
    answered = reply_of(svc.ask("how often do I feed my cat", ALICE))
    svc.ask("hello", ALICE)  # small talk is not a question
    svc.ask("", ALICE)
    svc.close()
    assert unknown.kind == "none"
    assert answered.kind == "answer"
    stored = rows(db, "SELECT kind, text, entry_id, score, platform FROM replies ORDER BY id")
    assert [(k, t) for k, t, *_ in stored] == [("none", "what is the capital of peru"), ("answer", None)]
    assert stored[0][3] == unknown.score and stored[0][4] == "telegram"
    assert stored[1][2] == "cat"


def test_a_suggest_reply_keeps_its_best_candidate(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    replies = [reply_of(svc.ask(q, BOB)) for q in ("feed", "cat dog", "walk feed", "how often", "my pet")]
    svc.close()
    suggested = [r for r in replies if r.kind == "suggest"]
    stored = rows(db, "SELECT text, entry_id FROM replies WHERE kind = 'suggest'")
    assert len(stored) == len(suggested)
    for reply, (text, entry_id) in zip(suggested, stored, strict=True):
        assert text == reply.query and entry_id == reply.suggestions[0].id


def test_ids_are_only_stored_as_salted_hashes(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    svc.ask("what is the capital of peru", ALICE)
    assert isinstance(svc.feedback("cat", ALICE, False), Noted)
    svc.close()
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir())
    for secret in (ALICE.user_id, ALICE.chat_id, "telegram:5550001"):
        assert secret.encode() not in raw
    (user_hash, chat_hash), = rows(db, "SELECT user_hash, chat_hash FROM replies")
    assert user_hash and chat_hash and user_hash != chat_hash


def test_store_text_off_keeps_no_question_text(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db, store_text=False)
    svc.ask("my secret question about peru", ALICE)
    svc.close()
    assert rows(db, "SELECT kind, text FROM replies") == [("none", None)]
    assert b"peru" not in b"".join(p.read_bytes() for p in db.parent.iterdir())


def counted(outcome: Outcome) -> bool:
    """Whether a feedback outcome was counted (False for a repeat or a refusal)."""
    return isinstance(outcome, Noted) and outcome.counted


def test_feedback_counts_once_per_user_and_entry(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    assert counted(svc.feedback("cat", ALICE, True)) is True
    repeat = svc.feedback("cat", ALICE, True)  # pressed twice
    assert isinstance(repeat, Noted) and not repeat.counted and "already" in repeat.text
    assert counted(svc.feedback("cat", BOB, True)) is True
    assert counted(svc.feedback("cat", ALICE, False)) is True  # changed their mind: replaces, not adds
    assert svc.feedback("no-such-entry", ALICE, True) == Refused(Refusal.REMOVED, svc.feedback("", ALICE, True).text)
    assert isinstance(svc.feedback("", ALICE, True), Refused)
    svc.close()
    assert sorted(rows(db, "SELECT entry_id, helpful FROM votes")) == [("cat", 0), ("cat", 1)]


def test_feedback_without_a_store_still_recognises_repeats(tmp_path: Path) -> None:
    svc = FaqService(answerer(tmp_path))  # the old constructor still works
    assert isinstance(svc.store, NullStore)
    assert counted(svc.feedback("dog", ALICE, True)) is True
    assert counted(svc.feedback("dog", ALICE, True)) is False
    svc.close()


def test_stats_has_kb_size_answer_rate_and_top_unanswered(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    for question in ("what is the capital of peru", "capital of peru?", "what is the capital of peru",
                     "how often do I feed my cat"):
        svc.ask(question, ALICE)
    svc.feedback("dog", BOB, False)
    assert isinstance(svc.stats(ALICE), Refused)  # the admin check covers stats too
    outcome = svc.stats(ADMIN)
    svc.close()
    assert isinstance(outcome, AdminResult) and outcome.ok
    text = outcome.text
    assert "1 topic(s), 2 entries" in text
    assert "4 questions, 25% answered" in text
    assert "3× “what is the capital of peru”" in text
    assert "dog (1)" in text


def test_stats_without_a_store_says_so(tmp_path: Path) -> None:
    outcome = FaqService(answerer(tmp_path), admins=frozenset({ADMIN.key})).stats(ADMIN)
    assert isinstance(outcome, AdminResult) and "2 entries" in outcome.text and "Store: off" in outcome.text


def test_close_flushes_and_is_idempotent(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    for n in range(50):
        svc.ask(f"unknown thing number {n}", ALICE)
    svc.close()
    svc.close()
    assert rows(db, "SELECT count(*) FROM replies") == [(50,)]


@pytest.mark.parametrize("odd", ["😀" * 50, "مرحبا", "<b>&</b> *x* @everyone", "a\x00\x1b\u202eb", "x" * 100_000])
def test_odd_questions_are_recorded_without_trouble(tmp_path: Path, db: Path, odd: str) -> None:
    svc = service(tmp_path, db)
    reply_of(svc.ask(odd, ALICE))
    svc.close()
    stored = rows(db, "SELECT text FROM replies")
    assert len(stored) <= 1
    if stored and stored[0][0] is not None:
        assert len(str(stored[0][0])) <= 500 and "\x00" not in str(stored[0][0])


@pytest.mark.parametrize("keys", ["\x1b[A", "\x1b[A\x1b[B\x1b[C", "\x1bOP", "\x1b[3~", "\x07\x08", "[A", "[1;5D"])
def test_arrow_keys_and_control_input_are_never_recorded_as_questions(tmp_path: Path, db: Path, keys: str) -> None:
    svc = service(tmp_path, db)
    svc.ask(keys, ALICE)
    svc.ask("what is the capital\x1b[D\x1b[C of peru\x1b[A\x07", ALICE)
    svc.close()
    assert rows(db, "SELECT text FROM replies") == [("what is the capital of peru",)]


def test_a_did_you_mean_choice_is_recorded_as_a_pick_and_each_reply_with_its_tier(tmp_path: Path, db: Path) -> None:
    svc = service(tmp_path, db)
    outcome = svc.ask("feed my dog", ALICE)
    assert isinstance(outcome, Answered) and outcome.reply.kind == "suggest"
    svc.pick("dog", ALICE)  # chosen from the suggestions: a pick
    svc.pick("dog", ALICE)  # pressed again: no second pick
    svc.pick("cat", BOB)  # never offered to Bob: not a pick
    svc.ask(CAT[0], ALICE)
    svc.close()
    assert rows(db, "SELECT entry_id, text FROM picks") == [("dog", "feed my dog")]
    replies = rows(db, "SELECT kind, tier FROM replies ORDER BY id")
    assert replies[0] == ("suggest", "lexical") and {tier for _, tier in replies} == {"lexical"}
