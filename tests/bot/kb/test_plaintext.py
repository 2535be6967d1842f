"""The seed import: the shipped KB holds every sentence of the seed verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.kb.loader import KBError
from bot.kb.model import KnowledgeBase
from bot.kb.plaintext import parse_plain, to_yaml
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
def test_import_round_trips_through_yaml() -> None:
    data = parse_plain(SEED, "NATO and Ukraine")
    again = yaml.safe_load(to_yaml(data))
    assert again == data and len(again["entries"]) == 7


def test_odd_line_count_names_the_question_without_answer(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text("Summary.\nQ1?\nA1.\nQ2 without answer?\n", encoding="utf-8")
    with pytest.raises(KBError, match=r"seed.txt:4: question 'Q2 without answer\?'"):
        parse_plain(path, "T")
