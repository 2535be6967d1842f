"""The KB embedding cache: a miss embeds and stores, a hit loads, a changed KB misses, damage is a miss."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.engine.semantic.cache import EmbeddingCache
from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.matcher import SemanticMatcher
from tests.bot.engine.semantic.conftest import small_kb


def _matcher(kb_dir: Path, cache_dir: Path, encoder: Encoder, suffix: str = "") -> SemanticMatcher:
    return SemanticMatcher(small_kb(kb_dir, suffix), encoder, EmbeddingCache(cache_dir))


def test_first_build_misses_and_stores_then_the_next_build_hits(tmp_path: Path, encoder: Encoder) -> None:
    first = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    assert not first.cache_hit
    stored = EmbeddingCache(tmp_path / "cache").path(first.cache_key())
    assert stored.is_file()
    second = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    assert second.cache_hit
    assert second.score("how much should my cat eat") == first.score("how much should my cat eat")


def test_a_changed_kb_misses_and_gets_its_own_file(tmp_path: Path, encoder: Encoder) -> None:
    before = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    after = _matcher(tmp_path / "kb", tmp_path / "cache", encoder, suffix=" Kittens eat more often.")
    assert not after.cache_hit
    assert after.cache_key() != before.cache_key()
    assert len(list((tmp_path / "cache").glob("*.npz"))) == 2


def test_the_key_names_the_model_and_the_kb_content(tmp_path: Path, encoder: Encoder) -> None:
    matcher = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    assert matcher.cache_key().startswith(encoder.model_id)
    assert matcher.kb.fingerprint[:32] in matcher.cache_key()


def test_a_damaged_cache_file_is_a_miss_and_is_rewritten(tmp_path: Path, encoder: Encoder) -> None:
    first = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    path = EmbeddingCache(tmp_path / "cache").path(first.cache_key())
    path.write_bytes(b"garbage")
    again = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    assert not again.cache_hit
    assert _matcher(tmp_path / "kb", tmp_path / "cache", encoder).cache_hit


def test_arrays_of_the_wrong_shape_are_a_miss(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.save("k", {"phrasings": np.zeros((2, 384), dtype=np.float32)})
    assert cache.load("k", {"phrasings": (3, 384)}) is None
    assert cache.load("k", {"phrasings": (2, 384)}) is not None


def test_an_unwritable_cache_folder_still_gives_a_working_matcher(tmp_path: Path, encoder: Encoder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    matcher = _matcher(tmp_path / "kb", blocker / "cache", encoder)
    assert not matcher.cache_hit
    assert matcher.score("feeding my cat")[0].score > 0


@pytest.mark.parametrize("name", ["phrasings", "qa"])
def test_the_cache_holds_float32_arrays(tmp_path: Path, encoder: Encoder, name: str) -> None:
    matcher = _matcher(tmp_path / "kb", tmp_path / "cache", encoder)
    with np.load(EmbeddingCache(tmp_path / "cache").path(matcher.cache_key())) as data:
        assert data[name].dtype == np.float32
