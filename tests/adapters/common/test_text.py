"""The one splitter and clipper: every piece within the limit by the platform's measure, nothing lost."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.common.text import clip, fit, split, utf16_len

_text = st.text(alphabet=st.sampled_from(list("ab \n.,!🙂é\u200d&<")), max_size=3000)


def test_utf16_counts_astral_characters_twice() -> None:
    assert utf16_len("a") == 1 and utf16_len("é") == 1 and utf16_len("🚀") == 2
    assert utf16_len("🚀" * 4000) == 8000 == len(("🚀" * 4000).encode("utf-16-le")) // 2


@settings(max_examples=200, deadline=None)
@given(text=_text, limit=st.integers(min_value=2, max_value=500), min_fill=st.sampled_from([0.0, 0.5]))
def test_split_keeps_every_character_within_the_limit(text: str, limit: int, min_fill: float) -> None:
    pieces = split(text, limit, min_fill=min_fill)
    assert "".join(pieces) == text
    assert all(utf16_len(p) <= limit for p in pieces)
    assert all(pieces) or pieces == [""]


@settings(max_examples=100, deadline=None)
@given(text=_text, limit=st.integers(min_value=6, max_value=300))
def test_a_pluggable_measure_is_respected(text: str, limit: int) -> None:
    def escaped(piece: str) -> int:
        return utf16_len(html.escape(piece))

    pieces = split(text, limit, measure=escaped, first_limit=limit // 2 + 3)
    assert "".join(pieces) == text
    assert escaped(pieces[0]) <= limit // 2 + 3 and all(escaped(p) <= limit for p in pieces)


def test_split_prefers_paragraphs_then_words() -> None:
    text = "First paragraph here.\n\nSecond one is a little longer than the first."
    assert split(text, 40, min_fill=0.5) == ["First paragraph here.\n\n", "Second one is a little longer than the ",
                                             "first."]
    assert split("one line\nsecond line that is long", 20) == ["one line\n", "second line that is ", "long"]
    assert split("ab\n" + "x" * 30, 20, min_fill=0.5)[0] == "ab\n" + "x" * 17  # too early a break: a hard cut


def test_four_thousand_rockets_are_two_pieces_for_a_4096_limit() -> None:
    pieces = split("🚀" * 4000, 4096)
    assert [len(p) for p in pieces] == [2048, 1952] and all(utf16_len(p) <= 4096 for p in pieces)


def test_a_limit_too_small_for_one_character_is_an_error() -> None:
    with pytest.raises(ValueError, match="cannot hold"):
        split("🚀🚀", 1)


def test_clip_adds_an_ellipsis_only_when_needed() -> None:
    assert clip("short", 10) == "short"
    assert clip("x" * 300, 256) == "x" * 255 + "…"
    assert utf16_len(clip("🙂" * 200, 100)) <= 100
    assert clip("a  b\n\nc", 10, one_line=True) == "a b c"
    assert clip("word " * 10, 12) == "word word w…"  # a character clip: labels and titles
    assert fit("🚀ab", 3) == 2


def test_clip_at_a_word_for_prose() -> None:
    assert clip("I answer questions about cats, dogs and birds.", 30, at_word=True) == "I answer questions about…"
    assert clip("Supercalifragilistic", 10, at_word=True) == "Supercali…"  # no space: a character cut
    assert utf16_len(clip("🚀 " * 100, 21, at_word=True)) <= 21
