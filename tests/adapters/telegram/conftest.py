"""Fixtures: a small KB, the fake Bot API server, and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram import create
from adapters.telegram.runner import TelegramPlatform
from adapters.testing.kb import write_kb
from adapters.testing.telegram.fake_server import FakeBotApi
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService

HISTORY_PARAGRAPHS = [
    f"Paragraph {n}: bread has been baked for thousands of years, from flat loaves on hot stones to "
    + " ".join(["the leavened loaves of Egypt & Rome; each age changed flour, ovens <and> habits."] * 3)
    for n in range(1, 25)
]
BAKING = {
    "topic": "Baking",
    "summary": "How to bake bread & cakes at home: dough, ovens and starters.",
    "entries": [
        {"id": "bread", "question": "How do I bake bread?",
         "answer": "Mix flour, water, salt & yeast. Knead, let it rise, then bake at 230 °C for 35 minutes.",
         "follow_ups": ["oven", "sourdough"]},
        {"id": "oven", "question": "How hot should the oven be?",
         "answer": "Use 230 °C for bread & 180 °C for cakes; <never> open the door in the first *10* minutes."},
        {"id": "sourdough", "question": "What is sourdough?",
         "answer": "Bread leavened with a starter of wild yeast and lactic bacteria."},
        {"id": "history", "question": "What is the full history of bread?",
         "answer": "\n\n".join(HISTORY_PARAGRAPHS)},
    ],
}
SHIPPING = {
    "topic": "Shipping",
    "summary": "We ship worldwide from our bakery; returns are free within 30 days.",
    "entries": [
        {"id": "delivery-time", "question": "How long does delivery take?",
         "answer": "3-5 business days in the EU, 7-10 days elsewhere."},
        {"id": "returns", "question": "Can I return an item?", "answer": "Yes, within 30 days if unopened."},
    ],
}


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    """The two-topic test KB."""
    return write_kb(tmp_path / "kb", BAKING, SHIPPING)


@pytest.fixture
def service(kb_path: Path) -> FaqService:
    """A plain service over the test KB (no rate limit, no admins)."""
    return FaqService(Answerer(load_kb(kb_path)))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API, listening on 127.0.0.1 for this test only."""
    server = await FakeBotApi().start()
    try:
        yield server
    finally:
        await server.stop()


def bot_env(fake: FakeBotApi, **overrides: str) -> dict[str, str]:
    """Settings pointing the adapter at the fake server."""
    return {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url, **overrides}


@contextlib.asynccontextmanager
async def running_bot(service: FaqService, env: dict[str, str]) -> AsyncIterator[TelegramPlatform]:
    """Run the platform made by ``create`` until the block ends, then stop it as ``faqbot run`` does."""
    platform = create(service, env)
    assert isinstance(platform, TelegramPlatform)
    stop = asyncio.Event()
    task = asyncio.create_task(platform.run(stop))
    started = asyncio.create_task(platform.started.wait())
    await asyncio.wait({task, started}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if not started.done():
        started.cancel()
        if task.done():
            task.result()  # raise what made the start fail
        raise AssertionError("the bot did not start within 10 s")
    try:
        yield platform
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


@pytest.fixture
async def bot(fake: FakeBotApi, service: FaqService) -> AsyncIterator[TelegramPlatform]:
    """The bot, running against the fake with default settings."""
    async with running_bot(service, bot_env(fake)) as platform:
        yield platform
