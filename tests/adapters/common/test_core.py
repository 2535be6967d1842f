"""``core`` (adapters/common/core.py): the answering core runs on a worker thread, and the loop keeps serving."""

from __future__ import annotations

import asyncio
import threading

import pytest

from adapters.common.core import core


async def test_the_call_runs_off_the_event_loop_thread_with_its_arguments() -> None:
    def where(a: int, /, b: int, *, c: int) -> tuple[int, int]:
        return threading.get_ident(), a + b * c

    thread, value = await core(where, 1, 2, c=3)
    assert thread != threading.get_ident() and value == 7


async def test_the_loop_serves_other_work_while_the_core_is_busy() -> None:
    started, released = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        if not released.wait(timeout=10):  # only the loop can release it: a blocked loop would time out here
            raise TimeoutError("the event loop was blocked while the core worked")
        return "done"

    call = asyncio.ensure_future(core(slow))
    assert await asyncio.to_thread(started.wait, 10)
    released.set()  # runs on the loop, while slow() is still waiting
    assert await asyncio.wait_for(call, timeout=10) == "done"


async def test_an_error_in_the_core_reaches_the_caller() -> None:
    def broken() -> None:
        raise LookupError("no such entry")

    with pytest.raises(LookupError, match="no such entry"):
        await core(broken)
