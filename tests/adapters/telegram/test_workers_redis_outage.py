"""Two webhook workers lose their Redis mid-run: they keep answering, each with one warning, and share again after.

The Redis here is a private ``redis-server`` started for this module on 127.0.0.1 (so stopping it
disturbs nobody else) and stopped by its PID; the store is a PostgreSQL database made for the module.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
import redis

from tests.adapters.telegram.workers import QUESTIONS, Fleet, animals_kb, free_port, post, update
from tests.servers import missing_server, postgres_database

DOWN = "is not answering"
BACK = "answers again"


class PrivateRedis:
    """A redis-server of our own on a free port, nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            missing_server("the redis-server program", "install Redis, e.g. `apt-get install redis-server`")
        assert binary is not None
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.folder)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Fleet, PrivateRedis]]:
    folder = tmp_path_factory.mktemp("outage")
    server = PrivateRedis(folder)
    server.start()
    with postgres_database() as database:
        fleet = Fleet(folder, animals_kb(folder / "kb"), database, server.url, "faqbot:", rate=50)
        try:
            fleet.start_fake()
            fleet.start_workers(2)
            yield fleet, server
        finally:
            fleet.close()
            server.stop()


async def _ask_all(fleet: Fleet, chats: list[int]) -> list[tuple[int, int]]:
    """Each chat asks two questions, one after the other, each to a different worker; the answers' (chat, k)."""
    before = fleet.sent_count()

    async def chat_sender(session: aiohttp.ClientSession, chat: int) -> None:
        for k in range(2):
            assert await post(session, fleet.workers[(chat + k) % 2].url, update(QUESTIONS[k], chat)) == 200

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.wait_for(asyncio.gather(*(chat_sender(session, c) for c in chats)), 60)
    rows = await fleet.wait_sent(before + 2 * len(chats), within=60)
    found = []
    for row in rows[before:]:
        match = re.search(r"\[a(\d) v\d\]", str(row["text"]))
        if match:
            found.append((int(str(row["chat_id"])), int(match.group(1))))
    return found


def _log_lines(fleet: Fleet, text: str) -> list[int]:
    return [worker.log.read_text().count(text) for worker in fleet.workers]


async def test_answers_go_on_without_redis_with_one_warning_each(outage: tuple[Fleet, PrivateRedis]) -> None:
    fleet, server = outage
    assert Counter(await _ask_all(fleet, list(range(100, 110)))) == Counter((c, k) for c in range(100, 110)
                                                                             for k in range(2))
    assert _log_lines(fleet, DOWN) == [0, 0]

    server.stop()  # Redis goes away under the running workers
    chats = list(range(200, 220))
    answered = await _ask_all(fleet, chats)
    assert Counter(answered) == Counter((c, k) for c in chats for k in range(2))  # every one, once
    await _ask_all(fleet, list(range(300, 310)))  # and still, some seconds later
    assert _log_lines(fleet, DOWN) == [1, 1]  # one warning per worker, not one per message

    server.start()  # back (empty: it keeps nothing on disk)
    deadline = time.monotonic() + 20
    while _log_lines(fleet, BACK) != [1, 1] and time.monotonic() < deadline:
        await _ask_all(fleet, [400 + int(time.monotonic() * 10) % 1000])
        await asyncio.sleep(0.5)
    assert _log_lines(fleet, BACK) == [1, 1]
    assert Counter(await _ask_all(fleet, list(range(2000, 2010)))) == Counter((c, k) for c in range(2000, 2010)
                                                                               for k in range(2))
    # Kept: it must outlast the workers' RETRY_AFTER_FAILURE (2 s) timer, which signals nothing outside, so
    # that connections broken by the outage have failed and reconnected before the next burst.
    await asyncio.sleep(3)
    await _ask_all(fleet, list(range(3000, 3010)))
    assert _log_lines(fleet, DOWN) == [1, 1]  # one outage, one warning, even if a stale connection failed after
