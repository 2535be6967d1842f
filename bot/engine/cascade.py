"""The answering engine: lexical evidence first, sentence models only where it is not decisive.

Tiers, in order (README, "How answering works"):

1. **lexical** (bot/engine/lexical.py): when the question is in the KB's language and the best
   entry scores at least ``lexical_sure`` with a lead of ``lexical_lead`` over the next one, it decides
   (typos, abbreviations such as "art 5", rare words, numbers): no model runs.
2. **minilm** (English sentence model blended with the lexical score): English questions the lexical
   tier is not sure about.
3. **e5** (multilingual sentence model): questions in another language, and English questions
   neither tier above would answer, where it must clear a stricter bar (``english_fallback``).

Every tier's scores are on one scale, where the engine's thresholds (``ENGINE_THRESHOLDS``) mean the
same thing; the decision records which tier decided, the language, each tier's best candidates and
why, for ``faqbot ask --explain``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.engine.answerer import Thresholds
from bot.engine.language import KB_LANGUAGE, Detection, LanguageDetector
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.kb.model import KnowledgeBase

if TYPE_CHECKING:  # numpy and the models load only when a sentence tier is built
    from bot.engine.semantic.matcher import SemanticMatcher
    from bot.engine.semantic.multilingual import MultilingualMatcher

__all__ = ["ENGINE_THRESHOLDS", "LEXICAL_THRESHOLDS", "CascadeParams", "Decision", "Engine"]

#: The engine's own thresholds: each tier's scores are calibrated to them (answer from 48).
ENGINE_THRESHOLDS = Thresholds(answer=48.0, suggest=38.0, margin=0.5, nearest=25.0)
#: The lexical matcher alone (FAQBOT_MATCHER=lexical) keeps its own scale.
LEXICAL_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class CascadeParams:
    """When a tier decides; one set for every KB."""

    lexical_sure: float = 70.0  # lexical score at which lexical evidence alone decides
    lexical_lead: float = 15.0  # ... when the runner-up is at least this far behind
    lexical_coverage: float = 0.4  # ... and the message covers this much of the entry's phrasing (by rarity)
    # Points above the answer threshold e5 needs to overrule minilm on English; None: never. Measured on
    # StackFAQ dev (README): +8 answered 56% of off-topic questions, +40 gained nothing minilm missed.
    english_fallback: float | None = None
    pool: int = 50  # lexical candidates handed to the sentence tiers


@dataclass(frozen=True)
class Decision:
    """How the engine ranked a message: the tier that decided, the language, each tier's best candidates."""

    tier: str
    language: Detection
    candidates: list[Candidate]
    consulted: dict[str, list[Candidate]] = field(default_factory=dict)
    reason: str = ""


class Engine:
    """The whole answering engine over one KB; built per KB from models loaded once."""

    name = "engine"
    thresholds = ENGINE_THRESHOLDS

    def __init__(self, kb: KnowledgeBase, lexical: LexicalMatcher, detector: LanguageDetector,
                 english: SemanticMatcher | None = None, multilingual: MultilingualMatcher | None = None,
                 params: CascadeParams | None = None) -> None:
        self.kb = kb
        self.lexical = lexical
        self.detector = detector
        self.english = english
        self.multilingual = multilingual  # set by a background build for big KBs (bot/engine/build.py)
        self.indexing: threading.Thread | None = None
        self.params = params or CascadeParams()

    def ready(self, timeout: float | None = None) -> bool:
        """Wait until every tier is built (``timeout`` seconds at most); True when they are."""
        if self.indexing is not None:
            self.indexing.join(timeout)
        return self.indexing is None or not self.indexing.is_alive()

    def neighbours(self, entry_id: str, limit: int = 10) -> list[str]:
        """Entries closest in content to ``entry_id`` (for follow-up questions); empty without the English tier."""
        return self.english.neighbours(entry_id, limit) if self.english is not None else []

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """The ``limit`` best entries for ``text`` on the engine's scale (the Matcher protocol)."""
        return self.decide(text).candidates[:limit]

    def decide(self, text: str, hint: str | None = None, language: Detection | None = None) -> Decision:
        """Rank the entries for ``text``; ``hint`` is the user's platform language, ``language`` the detected one."""
        p = self.params
        answer = self.thresholds.answer
        lexical = self.lexical.score(text, limit=p.pool)
        if language is None:
            language = self.detector.detect(text, hint, self.lexical.known_share(text))
        consulted = {"lexical": lexical[:5]}
        native = language.language == KB_LANGUAGE
        if (native and _sure(lexical, p.lexical_sure, p.lexical_lead)
                and self.lexical.coverage(text, lexical[0].entry_id) >= p.lexical_coverage):
            return Decision("lexical", language, lexical, consulted, "lexical evidence is decisive")
        if native and self.english is not None:
            english = self.english.score(text, limit=10, lexical=lexical)
            consulted["minilm"] = english[:5]
            if _sure(english, answer, self.thresholds.margin):
                return Decision("minilm", language, english, consulted, "the English model is confident")
            if p.english_fallback is None or self.multilingual is None:  # looking builds a lazy tier
                return Decision("minilm", language, english, consulted, "no tier is confident")
            wide = self.multilingual.score(text, limit=10, lexical=lexical, language=language.language)
            consulted["e5"] = wide[:5]
            if _sure(wide, answer + p.english_fallback, self.thresholds.margin):
                return Decision("e5", language, wide, consulted, "the multilingual model is confident")
            return Decision("minilm", language, english, consulted, "no tier is confident")
        if self.multilingual is not None:
            wide = self.multilingual.score(text, limit=10, lexical=lexical, language=language.language)
            consulted["e5"] = wide[:5]
            reason = "not in the KB's language" if not native else "no English model"
            return Decision("e5", language, wide, consulted, reason)
        if not self.ready(0):
            return Decision("lexical", language, lexical, consulted, "the multilingual tier is still indexing")
        return Decision("lexical", language, lexical, consulted, "the only tier available")


def _sure(candidates: list[Candidate], floor: float, lead: float) -> bool:
    if not candidates or candidates[0].score < floor:
        return False
    return len(candidates) < 2 or candidates[0].score - candidates[1].score >= lead
