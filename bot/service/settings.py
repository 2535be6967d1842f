"""Settings from the environment and a ``.env`` file; secrets are read here and never printed."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from dotenv import dotenv_values

from bot.engine.answerer import Thresholds
from bot.service import home

__all__ = [
    "DEFAULT_KB",
    "MATCHERS",
    "OpsSettings",
    "Settings",
    "SettingsError",
    "load_env",
    "parse_admins",
    "read_number",
    "read_thresholds",
]

# The shipped KB is package data of the top-level ``knowledge`` package: found in a checkout and in a wheel alike.
DEFAULT_KB = Path(str(files("knowledge")))


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable and what to do."""


def load_env(env_file: str | Path | None = None) -> dict[str, str]:
    """The process environment over the ``.env`` files' values (the environment wins).

    Without ``env_file``: the home's ``.env`` (``FAQBOT_HOME``, else the platform's config folder),
    then the current folder's, which wins over it (``bot.service.home``).
    """
    if env_file is not None:
        sources = [Path(env_file)] if Path(env_file).is_file() else []
    else:
        local = Path(".env")
        # FAQBOT_HOME may itself come from the current folder's .env.
        seen = {**_read(local), **os.environ} if local.is_file() else dict(os.environ)
        sources = home.env_files(seen)
    values: dict[str, str] = {}
    for source in sources:
        values.update(_read(source))
    values.update(os.environ)
    return values


def _read(path: Path) -> dict[str, str]:
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def read_number(env: Mapping[str, str], name: str, default: float, low: float = 0.0, high: float = 100.0) -> float:
    """The number in setting ``name`` (``default`` when unset), or a SettingsError naming it when not in [low, high]."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number between {low:g} and {high:g}, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, not {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """The core's settings: which KB to load and how confident an answer must be."""

    kb_path: Path
    thresholds: Thresholds
    matcher: str = "auto"  # FAQBOT_MATCHER: auto/engine (the whole engine), lexical (light mode) or semantic
    embed_model: str | None = None  # FAQBOT_EMBED_MODEL: a folder holding the embedding model.onnx
    cache_dir: Path | None = None  # FAQBOT_CACHE_DIR: where KB embeddings are cached

    @classmethod
    def from_env(cls, env: Mapping[str, str], kb: str | None = None) -> Settings:
        """Read ``FAQBOT_KB``, the ``FAQBOT_*_THRESHOLD`` and the matcher settings; ``kb`` (from ``--kb``) wins."""
        thresholds = read_thresholds(env, Thresholds())
        path = kb or env.get("FAQBOT_KB", "").strip() or str(DEFAULT_KB)
        matcher = env.get("FAQBOT_MATCHER", "").strip().lower() or "auto"
        if matcher not in MATCHERS:
            raise SettingsError(f"FAQBOT_MATCHER must be one of {', '.join(MATCHERS)}, not {matcher!r}")
        cache_dir = env.get("FAQBOT_CACHE_DIR", "").strip()
        return cls(kb_path=Path(path).expanduser(), thresholds=thresholds, matcher=matcher,
                   embed_model=env.get("FAQBOT_EMBED_MODEL", "").strip() or None,
                   cache_dir=Path(cache_dir).expanduser() if cache_dir else None)


MATCHERS = ("auto", "engine", "lexical", "semantic")


def read_thresholds(env: Mapping[str, str], default: Thresholds) -> Thresholds:
    """``default`` with the ``FAQBOT_*_THRESHOLD`` and ``FAQBOT_MARGIN`` settings that are set applied."""
    thresholds = Thresholds(
        answer=read_number(env, "FAQBOT_ANSWER_THRESHOLD", default.answer),
        suggest=read_number(env, "FAQBOT_SUGGEST_THRESHOLD", default.suggest),
        margin=read_number(env, "FAQBOT_MARGIN", default.margin),
        nearest=default.nearest,
    )
    if thresholds.suggest > thresholds.answer:
        raise SettingsError("FAQBOT_SUGGEST_THRESHOLD must not be above FAQBOT_ANSWER_THRESHOLD")
    return thresholds


_ADMIN = re.compile(r"^[a-z][a-z0-9_-]*:[^\s,:]+$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_admins(raw: str) -> frozenset[str]:
    """``telegram:123,discord:456`` as a set of ``platform:user_id`` keys; SettingsError when malformed."""
    keys = [item.strip() for item in raw.split(",") if item.strip()]
    for key in keys:
        if not _ADMIN.match(key):
            raise SettingsError(f"FAQBOT_ADMINS must list platform:user_id items separated by commas "
                                f"(e.g. telegram:123456,discord:987654); {key!r} is not one")
    return frozenset(keys)


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise SettingsError(f"{name} must be 1 or 0 (true/false), not {raw!r}")


@dataclass(frozen=True)
class OpsSettings:
    """Running the bot: the store, privacy, admins, rate limit, hot reload and log format."""

    data: str = "data/faqbot.sqlite3"  # from_env: FAQBOT_DATA, else the home's store (bot.service.home)
    store_text: bool = True
    hash_key: str | None = field(default=None, repr=False)  # a secret: kept out of reprs and logs
    hash_key_file: str | None = None
    retention_days: float = 0.0
    admins: frozenset[str] = frozenset()
    rate_limit: float = 10.0
    reload_seconds: float = 3.0
    log_format: str = "text"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> OpsSettings:
        """Read ``FAQBOT_DATA``, ``FAQBOT_STORE_TEXT``, ``FAQBOT_HASH_KEY`` (or the older ``FAQBOT_HASH_SALT``),
        ``FAQBOT_HASH_KEY_FILE``, ``FAQBOT_RETENTION_DAYS``, ``FAQBOT_ADMINS``, ``FAQBOT_RATE_LIMIT``,
        ``FAQBOT_RELOAD_SECONDS`` and ``FAQBOT_LOG_FORMAT``."""
        log_format = env.get("FAQBOT_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise SettingsError(f"FAQBOT_LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
        name = "FAQBOT_HASH_KEY" if env.get("FAQBOT_HASH_KEY", "").strip() else "FAQBOT_HASH_SALT"
        key = env.get(name, "").strip() or None  # FAQBOT_HASH_SALT: the older name, hashes stay the same
        if key is not None and len(key) < 16:
            raise SettingsError(f"{name} must be at least 16 characters (a random string), or unset")
        return cls(
            data=env.get("FAQBOT_DATA", "").strip() or home.default_store(env),
            store_text=_bool(env, "FAQBOT_STORE_TEXT", True),
            hash_key=key,
            hash_key_file=env.get("FAQBOT_HASH_KEY_FILE", "").strip() or None,
            retention_days=read_number(env, "FAQBOT_RETENTION_DAYS", 0.0, 0.0, 36_500.0),
            admins=parse_admins(env.get("FAQBOT_ADMINS", "")),
            rate_limit=read_number(env, "FAQBOT_RATE_LIMIT", 10.0, 0.0, 10_000.0),
            reload_seconds=read_number(env, "FAQBOT_RELOAD_SECONDS", 3.0, 0.0, 86_400.0),
            log_format=log_format,
        )
