"""Telegram throughput: a burst of question updates through the fake Bot API, faqbot vs a bare PTB echo bot.

Run: ``NO_PROXY=127.0.0.1 .venv/bin/python bench/telegram_bench.py [--updates 2000] [--rounds 2]``.
The fake server runs in its own process (the second core); both bots run here, one after the
other, with the same concurrency and connection pool. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from adapters.telegram.runner import TelegramPlatform  # noqa: E402
from adapters.telegram.settings import TelegramSettings  # noqa: E402
from adapters.testing.telegram.payloads import message  # noqa: E402
from bot.app import AppSettings, build_engine  # noqa: E402
from bot.service.facade import FaqService  # noqa: E402
from bot.service.settings import load_env  # noqa: E402

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "64"))
OFF_TOPIC = ["What's the weather in Lisbon?", "how do I bake sourdough bread", "hello", "thanks!", "summary"]


class FakeProcess:
    """The fake Bot API in a child process, driven through its ``/_fake/`` control API."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.base_url = self.token = ""

    async def __aenter__(self) -> FakeProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.testing.telegram.fake_server", stdout=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL, cwd=ROOT,
        )
        assert self.process.stdout is not None
        for _ in range(2):
            key, _, value = (await asyncio.wait_for(self.process.stdout.readline(), 20)).decode().strip().partition("=")
            if key == "TELEGRAM_API_BASE_URL":
                self.base_url = value
            elif key == "TELEGRAM_BOT_TOKEN":
                self.token = value
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 10)

    def control(self, path: str, body: Any = None) -> Any:
        """Call the control API (blocking; used outside the timed section or between polls)."""
        url = self.base_url.rsplit("/bot", 1)[0] + path
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)


async def run_burst(fake: FakeProcess, questions: list[str], first_chat: int) -> dict[str, float]:
    """Push one update per question (each from its own chat) at once; wait for every reply; measure."""
    before = (await asyncio.to_thread(fake.control, "/_fake/sent?since=1000000000"))["count"]
    updates = [message(q, chat_id=first_chat + i, user_id=first_chat + i) for i, q in enumerate(questions)]
    cpu = time.process_time()
    ids = await asyncio.to_thread(fake.control, "/_fake/push", updates)
    chat_of = {first_chat + i: update_id for i, update_id in enumerate(ids)}
    deadline = time.monotonic() + 120
    while True:
        state = await asyncio.to_thread(fake.control, "/_fake/sent?since=1000000000")
        if state["count"] - before >= len(questions) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    cpu = time.process_time() - cpu  # this process only: the bot (the fake runs in another one)
    state = await asyncio.to_thread(fake.control, f"/_fake/sent?since={before}&pushed=1")
    pushed = {int(k): v for k, v in state["pushed_at"].items()}
    first_reply: dict[int, float] = {}
    for row in state["sent"]:
        if row["chat_id"] in chat_of:
            first_reply.setdefault(row["chat_id"], row["at"])
    latencies = sorted((first_reply[c] - pushed[chat_of[c]]) * 1000 for c in first_reply)
    start = min(pushed[u] for u in ids)
    elapsed = max(first_reply.values()) - start
    return {
        "answered": len(first_reply), "seconds": elapsed, "per_second": len(first_reply) / elapsed,
        "p50_ms": statistics.median(latencies), "p99_ms": latencies[int(0.99 * (len(latencies) - 1))],
        "cpu_ms": cpu * 1000 / len(questions),
    }


async def with_echo_bot(fake: FakeProcess, body: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``body`` while a bare PTB echo bot (same concurrency and pool) serves the fake."""
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    application = (
        Application.builder().token(fake.token).base_url(fake.base_url)
        .request(HTTPXRequest(connection_pool_size=CONCURRENCY)).concurrent_updates(CONCURRENCY).build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_polling(timeout=10)
    await application.start()
    try:
        return await body()
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def with_faqbot(fake: FakeProcess, service: FaqService, body: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``body`` while faqbot's Telegram platform (flood throttling off, retries on) serves the fake."""
    settings = TelegramSettings.from_env({
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_RATE_LIMIT": "0", "TELEGRAM_CONCURRENCY": str(CONCURRENCY),
    })
    platform = TelegramPlatform(service, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(platform.run(stop))
    await asyncio.wait_for(platform.started.wait(), 20)
    try:
        return await body()
    finally:
        stop.set()
        await task


async def main(count: int, rounds: int, kb: Path, matcher: str) -> None:
    """Warm up, then alternate echo and faqbot bursts; print a table and the throughput ratio."""
    # Built the way `faqbot run` builds it, so the matcher is the one a deployment would use.
    answerer = build_engine(AppSettings.from_env(load_env(), kb=str(kb), matcher=matcher))
    service = FaqService(answerer)
    entries = answerer.kb.entries
    asked = [e.question for e in entries] + [e.question.lower().rstrip("?") for e in entries] + OFF_TOPIC
    questions = [asked[i % len(asked)] for i in range(count)]
    results: dict[str, list[dict[str, float]]] = {"echo bot (bare PTB)": [], "faqbot": []}
    chat = 10_000
    async with FakeProcess() as fake:
        for round_ in range(rounds):
            for name, runner in (("echo bot (bare PTB)", with_echo_bot), ("faqbot", None)):
                async def body() -> dict[str, float]:
                    nonlocal chat
                    await run_burst(fake, questions[:100], chat)  # warm-up: connections, caches
                    chat += 100
                    result = await run_burst(fake, questions, chat)
                    chat += count
                    return result
                result = await (with_echo_bot(fake, body) if runner else with_faqbot(fake, service, body))
                results[name].append(result)
                print(f"round {round_ + 1} {name}: {result['per_second']:.0f} updates/s, "
                      f"{result['cpu_ms']:.2f} ms CPU per update", file=sys.stderr)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{count} updates per burst, {rounds} interleaved round(s), medians; matcher {answerer.matcher.name}; "
          f"concurrency {CONCURRENCY}; "
          f"fake Bot API in its own process; load average {load} on {os.cpu_count()} CPU(s)\n")
    print("| bot | answered | updates/s | p50 latency | p99 latency | bot CPU per update |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"| {name} | {median['answered']:.0f}/{count} | {median['per_second']:.0f} | "
              f"{median['p50_ms']:.0f} ms | {median['p99_ms']:.0f} ms | {median['cpu_ms']:.2f} ms |")
    # Each round pairs two bursts run back to back: their ratio is less exposed to load from other
    # processes than a ratio of medians.
    pairs = list(zip(results["echo bot (bare PTB)"], results["faqbot"], strict=True))
    throughput = [faq["per_second"] / echo["per_second"] for echo, faq in pairs]
    ceiling = [echo["cpu_ms"] / faq["cpu_ms"] for echo, faq in pairs]
    print(f"\nfaqbot throughput / echo bot's, per round: {', '.join(f'{r:.0%}' for r in throughput)}; "
          f"median {statistics.median(throughput):.0%} (target: at least 85%)")
    print(f"CPU-bound ceiling (echo CPU / faqbot CPU per update), per round: {', '.join(f'{r:.0%}' for r in ceiling)}; "
          f"median {statistics.median(ceiling):.0%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kb", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--matcher", default="auto", help="lexical, semantic or auto (as `faqbot run --matcher`)")
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.rounds, args.kb, args.matcher))
