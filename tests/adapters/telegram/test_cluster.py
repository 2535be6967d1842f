"""The Telegram side of several workers, in process: dedupe and order with Redis, answers without it."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.ops.cluster import Cluster, SharedRateLimiter
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot
from tests.servers import REDIS_URL, redis_prefix


def _dead_redis() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"


@pytest.fixture
async def shared_service(kb_path: Path) -> AsyncIterator[FaqService]:
    with redis_prefix() as prefix:
        cluster = Cluster(REDIS_URL, prefix)
        service = FaqService(Answerer(load_kb(kb_path)), cluster=cluster)
        try:
            yield service
        finally:
            cluster.close()


async def test_a_redelivered_update_is_answered_once(fake: FakeBotApi, shared_service: FaqService) -> None:
    from telegram import Update

    from adapters.telegram.cluster import DedupeQueue

    assert shared_service.cluster is not None
    async with running_bot(shared_service, bot_env(fake)) as platform:
        assert platform.application is not None
        update_id = fake.push(message("How do I bake bread?", chat_id=5))
        await fake.wait_sent(1, timeout=10)
        again = Update.de_json({"update_id": update_id, **message("How do I bake bread?", chat_id=5)},
                               platform.application.bot)
        await platform.application.update_queue.put(again)  # redelivered to this worker
        other_worker = DedupeQueue(Cluster(REDIS_URL, shared_service.cluster.prefix))
        await other_worker.put(again)  # ... and to another one sharing the Redis
        assert other_worker.empty() and other_worker.duplicates == 1
        fake.push(message("Can I return an item?", chat_id=5))
        sent = await fake.wait_sent(2, timeout=10)
        assert other_worker.cluster is not None
        other_worker.cluster.close()
    assert [m["text"].splitlines()[0] for m in sent] == ["How do I bake bread?", "Can I return an item?"]


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "alone"])
async def test_a_chats_messages_are_answered_in_order(fake: FakeBotApi, shared_service: FaqService, kb_path: Path,
                                                      shared: bool) -> None:
    service = shared_service if shared else FaqService(Answerer(load_kb(kb_path)))
    async with running_bot(service, bot_env(fake)) as _:
        fake.push(message("What is the full history of bread?", chat_id=6))  # a long answer: several messages
        fake.push(message("Can I return an item?", chat_id=6))
        fake.push(message("Can I return an item?", chat_id=7))  # another chat is not held up meanwhile
        await fake.wait_for(lambda: sum(m["chat_id"] == 6 for m in fake.sent) >= 3, timeout=10)
        await fake.wait_for(lambda: fake.sent[-1]["chat_id"] == 6 and "30 days" in fake.sent[-1]["text"], timeout=10)
    chat = [m["text"] for m in fake.sent if m["chat_id"] == 6]
    assert len(chat) >= 3 and "30 days" in chat[-1]  # every part of the first answer before the second
    assert not any("30 days" in text for text in chat[:-1])


async def test_without_redis_the_bot_answers_with_one_warning(fake: FakeBotApi, kb_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    cluster = Cluster(_dead_redis(), "x:")
    service = FaqService(Answerer(load_kb(kb_path)), cluster=cluster, limiter=SharedRateLimiter(cluster, 100))
    with caplog.at_level(logging.WARNING, logger="faqbot.cluster"):
        async with running_bot(service, bot_env(fake)) as _:
            for n in range(5):
                fake.push(message("How do I bake bread?", chat_id=100 + n))
            sent = await fake.wait_sent(5, timeout=15)
    cluster.close()
    assert len(sent) == 5 and all(m["text"].startswith("How do I bake bread?") for m in sent)
    warnings = [r.getMessage() for r in caplog.records if r.name == "faqbot.cluster" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "FAQBOT_REDIS_URL" in warnings[0]
