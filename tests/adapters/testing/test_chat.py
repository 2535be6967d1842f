"""The recording chat and platform: the full path through the console adapter and the real service."""

from __future__ import annotations

import asyncio

from adapters.testing.chat import Chat, RecordingPlatform
from adapters.testing.kb import build_kb, entry, topic
from bot.kb.model import KnowledgeBase
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered, Refused, Silent
from bot.service.platforms import serve
from bot.service.ratelimit import RateLimiter


def test_a_chat_reads_like_the_conversation(shipped_kb: KnowledgeBase) -> None:
    chat = Chat.over(shipped_kb)
    assert "Article 5" in chat.ask("what is art 5?")
    assert chat.ask("1").startswith("» ")  # the first follow-up, picked by number
    assert "don't know" in chat.ask("how do i cook pasta")
    assert [e.said for e in chat.transcript] == ["what is art 5?", "1", "how do i cook pasta"]
    assert all(isinstance(o, Answered) for o in chat.outcomes)


def test_a_rate_limited_chat_records_the_refusal_then_the_silence() -> None:
    kb = build_kb(topic("Pets", [entry("How often should I feed my cat?", "Twice a day.", id="cat")]))
    chat = Chat.over(kb, User("telegram", "9"), limiter=RateLimiter(per_minute=1))
    assert "Twice a day." in chat.ask("feed my cat")
    assert "faster than I can answer" in chat.ask("feed my cat")
    assert chat.ask("feed my cat") == ""
    assert [type(o) for o in chat.outcomes] == [Answered, Refused, Silent]


def test_build_kb_goes_through_the_loader() -> None:
    kb = build_kb(topic("Pets", [entry("How often should I feed my cat?", "Twice.", follow_ups=["dog"]),
                                 entry("How long should I walk my dog?", "An hour.", id="dog")]))
    assert kb.entries[0].id.startswith("how-often-should-i-feed-my-cat-") and kb.entries[0].follow_ups == ("dog",)


async def test_the_recording_platform_runs_under_the_supervisor(shipped_kb: KnowledgeBase) -> None:
    from bot.engine.answerer import Answerer

    platform = RecordingPlatform(FaqService(Answerer(shipped_kb)))
    stop = asyncio.Event()
    running = asyncio.create_task(serve([platform], stop))
    platform.push("what is art 5?")
    platform.push("thanks")
    first, second = await platform.wait_answered(2)
    assert isinstance(first, Answered) and first.reply.entry_id == "article-5"
    assert isinstance(second, Answered) and second.reply.intent.small_talk
    stop.set()
    await asyncio.wait_for(running, 5)
    assert platform.stopped.is_set()
