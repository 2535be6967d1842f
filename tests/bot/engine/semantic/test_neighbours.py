"""The follow-ups' neighbour table: exactly the one-entry pass, from the cache, and updated after an edit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.engine.semantic import neighbours
from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.matcher import SemanticMatcher
from bot.engine.semantic.neighbours import Neighbours, similarities
from bot.engine.semantic.store import VectorStore
from tests.bot.engine.semantic.conftest import small_kb


def _vectors(n: int, duplicate: bool = True) -> np.ndarray:
    """Unit vectors in tight clusters (many near-ties), with one exact duplicate pair unless not ``duplicate``."""
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((max(1, n // 10), 384))
    out = (centres[rng.integers(0, len(centres), n)] + 0.2 * rng.standard_normal((n, 384))).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    if n > 4 and duplicate:
        out[n - 1] = out[2]  # two rows tie exactly with every other row
    return out


def _tied(n: int) -> np.ndarray:
    """Unit vectors of 16 entries of +-0.25 each: every cosine is a multiple of 1/16, computed exactly, so many tie."""
    rng = np.random.default_rng(5)
    out = np.zeros((n, 384), dtype=np.float32)
    for row in out:
        row[rng.choice(48, 16, replace=False)] = rng.choice([-0.25, 0.25], 16)
    return out


def _one_entry_pass(vectors: np.ndarray, i: int, limit: int) -> list[int]:
    """What a reply used to compute per entry: every cosine, the best ``limit``, ties in row order."""
    sims = similarities(vectors, i)
    sims[i] = -np.inf
    return [int(j) for j in np.argsort(-sims, kind="stable")[:limit]]


@pytest.mark.parametrize(("n", "tied"), [(1, False), (2, False), (5, False), (13, False), (14, False),
                                         (300, False), (2500, False), (400, True)])
def test_the_table_is_exactly_the_one_entry_pass(n: int, tied: bool) -> None:
    vectors = _tied(n) if tied else _vectors(n)
    table = Neighbours.build(vectors)
    assert table.k == min(12, n - 1)
    for i in range(n):
        assert table.of(vectors, i, 12) == _one_entry_pass(vectors, i, min(12, n - 1))
        assert table.of(vectors, i, 3) == _one_entry_pass(vectors, i, min(3, n - 1))
    if n > 20:
        assert table.of(vectors, 0, 20) == _one_entry_pass(vectors, 0, 20), "more than the table keeps"
        assert tied or table.of(vectors, 2, 1) == [n - 1], "an exact duplicate is the nearest"


@pytest.mark.parametrize("tied", [False, True])
def test_an_edit_updates_the_previous_table_to_what_a_new_one_would_be(tied: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = _tied(2000) if tied else _vectors(2000, duplicate=False)
    previous = Neighbours.build(vectors)
    edited = vectors.copy()
    edited[500] = vectors[10] * -1.0  # changed
    edited = np.insert(np.delete(edited, 7, axis=0), 1200, vectors[40] * -1.0, axis=0)  # one removed, one added
    assert len({row.tobytes() for row in edited}) == len(edited)
    fresh = Neighbours.build(edited)

    def no_full(*args: object) -> None:
        raise AssertionError("the whole table was recomputed")

    monkeypatch.setattr("bot.engine.semantic.neighbours._full", no_full)
    updated = Neighbours.build(edited, previous=previous)
    assert np.array_equal(updated.ids, fresh.ids) and np.array_equal(updated.sims, fresh.sims)


def test_reordered_rows_are_recomputed_not_merged() -> None:
    vectors = _vectors(300, duplicate=False)
    previous = Neighbours.build(vectors)
    shuffled = vectors[np.random.default_rng(1).permutation(300)]
    assert np.array_equal(Neighbours.build(shuffled, previous=previous).ids, Neighbours.build(shuffled).ids)


def test_the_matcher_caches_its_table_and_updates_it_after_an_answer_edit(tmp_path: Path, encoder: Encoder,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = VectorStore(tmp_path / "cache")
    first = SemanticMatcher(small_kb(tmp_path / "a"), encoder, store)
    assert [first.neighbours(e.id, 12) for e in first.kb.entries] == _one_entry_passes(first)
    calls: list[str] = []
    monkeypatch.setattr(neighbours, "_full", lambda *args: calls.append("full"))
    edit = neighbours._edited
    monkeypatch.setattr(neighbours, "_edited", lambda *args: calls.append("edit") or edit(*args))
    again = SemanticMatcher(small_kb(tmp_path / "b"), encoder, VectorStore(tmp_path / "cache"))
    assert calls == [] and np.array_equal(again._near.ids, first._near.ids), "read from the cache file"
    edited = SemanticMatcher(small_kb(tmp_path / "c", answer_suffix=" Or three."), encoder, store)
    assert calls == ["edit"], "the last table, updated"
    assert [edited.neighbours(e.id, 2) for e in edited.kb.entries] == _one_entry_passes(edited)


def _one_entry_passes(matcher: SemanticMatcher) -> list[list[str]]:
    ids = [e.id for e in matcher.kb.entries]
    return [[ids[j] for j in _one_entry_pass(matcher._qa, i, len(ids) - 1)] for i in range(len(ids))]
