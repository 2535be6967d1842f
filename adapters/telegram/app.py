"""Building the python-telegram-bot Application: handlers, flood control, retries, the command menu."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import messages
from bot.service.facade import FaqService

from .cluster import DedupeQueue, OrderedProcessor, SharedFloodLimiter, count_responses
from .errors import make_error_handler
from .handlers import Handlers
from .inline import InlineAnswers
from .profile import set_profile
from .request import RetryingRequest
from .settings import TelegramSettings

__all__ = ["ALLOWED_UPDATES", "GROUP_COMMANDS", "PRIVATE_COMMANDS", "BacklogFilter", "build_application",
           "set_commands"]

log = logging.getLogger("faqbot.telegram")

PRIVATE_COMMANDS = tuple(
    (c, messages.text(f"telegram.command.{c}")) for c in ("start", "help", "ask", "summary", "topics")
)
GROUP_COMMANDS = tuple((c, messages.text(f"telegram.command.{c}")) for c in ("ask", "summary", "topics", "help"))
# Only what the bot handles: Telegram then does not deliver (or wake us for) anything else.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


async def set_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu for private chats and groups (post_init); a refusal is logged, not fatal."""
    bot = application.bot
    private = [c for c, _ in PRIVATE_COMMANDS]
    group = [c for c, _ in GROUP_COMMANDS]
    try:
        await bot.set_my_commands(
            [BotCommand(c, d) for c, d in PRIVATE_COMMANDS], scope=BotCommandScopeAllPrivateChats()
        )
        await bot.set_my_commands([BotCommand(c, d) for c, d in GROUP_COMMANDS], scope=BotCommandScopeAllGroupChats())
        # Users whose Telegram speaks another language the bot speaks see the menu in that language.
        for language in sorted(set(messages.CATALOGUE) - {messages.DEFAULT_LANGUAGE}):
            for names, scope in ((private, BotCommandScopeAllPrivateChats()), (group, BotCommandScopeAllGroupChats())):
                menu = [BotCommand(c, messages.text(f"telegram.command.{c}", language)) for c in names]
                await bot.set_my_commands(menu, scope=scope, language_code=language)
    except TelegramError as error:
        log.warning("could not set the command menu: %s", type(error).__name__)


class BacklogFilter:
    """Skips messages older than ``max_age`` seconds (the backlog after downtime), counted and logged once a minute.

    An answer to a question asked ten minutes ago, while the bot was down, arrives out of the blue; a
    burst of them after an outage floods the chats. Button presses and inline queries carry no date
    of their own and expire on Telegram's side, so they pass.
    """

    def __init__(self, max_age: float) -> None:
        self.max_age = max_age
        self.skipped = 0
        self._logged_at = -60.0

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop an old message before any handler sees it."""
        message = update.message
        if message is None or message.date is None:
            return
        age = time.time() - message.date.timestamp()
        if age <= self.max_age:
            return
        self.skipped += 1
        if time.monotonic() - self._logged_at >= 60:
            self._logged_at = time.monotonic()
            log.info("skipped a message %.0f s old (TELEGRAM_DROP_PENDING_UPDATES: at most %g s); skipped so far: %d",
                     age, self.max_age, self.skipped)
        raise ApplicationHandlerStop


def _post_init(service: FaqService) -> Callable[[Application], Coroutine[Any, Any, None]]:  # type: ignore[type-arg]
    """What runs once connected: the command menu, and the description from the KB."""

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        await set_commands(application)
        await set_profile(application.bot, service)

    return post_init


def _request(settings: TelegramSettings, pool: int, retrying: bool, service: FaqService) -> RetryingRequest:
    timeout = settings.timeout  # PTB adds the long-poll wait to the read timeout of getUpdates itself
    return RetryingRequest(
        connection_pool_size=pool, connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout,
        pool_timeout=timeout, retries=settings.max_retries if retrying else 0, deadline=settings.retry_deadline,
        httpx_kwargs=count_responses(service),  # 429s and 5xx for the metrics
    )


def build_application(service: FaqService, settings: TelegramSettings) -> Application:  # type: ignore[type-arg]
    """The Application for ``service``, configured by ``settings`` (not started)."""
    # Several workers (FAQBOT_REDIS_URL): one flood limit, each update once, each chat in order (cluster.py).
    queue = DedupeQueue(service.cluster)
    limiter = SharedFloodLimiter(
        service, service.cluster, settings.rate_limit,
        overall_max_rate=settings.rate_limit, overall_time_period=1,
        # Telegram allows about 20 messages a minute in one group; off together with the overall limit.
        group_max_rate=20 if settings.rate_limit else 0, group_time_period=60,
        # 429s are retried by the request (within TELEGRAM_RETRY_DEADLINE, pausing every send meanwhile):
        # a second retry loop here would multiply the tries and log a traceback when it gives up.
        max_retries=0,
    )
    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .request(_request(settings, pool=max(8, min(settings.concurrency, 128)), retrying=True, service=service))
        .get_updates_request(_request(settings, pool=1, retrying=False, service=service))
        .rate_limiter(limiter)
        .update_queue(queue)
        .concurrent_updates(OrderedProcessor(settings.concurrency, queue))
        # Answers quote KB text, which may hold links: a preview card would bury the answer (TELEGRAM_LINK_PREVIEWS).
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=not settings.link_previews)))
        .post_init(_post_init(service))
        .build()
    )
    if settings.backlog_max_age is not None:
        application.add_handler(TypeHandler(Update, BacklogFilter(settings.backlog_max_age)), group=-1)
    handlers = Handlers(service)
    inline = InlineAnswers(service)
    for name, callback in (
        ("start", handlers.start), ("help", handlers.help), ("ask", handlers.ask), ("summary", handlers.summary),
        ("topics", handlers.topics), ("reload", handlers.reload), ("stats", handlers.stats),
    ):
        application.add_handler(CommandHandler(name, callback))
    questions = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(questions, handlers.on_text))
    application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, handlers.unknown_command))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_error_handler(make_error_handler(settings.redact))
    return application
