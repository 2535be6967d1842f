"""Builders for small knowledge-base files used across the core tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["entry", "topic", "write_topic"]


def entry(question: str, answer: str, **extra: Any) -> dict[str, Any]:
    """One KB entry as it appears in a topic file."""
    return {"question": question, "answer": answer, **extra}


def topic(name: str, entries: list[dict[str, Any]], summary: str | None = "A summary.") -> dict[str, Any]:
    """One topic file's content."""
    data: dict[str, Any] = {"topic": name, "entries": entries}
    if summary is not None:
        data["summary"] = summary
    return data


def write_topic(folder: Path, filename: str, data: dict[str, Any]) -> Path:
    """Write a topic as YAML into ``folder`` and return its path."""
    path = folder / filename
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
