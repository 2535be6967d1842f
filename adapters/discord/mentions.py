"""Answering a message that @mentions the bot in a channel (and any message in a DM with it).

No privileged intent is needed: Discord sends a bot the content of messages that mention it and of
its DMs even without the Message Content intent (only the non-privileged message intents are on).
The answer is a reply to the message, with the same embeds and buttons as ``/ask``; it never pings.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from adapters.common.core import core
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Refused

from .render import reply_pages, text_pages
from .sending import FOLLOW_UP, SendGate
from .views import reply_view

__all__ = ["MentionAnswers"]

log = logging.getLogger("faqbot.discord")

_MAX_QUESTION = 2000  # a Discord message is at most 2,000 characters (4,000 with Nitro): ample for a question


class MentionAnswers:
    """Turns a mention (or a DM) into a question for the service and replies in the channel."""

    def __init__(self, service: FaqService, gate: SendGate, *, weak_below: float = 70.0) -> None:
        self.service = service
        self.gate = gate  # replies here have no 3 s deadline: they go after interaction responses
        self.weak_below = weak_below

    @staticmethod
    def question(message: discord.Message, me: discord.abc.User) -> str | None:
        """The question a message asks the bot, or None when it is not addressed to it."""
        if message.author.bot or message.webhook_id is not None or message.author.id == me.id:
            return None
        in_dm = message.guild is None
        if not in_dm and me.id not in message.raw_mentions:
            return None  # @everyone and role mentions are not addressed to the bot
        text = re.sub(rf"<@!?{me.id}>", " ", message.content or "")
        return " ".join(text.split())[:_MAX_QUESTION]

    async def on_message(self, message: discord.Message, me: discord.abc.User | None) -> None:
        """Answer ``message`` when it is addressed to the bot; faults are logged, never raised."""
        question = self.question(message, me) if me is not None else None
        if question is None:
            return
        user = User("discord", str(message.author.id), str(message.channel.id))
        try:
            # A bare mention asks for help; the core runs on a worker thread, as for every interaction.
            outcome = await core(
                (lambda: self.service.ask(question, user)) if question else (lambda: self.service.help(user)),
            )
            if isinstance(outcome, Answered):
                pages = reply_pages(outcome.reply, weak_below=self.weak_below)
                await self._reply(message, [{"embed": p} for p in pages], reply_view(outcome.reply))
            elif isinstance(outcome, Refused | AdminResult | Noted):
                await self._reply(message, [{"content": t} for t in text_pages(outcome.text)], None)
        except discord.Forbidden:
            log.info("discord: no permission to reply in channel %s (Send Messages, Embed Links, Read Message "
                     "History are needed for answers to mentions)", message.channel.id)
        except discord.HTTPException as error:
            log.warning("discord: could not answer a mention in channel %s: %s", message.channel.id, error)

    async def _reply(self, message: discord.Message, pages: list[dict[str, Any]], view: discord.ui.View | None,
                     ) -> None:
        """The first page replies to the message (without pinging its author), the rest follow; buttons last."""
        for number, page in enumerate(pages):
            extra: dict[str, Any] = {"view": view} if view is not None and number == len(pages) - 1 else {}
            async with self.gate.slot(FOLLOW_UP):
                if number == 0:
                    await message.reply(**page, **extra, mention_author=False)
                else:
                    await message.channel.send(**page, **extra)
