"""The chat service adapters call: the answering core plus per-user concerns (rate limit, admins, feedback)."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine.answerer import Answerer, Reply
from bot.quality.questions import question_text
from bot.service.ratelimit import RateLimiter
from bot.service.reload import Reloader
from bot.store import NullStore, PickRecord, ReplyRecord, Store, StoreError, Vote

__all__ = ["NOT_ALLOWED", "RATE_LIMITED", "FaqService", "User"]

log = logging.getLogger("faqbot")

RATE_LIMITED = "You're asking faster than I can answer. Please wait a minute, then ask again."
NOT_ALLOWED = "Sorry, that is not allowed."


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
        store: Store | None = None,
        reloader: Reloader | None = None,
        store_text: bool = True,
    ) -> None:
        self._current = answerer if callable(answerer) and not isinstance(answerer, Answerer) else (lambda: answerer)
        self.limiter = limiter or RateLimiter(per_minute=0)
        self.admins = admins
        self.store: Store = store if store is not None else NullStore()
        self.reloader = reloader if reloader is not None else answerer if isinstance(answerer, Reloader) else None
        self.store_text = store_text
        self._closed = False
        # The last "did you mean" each user was offered, so pressing one of its choices counts as a pick.
        self._offered: OrderedDict[str, tuple[str, frozenset[str]]] = OrderedDict()

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
        self._record(reply, user)
        return reply

    def pick(self, entry_id: str, user: User) -> Reply | None:
        """The answer for a pressed suggestion button; None when the entry no longer exists."""
        started = time.perf_counter()
        reply = self.answerer.answer(entry_id)
        if reply is not None:
            self._log(reply, user, started)
            self._record_pick(entry_id, user)
        return reply

    def summary(self, topic: str | None, user: User) -> Reply:
        """A topic's summary (or the topic list when the topic is not given and there are several)."""
        return self.answerer.summary(topic or None)

    def feedback(self, entry_id: str, user: User, helpful: bool) -> bool:
        """Record a 👍 (helpful) or 👎 on an entry; False when it was not counted (same vote again, unknown id)."""
        if self.answerer.entry(entry_id) is None:
            return False
        vote = Vote(time.time(), user.platform, entry_id, self.store.hash(user.key), helpful)
        counted = self.store.record_feedback(vote)
        log.info("feedback", extra={"platform": user.platform, "entry_id": entry_id,
                                    "kind": "up" if helpful else "down", "counted": counted})
        return counted

    def reload(self, user: User | None = None) -> str:
        """Reload the KB now; a message for the admin (the error with file and line when it fails)."""
        if user is not None and not self.is_admin(user):
            return NOT_ALLOWED
        if self.reloader is None:
            return "Reloading is not configured."
        log.info("reload requested", extra={"platform": user.platform if user else None})
        return self.reloader.reload().message

    def stats(self) -> str:
        """Plain-text statistics for admins: answer rate, top unanswered, KB size."""
        from bot.quality.report import stats_text  # rapidfuzz clustering, only when an admin asks

        try:
            return stats_text(self.store, self.answerer)
        except StoreError as exc:
            kb = self.answerer.kb
            return f"Knowledge base: {len(kb.topics)} topic(s), {len(kb)} entries.\nStore unavailable: {exc}"

    def close(self) -> None:
        """Flush and close what the service holds (the store); called once on shutdown."""
        if self._closed:
            return
        self._closed = True
        if self.reloader is not None:
            self.reloader.stop()
        self.store.close()

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

    def _record(self, reply: Reply, user: User) -> None:
        """Queue the reply for the report: small talk and refusals are not questions; text only when unanswered."""
        if reply.intent is not None:
            return
        unanswered = reply.kind in ("none", "suggest")
        question = question_text(reply.query) if unanswered else reply.query
        if question is None:
            return  # an arrow key or other control input: not a question, never proposed as an entry
        candidate = reply.entry_id or (reply.suggestions[0].id if unanswered and reply.suggestions else None)
        if reply.kind == "suggest":
            self._offered[user.key] = (question, frozenset(s.id for s in reply.suggestions))
            self._offered.move_to_end(user.key)
            while len(self._offered) > 10_000:
                self._offered.popitem(last=False)
        self.store.record_reply(ReplyRecord(
            ts=time.time(), platform=user.platform, kind=reply.kind, entry_id=candidate, score=reply.score,
            text=question if unanswered and self.store_text else None,
            user_hash=self.store.hash(user.key), chat_hash=self.store.hash(f"{user.platform}:{user.chat_id}")
            if user.chat_id else "", tier=getattr(reply, "tier", None) or self.answerer.matcher.name,
        ))

    def _record_pick(self, entry_id: str, user: User) -> None:
        """A press on a choice of the user's last "did you mean" confirms it: recorded for the report's draft."""
        offered = self._offered.pop(user.key, None)
        if offered is None or entry_id not in offered[1]:
            return
        self.store.record_pick(PickRecord(time.time(), user.platform, entry_id,
                                          offered[0] if self.store_text else None, self.store.hash(user.key)))
