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
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import cast

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


#: Shared by every entry without numbers (most of them): one empty set, not one per entry.
_NO_NUMBERS: frozenset[str] = frozenset()
# Codes: one character for each of the first 1,048,576 stems, then a lead character from
# [_SINGLE, _SINGLE + _HALF) followed by a trail character from [_SINGLE + _HALF, 0x110000).
_SINGLE = 0x100000
_HALF = 0x8000


def _code(n: int) -> str:
    """The ``n``-th code of a set stored as a string, where ``code in codes`` is the membership test.

    A one-character code is below every lead and trail character, so it only matches itself; a
    pair starts with a lead, which only starts pairs, so it never matches across two codes.
    """
    if n < _SINGLE:
        return chr(n)
    lead, trail = divmod(n - _SINGLE, _HALF)
    if lead >= _HALF:
        raise ValueError(f"more than {_SINGLE + _HALF * _HALF:,} distinct words")
    return chr(_SINGLE + lead) + chr(_SINGLE + _HALF + trail)


class _Stem:
    """A stem while the index is built: its code, its prefix's code and the entries using it."""

    __slots__ = ("answers", "code", "prefix", "questions", "text")

    def __init__(self, text: str, code: str, prefix: str | None) -> None:
        self.text = text
        self.code = code
        self.prefix = prefix  # code of its first prefix_len letters; None when it is shorter
        self.questions: array[int] = array("i")  # entries with it in a phrasing
        self.answers: array[int] = array("i")  # entries with it in the answer only


_CODE = attrgetter("code")


class _Vocabulary(dict[str, "_Stem | None"]):
    """The build's word -> stem table (None for a stopword): each distinct word is stemmed once.

    One lookup per word of the KB gives its stem, code and posting lists: the build's inner loops
    touch nothing else.
    """

    def __init__(self, prefix_len: int) -> None:
        super().__init__()
        self.stems: dict[str, _Stem] = {}
        self.prefixes: dict[str, str] = {}  # first prefix_len letters of a stem -> their code
        self.numbers: set[_Stem] = set()
        self._prefix_len = prefix_len

    def __missing__(self, word: str) -> _Stem | None:
        s = stem(word) if is_number(word) or (word not in STOPWORDS and len(word) > 1) else None
        found = None if s is None else self.stems.get(s) or self._new(s)
        self[word] = found
        return found

    def _new(self, text: str) -> _Stem:
        plen = self._prefix_len
        prefix = None
        if plen and len(text) >= plen:
            prefix = self.prefixes.setdefault(text[:plen], _code(len(self.prefixes)))
        found = self.stems[text] = _Stem(text, _code(len(self.stems)), prefix)
        if text.isdigit():
            self.numbers.add(found)
        return found


class _Ranges:
    """Each entry's phrasing ids, from one offset per entry (they are consecutive) rather than a list each."""

    __slots__ = ("_starts",)

    def __init__(self, starts: array[int]) -> None:
        self._starts = starts

    def __getitem__(self, eid: int) -> range:
        return range(self._starts[eid], self._starts[eid + 1])

    def __len__(self) -> int:
        return len(self._starts) - 1


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
        # Sets of stems are strings of codes (see _code): a 5-word frozenset takes 728 bytes, its codes 84.
        self._phrasings: list[tuple[str, ...]] = []  # each phrasing's stems, once each
        self._phrasing_codes: list[str] = []
        self._phrasing_prefixes: list[str] = []  # codes of the first prefix_len letters of its stems
        self._entry_codes: list[str] = []  # codes of the stems of all the entry's phrasings
        self._answers: list[str] = []  # codes of the answer's stems
        self._numbers: list[frozenset[str]] = []
        starts = array("i", [0])  # an entry's phrasings are consecutive: _by_entry[eid] is a range
        vocabulary = _Vocabulary(params.prefix_len)
        lookup = vocabulary.__getitem__
        for eid, entry in enumerate(kb.entries):
            asked: set[_Stem] = set()
            for phrasing in (entry.question, *entry.alternates):
                found = [s for s in map(lookup, words(phrasing)) if s is not None]
                # In a frozenset's order, the order the idf sums (weights, coverage) have always used.
                self._phrasings.append(tuple(frozenset(s.text for s in found)))
                self._phrasing_codes.append("".join(set(map(_CODE, found))))
                self._phrasing_prefixes.append("".join({s.prefix for s in found if s.prefix is not None}))
                asked.update(found)
            starts.append(len(self._phrasings))
            several = starts[-1] - starts[-2] > 1
            self._entry_codes.append("".join(map(_CODE, asked)) if several else self._phrasing_codes[-1])
            answer = set(map(lookup, words(entry.answer)))
            answer.discard(None)
            answered = cast("set[_Stem]", answer)
            self._answers.append("".join(map(_CODE, answered)))
            numbers = _NO_NUMBERS
            if vocabulary.numbers:  # most KBs have few numbers: a short set to intersect with
                numbers = frozenset(s.text for s in (asked | answered) & vocabulary.numbers) or _NO_NUMBERS
            self._numbers.append(numbers)
            for s in asked:
                s.questions.append(eid)
            for s in answered - asked:
                s.answers.append(eid)
        stems = vocabulary.stems.values()
        self._code = {s.text: s.code for s in stems}  # stem -> its code
        self._prefix_code = vocabulary.prefixes
        self._by_entry = _Ranges(starts)
        # term -> entries having it in a phrasing / only in the answer: the cheap first pass adds these up.
        self._post_q = {s.text: s.questions for s in stems if s.questions}
        self._post_a = {s.text: s.answers for s in stems if s.answers}
        # The two lists are disjoint: together, the entries that use the term (BM25's idf).
        df = {s.text: len(s.questions) + len(s.answers) for s in stems}
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # A word the KB never uses must count against every match, or off-topic questions that
        # share one common word with an entry would look like a match.
        self._unknown_idf = (math.log(1 + (n - 0.5) / 1.5) if n else 1.0) * self.params.unknown_factor
        self._phrasing_weight = array("d", (sum(self._idf[t] for t in p) or 1.0 for p in self._phrasings))
        self._surface = {w: s.text for w, s in vocabulary.items() if s is not None}  # word -> stem, for typo lookup
        self._vocab = sorted(self._surface)
        # Typos rarely hit the first letter: searching that letter's words keeps lookups fast on big KBs.
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in self._vocab:
            buckets[word[0]].append(word)
        self._buckets = dict(buckets)
        self._lookup = lru_cache(maxsize=8192)(self._lookup_uncached)

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
        plen = p.prefix_len
        answer = self._answers[eid]
        asked = self._entry_codes[eid]
        coded = [(t, self._code[t.stem]) for t in known]  # known terms are KB stems: each has a code
        absent = sum(t.idf for t, c in coded if c not in answer and c not in asked)
        total_e = total + (p.absent_factor - 1.0) * absent
        best = 0.0
        for pid in self._by_entry[eid]:
            phrasing = self._phrasing_codes[pid]
            prefixes = self._phrasing_prefixes[pid]
            hit_q = hit_a = covered = 0.0
            for t, c in coded:
                if c in phrasing:
                    hit_q += t.idf * t.credit
                    covered += t.idf
                elif (plen and len(t.stem) >= plen
                      and (pc := self._prefix_code.get(t.stem[:plen])) is not None and pc in prefixes):
                    hit_q += t.idf * t.credit * p.prefix_match_credit
                    covered += t.idf * p.prefix_match_credit
                elif c in answer:
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
            fz = max(fuzz.token_set_ratio(query, " ".join(self._phrasings[pid])) for pid in self._by_entry[eid]) / 100.0
            # Damped for weak lexical matches: a short query is a subset of many phrasings.
            out.append(((1 - w) * lex + w * fz * min(1.0, lex * 3), eid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out
