"""The connection: resume after a disconnect, sharding, intents, login errors and a clean stop."""

from __future__ import annotations

import asyncio
import logging
import time

import discord
import pytest
import yarl

from adapters.discord.client import DiscordPlatform, StartError, intents
from adapters.discord.settings import DiscordSettings
from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from adapters.testing.discord.interactions import slash
from adapters.testing.ports import free_port
from bot.service.settings import SettingsError
from tests.adapters.discord.conftest import RecordingService, Start


async def test_resume_after_disconnect_loses_no_interaction(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    first = await fake.interact(slash("ask", question="Can I return an item?"))
    await first.wait()

    fake.hold_resume.clear()  # keep the bot disconnected while Discord has an interaction for it
    await fake.drop_connection()
    missed = await fake.interact(slash("ask", question="When do I get my refund?"))
    await asyncio.wait_for(fake.resume_asked.wait(), 5)  # the bot is back, held before the replay
    assert missed.sent == []  # nobody could have seen it yet
    fake.hold_resume.set()

    [sent] = await missed.wait(timeout=5)
    assert sent.data["embeds"][0]["title"] == "When do I get my refund?"
    identifies = [op for _path, op, _d in fake.gateway_ops if op == 2]
    resumes = [(path, d) for path, op, d in fake.gateway_ops if op == 6]
    assert len(identifies) == 1, "the bot should resume, not start a new session"
    assert len(resumes) == 1 and resumes[0][0] == "/resume"  # READY's resume_gateway_url
    assert resumes[0][1]["seq"] >= 3  # READY, GUILD_CREATE and the first interaction were seen

    after = await fake.interact(slash("ask", question="How much does shipping cost?"))
    await after.wait()  # and the resumed connection keeps serving


async def test_no_privileged_intents() -> None:
    value = intents().value
    assert value & (1 << 1) == 0 and value & (1 << 8) == 0 and value & (1 << 15) == 0  # members, presences, content
    assert intents().guilds


async def test_identify_carries_only_the_unprivileged_intents(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    [identify] = [d for _path, op, d in fake.gateway_ops if op == 2]
    assert identify["intents"] == intents().value


async def test_auto_sharding_uses_the_recommended_count(fake: FakeDiscord, start_bot: Start) -> None:
    platform = await start_bot(env={"DISCORD_SHARDS": "auto"})
    [identify] = [d for _path, op, d in fake.gateway_ops if op == 2]
    assert identify["shard"] == [0, 1]
    assert ("GET", "/api/v10/gateway/bot", None) in fake.requests
    assert type(platform.bot).__name__ == "ShardedFaqBot"
    record = await fake.interact(slash("ask", question="Can I return an item?"))
    await record.wait()


async def test_fixed_shard_count_is_passed_on(service: RecordingService) -> None:
    settings = DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN, "DISCORD_SHARDS": "4"})
    from adapters.discord.client import build_bot
    from adapters.discord.handlers import FaqHandlers

    async with build_bot(FaqHandlers(service), settings) as bot:
        assert bot.shard_count == 4


async def test_a_process_runs_only_its_own_shard_range(fake: FakeDiscord, start_bot: Start) -> None:
    platform = await start_bot(env={"DISCORD_SHARDS": "2", "DISCORD_SHARD_IDS": "1"})
    [identify] = [d for _path, op, d in fake.gateway_ops if op == 2]
    assert identify["shard"] == [1, 2]  # the other process of two identifies as shard 0
    assert platform.bot is not None and platform.bot.shard_ids == [1]
    record = await fake.interact(slash("ask", question="Can I return an item?"))
    await record.wait()


async def test_rejected_token_is_a_settings_error_without_the_token(fake: FakeDiscord,
                                                                    service: RecordingService) -> None:
    platform = DiscordPlatform(service, DiscordSettings.from_env({"DISCORD_BOT_TOKEN": "wrong-token-123"}))
    with pytest.raises(SettingsError) as caught:
        await asyncio.wait_for(platform.run(asyncio.Event()), 5)
    assert "DISCORD_BOT_TOKEN" in str(caught.value) and "wrong-token-123" not in str(caught.value)
    assert fake.requests[0][:2] == ("GET", "/api/v10/users/@me")


async def test_stop_finishes_the_reply_in_flight_then_closes(fake: FakeDiscord, start_bot: Start,
                                                             service: RecordingService) -> None:
    service.delay = 0.4
    stop = asyncio.Event()
    settings = DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN})
    platform = DiscordPlatform(service, settings, bot_options={"guild_ready_timeout": 0.05})
    runner = asyncio.create_task(platform.run(stop))
    await asyncio.wait_for(fake.ready.wait(), 5)
    record = await fake.interact(slash("ask", question="Can I return an item?"))
    assert await asyncio.to_thread(service.asking.wait, 5)  # the bot is now computing the answer
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(runner, 5)
    assert time.monotonic() - started < 3
    assert record.messages and record.messages[0].data["embeds"][0]["title"] == "Can I return an item?"
    assert platform.bot is not None and platform.bot.is_closed()


class _Refused(logging.Handler):
    """An event set when the platform logs that Discord was not reachable (a login try failed)."""

    def __init__(self) -> None:
        super().__init__()
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        """Set the event on the retry line."""
        if "not reachable" in record.getMessage():
            self.event.set()



async def test_an_unreachable_discord_is_retried_then_reported_with_its_cause(
    service: RecordingService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{free_port()}/api/v10")  # nothing listens
    platform = DiscordPlatform(service, DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN}),
                               start_pauses=(0.1, 0.1))
    with pytest.raises(StartError) as caught:
        await asyncio.wait_for(platform.run(asyncio.Event()), 10)
    assert "after 3 tries" in str(caught.value) and "ClientConnectorError" in str(caught.value)
    assert TOKEN not in str(caught.value)
    retries = [r for r in caplog.records if "not reachable" in r.getMessage()]
    assert len(retries) == 2 and "ClientConnectorError" in retries[0].getMessage()


async def test_discord_coming_up_during_the_retries_is_served(
    service: RecordingService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    fake = FakeDiscord()
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{port}/gateway"))
    platform = DiscordPlatform(service, DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN}),
                               bot_options={"guild_ready_timeout": 0.05}, start_pauses=(0.3,) * 10)
    refused = _Refused()
    logging.getLogger("faqbot.discord").addHandler(refused)
    stop = asyncio.Event()
    task = asyncio.create_task(platform.run(stop))
    try:
        await asyncio.wait_for(refused.event.wait(), 5)  # the first try found nothing listening
        await fake.start(port)
        await asyncio.wait_for(platform.started.wait(), 10)
        record = await fake.interact(slash("ask", question="Can I return an item?"))
        await record.wait()
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await fake.close()
        logging.getLogger("faqbot.discord").removeHandler(refused)
