"""Every user action through the façade: typed outcomes, one rate limit per user, one log line each."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot import messages
from bot.engine.answerer import Answerer
from bot.engine.reply import Intent, Role
from bot.kb.loader import load_kb
from bot.service.facade import CONSOLE_USER, FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refusal, Refused, Silent
from bot.service.ratelimit import RateLimiter
from bot.store.sqlite import SqliteStore
from tests.bot.store.sqlfile import rows
from tests.kbfiles import entry, topic, write_topic

ALICE = User("telegram", "1", "10")
BOB = User("telegram", "2", "20")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def answerer(tmp_path: Path) -> Answerer:
    """Two small topics."""
    write_topic(tmp_path, "pets.yaml", topic("Pets", [
        entry("How often should I feed my cat?", "Twice a day.", id="cat"),
        entry("How long should I walk my dog?", "An hour a day.", id="dog"),
    ]))
    bread = entry("How do I bake bread?", "Knead, rise, bake.", id="bread")
    write_topic(tmp_path, "bread.yaml", topic("Bread", [bread]))
    return Answerer(load_kb(tmp_path))


def reply_of(outcome: Outcome) -> Answered:
    """The outcome, checked to be an answer."""
    assert isinstance(outcome, Answered), outcome
    return outcome


def test_each_action_has_its_typed_outcome(answerer: Answerer) -> None:
    service = FaqService(answerer)
    assert reply_of(service.ask("how often do I feed my cat", ALICE)).reply.entry_id == "cat"
    assert reply_of(service.pick("dog", ALICE)).reply.intent is Intent.ANSWER
    assert service.pick("gone", ALICE) == Refused(Refusal.REMOVED, messages.text("service.removed"))
    topics = reply_of(service.topics(ALICE)).reply
    assert [t.label for t in topics.topics] == ["Bread", "Pets"] and topics.topics[1].count == 2
    summary = reply_of(service.summary(None, ALICE, topic_id=topics.topics[1].id)).reply
    assert summary.intent is Intent.SUMMARY and summary.topic == "Pets"
    assert service.summary(None, ALICE, topic_id="renamed-123456") == Refused(
        Refusal.REMOVED, messages.text("service.topic_removed"))
    assert reply_of(service.summary(None, ALICE)).reply.intent is Intent.TOPICS  # two topics: which one?
    helped = reply_of(service.help(ALICE)).reply
    assert helped.intent is Intent.HELP and helped.questions and helped.topics
    welcome = reply_of(service.welcome(ALICE)).reply
    assert welcome.suggestions[0].role is Role.TOPIC
    assert [s.id for s in service.questions(topics.topics[1].id)] == ["cat", "dog"]
    assert service.complete("how often", ALICE)[0].id == "cat"
    assert [s.label for s in service.complete_topics("pe", ALICE)] == ["Pets"]
    [inline] = service.inline("bake bread", ALICE, limit=1)
    assert inline.entry_id == "bread" and inline.text == "Knead, rise, bake."
    assert isinstance(service.feedback("cat", ALICE, True), Noted)


def test_admin_commands_are_checked_in_the_service(answerer: Answerer) -> None:
    service = FaqService(answerer, admins=frozenset({BOB.key}))
    for outcome in (service.reload(ALICE), service.stats(ALICE)):
        assert outcome == Refused(Refusal.NOT_ALLOWED, messages.text("service.not_allowed"))
    assert isinstance(service.stats(BOB), AdminResult)
    assert service.reload(BOB) == AdminResult(False, messages.text("service.reload_off"))


@pytest.mark.parametrize("action", ["ask", "pick", "summary", "topics", "help", "welcome", "feedback"])
def test_every_action_is_rate_limited_per_user(answerer: Answerer, action: str) -> None:
    service = FaqService(answerer, limiter=RateLimiter(per_minute=2, clock=Clock()))
    calls = {
        "ask": lambda u: service.ask("how do I bake bread", u), "pick": lambda u: service.pick("bread", u),
        "summary": lambda u: service.summary("pets", u), "topics": service.topics, "help": service.help,
        "welcome": service.welcome, "feedback": lambda u: service.feedback("bread", u, True),
    }
    call = calls[action]
    outcomes = [call(ALICE) for _ in range(4)]
    assert not any(isinstance(o, Refused | Silent) for o in outcomes[:2])
    assert outcomes[2] == Refused(Refusal.RATE_LIMITED, messages.text("service.rate_limited"))
    assert outcomes[3] == Silent()
    assert not isinstance(call(BOB), Refused | Silent), "one user's flood never limits another"


def test_completions_are_limited_too_but_cost_less(answerer: Answerer) -> None:
    service = FaqService(answerer, limiter=RateLimiter(per_minute=1, clock=Clock()))
    assert all(service.complete("bread", ALICE) for _ in range(5))  # five keystrokes make one question
    assert service.complete("bread", ALICE) == () and service.inline("bread", ALICE) == ()
    assert isinstance(service.ask("bread", ALICE), Silent | Refused)


def test_the_console_user_can_be_unlimited(answerer: Answerer) -> None:
    service = FaqService(answerer, limiter=RateLimiter(per_minute=1, clock=Clock()),
                         unlimited=frozenset({CONSOLE_USER.key}))
    assert all(isinstance(service.ask("bread", CONSOLE_USER), Answered) for _ in range(50))


def test_picks_and_summaries_are_recorded_like_questions(answerer: Answerer, tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite3"
    service = FaqService(answerer, store=SqliteStore(db))
    service.ask("how do I bake bread", ALICE)
    service.pick("dog", ALICE)
    service.summary("pets", ALICE)
    service.topics(ALICE)  # a listing, not a question
    service.help(ALICE)
    service.close()
    assert rows(db, "SELECT kind, entry_id FROM replies ORDER BY id") == [
        ("answer", "bread"), ("answer", "dog"), ("summary", None)]


def test_every_action_logs_one_line_with_its_name(answerer: Answerer, caplog: pytest.LogCaptureFixture) -> None:
    service = FaqService(answerer, admins=frozenset({BOB.key}))
    caplog.set_level(logging.INFO, logger="faqbot")
    service.ask("how do I bake bread", ALICE)
    service.pick("dog", ALICE)
    service.summary("pets", ALICE)
    service.topics(ALICE)
    service.help(ALICE)
    service.feedback("dog", ALICE, False)
    service.stats(ALICE)
    actions = [getattr(r, "action", None) for r in caplog.records if r.name == "faqbot"]
    assert actions == ["ask", "pick", "summary", "topics", "help", "feedback", "stats"]
    refused = caplog.records[-1]
    assert getattr(refused, "reason", None) == "not-allowed" and refused.getMessage() == "stats"
