"""The Application as built: link previews off by default, the backlog after downtime skipped, the profile set."""

from __future__ import annotations

import time

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot

QUESTION = "How do I bake bread?"


def old(update: dict[str, object], seconds: float) -> dict[str, object]:
    """``update`` (a message) as if it had been sent ``seconds`` ago."""
    body = dict(update["message"])  # type: ignore[call-overload]
    body["date"] = int(time.time() - seconds)
    return {"message": body}


async def test_link_previews_are_off_by_default(fake: FakeBotApi, service: FaqService) -> None:
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        [sent] = await fake.wait_sent(1)
    assert sent["link_preview_options"] == {"is_disabled": True}


async def test_link_previews_can_be_turned_on(fake: FakeBotApi, service: FaqService) -> None:
    async with running_bot(service, bot_env(fake, TELEGRAM_LINK_PREVIEWS="1")):
        fake.push(message(QUESTION))
        [sent] = await fake.wait_sent(1)
    assert not (sent["link_preview_options"] or {}).get("is_disabled")


async def test_the_backlog_is_answered_only_when_young(fake: FakeBotApi, service: FaqService) -> None:
    fake.push(old(message(QUESTION, chat_id=501, user_id=501), 3600))  # asked an hour ago, while the bot was down
    fake.push(old(message(QUESTION, chat_id=502, user_id=502), 60))  # a minute ago: still worth an answer
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION, chat_id=503, user_id=503))
        await fake.wait_sent(2)
    # Leaving the block stopped the bot, and PTB's Application.stop waited for every update in flight.
    assert sorted(m["chat_id"] for m in fake.sent) == [502, 503]


async def test_answering_the_whole_backlog_when_asked_to(fake: FakeBotApi, service: FaqService) -> None:
    fake.push(old(message(QUESTION, chat_id=501, user_id=501), 3600))
    async with running_bot(service, bot_env(fake, TELEGRAM_DROP_PENDING_UPDATES="false")):
        await fake.wait_sent(1)


async def test_dropping_the_backlog_is_asked_of_telegram(fake: FakeBotApi, service: FaqService) -> None:
    async with running_bot(service, bot_env(fake, TELEGRAM_DROP_PENDING_UPDATES="true")):
        pass
    assert any(call.get("drop_pending_updates") for call in fake.called("deleteWebhook"))


async def test_the_description_comes_from_the_kb_within_limits(fake: FakeBotApi, service: FaqService) -> None:
    async with running_bot(service, bot_env(fake)):
        pass
    assert "Baking" in fake.short_description and "Shipping" in fake.short_description
    assert len(fake.short_description) <= 120 and len(fake.description) <= 512
    assert "Baking" in fake.description
    sets = len(fake.called("setMyDescription"))
    async with running_bot(service, bot_env(fake)):
        pass
    assert len(fake.called("setMyDescription")) == sets, "unchanged texts are not set again"
