"""Telegram outage: a burst of questions, then the Bot API goes away for a while; is every reply delivered once?

Run: ``NO_PROXY=127.0.0.1 .venv/bin/python bench/telegram_outage.py [--updates 200] [--outage 5] [--mode 502]``.
The fake Bot API runs in its own process. Right after the burst is queued, it answers every call
with nginx's 502 page (``--mode 502``, what Telegram's front ends return while the API behind them
is down) or closes its port (``--mode refuse``: connection refused) for ``--outage`` seconds. The
bot is faqbot's Telegram platform as deployed (retrying request, flood control, HTTP, keyboards).
Counted: replies delivered, users answered twice, replies given up (the platform's ``dropped``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from telegram_bench import CONCURRENCY, FakeProcess  # noqa: E402

from adapters.telegram.runner import TelegramPlatform  # noqa: E402
from adapters.telegram.settings import TelegramSettings  # noqa: E402
from adapters.testing.telegram.payloads import message  # noqa: E402
from bot.app import AppSettings, build_engine  # noqa: E402
from bot.service.facade import FaqService  # noqa: E402
from bot.service.settings import load_env  # noqa: E402

QUESTIONS = ["what is article 5", "is nato involved in peace talks", "why is japan involved", "hello"]


async def run(count: int, outage: float, mode: str, deadline: float) -> dict[str, Any]:
    """One burst followed by one outage; what the fake saw."""
    service = FaqService(build_engine(AppSettings.from_env(load_env(), matcher="lexical")))
    async with FakeProcess() as fake:
        settings = TelegramSettings.from_env({
            "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_RATE_LIMIT": "0", "TELEGRAM_CONCURRENCY": str(CONCURRENCY),
            "TELEGRAM_RETRY_DEADLINE": str(deadline),
        })
        platform = TelegramPlatform(service, settings)
        stop = asyncio.Event()
        task = asyncio.create_task(platform.run(stop))
        await asyncio.wait_for(platform.started.wait(), 20)
        first_chat = 10_000
        updates = [message(QUESTIONS[i % len(QUESTIONS)], chat_id=first_chat + i, user_id=first_chat + i)
                   for i in range(count)]
        before = (await asyncio.to_thread(fake.control, "/_fake/sent?since=1000000000"))["count"]
        started = time.perf_counter()
        await asyncio.to_thread(fake.control, "/_fake/push", updates)
        # The fake runs in another process: polling its control API is the only way to watch it.
        while (await asyncio.to_thread(fake.control, f"/_fake/sent?since={before}"))["count"] - before < count // 10:  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # the burst is being answered: now the API goes down
        path = "/_fake/outage" if mode == "502" else "/_fake/refuse"
        await asyncio.to_thread(fake.control, path, {"seconds": outage})
        outage_began = time.perf_counter()
        if mode == "refuse":
            await asyncio.sleep(outage + 0.5)  # the control API shares the closed port
            before_outage = -1  # not observable while the port is closed
        else:
            before_outage = (await asyncio.to_thread(fake.control, f"/_fake/sent?since={before}"))["count"] - before
        give_up = time.perf_counter() + deadline + outage + 30
        while time.perf_counter() < give_up:
            state = await asyncio.to_thread(fake.control, f"/_fake/sent?since={before}")
            if state["count"] - before + platform.dropped >= count:
                break
            await asyncio.sleep(0.25)
        await asyncio.sleep(2.0)  # late duplicates, if any, would arrive now
        state = await asyncio.to_thread(fake.control, f"/_fake/sent?since={before}")
        finished = time.perf_counter() - started
        recovered = time.perf_counter() - outage_began
        dropped = platform.dropped
        stop.set()
        await task
    per_chat = collections.Counter(row["chat_id"] for row in state["sent"] if row["chat_id"] >= first_chat)
    ats = sorted(row["at"] for row in state["sent"])
    return {
        "updates": count, "outage_s": outage, "mode": mode, "users_answered": len(per_chat),
        "answered_twice": sum(1 for n in per_chat.values() if n > 1), "dropped": dropped,
        "lost": count - len(per_chat) - dropped, "replied_before_the_outage": before_outage,
        "replied_after_it_began": len(per_chat) - before_outage if before_outage >= 0 else None,
        "first_to_last_reply_s": round(ats[-1] - ats[0], 1) if ats else None,
        "seconds": round(finished, 1), "since_outage_began_s": round(recovered, 1),
        "median_replies_per_chat": statistics.median(per_chat.values() or [0]),
    }


def main() -> None:
    """Parse arguments, run, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--outage", type=float, default=5.0)
    parser.add_argument("--mode", choices=["502", "refuse"], default="502")
    parser.add_argument("--deadline", type=float, default=60.0, help="TELEGRAM_RETRY_DEADLINE for the bot")
    args = parser.parse_args()
    result = asyncio.run(run(args.updates, args.outage, args.mode, args.deadline))
    for key, value in result.items():
        print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
