"""Command descriptions in the user's client language: discord.py's Translator over the bot's message catalogue.

Discord stores one text per locale with each command (``description_localizations``) and shows the one
for the client's language, so the translations are sent once, by ``discord-sync``; nothing is looked up
when a command runs.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot import messages

__all__ = ["CatalogueTranslator", "catalogue_language", "localised"]

# The key ``localised`` stores in ``locale_str.extras``; strings without it (command names, the KB
# questions offered by autocomplete) are never translated.
_MESSAGE_ID = "message_id"


def localised(message_id: str) -> app_commands.locale_str:
    """The English catalogue text of ``message_id``, marked for translation at sync.

    The English text is the default Discord shows when a locale has no translation.
    """
    return app_commands.locale_str(messages.text(message_id), **{_MESSAGE_ID: message_id})


def catalogue_language(locale: discord.Locale) -> str | None:
    """The catalogue language for a Discord locale (``es-ES`` and ``es-419`` -> ``es``), None if it has none."""
    language = locale.value.split("-", 1)[0].lower()
    return language if language in messages.CATALOGUE else None


class CatalogueTranslator(app_commands.Translator):
    """Maps each Discord locale to the catalogue's text for the string's message id."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        """The catalogue's text in the locale's language; None (Discord shows the English default) if there is none."""
        # None also for English itself, and for strings that are no catalogue message (e.g. command names).
        message_id = string.extras.get(_MESSAGE_ID)
        language = catalogue_language(locale)
        if not isinstance(message_id, str) or language is None or language == messages.DEFAULT_LANGUAGE:
            return None
        # Not messages.text: it falls back to English, and English must stay the default, not a "translation".
        return messages.CATALOGUE[language].get(message_id)
