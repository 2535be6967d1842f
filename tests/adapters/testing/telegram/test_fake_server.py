"""The fake Bot API itself: it must refuse what Telegram refuses, or the end-to-end tests prove nothing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import ParseMode
from telegram.error import BadRequest

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import inline_query, message


@pytest.fixture
async def client(fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A plain PTB Bot talking to the fake."""
    bot = Bot(fake.token, base_url=fake.base_url)
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


async def test_get_me_has_the_username_commands_compare_with(client: Bot) -> None:
    assert client.username == "faqtest_bot"


@pytest.mark.parametrize("text", ["x" * 4097, "", "<b>unclosed", "a < b", "<script>x</script>", "<b><i>x</b></i>",
                                  "AT&T"])
async def test_messages_telegram_would_refuse_are_refused(client: Bot, text: str) -> None:
    with pytest.raises(BadRequest):
        await client.send_message(1, text, parse_mode=ParseMode.HTML)


async def test_valid_html_at_the_limit_is_accepted_and_counted_as_visible_text(client: Bot, fake: FakeBotApi) -> None:
    await client.send_message(1, "<b>" + "&amp;" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    assert fake.sent[0]["text"] == "&" * 4096


async def test_callback_data_is_limited_to_64_bytes(client: Bot) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="a:" + "é" * 31)]])  # 64 bytes
    await client.send_message(1, "hi", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="a:" + "é" * 32)]])  # 66 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await client.send_message(1, "hi", reply_markup=too_long)


async def test_an_edit_that_changes_nothing_is_refused(client: Bot) -> None:
    sent = await client.send_message(1, "same")
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await client.edit_message_text("same", chat_id=1, message_id=sent.message_id)
    await client.edit_message_text("changed", chat_id=1, message_id=sent.message_id)


async def test_more_than_50_inline_results_are_refused(client: Bot, fake: FakeBotApi) -> None:
    def results(n: int) -> list[InlineQueryResultArticle]:
        return [InlineQueryResultArticle(str(i), f"t{i}", InputTextMessageContent("x")) for i in range(n)]

    fake.push(inline_query("a"))
    fake.push(inline_query("b"))
    ids = [u["inline_query"]["id"] for u in fake.updates]
    with pytest.raises(BadRequest, match=r"(?i)results_too_much"):
        await client.answer_inline_query(ids[0], results(51))
    await client.answer_inline_query(ids[1], results(50))


async def test_an_unimplemented_method_is_a_400_not_an_invalid_token(client: Bot) -> None:
    with pytest.raises(BadRequest):
        await client.get_chat(1)


async def test_long_poll_waits_at_most_about_a_second_and_wakes_on_a_push(client: Bot, fake: FakeBotApi) -> None:
    started = time.perf_counter()
    assert await client.get_updates(timeout=5) == ()
    assert 0.9 < time.perf_counter() - started < 4.0, "capped at about a second, never an immediate empty answer"
    fake.max_poll_wait = 5.0  # a long wait, so that waking early is unmistakable
    polls = fake.polls
    poll = asyncio.create_task(client.get_updates(timeout=5))
    await fake.wait_for(lambda: fake.polls > polls)  # the poll is waiting in the fake: the push must wake it
    fake.push(message("hi"))
    started = time.perf_counter()
    updates = await poll
    assert len(updates) == 1 and time.perf_counter() - started < 2.5
