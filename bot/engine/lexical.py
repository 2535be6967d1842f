"""The lexical matcher: rare-word coverage over questions, alternates and answers, typo-tolerant.

Each entry is scored against a query by how much of the query's information (words weighted by
how rare they are in this KB, BM25's idf) its question or an alternate phrasing explains, how much
of that phrasing the query covers, and how much of the rest of the query its answer supports.
Query words that the KB does not know are mapped to its vocabulary with rapidfuzz when they are
close (typos, abbreviations); words the KB has never seen count against every entry, which is what
makes off-topic questions score low.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.engine.text import STOPWORDS, clean, is_number, stem, words
from bot.kb.model import KnowledgeBase
from bot.memory import gc_paused

__all__ = ["Candidate", "LexicalMatcher", "MatchParams"]


@dataclass(frozen=True)
class MatchParams:
    """Weights of the lexical score: one set for every KB, never tuned per KB (see README)."""

    answer_weight: float = 0.5  # credit for a query word found only in the answer
    query_weight: float = 0.8  # share of query coverage (vs phrasing coverage) in the score
    unknown_factor: float = 0.6  # weight of a word the KB never uses, relative to its rarest word
    absent_factor: float = 2.0  # weight of a KB word the query has but this entry lacks entirely
    fuzzy_cutoff: float = 84.0  # rapidfuzz ratio for a misspelt word to count as a KB word
    prefix_credit: float = 0.8  # credit for an abbreviation ("art" for "article")
    prefix_len: int = 5  # words sharing this many leading letters match partially ("analysis"/"analyze")
    prefix_match_credit: float = 0.7
    number_penalty: float = 0.45  # factor when the query's numbers contradict the entry's: at most "did you mean"
    fuzz_weight: float = 0.3  # share of rapidfuzz's token_set_ratio (on content words) in the final score
    shortlist: int = 30  # entries fully scored per query, chosen by a cheap first pass
    postings_budget: int = 1500  # posting-list entries the first pass may add up per query


@dataclass(frozen=True)
class Candidate:
    """An entry's score for a query, 0-100."""

    entry_id: str
    score: float


@dataclass(frozen=True)
class _Term:
    stem: str
    idf: float
    credit: float  # 1.0 exact, less for fuzzy or prefix matches, 0 when unknown to the KB


class LexicalMatcher:
    """Score KB entries against a query; built once per KB, then read-only."""

    def __init__(self, kb: KnowledgeBase, params: MatchParams | None = None) -> None:
        # The index is millions of small acyclic objects: garbage collection passes during the
        # build only cost time (half of it at 100,000 entries).
        with gc_paused():
            self._build(kb, params or MatchParams())

    def _build(self, kb: KnowledgeBase, params: MatchParams) -> None:
        self.params = params
        self.kb = kb
        self._ids = [e.id for e in kb.entries]
        self._index = {entry_id: i for i, entry_id in enumerate(self._ids)}
        n = len(kb.entries)
        phrasing_owner: list[int] = []
        phrasing_text: list[str] = []
        phrasing_terms: list[frozenset[str]] = []
        answer_terms: list[frozenset[str]] = []
        numbers: list[frozenset[str]] = []
        df: dict[str, int] = defaultdict(int)
        surface: dict[str, str | None] = {}
        for index, entry in enumerate(kb.entries):
            seen: set[str] = set()
            for phrasing in (entry.question, *entry.alternates):
                stems = self._stems(phrasing, surface)
                t = frozenset(stems)
                phrasing_text.append(" ".join(stems))
                phrasing_owner.append(index)
                phrasing_terms.append(t)
                seen |= t
            a = frozenset(self._stems(" ".join(set(words(entry.answer))), surface))
            answer_terms.append(a)
            numbers.append(frozenset(x for x in seen | a if x.isdigit()))
            for term in seen | a:
                df[term] += 1
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # A word the KB never uses must count against every match, or off-topic questions that
        # share one common word with an entry would look like a match.
        self._unknown_idf = (math.log(1 + (n - 0.5) / 1.5) if n else 1.0) * self.params.unknown_factor
        self._phrasing_text = phrasing_text
        self._phrasings = phrasing_terms

        plen = self.params.prefix_len
        self._phrasing_prefixes = (
            [frozenset(t[:plen] for t in p if len(t) >= plen) for p in phrasing_terms] if plen else []
        )
        self._phrasing_weight = [sum(self._idf[t] for t in p) or 1.0 for p in phrasing_terms]
        self._answers = answer_terms
        self._numbers = numbers
        self._by_entry: list[list[int]] = [[] for _ in range(n)]
        # Each entry's words over all its phrasings (the same set object when it has just one).
        self._entry_terms: list[frozenset[str]]
        post_q: dict[str, list[int]] = defaultdict(list)
        for pid, owner in enumerate(phrasing_owner):
            self._by_entry[owner].append(pid)
        self._entry_terms = [
            phrasing_terms[pids[0]] if len(pids) == 1 else frozenset().union(*(phrasing_terms[i] for i in pids))
            for pids in self._by_entry
        ]
        for pid, terms in enumerate(phrasing_terms):
            for term in terms:
                post_q[term].append(phrasing_owner[pid])
        post_a: dict[str, list[int]] = defaultdict(list)
        for eid, terms in enumerate(answer_terms):
            for term in terms:
                post_a[term].append(eid)
        # term -> entries having it in a phrasing / only in the answer: the cheap first pass adds these up.
        self._post_q = {t: tuple(sorted(set(v))) for t, v in post_q.items()}
        self._post_a = {t: tuple(sorted(set(v) - set(post_q.get(t, ())))) for t, v in post_a.items()}
        self._surface = {w: s for w, s in surface.items() if s is not None}  # word -> stem, for typo lookup
        self._vocab = sorted(self._surface)
        # Typos rarely hit the first letter: searching that letter's words keeps lookups fast on big KBs.
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in self._vocab:
            buckets[word[0]].append(word)
        self._buckets = dict(buckets)
        self._lookup = lru_cache(maxsize=8192)(self._lookup_uncached)

    @staticmethod
    def _stems(text: str, surface: dict[str, str | None]) -> list[str]:
        """Content stems of ``text``; ``surface`` caches each word's stem (None for stopwords) and is the vocabulary."""
        out = []
        for word in words(text):
            s = surface.get(word, "")
            if s == "":
                s = stem(word) if is_number(word) or (word not in STOPWORDS and len(word) > 1) else None
                surface[word] = s
            if s is not None:
                out.append(s)
        return out

    def _lookup_uncached(self, word: str) -> tuple[str, float]:
        """Map a query word to a KB stem with a credit in (0, 1], or to itself with credit 0."""
        s = stem(word)
        if s in self._idf:
            return s, 1.0
        if is_number(word) or len(word) < 3:
            return s, 0.0
        if len(word) >= 4:
            bucket = self._buckets.get(word[0], ())
            hit = process.extractOne(word, bucket, scorer=fuzz.ratio, score_cutoff=self.params.fuzzy_cutoff)
            if hit is not None:
                return self._surface[hit[0]], hit[1] / 100.0
        i = bisect.bisect_left(self._vocab, word)
        if i < len(self._vocab) and self._vocab[i].startswith(word) and len(self._vocab[i]) > len(word) + 1:
            return self._surface[self._vocab[i]], self.params.prefix_credit
        return s, 0.0

    def query_terms(self, text: str) -> list[_Term]:
        """The query's content terms, each mapped to the KB's vocabulary where possible."""
        seen: dict[str, _Term] = {}
        for word in words(clean(text)):
            if (word in STOPWORDS or len(word) < 2) and not is_number(word):
                continue
            s, credit = self._lookup(word)
            idf = self._idf.get(s, self._unknown_idf) if credit else self._unknown_idf
            if s not in seen or seen[s].credit < credit:
                seen[s] = _Term(s, idf, credit)
        return list(seen.values())

    def known_share(self, text: str) -> float:
        """Share of the message's words (numbers aside) that are English function words or this KB's vocabulary.

        A language signal from the KB itself: a message the KB's words explain is in the KB's language.
        """
        seen = [w for w in words(clean(text)) if not is_number(w)]
        if not seen:
            return 0.0
        known = sum(w in STOPWORDS or self._lookup(w)[1] > 0 for w in seen)
        return known / len(seen)

    def coverage(self, text: str, entry_id: str) -> float:
        """How much of the entry's closest phrasing (by word rarity) the message covers, 0-1.

        A high score with low coverage is a short message that shares a few words with a longer
        question ("how many members does nato have" / "how much should nato members spend on defence").
        """
        eid = self._index.get(entry_id)
        if eid is None:
            return 0.0
        asked = {t.stem for t in self.query_terms(text) if t.credit > 0}
        return max((sum(self._idf[t] for t in self._phrasings[pid] if t in asked) / self._phrasing_weight[pid]
                    for pid in self._by_entry[eid]), default=0.0)

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """The ``limit`` best entries for ``text``, best first, scores 0-100."""
        terms = self.query_terms(text)
        total = sum(t.idf for t in terms)
        known = [t for t in terms if t.credit > 0]
        if not known or total <= 0:
            return []
        shortlist = self._shortlist(known, max(limit, self.params.shortlist))
        query_numbers = {t.stem for t in terms if is_number(t.stem)}
        scored = sorted(((self._entry_score(eid, known, total, query_numbers), eid) for eid in shortlist),
                        key=lambda x: (-x[0], x[1]))
        if self.params.fuzz_weight > 0:
            scored = self._rescore(scored, " ".join(t.stem for t in terms))
        return [Candidate(self._ids[eid], round(100.0 * s, 1)) for s, eid in scored[:limit]]

    def _shortlist(self, known: list[_Term], size: int) -> list[int]:
        """Entries with the most query information in their phrasings and answer (a cheap upper bound).

        Rare words first; a common word's long posting list is skipped once the budget is spent,
        since it adds little to any score (every entry shortlisted is still fully scored with it).
        """
        acc: dict[int, float] = defaultdict(float)
        aw = self.params.answer_weight
        budget = self.params.postings_budget
        for t in sorted(known, key=lambda t: -t.idf):
            w = t.idf * t.credit
            for weight, postings in ((w, self._post_q.get(t.stem, ())), (aw * w, self._post_a.get(t.stem, ()))):
                if acc and len(postings) > budget:
                    continue
                budget -= len(postings)
                for eid in postings:
                    acc[eid] += weight
        if len(acc) <= size:
            return list(acc)
        return heapq.nlargest(size, acc, key=acc.__getitem__)

    def _entry_score(self, eid: int, known: list[_Term], total: float, query_numbers: set[str]) -> float:
        """The full score of one entry: its best phrasing's coverage, answer support and contradictions."""
        p = self.params
        answer = self._answers[eid]
        pids = self._by_entry[eid]
        asked = self._entry_terms[eid]
        absent = sum(t.idf for t in known if t.stem not in answer and t.stem not in asked)
        total_e = total + (p.absent_factor - 1.0) * absent
        best = 0.0
        for pid in pids:
            phrasing = self._phrasings[pid]
            prefixes = self._phrasing_prefixes[pid] if p.prefix_len else frozenset()
            hit_q = hit_a = covered = 0.0
            for t in known:
                if t.stem in phrasing:
                    hit_q += t.idf * t.credit
                    covered += t.idf
                elif p.prefix_len and len(t.stem) >= p.prefix_len and t.stem[: p.prefix_len] in prefixes:
                    hit_q += t.idf * t.credit * p.prefix_match_credit
                    covered += t.idf * p.prefix_match_credit
                elif t.stem in answer:
                    hit_a += t.idf * t.credit
            q_cov = (hit_q + p.answer_weight * hit_a) / total_e
            p_cov = min(covered / self._phrasing_weight[pid], 1.0)
            best = max(best, p.query_weight * q_cov + (1 - p.query_weight) * p_cov)
        entry_numbers = self._numbers[eid]
        if query_numbers and entry_numbers and not (query_numbers & entry_numbers):
            best *= p.number_penalty
        return best

    def _rescore(self, scored: list[tuple[float, int]], query: str) -> list[tuple[float, int]]:
        """Blend in rapidfuzz's word-set similarity to the closest phrasing (word order and overlap)."""
        w = self.params.fuzz_weight
        out = []
        for lex, eid in scored:
            fz = max(fuzz.token_set_ratio(query, self._phrasing_text[pid]) for pid in self._by_entry[eid]) / 100.0
            # Damped for weak lexical matches: a short query is a subset of many phrasings.
            out.append(((1 - w) * lex + w * fz * min(1.0, lex * 3), eid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out
