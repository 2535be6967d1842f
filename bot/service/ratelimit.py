"""Per-user token buckets: a burst of questions is fine, a flood is not."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimiter", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """Whether a question may be answered, and whether this is the first refusal (to say so once)."""

    allowed: bool
    first_refusal: bool = False


class RateLimiter:
    """Token bucket per key: ``per_minute`` tokens, refilled continuously; thread-safe."""

    def __init__(self, per_minute: float = 10.0, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self.capacity = max(per_minute, 1.0)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float, bool]] = {}  # key -> (tokens, last time, warned)
        self._lock = threading.Lock()

    def check(self, key: str) -> Verdict:
        """Take one token for ``key`` if there is one."""
        if self.rate <= 0:
            return Verdict(True)
        now = self._clock()
        with self._lock:
            tokens, last, warned = self._buckets.get(key, (self.capacity, now, False))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now, False)
                verdict = Verdict(True)
            else:
                self._buckets[key] = (tokens, now, True)
                verdict = Verdict(False, first_refusal=not warned)
            if len(self._buckets) > self._max_keys:
                self._forget_full(now)
        return verdict

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold no information (bounded memory)."""
        full = [k for k, (t, last, _) in self._buckets.items() if t + (now - last) * self.rate >= self.capacity]
        for key in full:
            del self._buckets[key]
