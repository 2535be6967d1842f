"""Telegram settings from the environment, validated at start; the token never appears in a repr or message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.service.settings import SettingsError, read_number

__all__ = ["DEFAULT_API_BASE_URL", "SettingsError", "TelegramSettings"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"

# BotFather tokens look like "123456789:AAE...": digits, a colon, then URL-safe characters.
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")
# What Telegram accepts as a webhook secret_token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _listen(raw: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8080`` for IPv6) into its parts."""
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([^:\s\[\]]+):(\d{1,5})", raw)
    if not match:
        raise SettingsError(f"TELEGRAM_WEBHOOK_LISTEN must be host:port (e.g. 127.0.0.1:8080), not {raw!r}")
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    if not 0 <= port <= 65535:
        raise SettingsError(f"TELEGRAM_WEBHOOK_LISTEN has an invalid port: {raw!r}")
    return host, port


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the Telegram adapter is configured with; build it with ``from_env``."""

    token: str = field(repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str = ""  # set: webhook mode; empty: long polling
    webhook_secret: str = field(default="", repr=False)
    listen_host: str = "127.0.0.1"
    listen_port: int = 8080
    rate_limit: float = 30.0  # messages per second over all chats; 0 turns throttling off (retries stay)
    max_retries: int = 3  # how often a send is retried after a 429 (flood control)
    concurrency: int = 64  # updates handled at once
    timeout: float = 10.0  # seconds to connect, read or write one Bot API request
    poll_timeout: float = 10.0  # seconds a getUpdates long poll may wait on the server

    @property
    def webhook(self) -> bool:
        """True in webhook mode (``TELEGRAM_WEBHOOK_URL`` set), False for long polling."""
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path the local webhook server listens on: the public URL's path (a proxy keeps it)."""
        return urlsplit(self.webhook_url).path.lstrip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TelegramSettings:
        """Read and validate the ``TELEGRAM_*`` settings; raise SettingsError naming the bad variable."""
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment or .env")
        if not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected <digits>:<secret> as @BotFather gives it)"
            )
        base = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
        if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc:
            raise SettingsError(
                f"TELEGRAM_API_BASE_URL must be an http(s) URL ending before the token, e.g. {DEFAULT_API_BASE_URL}"
            )
        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip()
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
        host, port = _listen(env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "127.0.0.1:8080")
        if webhook_url:
            parts = urlsplit(webhook_url)
            if parts.scheme != "https" or not parts.netloc:
                raise SettingsError("TELEGRAM_WEBHOOK_URL must be a public https:// URL (Telegram only calls https)")
            if not secret:
                raise SettingsError(
                    "TELEGRAM_WEBHOOK_SECRET is required in webhook mode (TELEGRAM_WEBHOOK_URL is set): "
                    "1-256 characters of A-Z, a-z, 0-9, _ and -"
                )
            if not _SECRET.match(secret):
                raise SettingsError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return cls(
            token=token,
            api_base_url=base,
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen_host=host,
            listen_port=port,
            rate_limit=read_number(env, "TELEGRAM_RATE_LIMIT", 30.0, 0.0, 1000.0),
            max_retries=int(read_number(env, "TELEGRAM_MAX_RETRIES", 3, 0, 20)),
            concurrency=int(read_number(env, "TELEGRAM_CONCURRENCY", 64, 1, 1024)),
            timeout=read_number(env, "TELEGRAM_TIMEOUT", 10.0, 0.1, 300.0),
            poll_timeout=read_number(env, "TELEGRAM_POLL_TIMEOUT", 10.0, 0.0, 50.0),
        )

    def redact(self, text: str) -> str:
        """``text`` with the token (and webhook secret) replaced, for logs and error messages."""
        from .secrets import redactor  # the one redaction mechanism (bot.service.logs.Redactor)

        return redactor(self.token, self.webhook_secret)(text)
