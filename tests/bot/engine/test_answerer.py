"""The answering core: right answers, honest confidence, follow-ups, summaries, small talk."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answerer import Answerer
from bot.engine.reply import Intent, Reply, Role
from bot.kb.loader import load_kb
from tests.kbfiles import entry, topic, write_topic


def test_exact_question_answers_with_kb_text_verbatim(answerer: Answerer) -> None:
    entry_ = answerer.kb.get("article-5")
    assert entry_ is not None
    reply = answerer.reply(entry_.question)
    assert reply.kind == "answer" and reply.entry_id == "article-5"
    assert reply.text == entry_.answer and reply.topic == "NATO and Ukraine"
    assert reply.score >= answerer.thresholds.answer


@pytest.mark.parametrize("query, expected", [
    ("what is art 5?", "article-5"),  # abbreviation
    ("artcle 5 and ukrane", "article-5"),  # typos
    ("Why is JAPAN involved???", "japan-involvement"),
    ("coalition willing role", "coalition-of-the-willing"),
])
def test_paraphrases_and_typos(answerer: Answerer, query: str, expected: str) -> None:
    reply = answerer.reply(query)
    assert (reply.kind, reply.entry_id) == ("answer", expected)


@pytest.mark.parametrize("query", ["where can i buy shoes", "how do i cook pasta", "zxqv blorp", "lol"])
def test_off_topic_gets_i_dont_know(answerer: Answerer, query: str) -> None:
    reply = answerer.reply(query)
    assert reply.kind == "none" and reply.entry_id is None
    assert "don't know" in reply.text


def test_number_contradiction_is_not_answered(answerer: Answerer) -> None:
    assert answerer.reply("what is article 4 of nato").kind != "answer"


def test_follow_ups_never_repeat_the_answered_entry(answerer: Answerer) -> None:
    reply = answerer.reply("what is article 5?")
    ids = [s.id for s in reply.suggestions]
    assert 2 <= len(ids) <= 3 and "article-5" not in ids and len(set(ids)) == len(ids)


def test_explicit_follow_ups_come_first(tmp_path: Path) -> None:
    write_topic(tmp_path, "t.yaml", topic("Pets", [
        entry("How often should I feed my cat?", "Twice a day.", id="feed", follow_ups=["litter"]),
        entry("How do I clean the litter box?", "Daily.", id="litter"),
        entry("How often should I feed my dog?", "Twice a day.", id="dog"),
    ]))
    answerer = Answerer(load_kb(tmp_path))
    assert answerer.follow_ups("feed")[0].id == "litter"


def test_close_candidates_give_did_you_mean(tmp_path: Path) -> None:
    write_topic(tmp_path, "t.yaml", topic("Accounts", [
        entry("How do I reset my email password?", "Use the email settings.", id="email"),
        entry("How do I reset my bank password?", "Call the bank.", id="bank"),
    ]))
    reply = Answerer(load_kb(tmp_path)).reply("reset password")
    assert reply.kind == "suggest"
    assert {s.id for s in reply.suggestions} == {"email", "bank"}


@pytest.mark.parametrize("query", ["summary", "tl;dr", "give me an overview", "summarize nato and ukraine"])
def test_summary_requests(answerer: Answerer, query: str) -> None:
    reply = answerer.reply(query)
    assert reply.kind == "summary" and reply.topic == "NATO and Ukraine"
    assert reply.text == answerer.kb.topics[0].summary


def test_summary_picks_topic_by_fuzzy_name_and_lists_topics_when_ambiguous(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", topic("Cats", [entry("Do cats purr?", "Yes.")], summary="All about cats."))
    write_topic(tmp_path, "b.yaml", topic("Dogs", [entry("Do dogs bark?", "Yes, loudly.")], summary=None))
    answerer = Answerer(load_kb(tmp_path))
    assert answerer.reply("summary of cats").text == "All about cats."
    built = answerer.reply("give me an overview of dogs")
    assert built.kind == "summary" and "Do dogs bark?" in built.text  # built from the entries
    listing = answerer.reply("summary")
    assert listing.kind == "none" and listing.intent is Intent.TOPICS
    assert [(t.label, t.role, t.count) for t in listing.topics] == [("Cats", Role.TOPIC, 1), ("Dogs", Role.TOPIC, 1)]
    assert "Cats" not in listing.text and listing.text == "Which topic?"  # the names are choices, not text too
    by_id = answerer.summary(topic_id=listing.topics[1].id)
    assert by_id.intent is Intent.SUMMARY and by_id.topic == "Dogs" and by_id.topic_id == listing.topics[1].id
    unknown = answerer.summary("birds")
    assert unknown.intent is Intent.TOPICS and unknown.text == "I have no topic called 'birds'. Which topic?"


def test_every_suggestion_says_why_it_is_offered(answerer: Answerer, tmp_path: Path) -> None:
    answered = answerer.reply("what is article 5?")
    assert answered.intent is Intent.ANSWER and {s.role for s in answered.suggestions} == {Role.FOLLOW_UP}
    assert answered.topic_id == answerer.kb.topics[0].id
    unknown = answerer.reply("where can i buy shoes")
    assert unknown.intent is Intent.UNKNOWN and all(s.role is Role.NEAREST for s in unknown.suggestions)
    assert {s.role for s in answerer.reply("hello").suggestions} == {Role.EXAMPLE}
    helped = answerer.help_reply()
    assert [s.role for s in helped.suggestions][-1] is Role.TOPIC and helped.topics[0].id == answerer.kb.topics[0].id
    write_topic(tmp_path, "t.yaml", topic("Accounts", [
        entry("How do I reset my email password?", "Use the email settings.", id="email"),
        entry("How do I reset my bank password?", "Call the bank.", id="bank"),
    ]))
    unsure = Answerer(load_kb(tmp_path)).reply("reset password")
    assert unsure.intent is Intent.DID_YOU_MEAN and {s.role for s in unsure.suggestions} == {Role.DID_YOU_MEAN}


def test_topics_reply_and_questions_by_topic_id(answerer: Answerer) -> None:
    listing = answerer.topics_reply()
    assert listing.intent is Intent.TOPICS and listing.text == "I know these topics:"
    [only] = listing.topics
    assert only.count == len(answerer.kb.topics[0].entry_ids)
    assert [q.id for q in answerer.questions(only.id)] == list(answerer.kb.topics[0].entry_ids)
    assert answerer.questions("no-such-topic") == ()
    assert [t.label for t in answerer.complete_topics("nato")] == ["NATO and Ukraine"]


def test_overview_of_a_thing_is_a_question_not_a_summary(tmp_path: Path) -> None:
    write_topic(tmp_path, "t.yaml", topic("Storage", [entry("How do I see my storage usage?", "Open settings.")]))
    reply = Answerer(load_kb(tmp_path)).reply("overview of my storage usage")
    assert reply.kind == "answer"


@pytest.mark.parametrize("query, intent", [("hello", "greeting"), ("Hi there!", "greeting"),
                                           ("thanks a lot", "thanks"), ("help", "help"), ("", "empty")])
def test_small_talk_is_helpful_not_an_answer(answerer: Answerer, query: str, intent: str) -> None:
    reply = answerer.reply(query)
    assert reply.kind == "none" and reply.intent == intent and reply.intent.small_talk and reply.text


def test_answer_by_id_and_stale_id(answerer: Answerer) -> None:
    reply = answerer.answer("japan-involvement")
    assert isinstance(reply, Reply) and reply.kind == "answer" and reply.score == 100.0
    assert answerer.answer("no-such-entry") is None


def test_completions_rank_prefix_and_fuzzy(answerer: Answerer) -> None:
    assert answerer.complete("What is Art")[0].id == "article-5"
    assert answerer.complete("japn")[0].id == "japan-involvement"
    assert len(answerer.complete("", limit=25)) == len(answerer.kb.entries)
    assert len(answerer.complete("nato", limit=2)) == 2


def test_reply_is_immutable(answerer: Answerer) -> None:
    reply = answerer.reply("article 5")
    with pytest.raises(AttributeError):
        reply.text = "changed"  # type: ignore[misc]
