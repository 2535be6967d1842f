"""Webhook mode end to end: Telegram's calls carry the secret token; anything else is refused."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from adapters.telegram.webhook import MAX_BODY
from adapters.testing.ports import free_port
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot

SECRET = "s3cret_webhook-Token"
PUBLIC_URL = "https://faq.example.test/telegram/hook"



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
            wrong = {**headers, "X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(local, data=body, headers=wrong) as bad:
                assert bad.status == 403
            async with http.post(local, data=body, headers=headers) as missing:
                assert missing.status == 403
            right = {**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(local, data=body, headers=right) as good:
                assert good.status == 200
        [answer] = await fake.wait_sent(1)
        assert answer["text"].startswith("How do I bake bread?")
    assert fake.polls == 0, "no long polling in webhook mode"
    assert len(fake.sent) == 1, "the refused calls were not processed"


async def _post_head(port: int, headers: dict[str, str], body_start: bytes) -> bytes:
    """Send a request's headers and only the start of its body; return the status line the server answers with."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(f"POST /telegram/hook HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode() + body_start)
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), timeout=3)
    finally:
        writer.close()


async def test_a_huge_body_without_the_secret_is_refused_before_it_is_read(
    fake: FakeBotApi, service: FaqService,
) -> None:
    port = free_port()
    env = bot_env(fake, TELEGRAM_WEBHOOK_URL=PUBLIC_URL, TELEGRAM_WEBHOOK_SECRET=SECRET,
                  TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{port}")
    async with running_bot(service, env):
        # 50 MB announced, 64 KB sent: a server that reads the body first would wait for the rest (and time out).
        status = await _post_head(port, {"Content-Type": "application/json", "Content-Length": str(50 * 2**20),
                                         "X-Telegram-Bot-Api-Secret-Token": "wrong"}, b"[" * 65536)
        assert status.startswith(b"HTTP/1.1 403")
        over_cap = await _post_head(port, {"Content-Type": "application/json", "Content-Length": str(2 * MAX_BODY),
                                           "X-Telegram-Bot-Api-Secret-Token": SECRET}, b"{")
        assert over_cap.startswith(b"HTTP/1.1 413"), "even with the secret, the body is capped"
    assert fake.sent == []


async def test_a_chunked_body_over_the_cap_is_cut_off(fake: FakeBotApi, service: FaqService) -> None:
    port = free_port()
    env = bot_env(fake, TELEGRAM_WEBHOOK_URL=PUBLIC_URL, TELEGRAM_WEBHOOK_SECRET=SECRET,
                  TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{port}")
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(MAX_BODY // len(chunk) + 2))
    async with running_bot(service, env):
        status = await _post_head(port, {"Content-Type": "application/json", "Transfer-Encoding": "chunked",
                                         "X-Telegram-Bot-Api-Secret-Token": SECRET}, body)
        assert status == b"" or status.startswith(b"HTTP/1.1 4"), status  # refused or cut off, never accepted
    assert fake.sent == []
