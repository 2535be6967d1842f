"""Where faqbot keeps its settings and data: ``FAQBOT_HOME``, else the platform's config and data folders.

One documented home (README, "Operating faqbot"): with ``FAQBOT_HOME=/srv/faqbot`` the ``.env`` is
``/srv/faqbot/.env`` and the store ``/srv/faqbot/data/faqbot.sqlite3``; without it, platformdirs'
user config folder holds ``.env`` (``~/.config/faqbot`` on Linux) and its user data folder the
store (``~/.local/share/faqbot``). A ``.env`` in the current folder is read too and wins over the home's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["APP", "config_dir", "data_dir", "default_store", "env_files"]

APP = "faqbot"


def _home(env: Mapping[str, str]) -> Path | None:
    raw = env.get("FAQBOT_HOME", "").strip()
    return Path(raw).expanduser() if raw else None


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder of the home ``.env``: ``FAQBOT_HOME``, else the platform's user config folder."""
    home = _home(os.environ if env is None else env)
    if home is not None:
        return home
    from platformdirs import user_config_path  # a few ms: only when FAQBOT_HOME is not set

    return user_config_path(APP, appauthor=False)


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder of the default store: ``FAQBOT_HOME/data``, else the platform's user data folder."""
    home = _home(os.environ if env is None else env)
    if home is not None:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def default_store(env: Mapping[str, str] | None = None) -> str:
    """The SQLite store used when ``FAQBOT_DATA`` is not set."""
    return str(data_dir(env) / "faqbot.sqlite3")


def env_files(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Path]:
    """The ``.env`` files read, weakest first: the home's, then the current folder's (one file counted once)."""
    files: list[Path] = []
    for candidate in (config_dir(env) / ".env", (cwd or Path.cwd()) / ".env"):
        if candidate.is_file() and all(not candidate.samefile(seen) for seen in files):
            files.append(candidate)
    return files
