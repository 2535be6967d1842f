"""The one façade adapters talk to: every user action, rate-limited, logged and recorded the same way.

Adapters receive a ``FaqService`` and call its actions; they never reach the Answerer or the
store. Each action returns a typed outcome (``bot.service.outcomes``), never ``None`` or a bare
message string.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import messages
from bot.engine.answerer import Answerer
from bot.engine.reply import Intent, Reply, Suggestion
from bot.quality.questions import question_text
from bot.service.observer import Observer
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refusal, Refused, Silent
from bot.service.ratelimit import RateLimiter
from bot.service.reload import Reloader
from bot.store import NullStore, PickRecord, ReplyRecord, Store, StoreError, Vote

if TYPE_CHECKING:
    from bot.ops.cluster import Cluster

__all__ = ["COMPLETION_COST", "CONSOLE_USER", "FaqService", "User"]

log = logging.getLogger("faqbot")

#: An autocomplete or inline query fires on every few keystrokes: it costs a fraction of a question.
COMPLETION_COST = 0.2


@dataclass(frozen=True)
class User:
    """Who is asking, as the platform identifies them (ids only, never names)."""

    platform: str
    user_id: str
    chat_id: str = ""
    language: str = ""  # the platform's language hint (Telegram language_code, Discord locale), if any

    @property
    def key(self) -> str:
        """``platform:user_id``, the form used in ``FAQBOT_ADMINS``."""
        return f"{self.platform}:{self.user_id}"


#: The person at the terminal running ``faqbot console`` (or ``faqbot run`` without a token).
CONSOLE_USER = User("console", "local")


class FaqService:
    """What a platform adapter needs: answers, summaries, topics, completions, feedback and admin commands.

    ``answerer`` is an Answerer or a callable returning the current one (a Reloader), so a reloaded
    KB is picked up by the next action without the adapters knowing. ``unlimited`` lists user keys
    that are never rate-limited (the local console); admins are not limited on admin commands.
    """

    def __init__(
        self,
        answerer: Answerer | Callable[[], Answerer],
        *,
        limiter: RateLimiter | None = None,
        admins: frozenset[str] = frozenset(),
        unlimited: frozenset[str] = frozenset(),
        store: Store | None = None,
        reloader: Reloader | None = None,
        store_text: bool = True,
        observer: Observer | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        if isinstance(answerer, Answerer):
            fixed = answerer
            self._current: Callable[[], Answerer] = lambda: fixed
        else:
            self._current = answerer
        self.limiter = limiter if limiter is not None else RateLimiter(per_minute=0)
        self.admins = admins
        self.unlimited = unlimited
        self.store: Store = store if store is not None else NullStore()
        self.reloader = reloader if reloader is not None else answerer if isinstance(answerer, Reloader) else None
        self.store_text = store_text
        self.observer = observer or Observer()  # metrics (bot/ops/metrics.py); the base ignores everything
        self.cluster = cluster  # FAQBOT_REDIS_URL: the other workers (bot/ops/cluster.py); None: this process alone
        self._closed = False
        # The last "did you mean" each user was offered, so pressing one of its choices counts as a pick.
        self._offered: OrderedDict[str, tuple[str, frozenset[str]]] = OrderedDict()

    @property
    def answerer(self) -> Answerer:
        """The Answerer serving now (it changes on reload); for tools and tests, never for adapters."""
        return self._current()

    # --- questions and answers -------------------------------------------------------------
    def ask(self, text: str, user: User) -> Outcome:
        """Answer a typed question (or small talk, or a summary request in words)."""
        return self._act("ask", user, lambda a: a.reply(text, hint=user.language or None))

    def pick(self, entry_id: str, user: User) -> Outcome:
        """The answer for a picked suggestion (a button, a number, a deep link); Refused when it is gone."""
        hint = user.language or None
        outcome = self._act("pick", user, lambda a: a.answer(entry_id, language=a.reply_language("", hint)))
        if isinstance(outcome, Answered):
            self._record_pick(entry_id, user)
        return outcome

    def summary(self, topic: str | None, user: User, *, topic_id: str | None = None) -> Outcome:
        """A topic's summary, by id (a topic button) or by name; the topics to choose from when unclear."""
        if topic_id is not None:
            return self._act("summary", user, lambda a: a.summary(topic_id=topic_id) if a.topic(topic_id) else None,
                             gone="service.topic_removed")
        return self._act("summary", user, lambda a: a.summary(topic or None))

    def topics(self, user: User) -> Outcome:
        """The topics (role TOPIC suggestions with their ids and sizes)."""
        return self._act("topics", user, lambda a: a.topics_reply())

    def help(self, user: User) -> Outcome:
        """What the bot knows and how to ask, with example questions."""
        return self._act("help", user, lambda a: a.help_reply())

    def welcome(self, user: User) -> Outcome:
        """A greeting with the topics and example questions (``/start``)."""
        return self._act("welcome", user, lambda a: a.welcome())

    def questions(self, topic_id: str) -> tuple[Suggestion, ...]:
        """A topic's questions in file order, for listings (part of ``topics``: not limited again)."""
        return self.answerer.questions(topic_id)

    # --- completions -----------------------------------------------------------------------
    def complete(self, partial: str, user: User, limit: int = 25) -> tuple[Suggestion, ...]:
        """KB questions for what was typed so far (autocomplete); empty when the user is rate-limited."""
        return self._complete("complete", user, lambda a: a.complete(partial, limit))

    def complete_topics(self, partial: str, user: User, limit: int = 25) -> tuple[Suggestion, ...]:
        """Topics for what was typed so far (autocomplete); empty when the user is rate-limited."""
        return self._complete("complete-topics", user, lambda a: a.complete_topics(partial, limit))

    def inline(self, query: str, user: User, limit: int = 10) -> tuple[Reply, ...]:
        """The answers of the questions best matching ``query``, for inline mode; empty when rate-limited."""
        found: list[Reply] = []

        def answers(a: Answerer) -> tuple[Suggestion, ...]:
            ranked = a.complete(query, limit)
            found.extend(r for r in (a.answer(s.id, query=query) for s in ranked) if r is not None)
            return ranked

        self._complete("inline", user, answers)
        return tuple(found)

    # --- feedback --------------------------------------------------------------------------
    def feedback(self, entry_id: str, user: User, helpful: bool) -> Outcome:
        """Record a 👍 (helpful) or 👎 on an entry: Noted (counted or a repeat), or Refused when the entry is gone."""
        limited = self._limit(user, "feedback")
        if limited is not None:
            return limited
        started = time.perf_counter()
        if not entry_id or self.answerer.entry(entry_id) is None:
            outcome: Outcome = Refused(Refusal.REMOVED, messages.text("service.removed"))
        else:
            vote = Vote(time.time(), user.platform, entry_id, self.store.hash(user.key), helpful)
            counted = self.store.record_feedback(vote)
            self.observer.voted(user.platform, helpful, counted)
            outcome = Noted(counted, messages.text("service.feedback_thanks" if counted else "service.feedback_repeat"))
        self._log("feedback", user, outcome, started, entry_id=entry_id, kind="up" if helpful else "down")
        return outcome

    # --- admin commands --------------------------------------------------------------------
    def is_admin(self, user: User) -> bool:
        """True when ``platform:user_id`` is listed in ``FAQBOT_ADMINS`` (the one admin check)."""
        return user.key in self.admins

    def reload(self, user: User) -> Outcome:
        """Reload the KB now (admins): the outcome with file and line when it fails."""
        def work() -> AdminResult:
            if self.reloader is None:
                return AdminResult(False, messages.text("service.reload_off"))
            result = self.reloader.reload()
            return AdminResult(result.ok, result.message)

        return self._admin("reload", user, work)

    def stats(self, user: User) -> Outcome:
        """Statistics (admins): answer rate, top unanswered, KB size."""
        def work() -> AdminResult:
            from bot.quality.report import stats_text  # rapidfuzz clustering, only when an admin asks

            try:
                return AdminResult(True, stats_text(self.store, self.answerer))
            except StoreError as exc:
                kb = self.answerer.kb
                return AdminResult(False, messages.text("service.stats_store_down", topics=len(kb.topics),
                                                        entries=len(kb), error=exc))

        return self._admin("stats", user, work)

    def close(self) -> None:
        """Flush and close what the service holds (the store); called once on shutdown."""
        if self._closed:
            return
        self._closed = True
        if self.reloader is not None:
            self.reloader.stop()
        self.store.close()
        if self.cluster is not None:
            self.cluster.close()

    # --- the one path every action takes ---------------------------------------------------
    def _limit(self, user: User, action: str, cost: float = 1.0) -> Outcome | None:
        """None when ``user`` may act now; else Refused the first time of a flood, Silent after."""
        if user.key in self.unlimited:
            return None
        verdict = self.limiter.check(user.key, cost)
        if verdict.allowed:
            return None
        log.info("refused", extra={"platform": user.platform, "action": action, "reason": Refusal.RATE_LIMITED.value})
        self.observer.refused(user.platform, Refusal.RATE_LIMITED.value)
        if verdict.first_refusal:
            return Refused(Refusal.RATE_LIMITED, messages.text("service.rate_limited"))
        return Silent()

    def _act(self, action: str, user: User, work: Callable[[Answerer], Reply | None],
             gone: str = "service.removed") -> Outcome:
        limited = self._limit(user, action)
        if limited is not None:
            return limited
        started = time.perf_counter()
        answerer = self.answerer
        reply = work(answerer)
        if reply is None:
            outcome: Outcome = Refused(Refusal.REMOVED, messages.text(gone))
        else:
            outcome = Answered(reply)
            self._record(reply, user)
            self.observer.replied(reply, user.platform, time.perf_counter() - started, answerer)
        self._log(action, user, outcome, started)
        return outcome

    def _complete(self, action: str, user: User, work: Callable[[Answerer], tuple[Suggestion, ...]]
                  ) -> tuple[Suggestion, ...]:
        if self._limit(user, action, COMPLETION_COST) is not None:
            return ()
        started = time.perf_counter()
        found = work(self.answerer)
        log.debug("completed", extra={"platform": user.platform, "action": action, "count": len(found),
                                      "latency_ms": _since(started)})
        return found

    def _admin(self, action: str, user: User, work: Callable[[], AdminResult]) -> Outcome:
        started = time.perf_counter()
        if not self.is_admin(user):
            outcome: Outcome = Refused(Refusal.NOT_ALLOWED, messages.text("service.not_allowed"))
        else:
            outcome = work()
        self._log(action, user, outcome, started)
        return outcome

    def _log(self, action: str, user: User, outcome: Outcome, started: float, **fields: object) -> None:
        """One line per action: what was asked, what came of it, how long it took (never the text at INFO)."""
        extra: dict[str, object] = {"platform": user.platform, "action": action, "latency_ms": _since(started)}
        if isinstance(outcome, Answered):
            reply = outcome.reply
            extra.update(kind=reply.kind, entry_id=reply.entry_id, score=reply.score, intent=reply.intent.value)
            log.info("reply", extra=extra)
            log.debug("query text: %r", reply.query)
            return
        if isinstance(outcome, Refused):
            extra["reason"] = outcome.reason.value
        elif isinstance(outcome, AdminResult):
            extra["ok"] = outcome.ok
        elif isinstance(outcome, Noted):
            extra["counted"] = outcome.counted
        extra.update(fields)
        log.info(action, extra=extra)

    def _record(self, reply: Reply, user: User) -> None:
        """Queue the reply for the report: small talk is not a question; text only when unanswered."""
        if reply.intent.small_talk:
            return
        unanswered = reply.intent in (Intent.UNKNOWN, Intent.DID_YOU_MEAN)
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


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
