"""The KB builders, from the one testing package (kept here so ``from tests.kbfiles import ...`` still works)."""

from __future__ import annotations

from adapters.testing.kb import build_kb, entry, topic, write_kb, write_topic

__all__ = ["build_kb", "entry", "topic", "write_kb", "write_topic"]
