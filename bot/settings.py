"""Settings from the environment and a ``.env`` file; secrets are read here and never printed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from .answerer import Thresholds

__all__ = ["Settings", "SettingsError", "load_env", "DEFAULT_KB"]

DEFAULT_KB = Path(__file__).resolve().parent.parent / "knowledge"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable and what to do."""


def load_env(env_file: str | Path = ".env") -> dict[str, str]:
    """The process environment over the values of ``env_file`` (the environment wins)."""
    values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if Path(env_file).is_file() else {}
    values.update(os.environ)
    return values


def _float(env: Mapping[str, str], name: str, default: float, low: float = 0.0, high: float = 100.0) -> float:
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

    @classmethod
    def from_env(cls, env: Mapping[str, str], kb: str | None = None) -> Settings:
        """Read ``FAQBOT_KB`` and the ``FAQBOT_*_THRESHOLD`` settings; ``kb`` (from ``--kb``) wins."""
        default = Thresholds()
        thresholds = Thresholds(
            answer=_float(env, "FAQBOT_ANSWER_THRESHOLD", default.answer),
            suggest=_float(env, "FAQBOT_SUGGEST_THRESHOLD", default.suggest),
            margin=_float(env, "FAQBOT_MARGIN", default.margin),
        )
        if thresholds.suggest > thresholds.answer:
            raise SettingsError("FAQBOT_SUGGEST_THRESHOLD must not be above FAQBOT_ANSWER_THRESHOLD")
        path = kb or env.get("FAQBOT_KB", "").strip() or str(DEFAULT_KB)
        return cls(kb_path=Path(path).expanduser(), thresholds=thresholds)
