"""A recording chat over the real service: the console adapter's full path, no network, every exchange kept.

``Chat.over(kb)`` builds the service the way a test wants it; ``chat.ask(line)`` returns what the
user would read, and ``chat.transcript`` and ``chat.outcomes`` keep every exchange.
``RecordingPlatform`` is a ``Platform`` for the supervisor (``serve``): it answers what is pushed
and records each outcome, so a test can wait for a reply instead of sleeping.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from typing import Any

from adapters.console import Console
from bot.engine.answerer import Answerer
from bot.kb.model import KnowledgeBase
from bot.service.facade import CONSOLE_USER, FaqService, User
from bot.service.outcomes import Outcome

__all__ = ["Chat", "Exchange", "RecordingPlatform"]


@dataclass(frozen=True)
class Exchange:
    """One line typed and what the bot answered (the rendered text, and the outcome behind it)."""

    said: str
    answered: str
    outcome: Outcome | None


class _Recording(Console):
    """The console, keeping the outcome of every line."""

    def __init__(self, service: FaqService, user: User) -> None:
        super().__init__(service, io.StringIO(), user)
        self.last: Outcome | None = None

    def show(self, outcome: Outcome) -> str:
        """Remember the outcome, then render it as the console does."""
        self.last = outcome
        return super().show(outcome)


class Chat:
    """One user's chat with the bot, through the console adapter and the real service."""

    def __init__(self, service: FaqService, user: User = CONSOLE_USER) -> None:
        self.service = service
        self.transcript: list[Exchange] = []
        self._console = _Recording(service, user)

    @classmethod
    def over(cls, kb: KnowledgeBase, user: User = CONSOLE_USER, **service: Any) -> Chat:
        """A chat over ``kb`` with the lexical engine; ``service`` keywords go to ``FaqService``."""
        return cls(FaqService(Answerer(kb), **service), user)

    def ask(self, line: str) -> str:
        """What the user reads after typing ``line`` ("" when the bot stays silent)."""
        self._console.last = None
        answered = self._console.ask(line)
        self.transcript.append(Exchange(line, answered, self._console.last))
        return answered

    @property
    def outcomes(self) -> list[Outcome | None]:
        """The outcome of every line so far (None for lines that asked the service nothing)."""
        return [e.outcome for e in self.transcript]

    def close(self) -> None:
        """Close the service (flushes its store)."""
        self.service.close()


@dataclass
class RecordingPlatform:
    """A Platform for ``serve``: asks the service what is pushed, records each outcome, stops on ``stop``."""

    service: FaqService
    name: str = "recording"
    user: User = field(default_factory=lambda: User("recording", "1"))
    outcomes: list[Outcome] = field(default_factory=list)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)
    _inbox: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    _answered: asyncio.Condition = field(default_factory=asyncio.Condition)

    def push(self, text: str) -> None:
        """A message for the platform to answer."""
        self._inbox.put_nowait(text)

    async def wait_answered(self, count: int, within: float = 5.0) -> list[Outcome]:
        """Wait until ``count`` messages have been answered (the barrier that replaces a sleep)."""
        async with asyncio.timeout(within), self._answered:
            await self._answered.wait_for(lambda: len(self.outcomes) >= count)
        return list(self.outcomes)

    async def run(self, stop: asyncio.Event) -> None:
        """Answer pushed messages in order until ``stop`` is set."""
        self.started.set()
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                getting = asyncio.ensure_future(self._inbox.get())
                done, _ = await asyncio.wait({getting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if getting not in done:
                    getting.cancel()
                    break
                outcome = self.service.ask(getting.result(), self.user)
                async with self._answered:
                    self.outcomes.append(outcome)
                    self._answered.notify_all()
        finally:
            stopping.cancel()
            self.stopped.set()
