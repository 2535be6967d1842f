"""The settings and data home: FAQBOT_HOME, else the platform's folders; .env read there and in the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import home
from bot.service.settings import DEFAULT_KB, OpsSettings, load_env


def test_faqbot_home_holds_env_and_data(tmp_path: Path) -> None:
    env = {"FAQBOT_HOME": str(tmp_path)}
    assert home.config_dir(env) == tmp_path
    assert home.data_dir(env) == tmp_path / "data"
    assert OpsSettings.from_env(env).data == str(tmp_path / "data" / "faqbot.sqlite3")


def test_without_home_the_platform_folders_are_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert home.config_dir({}) == tmp_path / "config" / "faqbot"
    assert home.default_store({}) == str(tmp_path / "share" / "faqbot" / "faqbot.sqlite3")


def test_env_files_home_then_current_folder_which_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    faq_home, cwd = tmp_path / "home", tmp_path / "cwd"
    faq_home.mkdir()
    cwd.mkdir()
    (faq_home / ".env").write_text("FAQBOT_RATE_LIMIT=5\nFAQBOT_LOG_FORMAT=json\n")
    (cwd / ".env").write_text(f"FAQBOT_HOME={faq_home}\nFAQBOT_RATE_LIMIT=7\n")
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("FAQBOT_RATE_LIMIT", raising=False)
    monkeypatch.delenv("FAQBOT_LOG_FORMAT", raising=False)
    env = load_env()
    assert (env["FAQBOT_RATE_LIMIT"], env["FAQBOT_LOG_FORMAT"]) == ("7", "json")  # the home named in ./.env is read
    monkeypatch.setenv("FAQBOT_RATE_LIMIT", "9")
    assert load_env()["FAQBOT_RATE_LIMIT"] == "9"  # the environment wins over both files


def test_one_file_is_read_once_when_home_is_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("X=1\n")
    monkeypatch.chdir(tmp_path)
    assert home.env_files({"FAQBOT_HOME": str(tmp_path)}) == [tmp_path / ".env"]


def test_the_shipped_kb_is_package_data() -> None:
    assert (DEFAULT_KB / "__init__.py").is_file()
    assert sorted(p.name for p in DEFAULT_KB.glob("*.yaml"))
