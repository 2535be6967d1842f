"""Request faults end to end: flood control, 5xx answers, outages, lost answers and the give-up deadline.

No test sleeps to prove that nothing more was sent: leaving ``running_bot`` stops the bot as ``faqbot run``
does, and PTB's ``Application.stop`` waits for every update in flight (retries, a second send and the error
handler included), so what is asserted after the block is everything the bot ever sent.
"""

from __future__ import annotations

import asyncio

import pytest

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot

QUESTION = "How do I bake bread?"


async def test_429_is_retried_and_delivered_exactly_once(fake: FakeBotApi, service: FaqService) -> None:
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        await fake.wait_sent(1, timeout=8)
    assert len(fake.sent) == 1
    assert len(fake.called("sendMessage")) == 2, "one refused attempt, one delivery"


async def test_lost_answer_to_a_send_is_not_repeated(fake: FakeBotApi, service: FaqService) -> None:
    # The server delivers the message but answers after the client gave up (a read timeout): sending
    # again would show the answer twice, so the adapter must not.
    fake.stall("sendMessage", 1.5)
    async with running_bot(service, bot_env(fake, TELEGRAM_TIMEOUT="0.5")):
        fake.push(message(QUESTION))
        await fake.wait_sent(1)
    assert len(fake.called("sendMessage")) == 1
    assert len(fake.sent) == 1


# --- transient faults: retried within the deadline, delivered once, what is given up is counted ------------
@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_5xx_answer_is_retried_and_delivered_once(fake: FakeBotApi, service: FaqService, status: int) -> None:
    fake.fail("sendMessage", status, "Internal Server Error", times=2)
    async with running_bot(service, bot_env(fake)) as platform:
        fake.push(message(QUESTION))
        await fake.wait_sent(1, timeout=8)
    assert platform.dropped == 0
    assert len(fake.sent) == 1
    assert len(fake.called("sendMessage")) == 3, "two refused attempts, one delivery"


async def test_four_429s_in_a_row_still_deliver_the_reply(fake: FakeBotApi, service: FaqService) -> None:
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=4)
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        await fake.wait_sent(1, timeout=12)
    assert len(fake.sent) == 1
    assert len(fake.called("sendMessage")) == 5


async def test_an_outage_after_a_burst_loses_no_reply_and_doubles_none(fake: FakeBotApi, service: FaqService) -> None:
    users = range(1000, 1020)
    async with running_bot(service, bot_env(fake)) as platform:
        fake.outage(2.5)  # every call gets nginx's 502 page, polls included, as in a real Bot API outage
        for user_id in users:
            fake.push(message(QUESTION, chat_id=user_id, user_id=user_id))
        await fake.wait_sent(20, timeout=20)
    assert platform.dropped == 0
    assert sorted(m["chat_id"] for m in fake.sent) == list(users), "each user answered exactly once"


async def test_refused_connections_are_retried_until_the_api_is_back(fake: FakeBotApi, service: FaqService) -> None:
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        down = asyncio.create_task(fake.refuse(2.0))
        await fake.wait_sent(1, timeout=15)
        await down
    assert len(fake.sent) == 1


async def test_what_is_given_up_after_the_deadline_is_counted_and_logged_once(
    fake: FakeBotApi, service: FaqService, caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail("sendMessage", 502, "Bad Gateway", times=100)
    async with running_bot(service, bot_env(fake, TELEGRAM_RETRY_DEADLINE="1.5")) as platform:
        fake.push(message(QUESTION))
        await fake.wait_for(lambda: platform.dropped == 1, timeout=8)
    assert fake.sent == []
    dropped = [r for r in caplog.records if "dropped after" in r.getMessage()]
    assert len(dropped) == 1 and "sendMessage" in dropped[0].getMessage()
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("faqbot")), "no traceback for a drop"
