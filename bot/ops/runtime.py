"""How ``faqbot run`` and the console put the operating parts together: cluster, metrics, probes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.engine.answerer import Answerer
from bot.ops.cluster import Cluster, ClusterReloader, SharedRateLimiter
from bot.ops.http import Check, OpsServer
from bot.ops.metrics import MetricsObserver
from bot.service.facade import FaqService
from bot.service.observer import Observer
from bot.service.ratelimit import RateLimiter
from bot.service.reload import Reloader

__all__ = ["PlatformLogCounter", "make_limiter", "make_reloader", "platform_ready", "readiness_checks", "start_http"]


def make_reloader(cluster: Cluster | None, path: Path, build: Callable[[Path], Answerer], *,
                  initial: Answerer | None = None, interval: float = 3.0) -> Reloader:
    """The KB reloader: one that tells the other workers when there are some."""
    if cluster is None:
        return Reloader(path, build, initial=initial, interval=interval)
    return ClusterReloader(cluster, path, build, initial=initial, interval=interval)


def make_limiter(cluster: Cluster | None, per_minute: float) -> RateLimiter:
    """The per-user rate limit: shared by every worker when there are some."""
    if cluster is None:
        return RateLimiter(per_minute=per_minute)
    cluster.ping()  # warns now (once) when Redis is down at start; answers go on regardless
    return SharedRateLimiter(cluster, per_minute=per_minute)


def platform_ready(platform: Any) -> bool | str:
    """A running platform's readiness, duck-typed (the core knows no platform): started and connected."""
    started = getattr(platform, "started", None)
    if started is not None and hasattr(started, "is_set"):
        return True if started.is_set() else "not connected yet"
    client = getattr(platform, "bot", None)
    if client is not None and hasattr(client, "is_ready"):
        return True if client.is_ready() else "not connected yet"
    return "not connected yet" if client is None and hasattr(platform, "bot") else True


def _store_ready(service: FaqService) -> bool | str:
    """The store answers a (cheap) read now: a database that went away shows here, not only in the log."""
    from bot.store import StoreError

    store = service.store
    if not store.enabled:
        return f"store off: {getattr(store, 'reason', '') or 'see the log'}"
    try:
        store.days(time.time())  # today onwards: at most one row
    except StoreError as error:
        return f"store not reachable: {error}"[:300]
    return True


def readiness_checks(service: FaqService, platforms: Sequence[Any]) -> dict[str, Check]:
    """/readyz: the KB is loaded, the store is reachable, every platform is connected."""
    checks: dict[str, Check] = {
        "kb": lambda: True if len(service.answerer.kb) else "the knowledge base has no entries",
        "store": lambda: _store_ready(service),
    }
    for platform in platforms:
        checks[f"platform:{platform.name}"] = _ready_check(platform)
    return checks


def _ready_check(platform: Any) -> Check:
    return lambda: platform_ready(platform)


class PlatformLogCounter(logging.Handler):
    """Counts a platform library's own 429 and error log records as platform errors (discord.py logs its 429s)."""

    def __init__(self, observer: Observer, platform: str) -> None:
        super().__init__(logging.WARNING)
        self.observer = observer
        self.platform = platform

    def emit(self, record: logging.LogRecord) -> None:
        """Count the record: ``rate_limited`` for a 429, else ``api`` for errors."""
        text = str(record.msg)
        if "429" in text or "rate limited" in text.lower():
            self.observer.platform_error(self.platform, "rate_limited")
        elif record.levelno >= logging.ERROR:
            self.observer.platform_error(self.platform, "api")


def start_http(env: Mapping[str, str], service: FaqService, platforms: Sequence[Any]) -> OpsServer | None:
    """Start the FAQBOT_HTTP_LISTEN server (None when unset), and count Discord's logged 429s when it runs."""
    observer = service.observer
    if isinstance(observer, MetricsObserver) and any(p.name == "discord" for p in platforms):
        logging.getLogger("discord").addHandler(PlatformLogCounter(observer, "discord"))
    registry = observer.registry if isinstance(observer, MetricsObserver) else None
    if registry is None:
        from prometheus_client import CollectorRegistry

        registry = CollectorRegistry()
    server = OpsServer.from_env(env, registry)
    if server is None:
        return None
    server.checks.update(readiness_checks(service, platforms))
    return server.start()
