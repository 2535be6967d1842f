"""Logging: one line per event (text or JSON), event fields as key=value, secrets redacted from everything."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

__all__ = ["EVENT_FIELDS", "SECRET_VARIABLES", "JsonFormatter", "Redactor", "TextFormatter", "setup_logging"]

#: Extra fields a log call may carry (``log.info("reply", extra={...})``), printed in this order.
EVENT_FIELDS = ("platform", "kind", "entry_id", "score", "latency_ms", "intent", "counted", "action", "reason", "ok",
                "count")
#: Settings whose values never appear in a log line.
SECRET_VARIABLES = ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "FAQBOT_HASH_KEY", "FAQBOT_HASH_SALT")

# Telegram puts the token in the URL path (.../bot123456:AAH.../getMe); HTTP client logs show it.
_BOT_URL = re.compile(r"bot\d{3,}:[A-Za-z0-9_-]{10,}")
_MASK = "[REDACTED]"


class Redactor:
    """Replace secret values (and Telegram token URL parts) in a string."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Very short values would mask ordinary words; real tokens are long.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        """``text`` with every secret replaced by ``[REDACTED]``."""
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, _MASK)
        return _BOT_URL.sub("bot" + _MASK, text)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in EVENT_FIELDS if getattr(record, name, None) is not None}


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message key=value ...``, redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        """The line, with the event fields appended and secrets masked (also in tracebacks)."""
        line = super().format(record)
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        if extra:
            head, sep, tail = line.partition("\n")
            line = f"{head} {extra}{sep}{tail}"
        return self.redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, the event fields, and ``exc`` when there is one."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        """The JSON line, secrets masked."""
        data: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": self.redact(record.getMessage()),  # before JSON escaping could split a secret
            **_fields(record),
        }
        if record.exc_info:
            data["exc"] = self.redact(self.formatException(record.exc_info))
        return self.redact(json.dumps(data, ensure_ascii=False, default=str))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (tests and tools swap it)."""

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass  # StreamHandler.__init__ assigns it; the property above always wins


def setup_logging(level: int, env: Mapping[str, str], stream: TextIO | None = None) -> logging.Handler:
    """Configure the root logger once: format from ``FAQBOT_LOG_FORMAT`` (text or json), secrets from ``env``.

    Raises ``ValueError`` naming the variable when the format is unknown.
    """
    fmt = env.get("FAQBOT_LOG_FORMAT", "").strip().lower() or "text"
    if fmt not in ("text", "json"):
        raise ValueError(f"FAQBOT_LOG_FORMAT must be 'text' or 'json', not {fmt!r}")
    redact = Redactor(env.get(name, "").strip() for name in SECRET_VARIABLES)
    handler: logging.StreamHandler = logging.StreamHandler(stream) if stream else _StderrHandler()  # type: ignore[type-arg]
    handler.setFormatter(JsonFormatter(redact) if fmt == "json" else TextFormatter(redact))
    handler.set_name("faqbot")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "faqbot"]:  # calling twice must not double lines
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # HTTP client libraries log every request URL at INFO, and Telegram's URLs contain the token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if level <= logging.DEBUG else logging.WARNING)
    return handler
