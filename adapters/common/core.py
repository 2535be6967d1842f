"""Where the answering core runs in both adapters: on a worker thread, never on the event loop.

Why a thread, on Telegram and Discord alike: the core is synchronous and its cost varies by two
orders of magnitude. The lexical matcher answers in about 0.1-0.5 ms, but the semantic matcher
takes 5-10 ms per question, a 500-digit query about 0.1 s, and a reload or ``/stats`` much more.
On the event loop any of these stalls every other chat, every acknowledgement and, on Discord,
the 3-second deadline of every interaction waiting behind it. On a thread the loop keeps serving
while the core works; the price is a thread hand-off per call (tens of microseconds, plus some
GIL contention). Measured figures are in the README ("Where the core runs").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["core"]

P = ParamSpec("P")
T = TypeVar("T")


async def core(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run one core (façade) call on asyncio's default worker threads and return its result."""
    return await asyncio.to_thread(func, *args, **kwargs)
