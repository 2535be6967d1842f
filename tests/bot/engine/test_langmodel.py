"""The language model kept uncompressed in the cache folder: py3langid's own detections, rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine.langmodel import load_identifier
from bot.engine.language import _CANDIDATES, LanguageDetector
from bot.kb.model import KnowledgeBase

pytest.importorskip("py3langid", reason="the engine's dependencies are not installed: pip install -e .")

_TEXTS = ["Wie hilft die Allianz der Ukraine?", "Comment l'Alliance aide-t-elle ?", "Як НАТО підтримує Україну?",
          "¿Cómo ayuda la Alianza?", "Jak sojusz pomaga?", "Hoe helpt de alliantie?", "lol", "ok then", "",
          "12345", "日本はどのように関与していますか", "Ποιος είναι ο ρόλος;", "Hur hjälper alliansen?"]


@pytest.fixture(scope="module")
def fresh() -> Any:
    """py3langid's identifier read from its compressed file, restricted as the detector restricts it."""
    return load_identifier(_CANDIDATES)


def _texts(kb: KnowledgeBase) -> list[str]:
    out = list(_TEXTS)
    for entry in kb.entries:
        out += [entry.question, entry.answer]
        out += [t.question for t in entry.translations.values()]
    return out


def _unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, reading py3langid's compressed model fails the test."""
    from py3langid.langid import LanguageIdentifier

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the compressed model was read")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", boom)


def test_the_cached_model_detects_exactly_what_py3langid_does(fresh: Any, tmp_path: Path, shipped_kb: KnowledgeBase,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    written = load_identifier(_CANDIDATES, tmp_path)  # the first time: built and written
    _unread(monkeypatch)
    read = load_identifier(_CANDIDATES, tmp_path)  # then: memory-mapped from the cache folder
    for text in _texts(shipped_kb):
        expected = fresh.classify(text), fresh.rank(text)
        assert (written.classify(text), written.rank(text)) == expected, text
        assert (read.classify(text), read.rank(text)) == expected, text


def test_a_damaged_cached_model_is_rebuilt(fresh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_identifier(_CANDIDATES, tmp_path)
    [folder] = tmp_path.glob("langid-*")
    (folder / "pc.npy").write_bytes(b"damaged")
    assert load_identifier(_CANDIDATES, tmp_path).classify(_TEXTS[0]) == fresh.classify(_TEXTS[0])
    _unread(monkeypatch)
    assert load_identifier(_CANDIDATES, tmp_path).classify(_TEXTS[0]) == fresh.classify(_TEXTS[0])


def test_another_language_list_gets_its_own_model_and_an_unwritable_cache_still_detects(tmp_path: Path) -> None:
    load_identifier(_CANDIDATES, tmp_path)
    load_identifier(["en", "de"], tmp_path)  # replaces the other one (an upgrade does the same)
    assert len(list(tmp_path.glob("langid-*"))) == 1
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert LanguageDetector(blocked).detect("Wie hilft die Allianz der Ukraine bei der Verteidigung?").language == "de"
