"""py3langid's model restricted to the languages the detector may answer, kept uncompressed in the cache folder.

The model ships LZMA-compressed: decompressing and restricting it took 0.5-0.9 s of every process
that detects a language (a German ``faqbot ask``). The restricted arrays are written to the cache
folder the first time (46 MB) and memory-mapped after (about 0.05 s): the same arrays, hence the
same detections. The folder's name is a hash of the installed model file, py3langid's version and
the language list, so an upgrade or another list gets its own; a damaged folder is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["load_identifier"]

log = logging.getLogger(__name__)

_FORMAT = "1"  # bump when what is written here changes
_PREFIX = "langid-"


def _folder(cache_dir: Path, languages: Sequence[str]) -> Path:
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    st = (MODEL_DIR / MODEL_FILE).stat()
    seed = "\x1f".join([_FORMAT, str(py3langid.__version__), str(st.st_size), str(st.st_mtime_ns), *languages])
    return cache_dir / f"{_PREFIX}{hashlib.sha256(seed.encode()).hexdigest()[:16]}"


def _read(folder: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    classes = [str(c) for c in meta["classes"]]
    ptc = np.asarray(np.load(folder / "ptc.npy", mmap_mode="r"))  # only the rows a message's features name are read
    pc = np.load(folder / "pc.npy")
    nextmove = memoryview(np.load(folder / "nextmove.npy", mmap_mode="r"))  # indexed like the array it was
    row = array(meta["row"])
    row.frombytes(np.load(folder / "row.npy").tobytes())
    output = np.load(folder / "output.npy").tolist()
    if (ptc.ndim != 2 or ptc.shape[1] != len(classes) or pc.shape != (len(classes),) or len(row) != len(output)
            or nextmove.itemsize != array(meta["nextmove"]).itemsize or nextmove.ndim != 1):
        raise ValueError(f"{folder}: the arrays do not fit together")
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def _write(identifier: Any, folder: Path) -> None:
    import numpy as np

    temporary = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        temporary.mkdir(parents=True, exist_ok=True)
        np.save(temporary / "ptc.npy", np.ascontiguousarray(identifier.nb_ptc))
        np.save(temporary / "pc.npy", np.ascontiguousarray(identifier.nb_pc))
        nextmove, row = identifier.tk_nextmove, identifier.tk_row
        np.save(temporary / "nextmove.npy", np.frombuffer(nextmove, dtype=nextmove.typecode))
        np.save(temporary / "row.npy", np.frombuffer(row, dtype=row.typecode))
        np.save(temporary / "output.npy", np.asarray(identifier.tk_output, dtype=np.int64))
        meta = {"classes": list(identifier.nb_classes), "nextmove": nextmove.typecode, "row": row.typecode}
        (temporary / "model.json").write_text(json.dumps(meta), encoding="utf-8")
        os.replace(temporary, folder)  # whole or not at all; another process may have won the race
    except OSError as exc:  # an unwritable cache: the compressed model is read next time too
        log.debug("cannot keep the language model in %s: %s", folder.parent, exc)
        shutil.rmtree(temporary, ignore_errors=True)
        return
    for old in folder.parent.glob(f"{_PREFIX}*"):  # an upgraded py3langid's model: the old one goes
        if old != folder and old.is_dir() and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)


def load_identifier(languages: Sequence[str], cache_dir: Path | None = None) -> Any:
    """py3langid's identifier (probabilities normalised) restricted to ``languages``; kept in ``cache_dir``."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    folder = _folder(cache_dir, languages) if cache_dir is not None else None
    if folder is not None and folder.is_dir():
        try:
            return _read(folder)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # damaged: rebuilt below
            log.warning("rebuilding the cached language model %s: %s", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    if folder is not None:
        _write(identifier, folder)
    return identifier
