"""What the Discord adapter keeps secret (adapters/discord/secrets.py): its token and every interaction token."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from adapters.discord.secrets import SECRETS
from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from adapters.testing.discord.interactions import slash
from bot.service.logs import MASK, Redactor
from tests.adapters.discord.conftest import Start

BOT_TOKEN = "MTA4OTk2NDQ1.GhJkLm.abcdefghijklmnopqrstuvwxyz012345"
INTERACTION = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQtdG9rZW4"


@pytest.fixture
def redact() -> Redactor:
    """The redactor for this adapter's declaration, with its bot token set."""
    return Redactor.declared({"DISCORD_BOT_TOKEN": BOT_TOKEN}, [SECRETS])


@pytest.mark.parametrize("line", [
    f"received event: {{'type': 2, 'token': '{INTERACTION}', 'id': '1'}}",
    f'payload {{"type": 2, "token": "{INTERACTION}", "id": "1"}}',
    f'payload {{"type":2,"token":"{INTERACTION}","id":"1"}}',
    f"POST https://discord.test/api/v10/interactions/1200000000000000009/{INTERACTION}/callback has returned 204",
    f"PATCH https://discord.test/api/v10/webhooks/1200000000000000001/{INTERACTION}/messages/@original",
])
def test_interaction_tokens_are_masked_wherever_discord_py_logs_them(redact: Redactor, line: str) -> None:
    masked = redact(line)
    assert INTERACTION not in masked and MASK in masked


def test_the_bot_token_is_masked_and_ordinary_text_is_left_alone(redact: Redactor) -> None:
    assert redact(f"Authorization: Bot {BOT_TOKEN}") == f"Authorization: Bot {MASK}"
    for plain in ("GET /api/v10/channels/1200000000000000003/messages", "a short /abc/callback", "'token': None"):
        assert redact(plain) == plain


def test_the_declaration_names_the_variable_and_is_light() -> None:
    assert SECRETS.variables == ("DISCORD_BOT_TOKEN",)
    code = "import sys, adapters.discord.secrets; print(any(m.startswith('discord') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


async def test_interaction_tokens_never_reach_the_log_even_at_debug(
    fake: FakeDiscord, start_bot: Start, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # discord.py prints every gateway event and response URL at DEBUG
    await start_bot()
    payload = slash("ask", question="Can I return an item?")
    record = await fake.interact(payload)
    await record.wait()
    follow = await fake.interact(slash("ask", question="What do I do when my parcel is lost?"))  # several pages
    await follow.wait(2, timeout=5)
    written = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert "INTERACTION_CREATE" in written and "/callback" in written, "the premise: discord.py logged them"
    for token in (payload["token"], follow.token):
        assert token not in written and token[:40] not in written
    assert TOKEN not in written
