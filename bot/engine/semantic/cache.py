"""Where the embedding cache lives (bot/engine/semantic/store.py holds the vectors)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_cache_dir"]


def default_cache_dir(env: dict[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/faqbot``, else ``~/.cache/faqbot``."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base).expanduser() / "faqbot"
