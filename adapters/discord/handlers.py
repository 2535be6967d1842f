"""What each slash command and button does: call the core, then answer the interaction in time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.common.core import core
from adapters.common.text import clip
from bot import messages
from bot.engine.reply import Intent, Reply
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refused

from .deadline import Deadline, is_expired_error
from .limits import LIMITS
from .render import help_text, reply_pages, text_pages, topics_text
from .sending import FOLLOW_UP, Expired, SendGate
from .share import post_view
from .views import reply_view

__all__ = ["FaqHandlers"]

log = logging.getLogger("faqbot.discord")

T = TypeVar("T")

_PARTIAL_LIMIT = 300  # autocomplete input beyond this adds nothing to the ranking
_LOADED = 32  # interactions in flight beyond which first responses are defers (answers follow)
_TOPICS_MAX_MESSAGES = 5  # a huge KB lists its first pages; /ask autocomplete finds the rest


class FaqHandlers:
    """The adapter's behaviour, independent of how discord.py routes events to it."""

    def __init__(
        self, service: FaqService, *, defer_after: float = 2.0, weak_below: float = 70.0,
        autocomplete_timeout: float = 1.5,
    ) -> None:
        self.service = service
        self.defer_after = defer_after  # Discord drops replies after 3 s; defer well before
        # Counted from the interaction's creation (its snowflake), not from when this handler started.
        self.deadline = Deadline(defer_at=defer_after)
        self.gate = SendGate()  # first responses before follow-ups, oldest first
        self.weak_below = weak_below
        self.autocomplete_timeout = autocomplete_timeout
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # --- slash commands --------------------------------------------------------------------
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """``/ask``: the answer, "did you mean" or "I don't know", with buttons."""
        async with self._handling(interaction):
            outcome = await self._compute(interaction, self.service.ask, question, _user(interaction))
            await self._deliver(interaction, outcome)

    async def summary(self, interaction: discord.Interaction, topic: str | None) -> None:
        """``/summary``: a topic's summary, or the topics to choose from."""
        async with self._handling(interaction):
            outcome = await self._compute(interaction, self.service.summary, topic or None, _user(interaction))
            topics = isinstance(outcome, Answered) and outcome.reply.intent is Intent.TOPICS
            await self._deliver(interaction, outcome, ephemeral=topics)

    async def topics(self, interaction: discord.Interaction) -> None:
        """``/topics``: every topic with its questions (only to the asker, it can be long)."""
        async with self._handling(interaction):
            outcome = await core(self.service.topics, _user(interaction))
            if not isinstance(outcome, Answered):
                await self._deliver(interaction, outcome)
                return
            reply = outcome.reply
            listing = await core(lambda: [(t.label, [q.label for q in self.service.questions(t.id)])
                                          for t in reply.topics])
            text = topics_text(listing) if listing else messages.text("discord.no_entries", reply.language)
            pages = reply_pages(Reply(intent=Intent.TOPICS, text=text, language=reply.language), weak_below=0)
            if len(pages) > _TOPICS_MAX_MESSAGES:
                pages = pages[:_TOPICS_MAX_MESSAGES]
                pages[-1].set_footer(text=messages.text("discord.more_topics", reply.language))
            await self._send_pages(interaction, pages, None, ephemeral=True)

    async def help(self, interaction: discord.Interaction) -> None:
        """``/help``: what the bot knows, the commands, and example questions as buttons."""
        async with self._handling(interaction):
            outcome = await core(self.service.help, _user(interaction))
            if not isinstance(outcome, Answered):
                await self._deliver(interaction, outcome)
                return
            reply = outcome.reply
            text = help_text([t.label for t in reply.topics], reply.language)
            shown = Reply(intent=Intent.HELP, text=text, suggestions=reply.questions, language=reply.language)
            await self._send_reply(interaction, shown, ephemeral=True)

    async def reload(self, interaction: discord.Interaction) -> None:
        """``/reload`` (admins): reload the KB now and report the outcome."""
        async with self._handling(interaction):
            user = _user(interaction)
            # A refusal is instant; a reload reads files, so admins see "thinking" at once.
            outcome = await self._compute(interaction, self.service.reload, user, ephemeral=True,
                                          force_defer=self.service.is_admin(user))
            await self._deliver(interaction, outcome, ephemeral=True)

    async def stats(self, interaction: discord.Interaction) -> None:
        """``/stats`` (admins): answer rate, top unanswered, KB size."""
        async with self._handling(interaction):
            outcome = await self._compute(interaction, self.service.stats, _user(interaction), ephemeral=True)
            await self._deliver(interaction, outcome, ephemeral=True)

    async def ask_about_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """"Ask faqbot" on a message: the answer to its text, shown only to the invoker, with a button to post it."""
        async with self._handling(interaction):
            text = message.content.strip()
            if not text:
                await self._say(interaction, messages.text("discord.no_text"), ephemeral=True)
                return
            outcome = await self._compute(interaction, self.service.ask, text, _user(interaction), ephemeral=True)
            if isinstance(outcome, Answered) and outcome.reply.intent is Intent.ANSWER and outcome.reply.entry_id:
                pages = reply_pages(outcome.reply, weak_below=self.weak_below)
                await self._send_pages(interaction, pages, post_view(outcome.reply.entry_id), ephemeral=True)
                return
            await self._deliver(interaction, outcome, ephemeral=True)

    async def post(self, interaction: discord.Interaction, entry_id: str) -> None:
        """The "Post in the channel" button under a private answer: the same answer, for everyone to see."""
        async with self._handling(interaction, "post button"):
            outcome = await self._compute(interaction, self.service.pick, entry_id, _user(interaction))
            await self._deliver(interaction, outcome)

    # --- buttons ---------------------------------------------------------------------------
    async def follow_up(self, interaction: discord.Interaction, entry_id: str) -> None:
        """A suggested-question button: post that answer (or say it was removed)."""
        async with self._handling(interaction, "follow-up button"):
            outcome = await self._compute(interaction, self.service.pick, entry_id, _user(interaction))
            await self._deliver(interaction, outcome)

    async def feedback(self, interaction: discord.Interaction, entry_id: str, helpful: bool) -> None:
        """A 👍 / 👎 button: store the vote and acknowledge it privately."""
        async with self._handling(interaction, "feedback button"):
            outcome = await self._compute(interaction, self.service.feedback, entry_id, _user(interaction), helpful,
                                          ephemeral=True)
            await self._deliver(interaction, outcome, ephemeral=True)

    # --- autocomplete ----------------------------------------------------------------------
    async def complete_questions(self, current: str, interaction: discord.Interaction | None = None,
                                 ) -> list[app_commands.Choice[str]]:
        """Autocomplete for ``/ask``: the best matching KB questions; [] on any error or when too slow."""
        user = _user(interaction) if interaction is not None else _ANONYMOUS

        def rank() -> list[app_commands.Choice[str]]:
            suggestions = self.service.complete((current or "")[:_PARTIAL_LIMIT], user, 25)
            return _choices(s.label for s in suggestions)

        return await self._suggest(rank, "question")

    async def complete_topics(self, current: str, interaction: discord.Interaction | None = None,
                              ) -> list[app_commands.Choice[str]]:
        """Autocomplete for ``/summary``: topic names starting with, then containing, what was typed."""
        user = _user(interaction) if interaction is not None else _ANONYMOUS

        def rank() -> list[app_commands.Choice[str]]:
            return _choices(s.label for s in self.service.complete_topics((current or "")[:_PARTIAL_LIMIT], user))

        return await self._suggest(rank, "topic")

    async def _suggest(self, rank: Callable[[], list[app_commands.Choice[str]]], what: str
                       ) -> list[app_commands.Choice[str]]:
        # discord.py only logs autocomplete errors and the user is left with a spinner: always return a list,
        # and in time (a slow matcher must not run into Discord's 3 seconds).
        try:
            return await asyncio.wait_for(core(rank), self.autocomplete_timeout)
        except TimeoutError:
            log.warning("discord: %s autocomplete took over %.1f s; no suggestions", what, self.autocomplete_timeout)
        except Exception:
            log.exception("discord: %s autocomplete failed", what)
        return []

    # --- errors and shutdown ---------------------------------------------------------------
    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """``tree.on_error``: log with context and tell the user, by follow-up when already answered."""
        cause = getattr(error, "original", error)
        if is_expired_error(cause):
            self.deadline.drop(_command_name(interaction))  # Discord's 3 s ran out on the way: counted, no traceback
            return
        await self.report_error(interaction, cause, _command_name(interaction))

    async def report_error(self, interaction: discord.Interaction, error: BaseException, where: str) -> None:
        """Log a failed interaction (ids only, never text) and answer the user ephemerally if still possible."""
        log.error(
            "discord: %s failed (interaction %s, user %s, guild %s, channel %s)",
            where, interaction.id, interaction.user.id if interaction.user else None,
            interaction.guild_id, interaction.channel_id, exc_info=error,
        )
        try:
            await self._say(interaction, messages.text("discord.failed"), ephemeral=True)
        except discord.HTTPException as exc:  # expired or already gone: nothing more to tell the user
            log.warning("discord: could not report the error to the user: %s", exc)

    async def drain(self, seconds: float) -> bool:
        """Wait until no reply is in flight (at most ``seconds``); False when some were still running."""
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
            return True
        except TimeoutError:
            log.warning("discord: %d repl(ies) still in flight at shutdown", self._in_flight)
            return False

    # --- internals -------------------------------------------------------------------------
    def _handling(self, interaction: discord.Interaction, report_as: str | None = None) -> _Handling:
        return _Handling(self, interaction, report_as)

    async def _compute(
        self, interaction: discord.Interaction, func: Callable[..., T], *args: Any,
        ephemeral: bool = False, force_defer: bool = False,
    ) -> T:
        """Run a core call off the event loop; defer the response when it takes too long for Discord's 3 s.

        The time left is counted from the interaction's creation: under load a handler starts late,
        and waiting a fixed 2 s from here would miss Discord's deadline.
        """
        left = self.deadline.defer_in(interaction)
        if self._is_loaded():
            # Acknowledge first, compute after: worker threads computing answers would take the GIL
            # from the event loop just when it has thousands of acknowledgements to send.
            await self._defer(interaction, ephemeral)
            await self.gate.quiet()
            return await core(func, *args)
        task = asyncio.ensure_future(core(func, *args))
        if force_defer or left <= 0:
            await self._defer(interaction, ephemeral)
        else:
            done, _ = await asyncio.wait({task}, timeout=left)
            if not done:
                await self._defer(interaction, ephemeral)
        result = await task
        if self._is_loaded():
            # First responses are queueing: a defer is a small request, the full answer can follow later.
            await self._defer(interaction, ephemeral)
        return result

    def _is_loaded(self) -> bool:
        """Many interactions at once: acknowledge each with a defer first, so every one is in time."""
        return self._in_flight > _LOADED or self.gate.busy

    async def _defer(self, interaction: discord.Interaction, ephemeral: bool) -> None:
        """Acknowledge now ("thinking…"), the answer to follow; a no-op once the interaction is answered."""
        if interaction.response.is_done():
            return
        async with self.gate.slot(interaction.created_at.timestamp()):
            if not self.deadline.fresh(interaction, "defer"):
                raise Expired
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)

    async def _deliver(self, interaction: discord.Interaction, outcome: Outcome, *, ephemeral: bool = False) -> None:
        """Answer with what an action came to; notes are private. Silent still answers: Discord needs a response."""
        if isinstance(outcome, Answered):
            await self._send_reply(interaction, outcome.reply, ephemeral=ephemeral)
        elif isinstance(outcome, Refused | AdminResult | Noted):
            await self._say(interaction, outcome.text, ephemeral=True)
        else:
            await self._say(interaction, messages.text("discord.slow_down"), ephemeral=True)

    async def _send_reply(self, interaction: discord.Interaction, reply: Reply, *, ephemeral: bool = False) -> None:
        pages = reply_pages(reply, weak_below=self.weak_below)
        await self._send_pages(interaction, pages, reply_view(reply), ephemeral=ephemeral)

    async def _send_pages(
        self, interaction: discord.Interaction, pages: Sequence[discord.Embed], view: discord.ui.View | None,
        *, ephemeral: bool,
    ) -> None:
        """Send one embed per message; the buttons go under the last one."""
        for number, embed in enumerate(pages):
            last = number == len(pages) - 1
            extra: dict[str, Any] = {"view": view} if last and view is not None else {}
            await self._send(interaction, embed=embed, ephemeral=ephemeral, **extra)

    async def _say(self, interaction: discord.Interaction, text: str, *, ephemeral: bool) -> None:
        for page in text_pages(text):
            await self._send(interaction, content=page, ephemeral=ephemeral)

    async def _send(self, interaction: discord.Interaction, *, ephemeral: bool, **kwargs: Any) -> None:
        """The first message answers the interaction; later ones (or after a defer) are follow-ups."""
        if interaction.response.is_done():
            async with self.gate.slot(FOLLOW_UP):
                await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
            return
        async with self.gate.slot(interaction.created_at.timestamp()):
            if not self.deadline.fresh(interaction, "reply"):
                raise Expired
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)


class _Handling:
    """Counts replies in flight (shutdown lets them finish); with ``report_as``, reports errors itself.

    Button callbacks need that: discord.py only logs their errors, they never reach ``tree.on_error``.
    Slash commands let errors propagate to ``tree.on_error``.
    """

    def __init__(self, owner: FaqHandlers, interaction: discord.Interaction, report_as: str | None) -> None:
        self.owner, self.interaction, self.report_as = owner, interaction, report_as

    async def __aenter__(self) -> None:
        self.owner._in_flight += 1
        self.owner._idle.clear()

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> bool:
        try:
            if isinstance(error, Expired):
                return True  # dropped and counted by the deadline already: nothing to report
            if self.report_as is None or not isinstance(error, Exception):
                return False
            if is_expired_error(error):
                self.owner.deadline.drop(self.report_as)
                return True
            await self.owner.report_error(self.interaction, error, self.report_as)
            return True
        finally:
            self.owner._in_flight -= 1
            if self.owner._in_flight == 0:
                self.owner._idle.set()


_ANONYMOUS = User("discord", "")  # autocomplete without an interaction (direct calls): one shared bucket


def _user(interaction: discord.Interaction) -> User:
    return User("discord", str(interaction.user.id), str(interaction.channel_id or ""),
                language=str(getattr(interaction, "locale", "") or ""))


def _command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return f"/{command.qualified_name}" if command is not None else f"interaction type {interaction.type}"


def _choices(names: Any) -> list[app_commands.Choice[str]]:
    """Up to 25 distinct, non-empty choices of at most 100 characters (Discord rejects anything else)."""
    out: list[app_commands.Choice[str]] = []
    seen: set[str] = set()
    for raw in names:
        name = clip(str(raw), LIMITS.choice, one_line=True)
        if name and name not in seen:
            seen.add(name)
            out.append(app_commands.Choice(name=name, value=name))
        if len(out) == LIMITS.choices:
            break
    return out
