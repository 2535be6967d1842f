"""The Reply type: intents map to the stable kinds, suggestions split by role, plain immutable data."""

from __future__ import annotations

import pytest

from bot.engine.reply import Intent, Reply, Role, Suggestion


@pytest.mark.parametrize("intent, kind", [
    (Intent.ANSWER, "answer"), (Intent.SUMMARY, "summary"), (Intent.DID_YOU_MEAN, "suggest"),
    (Intent.UNKNOWN, "none"), (Intent.GREETING, "none"), (Intent.TOPICS, "none"), (Intent.EMPTY, "none"),
])
def test_each_intent_has_its_stable_kind(intent: Intent, kind: str) -> None:
    assert Reply(intent=intent, text="").kind == kind


def test_only_questions_are_not_small_talk() -> None:
    talk = {i for i in Intent if i.small_talk}
    assert talk == {Intent.GREETING, Intent.THANKS, Intent.HELP, Intent.EMPTY, Intent.TOPICS}


def test_topics_and_questions_are_split_by_role() -> None:
    topic = Suggestion("pets-1a2b3c", "Pets", Role.TOPIC, count=4)
    example = Suggestion("feed", "How often should I feed my cat?", Role.EXAMPLE)
    reply = Reply(intent=Intent.HELP, text="Hi", suggestions=(example, topic))
    assert reply.topics == (topic,) and reply.questions == (example,)
    assert topic.is_topic and not example.is_topic and example.question == example.label
    assert reply.language == "en"
    with pytest.raises(AttributeError):
        reply.text = "changed"  # type: ignore[misc]
