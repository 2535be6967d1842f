"""The KB model: stable entry and topic ids that fit button payloads, lookups by id."""

from __future__ import annotations

from adapters.testing.kb import build_kb, entry, topic
from bot.kb.model import MAX_ID_BYTES, derive_id, topic_id


def test_topic_ids_are_stable_short_and_distinct() -> None:
    assert topic_id("NATO and Ukraine") == topic_id("NATO and Ukraine") == topic_id("nato and ukraine")
    assert topic_id("Cats") != topic_id("Dogs")
    long = topic_id("Пояснення " * 40)  # a non-Latin name: the hash keeps it distinct and short
    assert len(long.encode()) <= MAX_ID_BYTES and long != topic_id("Пояснення " * 41)


def test_topics_are_found_by_id_and_entry_ids_depend_on_their_own_text() -> None:
    kb = build_kb(topic("Pets", [entry("Do cats purr?", "Yes.")]), topic("Bread", [entry("Why knead?", "Gluten.")]))
    assert kb.topic_by_id(kb.topics[1].id) is kb.topics[1]
    assert kb.topic_by_id("no-such-topic") is None
    assert kb.entries[0].id == derive_id("Pets", "Do cats purr?")
