"""The multilingual tier: multilingual-e5-small similarity, for questions not in the KB's language.

An entry's raw score is its best cosine over its phrasings (question, alternates and any translations)
minus a hubness correction (how close the entry sits to its nearest other entry, relative to this KB's
median: a broad entry must be more similar to win) plus a little lexical evidence (names and numbers
survive translation). The score shown is calibrated per query and per KB, not on a fixed cosine:

    score = 48 + slope * min(raw - floor, raw - floor - median over this KB's entries - lead)

where each phrasing's floor is ``floor`` across languages, and for a phrasing in the question's own
language (or script) this KB's median nearest-neighbour cosine among that language's phrasings.

so 48 (the engine's answer threshold) means "as similar as a cross-lingual paraphrase usually is, and
clearly above this KB's typical entry". e5's cosines are compressed (unrelated text still scores ~0.75),
which is why the comparison with the KB's own median matters more than the absolute value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.engine.language import KB_LANGUAGE
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.engine.semantic.e5 import E5Encoder
from bot.engine.semantic.store import Progress, VectorStore, array_key
from bot.engine.text import is_number, words
from bot.kb.model import KnowledgeBase

__all__ = ["MultilingualMatcher", "MultilingualParams", "phrasings_of"]

_CYRILLIC = frozenset({"uk", "ru", "be", "bg", "sr", "mk"})


def _script(code: str) -> str:
    """A coarse script group: languages that share one are scored as one language by e5."""
    return "cyrillic" if code in _CYRILLIC else ""


@dataclass(frozen=True)
class MultilingualParams:
    """One set for every KB (README, "How answering works")."""

    floor: float = 0.80  # raw score a cross-lingual paraphrase usually reaches
    # A phrasing in the question's own language (or script) must be closer than this KB's questions in
    # that language are to each other (their median nearest-neighbour cosine, computed at index time):
    # e5 scores any two same-language questions higher than a question and its translation.
    lead: float = 0.025  # how far above this KB's median entry the best one must be
    slope: float = 400.0  # engine points per unit of raw score
    hub_weight: float = 0.2  # hubness correction, relative to the KB's median hubness
    lexical_weight: float = 0.05  # names and numbers shared across languages
    number_penalty: float = 0.05  # the query's numbers contradict the entry's


def phrasings_of(kb: KnowledgeBase) -> tuple[list[str], list[int], list[str]]:
    """Every phrasing of each entry's question (question, alternates, translations), its entry index and language."""
    texts: list[str] = []
    owners: list[int] = []
    languages: list[str] = []
    for index, entry in enumerate(kb.entries):
        phrasings = [(KB_LANGUAGE, t) for t in (entry.question, *entry.alternates)]
        for code, translation in entry.translations.items():
            phrasings.extend((code, t) for t in (translation.question, *translation.alternates))
        for code, text in phrasings:
            texts.append(text)
            owners.append(index)
            languages.append(code)
    return texts, owners, languages


class MultilingualMatcher:
    """Rank entries for a question in any language; built per KB from cached vectors."""

    name = "e5"

    def __init__(self, kb: KnowledgeBase, encoder: E5Encoder, store: VectorStore | None = None,
                 lexical: LexicalMatcher | None = None, params: MultilingualParams | None = None,
                 progress: Progress | None = None) -> None:
        self.kb = kb
        self.encoder = encoder
        self.params = params or MultilingualParams()
        self.lexical = lexical or LexicalMatcher(kb)
        self._ids = [e.id for e in kb.entries]
        self._index = {entry_id: i for i, entry_id in enumerate(self._ids)}
        texts, owners, languages = phrasings_of(kb)
        self._languages = np.array(languages, dtype=object)
        store = store or VectorStore(None)
        self._vectors = store.vectors(encoder.model_id, encoder.dimension, texts, encoder.encode, progress)
        self._owner = np.array(owners, dtype=np.int64)
        # np.maximum.reduceat needs each entry's phrasings contiguous: phrasings_of lists them so.
        self._starts = np.searchsorted(self._owner, np.arange(len(self._ids))) if self._ids else np.zeros(0, np.int64)
        self._numbers = [frozenset(w for t in (e.question, *e.alternates, e.answer) for w in words(t) if is_number(w))
                         for e in kb.entries]
        codes = sorted(set(languages))
        key = array_key("neighbourhood", encoder.model_id, texts, self._owner,
                        np.frombuffer("\x1f".join(languages).encode(), dtype=np.uint8))
        stats = store.array(key, lambda: self._neighbourhood(codes))
        hub = stats[: len(self._ids)].astype(np.float32)
        self.floors = {code: self.params.floor if np.isnan(median) else max(self.params.floor, float(median))
                       for code, median in zip(codes, stats[len(self._ids):].tolist(), strict=True)}
        self._hub = hub - (float(np.median(hub)) if len(hub) else 0.0)

    def _neighbourhood(self, codes: list[str]) -> np.ndarray:
        """Each entry's hubness, then each language's median (NaN: too few entries), from one pass of cosines.

        Hubness: an entry's highest cosine between its phrasings and another entry's. A language's
        floor: the median, over entries, of the closest cosine between their phrasings in that
        language and other entries' phrasings in it (before the fixed floor applies). One product of
        the vectors serves both (the KB's largest computation: 10,000 phrasings make 10^8 cosines).
        """
        n = len(self._ids)
        hub = np.zeros(n, dtype=np.float32)
        rows_of = {code: np.flatnonzero(self._languages == code) for code in codes}
        # A language with phrasings of fewer than 3 entries keeps the fixed floor.
        counted = {code: rows for code, rows in rows_of.items() if len(set(self._owner[rows].tolist())) >= 3}
        best = {code: np.full(n, -np.inf) for code in counted}
        if n < 2:
            return np.concatenate([hub, np.full(len(codes), np.nan)])
        columns = {code: np.isin(np.arange(len(self._vectors)), rows) for code, rows in counted.items()}
        for lo in range(0, len(self._vectors), 1024):
            block = self._vectors[lo: lo + 1024] @ self._vectors.T
            owners = self._owner[lo: lo + 1024]
            block[owners[:, None] == self._owner[None, :]] = -1.0
            nearest = block.max(axis=1)
            np.maximum.at(hub, owners, nearest)
            for code, rows in counted.items():
                mine = rows[(rows >= lo) & (rows < lo + 1024)]
                if len(rows) == len(self._vectors):  # a KB in one language: the same cosines as hubness
                    np.maximum.at(best[code], owners, nearest)
                elif len(mine):
                    near = block[mine - lo][:, columns[code]].max(axis=1)
                    np.maximum.at(best[code], self._owner[mine], near)
        medians = [float(np.median(best[code][np.isfinite(best[code])])) if code in best else np.nan for code in codes]
        return np.concatenate([hub, np.array(medians)])

    def raw_scores(self, text: str, lexical: list[Candidate] | None = None, language: str = "") -> np.ndarray:
        """Every entry's raw score for ``text`` in ``language``, its floor subtracted (see the module docstring)."""
        p = self.params
        query = self.encoder.encode_one(text)
        by_phrasing = np.einsum("ij,j->i", self._vectors, query) - self._phrasing_floors(language)
        scores: np.ndarray = np.maximum.reduceat(by_phrasing, self._starts) - p.hub_weight * self._hub
        for candidate in lexical if lexical is not None else self.lexical.score(text, limit=50):
            scores[self._index[candidate.entry_id]] += p.lexical_weight * candidate.score / 100.0
        asked = {w for w in words(text) if is_number(w)}
        if asked:
            for i, numbers in enumerate(self._numbers):
                if numbers and not asked & numbers:
                    scores[i] -= p.number_penalty
        return scores

    def _phrasing_floors(self, language: str) -> np.ndarray:
        """Each phrasing's floor for a question in ``language``: its own language's when they share a script."""
        script = _script(language)
        return np.array([self.floors[code] if code == language or (script and _script(code) == script)
                         else self.params.floor for code in self._languages], dtype=np.float32)

    def calibrated(self, raw: np.ndarray) -> np.ndarray:
        """Raw scores (floor subtracted) on the engine scale (0-100, 48 = answer), relative to the median entry."""
        p = self.params
        median = float(np.median(raw)) if len(raw) > 2 else -p.lead
        scores: np.ndarray = np.clip(48.0 + p.slope * np.minimum(raw, raw - median - p.lead), 0.0, 100.0)
        return scores

    def score(self, text: str, limit: int = 10, lexical: list[Candidate] | None = None,
              language: str = "") -> list[Candidate]:
        """The ``limit`` best entries for ``text`` (written in ``language``), best first, on the engine's scale."""
        if not self._ids or not text.strip():
            return []
        scores = self.calibrated(self.raw_scores(text, lexical, language))
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Candidate(self._ids[i], round(float(scores[i]), 2)) for i in top]
