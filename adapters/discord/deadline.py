"""Discord's 3 seconds, counted from when Discord created the interaction (its id carries the time).

Under load a handler may start seconds after the interaction was created. A timer started in the
handler then defers too late, and an interaction that can no longer be acknowledged still gets its
answer computed and a traceback when the reply is refused. Here the age comes from the interaction's
snowflake: defer once it reaches ``defer_at``; past ``give_up_at`` drop it unanswered, counted in
``dropped`` and logged at most once per ``log_every`` seconds (with the count), never with a traceback.

The host clock may be off from Discord's. An age beyond ``_IMPLAUSIBLE`` (or well below zero) is
taken as a skewed clock, not as a late interaction: it is treated as just created (the handler's own
timer, as before), never dropped. Once 30 s of traffic were seen, the smallest age of the last
minute estimates the offset (an interaction normally reaches the bot within a fraction of a second),
and an offset beyond a second is taken off every age, with a warning to check the host's clock.
A burst at start-up is not mistaken for skew: the estimate needs that history first.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable

import discord

__all__ = ["ACK_WINDOW", "Deadline", "is_expired_error"]

log = logging.getLogger("faqbot.discord")

ACK_WINDOW = 3.0  # seconds Discord allows for the first response to an interaction
_SKEW_WINDOW = 60.0  # seconds of arrivals the clock-offset estimate looks back on
_SKEW_HISTORY = 30.0  # seconds of traffic needed before the offset estimate is trusted
_SKEW_TOLERATED = 1.0  # offsets below this are network latency, not a skewed clock
_IMPLAUSIBLE = (-2.0, 15.0)  # ages outside this range come from a skewed clock
_UNKNOWN_INTERACTION = 10062  # Discord's error code for a response that came too late


def is_expired_error(error: BaseException) -> bool:
    """True for Discord's "Unknown interaction" answer: the response came after the 3 seconds."""
    return isinstance(error, discord.NotFound) and error.code == _UNKNOWN_INTERACTION


class Deadline:
    """When to defer and when to give up on an interaction, from its creation time."""

    def __init__(self, *, defer_at: float = 2.0, give_up_at: float = 2.9, log_every: float = 10.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.defer_at = defer_at
        self.give_up_at = give_up_at
        self.log_every = log_every
        self.clock = clock
        self.dropped = 0  # interactions given up on (too old to acknowledge)
        self._unlogged = 0
        self._logged_at = -float("inf")
        self._ages: deque[tuple[float, float]] = deque()  # (arrival, age), ages increasing: a sliding minimum
        self._first_seen: float | None = None
        self._warned_offset = 0.0

    def age(self, interaction: discord.Interaction) -> float:
        """Seconds since Discord created ``interaction``, corrected for a skewed host clock."""
        return self._corrected(self.clock() - interaction.created_at.timestamp())

    def _corrected(self, raw: float) -> float:
        now = time.monotonic()
        if self._first_seen is None:
            self._first_seen = now
        ages = self._ages
        while ages and ages[-1][1] >= raw:
            ages.pop()
        ages.append((now, raw))
        while ages[0][0] < now - _SKEW_WINDOW:
            ages.popleft()
        offset = ages[0][1]
        if now - self._first_seen < _SKEW_HISTORY or abs(offset) <= _SKEW_TOLERATED:
            offset = 0.0
        elif abs(offset - self._warned_offset) > _SKEW_TOLERATED:
            self._warned_offset = offset
            log.warning("discord: this host's clock seems %.1f s off Discord's; check its time sync (NTP)", offset)
        age = raw - offset
        low, high = _IMPLAUSIBLE
        return age if low <= age <= high else 0.0

    def defer_in(self, interaction: discord.Interaction) -> float:
        """Seconds left before the response must be deferred (0: defer now)."""
        return max(self.defer_at - self.age(interaction), 0.0)

    def fresh(self, interaction: discord.Interaction, where: str) -> bool:
        """False (and counted) when ``interaction`` is too old to be acknowledged any more."""
        age = self.age(interaction)
        if age < self.give_up_at:
            return True
        self.drop(where, age)
        return False

    def drop(self, where: str, age: float | None = None) -> None:
        """Count an interaction given up on; one log line per ``log_every`` seconds, with the totals."""
        self.dropped += 1
        self._unlogged += 1
        now = time.monotonic()
        if now - self._logged_at < self.log_every:
            return
        self._logged_at = now
        old = f"{age:.1f} s old, " if age is not None else ""
        log.warning(
            "discord: dropped %d interaction(s) too old to answer (last: %s, %sDiscord allows %.0f s); %d in all",
            self._unlogged, where, old, ACK_WINDOW, self.dropped,
        )
        self._unlogged = 0
