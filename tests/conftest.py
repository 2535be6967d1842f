"""Fixtures shared by every test: the shipped KB, an answerer over it, paths to the shared eval data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shipped_kb() -> KnowledgeBase:
    """The knowledge base shipped in knowledge/."""
    return load_kb(ROOT / "knowledge")


@pytest.fixture(scope="session")
def answerer(shipped_kb: KnowledgeBase) -> Answerer:
    """The lexical answerer over the shipped KB."""
    return Answerer(shipped_kb)


@pytest.fixture(autouse=True)
def _private_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes the default store in the checkout (data/): each gets its own file unless it sets one."""
    monkeypatch.setenv("FAQBOT_DATA", str(tmp_path_factory.mktemp("store") / "faqbot.sqlite3"))
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "embed-cache"))


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test (nor a process it starts) reads or writes the user's own faqbot home (bot/service/home.py)."""
    base = tmp_path_factory.getbasetemp() / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))
    monkeypatch.delenv("FAQBOT_HOME", raising=False)
