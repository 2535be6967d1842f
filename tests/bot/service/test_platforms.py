"""`faqbot run`'s loop with both platforms configured: one process answers on Telegram and Discord, then stops."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator

import pytest
import yarl

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py imports the deprecated audioop
    import discord

import adapters.discord
import adapters.telegram
from adapters.testing.discord.fake_discord import TOKEN as DISCORD_TOKEN
from adapters.testing.discord.fake_discord import FakeDiscord
from adapters.testing.discord.interactions import slash
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.engine.answerer import Answerer
from bot.service.facade import FaqService
from bot.service.platforms import serve


@pytest.fixture
async def fakes(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FakeBotApi, FakeDiscord]]:
    """Both fake platforms on 127.0.0.1, discord.py pointed at its fake."""
    telegram_api = await FakeBotApi().start()
    discord_api = FakeDiscord()
    await discord_api.start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord_api.api)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(discord_api.gateway))
    try:
        yield telegram_api, discord_api
    finally:
        await discord_api.close()
        await telegram_api.stop()
    assert discord_api.problems == []


async def test_both_platforms_answer_in_one_process_and_stop_together(
    fakes: tuple[FakeBotApi, FakeDiscord], answerer: Answerer,
) -> None:
    telegram_api, discord_api = fakes
    service = FaqService(answerer)
    env = {"TELEGRAM_BOT_TOKEN": telegram_api.token, "TELEGRAM_API_BASE_URL": telegram_api.base_url,
           "DISCORD_BOT_TOKEN": DISCORD_TOKEN}
    platforms = [adapters.telegram.create(service, env), adapters.discord.create(service, env)]
    stop = asyncio.Event()
    running = asyncio.create_task(serve(platforms, stop))
    try:
        await asyncio.wait_for(discord_api.ready.wait(), 10)
        telegram_api.push(message("what is article 5?"))
        [sent] = await telegram_api.wait_sent(1, timeout=10)
        assert "Article 5 involves collective defense" in sent["text"]
        record = await discord_api.interact(slash("ask", question="why is japan involved?"))
        [reply] = await record.wait(timeout=10)
        assert reply.data["embeds"][0]["title"] == "Why is Japan involved in NATO's strategy on Ukraine?"
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)
    assert running.exception() is None


class _Waiting:
    """A platform that serves until told to stop."""

    name = "waiting"

    def __init__(self) -> None:
        self.stopped = False

    async def run(self, stop: asyncio.Event) -> None:
        """Wait for the stop signal, then record a clean stop."""
        await stop.wait()
        self.stopped = True


class _Failing:
    """A platform whose start fails (a refused token, say)."""

    name = "failing"

    async def run(self, stop: asyncio.Event) -> None:
        """Fail at once."""
        raise RuntimeError("token refused")


async def test_one_platform_failing_stops_the_others_cleanly() -> None:
    waiting = _Waiting()
    with pytest.raises(RuntimeError, match="token refused"):
        await asyncio.wait_for(serve([waiting, _Failing()]), 5)
    assert waiting.stopped
