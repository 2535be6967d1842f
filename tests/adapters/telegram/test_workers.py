"""Three ``faqbot run`` webhook workers as one bot: one shared store, one Redis, one fake Bot API.

They share one PostgreSQL database (FAQBOT_DATA) created for the module and dropped after.
The same update delivered to two workers is answered once; 500 updates from 50 chats spread over the
workers are each answered once, in order per chat, within the shared flood limit; a /reload on one
worker makes every worker serve the new KB; SIGKILL of a worker mid-burst loses no committed row and
the others go on. Processes are started once for the module and stopped by their PIDs.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Iterator

import aiohttp
import pytest

from bot.store import open_store
from tests.adapters.telegram.workers import (
    ADMIN_ID,
    QUESTIONS,
    Fleet,
    animals_kb,
    max_per_second,
    post,
    update,
)
from tests.servers import REDIS_URL, postgres_database, redis_prefix

RATE = 50.0  # TELEGRAM_RATE_LIMIT of the fleet: messages a second for the whole bot
MARKER = re.compile(r"\[a(\d) (v\d)\]")


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    folder = tmp_path_factory.mktemp("fleet")
    with redis_prefix() as prefix, postgres_database() as database:
        fleet = Fleet(folder, animals_kb(folder / "kb"), database, REDIS_URL, prefix, rate=RATE)
        try:
            fleet.start_fake()
            fleet.start_workers(3)
            yield fleet
        finally:
            fleet.close()


def _answers(rows: list[dict[str, object]]) -> list[tuple[int, int, str]]:
    """(chat, question number, KB version) of each answer sent."""
    found = []
    for row in rows:
        match = MARKER.search(str(row["text"]))
        if match:
            found.append((int(str(row["chat_id"])), int(match.group(1)), match.group(2)))
    return found


async def test_the_same_update_to_two_workers_is_answered_once(fleet: Fleet) -> None:
    before = fleet.sent_count()
    body = update(QUESTIONS[0], chat_id=9001)
    one, two, _ = fleet.workers
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        statuses = await asyncio.gather(post(session, one.url, body), post(session, two.url, body))
        assert statuses == [200, 200]  # both acknowledge (Telegram stops retrying) ...
        assert await post(session, one.url, body) == 200  # ... and a third delivery to the same worker too
        # The barrier: the next message of the same chat, to the other worker. A chat's line is answered in
        # order across workers, so once its answer is out, any second answer to the first would be too.
        assert await post(session, two.url, update(QUESTIONS[1], chat_id=9001)) == 200
        rows = await fleet.wait_sent(before + 2, within=20)
    answers = [a for a in _answers(fleet.sent(before)) if a[0] == 9001]
    assert answers == [(9001, 0, "v1"), (9001, 1, "v1")], rows


async def test_500_updates_from_50_chats_each_answered_once_in_order_within_the_flood_limit(fleet: Fleet) -> None:
    before = fleet.sent_count()
    chats = [20_000 + n for n in range(50)]
    per_chat = len(QUESTIONS)
    workers = fleet.workers

    async def chat_sender(session: aiohttp.ClientSession, index: int, chat_id: int) -> None:
        for k in range(per_chat):  # one after another, as Telegram delivers one chat's updates
            worker = workers[(index + k) % len(workers)]  # the chat's messages hop between workers
            assert await post(session, worker.url, update(QUESTIONS[k], chat_id)) == 200

    started = time.monotonic()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.wait_for(asyncio.gather(*(chat_sender(session, i, c) for i, c in enumerate(chats))), 120)
    total = len(chats) * per_chat
    rows = await fleet.wait_sent(before + total, within=120)
    elapsed = time.monotonic() - started
    answers = [a for a in _answers(rows[before:]) if a[0] in set(chats)]

    assert len(answers) == total, f"{len(answers)} of {total} answered in {elapsed:.0f} s"
    assert Counter((chat, k) for chat, k, _ in answers) == Counter((c, k) for c in chats for k in range(per_chat))
    order: dict[int, list[int]] = defaultdict(list)
    for chat, k, _ in answers:
        order[chat].append(k)
    assert all(ks == list(range(per_chat)) for ks in order.values()), dict(order)
    # One limit for the token, not one per worker: each worker's own limiter alone would let 3 x RATE
    # through (and a burst of RATE from each at the start). The window is taken just before sending;
    # the fake's clock adds the scheduling delays of this busy machine (seen: up to half a second),
    # which bunch some arrivals: the mean rate is bounded tightly, the busiest second loosely.
    times = [float(str(r["at"])) for r in rows[before:]]
    span = max(times) - min(times)
    assert (len(times) - RATE) / span <= RATE * 1.05, f"{len(times)} messages in {span:.1f} s"
    assert max_per_second(times) <= RATE * 2

    scraped = sum(
        float(value)
        for worker in workers
        for kind, value in re.findall(r'^faqbot_replies_total\{kind="(\w+)",platform="telegram".*\} (\S+)$',
                                      worker.metrics(), re.M)
        if kind == "answer"
    )
    assert scraped >= total  # the workers' /metrics add up to what was answered


async def test_a_reload_on_one_worker_switches_every_worker(fleet: Fleet) -> None:
    animals_kb(fleet.kb, version="v2")  # the shared KB volume is edited; file polling is off in the fleet
    before = fleet.sent_count()
    first = fleet.workers[0]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        assert await post(session, first.url, update("/reload", ADMIN_ID)) == 200
        rows = await fleet.wait_sent(before + 1, within=20)
        assert "reloaded" in str(rows[before]["text"]).lower(), rows[before:]
        switched_at = time.monotonic()
        pending = {n: 30_000 + n for n in range(len(fleet.workers))}
        while pending and time.monotonic() - switched_at < 5:
            mark = fleet.sent_count()
            for n, chat in list(pending.items()):
                assert await post(session, fleet.workers[n].url, update(QUESTIONS[3], chat)) == 200
            rows = await fleet.wait_sent(mark + len(pending), within=10)
            for chat, _, version in _answers(rows[mark:]):
                if version == "v2":
                    pending = {n: c for n, c in pending.items() if c != chat}
            await asyncio.sleep(0.2)  # kept: the pause between rounds of a bounded (5 s) wait for v2 everywhere
    assert not pending, f"workers {sorted(pending)} still served v1 5 s after the reload"


def _stored_questions(data: str) -> int:
    store = open_store(data, need_key=False)
    try:
        return sum(day.asked for day in store.days(0))
    finally:
        store.close()


async def test_sigkill_of_a_worker_mid_burst_loses_no_committed_row_and_the_others_go_on(fleet: Fleet) -> None:
    survivors, victim = fleet.workers[:2], fleet.workers[2]
    before = fleet.sent_count()
    stored_before = _stored_questions(fleet.data)
    chats = [40_000 + n for n in range(30)]
    killed = asyncio.Event()
    accepted_by: dict[tuple[int, int], int] = {}

    async def chat_sender(session: aiohttp.ClientSession, index: int, chat_id: int) -> None:
        for k in range(len(QUESTIONS)):
            targets = [(index + k) % 3, index % 2]  # the next worker in turn; a survivor when it is gone
            for target in targets:
                if await post(session, fleet.workers[target].url, update(QUESTIONS[k], chat_id)) == 200:
                    accepted_by[(chat_id, k)] = target
                    break
            else:
                raise AssertionError(f"no worker took update {k} of chat {chat_id}")
            if index == 0 and k == 3:
                victim.process.send_signal(signal.SIGKILL)  # mid-burst: others are still sending
                killed.set()

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.wait_for(asyncio.gather(*(chat_sender(session, i, c) for i, c in enumerate(chats))), 120)
    assert killed.is_set() and victim.process.wait(10) == -signal.SIGKILL
    to_survivors = {key for key, target in accepted_by.items() if target != 2}
    await fleet.wait_sent(before + len(to_survivors), within=120)
    for worker in survivors:
        # A clean stop flushes their store queues, and finishes every update in flight first (PTB's
        # Application.stop): the barrier after which any second answer would have been sent.
        assert worker.stop() == 0
    answered = Counter((chat, k) for chat, k, _ in _answers(fleet.sent(before)) if chat in set(chats))
    assert all(count == 1 for count in answered.values())  # nothing twice, even around the crash
    assert to_survivors <= set(answered), f"{len(to_survivors - set(answered))} updates to live workers unanswered"

    stored_after = _stored_questions(fleet.data)
    answered_by_survivors = sum(1 for key in answered if key in to_survivors)
    assert stored_after >= stored_before + answered_by_survivors  # every committed row is still there
    # Nothing invented: at most a row per message sent, plus those the killed worker recorded but never sent.
    assert stored_after <= fleet.sent_count() + sum(1 for target in accepted_by.values() if target == 2)
