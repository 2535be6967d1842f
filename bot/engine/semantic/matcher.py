"""The semantic matcher: sentence-embedding similarity, with the lexical matcher's evidence mixed in.

An entry's raw score for a query is

    max cosine(query, question or alternate) + qa_weight * cosine(query, question + answer)
    + (lexical_weight + short_query_weight / query words) * lexical score / 100
    - hub_weight * cosine(entry, its nearest other entry)
    - number_penalty (when the query names numbers and the entry has numbers, none of them the same)

divided by the sum of the weights (1 + qa_weight + that lexical weight) and scaled to 0-100. The hub
term is a hubness correction: an entry whose question sits close to other entries attracts
near-miss questions that are about something else, so it needs more similarity to win. Every
weight is one set for every KB, chosen on the StackFAQ dev set (see the README, "Semantic matching").
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from bot.engine.answerer import Thresholds
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.engine.semantic.encoder import BULK_CALL, DIMENSION, Encoder
from bot.engine.semantic.neighbours import NEIGHBOURS, Neighbours, digests
from bot.engine.semantic.store import Progress, VectorStore, array_key
from bot.engine.text import is_number, words
from bot.kb.model import KnowledgeBase

__all__ = ["QA_WORDS", "RECIPE", "SemanticMatcher", "SemanticParams", "default_thresholds", "qa_text"]

log = logging.getLogger(__name__)

#: Part of each cached text's key: bump when how a text is embedded changes.
RECIPE = "r3"
#: Words of the answer embedded with the question: what the entry is about, at a fraction of the
#: cost of the whole answer (a 10,000-entry KB embeds in a minute instead of several).
QA_WORDS = 40


@dataclass(frozen=True)
class SemanticParams:
    """Weights of the combined score; one set for every KB (never tuned per KB)."""

    qa_weight: float = 0.3  # cosine with "question + answer": what the entry is about, not only its wording
    lexical_weight: float = 0.1  # the lexical matcher's score: rare exact words, typos, numbers
    short_query_weight: float = 0.6  # more lexical weight for short queries (divided by the word count):
    # a one- or two-word message ("japan", "peace talks") embeds poorly, while its words are decisive
    hub_weight: float = 0.2  # hubness correction (see the module docstring)
    lexical_pool: int = 50  # lexical candidates whose score is mixed in (the rest count as 0)
    number_penalty: float = 0.1  # subtracted when the query's numbers contradict the entry's (Article 5 vs 6)


#: Answer from 48, suggest from 38, list the nearest from 25: chosen on the StackFAQ dev set for at
#: most 5% of near-miss and off-topic questions answered, with slack (2.5% there); see the README, "Semantic matching".
default_thresholds = Thresholds(answer=48.0, suggest=38.0, margin=0.5, nearest=25.0)


def qa_text(question: str, answer: str) -> str:
    """The "question + answer" text embedded for an entry: the question and the answer's first ``QA_WORDS`` words."""
    return f"{question} {' '.join(answer.split()[:QA_WORDS])}"


class SemanticMatcher:
    """Rank KB entries by meaning; built once per KB (embeddings from the cache when they are there)."""

    name = "semantic"

    def __init__(self, kb: KnowledgeBase, encoder: Encoder, store: VectorStore | None = None,
                 params: SemanticParams | None = None, lexical: LexicalMatcher | None = None,
                 progress: Progress | None = None) -> None:
        self.kb = kb
        self.params = params or SemanticParams()
        self.encoder = encoder
        self.lexical = lexical or LexicalMatcher(kb)
        self._ids = [e.id for e in kb.entries]
        self._index = {entry_id: i for i, entry_id in enumerate(self._ids)}
        phrasings: list[str] = []
        starts: list[int] = []
        for entry in kb.entries:
            starts.append(len(phrasings))
            phrasings.extend([entry.question, *entry.alternates])
        self._starts = np.array(starts, dtype=np.int64)
        # Embeddings barely tell numbers apart, so numbers are checked as words (like the lexical matcher).
        self._numbers = [frozenset(w for t in (e.question, *e.alternates, e.answer) for w in words(t) if is_number(w))
                         for e in kb.entries]
        started = time.perf_counter()
        store = store or VectorStore(None)
        before = store.misses
        model = f"{encoder.model_id}-{RECIPE}"
        # One call for both kinds of text: new texts of either kind are length-sorted together.
        vectors = store.vectors(model, DIMENSION, [*phrasings, *(qa_text(e.question, e.answer) for e in kb.entries)],
                                encoder.encode, progress, chunk=BULK_CALL)
        self._phrasings, self._qa = vectors[: len(phrasings)], vectors[len(phrasings):]
        self.embedded = store.misses - before  # texts that were not in the cache
        owners = np.diff(np.append(self._starts, len(phrasings)))
        self._hub = store.array(array_key("hubness", model, phrasings, owners), self._hubness).astype(np.float32)
        self._near = self._neighbours(model, store)
        log.info("semantic matcher ready for %d entries in %.2f s (%d texts embedded)", len(self._ids),
                 time.perf_counter() - started, self.embedded)

    def _hubness(self) -> np.ndarray:
        """Each entry's highest cosine between its phrasings and another entry's phrasings."""
        n = len(self._ids)
        hub = np.zeros(n, dtype=np.float32)
        if n < 2:
            return hub
        owner = np.repeat(np.arange(n), np.diff(np.append(self._starts, len(self._phrasings))))
        for lo in range(0, len(self._phrasings), 1024):  # blocks keep memory flat for big KBs
            block = self._phrasings[lo: lo + 1024] @ self._phrasings.T
            block[owner[lo: lo + 1024, None] == owner[None, :]] = -1.0
            best = block.max(axis=1)
            np.maximum.at(hub, owner[lo: lo + 1024], best)
        return hub

    def _neighbours(self, model: str, store: VectorStore) -> Neighbours:
        """Each entry's nearest entries by content: cached, else this process's last table updated, else computed."""
        rows = digests(self._qa)
        built: list[Neighbours] = []

        def compute() -> np.ndarray:
            built.append(Neighbours.build(self._qa, NEIGHBOURS, Neighbours.latest(model), rows))
            return built[0].packed()

        # Keyed by the vectors themselves: the table is exact for exactly these.
        packed = store.array(array_key(f"neighbours{NEIGHBOURS}", model, [], np.frombuffer(b"".join(rows), np.uint8)),
                             compute)
        near = built[0] if built else Neighbours.unpacked(packed, rows, NEIGHBOURS)
        if near is None:  # a damaged cache row
            near = Neighbours.build(self._qa, NEIGHBOURS, Neighbours.latest(model), rows)
        near.remember(model)
        return near

    def neighbours(self, entry_id: str, limit: int = 10) -> list[str]:
        """The entries closest in content to ``entry_id`` (question + answer vectors), closest first."""
        i = self._index.get(entry_id)
        if i is None or len(self._ids) < 2:
            return []
        return [self._ids[j] for j in self._near.of(self._qa, i, limit)]

    def raw_scores(self, text: str, lexical: list[Candidate] | None = None) -> np.ndarray:
        """The combined score of every entry before scaling (see the module docstring)."""
        p = self.params
        query = self.encoder.encode_one(text)
        # einsum, not @: a matrix-vector product through multi-threaded BLAS waits for its threads
        # (0.5 ms became 2-8 ms next to onnxruntime on 2 cores), einsum's own loop does not.
        by_phrasing = np.einsum("ij,j->i", self._phrasings, query)
        scores = np.maximum.reduceat(by_phrasing, self._starts) if len(self._starts) else by_phrasing
        scores = scores + p.qa_weight * np.einsum("ij,j->i", self._qa, query) - p.hub_weight * self._hub
        query_words = words(text)
        lexical_weight = p.lexical_weight + p.short_query_weight / max(len(query_words), 1)
        for candidate in lexical if lexical is not None else self.lexical.score(text, limit=p.lexical_pool):
            scores[self._index[candidate.entry_id]] += lexical_weight * candidate.score / 100.0
        asked = {w for w in query_words if is_number(w)}
        if asked:
            for i, numbers in enumerate(self._numbers):
                if numbers and not asked & numbers:
                    scores[i] -= p.number_penalty
        combined: np.ndarray = scores / (1.0 + p.qa_weight + lexical_weight)
        return combined

    def score(self, text: str, limit: int = 10, lexical: list[Candidate] | None = None) -> list[Candidate]:
        """The ``limit`` best entries for ``text``, best first, scores 0-100 (``lexical``: its ranking, if known)."""
        if not self._ids or not text.strip():
            return []
        scores = np.clip(self.raw_scores(text, lexical) * 100.0, 0.0, 100.0)
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Candidate(self._ids[i], round(float(scores[i]), 2)) for i in top]
