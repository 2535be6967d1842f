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
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.service.facade import FaqService

from .keyboards import start_payload
from .render import MAX_MESSAGE, clip, render_reply

__all__ = ["MAX_RESULTS", "InlineAnswers"]

MAX_RESULTS = 50  # Telegram refuses more results per inline answer
RESULTS = 10  # what a person scrolls through; well under Telegram's limit
MAX_QUERY = 256  # Telegram's own limit on an inline query's length
CACHE_SECONDS = 30  # answers change only with the KB: let Telegram cache them briefly


def _result_id(entry_id: str) -> str:
    """A result id of at most 64 bytes, stable for an entry (ids are ≤ 48 bytes, but be safe)."""
    return entry_id if len(entry_id.encode()) <= 64 else hashlib.sha1(entry_id.encode()).hexdigest()


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
        answerer = self.service.answerer
        username = context.bot.username
        articles = []
        for suggestion in answerer.complete(query.query[:MAX_QUERY], limit=self.results):
            reply = answerer.answer(suggestion.id)
            if reply is None:
                continue
            parts = render_reply(reply, limit=MAX_MESSAGE - 2)
            text = parts[0] + ("\n…" if len(parts) > 1 else "")  # one message: the rest is in the bot's chat
            payload = start_payload(suggestion.id)
            markup = (
                InlineKeyboardMarkup([[InlineKeyboardButton("More from the bot", url=f"https://t.me/{username}?start={payload}")]])
                if payload and username else None
            )
            articles.append(InlineQueryResultArticle(
                id=_result_id(suggestion.id),
                title=clip(suggestion.question, 100),
                description=clip(reply.text, 120),
                input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
                reply_markup=markup,
            ))
        await query.answer(
            articles[:MAX_RESULTS], cache_time=CACHE_SECONDS,
            button=InlineQueryResultsButton(text="Ask me in a private chat", start_parameter="inline"),
        )
