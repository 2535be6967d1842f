"""Text cleaning: what passes ``clean()`` is safe to store, log and send (no lone surrogates, no controls)."""

from __future__ import annotations

import pytest

from bot.engine.text import MAX_QUERY_CHARS, clean


@pytest.mark.parametrize("raw", [
    "what is \udcff article 5",  # an invalid UTF-8 byte decoded with surrogateescape
    "\ud800",  # a lone high surrogate
    "tail \udfff",  # a lone low surrogate
    b"caf\xe9 \xff\xfe nato".decode("utf-8", "surrogateescape"),
])
def test_no_lone_surrogate_survives_and_the_result_encodes_as_utf8(raw: str) -> None:
    cleaned = clean(raw)
    cleaned.encode("utf-8")  # strict: raises on any surrogate
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
    assert "\ufffd" in cleaned  # the reader sees that something was there


def test_a_surrogate_pair_written_as_two_code_points_becomes_the_character() -> None:
    assert clean("hi \ud83d\ude00") == "hi \U0001f600"


def test_plain_text_is_unchanged_and_long_text_is_cut() -> None:
    assert clean("  What   is\tNATO?\x00 ") == "What is NATO?"
    assert len(clean("x" * 10_000)) == MAX_QUERY_CHARS
