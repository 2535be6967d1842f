"""Per-user token buckets: a burst of actions is fine, a flood is not; every check is O(1)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimiter", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """Whether an action may go ahead, and whether this is the first refusal (to say so once)."""

    allowed: bool
    first_refusal: bool = False


class RateLimiter:
    """Token bucket per key: ``per_minute`` tokens, refilled continuously; thread-safe.

    Buckets are kept in least-recently-used order, so bounding memory at ``max_keys`` forgets the
    bucket idle longest in O(1) (it has refilled the most; forgetting it can only be lenient),
    instead of scanning every bucket.
    """

    def __init__(self, per_minute: float = 10.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.per_minute = per_minute
        self.capacity = max(per_minute, 1.0)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max(max_keys, 1)
        self._buckets: OrderedDict[str, tuple[float, float, bool]] = OrderedDict()  # key -> (tokens, time, warned)
        self._lock = threading.Lock()

    @property
    def keys(self) -> int:
        """How many buckets are held now (at most ``max_keys``)."""
        return len(self._buckets)

    def check(self, key: str, cost: float = 1.0) -> Verdict:
        """Take ``cost`` tokens for ``key`` if it has them."""
        if self.rate <= 0:
            return Verdict(True)
        now = self._clock()
        with self._lock:
            # Popped and stored again: that moves the bucket to the most recently used end.
            tokens, last, warned = self._buckets.pop(key, (self.capacity, now, False))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now, False)
                verdict = Verdict(True)
            else:
                self._buckets[key] = (tokens, now, True)
                verdict = Verdict(False, first_refusal=not warned)
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        return verdict
