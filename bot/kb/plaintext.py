"""Convert the plain-text seed format (summary paragraph, then question/answer lines) to a topic file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.kb.loader import KBError, Problem

__all__ = ["parse_plain", "to_yaml"]


def parse_plain(path: str | Path, topic: str) -> dict[str, Any]:
    """Parse a plain-text KB: first non-empty line the summary, then question and answer lines alternating."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KBError([Problem(str(file), None, f"cannot read file: {exc}")]) from exc
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise KBError([Problem(str(file), None, "file is empty: expected a summary line, then questions and answers")])
    (_, summary), rest = lines[0], lines[1:]
    if len(rest) % 2:
        number, question = rest[-1]
        raise KBError([Problem(str(file), number, f"question '{question[:60]}' has no answer line after it")])
    entries = [{"question": q, "answer": a} for (_, q), (_, a) in zip(rest[::2], rest[1::2])]
    return {"topic": topic, "summary": summary, "entries": entries}


def to_yaml(data: dict[str, Any]) -> str:
    """Render a topic as YAML that keeps every sentence verbatim and stays readable."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
