"""Prometheus metrics of one faqbot process (prometheus_client), fed through the service's Observer."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from bot.engine.answerer import Answerer
from bot.engine.reply import Intent, Reply
from bot.service.observer import Observer

__all__ = ["UNANSWERED_WINDOW", "MetricsObserver", "decided_by"]

UNANSWERED_WINDOW = 1000  # faqbot_unanswered_ratio is over the last this many questions
_SCORE_BUCKETS = (10, 20, 30, 40, 45, 50, 60, 70, 80, 90, 100)
_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


def decided_by(reply: Reply, answerer: Answerer) -> str:
    """Which engine tier decided a reply: the reply's own ``tier`` when it has one, small talk, or the matcher."""
    tier = getattr(reply, "tier", None)
    if isinstance(tier, str) and tier:
        return tier
    if reply.intent.small_talk:
        return "smalltalk"
    if reply.intent is Intent.SUMMARY:
        return "summary"
    # The matcher's own name, as the store records it: the whole engine is "engine", not "lexical".
    name = getattr(answerer.matcher, "name", None)
    return name if isinstance(name, str) and name else "lexical"


class _KbCollector(Collector):
    """The serving KB's version and size, read at scrape time (so a reload shows at once)."""

    def __init__(self, current: Callable[[], Answerer]) -> None:
        self._current = current

    def collect(self) -> Iterator[Metric]:
        """faqbot_kb_info{version} and faqbot_kb_entries / faqbot_kb_topics."""
        kb = self._current().kb
        info = InfoMetricFamily("faqbot_kb", "The knowledge base serving now (version: its content hash)")
        info.add_metric([], {"version": (kb.fingerprint or "unknown")[:12]})
        yield info
        yield GaugeMetricFamily("faqbot_kb_entries", "Entries in the serving knowledge base", value=len(kb))
        yield GaugeMetricFamily("faqbot_kb_topics", "Topics in the serving knowledge base", value=len(kb.topics))


class _RatioCollector(Collector):
    def __init__(self, observer: MetricsObserver) -> None:
        self._observer = observer

    def collect(self) -> Iterator[Metric]:
        """faqbot_unanswered_ratio over the last UNANSWERED_WINDOW questions."""
        yield GaugeMetricFamily(
            "faqbot_unanswered_ratio",
            f"Share of the last {UNANSWERED_WINDOW} questions not answered (suggestions or no answer)",
            value=self._observer.unanswered_ratio(),
        )


class MetricsObserver(Observer):
    """Counts and histograms of one process in its own registry (no global state)."""

    def __init__(self, current: Callable[[], Answerer]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.replies = Counter("faqbot_replies", "Replies sent, by kind, platform and the tier that decided",
                               ["kind", "platform", "tier"], registry=registry)
        self.scores = Histogram("faqbot_reply_score", "Match score of question replies (0-100)", ["platform"],
                                buckets=_SCORE_BUCKETS, registry=registry)
        self.latency = Histogram("faqbot_reply_seconds", "Time to produce a reply in the core", ["platform"],
                                 buckets=_LATENCY_BUCKETS, registry=registry)
        self.votes = Counter("faqbot_votes", "👍/👎 received (counted: False for a repeated vote)",
                             ["platform", "vote", "counted"], registry=registry)
        self.refusals = Counter("faqbot_refusals", "Actions refused before any work (reason=rate-limited: a flood)",
                                ["platform", "reason"], registry=registry)
        self.errors = Counter("faqbot_platform_errors", "Failed platform calls; kind=rate_limited is an HTTP 429",
                              ["platform", "kind"], registry=registry)
        self._recent: deque[bool] = deque(maxlen=UNANSWERED_WINDOW)
        self._lock = threading.Lock()
        registry.register(_KbCollector(current))
        registry.register(_RatioCollector(self))
        ProcessCollector(registry=registry)

    def replied(self, reply: Reply, platform: str, seconds: float, answerer: Answerer) -> None:
        """Count the reply; questions (not small talk or summaries) feed the score and unanswered figures."""
        self.replies.labels(reply.kind, platform, decided_by(reply, answerer)).inc()
        self.latency.labels(platform).observe(seconds)
        if not reply.intent.small_talk and reply.intent is not Intent.SUMMARY:
            self.scores.labels(platform).observe(reply.score)
            with self._lock:
                self._recent.append(reply.intent in (Intent.UNKNOWN, Intent.DID_YOU_MEAN))

    def refused(self, platform: str, reason: str) -> None:
        """Count a refusal."""
        self.refusals.labels(platform, reason).inc()

    def voted(self, platform: str, helpful: bool, counted: bool) -> None:
        """Count a 👍 or 👎."""
        self.votes.labels(platform, "up" if helpful else "down", str(counted).lower()).inc()

    def platform_error(self, platform: str, kind: str) -> None:
        """Count a failed platform call."""
        self.errors.labels(platform, kind).inc()

    def unanswered_ratio(self) -> float:
        """Share of the recent questions that got no answer (0 before the first)."""
        with self._lock:
            return sum(self._recent) / len(self._recent) if self._recent else 0.0
