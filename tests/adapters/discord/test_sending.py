"""The send gate: a bounded number of sends, first responses by earliest deadline, follow-ups last."""

from __future__ import annotations

import asyncio

from adapters.discord.sending import FOLLOW_UP, SendGate


async def test_waiting_sends_go_out_oldest_first_and_follow_ups_last() -> None:
    gate = SendGate(limit=1, busy_at=2)
    order: list[str] = []
    release = asyncio.Event()

    async def send(name: str, priority: float) -> None:
        async with gate.slot(priority):
            order.append(name)
            if name == "holder":
                await release.wait()

    holder = asyncio.create_task(send("holder", 0.0))
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    waiting = [asyncio.create_task(send(n, p)) for n, p in
               [("follow-up", FOLLOW_UP), ("young", 20.0), ("old", 10.0)]]
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    assert gate.first_waiting == 2 and gate.busy
    release.set()
    await asyncio.gather(holder, *waiting)
    assert order == ["holder", "old", "young", "follow-up"]
    assert not gate.busy


async def test_a_cancelled_waiter_does_not_lose_the_slot() -> None:
    gate = SendGate(limit=1)
    release = asyncio.Event()

    async def hold() -> None:
        async with gate.slot(0.0):
            await release.wait()

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    cancelled = asyncio.create_task(hold())
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    cancelled.cancel()
    release.set()
    await holder
    await asyncio.gather(cancelled, return_exceptions=True)
    async with asyncio.timeout(1):
        async with gate.slot(1.0):
            pass  # the slot came back


async def test_quiet_waits_for_the_first_responses() -> None:
    gate = SendGate(limit=1)
    release = asyncio.Event()
    done: list[str] = []

    async def first(priority: float) -> None:
        async with gate.slot(priority):
            await release.wait()
        done.append("first")

    async def background() -> None:
        await gate.quiet()
        done.append("background")

    tasks = [asyncio.create_task(first(1.0)), asyncio.create_task(first(2.0))]
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    work = asyncio.create_task(background())
    await asyncio.sleep(0)  # kept: one loop turn runs the new task to its first wait; no time passes
    assert done == []
    release.set()
    await asyncio.gather(*tasks, work)
    assert done.index("background") >= 1, "background work started only once no first response waited"
