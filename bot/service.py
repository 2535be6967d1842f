"""The chat service adapters call: the answering core plus per-user concerns (rate limit, admins, feedback)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from .answerer import Answerer, Reply
from .ratelimit import RateLimiter

__all__ = ["FaqService", "User", "RATE_LIMITED"]

log = logging.getLogger("faqbot")

RATE_LIMITED = "You're asking faster than I can answer. Please wait a minute, then ask again."


@dataclass(frozen=True)
class User:
    """Who is asking, as the platform identifies them (ids only, never names)."""

    platform: str
    user_id: str
    chat_id: str = ""

    @property
    def key(self) -> str:
        """``platform:user_id``, the form used in ``FAQBOT_ADMINS``."""
        return f"{self.platform}:{self.user_id}"


class FaqService:
    """What a platform adapter needs: answers for users, rate-limited, with admin checks.

    ``answerer`` is a callable returning the current Answerer, so a reloaded KB is picked up
    by the next message without the adapters knowing.
    """

    def __init__(
        self,
        answerer: Answerer | Callable[[], Answerer],
        *,
        limiter: RateLimiter | None = None,
        admins: frozenset[str] = frozenset(),
    ) -> None:
        self._current = answerer if callable(answerer) and not isinstance(answerer, Answerer) else (lambda: answerer)
        self.limiter = limiter or RateLimiter(per_minute=0)
        self.admins = admins

    @property
    def answerer(self) -> Answerer:
        """The Answerer serving now (it changes on reload)."""
        return self._current()  # type: ignore[no-any-return]

    def ask(self, text: str, user: User) -> Reply | None:
        """Answer a question; None means stay silent (rate limit already announced)."""
        verdict = self.limiter.check(user.key)
        if not verdict.allowed:
            if verdict.first_refusal:
                return Reply(kind="none", text=RATE_LIMITED, query=text, intent="rate_limited")
            return None
        started = time.perf_counter()
        reply = self.answerer.reply(text)
        self._log(reply, user, started)
        return reply

    def pick(self, entry_id: str, user: User) -> Reply | None:
        """The answer for a pressed suggestion button; None when the entry no longer exists."""
        started = time.perf_counter()
        reply = self.answerer.answer(entry_id)
        if reply is not None:
            self._log(reply, user, started)
        return reply

    def summary(self, topic: str | None, user: User) -> Reply:
        """A topic's summary (or the topic list when the topic is not given and there are several)."""
        return self.answerer.summary(topic or None)

    def feedback(self, entry_id: str, user: User, helpful: bool) -> bool:
        """Record a 👍 (helpful) or 👎 on an entry; False when it was not counted (same vote again, unknown id)."""
        return self.answerer.entry(entry_id) is not None and False  # the store lands with issue 5

    def reload(self, user: User | None = None) -> str:
        """Reload the KB now; a message for the admin (the error with file and line when it fails)."""
        return "Reloading is not configured."  # the reloader lands with issue 5

    def stats(self) -> str:
        """Plain-text statistics for admins: answer rate, top unanswered, KB size."""
        kb = self.answerer.kb
        return f"Knowledge base: {len(kb.topics)} topic(s), {len(kb)} entries."

    def close(self) -> None:
        """Flush and close what the service holds (the store); called once on shutdown."""

    def is_admin(self, user: User) -> bool:
        """True when ``platform:user_id`` is listed in ``FAQBOT_ADMINS``."""
        return user.key in self.admins

    def _log(self, reply: Reply, user: User, started: float) -> None:
        log.info(
            "reply", extra={
                "platform": user.platform, "kind": reply.kind, "entry_id": reply.entry_id,
                "score": reply.score, "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        log.debug("query text: %r", reply.query)
