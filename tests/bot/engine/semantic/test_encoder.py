"""Embeddings: unit vectors, independent of batching, paraphrases closer than unrelated text."""

from __future__ import annotations

import numpy as np

from bot.engine.semantic.encoder import DIMENSION, Encoder


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
