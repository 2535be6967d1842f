"""The per-user token buckets: refill, costs, the first refusal said once, and bounded O(1) memory."""

from __future__ import annotations

from bot.service.ratelimit import RateLimiter, Verdict


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_refusal_said_once_then_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.check("a").allowed for _ in range(3)] == [True] * 3
    assert limiter.check("a") == Verdict(False, first_refusal=True)
    assert limiter.check("a") == Verdict(False, first_refusal=False)
    assert limiter.check("b").allowed, "another user has their own bucket"
    clock.now += 20  # one token back (3 per minute)
    assert limiter.check("a").allowed
    assert limiter.check("a") == Verdict(False, first_refusal=True), "a new flood is announced again"


def test_cheap_actions_take_a_fraction_of_a_token() -> None:
    limiter = RateLimiter(per_minute=1, clock=Clock())
    assert all(limiter.check("a", cost=0.2).allowed for _ in range(5))
    assert not limiter.check("a", cost=0.2).allowed


def test_zero_means_unlimited() -> None:
    limiter = RateLimiter(per_minute=0)
    assert all(limiter.check("a").allowed for _ in range(1000)) and limiter.keys == 0


def test_memory_is_bounded_by_forgetting_the_bucket_idle_longest() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=1, clock=clock, max_keys=1000)
    assert limiter.check("old").allowed  # "old" has no token left
    for n in range(5000):
        clock.now += 0.001
        limiter.check(f"user{n}")
        assert limiter.keys <= 1000
    assert not limiter.check("user4999").allowed, "recent buckets are kept"
    assert limiter.check("old").allowed, "the bucket idle longest was forgotten (lenient, never stricter)"
