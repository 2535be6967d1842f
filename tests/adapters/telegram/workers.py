"""Several ``faqbot run`` workers in webhook mode against one fake Bot API, sharing a store and Redis.

Used by test_workers.py and bench/workers_bench.py. Every process started here (the fake server and
the workers) listens on 127.0.0.1, writes its output to a file and is stopped by its PID.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters.testing.kb import entry, topic, write_topic
from adapters.testing.ports import free_port

ROOT = Path(__file__).resolve().parents[3]
FAKE_MODULE = "adapters.testing.telegram.fake_server"
SECRET = "worker-test-secret_0123"
WEBHOOK_PATH = "telegram/hook"
ADMIN_ID = 777

# Ten questions a lexical matcher tells apart; each answer carries its marker, so a reply names its question.
ANIMALS = ["giraffe", "cheetah", "elephant", "penguin", "octopus",
           "dolphin", "kangaroo", "tortoise", "falcon", "beaver"]
QUESTIONS = [f"How big does a {name} grow?" for name in ANIMALS]


def animals_kb(folder: Path, version: str = "v1") -> Path:
    """A one-topic KB of the ten animal questions; ``version`` goes into every answer."""
    entries = [entry(q, f"[a{n} {version}] The {ANIMALS[n]} answer.", id=f"a{n}") for n, q in enumerate(QUESTIONS)]
    write_topic(folder, "animals.yaml", topic("Animals", entries, summary="Sizes of animals."))
    return folder



def _get_json(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


@dataclass
class Worker:
    """One ``faqbot run`` process: its webhook and ops ports, its log file."""

    process: subprocess.Popen[bytes]
    webhook_port: int
    http_port: int
    log: Path

    @property
    def url(self) -> str:
        """Where updates are posted (what nginx would proxy to)."""
        return f"http://127.0.0.1:{self.webhook_port}/{WEBHOOK_PATH}"

    def metrics(self) -> str:
        """This worker's /metrics text."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/metrics", timeout=5) as response:
            return str(response.read().decode())

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Signal the worker and wait for it (killed after ``timeout``); its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return int(self.process.returncode)


@dataclass
class Fleet:
    """The fake Bot API and the workers around it."""

    folder: Path
    kb: Path
    data: str
    redis_url: str
    redis_prefix: str
    rate: float = 50.0
    fake: subprocess.Popen[bytes] | None = None
    fake_port: int = 0
    workers: list[Worker] = field(default_factory=list)

    @property
    def fake_url(self) -> str:
        """The fake Bot API's control base."""
        return f"http://127.0.0.1:{self.fake_port}"

    def start_fake(self) -> None:
        """Start the fake Bot API in its own process."""
        self.fake_port = free_port()
        with (self.folder / "fake.log").open("wb") as log:  # the child keeps its own copy of the descriptor
            self.fake = subprocess.Popen([sys.executable, "-m", FAKE_MODULE, str(self.fake_port)], stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.folder,
                                         env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 30
        while _status(f"{self.fake_url}/_fake/sent") != 200:
            if time.monotonic() > deadline or self.fake.poll() is not None:
                raise RuntimeError(f"the fake Bot API did not start: {(self.folder / 'fake.log').read_text()}")
            time.sleep(0.05)

    def env(self, webhook_port: int, http_port: int) -> dict[str, str]:
        """A worker's environment: ours without real platform settings, plus the fleet's."""
        from adapters.testing.telegram.fake_server import TOKEN

        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "FAQBOT_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=f"{self.fake_url}/bot",
            TELEGRAM_WEBHOOK_URL=f"https://bot.example.org/{WEBHOOK_PATH}", TELEGRAM_WEBHOOK_SECRET=SECRET,
            TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{webhook_port}", TELEGRAM_RATE_LIMIT=f"{self.rate:g}",
            FAQBOT_HTTP_LISTEN=f"127.0.0.1:{http_port}", FAQBOT_DATA=self.data, FAQBOT_REDIS_URL=self.redis_url,
            FAQBOT_REDIS_PREFIX=self.redis_prefix, FAQBOT_MATCHER="lexical", FAQBOT_RATE_LIMIT="0",
            FAQBOT_RELOAD_SECONDS="0",  # no file polling: only a /reload notice can make the others switch
            FAQBOT_ADMINS=f"telegram:{ADMIN_ID}", FAQBOT_HOME=str(self.folder / "home"),
            FAQBOT_HASH_KEY="fleet-hash-key-0123456789abcdef",  # the same on every worker, as PostgreSQL needs
            NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
            PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        )
        return env

    def start_workers(self, count: int, timeout: float = 90.0) -> list[Worker]:
        """Start ``count`` more workers and wait until each says it is ready (/readyz 200)."""
        started = []
        for _ in range(count):
            webhook_port, http_port = free_port(), free_port()
            log = self.folder / f"worker-{len(self.workers) + 1}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "bot", "run", "--kb", str(self.kb)], cwd=self.folder,
                    env=self.env(webhook_port, http_port), stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT,
                )
            worker = Worker(process, webhook_port, http_port, log)
            self.workers.append(worker)
            started.append(worker)
        deadline = time.monotonic() + timeout
        for worker in started:
            while _status(f"http://127.0.0.1:{worker.http_port}/readyz") != 200:
                if worker.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker not ready: {worker.log.read_text()[-3000:]}")
                time.sleep(0.1)
        return started

    def sent(self, since: int = 0) -> list[dict[str, Any]]:
        """Messages the workers sent, in the order the fake received them."""
        return list(_get_json(f"{self.fake_url}/_fake/sent?since={since}")["sent"])

    def sent_count(self) -> int:
        """How many messages were sent so far."""
        return int(_get_json(f"{self.fake_url}/_fake/sent?since=999999999")["count"])

    async def wait_sent(self, count: int, within: float) -> list[dict[str, Any]]:
        """Wait (without blocking the loop) until ``count`` messages were sent, at most ``within`` s; all of them."""
        deadline = time.monotonic() + within
        while True:
            rows = await asyncio.to_thread(self.sent)
            if len(rows) >= count or time.monotonic() > deadline:
                return rows
            await asyncio.sleep(0.1)

    def close(self) -> None:
        """Stop every worker and the fake, by PID."""
        for worker in self.workers:
            worker.stop()
        if self.fake is not None and self.fake.poll() is None:
            self.fake.send_signal(signal.SIGINT)
            try:
                self.fake.wait(10)
            except subprocess.TimeoutExpired:
                self.fake.kill()
                self.fake.wait(5)


_update_ids = iter(range(10_000, 10_000_000))


def update(text: str, chat_id: int, user_id: int | None = None) -> dict[str, Any]:
    """A private-chat text update with a fresh update_id."""
    user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Ann"}
    body = {"message_id": next(_update_ids), "date": int(time.time()), "text": text, "from": user,
            "chat": {"id": chat_id, "type": "private", "first_name": "Ann"}}
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": next(_update_ids), "message": body}


async def post(session: Any, url: str, body: dict[str, Any]) -> int:
    """Deliver one update to a worker's webhook as Telegram does; the HTTP status (0 when unreachable)."""
    import aiohttp

    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
        async with session.post(url, data=json.dumps(body), headers=headers) as response:
            return int(response.status)
    return 0


def max_per_second(times: list[float]) -> int:
    """The most messages inside any one-second window."""
    times = sorted(times)
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] > 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
