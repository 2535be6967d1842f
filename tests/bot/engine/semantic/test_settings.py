"""The matcher settings: FAQBOT_MATCHER, FAQBOT_EMBED_MODEL, FAQBOT_CACHE_DIR, and whose thresholds apply."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli import build_answerer
from bot.engine.cascade import ENGINE_THRESHOLDS
from bot.engine.semantic.matcher import default_thresholds
from bot.service.settings import Settings, SettingsError


def test_the_matcher_settings_are_read(tmp_path: Path) -> None:
    settings = Settings.from_env({"FAQBOT_MATCHER": " Semantic ", "FAQBOT_EMBED_MODEL": str(tmp_path),
                                  "FAQBOT_CACHE_DIR": str(tmp_path / "c")})
    assert (settings.matcher, settings.embed_model, settings.cache_dir) == ("semantic", str(tmp_path), tmp_path / "c")
    assert Settings.from_env({}).matcher == "auto"
    with pytest.raises(SettingsError, match="FAQBOT_MATCHER"):
        Settings.from_env({"FAQBOT_MATCHER": "both"})


def _ask_args(matcher: str | None) -> argparse.Namespace:
    return argparse.Namespace(kb=None, matcher=matcher)


def test_semantic_uses_its_own_thresholds_unless_a_setting_overrides_them(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    env = {"FAQBOT_CACHE_DIR": str(tmp_path)}
    assert build_answerer(_ask_args("semantic"), env).thresholds == default_thresholds
    overridden = build_answerer(_ask_args("semantic"), {**env, "FAQBOT_ANSWER_THRESHOLD": "70"})
    assert overridden.thresholds.answer == 70
    assert overridden.thresholds.suggest == default_thresholds.suggest
    capsys.readouterr()


def test_the_engine_carries_its_own_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"FAQBOT_CACHE_DIR": str(tmp_path)}
    assert build_answerer(_ask_args(None), env).thresholds == ENGINE_THRESHOLDS
    assert build_answerer(_ask_args("lexical"), env).thresholds.answer == 45.0
    assert "matcher engine" in capsys.readouterr().err


def test_the_matcher_is_announced_once_per_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _ask_args("lexical")
    build_answerer(args, {})
    build_answerer(argparse.Namespace(**vars(args)), {})  # as the hot reload rebuilds
    assert capsys.readouterr().err.count("matcher lexical") == 1


def test_commands_that_match_nothing_stay_lexical_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    answerer = build_answerer(argparse.Namespace(kb=None), {"FAQBOT_MATCHER": "semantic"})
    assert answerer.matcher.name == "lexical"
    assert capsys.readouterr().err == ""
