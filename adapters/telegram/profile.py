"""The bot's profile texts, set from the KB at start: the description (empty chat) and the short description."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import BotDescriptionLimit
from telegram.error import TelegramError

from adapters.common.text import clip
from bot import messages
from bot.engine.reply import Reply, Role
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered

__all__ = ["describe", "set_profile"]

log = logging.getLogger("faqbot.telegram")


def describe(help_reply: Reply) -> tuple[str, str]:
    """The description (shown in an empty chat, ≤ 512) and short description (profile, ≤ 120) from ``/help``'s reply."""
    lang = help_reply.language
    names = [s.label for s in help_reply.suggestions if s.role is Role.TOPIC]
    about = ", ".join(names) if names else messages.text("telegram.profile.any", lang)
    short = _clip(messages.text("telegram.profile.short", lang, topics=about),
                  BotDescriptionLimit.MAX_SHORT_DESCRIPTION_LENGTH)
    examples = [s.question for s in help_reply.suggestions if s.role is Role.EXAMPLE][:2]
    lines = [messages.text("telegram.profile.about", lang, topics=about), messages.text("telegram.profile.how", lang)]
    if examples:
        lines.append(messages.text("telegram.profile.examples", lang, examples=" · ".join(examples)))
    long = _clip(" ".join(lines), BotDescriptionLimit.MAX_DESCRIPTION_LENGTH)
    return long, short


def _clip(text: str, limit: int) -> str:
    """Prose within ``limit`` UTF-16 units (how Telegram counts), cut at a word with an ellipsis when longer."""
    return clip(text, limit, one_line=True, at_word=True)


async def set_profile(bot: Bot, service: FaqService) -> None:
    """Set the description and short description when they differ from Telegram's; a refusal is logged, not fatal."""
    outcome = service.help(User("telegram", "start-up"))
    if not isinstance(outcome, Answered):
        return
    long, short = describe(outcome.reply)
    try:
        if (await bot.get_my_description()).description != long:
            await bot.set_my_description(long)
        if (await bot.get_my_short_description()).short_description != short:
            await bot.set_my_short_description(short)
    except TelegramError as error:
        log.warning("could not set the bot's description: %s", type(error).__name__)
