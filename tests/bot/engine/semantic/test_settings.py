"""The matcher settings: FAQBOT_MATCHER, FAQBOT_EMBED_MODEL, FAQBOT_CACHE_DIR, and whose thresholds apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import AppSettings, build_engine, engine_builder
from bot.engine import build as engine_build
from bot.engine.cascade import ENGINE_THRESHOLDS
from bot.engine.semantic.matcher import default_thresholds
from bot.kb.loader import load_kb
from bot.service.settings import DEFAULT_KB, Settings, SettingsError


def test_the_matcher_settings_are_read(tmp_path: Path) -> None:
    settings = Settings.from_env({"FAQBOT_MATCHER": " Semantic ", "FAQBOT_EMBED_MODEL": str(tmp_path),
                                  "FAQBOT_CACHE_DIR": str(tmp_path / "c")})
    assert (settings.matcher, settings.embed_model, settings.cache_dir) == ("semantic", str(tmp_path), tmp_path / "c")
    assert Settings.from_env({}).matcher == "auto"
    with pytest.raises(SettingsError, match="FAQBOT_MATCHER"):
        Settings.from_env({"FAQBOT_MATCHER": "both"})


def _settings(matcher: str | None, env: dict[str, str] | None = None, matching: bool = True) -> AppSettings:
    return AppSettings.from_env(env or {}, matcher=matcher, matching=matching)


def test_semantic_uses_its_own_thresholds_unless_a_setting_overrides_them(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    env = {"FAQBOT_CACHE_DIR": str(tmp_path)}
    assert build_engine(_settings("semantic", env)).thresholds == default_thresholds
    overridden = build_engine(_settings("semantic", {**env, "FAQBOT_ANSWER_THRESHOLD": "70"}))
    assert overridden.thresholds.answer == 70
    assert overridden.thresholds.suggest == default_thresholds.suggest
    capsys.readouterr()


def test_the_engine_carries_its_own_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"FAQBOT_CACHE_DIR": str(tmp_path)}
    assert build_engine(_settings(None, env)).thresholds == ENGINE_THRESHOLDS
    assert build_engine(_settings("lexical", env)).thresholds.answer == 45.0
    assert "matcher engine" in capsys.readouterr().err


def test_the_matcher_is_announced_once_and_the_models_loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    build = engine_builder(_settings("lexical"))
    kb = load_kb(DEFAULT_KB)
    build(kb)
    build(kb)  # as the hot reload rebuilds
    assert capsys.readouterr().err.count("matcher lexical") == 1
    loads: list[object] = []
    real = engine_build.load_models
    monkeypatch.setattr("bot.app.load_models", lambda *a, **k: loads.append(a) or real(*a, **k))
    builder = engine_builder(_settings(None, {"FAQBOT_CACHE_DIR": str(tmp_path)}))
    first, second = builder(kb), builder(kb)
    assert len(loads) == 1 and first.matcher is not second.matcher  # the models once, a matcher per KB
    assert first.matcher.english.encoder is second.matcher.english.encoder  # type: ignore[attr-defined]
    capsys.readouterr()


def test_commands_that_match_nothing_stay_lexical_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    answerer = build_engine(_settings(None, {"FAQBOT_MATCHER": "semantic"}, matching=False))
    assert answerer.matcher.name == "lexical"
    assert capsys.readouterr().err == ""
