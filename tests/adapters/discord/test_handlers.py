"""``/ask`` end to end: the real bot against the fake Discord."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import aiohttp
import pytest

from adapters.testing.discord import discord_payloads as P
from adapters.testing.discord.fake_discord import FakeDiscord, Sent
from adapters.testing.discord.interactions import autocomplete, slash
from bot.engine.answerer import Answerer, Suggestion, Thresholds
from bot.kb.loader import load_kb
from tests.adapters.discord.conftest import RecordingService, Start, until, write_kb


def _embed(sent: Sent) -> dict[str, Any]:
    """The first embed of a sent message."""
    return sent.data["embeds"][0]


def _buttons(sent: Sent) -> list[str]:
    """The custom ids of a message's buttons, row by row."""
    return [c["custom_id"] for row in sent.data.get("components") or [] for c in row["components"]]


async def test_exact_question_answers_with_embed_and_buttons(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", question="How long does delivery take?"))
    [sent] = await record.wait()
    embed = _embed(sent)
    assert sent.kind == "callback" and not sent.ephemeral
    assert embed["title"] == "How long does delivery take?"
    assert embed["description"] == "3-5 business days in the EU, 7-10 days elsewhere."  # verbatim
    assert embed["footer"]["text"] == "Topic: Shipping"
    assert _buttons(sent)[:2] == ["faq:fu:shipping-cost", "faq:fu:tracking"]  # the entry's follow_ups
    assert _buttons(sent)[-2:] == ["faq:fb:+:delivery-time", "faq:fb:-:delivery-time"]


async def test_paraphrased_question_finds_the_entry(fake: FakeDiscord, start_bot: Start,
                                                    service: RecordingService) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", question="when will my refund arrive"))
    [sent] = await record.wait()
    assert _embed(sent)["title"] == "When do I get my refund?"
    assert _embed(sent)["description"] == "Within 5 days of the return arriving at our warehouse."
    assert _buttons(sent)[-1] == "faq:fb:-:refund-time"


async def test_weak_match_carries_a_confidence_note(fake: FakeDiscord, start_bot: Start, kb_path: Path) -> None:
    lenient = RecordingService(Answerer(load_kb(kb_path), thresholds=Thresholds(answer=20, suggest=10, margin=0)))
    reply = lenient.answerer.reply("days")
    assert reply.kind == "answer" and reply.score < 70  # the premise: a weak but accepted match
    await start_bot(lenient)
    record = await fake.interact(slash("ask", question="days"))
    [sent] = await record.wait()
    assert _embed(sent)["title"] == reply.question
    assert f"Match {reply.score:.0f}%" in _embed(sent)["footer"]["text"]


async def test_off_topic_question_says_it_does_not_know(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", question="What is the airspeed velocity of an unladen swallow?"))
    [sent] = await record.wait()
    embed = _embed(sent)
    assert "title" not in embed
    assert embed["description"].startswith("I don't know that one.")
    assert not any(b.startswith("faq:fb:") for b in _buttons(sent))  # nothing to rate
    assert len(_buttons(sent)) <= 3


async def test_unsure_question_offers_did_you_mean_buttons(fake: FakeDiscord, start_bot: Start, kb_path: Path) -> None:
    strict = RecordingService(Answerer(load_kb(kb_path), thresholds=Thresholds(answer=99.9, suggest=5, margin=0)))
    reply = strict.answerer.reply("shipping")
    assert reply.kind == "suggest" and reply.suggestions  # the premise
    await start_bot(strict)
    record = await fake.interact(slash("ask", question="shipping"))
    [sent] = await record.wait()
    assert _buttons(sent) == [f"faq:fu:{s.id}" for s in reply.suggestions]
    labels = [c["label"] for row in sent.data["components"] for c in row["components"]]
    assert labels == [s.question for s in reply.suggestions]
    assert all(s.question in _embed(sent)["description"] for s in reply.suggestions)


async def test_direct_message_works(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", dm=True, question="Can I return an item?"))
    [sent] = await record.wait()
    assert _embed(sent)["description"] == "Yes, within 30 days if unopened."
    assert sent.message["channel_id"] == str(P.DM_CHANNEL_ID)


async def test_everyone_in_the_knowledge_base_pings_nobody(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", question="Where is my tracking number?"))
    [sent] = await record.wait()
    assert "@everyone" in _embed(sent)["description"]  # shown verbatim ...
    assert sent.data["allowed_mentions"] == {"parse": []}  # ... and every mention disabled
    assert P.pings({"content": "@everyone <@42>"}) == {"@everyone", "user:42"}  # what Discord does by default
    for message in fake.messages.values():
        assert P.pings(message) == set()


async def test_over_long_answer_is_split_not_rejected(fake: FakeDiscord, start_bot: Start,
                                                      service: RecordingService) -> None:
    await start_bot()
    answer = service.answerer.entry("lost-parcel").answer
    assert len(answer) > 3 * 4096
    record = await fake.interact(slash("ask", question="What do I do when my parcel is lost?"))
    sent = await record.wait(count=len(answer) // 4096 + 1)
    text = "".join(_embed(s)["description"] for s in sent)
    assert text == answer  # every character, in order
    assert _embed(sent[0])["title"] == "What do I do when my parcel is lost?"
    assert all(len(_embed(s)["description"]) <= 4096 for s in sent)
    assert [bool(_buttons(s)) for s in sent] == [False] * (len(sent) - 1) + [True]  # buttons under the last
    assert [s.kind for s in sent] == ["callback"] + ["followup"] * (len(sent) - 1)


@pytest.mark.parametrize("question", [
    "", " ", "🙂" * 500, "a" * 100_000, "\x00\x07\x1b[31m", "مرحبا كيف الشحن", "<b>&amp;</b> *bold* `code`",
    "@everyone @here <@123>", "\u202eoverride", "🇺🇦👩‍👩‍👧‍👦",
])
async def test_odd_input_is_always_answered(fake: FakeDiscord, start_bot: Start, question: str) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", question=question))
    sent = await record.wait()
    assert sent and all(s.data.get("allowed_mentions") == {"parse": []} for s in sent)


async def test_rate_limited_user_gets_one_note_then_a_short_private_one(fake: FakeDiscord, start_bot: Start,
                                                                        kb_path: Path) -> None:
    from bot.service.ratelimit import RateLimiter

    limited = RecordingService(Answerer(load_kb(kb_path)), limiter=RateLimiter(per_minute=1))
    await start_bot(limited)
    texts = []
    for _ in range(3):
        record = await fake.interact(slash("ask", question="How much does shipping cost?"))
        [sent] = await record.wait()
        texts.append((sent.ephemeral, sent.data.get("content")))
    assert texts[0] == (False, None)  # answered (an embed)
    assert texts[1][0] and "faster" in texts[1][1]
    assert texts[2][0] and texts[2][1]  # None from the service still answers the interaction


async def test_slow_answer_is_deferred_within_the_deadline(fake: FakeDiscord, start_bot: Start,
                                                           service: RecordingService) -> None:
    fake.ack_deadline = 0.8  # Discord's 3 s, scaled down (with room for a busy machine)
    service.delay = 1.0
    await start_bot(defer_after=0.05)
    record = await fake.interact(slash("ask", question="How much does shipping cost?"))
    [sent] = await record.wait(timeout=5)
    assert [s.type for s in record.sent] == [5, 4]  # "thinking", then the answer as a follow-up
    assert _embed(sent)["description"] == "Shipping is free above 50 EUR, otherwise 4.90 EUR."


async def test_the_fake_rejects_late_responses(fake: FakeDiscord, start_bot: Start, service: RecordingService) -> None:
    """The guard rail the other tests rely on: Discord's 10062 after the deadline."""
    fake.ack_deadline = 0.1
    service.delay = 0.3
    await start_bot(defer_after=5.0)  # a bot that forgets to defer
    record = await fake.interact(slash("ask", question="How much does shipping cost?"))
    with pytest.raises(TimeoutError):
        await record.wait(timeout=0.5)
    await until(lambda: any("late response" in p for p in fake.problems))  # the bot's late attempt, rejected
    fake.expect_problem("late response")  # the answer, and the error report after it
    assert not record.acked


async def test_the_fake_rejects_a_second_acknowledgement(fake: FakeDiscord) -> None:
    """Discord's 40060: the fake catches a bot that answers one interaction twice."""
    record = await fake.interact(slash("ask", question="hello"))
    url = f"{fake.api}/interactions/{record.id}/{record.token}/callback?with_response=1"
    body = {"type": 4, "data": {"content": "hi"}}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=body) as first:
            assert first.status == 200 and first.content_type == "application/json"
        async with http.post(url, json=body) as second:
            assert second.status == 400 and (await second.json())["code"] == 40060
    fake.expect_problem("second acknowledgement")


async def test_question_autocomplete_ranks_matches_first(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(autocomplete("ask", "question", "refund"))
    await record.wait()
    [callback] = record.sent
    assert callback.type == 8
    names = [c["name"] for c in callback.data["choices"]]
    assert names[0] == "When do I get my refund?"
    assert all(c["name"] == c["value"] for c in callback.data["choices"])


async def test_autocomplete_respects_discord_limits_on_a_big_kb(fake: FakeDiscord, start_bot: Start,
                                                                tmp_path: Path) -> None:
    long_tail = " and also about the very long wording that this question carries on and on" * 3
    topic = {"topic": "Big", "summary": "Many questions.", "entries": [
        {"id": f"q{n}", "question": f"Question number {n} about parcels{long_tail}?", "answer": f"Answer {n}."}
        for n in range(60)
    ]}
    big = RecordingService(Answerer(load_kb(write_kb(tmp_path / "big", topic))))
    await start_bot(big)
    for typed in ("", "parcels", "question number 1", "x" * 5000):
        record = await fake.interact(autocomplete("ask", "question", typed))
        await record.wait()
        choices = record.sent[0].data["choices"]
        assert len(choices) <= 25 and all(1 <= len(c["name"]) <= 100 for c in choices)
        assert record.sent[0].at - record.created < 1.0  # well inside Discord's 3 s
        if typed == "":
            assert len(choices) == 25


async def test_autocomplete_errors_return_an_empty_list(fake: FakeDiscord, start_bot: Start, service: RecordingService,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(Answerer, "complete", broken)
    await start_bot()
    record = await fake.interact(autocomplete("ask", "question", "ship"))
    await record.wait()
    assert record.sent[0].type == 8 and record.sent[0].data["choices"] == []


async def test_slow_autocomplete_gives_up_in_time(fake: FakeDiscord, start_bot: Start, service: RecordingService,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    def slow(*_args: Any, **_kwargs: Any) -> tuple[Suggestion, ...]:
        time.sleep(0.5)  # kept: a slow completion is the thing under test
        return ()

    monkeypatch.setattr(Answerer, "complete", slow)
    platform = await start_bot()
    platform.bot.faq.autocomplete_timeout = 0.1
    record = await fake.interact(autocomplete("ask", "question", "ship"))
    await record.wait()
    assert record.sent[0].data["choices"] == [] and record.sent[0].at - record.created < 0.45
