"""Webhook mode end to end: Telegram's calls carry the secret token; anything else is refused."""

from __future__ import annotations

import json
import socket

import aiohttp

from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message

SECRET = "s3cret_webhook-Token"
PUBLIC_URL = "https://faq.example.test/telegram/hook"


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (PTB's webhook server cannot report an ephemeral one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_accepts_the_secret_and_rejects_a_wrong_one(fake: FakeBotApi, service: FaqService) -> None:
    port = free_port()
    env = bot_env(fake, TELEGRAM_WEBHOOK_URL=PUBLIC_URL, TELEGRAM_WEBHOOK_SECRET=SECRET,
                  TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{port}")
    update = {**message("How do I bake bread?"), "update_id": 1}
    body = json.dumps(update)
    local = f"http://127.0.0.1:{port}/telegram/hook"
    async with running_bot(service, env):
        assert fake.webhook["url"] == PUBLIC_URL
        assert fake.webhook["secret_token"] == SECRET
        async with aiohttp.ClientSession() as http:
            headers = {"Content-Type": "application/json"}
            async with http.post(local, data=body, headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "wrong"}) as bad:
                assert bad.status == 403
            async with http.post(local, data=body, headers=headers) as missing:
                assert missing.status == 403
            async with http.post(local, data=body, headers={**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}) as good:
                assert good.status == 200
        [answer] = await fake.wait_sent(1)
        assert answer["text"].startswith("How do I bake bread?")
    assert fake.polls == 0, "no long polling in webhook mode"
    assert len(fake.sent) == 1, "the refused calls were not processed"
