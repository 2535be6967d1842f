"""Embeddings: unit vectors, independent of batching, paraphrases closer than unrelated text."""

from __future__ import annotations

import numpy as np

from bot.engine.semantic.encoder import BULK_TEXTS, DIMENSION, Encoder, batches
from bot.engine.semantic.model import ModelFiles


def test_vectors_are_unit_length(encoder: Encoder) -> None:
    vectors = encoder.encode(["How do I delete my account?", "", "😀"])
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_length_sorted_batches_give_the_same_vectors_in_input_order(encoder: Encoder) -> None:
    texts = ["a much longer sentence about cats, dogs and the meals they need every day", "cat food", "dogs",
             "How often should I feed my cat?", "teach a dog to sit", "x " * 300]
    batched = encoder.encode(texts, batch=4)
    one_by_one = np.stack([encoder.encode_one(t) for t in texts])
    assert np.allclose(batched, one_by_one, atol=1e-3)


def test_a_paraphrase_is_closer_than_an_unrelated_question(encoder: Encoder) -> None:
    query, paraphrase, unrelated = encoder.encode(
        ["How can I remove my Facebook account?", "How do I delete my Facebook profile?",
         "What is the cheapest new car this year?"])
    assert float(query @ paraphrase) > float(query @ unrelated) + 0.3


def test_batches_keep_to_the_text_and_padded_token_limits() -> None:
    lengths = [3, 250, 10, 10, 200, 4, 5]
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    runs = batches(lengths, order, batch=3, budget=400)
    assert [i for run in runs for i in run] == order  # every text once, in length order
    for run in runs:
        assert len(run) <= 3
        assert len(run) == 1 or max(lengths[i] for i in run) * len(run) <= 400
    assert runs[-1] == [1]  # 250 tokens beside 200 would pad past the budget


def test_a_whole_kb_in_one_call_matches_small_rounds(encoder: Encoder) -> None:
    texts = [f"question {i} about {'cats ' * (i % 7)}and dogs" for i in range(40)]
    whole = encoder.encode(texts)
    rounds = np.concatenate([encoder.encode(texts[lo: lo + 8], batch=8) for lo in range(0, 40, 8)])
    assert np.allclose(whole, rounds, atol=1e-5)


def test_a_big_batch_on_every_core_gives_the_vectors_of_one_thread(model_files: ModelFiles) -> None:
    texts = [f"how do I feed {i} cats and {'dogs ' * (i % 30)}?" for i in range(2 * BULK_TEXTS)]
    one = Encoder(model_files, threads=1, bulk_threads=1)
    two = Encoder(model_files, threads=1, bulk_threads=2)
    assert np.array_equal(two.encode(texts), one.encode(texts))
    assert len(two._bulk) == 1 and not one._bulk  # the big call ran on a second session too
    assert np.array_equal(two.encode(texts[:3]), one.encode(texts[:3]))
