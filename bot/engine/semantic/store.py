"""Embeddings cached per text: sha256 of (model id, recipe, text) -> vector, in one SQLite file per folder.

An edit to a KB re-embeds only the texts that changed; a different model (or recipe) has other keys,
so its vectors never mix with these. A damaged or unwritable cache is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the first vectors read: opening the store stays light
    import numpy as np

__all__ = ["EMBED_CHUNK", "STORE_FILE", "Progress", "VectorStore", "array_key", "stderr_progress", "text_key"]

log = logging.getLogger(__name__)

STORE_FILE = "embeddings.sqlite3"
#: Called with (model id, done, total) while texts are embedded.
Progress = Callable[[str, int, int], None]
_CHUNK = 500  # keys looked up per query (below SQLite's variable limit)
#: Texts embedded (and stored) per round by default: progress every few seconds even for the slow model.
EMBED_CHUNK = 64


def text_key(model_id: str, text: str) -> str:
    """The cache key of one text for one model: a content hash, so it survives reordering and renames."""
    return hashlib.sha256(f"{model_id}\x1f{text}".encode()).hexdigest()


def array_key(kind: str, model_id: str, texts: Sequence[str], *extra: np.ndarray) -> str:
    """The cache key of an array computed from the vectors of ``texts`` (and ``extra`` arrays, e.g. owners)."""
    import numpy as np

    digest = hashlib.sha256(f"{kind}\x1f{model_id}\x1f".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x1e")
    for array in extra:
        digest.update(np.ascontiguousarray(array).tobytes() + b"\x1d")
    return digest.hexdigest()


def stderr_progress(model_id: str, done: int, total: int) -> None:
    """A percentage line on stderr (the default progress for long first builds)."""
    sys.stderr.write(f"\rfaqbot: embedding {total} texts with {model_id}: {100 * done // max(total, 1)}%")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class VectorStore:
    """Vectors of texts for any model, read and written in batches; thread-safe."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self._arrays: dict[str, np.ndarray] = {}  # the last few computed arrays, for reloads in this process
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.folder / STORE_FILE, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS arrays (key TEXT PRIMARY KEY, vec BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value TEXT)")
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                log.warning("embedding cache disabled (%s): %s", self.folder, exc)

    def close(self) -> None:
        """Close the database file."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _get(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        import numpy as np

        if self._db is None or not keys:
            return {}
        found: dict[str, np.ndarray] = {}
        try:
            with self._lock:
                for lo in range(0, len(keys), _CHUNK):
                    chunk = list(keys[lo: lo + _CHUNK])
                    marks = ",".join("?" * len(chunk))
                    for key, d, blob in self._db.execute(
                            f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk):
                        if d == dim and len(blob) == 4 * dim:
                            found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as exc:
            log.warning("embedding cache unreadable, re-embedding: %s", exc)
            return {}
        return found

    def _put(self, rows: list[tuple[str, int, bytes]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._lock:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("cannot write the embedding cache: %s", exc)

    def recall(self, key: str) -> str | None:
        """The text remembered under ``key`` (see ``remember``), or None."""
        if self._db is None:
            return None
        try:
            with self._lock:
                row = self._db.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            log.warning("embedding cache unreadable: %s", exc)
            return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def remember(self, key: str, value: str) -> None:
        """Keep a small result computed from cached vectors (``key`` names everything it depends on)."""
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            log.warning("cannot write the embedding cache: %s", exc)

    def array(self, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The float64 array stored under ``key`` (see ``array_key``), else ``compute()``, stored.

        For per-KB statistics over all of a KB's vectors (hubness: every phrasing against every
        other), which cost more than reading the vectors back: an edit that leaves the phrasings
        as they were (an answer changed) and a restart reuse them.
        """
        import numpy as np

        found = self._arrays.get(key)
        if found is None and self._db is not None:
            try:
                with self._lock:
                    row = self._db.execute("SELECT vec FROM arrays WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    found = np.frombuffer(row[0], dtype=np.float64)
            except sqlite3.Error as exc:
                log.warning("embedding cache unreadable, recomputing: %s", exc)
        if found is None:
            found = np.ascontiguousarray(compute(), dtype=np.float64)
            if self._db is not None:
                try:
                    with self._lock:
                        self._db.execute("INSERT OR REPLACE INTO arrays VALUES (?, ?)", (key, found.tobytes()))
                except sqlite3.Error as exc:
                    log.warning("cannot write the embedding cache: %s", exc)
        if len(self._arrays) >= 8:
            self._arrays.pop(next(iter(self._arrays)))
        self._arrays[key] = found
        return found

    def vectors(self, model_id: str, dim: int, texts: Sequence[str],
                embed: Callable[[list[str]], np.ndarray], progress: Progress | None = None,
                progress_after: float = 2.0, chunk: int = EMBED_CHUNK) -> np.ndarray:
        """Rows for ``texts`` (in order): cached ones read, the others embedded with ``embed`` and stored.

        ``progress`` is called once the work has taken ``progress_after`` seconds, so small edits stay
        quiet; ``chunk``: texts per call of ``embed`` (and per progress line).
        """
        import numpy as np

        out = np.zeros((len(texts), dim), dtype=np.float32)
        keys = [text_key(model_id, t) for t in texts]
        cached = self._get(sorted(set(keys)), dim)
        todo: dict[str, list[int]] = {}
        for row, key in enumerate(keys):
            if key in cached:
                out[row] = cached[key]
            else:
                todo.setdefault(key, []).append(row)
        self.hits += len(texts) - sum(len(v) for v in todo.values())
        self.misses += len(todo)
        # Similar lengths side by side across the whole batch of new texts, not only within one
        # round: the encoder pads each model run to its longest text.
        pending = sorted(todo, key=lambda k: len(texts[todo[k][0]]))
        started = time.perf_counter()
        shown = False
        for lo in range(0, len(pending), chunk):
            round_ = pending[lo: lo + chunk]
            vecs = np.asarray(embed([texts[todo[k][0]] for k in round_]), dtype=np.float32).reshape(len(round_), dim)
            for key, vec in zip(round_, vecs, strict=True):
                out[todo[key]] = vec
            self._put([(k, dim, v.tobytes()) for k, v in zip(round_, vecs, strict=True)])
            if progress is not None and (shown or time.perf_counter() - started >= progress_after):
                shown = True
                progress(model_id, min(lo + chunk, len(pending)), len(pending))
        return out
