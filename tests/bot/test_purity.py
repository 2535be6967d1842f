"""The core never imports a chat platform: `import bot` leaves telegram and discord unloaded."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_loads_no_platform_library() -> None:
    code = (
        "import sys, bot, bot.cli, bot.service.facade, bot.engine.answerer\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'discord', 'adapters', 'aiohttp'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
