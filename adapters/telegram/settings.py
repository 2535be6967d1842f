"""Telegram settings from the environment, validated at start; the token never appears in a repr or message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.service.settings import SettingsError, read_number

__all__ = ["DEFAULT_API_BASE_URL", "SettingsError", "TelegramSettings"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"

# The rule BotFather's tokens follow: the bot's numeric id (no leading zero), a colon, then a
# 35-character secret of URL-safe base64 characters ("123456789:AAE...", 35 characters after the colon).
_TOKEN = re.compile(r"^[1-9][0-9]{0,19}:[A-Za-z0-9_-]{35}$")
BACKLOG_MAX_AGE = 300.0  # seconds: by default, pending messages older than this are skipped at start
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


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name, "").strip().casefold()
    if not raw:
        return default
    if raw not in _TRUE | _FALSE:
        raise SettingsError(f"{name} must be 1 or 0 (true or false), not {raw[:40]!r}")
    return raw in _TRUE


def _backlog(raw: str) -> tuple[bool, float | None]:
    """``TELEGRAM_DROP_PENDING_UPDATES``: true (drop it all), false (answer it all), or a maximum age in seconds."""
    value = raw.casefold()
    if not value:
        return False, BACKLOG_MAX_AGE
    if value in _TRUE:
        return True, BACKLOG_MAX_AGE
    if value in _FALSE:
        return False, None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 10 <= seconds <= 7 * 86400:
        raise SettingsError(
            "TELEGRAM_DROP_PENDING_UPDATES must be true (drop the backlog at start), false (answer all of it) or "
            f"a maximum age in seconds, 10 or more (default {BACKLOG_MAX_AGE:g}), not {raw[:40]!r}"
        )
    return False, seconds


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
    max_retries: int = 8  # how often a request is retried after a 429, a 5xx or a connection fault
    retry_deadline: float = 60.0  # seconds after which a request is given up (and counted as dropped)
    concurrency: int = 64  # updates handled at once
    timeout: float = 10.0  # seconds to connect, read or write one Bot API request
    poll_timeout: float = 10.0  # seconds a getUpdates long poll may wait on the server
    drop_pending: bool = False  # TELEGRAM_DROP_PENDING_UPDATES=true: Telegram discards the backlog at start
    backlog_max_age: float | None = BACKLOG_MAX_AGE  # messages older than this are not answered; None: all
    link_previews: bool = False  # TELEGRAM_LINK_PREVIEWS=1: show previews of links in answers

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
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment or .env"
            )
        if not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token: @BotFather gives <bot id>:<35 characters of "
                "A-Z a-z 0-9 _ ->, e.g. 123456789:AAE... (copy it again, without quotes or spaces)"
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
        drop_pending, backlog_max_age = _backlog(env.get("TELEGRAM_DROP_PENDING_UPDATES", "").strip())
        return cls(
            token=token,
            api_base_url=base,
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen_host=host,
            listen_port=port,
            rate_limit=read_number(env, "TELEGRAM_RATE_LIMIT", 30.0, 0.0, 1000.0),
            max_retries=int(read_number(env, "TELEGRAM_MAX_RETRIES", 8, 0, 50)),
            retry_deadline=read_number(env, "TELEGRAM_RETRY_DEADLINE", 60.0, 1.0, 3600.0),
            concurrency=int(read_number(env, "TELEGRAM_CONCURRENCY", 64, 1, 1024)),
            timeout=read_number(env, "TELEGRAM_TIMEOUT", 10.0, 0.1, 300.0),
            poll_timeout=read_number(env, "TELEGRAM_POLL_TIMEOUT", 10.0, 0.0, 50.0),
            drop_pending=drop_pending,
            backlog_max_age=backlog_max_age,
            link_previews=_flag(env, "TELEGRAM_LINK_PREVIEWS", default=False),
        )

    def redact(self, text: str) -> str:
        """``text`` with the token (and webhook secret) replaced, for logs and error messages."""
        from .secrets import redactor  # the one redaction mechanism (bot.service.logs.Redactor)

        return redactor(self.token, self.webhook_secret)(text)
