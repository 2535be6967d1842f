"""The per-text embedding cache: miss, hit, a one-entry edit re-embeds one text, another model misses."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.matcher import SemanticMatcher
from bot.engine.semantic.store import STORE_FILE, VectorStore, array_key, text_key
from tests.bot.engine.semantic.conftest import small_kb


class _Counting:
    """A fake model: each text's vector is derived from its length; it counts what it embeds."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_a_miss_embeds_and_stores_then_a_hit_reads_without_the_model(tmp_path: Path) -> None:
    embed = _Counting()
    first = VectorStore(tmp_path).vectors("m", 3, ["a", "bb"], embed)
    assert embed.seen == ["a", "bb"]
    again = VectorStore(tmp_path).vectors("m", 3, ["bb", "a"], embed)
    assert embed.seen == ["a", "bb"], "nothing re-embedded"
    assert np.array_equal(again, first[::-1])


def test_only_new_texts_are_embedded_and_duplicates_once(tmp_path: Path) -> None:
    embed = _Counting()
    store = VectorStore(tmp_path)
    store.vectors("m", 3, ["a", "bb"], embed)
    store.vectors("m", 3, ["a", "ccc", "ccc"], embed)
    assert embed.seen == ["a", "bb", "ccc"]
    assert (store.hits, store.misses) == (1, 3)  # "a" read; "bb", then "ccc" once


def test_another_model_id_does_not_reuse_vectors(tmp_path: Path) -> None:
    embed = _Counting()
    VectorStore(tmp_path).vectors("model-a", 3, ["a"], embed)
    VectorStore(tmp_path).vectors("model-b", 3, ["a"], embed)
    assert embed.seen == ["a", "a"]
    assert text_key("model-a", "a") != text_key("model-b", "a")


def test_a_damaged_cache_file_is_a_miss_never_an_error(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).write_bytes(b"this is not a database" * 100)
    embed = _Counting()
    out = VectorStore(tmp_path).vectors("m", 3, ["a"], embed)
    assert embed.seen == ["a"] and out[0, 0] == 1.0


def test_a_stored_vector_of_another_size_is_a_miss(tmp_path: Path) -> None:
    embed = _Counting()
    VectorStore(tmp_path).vectors("m", 3, ["a"], embed)
    with sqlite3.connect(tmp_path / STORE_FILE) as db:
        db.execute("UPDATE vectors SET vec = ?", (b"\0" * 8,))
    VectorStore(tmp_path).vectors("m", 3, ["a"], embed)
    assert embed.seen == ["a", "a"]


def test_an_unwritable_folder_still_embeds(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = VectorStore(blocker / "cache").vectors("m", 3, ["abc"], _Counting())
    assert out[0, 0] == 3.0


def test_progress_is_reported_for_long_builds_only(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    VectorStore(tmp_path).vectors("m", 3, ["a"] * 1 + ["b"], _Counting(), lambda *a: calls.append(a),
                                  progress_after=3600)
    assert calls == []
    VectorStore(tmp_path / "2").vectors("m", 3, [str(i) for i in range(130)], _Counting(),
                                        lambda *a: calls.append(a), progress_after=0)
    assert calls[-1] == ("m", 130, 130) and len(calls) == 3


def test_a_one_entry_edit_re_embeds_only_that_entry(tmp_path: Path, encoder: Encoder) -> None:
    store = VectorStore(tmp_path / "cache")
    first = SemanticMatcher(small_kb(tmp_path / "kb"), encoder, store)
    assert first.embedded == 7  # 4 phrasings + 3 question-and-answer texts
    same = SemanticMatcher(small_kb(tmp_path / "kb"), encoder, store)
    assert same.embedded == 0
    assert same.score("how much should my cat eat") == first.score("how much should my cat eat")
    edited = SemanticMatcher(small_kb(tmp_path / "kb", " Kittens eat more often."), encoder, store)
    assert edited.embedded == 1  # only the edited entry's question-and-answer text


def test_a_kb_statistic_is_computed_once_then_read_back_even_in_a_new_process(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute() -> np.ndarray:
        calls.append(1)
        return np.array([0.25, 1 / 3], dtype=np.float64)

    key = array_key("hubness", "m", ["a", "b"], np.array([0, 1]))
    first = VectorStore(tmp_path).array(key, compute)
    again = VectorStore(tmp_path).array(key, compute)  # a new store: read from the file
    assert calls == [1]
    assert np.array_equal(first, again) and again[1] == 1 / 3, "float64, exactly"
    assert key != array_key("hubness", "m", ["a", "b"], np.array([0, 0])), "other owners, another key"
    assert key != array_key("hubness", "m", ["a", "c"], np.array([0, 1])), "other texts, another key"
    VectorStore(None).array(key, compute)
    assert calls == [1, 1], "no cache folder: computed"


def test_an_answer_edit_reuses_the_hubness_and_a_question_edit_recomputes_it(tmp_path: Path, encoder: Encoder,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = VectorStore(tmp_path)
    computed: list[int] = []
    original = SemanticMatcher._hubness

    def counting(self: SemanticMatcher) -> np.ndarray:
        computed.append(1)
        return original(self)

    monkeypatch.setattr(SemanticMatcher, "_hubness", counting)
    first = SemanticMatcher(small_kb(tmp_path / "a"), encoder, store)
    answer_edit = SemanticMatcher(small_kb(tmp_path / "b", answer_suffix=" Or three."), encoder, store)
    assert computed == [1]
    assert np.array_equal(first._hub, answer_edit._hub) and answer_edit._hub.dtype == np.float32
    kb = small_kb(tmp_path / "c")
    entries = (replace(kb.entries[0], question="How often do cats eat?"), *kb.entries[1:])
    SemanticMatcher(replace(kb, entries=entries, _by_id={}), encoder, store)
    assert computed == [1, 1]
