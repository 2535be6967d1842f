"""What is kept as a question for the report: never terminal keys, escape sequences or control input."""

from __future__ import annotations

import pytest

from bot.quality.questions import question_text


@pytest.mark.parametrize("keys", ["\x1b[A", "\x1b[B\x1b[C\x1b[D", "\x1bOP", "\x1b[1;5C", "\x1b[3~", "\x1b[200~",
                                  "\x9b2J", "\x00\x07\x08", "[A", "[1;5C[D", "OA", "   ", "", None, "😀"])
def test_keys_controls_and_blanks_are_no_question(keys: str | None) -> None:
    assert question_text(keys) is None


@pytest.mark.parametrize(("text", "kept"), [
    ("what is article 5?", "what is article 5?"),
    ("what\x1b[D\x1b[C is article 5\x1b[A", "what is article 5"),
    ("is it [A] or [B]?", "is it [A] or [B]?"),
    ("OK thanks", "OK thanks"),
    ("що таке НАТО\u200b?", "що таке НАТО ?"),
])
def test_questions_are_kept_cleaned(text: str, kept: str) -> None:
    assert question_text(text) == kept
