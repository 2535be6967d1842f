"""``faqbot report --ignore CLUSTER``: clusters a maintainer has dismissed, kept in a small YAML file.

The file lives beside the KB (``.report-ignore.yaml`` in the KB folder, hidden so the loader skips it),
so the decision is versioned and shared with the KB. A cluster stays ignored when its wording drifts:
it matches by id, by its most frequent wording, or by its key words (token sort ratio >= SIMILARITY).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.quality.report import SIMILARITY, Cluster

__all__ = ["IGNORE_FILE", "IgnoreList", "Ignored", "ignore_path"]

IGNORE_FILE = ".report-ignore.yaml"


def ignore_path(kb_path: str | Path) -> Path:
    """Where the ignore list of a KB is: in its folder, or beside the KB file."""
    path = Path(kb_path)
    return (path if path.is_dir() else path.parent) / IGNORE_FILE


@dataclass(frozen=True)
class Ignored:
    """One dismissed cluster."""

    id: str
    key: str
    text: str
    ts: float


class IgnoreList:
    """The dismissed clusters of a KB, read from and written to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Ignored] = []
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            for row in data if isinstance(data, list) else []:
                if isinstance(row, dict) and row.get("id"):
                    self.items.append(Ignored(str(row["id"]), str(row.get("key", "")), str(row.get("text", "")),
                                              float(row.get("ts", 0) or 0)))

    def matches(self, c: Cluster) -> bool:
        """True when ``c`` is (or has become) a dismissed cluster."""
        for item in self.items:
            if item.id == c.id or (item.text and c.text and item.text.casefold() == c.text.casefold()):
                return True
            if item.key and c.text and fuzz.token_sort_ratio(item.key, c.key) >= SIMILARITY:
                return True
        return False

    def add(self, c: Cluster) -> None:
        """Dismiss ``c`` and save the list (atomically: a crash leaves the old or the new file)."""
        if any(item.id == c.id for item in self.items):
            return
        self.items.append(Ignored(c.id, c.key, c.text or "", round(time.time(), 3)))
        rows = [{"id": i.id, "key": i.key, "text": i.text, "ts": i.ts} for i in self.items]
        header = "# Clusters `faqbot report --ignore` dismissed: never proposed again. Delete a row to undo.\n"
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True), encoding="utf-8")
        os.replace(tmp, self.path)
