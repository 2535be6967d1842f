"""The Telegram platform's run and stop (adapters/telegram/runner.py): fails fast on a refused token, stops cleanly."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from telegram.error import NetworkError

from adapters.telegram.runner import TelegramPlatform
from adapters.telegram.settings import TelegramSettings
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


def test_failed_polls_are_counted_and_logged_once_per_10_s_without_the_token(
    service: FaqService, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
    platform = TelegramPlatform(service, TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": token}))
    assert token not in repr(platform) and "polling" in repr(platform) and platform.dropped == 0
    now = [1000.0]
    monkeypatch.setattr("adapters.telegram.runner.time", SimpleNamespace(monotonic=lambda: now[0]))
    for step in (0.0, 4.0, 5.9, 0.2):  # at 1000, 1004, 1009.9 and 1010.1
        now[0] += step
        platform._poll_failed(NetworkError(f"Bad Gateway at /bot{token}/getUpdates"))
    warnings = [r.getMessage() for r in caplog.records if r.name == "faqbot.telegram"]
    assert platform.poll_failures == 4 and len(warnings) == 2
    assert warnings[1].endswith("4 failed polls so far") and all(token.split(":")[1] not in w for w in warnings)
