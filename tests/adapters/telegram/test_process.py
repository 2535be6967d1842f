"""``faqbot run`` as a real process against the fake server: answers, then stops cleanly on a signal."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message

ROOT = Path(__file__).resolve().parents[3]


def run_env(fake: FakeBotApi) -> dict[str, str]:
    """The process environment: ours minus any real platform settings, plus the fake's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "FAQBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    return env


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_faqbot_run_answers_then_exits_0_on_a_signal(
    fake: FakeBotApi, kb_path: Path, tmp_path: Path, sig: int,
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--kb", str(kb_path), cwd=tmp_path, env=run_env(fake),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_for(lambda: fake.polls > 0, timeout=20)  # started: it is long polling
        fake.push(message("How do I bake bread?"))
        [answer] = await fake.wait_sent(1, timeout=10)
        assert answer["text"].startswith("How do I bake bread?")
        process.send_signal(sig)
        code = await asyncio.wait_for(process.wait(), timeout=5)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stderr = (await process.stderr.read()).decode() if process.stderr else ""  # type: ignore[union-attr]
    assert code == 0, stderr
    assert fake.token.split(":")[1] not in stderr
