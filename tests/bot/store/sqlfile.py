"""Read a store's SQLite file directly, bypassing the store, to check what really reached disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["rows"]


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows ``sql`` returns from the SQLite file at ``path``."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
