"""Fixtures shared by every test: the shipped KB, an answerer over it, paths to the shared eval data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.kb import KnowledgeBase
from bot.loader import load_kb

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
