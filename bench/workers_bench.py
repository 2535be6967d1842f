"""Throughput of 1, 2 and 3 ``faqbot run`` webhook workers side by side, in one run (README, "Several workers").

Three workers share one PostgreSQL database (created here, dropped after), one Redis key prefix and
the fake Bot API (adapters/testing/telegram/fake_server.py, in its own process). Each round sends the
same burst (``--chats`` chats, each asking its questions one after another, as Telegram delivers a
chat) to the first 1, 2 or 3 workers, in turn, and times it from the first delivery to the last
answer; rounds alternate so that drift on a shared machine hits every configuration alike. The
Telegram flood limit is off for this (it measures what the workers can do); a last run with the
limit at 30 messages a second shows it holding for the whole bot.

    .venv/bin/python bench/workers_bench.py [--chats 60] [--per-chat 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.adapters.telegram.workers import QUESTIONS, Fleet, Worker, animals_kb, max_per_second, post, update  # noqa: E402
from tests.servers import REDIS_URL, postgres_database, redis_prefix  # noqa: E402


async def burst(fleet: Fleet, workers: list[Worker], chats: list[int], per_chat: int) -> tuple[float, list[float]]:
    """Send the burst to ``workers``; seconds until every update was answered, and the send times."""
    before = fleet.sent_count()

    async def chat_sender(session: aiohttp.ClientSession, index: int, chat_id: int) -> None:
        for k in range(per_chat):
            worker = workers[(index + k) % len(workers)]
            status = await post(session, worker.url, update(QUESTIONS[k % len(QUESTIONS)], chat_id))
            if status != 200:
                raise RuntimeError(f"worker answered HTTP {status}")

    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(chat_sender(session, i, c) for i, c in enumerate(chats)))
    total = len(chats) * per_chat
    rows = await fleet.wait_sent(before + total, within=300)
    if len(rows) < before + total:
        raise RuntimeError(f"only {len(rows) - before} of {total} answered")
    elapsed = time.perf_counter() - started
    return elapsed, [float(r["at"]) for r in rows[before:before + total]]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


async def measure(args: argparse.Namespace, folder: Path, database: str, prefix: str) -> None:
    per_chat, total = args.per_chat, args.chats * args.per_chat
    fleet = Fleet(folder / "open", animals_kb(folder / "kb"), database, REDIS_URL, prefix + "open:", rate=0)
    (folder / "open").mkdir()
    results: dict[int, list[float]] = {1: [], 2: [], 3: []}
    cpu: dict[int, list[float]] = {1: [], 2: [], 3: []}  # worker CPU ms per update
    try:
        fleet.start_fake()
        fleet.start_workers(3)
        base = 100_000
        await burst(fleet, fleet.workers, [base - n for n in range(1, 21)], 2)  # warm-up: connections, caches
        for round_ in range(args.rounds):
            for count in (1, 2, 3):
                base += 1000
                chats = [base + n for n in range(args.chats)]
                pids = [w.process.pid for w in fleet.workers[:count]]
                used = cpu_seconds(pids)
                elapsed, _ = await burst(fleet, fleet.workers[:count], chats, per_chat)
                results[count].append(total / elapsed)
                cpu[count].append((cpu_seconds(pids) - used) / total * 1000)
                print(f"  round {round_ + 1}: {count} worker(s): {total} updates in {elapsed:.2f} s", file=sys.stderr)
    finally:
        fleet.close()

    print(f"\n{total} updates from {args.chats} chats ({per_chat} each, in order per chat), flood limit off, "
          f"median of {args.rounds} alternating rounds:\n")
    print("| workers | updates/s (median) | rounds | vs 1 worker | worker CPU ms per update (median) |")
    print("| --- | --- | --- | --- | --- |")
    one = statistics.median(results[1])
    for count, rates in results.items():
        median = statistics.median(rates)
        print(f"| {count} | {median:.0f} | {', '.join(f'{r:.0f}' for r in rates)} | {median / one:.2f}x "
              f"| {statistics.median(cpu[count]):.2f} |")
    print(f"\n(load average of the machine at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

    limited = Fleet(folder / "limited", folder / "kb", database, REDIS_URL, prefix + "limited:", rate=30)
    (folder / "limited").mkdir()
    try:
        limited.start_fake()
        limited.start_workers(3)
        chats = [900_000 + n for n in range(30)]
        elapsed, times = await burst(limited, limited.workers, chats, 10)
    finally:
        limited.close()
    print(f"\nFlood limit 30/s, 3 workers: 300 updates in {elapsed:.1f} s ({300 / elapsed:.1f}/s); "
          f"busiest second at the fake: {max_per_second(times)} messages")


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="faqbot-workers-") as tmp, redis_prefix() as prefix, \
            postgres_database() as database:
        asyncio.run(measure(args, Path(tmp), database, prefix))


if __name__ == "__main__":
    main()
