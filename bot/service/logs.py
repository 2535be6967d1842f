"""Logging: one line per event (text or JSON), event fields as key=value, secrets redacted from everything."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

__all__ = [
    "CORE_SECRETS",
    "EVENT_FIELDS",
    "MASK",
    "JsonFormatter",
    "RedactingFilter",
    "Redactor",
    "SecretDeclaration",
    "TextFormatter",
    "setup_logging",
]

#: Extra fields a log call may carry (``log.info("reply", extra={...})``), printed in this order.
EVENT_FIELDS = ("platform", "kind", "entry_id", "score", "latency_ms", "intent", "counted", "action", "reason", "ok",
                "count")
MASK = "[REDACTED]"


@dataclass(frozen=True)
class SecretDeclaration:
    """What one part of faqbot keeps secret: the settings holding secrets, and patterns of secret text.

    Each adapter declares its own (entry-point group ``faqbot.secrets``), so the core names no
    platform's variables. ``derive`` adds values implied by a secret (e.g. a token's secret half).
    """

    variables: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    derive: Callable[[str], Iterable[str]] | None = field(default=None, compare=False)

    def values(self, env: Mapping[str, str]) -> list[str]:
        """The secret values this declaration finds in ``env``."""
        found = [env.get(name, "").strip() for name in self.variables]
        return [v for value in found if value for v in (value, *(self.derive(value) if self.derive else ()))]


#: The core's own secret.
CORE_SECRETS = SecretDeclaration(variables=("FAQBOT_HASH_KEY", "FAQBOT_HASH_SALT"))


class Redactor:
    """Replace secret values (any case) and secret patterns in a string: the one redaction mechanism."""

    def __init__(self, secrets: Iterable[str] = (), patterns: Iterable[re.Pattern[str]] = ()) -> None:
        # Very short values would mask ordinary words; real tokens are long. Longest first: a value that
        # contains another is masked whole. Any case: libraries may change the case of error texts.
        values = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        self.secrets = values
        self._values = re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE) if values else None
        self._patterns = tuple(patterns)

    @classmethod
    def declared(cls, env: Mapping[str, str], declarations: Iterable[SecretDeclaration]) -> Redactor:
        """A redactor for every secret the declarations find in ``env`` and all their patterns."""
        chosen = list(declarations)
        return cls([v for d in chosen for v in d.values(env)], [p for d in chosen for p in d.patterns])

    def __call__(self, text: str) -> str:
        """``text`` with every secret replaced by ``[REDACTED]``."""
        if self._values is not None:
            text = self._values.sub(MASK, text)
        for pattern in self._patterns:
            text = pattern.sub(MASK, text)
        return text

    def finds(self, text: str) -> bool:
        """True when ``text`` holds a secret."""
        return self(text) != text


class RedactingFilter(logging.Filter):
    """Redacts log records (message, arguments, traceback) before any handler writes them; never drops one.

    The formatters of ``setup_logging`` redact too; this filter also covers handlers faqbot did not
    set up (a test's log capture, a library's own handler on the root logger).
    """

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place."""
        message = record.getMessage()
        if self.redact.finds(message):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if self.redact.finds(text):
                record.exc_text, record.exc_info = self.redact(text), None
        return True

    def install(self) -> None:
        """Attach to every handler of the root logger (records from all loggers pass there)."""
        for handler in logging.getLogger().handlers:
            handler.addFilter(self)

    def remove(self) -> None:
        """Detach from the root logger's handlers."""
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self)


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


def setup_logging(level: int, env: Mapping[str, str], stream: TextIO | None = None,
                  declarations: Iterable[SecretDeclaration] | None = None) -> logging.Handler:
    """Configure the root logger once: format from ``FAQBOT_LOG_FORMAT`` (text or json), secrets from ``env``.

    ``declarations`` say which settings hold secrets (default: the core's and every installed
    adapter's, from the ``faqbot.secrets`` entry points). Raises ``ValueError`` naming the variable
    when the format is unknown.
    """
    fmt = env.get("FAQBOT_LOG_FORMAT", "").strip().lower() or "text"
    if fmt not in ("text", "json"):
        raise ValueError(f"FAQBOT_LOG_FORMAT must be 'text' or 'json', not {fmt!r}")
    if declarations is None:
        from bot.service.platforms import declared_secrets  # entry points: the adapters declare their own

        declarations = declared_secrets()
    redact = Redactor.declared(env, [CORE_SECRETS, *declarations])
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
