"""The multilingual tier's per-KB statistics: hubness and per-language floors from one pass of cosines."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from bot.engine.semantic.multilingual import MultilingualMatcher, MultilingualParams
from bot.kb.model import Entry, KnowledgeBase, Translation


class _HashEncoder:
    """Deterministic pseudo-random unit vectors per text: the statistics' arithmetic, without the model."""

    model_id = "hash-test"
    dimension = 8

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).standard_normal(8)
                for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 8)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def _kb(n: int) -> KnowledgeBase:
    entries = []
    for i in range(n):
        translations = {"uk": Translation(f"uk {i}", "a", (f"uk alt {i}",))} if i % 2 else {}
        if i % 3 == 0:
            translations["de"] = Translation(f"de {i}", "a")
        entries.append(Entry(f"e{i}", "t", f"question {i}", "answer", alternates=(f"alt {i}",) * (i % 2),
                             translations=translations))
    return KnowledgeBase(topics=(), entries=tuple(entries))


def _reference(vectors: np.ndarray, owner: np.ndarray, languages: np.ndarray, floor: float,
               ) -> tuple[np.ndarray, dict[str, float]]:
    """Hubness and floors computed naively, one cosine matrix per language."""
    sims = vectors @ vectors.T
    sims[owner[:, None] == owner[None, :]] = -1.0
    hub = np.full(owner.max() + 1, -np.inf)
    np.maximum.at(hub, owner, sims.max(axis=1))
    floors = {}
    for code in sorted(set(languages.tolist())):
        rows = np.flatnonzero(languages == code)
        if len(set(owner[rows].tolist())) < 3:
            floors[code] = floor
            continue
        best: dict[int, float] = {}
        for r in rows:
            best[int(owner[r])] = max(best.get(int(owner[r]), -1.0), float(sims[r, rows].max()))
        floors[code] = max(floor, float(np.median(list(best.values()))))
    return hub, floors


def test_hubness_and_floors_match_a_naive_computation() -> None:
    params = MultilingualParams(floor=-1.0)  # no clamping: the medians themselves are compared
    matcher = MultilingualMatcher(_kb(2100), _HashEncoder(), params=params)  # type: ignore[arg-type]
    hub, floors = _reference(matcher._vectors, matcher._owner, matcher._languages, params.floor)
    assert np.allclose(matcher._hub, hub - np.median(hub), atol=1e-5)
    assert floors.keys() == matcher.floors.keys() == {"en", "uk", "de"}
    for code, value in floors.items():
        assert abs(matcher.floors[code] - value) < 1e-5, code
