"""The Telegram platform's run and stop (adapters/telegram/runner.py): fails fast on a refused token, stops cleanly."""

from __future__ import annotations

import asyncio

import pytest

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot


async def test_a_refused_token_fails_fast_with_a_message_naming_the_setting(
    fake: FakeBotApi, service: FaqService,
) -> None:
    from adapters.telegram import create
    from bot.service.settings import SettingsError

    wrong = "999999999:WRONG-token-refused-by-the-server01"
    platform = create(service, {**bot_env(fake), "TELEGRAM_BOT_TOKEN": wrong})
    assert platform is not None
    with pytest.raises(SettingsError) as caught:
        await asyncio.wait_for(platform.run(asyncio.Event()), timeout=10)
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)
    assert wrong.split(":")[1] not in str(caught.value)


async def test_stop_finishes_replies_in_flight(fake: FakeBotApi, service: FaqService) -> None:
    # The long answer goes out in several messages; stop arrives while the first is on the wire.
    fake.stall("sendMessage", 0.5)
    async with running_bot(service, bot_env(fake)):
        fake.push(message("What is the full history of bread?"))
        await fake.wait_for(lambda: len(fake.called("sendMessage")) == 1)
    # Leaving the block set the stop event while the first part was still unanswered.
    assert len(fake.sent) >= 2 and "reply_markup" in fake.sent[-1], "every part, keyboard last, was delivered"
    assert fake.errors == []
