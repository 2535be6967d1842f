"""Keyboards: stateless callback data within 64 bytes, deep-link payloads, which buttons go under which reply."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.telegram.keyboards import (
    MAX_CALLBACK_BYTES,
    Action,
    callback_data,
    parse_callback,
    parse_start_payload,
    reply_keyboard,
    start_payload,
)
from bot.engine.reply import Intent, Reply, Role, Suggestion
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered

IDS = st.text(alphabet=st.characters(categories=("L", "N"), include_characters="._-"), min_size=1, max_size=48)


@given(IDS, st.sampled_from(["a", "s", "f+", "f-"]))
def test_callback_data_round_trips_or_is_refused_when_too_long(entry_id: str, kind: str) -> None:
    data = callback_data(kind, entry_id)
    if len(f"{kind}:{entry_id}".encode()) <= MAX_CALLBACK_BYTES:
        assert data is not None and parse_callback(data) == Action(kind, entry_id)
    else:
        assert data is None


def test_non_ascii_ids_are_counted_in_bytes() -> None:
    cyrillic = "вопрос-" * 5  # 35 characters, 65 bytes
    assert len("a:" + cyrillic) < MAX_CALLBACK_BYTES < len(("a:" + cyrillic).encode())
    assert callback_data("a", cyrillic) is None
    assert callback_data("a", "вопрос") == "a:вопрос"


def test_foreign_callback_data_is_not_an_action() -> None:
    for data in (None, "", "hello", "x:bread", "a:", ":bread"):
        assert parse_callback(data) is None


@given(IDS)
def test_start_payload_round_trips_when_it_fits(entry_id: str) -> None:
    payload = start_payload(entry_id)
    if payload is not None:
        assert len(payload) <= 64 and parse_start_payload(payload) == entry_id


def test_keyboard_per_reply_kind(service: FaqService) -> None:
    answer = service.answerer.answer("bread")
    assert answer is not None
    rows = reply_keyboard(answer).inline_keyboard  # type: ignore[union-attr]
    assert [b.callback_data for b in rows[-1]] == ["f+:bread", "f-:bread"]
    suggest = Reply(intent=Intent.DID_YOU_MEAN, text="Did you mean:",
                    suggestions=(Suggestion("oven", "Oven?", Role.DID_YOU_MEAN),))
    rows = reply_keyboard(suggest).inline_keyboard  # type: ignore[union-attr]
    assert [[b.callback_data for b in row] for row in rows] == [["a:oven"]]
    topics = service.summary(None, User("telegram", "1", "1"))
    assert isinstance(topics, Answered)
    rows = reply_keyboard(topics.reply).inline_keyboard  # type: ignore[union-attr]
    # A topic button carries the topic's id: no name to look up again when it is pressed.
    assert [row[0].callback_data for row in rows] == [f"s:{t.id}" for t in service.answerer.kb.topics]
    assert [row[0].text for row in rows] == ["📚 Baking", "📚 Shipping"]
    assert reply_keyboard(Reply(intent=Intent.GREETING, text="Hi")) is None
