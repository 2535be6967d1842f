"""Building the answering engine: the models load once per process, then each KB (and each reload) gets its tiers.

``build_matcher`` is the one place where tiers are put together; the composition root calls it.
Loading the models is light: the files are verified (cheaply when the cache folder vouches for
them, bot/engine/semantic/model.py), while numpy, the runtimes and the tokenizer start on first use.
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
    from bot.engine.semantic.matcher import SemanticMatcher
    from bot.engine.semantic.multilingual import MultilingualMatcher
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
    from bot.engine.semantic.cache import default_cache_dir  # os and pathlib only

    models = Models(choice="engine" if choice == "auto" else choice)
    if models.choice == "lexical":
        # The light mode detects languages too: its model kept uncompressed loads in 0.05 s, not 0.6 s.
        models.detector = LanguageDetector(cache_dir or default_cache_dir())
        return models
    started = time.perf_counter()
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.model import resolve
    from bot.engine.semantic.store import VectorStore, stderr_progress

    cache = cache_dir or default_cache_dir()
    models.store = VectorStore(cache)
    models.progress = stderr_progress if progress is True else (progress or None)
    models.detector = LanguageDetector(cache)

    # Files are verified now (a missing or damaged one fails at start); the runtimes start on first use.
    models.english = Encoder(resolve(embed_model, stamps=cache), threads=threads, lazy=True)
    if models.choice == "engine":
        from bot.engine.semantic.e5 import E5Encoder, e5_file

        e5_file(stamps=cache)
        models.multilingual = E5Encoder(threads=threads, lazy=True, stamps=cache)
    log.info("models for %s loaded in %.2f s", models.choice, time.perf_counter() - started)
    return models


def default_thresholds(models: Models) -> Thresholds:
    """The thresholds the chosen matcher's scores are calibrated for."""
    if models.choice == "lexical":
        return LEXICAL_THRESHOLDS
    if models.choice != "semantic":
        return ENGINE_THRESHOLDS
    from bot.engine.semantic.matcher import default_thresholds as semantic  # numpy: only for this matcher

    return semantic


def _english(kb: KnowledgeBase, models: Models, lexical: LexicalMatcher) -> SemanticMatcher:
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.matcher import SemanticMatcher

    assert isinstance(models.english, Encoder)
    return SemanticMatcher(kb, models.english, models.store, lexical=lexical, progress=models.progress)


def _multilingual(kb: KnowledgeBase, models: Models, lexical: LexicalMatcher) -> MultilingualMatcher | None:
    from bot.engine.semantic.e5 import E5Encoder
    from bot.engine.semantic.multilingual import MultilingualMatcher

    assert isinstance(models.multilingual, E5Encoder)
    try:
        return MultilingualMatcher(kb, models.multilingual, models.store, lexical=lexical, progress=models.progress)
    except Exception:  # the English tiers keep answering; the log says why the multilingual one cannot
        log.exception("the multilingual tier could not be built")
        return None


def build_matcher(kb: KnowledgeBase, models: Models, *, lazy: bool = False) -> Matcher:
    """The matcher for ``kb`` with the loaded models: embeddings from the cache, only new texts embedded.

    ``lazy`` (one-shot commands, the whole engine only): each sentence tier is built when a question
    first needs it (bot/engine/lazy.py), so a question the lexical tier decides loads no vectors.
    """
    lexical = _Lexical(kb)
    if models.choice == "lexical":
        return lexical
    if lazy and models.choice == "engine":
        from bot.engine.lazy import LazyEngine

        model_id = getattr(models.english, "model_id", "")
        return LazyEngine(kb, lexical, models.detector, lambda: _english(kb, models, lexical),
                          lambda: _multilingual(kb, models, lexical), store=models.store, model_id=model_id)
    english = _english(kb, models, lexical)
    if models.choice == "semantic":
        return english
    engine = Engine(kb, lexical, models.detector, english=english)

    def index() -> None:
        engine.multilingual = _multilingual(kb, models, lexical)

    # The multilingual model is ~10x slower per text than the English one: a big KB's first build
    # goes on in the background while the lexical and English tiers already answer. A cached or
    # small KB is ready within the wait.
    worker = threading.Thread(target=index, name="faqbot-e5-index", daemon=True)
    worker.start()
    engine.indexing = worker
    worker.join(timeout=models.wait)
    return engine
