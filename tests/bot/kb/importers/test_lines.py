"""The seed's line format, now checked: a missing or extra line is an error at its line, not a silent shift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.kb.importers import import_file
from bot.kb.importers.lines import is_question
from bot.kb.loader import KBError
from bot.kb.model import KnowledgeBase
from tests.conftest import SHARED

SEED = SHARED / "seed" / "nato-ukraine.txt"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the checkout")
def test_shipped_kb_has_every_seed_sentence_verbatim(shipped_kb: KnowledgeBase) -> None:
    shipped = " ".join([t.summary for t in shipped_kb.topics]
                       + [f"{e.question} {e.answer}" for e in shipped_kb.entries])
    sentences = _sentences(SEED.read_text(encoding="utf-8"))
    assert len(sentences) > 20
    missing = [s for s in sentences if s not in shipped]
    assert missing == []
    assert [t.name for t in shipped_kb.topics] == ["NATO and Ukraine"]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the checkout")
def test_the_seed_still_imports() -> None:
    imported = import_file(SEED)
    assert imported.format == "line format" and len(imported.entries) == 7
    assert imported.summary.startswith("NATO continues")


def test_pairs_and_summary(tmp_path: Path) -> None:
    path = tmp_path / "kb.txt"
    path.write_text("A summary.\n\nQ1?\nA1.\nWhy «two»?»\nBecause.\n", encoding="utf-8")
    imported = import_file(path)
    assert [(e.question, e.answer, e.line) for e in imported.entries] == [("Q1?", "A1.", 3),
                                                                          ("Why «two»?»", "Because.", 5)]


@pytest.mark.parametrize("text, line, message", [
    ("Summary.\nQ1?\nA1.\nQ2?\nQ3?\nA3.\n", 4, "the next line (5) is a question too"),  # an answer line missing
    ("Summary.\nQ1?\nA1.\nA1 continued.\nQ2?\nA2.\n", 4, "expected a question"),  # an answer split in two
    ("Summary.\nQ1?\nA1.\nQ2 without answer?\n", 4, "has no answer line after it"),
    ("Is this a summary?\nQ1?\nA1.\n", 1, "ends with '?'"),
])
def test_a_broken_pair_is_an_error_with_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "kb.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as info:
        import_file(path)
    assert info.value.problems[0].line == line and message in info.value.problems[0].message


def test_question_marks_of_other_scripts() -> None:
    assert is_question("Что такое НАТО?") and is_question("これは何ですか？") and is_question("ما هو الناتو؟")
    assert not is_question("NATO is an alliance.")
