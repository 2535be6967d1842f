"""Telegram throughput: a burst of question updates through the fake Bot API, faqbot vs a bare PTB echo bot.

Run: ``NO_PROXY=127.0.0.1 .venv/bin/python bench/telegram_bench.py [--updates 2000] [--rounds 5]``.
By default faqbot runs twice per round, side by side: with ``FAQBOT_MATCHER=lexical`` and with the
default engine (lexical, MiniLM, e5), each built by bot/app.py as ``faqbot run`` builds it; ``--matcher``
(repeatable) picks others. Every bot gets the same mix of questions (below). The fake server runs in
its own process (the second core); the bots run here, one after the other, with the same concurrency
and connection pool. Everything stays on 127.0.0.1.
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
from bot.engine.answerer import Answerer  # noqa: E402
from bot.engine.build import CHOICES  # noqa: E402
from bot.engine.explain import explain  # noqa: E402
from bot.service.facade import FaqService  # noqa: E402
from bot.service.settings import load_env  # noqa: E402

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "64"))
ECHO = "echo bot (bare PTB)"

# Written for this bench from the meaning of the shipped KB (knowledge/), one or two per entry and
# kind; the groups are where the engine sent them when they were written: the bench prints the
# mix it measures (`mix`), whatever the KB has become since.
QUESTIONS = [
    # English, close to an entry's wording: the lexical tier decides, no model runs.
    "what is the role of the coalition of the willing in ukraine",
    "why is japan involved in nato strategy on ukraine",
    "is nato involved in negotiations to end the ukraine war",
    "how is nato planning to increase its defense capabilities",
    "what is article 5 of nato",
    "are there concerns about nato without the united states",
    "what future threats does nato face from russia",
    # English in other words: lexical is not sure, MiniLM runs.
    "Which group of countries is working out how to back Kyiv?",
    "Why does Tokyo matter to the alliance's approach to the war?",
    "Are alliance officials sitting at the table for a ceasefire deal?",
    "Will allies have to put more money into their armies?",
    "Does an assault on a single member oblige everyone to respond?",
    "Could Europe cope if Washington walked away from the alliance?",
    "Is Moscow likely to strike an alliance member in the coming years?",
    # Ukrainian and German: e5 runs.
    "Хто допомагає Україні в межах коаліції?",
    "Навіщо Японії співпрацювати з НАТО?",
    "Чи веде Альянс перемовини з Росією про мир?",
    "Скільки відсотків ВВП країни мають витрачати на армію?",
    "Що означає стаття 5 для України?",
    "Welche Rolle spielt die Koalition der Willigen für die Ukraine?",
    "Warum arbeitet Japan mit der NATO zusammen?",
    "Verhandelt die NATO über ein Ende des Krieges?",
    "Wie viel sollen die NATO-Staaten für Verteidigung ausgeben?",
    "Kann Europa sich ohne die USA verteidigen?",
    "Wird Russland die NATO angreifen?",
    # Off topic (MiniLM runs, nothing answers) and small talk (no matching).
    "What's the weather in Lisbon?",
    "how do I bake sourdough bread",
    "hello",
    "thanks!",
    "summary",
]


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
    seen, progress = before, time.monotonic()
    while True:  # until every update is answered, or nothing more arrives for 60 s (a slow bot is not stuck)
        state = await asyncio.to_thread(fake.control, "/_fake/sent?since=1000000000")
        if state["count"] - before >= len(questions):
            break
        if state["count"] > seen:
            seen, progress = state["count"], time.monotonic()
        elif time.monotonic() - progress > 60:
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


def engine(matcher: str, kb: Path) -> Answerer:
    """The answerer ``faqbot run`` builds with ``FAQBOT_MATCHER=matcher``, every tier indexed."""
    answerer = build_engine(AppSettings.from_env({**load_env(), "FAQBOT_MATCHER": matcher}, kb=str(kb)))
    ready = getattr(answerer.matcher, "ready", None)
    if ready is not None:
        ready()  # a first build may index e5 in the background: measure the finished engine
    return answerer


def mix(answerer: Answerer) -> str:
    """Which tier decides each question, and the core's time per question by tier (one thread, warm)."""
    for question in QUESTIONS:
        answerer.reply(question)  # warm: lazy model sessions, caches
    times: dict[str, list[float]] = {}
    answered = 0
    for question in QUESTIONS:
        started = time.perf_counter()
        reply = answerer.reply(question)
        spent = (time.perf_counter() - started) * 1000
        tier = "small talk" if reply.intent.small_talk or reply.kind == "summary" else explain(answerer, reply)["tier"]
        times.setdefault(tier, []).append(spent)
        answered += reply.kind == "answer"
    tiers = ", ".join(f"{tier} {len(t)} ({statistics.median(t):.1f} ms)" for tier, t in times.items())
    return f"{tiers}; {answered} answered outright"


async def main(count: int, rounds: int, kb: Path, matchers: list[str]) -> None:
    """Warm up, then alternate echo and faqbot bursts (one per matcher); print a table and the ratios."""
    services: dict[str, FaqService] = {}
    for matcher in matchers:
        answerer = engine(matcher, kb)
        name = f"faqbot, matcher {answerer.matcher.name}"
        print(f"{name}: decided by {mix(answerer)}", file=sys.stderr)
        services[name] = FaqService(answerer)
    questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(count)]
    results: dict[str, list[dict[str, float]]] = {ECHO: [], **{name: [] for name in services}}
    chat = 10_000
    async with FakeProcess() as fake:
        for round_ in range(rounds):
            for name in results:
                async def body() -> dict[str, float]:
                    nonlocal chat
                    await run_burst(fake, questions[:100], chat)  # warm-up: connections, caches
                    chat += 100
                    result = await run_burst(fake, questions, chat)
                    chat += count
                    return result
                service = services.get(name)
                result = await (with_faqbot(fake, service, body) if service else with_echo_bot(fake, body))
                results[name].append(result)
                print(f"round {round_ + 1} {name}: {result['per_second']:.0f} updates/s, p50 {result['p50_ms']:.0f} "
                      f"ms, {result['cpu_ms']:.2f} ms CPU per update", file=sys.stderr)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{count} updates per burst ({len(QUESTIONS)} questions in turn), {rounds} interleaved round(s), "
          f"medians; concurrency {CONCURRENCY}; fake Bot API in its own process; load average {load} on "
          f"{os.cpu_count()} CPU(s)\n")
    print("| bot | answered | updates/s | p50 latency | p99 latency | bot CPU per update |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"| {name} | {median['answered']:.0f}/{count} | {median['per_second']:.0f} | "
              f"{median['p50_ms']:.0f} ms | {median['p99_ms']:.0f} ms | {median['cpu_ms']:.2f} ms |")
    # Each round runs the bots back to back: their ratio is less exposed to load from other
    # processes than a ratio of medians.
    print()
    for name in services:
        pairs = list(zip(results[ECHO], results[name], strict=True))
        throughput = [faq["per_second"] / echo["per_second"] for echo, faq in pairs]
        ceiling = [echo["cpu_ms"] / faq["cpu_ms"] for echo, faq in pairs]
        print(f"{name}: throughput / echo bot's, per round {', '.join(f'{r:.0%}' for r in throughput)}, median "
              f"{statistics.median(throughput):.0%}; CPU-bound ceiling (echo CPU / faqbot CPU per update) median "
              f"{statistics.median(ceiling):.0%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kb", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--matcher", action="append", choices=CHOICES,
                        help="FAQBOT_MATCHER for faqbot, repeatable (default: lexical and the engine, side by side)")
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.rounds, args.kb, args.matcher or ["lexical", "engine"]))
