"""The command translator: Discord locales mapped to the bot's message catalogue."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.commands import build_commands, build_context_menus
from adapters.discord.translator import CatalogueTranslator, catalogue_language, localised
from adapters.testing.discord.discord_payloads import commands_problems
from bot import messages

# The translator looks only at the string's message id, wherever the string is.
CONTEXT: app_commands.TranslationContextTypes = app_commands.TranslationContext(
    app_commands.TranslationContextLocation.other, None)


async def _translate(string: app_commands.locale_str, locale: discord.Locale) -> str | None:
    return await CatalogueTranslator().translate(string, locale, CONTEXT)


@pytest.mark.parametrize(("locale", "language"), [
    (discord.Locale.ukrainian, "uk"), (discord.Locale.russian, "ru"), (discord.Locale.german, "de"),
    (discord.Locale.french, "fr"), (discord.Locale.spain_spanish, "es"), (discord.Locale.latin_american_spanish, "es"),
    (discord.Locale.polish, "pl"), (discord.Locale.american_english, "en"), (discord.Locale.british_english, "en"),
    (discord.Locale.japanese, None), (discord.Locale.brazil_portuguese, None),
])
def test_locales_map_to_catalogue_languages(locale: discord.Locale, language: str | None) -> None:
    assert catalogue_language(locale) == language


async def test_a_catalogue_message_is_translated() -> None:
    string = localised("discord.command.ask")
    assert string.message == messages.ENGLISH["discord.command.ask"]  # the default Discord shows
    assert await _translate(string, discord.Locale.ukrainian) == messages.CATALOGUE["uk"]["discord.command.ask"]
    assert await _translate(string, discord.Locale.german) == messages.CATALOGUE["de"]["discord.command.ask"]
    assert await _translate(string, discord.Locale.latin_american_spanish) == messages.CATALOGUE["es"][
        "discord.command.ask"]


@pytest.mark.parametrize("locale", [discord.Locale.japanese, discord.Locale.american_english,
                                    discord.Locale.british_english])
async def test_no_translation_falls_back_to_the_default(locale: discord.Locale) -> None:
    # None, not the English text: Discord then shows the command's own (English) description.
    assert await _translate(localised("discord.command.ask"), locale) is None


async def test_strings_that_are_not_catalogue_messages_stay_as_they_are() -> None:
    # Command names (discord.py wraps every name in a locale_str) and autocomplete choices (KB questions).
    assert await _translate(app_commands.locale_str("ask"), discord.Locale.ukrainian) is None
    assert await _translate(app_commands.locale_str(messages.ENGLISH["discord.command.ask"]),
                            discord.Locale.ukrainian) is None


async def test_a_language_missing_a_message_gets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = {k: v for k, v in messages.CATALOGUE["de"].items() if k != "discord.command.ask"}
    monkeypatch.setitem(messages.CATALOGUE, "de", partial)
    assert await _translate(localised("discord.command.ask"), discord.Locale.german) is None
    assert await _translate(localised("discord.command.help"), discord.Locale.german) == partial["discord.command.help"]


async def test_every_translated_payload_is_one_discord_accepts() -> None:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    translator = CatalogueTranslator()
    commands: list[app_commands.Command[Any, ..., Any] | app_commands.ContextMenu] = [
        *build_commands(), *build_context_menus()]
    payload = [await command.get_translated_payload(tree, translator) for command in commands]
    assert commands_problems(payload) == []
    # Every catalogue language is there, for every description (none is left in English).
    languages = {catalogue_language(discord.Locale(key)) for key in payload[0]["description_localizations"]}
    assert languages == set(messages.CATALOGUE) - {messages.DEFAULT_LANGUAGE}
    for command in payload:
        if command["type"] == 1:
            assert len(command["description_localizations"]) == 7  # uk ru de fr pl + es-ES es-419
            assert command["name_localizations"] == {}  # names stay stable, as typed in every language
        else:
            assert len(command["name_localizations"]) == 7
    await client.close()


def test_the_fake_rejects_what_discord_would() -> None:
    good = {"name": "ask", "description": "Ask", "type": 1}
    assert commands_problems([{**good, "description_localizations": {"uk": "Запитати"}}]) == []
    assert commands_problems([{**good, "description_localizations": {"ua": "Запитати"}}]) != []  # no such locale
    assert commands_problems([{**good, "description_localizations": {"de": "x" * 101}}]) != []
    assert commands_problems([{**good, "name_localizations": {"de": "Fragen"}}]) != []  # upper case
    menu = {"name": "Ask faqbot", "type": 3}
    assert commands_problems([{**menu, "name_localizations": {"fr": "Demander à faqbot"}}]) == []
    assert commands_problems([{**menu, "name_localizations": {"fr": "x" * 33}}]) != []
    option = {"name": "question", "description": "Q", "type": 3, "description_localizations": {"pl": ""}}
    assert commands_problems([{**good, "options": [option]}]) != []
