"""Building the answering engine: the models load once per process, then each KB (and each reload) gets its tiers.

``build_matcher`` is the one place where tiers are put together; the composition root calls it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine.answerer import Matcher, Thresholds
from bot.engine.cascade import ENGINE_THRESHOLDS, LEXICAL_THRESHOLDS, Engine
from bot.engine.language import LanguageDetector
from bot.engine.lexical import LexicalMatcher
from bot.kb.model import KnowledgeBase

if TYPE_CHECKING:  # numpy loads only when a sentence tier is built: `faqbot ask --matcher lexical` stays light
    from bot.engine.semantic.store import Progress, VectorStore

__all__ = ["CHOICES", "Models", "build_matcher", "default_thresholds", "load_models"]

log = logging.getLogger(__name__)

#: FAQBOT_MATCHER values: ``auto`` and ``engine`` are the whole engine; ``lexical`` the light mode
#: for tiny machines; ``semantic`` the English model blended with lexical evidence (no cascade).
CHOICES = ("auto", "engine", "lexical", "semantic")


class _Lexical(LexicalMatcher):
    name = "lexical"
    thresholds = LEXICAL_THRESHOLDS


@dataclass
class Models:
    """What every KB build shares: the sentence models, the vector cache and the language detector."""

    choice: str
    store: VectorStore | None = None
    detector: LanguageDetector = field(default_factory=LanguageDetector)
    english: object | None = None  # bot.engine.semantic.encoder.Encoder (imported lazily: onnxruntime)
    multilingual: object | None = None  # bot.engine.semantic.e5.E5Encoder
    progress: Progress | None = None
    wait: float = 5.0  # seconds a build waits for the multilingual tier before it goes on in the background


def load_models(choice: str = "auto", embed_model: str | Path | None = None, cache_dir: Path | None = None,
                threads: int = 1, progress: Progress | bool | None = True) -> Models:
    """Verify and load the models ``choice`` needs, once; ModelError names a missing or damaged file.

    ``progress``: True for a percentage line on stderr during a long first build, False for none.
    """
    if choice not in CHOICES:
        raise ValueError(f"unknown matcher {choice!r}; one of {', '.join(CHOICES)}")
    models = Models(choice="engine" if choice == "auto" else choice)
    if models.choice == "lexical":
        return models
    started = time.perf_counter()
    from bot.engine.semantic.cache import default_cache_dir
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.model import resolve
    from bot.engine.semantic.store import VectorStore, stderr_progress

    models.store = VectorStore(cache_dir or default_cache_dir())
    models.progress = stderr_progress if progress is True else (progress or None)

    # Files are verified now (a missing or damaged one fails at start); the runtimes start on first use.
    models.english = Encoder(resolve(embed_model), threads=threads, lazy=True)
    if models.choice == "engine":
        from bot.engine.semantic.e5 import E5Encoder, e5_file

        e5_file()
        models.multilingual = E5Encoder(threads=threads, lazy=True)
    log.info("models for %s loaded in %.2f s", models.choice, time.perf_counter() - started)
    return models


def default_thresholds(models: Models) -> Thresholds:
    """The thresholds the chosen matcher's scores are calibrated for."""
    if models.choice == "lexical":
        return LEXICAL_THRESHOLDS
    from bot.engine.semantic.matcher import default_thresholds as semantic

    return semantic if models.choice == "semantic" else ENGINE_THRESHOLDS


def build_matcher(kb: KnowledgeBase, models: Models) -> Matcher:
    """The matcher for ``kb`` with the loaded models: embeddings from the cache, only new texts embedded."""
    lexical = _Lexical(kb)
    if models.choice == "lexical":
        return lexical
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.matcher import SemanticMatcher

    assert isinstance(models.english, Encoder)
    english = SemanticMatcher(kb, models.english, models.store, lexical=lexical, progress=models.progress)
    if models.choice == "semantic":
        return english
    from bot.engine.semantic.e5 import E5Encoder
    from bot.engine.semantic.multilingual import MultilingualMatcher

    assert isinstance(models.multilingual, E5Encoder)
    encoder = models.multilingual
    engine = Engine(kb, lexical, models.detector, english=english)

    def index() -> None:
        try:
            engine.multilingual = MultilingualMatcher(kb, encoder, models.store, lexical=lexical,
                                                      progress=models.progress)
        except Exception:  # the English tiers keep answering; the log says why the multilingual one cannot
            log.exception("the multilingual tier could not be built")

    # The multilingual model is ~10x slower per text than the English one: a big KB's first build
    # goes on in the background while the lexical and English tiers already answer. A cached or
    # small KB is ready within the wait.
    worker = threading.Thread(target=index, name="faqbot-e5-index", daemon=True)
    worker.start()
    engine.indexing = worker
    worker.join(timeout=models.wait)
    return engine
