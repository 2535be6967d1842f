"""The engine of one-shot commands (``faqbot ask``): each sentence tier is built when a question first needs it.

A question the lexical tier decides, over a cached KB, then loads no model, no vector file and not
numpy, and answers in the time the light mode takes. What its answer still needs from the English
tier is its entry's nearest neighbours (the follow-up questions): they are remembered in the
embedding cache the first time the tier computes them, under a key of everything they depend on
(the KB's entries, the English model, the code that embeds and ranks them), so they are the same
neighbours the built tier would give. A running bot builds every tier up front (bot/engine/build.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.engine.cascade import CascadeParams, Engine
from bot.engine.language import LanguageDetector
from bot.engine.lexical import LexicalMatcher
from bot.kb.model import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.semantic.matcher import SemanticMatcher
    from bot.engine.semantic.multilingual import MultilingualMatcher
    from bot.engine.semantic.store import VectorStore

__all__ = ["LazyEngine", "neighbours_key"]

# The modules whose code decides the English tier's neighbours: how texts are embedded (the
# recipe, the question-and-answer text) and how neighbours are ranked. An edit to one is a new key.
_NEIGHBOUR_CODE = ("bot.engine.semantic.matcher", "bot.engine.semantic.encoder", "bot.engine.semantic.tokenizer")


def _code_digest() -> str | None:
    """A digest of the source of ``_NEIGHBOUR_CODE``, read without importing it (that would load numpy)."""
    digest = hashlib.sha256(b"neighbours/1\x1f")
    for name in _NEIGHBOUR_CODE:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return None  # no source to vouch for the code: nothing is remembered
        try:
            with open(spec.origin, "rb") as handle:
                digest.update(handle.read() + b"\x1e")
        except OSError:
            return None
    return digest.hexdigest()


def neighbours_key(kb: KnowledgeBase, model_id: str) -> str | None:
    """The part of a remembered neighbour list's key naming the KB, the model and the code; None: do not remember."""
    code = _code_digest()
    if code is None:
        return None
    digest = hashlib.sha256(f"{code}\x1f{model_id}\x1f".encode())
    for entry in kb.entries:
        for text in (entry.id, entry.question, *entry.alternates, "\x1d", entry.answer):
            digest.update(text.encode("utf-8", "surrogatepass") + b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


class LazyEngine(Engine):
    """The whole engine, its English and multilingual tiers built on first use (``english``/``multilingual``)."""

    _english: SemanticMatcher | None
    _multilingual: MultilingualMatcher | None

    def __init__(self, kb: KnowledgeBase, lexical: LexicalMatcher, detector: LanguageDetector,
                 english: Callable[[], SemanticMatcher], multilingual: Callable[[], MultilingualMatcher | None],
                 store: VectorStore | None = None, model_id: str = "", params: CascadeParams | None = None) -> None:
        super().__init__(kb, lexical, detector, params=params)  # sets both tiers to None, through the setters
        self._build_english: Callable[[], SemanticMatcher] | None = english
        self._build_multilingual: Callable[[], MultilingualMatcher | None] | None = multilingual
        self._building = threading.Lock()
        self._store = store
        self._model_id = model_id
        self._key: str | None = None

    @property
    def english(self) -> SemanticMatcher | None:
        """The English tier, built now if it is not yet (a build that fails raises, and is tried again next time)."""
        if self._build_english is not None:
            with self._building:
                if self._build_english is not None:
                    self._english = self._build_english()
                    self._build_english = None
        return self._english

    @english.setter
    def english(self, tier: SemanticMatcher | None) -> None:
        self._english = tier
        self._build_english = None

    @property
    def multilingual(self) -> MultilingualMatcher | None:
        """The multilingual tier, built now if it is not yet; None when it cannot be (its builder logs why)."""
        if self._build_multilingual is not None:
            with self._building:
                if self._build_multilingual is not None:
                    self._multilingual = self._build_multilingual()
                    self._build_multilingual = None
        return self._multilingual

    @multilingual.setter
    def multilingual(self, tier: MultilingualMatcher | None) -> None:
        self._multilingual = tier
        self._build_multilingual = None

    def neighbours(self, entry_id: str, limit: int = 10) -> list[str]:
        """The English tier's neighbours of ``entry_id``: remembered ones without building the tier."""
        key = self._neighbours_key(entry_id, limit)
        remembered = self._store.recall(key) if self._store is not None and key is not None else None
        if remembered is not None:
            found = json.loads(remembered)
            if isinstance(found, list) and all(isinstance(i, str) for i in found):
                return found
        near = super().neighbours(entry_id, limit)
        if self._store is not None and key is not None and self._english is not None:
            self._store.remember(key, json.dumps(near))
        return near

    def _neighbours_key(self, entry_id: str, limit: int) -> str | None:
        if self._store is None:
            return None
        if self._key is None:
            self._key = neighbours_key(self.kb, self._model_id) or ""
        if not self._key:
            return None
        return hashlib.sha256(f"{self._key}\x1f{entry_id}\x1f{limit}".encode()).hexdigest()
