"""Inline mode: ``@botname question`` in any chat lists the best matching answers to send."""

from __future__ import annotations

import hashlib

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineQueryLimit, InlineQueryResultLimit, ParseMode
from telegram.ext import ContextTypes

from adapters.common.core import core
from adapters.common.text import clip
from bot import messages
from bot.service.facade import FaqService, User

from .keyboards import start_payload
from .render import MAX_MESSAGE, render_reply

__all__ = ["MAX_RESULTS", "InlineAnswers"]

MAX_RESULTS: int = InlineQueryLimit.RESULTS  # Telegram refuses more results per inline answer
RESULTS = 10  # what a person scrolls through; well under Telegram's limit
MAX_QUERY: int = InlineQueryLimit.MAX_QUERY_LENGTH  # Telegram's own limit on an inline query's length
CACHE_SECONDS = 30  # answers change only with the KB: let Telegram cache them briefly


def _result_id(entry_id: str) -> str:
    """A result id of at most 64 bytes, stable for an entry (ids are ≤ 48 bytes, but be safe)."""
    fits = len(entry_id.encode()) <= InlineQueryResultLimit.MAX_ID_LENGTH
    return entry_id if fits else hashlib.sha1(entry_id.encode()).hexdigest()


class InlineAnswers:
    """Answers inline queries from the KB; stateless, like the buttons."""

    def __init__(self, service: FaqService, results: int = RESULTS) -> None:
        self.service = service
        self.results = max(1, min(results, MAX_RESULTS))

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """List the best matching questions; each result sends the question and its answer."""
        query = update.inline_query
        if query is None:
            return
        username = context.bot.username
        user = User("telegram", str(query.from_user.id))
        articles = []
        for reply in await core(self.service.inline, query.query[:MAX_QUERY], user, self.results):
            entry_id = reply.entry_id or ""
            parts = render_reply(reply, limit=MAX_MESSAGE - 2)
            text = parts[0] + ("\n…" if len(parts) > 1 else "")  # one message: the rest is in the bot's chat
            payload = start_payload(entry_id)
            more = messages.text("telegram.inline.more", reply.language)
            markup = (
                InlineKeyboardMarkup([[InlineKeyboardButton(more, url=f"https://t.me/{username}?start={payload}")]])
                if payload and username else None
            )
            articles.append(InlineQueryResultArticle(
                id=_result_id(entry_id),
                title=clip(reply.question or "", 100, one_line=True),
                description=clip(reply.text, 120, one_line=True),
                input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
                reply_markup=markup,
            ))
        await query.answer(
            articles[:MAX_RESULTS], cache_time=CACHE_SECONDS,
            button=InlineQueryResultsButton(text=messages.text("telegram.inline.private"), start_parameter="inline"),
        )
