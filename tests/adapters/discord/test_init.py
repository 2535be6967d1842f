"""``faqbot run`` with a Discord token: serves, and exits 0 within seconds on SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from adapters.testing.discord.interactions import slash

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_faqbot_run_serves_then_stops_cleanly_on_a_signal(fake: FakeDiscord, kb_path: Path, tmp_path: Path,
                                                                sig: signal.Signals) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TELEGRAM_", "FAQBOT_"))}
    env.update(DISCORD_BOT_TOKEN=TOKEN, FAQBOT_DATA=str(tmp_path / "data" / "faqbot.sqlite3"),
               PYTHONPATH=str(ROOT), NO_PROXY="127.0.0.1")
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).with_name("run_against_fake.py")), fake.api, fake.gateway,
        "--kb", str(kb_path), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.wait_for(fake.ready.wait(), 20)
        record = await fake.interact(slash("ask", question="Can I return an item?"))
        [sent] = await record.wait(timeout=5)
        assert sent.data["embeds"][0]["description"] == "Yes, within 30 days if unopened."
        started = time.monotonic()
        process.send_signal(sig)
        _out, err = await asyncio.wait_for(process.communicate(), 10)
        assert process.returncode == 0, err.decode()[-2000:]
        assert time.monotonic() - started < 5
        assert TOKEN.encode() not in err and b"Traceback" not in err
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
