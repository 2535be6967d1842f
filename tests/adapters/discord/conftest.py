"""Fixtures: a small KB, the fake Discord with discord.py pointed at it, and the real bot running against it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yarl

with warnings.catch_warnings():
    # discord.py 2.7 imports the stdlib audioop (voice), deprecated in 3.11; pytest turns that into an error.
    warnings.simplefilter("ignore", DeprecationWarning)
    import discord

from adapters.discord.client import DiscordPlatform
from adapters.discord.settings import DiscordSettings
from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from adapters.testing.discord.interactions import ADMIN_ID
from adapters.testing.kb import write_kb
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Noted, Outcome

LONG_ANSWER = "\n\n".join(
    f"Step {n}: check the parcel's label, the carrier's tracking page and your mailbox; then wait a day. " * 4
    for n in range(1, 40)
)  # about 15,000 characters: four embeds' worth
SHIPPING = {
    "topic": "Shipping",
    "summary": "We ship worldwide within 3 to 10 days; tracking links arrive by email.",
    "entries": [
        {"id": "delivery-time", "question": "How long does delivery take?",
         "answer": "3-5 business days in the EU, 7-10 days elsewhere.", "follow_ups": ["shipping-cost", "tracking"]},
        {"id": "shipping-cost", "question": "How much does shipping cost?",
         "answer": "Shipping is free above 50 EUR, otherwise 4.90 EUR."},
        {"id": "tracking", "question": "Where is my tracking number?",
         "answer": "In the shipping confirmation email; @everyone can also ask <@&1> or @here in #support."},
        {"id": "lost-parcel", "question": "What do I do when my parcel is lost?", "answer": LONG_ANSWER},
    ],
}
RETURNS = {
    "topic": "Returns",
    "summary": "Returns are free within 30 days.",
    "entries": [
        {"id": "return-policy", "question": "Can I return an item?", "answer": "Yes, within 30 days if unopened."},
        {"id": "refund-time", "question": "When do I get my refund?",
         "answer": "Within 5 days of the return arriving at our warehouse."},
    ],
}


class RecordingService(FaqService):
    """The real service, recording what the adapter asked of it (feedback, reload, stats)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, Any]] = []
        self.votes: set[tuple[str, str, bool]] = set()
        self.delay = 0.0  # seconds each ask() takes, to provoke deferred replies
        self.asking = threading.Event()  # set when an ask() has begun (it runs in a worker thread)

    def ask(self, text: str, user: User) -> Any:
        """Answer after ``delay`` seconds."""
        self.asking.set()
        time.sleep(self.delay)  # kept: the slow core is what these tests provoke (deferred and late replies)
        self.calls.append(("ask", text))
        return super().ask(text, user)

    def feedback(self, entry_id: str, user: User, helpful: bool) -> Outcome:
        """Count a vote once per user, entry and direction (the real service refuses unknown entries)."""
        self.calls.append(("feedback", (entry_id, user.user_id, helpful)))
        if self.answerer.entry(entry_id) is None:
            return super().feedback(entry_id, user, helpful)
        key = (entry_id, user.user_id, helpful)
        counted = key not in self.votes
        self.votes.add(key)
        return Noted(counted, messages.text("service.feedback_thanks" if counted else "service.feedback_repeat"))

    def reload(self, user: User) -> Outcome:
        """Pretend to reload (after the real admin check)."""
        if not self.is_admin(user):
            return super().reload(user)
        self.calls.append(("reload", user.user_id))
        return AdminResult(True, "Reloaded: 2 topics, 6 entries.")

    def stats(self, user: User) -> Outcome:
        """Fixed statistics text (after the real admin check)."""
        if not self.is_admin(user):
            return super().stats(user)
        self.calls.append(("stats", None))
        return AdminResult(True, "Answer rate 80% (4/5). Top unanswered: 'where is my cat'. @everyone")


@pytest.fixture
def kb_path(tmp_path: Path) -> Path:
    """The two-topic test KB."""
    return write_kb(tmp_path / "kb", SHIPPING, RETURNS)


@pytest.fixture
def service(kb_path: Path) -> RecordingService:
    """A recording service over the test KB, with one admin."""
    return RecordingService(Answerer(load_kb(kb_path)), admins=frozenset({f"discord:{ADMIN_ID}"}))


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake Discord; discord.py's REST base and gateway URL point at it; it must see no broken rule."""
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway))
    try:
        yield server
    finally:
        await server.close()
    assert server.problems == [], f"the bot broke Discord's rules: {server.problems}"


Start = Callable[..., Awaitable[DiscordPlatform]]


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Wait until ``condition()`` holds (checked every 10 ms); fail after ``within`` seconds."""
    async with asyncio.timeout(within):
        # The conditions are the bot's own counters, which signal nothing: a bounded poll, not a fixed wait.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


@pytest.fixture
async def start_bot(fake: FakeDiscord, service: RecordingService) -> AsyncIterator[Start]:
    """Start a platform (``faqbot run``'s way) against the fake; stopped, and checked stopped, at teardown."""
    running: list[tuple[asyncio.Event, asyncio.Task[None]]] = []

    async def start(svc: FaqService | None = None, *, env: dict[str, str] | None = None,
                    **options: Any) -> DiscordPlatform:
        settings = DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN, **(env or {})})
        platform = DiscordPlatform(svc or service, settings, bot_options={"guild_ready_timeout": 0.05}, **options)
        fake.ready.clear()
        stop = asyncio.Event()
        task = asyncio.create_task(platform.run(stop))
        running.append((stop, task))
        ready = asyncio.create_task(fake.ready.wait())
        done, _ = await asyncio.wait({ready, task}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()
        assert ready in done, "the bot did not connect to the fake gateway"
        return platform

    yield start
    for stop, task in running:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 10)


@pytest.fixture(autouse=True)
def _quiet_discord_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="faqbot")
