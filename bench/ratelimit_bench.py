"""Rate-limit check cost with many active users: faqbot's O(1) limiter beside the scanning one it replaced.

The baseline is the previous RateLimiter, kept here verbatim in behaviour: past ``max_keys`` buckets,
every check scanned all of them for full ones to forget. Both run the same workload in one process:
``users`` distinct users each asking once (so every bucket is still partly used), then timed checks
of new users. Run: ``.venv/bin/python bench/ratelimit_bench.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.service.ratelimit import RateLimiter


class ScanningLimiter:
    """The limiter before issue 13: a dict of buckets, and a full scan whenever it grows past ``max_keys``."""

    def __init__(self, per_minute: float = 10.0, max_keys: int = 100_000) -> None:
        self.capacity = max(per_minute, 1.0)
        self.rate = per_minute / 60.0
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float, bool]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> bool:
        """Take one token for ``key`` if there is one."""
        now = time.monotonic()
        with self._lock:
            tokens, last, _warned = self._buckets.get(key, (self.capacity, now, False))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0, now, False) if allowed else (tokens, now, True)
            if len(self._buckets) > self._max_keys:
                full = [k for k, (t, s, _) in self._buckets.items() if t + (now - s) * self.rate >= self.capacity]
                for old in full:
                    del self._buckets[old]
        return allowed


def measure(limiter: RateLimiter | ScanningLimiter, users: int, checks: int) -> tuple[float, float]:
    """p50 and p99 of one check in microseconds, after ``users`` users have asked once each."""
    for n in range(users):
        limiter.check(f"user{n}")
    times = []
    for n in range(checks):
        started = time.perf_counter()
        limiter.check(f"new{n}")
        times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    """Print a table: users active, limiter, p50 and p99 per check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=300)
    args = parser.parse_args()
    print("users active  limiter     p50 µs     p99 µs")
    for users in (10_000, 100_000, 200_000):
        for name, limiter in (("faqbot", RateLimiter(per_minute=10)), ("scanning", ScanningLimiter(per_minute=10))):
            p50, p99 = measure(limiter, users, args.checks)
            print(f"{users:>12,}  {name:<9} {p50:>9.1f}  {p99:>9.1f}")


if __name__ == "__main__":
    main()
