"""Faults: the error handler (logs with context, quiet on blocked users) and a log filter that hides the token."""

from __future__ import annotations

import contextlib
import datetime as dtm
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot import messages
from bot.service.logs import RedactingFilter as CoreRedactingFilter

from .request import Dropped
from .secrets import redactor

__all__ = ["SORRY", "ErrorHandler", "RedactingFilter", "make_error_handler", "retry_seconds", "update_context"]

# PTB 22.2 deprecated int time periods (RetryAfter.retry_after among them; even its constructor reads the
# attribute, so every flood-control error warned). PTB_TIMEDELTA is PTB's own opt-in to the coming
# timedelta form; 22.0/22.1 ignore it and keep ints, which retry_seconds reads too. setdefault: an
# operator's explicit choice wins.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger("faqbot.telegram")

SORRY = messages.text("telegram.error")
# Loggers that could see request URLs (which hold the token): quiet them below WARNING.
NOISY_LOGGERS = ("httpx", "httpcore")


def update_context(update: object) -> str:
    """Ids that locate an update in the logs: update, chat, user and kind (never message text)."""
    if not isinstance(update, Update):
        return "no update"
    kinds = ("message", "callback_query", "inline_query", "edited_message")
    kind = next((k for k in kinds if getattr(update, k)), "other")
    chat = update.effective_chat
    user = update.effective_user
    return f"update {update.update_id} ({kind}) chat {chat.id if chat else '-'} user {user.id if user else '-'}"


ErrorHandler = Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asks to wait, in seconds, whether PTB gives a timedelta (22.2+) or an int."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, dtm.timedelta) else float(wait)


def make_error_handler(redact: Callable[[str], str]) -> ErrorHandler:
    """The Application's error handler; ``redact`` removes secrets from anything it logs."""

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a handler's or the poller's error with context; tell the user when it was our bug."""
        error = context.error
        where = update_context(update)
        if isinstance(error, Dropped):
            return  # counted and logged (once per 10 s) by the request that gave up
        if isinstance(error, Forbidden):
            log.info("not delivered, the user blocked the bot or left the chat: %s", where)
            return
        if isinstance(error, RetryAfter):
            log.warning("flood control: Telegram asks to wait %g s (%s)", retry_seconds(error), where)
            return
        if isinstance(error, BadRequest):
            log.warning("Telegram refused a request: %s (%s)", redact(error.message), where)
            return
        if isinstance(error, NetworkError):
            log.warning("network fault talking to Telegram: %s (%s)", redact(str(error)), where)
            return
        if isinstance(error, TelegramError):
            log.error("Telegram error: %s (%s)", redact(str(error)), where)
            return
        log.error("bug while handling %s: %s", where, redact(repr(error)), exc_info=error)
        if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            with contextlib.suppress(TelegramError):  # the apology is best effort; the fault is logged above
                await context.bot.send_message(update.effective_chat.id, SORRY)

    return on_error


class RedactingFilter(CoreRedactingFilter):
    """The core's redacting log filter with the Telegram secrets (token, its secret half, webhook secret)."""

    def __init__(self, secrets: list[str]) -> None:
        token, webhook_secret = ([*secrets, "", ""])[:2]
        super().__init__(redactor(token, webhook_secret))

    def install(self) -> None:
        """Attach to the root logger's handlers and quiet the HTTP loggers (their request URLs hold the token)."""
        super().install()
        for name in NOISY_LOGGERS:
            logger = logging.getLogger(name)
            if logger.getEffectiveLevel() < logging.WARNING:
                logger.setLevel(logging.WARNING)
