"""The bot's own texts in languages other than English: one module per language, keyed like ``bot.messages.ENGLISH``.

A test checks that every language has every key, with the same ``{placeholders}``.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.translations import de, es, fr, pl, ru, uk

__all__ = ["TRANSLATIONS"]

#: language code -> message id -> text
TRANSLATIONS: dict[str, Mapping[str, str]] = {
    "uk": uk.MESSAGES, "ru": ru.MESSAGES, "de": de.MESSAGES, "fr": fr.MESSAGES, "es": es.MESSAGES, "pl": pl.MESSAGES,
}
