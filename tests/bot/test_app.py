"""The composition root: settings read once, the engine built once per process, the console user trusted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.app import AppSettings, build_app, build_engine, engine_builder
from bot.service.facade import CONSOLE_USER, User
from bot.service.outcomes import AdminResult, Answered, Refused
from tests.kbfiles import entry, topic, write_topic


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A one-topic KB folder."""
    (tmp_path / "kb").mkdir()
    write_topic(tmp_path / "kb", "pets.yaml", topic("Pets", [entry("How often should I feed my cat?", "Twice.")]))
    return tmp_path / "kb"


def settings(kb: Path, tmp_path: Path, **env: str) -> AppSettings:
    """Lexical settings over ``kb`` with a private store."""
    values = {"FAQBOT_MATCHER": "lexical", "FAQBOT_DATA": str(tmp_path / "f.sqlite3"), "FAQBOT_RATE_LIMIT": "1",
              "FAQBOT_RELOAD_SECONDS": "0", **env}
    return AppSettings.from_env(values, kb=str(kb))


def test_settings_are_read_once_into_a_typed_object(kb: Path, tmp_path: Path) -> None:
    read = settings(kb, tmp_path, FAQBOT_ADMINS="telegram:5")
    assert read.kb_path == kb and read.matcher == "lexical" and read.ops.admins == {"telegram:5"}
    assert read.ops.rate_limit == 1 and "FAQBOT_DATA" in read.env
    assert AppSettings.from_env({"FAQBOT_MATCHER": "semantic"}, matching=False).matcher == "lexical"


def test_the_console_user_is_admin_and_unlimited_others_are_not(kb: Path, tmp_path: Path) -> None:
    app = build_app(settings(kb, tmp_path), watch=False)
    try:
        service = app.service
        assert all(isinstance(service.ask("feed my cat", CONSOLE_USER), Answered) for _ in range(20))
        assert isinstance(service.stats(CONSOLE_USER), AdminResult)
        assert isinstance(service.reload(CONSOLE_USER), AdminResult)
        stranger = User("telegram", "7")
        assert isinstance(service.reload(stranger), Refused)
        assert isinstance(service.ask("feed my cat", stranger), Answered)
        assert not isinstance(service.ask("feed my cat", stranger), Answered), "1 per minute for everyone else"
    finally:
        app.close()


def test_a_reload_builds_a_new_answerer_with_the_same_builder(kb: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    app = build_app(settings(kb, tmp_path), watch=False)
    try:
        before = app.reloader.current
        write_topic(kb, "pets.yaml", topic("Pets", [entry("How often should I feed my cat?", "Twice."),
                                                    entry("How long should I walk my dog?", "An hour.")]))
        stamp = time.time_ns() + 5_000_000_000
        os.utime(kb / "pets.yaml", ns=(stamp, stamp))
        result = app.service.reload(CONSOLE_USER)
        assert isinstance(result, AdminResult) and result.ok and "2 entries" in result.text
        assert app.reloader.current is not before
    finally:
        app.close()
    assert capsys.readouterr().err.count("faqbot: matcher lexical") == 1, "the engine is chosen once per process"


def test_build_engine_for_one_shot_commands(kb: Path, tmp_path: Path) -> None:
    answerer = build_engine(settings(kb, tmp_path))
    assert answerer.reply("feed my cat").kind == "answer"
    assert engine_builder(settings(kb, tmp_path))(answerer.kb).kb is answerer.kb


def test_the_light_mode_detects_languages_with_the_cached_detector_model(kb: Path, tmp_path: Path) -> None:
    # Its detector keeps py3langid's model uncompressed in the cache folder: 0.05 s to load instead of 0.6 s.
    answerer = build_engine(settings(kb, tmp_path, FAQBOT_CACHE_DIR=str(tmp_path / "cache")))
    assert answerer.reply("Wie oft soll ich meine Katze füttern?").language == "de"
    assert any(p.name.startswith("langid-") for p in (tmp_path / "cache").iterdir())
