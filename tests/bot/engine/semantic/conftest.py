"""Fixtures of the semantic tests: the verified model files, one shared encoder, small KB folders."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("onnxruntime", reason="the engine's dependencies are not installed: pip install -e .")
pytest.importorskip("blingfire", reason="the engine's dependencies are not installed: pip install -e .")

from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.model import ModelFiles, resolve
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase
from tests.kbfiles import entry, topic, write_topic


@pytest.fixture(scope="session")
def model_files() -> ModelFiles:
    """The installed model and tokenizer files, checksums verified."""
    return resolve()


@pytest.fixture(scope="session")
def encoder(model_files: ModelFiles) -> Encoder:
    """One encoder for the whole session (loading takes about half a second)."""
    return Encoder(model_files)


def small_kb(folder: Path, answer_suffix: str = "") -> KnowledgeBase:
    """A three-entry KB written to ``folder`` (``answer_suffix`` changes its content, hence its fingerprint)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_topic(folder, "pets.yaml", topic("Pets", [
        entry("How often should I feed my cat?", "Adult cats eat twice a day." + answer_suffix,
              alternates=["How many meals does a cat need?"]),
        entry("How do I teach my dog to sit?", "Hold a treat above its nose and say sit."),
        entry("What is rule 5 of the dog park?", "Rule 5: dogs stay on the leash near the gate."),
    ]))
    return load_kb(folder)
