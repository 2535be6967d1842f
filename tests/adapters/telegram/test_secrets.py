"""The Telegram adapter declares its secrets; the core's one Redactor masks them wherever they appear."""

from __future__ import annotations

import io
import logging
import subprocess
import sys

from adapters.telegram.secrets import SECRETS, redactor
from bot.service.logs import MASK, Redactor, setup_logging

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_the_token_its_secret_half_and_token_urls_are_masked() -> None:
    redact = Redactor.declared({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "hook-secret-1"}, [SECRETS])
    assert redact(f"url /bot{TOKEN}/getMe") == f"url /bot{MASK}/getMe"
    assert redact("half: aahdqtcvch1vgwjxfseofsas0k5paldsaw") == f"half: {MASK}"  # any case
    assert redact("secret_token=hook-secret-1") == f"secret_token={MASK}"
    assert redact("another bot: /bot987654321:ZZZZZZZZZZZZZZZZZZZZZZZZZZ/getMe") == f"another bot: /bot{MASK}/getMe"
    assert redactor(TOKEN)(TOKEN) == MASK


def test_setup_logging_finds_the_declaration_through_its_entry_point() -> None:
    stream = io.StringIO()
    handler = setup_logging(logging.INFO, {"TELEGRAM_BOT_TOKEN": TOKEN}, stream)
    try:
        logging.getLogger("faqbot.test").warning("token %s", TOKEN)
    finally:
        logging.getLogger().removeHandler(handler)
    assert TOKEN not in stream.getvalue() and MASK in stream.getvalue()


def test_the_declaration_is_light() -> None:
    code = "import sys, adapters.telegram.secrets; print(any(m.startswith('telegram') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
