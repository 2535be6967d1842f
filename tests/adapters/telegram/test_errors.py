"""The error handler (adapters/telegram/errors.py): context in the log, quiet on blocked users, no token."""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from adapters.telegram.errors import SORRY, make_error_handler, update_context
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import GROUP_ID, inline_query, message
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot

QUESTION = "How do I bake bread?"


async def test_400_is_logged_without_crashing_and_the_bot_keeps_answering(
    fake: FakeBotApi, service: FaqService, caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail("sendMessage", 400, "Bad Request: chat not found")
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        await fake.wait_for(lambda: len(fake.errors) == 1)
        fake.push(message(QUESTION))
        await fake.wait_sent(1)
    assert "chat not found" in caplog.text.lower()
    assert len(fake.sent) == 1


async def test_blocked_user_is_handled_quietly(
    fake: FakeBotApi, service: FaqService, caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    caplog.set_level(logging.INFO)
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        await fake.wait_for(lambda: len(fake.errors) == 1)
        fake.push(message(QUESTION))
        await fake.wait_sent(1)
    blocked = [r for r in caplog.records if "blocked" in r.getMessage()]
    assert blocked and all(r.levelno <= logging.INFO for r in blocked)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


async def test_the_token_never_reaches_the_logs(
    fake: FakeBotApi, service: FaqService, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("sendMessage", 400, f"Bad Request: echoing the URL /bot{fake.token}/sendMessage")
    async with running_bot(service, bot_env(fake)):
        fake.push(message(QUESTION))
        await fake.wait_for(lambda: len(fake.errors) == 1)
    # Leaving the block stopped the bot; Application.stop waited for the failed update and its error handler.
    text = "\n".join(handler_output(caplog))
    assert "echoing the url" in text.casefold()
    assert "bot[REDACTED]" in text, "PTB logs the API URL at DEBUG: redacted"
    assert fake.token.split(":")[1].casefold() not in text.casefold()


def handler_output(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What a log handler would have written: formatted records, after the handlers' filters ran."""
    return [caplog.handler.format(record) for record in caplog.records]


def update(payload: dict[str, Any], update_id: int = 7) -> Update:
    """A real PTB Update from a payload builder's dict."""
    built = Update.de_json({**payload, "update_id": update_id}, None)
    assert built is not None
    return built


class Bot:
    """Records what the error handler sends."""

    def __init__(self, fails: bool = False) -> None:
        self.sent: list[tuple[int, str]] = []
        self.fails = fails

    async def send_message(self, chat_id: int, text: str) -> None:
        """Record the message, or fail like an unreachable Telegram."""
        if self.fails:
            raise NetworkError("down")
        self.sent.append((chat_id, text))


def context(error: Exception, bot: Bot) -> Any:
    """The parts of a PTB context the handler reads."""
    return SimpleNamespace(error=error, bot=bot)


def test_update_context_names_ids_and_kind_never_the_text() -> None:
    assert update_context(update(message("secret question text", chat_id=55, user_id=66), 7)) == (
        "update 7 (message) chat 55 user 66")
    assert update_context(update(inline_query("q", user_id=66), 8)) == "update 8 (inline_query) chat - user 66"
    assert update_context(None) == update_context("not an update") == "no update"


async def test_a_bug_is_logged_with_context_and_the_private_chat_gets_an_apology(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = Bot()
    handler = make_error_handler(lambda text: text.replace("s3cret", "[REDACTED]"))
    await handler(update(message("hi", chat_id=55, user_id=55)), context(ValueError("s3cret in a bug"), bot))
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "bug while handling update 7 (message) chat 55" in record.getMessage()
    assert "s3cret" not in record.getMessage() and record.exc_info is not None
    assert bot.sent == [(55, SORRY)]


async def test_no_apology_in_a_group_nor_when_it_cannot_be_sent(caplog: pytest.LogCaptureFixture) -> None:
    group, down = Bot(), Bot(fails=True)
    handler = make_error_handler(str)
    await handler(update(message("hi", chat_id=GROUP_ID, kind="group")), context(ValueError("bug"), group))
    await handler(update(message("hi")), context(ValueError("bug"), down))  # the apology fails: no new error
    assert group.sent == [] and down.sent == []
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 2


@pytest.mark.parametrize(("error", "level", "words"), [
    (lambda: Forbidden("Forbidden: bot was blocked by the user"), logging.INFO, "blocked the bot"),
    (lambda: RetryAfter(3), logging.WARNING, "wait 3 s"),
    (lambda: RetryAfter(dtm.timedelta(seconds=1.5)), logging.WARNING, "wait 1.5 s"),
    (lambda: BadRequest("Bad Request: message is too long"), logging.WARNING, "refused a request: Message is too long"),
    (lambda: NetworkError("connection reset"), logging.WARNING, "network fault"),
    (lambda: TelegramError("odd"), logging.ERROR, "Telegram error: odd"),
])
async def test_telegram_errors_are_logged_at_their_level_without_an_apology(
    caplog: pytest.LogCaptureFixture, error: Callable[[], Exception], level: int, words: str,
) -> None:
    caplog.set_level(logging.INFO)
    bot = Bot()
    await make_error_handler(str)(update(message("hi")), context(error(), bot))
    [record] = [r for r in caplog.records if r.name == "faqbot.telegram"]
    assert record.levelno == level and words in record.getMessage() and record.exc_info is None
    assert bot.sent == []
