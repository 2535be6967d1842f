"""Entry translations in the KB: loaded, validated with file and line, and shipped for the seed in uk and ru."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.loader import KBError, load_kb
from bot.kb.model import KnowledgeBase
from tests.kbfiles import entry, topic, write_topic


def test_translations_are_loaded(tmp_path: Path) -> None:
    write_topic(tmp_path, "t.yaml", topic("T", [entry("Q?", "A.", translations={
        "uk": {"question": "П?", "answer": "В.", "alternates": ["Інше?"]}})]))
    (only,) = load_kb(tmp_path).entries
    assert only.translations["uk"].question == "П?" and only.translations["uk"].alternates == ("Інше?",)


@pytest.mark.parametrize(("translations", "message"), [
    ({"uk": {"question": "П?"}}, "needs both 'question' and 'answer'"),
    ({"Ukrainian!": {"question": "П?", "answer": "В."}}, "must be a code such as uk"),
    ({"uk": {"question": "П?", "answer": "В.", "answr": "x"}}, "unknown key 'answr'"),
    (["uk"], "'translations' must map language codes"),
])
def test_bad_translations_are_reported_with_file_and_line(tmp_path: Path, translations: object, message: str) -> None:
    write_topic(tmp_path, "t.yaml", topic("T", [entry("Q?", "A.", translations=translations)]))
    with pytest.raises(KBError) as caught:
        load_kb(tmp_path)
    assert message in str(caught.value) and "t.yaml:" in str(caught.value)


def test_the_seed_topic_ships_ukrainian_and_russian_translations(shipped_kb: KnowledgeBase) -> None:
    for e in shipped_kb.entries:
        assert set(e.translations) >= {"uk", "ru"}, e.id
        for code in ("uk", "ru"):
            translation = e.translations[code]
            assert translation.question != e.question and translation.answer != e.answer
            assert len(translation.alternates) >= 2
            assert any("\u0400" <= c <= "\u04ff" for c in translation.answer)
