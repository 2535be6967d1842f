"""The running bot: a ``commands.Bot`` wired to the handlers, served until ``faqbot run`` is told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any, cast

import aiohttp
import discord
from discord.ext import commands

from bot.service.facade import FaqService
from bot.service.logs import RedactingFilter, Redactor
from bot.service.settings import SettingsError

from .commands import add_commands
from .handlers import FaqHandlers
from .mentions import MentionAnswers
from .secrets import SECRETS
from .settings import DiscordSettings
from .share import PostButton
from .views import DYNAMIC_ITEMS

__all__ = [
    "DiscordPlatform",
    "FaqBot",
    "FaqTree",
    "ShardedFaqBot",
    "StartError",
    "build_bot",
    "intents",
    "quiet_voice_warnings",
]

log = logging.getLogger("faqbot.discord")


def intents() -> discord.Intents:
    """No privileged intent: guilds, plus messages so that mentions and DMs get answers (their content is sent)."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


def quiet_voice_warnings() -> None:
    """This bot never joins voice: skip discord.py's start-up warnings about missing voice libraries."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


class StartError(ConnectionError):
    """Discord could not be reached at start; the message names the cause and what to check (never the token)."""


def _cause(error: BaseException) -> str:
    """A short cause for the log: the exception type, and the HTTP status of a server error."""
    status = getattr(error, "status", None)
    return f"{type(error).__name__} {status}" if status else type(error).__name__


class FaqTree(discord.app_commands.CommandTree[Any]):
    """The command tree: an interaction too old to acknowledge is dropped before its command runs."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """False (counted, one log line now and then, no traceback) once Discord's 3 seconds are nearly over."""
        faq = getattr(self.client, "faq", None)
        if not isinstance(faq, FaqHandlers):
            return True
        return faq.deadline.fresh(interaction, _interaction_name(interaction))


def _interaction_name(interaction: discord.Interaction[Any]) -> str:
    data: dict[str, Any] = dict(interaction.data or {})
    return f"/{data.get('name')}" if "name" in data else str(interaction.type.name)


class _FaqSetup:
    """Shared by the plain and the sharded bot: what to register before connecting."""

    faq: FaqHandlers
    mentions: MentionAnswers
    tree: discord.app_commands.CommandTree[Any]

    async def setup_hook(self) -> None:
        """Register commands, the restart-proof buttons and the error handler (never syncs: see ``discord-sync``)."""
        add_commands(self.tree)
        self.add_dynamic_items(*DYNAMIC_ITEMS, PostButton)  # type: ignore[attr-defined]
        self.tree.error(self.faq.on_app_command_error)

    async def on_message(self, message: discord.Message) -> None:
        """A message that mentions the bot (or a DM): answered like ``/ask``; nothing else is read."""
        await self.mentions.on_message(message, cast(Any, self).user)


class FaqBot(_FaqSetup, commands.Bot):
    """One gateway connection: right for bots in up to a couple of thousand servers."""

    def __init__(self, faq: FaqHandlers, **options: Any) -> None:
        self.faq = faq
        self.mentions = MentionAnswers(faq.service, faq.gate, weak_below=faq.weak_below)
        super().__init__(**_bot_options(options))


class ShardedFaqBot(_FaqSetup, commands.AutoShardedBot):
    """Several gateway connections (``DISCORD_SHARDS``), for bots in many servers."""

    def __init__(self, faq: FaqHandlers, **options: Any) -> None:
        self.faq = faq
        self.mentions = MentionAnswers(faq.service, faq.gate, weak_below=faq.weak_below)
        super().__init__(**_bot_options(options))


START_PAUSES = (1.0, 2.0, 4.0, 4.0)  # seconds between login tries at start (about 11 s in all, as on Telegram)
HTTP_CONNECTIONS = 64  # open connections to Discord's API at most; further requests wait for one


def _connector() -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)


def _bot_options(options: dict[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = {
        # discord.py's default connector has no limit: a burst of 3,000 interactions opened 3,000
        # connections at once, and the connection storm (SYN backlog overflow, handshakes) made every
        # answer miss Discord's 3 s. A bounded pool reuses keep-alive connections.
        "connector": _connector(),
        "command_prefix": commands.when_mentioned,  # no prefix commands; required by commands.Bot
        "help_command": None,
        "intents": intents(),
        # Knowledge-base text must never ping anyone, whatever it contains.
        "allowed_mentions": discord.AllowedMentions.none(),
        "max_messages": None,  # nothing reads the message cache
        "tree_cls": FaqTree,
    }
    return {**base, **options}


def build_bot(faq: FaqHandlers, settings: DiscordSettings, **options: Any) -> commands.Bot | commands.AutoShardedBot:
    """The bot for these settings: sharded when ``DISCORD_SHARDS`` is set."""
    quiet_voice_warnings()
    if settings.sharded:
        if settings.shard_ids is not None:  # one of several processes: its own shard range (DISCORD_SHARD_IDS)
            options = {"shard_ids": list(settings.shard_ids), **options}
        return ShardedFaqBot(faq, shard_count=settings.shard_count, **options)
    return FaqBot(faq, **options)


class DiscordPlatform:
    """``faqbot run``'s handle on Discord: serves until ``stop`` is set, then finishes replies and disconnects."""

    name = "discord"

    def __init__(
        self, service: FaqService, settings: DiscordSettings, *, bot_options: Mapping[str, Any] | None = None,
        defer_after: float = 2.0, drain_timeout: float = 5.0, start_pauses: tuple[float, ...] = START_PAUSES,
    ) -> None:
        self.service = service
        self.settings = settings
        self.bot_options = dict(bot_options or {})
        self.defer_after = defer_after
        self.drain_timeout = drain_timeout
        self.start_pauses = start_pauses  # seconds between login tries while Discord cannot be reached
        self.started = asyncio.Event()  # set once connected and ready (the bench waits on it)
        self.bot: commands.Bot | commands.AutoShardedBot | None = None  # the current run's bot (tests, diagnostics)

    async def _mark_ready(self, bot: commands.Bot | commands.AutoShardedBot) -> None:
        await bot.wait_until_ready()
        self.started.set()

    async def _start(self, bot: commands.Bot | commands.AutoShardedBot, stop: asyncio.Event) -> None:
        """Log in, retrying while Discord cannot be reached (the cause is logged), then hold the gateway."""
        for attempt, pause in enumerate((*self.start_pauses, None), start=1):
            try:
                await bot.login(self.settings.token)
                break
            except (aiohttp.ClientError, OSError, TimeoutError, discord.DiscordServerError) as error:
                cause = _cause(error)
                # Each login opens a new HTTP session (and closing it closes its connector): start afresh.
                await bot.http.close()
                bot.http.connector = _connector()
                if pause is None:
                    raise StartError(
                        f"cannot reach Discord's API after {attempt} tries ({cause}); check the network, a proxy, "
                        "or Discord's status page"
                    ) from None
                log.warning("discord: Discord not reachable (%s), trying again in %.0f s", cause, pause)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), pause)
                if stop.is_set():
                    return
        # The gateway reconnects by itself (discord.py retries network faults with backoff).
        await bot.connect(reconnect=True)

    def __repr__(self) -> str:
        return f"DiscordPlatform(guild_id={self.settings.guild_id}, sharded={self.settings.sharded})"

    async def run(self, stop: asyncio.Event) -> None:
        """Connect and serve until ``stop`` is set; a rejected token raises SettingsError."""
        faq = FaqHandlers(self.service, defer_after=self.defer_after)
        bot = build_bot(faq, self.settings, **self.bot_options)
        self.bot = bot
        # Also for log handlers faqbot did not set up: discord.py's DEBUG log holds interaction tokens.
        redaction = RedactingFilter(Redactor.declared({"DISCORD_BOT_TOKEN": self.settings.token}, [SECRETS]))
        redaction.install()
        try:
            await self._serve(bot, faq, stop)
        finally:
            redaction.remove()
        log.info("discord: stopped")

    async def _serve(self, bot: commands.Bot | commands.AutoShardedBot, faq: FaqHandlers, stop: asyncio.Event) -> None:
        async with bot:
            runner = asyncio.create_task(self._start(bot, stop), name="discord-bot")
            ready = asyncio.create_task(self._mark_ready(bot), name="discord-ready")
            stopper = asyncio.create_task(stop.wait(), name="discord-stop")
            try:
                await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopper.cancel()
                ready.cancel()
            if runner.done():
                _raise_start_error(runner)
                log.warning("discord: the connection ended before faqbot was told to stop")
                return
            log.info("discord: stopping, letting replies in flight finish")
            await faq.drain(self.drain_timeout)
            await bot.close()
            try:
                await asyncio.wait_for(runner, timeout=self.drain_timeout)
            except (TimeoutError, asyncio.CancelledError):
                log.warning("discord: the gateway task did not end in time; cancelled")


def _raise_start_error(runner: asyncio.Task[None]) -> None:
    """The bot stopped by itself: turn a rejected token into a clear settings error (without the token)."""
    error = runner.exception()
    if isinstance(error, discord.LoginFailure):
        raise SettingsError("DISCORD_BOT_TOKEN was rejected by Discord; copy the token again from the "
                            "Developer Portal (Bot > Reset Token)") from None
    if isinstance(error, discord.PrivilegedIntentsRequired):
        raise SettingsError("Discord refused the gateway intents; this bot needs no privileged intents") from None
    if error is not None:
        raise error
