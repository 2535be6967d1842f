"""One knowledge-base builder for tests and benchmarks: topics as data, loaded by the real loader.

``build_kb`` returns a ``KnowledgeBase`` without leaving a file behind; ``write_kb`` and
``write_topic`` write the same data as YAML for what needs files (hot reload, the CLI's ``--kb``).
Both go through ``load_kb``, so a test sees the ids, follow-ups and errors a maintainer would.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase

__all__ = ["build_kb", "entry", "topic", "write_kb", "write_topic"]

TopicData = dict[str, Any]


def entry(question: str, answer: str, **extra: Any) -> dict[str, Any]:
    """One KB entry as it appears in a topic file (``id``, ``alternates``, ``follow_ups`` as keywords)."""
    return {"question": question, "answer": answer, **extra}


def topic(name: str, entries: list[dict[str, Any]], summary: str | None = "A summary.") -> TopicData:
    """One topic file's content; ``summary=None`` leaves it out (one is built from the entries)."""
    data: TopicData = {"topic": name, "entries": entries}
    if summary is not None:
        data["summary"] = summary
    return data


def write_topic(folder: Path, filename: str, data: TopicData) -> Path:
    """Write a topic as YAML into ``folder`` (created when missing) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_kb(folder: Path, *topics: TopicData) -> Path:
    """Write each topic to its own file in ``folder``, in order; returns the folder (a KB path)."""
    for index, data in enumerate(topics):
        write_topic(folder, f"topic{index}.yaml", data)
    return folder


def build_kb(*topics: TopicData) -> KnowledgeBase:
    """The KnowledgeBase of these topics, validated by the real loader; no file is left behind."""
    with tempfile.TemporaryDirectory(prefix="faqbot-kb-") as folder:
        return load_kb(write_kb(Path(folder), *topics))
