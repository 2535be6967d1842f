"""Discord burst: N ``/ask`` interactions delivered at once; how many are acknowledged within Discord's 3 s.

Run: ``.venv/bin/python bench/discord_burst.py [--interactions 3000] [--matcher lexical|semantic|auto]``.
The fake Discord (gateway + REST, ``adapters/testing/discord/fake_discord.py``) runs in its own process
on 127.0.0.1 and measures, for every interaction, the time from its creation (the time its id
carries) to the first response it accepted; a response after 3 s is refused, as Discord does. The
real ``DiscordPlatform`` (discord.py, the handlers, the answerer ``faqbot run`` builds) runs here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py imports audioop (voice)
    import discord
import yarl  # noqa: E402

from adapters.discord.client import DiscordPlatform  # noqa: E402
from adapters.discord.settings import DiscordSettings  # noqa: E402
from adapters.testing.discord.fake_discord import TOKEN  # noqa: E402
from bot.app import AppSettings, build_engine  # noqa: E402
from bot.service.facade import FaqService, User  # noqa: E402
from bot.service.settings import load_env  # noqa: E402

QUESTIONS = [
    "what is article 5", "is nato involved in peace talks", "why is japan part of nato's ukraine plans",
    "what is the coalition of the willing", "does nato want more defence spending", "best pizza in naples?",
]


class FakeProcess:
    """The fake Discord in a child process."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> FakeProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.testing.discord.fake_discord", stdout=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        line = (await asyncio.wait_for(self.process.stdout.readline(), 30)).decode().strip()
        self.port = int(line.partition("=")[2])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 10)

    def control(self, path: str, body: Any = None) -> Any:
        """Call the fake's control API (blocking; run it in a thread)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.load(answer)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else float("nan")


async def run(count: int, matcher: str, settle: float) -> dict[str, Any]:
    """One burst against a fresh bot; the figures the fake measured."""
    answerer = build_engine(AppSettings.from_env(load_env(), matcher=matcher))
    service = FaqService(answerer)
    async with FakeProcess() as fake:
        discord.http.Route.BASE = f"http://127.0.0.1:{fake.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{fake.port}/gateway")
        platform = DiscordPlatform(service, DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN}),
                                   bot_options={"guild_ready_timeout": 0.05})
        stop = asyncio.Event()
        task = asyncio.create_task(platform.run(stop))
        await asyncio.wait_for(platform.started.wait(), 30)
        service.ask("warm up", User("discord", "bench"))  # first-call costs (caches, lazy imports) outside the burst
        cpu = time.process_time()
        fake_cpu = (await asyncio.to_thread(fake.control, "/_fake/report"))["cpu"]
        started = time.perf_counter()
        await asyncio.to_thread(fake.control, "/_fake/burst", {"count": count, "questions": QUESTIONS})
        await asyncio.sleep(3.5)  # a report costs the fake CPU: none during the 3 s that are measured
        deadline = time.perf_counter() + settle
        while time.perf_counter() < deadline:
            report = await asyncio.to_thread(fake.control, "/_fake/report")
            rows = report["interactions"]
            if sum(r["messages"] > 0 for r in rows) + platform.bot.faq.deadline.dropped >= count:  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        report = await asyncio.to_thread(fake.control, "/_fake/report")
        dropped = platform.bot.faq.deadline.dropped  # type: ignore[attr-defined]
        stop.set()
        await asyncio.wait_for(task, 30)
    rows = report["interactions"]
    acked = [r["first"] for r in rows if r["first"] is not None]
    return {
        "interactions": count, "matcher": matcher,
        "acknowledged_in_time": len(acked), "answered_at_once": sum(r["type"] == 4 for r in rows),
        "deferred": sum(r["type"] == 5 for r in rows), "answered_in_the_end": sum(r["messages"] > 0 for r in rows),
        "refused_as_late": report["late"], "dropped_by_bot": dropped,
        "ack_p50_s": round(statistics.median(acked), 3) if acked else None,
        "ack_p99_s": round(percentile(acked, 0.99), 3), "seconds": round(elapsed, 1),
        "bot_cpu_s": round(cpu, 1), "fake_cpu_s": round(report["cpu"] - fake_cpu, 1),
        "share_in_time": round(100 * len(acked) / count, 1),
    }


def main() -> None:
    """Parse arguments, run the burst, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interactions", type=int, default=3000)
    parser.add_argument("--matcher", default="lexical", choices=["lexical", "semantic", "auto"])
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait for the last answers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("faqbot").setLevel(logging.WARNING)
    result = asyncio.run(run(args.interactions, args.matcher, args.settle))
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
