"""Chat handlers: commands, questions in private chats and groups, and button presses."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from adapters.common.core import core
from bot import messages
from bot.engine.reply import Reply
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refused

from .keyboards import (
    ANSWER,
    HELPFUL,
    SUMMARY,
    UNHELPFUL,
    parse_callback,
    parse_start_payload,
    reply_keyboard,
    suggestion_rows,
    topic_rows,
)
from .render import render_reply, render_text

__all__ = ["Handlers", "addressed_question", "telegram_user"]

log = logging.getLogger("faqbot.telegram")

Context = ContextTypes.DEFAULT_TYPE


def telegram_user(update: Update) -> User:
    """The core's User for an update: Telegram user id and chat id, as strings."""
    user = update.effective_user
    chat = update.effective_chat
    return User("telegram", str(user.id) if user else "", str(chat.id) if chat else "",
                language=(user.language_code or "") if user else "")


def _command_argument(message: Message) -> str:
    """What follows ``/command`` (or ``/command@bot``), with its line breaks kept."""
    text = message.text or ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


class Handlers:
    """The bot's behaviour on Telegram; holds the service it was given, nothing else."""

    def __init__(self, service: FaqService) -> None:
        self.service = service

    # --- sending -------------------------------------------------------------------------
    async def send_reply(self, bot: Bot, chat_id: int, reply: Reply, reply_to: Message | None = None) -> None:
        """Send a Reply as one or more HTML messages, its keyboard on the last one."""
        await self.send_parts(bot, chat_id, render_reply(reply), reply_keyboard(reply), reply_to)

    async def send_outcome(self, bot: Bot, chat_id: int, outcome: Outcome, reply_to: Message | None = None) -> None:
        """Send what an action came to: a reply, a note or an admin result; nothing when Silent."""
        if isinstance(outcome, Answered):
            await self.send_reply(bot, chat_id, outcome.reply, reply_to)
        elif isinstance(outcome, Refused | AdminResult | Noted):
            await self.send_parts(bot, chat_id, render_text(outcome.text), None, reply_to)

    async def send_parts(
        self, bot: Bot, chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None = None,
        reply_to: Message | None = None,
    ) -> None:
        """Send HTML parts in order; the first quotes ``reply_to`` (in groups), the last carries ``markup``."""
        thread = reply_to.message_thread_id if reply_to is not None and reply_to.is_topic_message else None
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            quote = (
                ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
                if reply_to is not None and index == 0 else None
            )
            await bot.send_message(
                chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None,
                reply_parameters=quote, message_thread_id=thread,
            )

    @staticmethod
    def _quote(message: Message) -> Message | None:
        """In groups, answers quote the question so the thread stays readable; private chats need no quote."""
        return message if message.chat.type != ChatType.PRIVATE else None

    async def _answer_question(self, update: Update, context: Context, text: str) -> None:
        message = update.effective_message
        if message is None:
            return
        outcome = await core(self.service.ask, text, telegram_user(update))
        await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))

    # --- commands ------------------------------------------------------------------------
    async def start(self, update: Update, context: Context) -> None:
        """/start: greet with the topics and a few example questions; ``/start a_<id>`` answers that entry."""
        message = update.effective_message
        if message is None:
            return
        user = telegram_user(update)
        payload = context.args[0] if context.args else ""
        entry_id = parse_start_payload(payload) if payload else None
        if entry_id:
            picked = await core(self.service.pick, entry_id, user)
            if isinstance(picked, Answered):
                await self.send_reply(context.bot, message.chat_id, picked.reply)
                return
        outcome = await core(self.service.welcome, user)
        if not isinstance(outcome, Answered):
            await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))
            return
        reply = outcome.reply
        names = ", ".join(t.label for t in reply.topics) or messages.text("reply.some_topics", reply.language)
        text = messages.text("telegram.start", reply.language, topics=names)
        rows = topic_rows(reply.topics) + suggestion_rows(reply.questions)
        await self.send_parts(context.bot, message.chat_id, render_text(text), _markup(rows), self._quote(message))

    async def help(self, update: Update, context: Context) -> None:
        """/help: what the bot knows and how to ask, with example questions as buttons."""
        message = update.effective_message
        if message is None:
            return
        user = telegram_user(update)
        outcome = await core(self.service.help, user)
        if not isinstance(outcome, Answered):
            await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))
            return
        reply = outcome.reply
        lang, name = reply.language, context.bot.username
        topics = ", ".join(t.label for t in reply.topics) or messages.text("reply.some_topics", lang)
        lines = [
            messages.text("telegram.help.intro", lang, topics=topics),
            "",
            messages.text("telegram.help.type", lang),
            messages.text("telegram.help.ask", lang, bot=name),
            messages.text("telegram.help.summary", lang),
            messages.text("telegram.help.topics", lang),
            messages.text("telegram.help.groups", lang, bot=name),
            messages.text("telegram.help.inline", lang, bot=name),
        ]
        if self.service.is_admin(user):
            lines.append(messages.text("telegram.help.admin", lang))
        lines += ["", messages.text("telegram.help.examples", lang)]
        markup = _markup(suggestion_rows(reply.questions))
        await self.send_parts(context.bot, message.chat_id, render_text("\n".join(lines)), markup, self._quote(message))

    async def ask(self, update: Update, context: Context) -> None:
        """/ask <question>: answer the question (the way to ask in groups with privacy mode on)."""
        message = update.effective_message
        if message is not None:
            await self._answer_question(update, context, _command_argument(message))

    async def summary(self, update: Update, context: Context) -> None:
        """/summary [topic]: a topic's overview, or the topics as buttons to choose from."""
        message = update.effective_message
        if message is None:
            return
        outcome = await core(self.service.summary, _command_argument(message) or None, telegram_user(update))
        await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))

    async def topics(self, update: Update, context: Context) -> None:
        """/topics: the topics with their sizes, each a button to its summary."""
        message = update.effective_message
        if message is None:
            return
        outcome = await core(self.service.topics, telegram_user(update))
        if not isinstance(outcome, Answered):
            await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))
            return
        reply = outcome.reply
        lines = [messages.text("telegram.topic_line", reply.language, name=t.label, count=t.count)
                 for t in reply.topics]
        text = "\n".join([reply.text, *lines])
        markup = _markup(topic_rows(reply.topics))
        await self.send_parts(context.bot, message.chat_id, render_text(text), markup, self._quote(message))

    async def reload(self, update: Update, context: Context) -> None:
        """/reload (admins only): reload the knowledge base and say how it went."""
        await self._admin(update, context, self.service.reload)

    async def stats(self, update: Update, context: Context) -> None:
        """/stats (admins only): answer rate, top unanswered questions, KB size; in a private chat only."""
        message = update.effective_message
        if message is not None and message.chat.type != ChatType.PRIVATE and self.service.is_admin(
            telegram_user(update),
        ):
            # The unanswered questions are other users' words (one held an e-mail address): never in a group.
            note = render_text(messages.text("telegram.stats_private"))
            await self.send_parts(context.bot, message.chat_id, note, None, self._quote(message))
            return
        await self._admin(update, context, self.service.stats)

    async def _admin(self, update: Update, context: Context, action: Callable[[User], Outcome]) -> None:
        message = update.effective_message
        if message is None:
            return
        outcome = await core(action, telegram_user(update))
        await self.send_outcome(context.bot, message.chat_id, outcome, self._quote(message))

    async def unknown_command(self, update: Update, context: Context) -> None:
        """An unknown /command in a private chat: point to /help."""
        message = update.effective_message
        if message is not None:
            await self.send_parts(context.bot, message.chat_id, render_text(messages.text("telegram.unknown_command")))

    # --- messages ------------------------------------------------------------------------
    async def on_text(self, update: Update, context: Context) -> None:
        """A text message: always a question in private chats; in groups only when addressed to the bot."""
        message = update.effective_message
        if message is None or not message.text or message.via_bot is not None:
            return  # an answer shared through inline mode is not a question
        if message.chat.type == ChatType.PRIVATE:
            await self._answer_question(update, context, message.text)
            return
        question = addressed_question(message, context.bot)
        if question is not None:
            await self._answer_question(update, context, question)

    # --- buttons -------------------------------------------------------------------------
    async def on_button(self, update: Update, context: Context) -> None:
        """A button press: acknowledged at once, then answered with a new message (stale ids get an alert)."""
        query = update.callback_query
        if query is None:
            return
        action = parse_callback(query.data)
        if action is None:
            await query.answer(messages.text("telegram.expired_button"), show_alert=True)
            return
        user = telegram_user(update)
        if action.kind in (HELPFUL, UNHELPFUL):
            outcome = await core(self.service.feedback, action.entry_id, user, action.kind == HELPFUL)
        elif action.kind == ANSWER:
            outcome = await core(self.service.pick, action.entry_id, user)
        elif action.kind == SUMMARY:
            outcome = await core(lambda: self.service.summary(None, user, topic_id=action.entry_id))
        else:
            return
        if not isinstance(outcome, Answered):
            # A note fits the button's own acknowledgement: a toast for thanks, an alert for a refusal.
            note = outcome.text if isinstance(outcome, Refused | Noted | AdminResult) else None
            await query.answer(note, show_alert=isinstance(outcome, Refused))
            return
        await query.answer()
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        await self.send_reply(context.bot, chat_id, outcome.reply)


def addressed_question(message: Message, bot: Bot) -> str | None:
    """The question in a group message meant for the bot (a reply to it or a mention), or None."""
    text = message.text or ""
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == bot.id)
    username = (bot.username or "").casefold()
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, mention in mentions.items():
        is_bot = (
            (entity.type == MessageEntity.MENTION and mention.casefold() == f"@{username}")
            or (entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id)
        )
        if is_bot:
            to_bot = True
            if entity.type == MessageEntity.MENTION:
                text = text.replace(mention, " ")
    return " ".join(text.split()) if to_bot else None


def _markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup(rows) if rows else None
