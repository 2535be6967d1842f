"""The lexical index stores sets of stems as strings of codes: membership must be exact at any KB size."""

from __future__ import annotations

import random

import pytest

from bot.engine import lexical
from bot.engine.lexical import LexicalMatcher
from bot.kb.model import KnowledgeBase


def test_a_code_is_found_only_in_the_sets_that_hold_it() -> None:
    rng = random.Random(5)
    # Around the switch from one character to two, and far into the two-character codes.
    ids = [*range(lexical._SINGLE - 300, lexical._SINGLE + 300),
           *rng.sample(range(lexical._SINGLE, lexical._SINGLE + lexical._HALF**2), 600)]
    for _ in range(200):
        members = set(rng.sample(ids, 40))
        codes = "".join(lexical._code(i) for i in rng.sample(sorted(members), len(members)))
        for i in rng.sample(ids, 100) + sorted(members):
            assert (lexical._code(i) in codes) == (i in members), i


def test_codes_are_distinct_and_run_out_with_an_error() -> None:
    last = lexical._SINGLE + lexical._HALF**2 - 1
    assert len({lexical._code(i) for i in [*range(lexical._SINGLE - 5, lexical._SINGLE + 5), last]}) == 11
    with pytest.raises(ValueError, match="distinct words"):
        lexical._code(last + 1)


def _queries(kb: KnowledgeBase) -> list[str]:
    rng = random.Random(9)
    out = []
    for e in kb.entries:
        for text in (e.question, *e.alternates):
            words = text.split()
            out += [text, " ".join(words[: max(1, len(words) // 2)]), " ".join(w[:-1] for w in words)]
        out.append(" ".join(rng.sample(e.answer.split(), min(5, len(e.answer.split())))))
    return out


def test_two_character_codes_score_exactly_as_one_character_codes(shipped_kb: KnowledgeBase,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    usual = LexicalMatcher(shipped_kb)
    # Room for 16 one-character codes only: nearly every stem and prefix of the KB gets a pair.
    monkeypatch.setattr(lexical, "_SINGLE", 16)
    monkeypatch.setattr(lexical, "_HALF", 32)
    paired = LexicalMatcher(shipped_kb)
    assert max(map(len, paired._code.values())) == 2 and len(paired._code) > 16
    for query in _queries(shipped_kb):
        found = usual.score(query)
        assert paired.score(query) == found, query
        assert [paired.coverage(query, c.entry_id) for c in found] == [usual.coverage(query, c.entry_id)
                                                                      for c in found]
