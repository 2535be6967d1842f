"""Who sends next: first responses before follow-ups, the oldest interaction first, a bounded number at once.

Discord needs a first response (an answer or a defer) within 3 s of an interaction's creation;
follow-ups may come minutes later. In a burst, sending in arrival order lets heavy answers and
follow-ups of early interactions hold up the first responses of later ones until all of them are
late. The gate hands out ``limit`` sending slots by earliest deadline: first responses by creation
time, follow-ups only when no first response waits. ``busy`` tells the handlers to acknowledge with
a cheap defer rather than a full answer while first responses queue up.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections.abc import AsyncIterator

__all__ = ["FOLLOW_UP", "Expired", "SendGate"]

FOLLOW_UP = float("inf")  # the priority of a follow-up: after every first response


class Expired(Exception):
    """The interaction is too old for a first response: it was dropped and counted, nothing is sent."""


class SendGate:
    """At most ``limit`` sends at once; waiting sends go out by priority (smaller first)."""

    def __init__(self, limit: int = 48, busy_at: int = 16) -> None:
        self.limit = limit
        self.busy_at = busy_at
        self._free = limit
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self.first_waiting = 0  # first responses waiting for a slot
        self._quiet = asyncio.Event()  # set while no first response waits
        self._quiet.set()

    @property
    def busy(self) -> bool:
        """True while enough first responses wait that a full answer would delay the ones behind it."""
        return self.first_waiting >= self.busy_at

    async def quiet(self) -> None:
        """Wait until no first response is waiting (background work yields to acknowledgements)."""
        while self.first_waiting:
            self._quiet.clear()
            await self._quiet.wait()

    def _count_first(self, change: int) -> None:
        self.first_waiting += change
        if not self.first_waiting:
            self._quiet.set()

    @contextlib.asynccontextmanager
    async def slot(self, priority: float) -> AsyncIterator[None]:
        """Hold one sending slot for the block; ``priority`` is a creation time, or FOLLOW_UP."""
        first = priority != FOLLOW_UP
        if self._free > 0 and not self._waiting:
            self._free -= 1
        else:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            entry = (priority, next(self._order), waiter)
            heapq.heappush(self._waiting, entry)
            if first:
                self._count_first(1)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._release()  # granted just before the cancel: pass the slot on
                else:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                raise
            finally:
                if first:
                    self._count_first(-1)
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        while self._waiting:
            _, _, waiter = heapq.heappop(self._waiting)
            if not waiter.done():
                waiter.set_result(None)  # the slot goes straight to the next in line
                return
        self._free += 1
