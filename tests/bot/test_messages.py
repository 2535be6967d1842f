"""The message catalogue: every id used in the code exists in English; translations fall back to English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import messages

ROOT = Path(__file__).resolve().parents[2]
USED = re.compile(r"""messages\.text\(\s*["']([\w.]+)["']""")


def _used_ids() -> set[str]:
    found: set[str] = set()
    for folder in ("bot", "adapters"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(USED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_id_used_in_the_code_is_in_english() -> None:
    used = _used_ids()
    assert len(used) > 30  # the scan finds the calls
    assert used - set(messages.ENGLISH) == set()


@pytest.mark.parametrize("language", sorted(messages.CATALOGUE))
def test_every_translated_id_exists_in_english(language: str) -> None:
    assert set(messages.CATALOGUE[language]) <= set(messages.ENGLISH)


def test_lookup_falls_back_to_english_and_fills_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(messages.CATALOGUE, "xx", {"reply.thanks": "Bitte!"})
    assert messages.text("reply.thanks", "xx") == "Bitte!"
    assert messages.text("reply.unknown", "xx") == messages.ENGLISH["reply.unknown"]
    assert messages.text("reply.unknown", "no-such-language") == messages.ENGLISH["reply.unknown"]
    assert messages.text("reply.no_such_topic", name="{odd} <b>") == "I have no topic called '{odd} <b>'. Which topic?"
    with pytest.raises(KeyError):
        messages.text("no.such.id")


@pytest.mark.parametrize("language", ["en", "uk", "ru", "de", "fr", "es", "pl"])
def test_every_key_exists_in_every_language_with_the_same_placeholders(language: str) -> None:
    catalogue = messages.CATALOGUE[language]
    assert set(catalogue) == set(messages.ENGLISH)
    for key, english in messages.ENGLISH.items():
        assert set(re.findall(r"{(\w+)}", catalogue[key])) == set(re.findall(r"{(\w+)}", english)), key
        if language != "en" and not key.endswith(("console.match", "telegram.topic_line", "discord.topic_footer")):
            assert catalogue[key] != english, f"{key} is not translated into {language}"
