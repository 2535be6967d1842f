"""WordPiece ids: BERT-uncased ids, bounded length, odd input never crashes."""

from __future__ import annotations

from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.tokenizer import CLS, MAX_TOKENS, SEP


def test_known_words_get_their_bert_uncased_ids(encoder: Encoder) -> None:
    # bert-base-uncased vocab.txt: hello=7592, world=2088; "Hello" is lower-cased first.
    assert encoder.tokenizer.ids("Hello world") == [CLS, 7592, 2088, SEP]


def test_unknown_words_split_into_word_pieces(encoder: Encoder) -> None:
    ids = encoder.tokenizer.ids("faqbotology")
    assert ids[0] == CLS and ids[-1] == SEP and len(ids) > 3


def test_control_characters_are_dropped_as_bert_does(encoder: Encoder) -> None:
    assert encoder.tokenizer.ids("hel\x00lo wor\x1bld") == encoder.tokenizer.ids("hello world")


def test_a_huge_message_is_cut_to_the_model_length(encoder: Encoder) -> None:
    assert len(encoder.tokenizer.ids("word " * 100_000)) == MAX_TOKENS


def test_odd_input_gives_ids(encoder: Encoder) -> None:
    for text in ["", "😀🎉", "مرحبا بالعالم", "<b>&amp;</b> *x* @everyone", "\u202e\u200b", "x" * 5000]:
        ids = encoder.tokenizer.ids(text)
        assert ids[0] == CLS and ids[-1] == SEP and len(ids) <= MAX_TOKENS
