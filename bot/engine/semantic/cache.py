"""On-disk cache of a KB's embeddings, keyed by the KB's content hash and the model id."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "default_cache_dir"]

log = logging.getLogger(__name__)


def default_cache_dir(env: dict[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/faqbot``, else ``~/.cache/faqbot``."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base).expanduser() / "faqbot"


class EmbeddingCache:
    """Arrays saved under a key; a damaged or unreadable file is a miss, never an error."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        """The file that holds ``key``'s arrays."""
        return self.folder / f"{key}.npz"

    def load(self, key: str, shapes: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray] | None:
        """The arrays stored under ``key`` when they have exactly these names and shapes, else None."""
        path = self.path(key)
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in shapes}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, EOFError) as exc:
            log.warning("ignoring the unreadable embedding cache %s: %s", path, exc)
            return None
        if any(arrays[n].shape != s or arrays[n].dtype != np.float32 for n, s in shapes.items()):
            log.warning("ignoring the embedding cache %s: it does not fit this KB", path)
            return None
        return arrays

    def save(self, key: str, arrays: dict[str, np.ndarray]) -> Path | None:
        """Store ``arrays`` under ``key`` atomically; returns the file, or None when the folder is not writable."""
        path = self.path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".npz")
            try:
                with os.fdopen(fd, "wb") as handle:
                    np.savez(handle, **arrays)
                os.replace(tmp, path)  # readers never see a half-written file
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("cannot write the embedding cache in %s: %s", self.folder, exc)
            return None
        return path
