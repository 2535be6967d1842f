"""How a running bot is put together for operators: readiness per platform, log-counted 429s, the console's server."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from adapters.testing.ports import free_port
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.ops.metrics import MetricsObserver
from bot.ops.runtime import PlatformLogCounter, platform_ready
from tests.adapters.telegram.conftest import BAKING, write_kb
from tests.adapters.telegram.workers import ROOT


class _Polling:
    name = "telegram"

    def __init__(self) -> None:
        self.started = asyncio.Event()


class _Client:
    def __init__(self, ready: bool) -> None:
        self.ready = ready

    def is_ready(self) -> bool:
        return self.ready


class _Gateway:
    name = "discord"

    def __init__(self, bot: _Client | None) -> None:
        self.bot = bot


def test_platform_readiness_is_read_off_the_platform() -> None:
    telegram = _Polling()
    assert platform_ready(telegram) == "not connected yet"
    telegram.started.set()
    assert platform_ready(telegram) is True
    assert platform_ready(_Gateway(None)) == "not connected yet"  # not even logged in yet
    assert platform_ready(_Gateway(_Client(False))) == "not connected yet"
    assert platform_ready(_Gateway(_Client(True))) is True


def test_a_platform_librarys_logged_429s_are_counted(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(write_kb(tmp_path / "kb", BAKING)))
    metrics = MetricsObserver(lambda: answerer)
    logger = logging.getLogger("discord.http.test")
    handler = PlatformLogCounter(metrics, "discord")
    logger.addHandler(handler)
    try:
        logger.warning("We are being rate limited. PUT /interactions responded with 429. Retrying in 0.30 seconds.")
        logger.error("Ignoring exception in view")
        logger.info("a 429 at info is not a fault")  # below the handler's level
    finally:
        logger.removeHandler(handler)
    sample = metrics.registry.get_sample_value
    assert sample("faqbot_platform_errors_total", {"platform": "discord", "kind": "rate_limited"}) == 1
    assert sample("faqbot_platform_errors_total", {"platform": "discord", "kind": "api"}) == 1


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()
    except OSError:
        return 0, ""


def test_the_console_serves_probes_and_metrics_too(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "FAQBOT_"))}
    env.update(FAQBOT_HTTP_LISTEN=f"127.0.0.1:{port}", FAQBOT_HOME=str(tmp_path / "home"), FAQBOT_MATCHER="lexical",
               NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", PYTHONPATH=str(ROOT))
    kb = write_kb(tmp_path / "kb", BAKING)
    process = subprocess.Popen([sys.executable, "-m", "bot", "console", "--kb", str(kb)], cwd=tmp_path, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert process.stdin is not None
        process.stdin.write(b"How do I bake bread?\n")
        process.stdin.flush()
        deadline = time.monotonic() + 60
        metrics = ""
        while time.monotonic() < deadline and 'kind="answer",platform="console"' not in metrics:
            metrics = _get(f"http://127.0.0.1:{port}/metrics")[1]
            time.sleep(0.1)
        assert 'faqbot_replies_total{kind="answer",platform="console",tier="lexical"} 1.0' in metrics
        status, body = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 200 and '"ready": true' in body
        process.stdin.close()  # end of input: the console exits, and its server with it
        assert process.wait(30) == 0
        assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
