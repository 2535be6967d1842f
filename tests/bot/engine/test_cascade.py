"""The whole engine: which tier decides, replies in the user's language, translations, hubs, the light mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answerer import Answerer
from bot.engine.build import Models, build_matcher, default_thresholds, load_models
from bot.engine.cascade import Engine
from bot.engine.explain import explain
from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase
from bot.messages import text
from tests.kbfiles import entry, topic, write_topic


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Models:
    """The engine's models, loaded once for the module, with a private cache."""
    return load_models("engine", cache_dir=tmp_path_factory.mktemp("engine-cache"), progress=False)


@pytest.fixture(scope="module")
def engine(models: Models, shipped_kb: KnowledgeBase) -> Answerer:
    """The whole engine over the shipped KB, every tier built."""
    matcher = build_matcher(shipped_kb, models)
    assert isinstance(matcher, Engine) and matcher.ready(timeout=300)
    return Answerer(shipped_kb, matcher=matcher, thresholds=default_thresholds(models))


def _decide(answerer: Answerer, message: str, hint: str | None = None) -> tuple[str, str]:
    assert isinstance(answerer.matcher, Engine)
    decision = answerer.matcher.decide(message, hint)
    return decision.tier, decision.language.language


def test_what_is_art_5_is_article_5_with_the_engine_and_with_lexical(engine: Answerer) -> None:
    reply = engine.reply("what is art 5?")
    assert reply.kind == "answer" and reply.entry_id == "article-5"
    assert _decide(engine, "what is art 5?") == ("lexical", "en")
    lexical = load_models("lexical")
    light = Answerer(engine.kb, matcher=build_matcher(engine.kb, lexical), thresholds=default_thresholds(lexical))
    assert light.reply("what is art 5?").entry_id == "article-5"


def test_sure_lexical_evidence_decides_without_running_a_model(engine: Answerer,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(engine.matcher, Engine)

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a sentence model ran")

    monkeypatch.setattr(engine.matcher.english, "score", boom)
    monkeypatch.setattr(engine.matcher.multilingual, "score", boom)
    assert engine.reply("what is article 5 of nato").entry_id == "article-5"


def test_a_paraphrase_without_shared_words_goes_to_the_english_model(engine: Answerer) -> None:
    assert _decide(engine, "which nations are teaming up to help kyiv") == ("minilm", "en")
    assert engine.reply("which nations are teaming up to help kyiv").entry_id == "coalition-of-the-willing"


def test_a_few_shared_words_with_a_longer_question_are_not_decisive(engine: Answerer) -> None:
    # Lexically this covers the words of "How much should NATO members spend on defence?" but not its intent.
    tier, _ = _decide(engine, "nato members")
    assert tier != "lexical"


def test_other_languages_go_to_the_multilingual_model(engine: Answerer) -> None:
    assert _decide(engine, "Warum arbeitet die NATO mit Japan zusammen?") == ("e5", "de")
    reply = engine.reply("Warum arbeitet die NATO mit Japan zusammen?")
    assert reply.entry_id == "japan-involvement" and reply.language == "de"


def test_a_ukrainian_question_is_answered_in_ukrainian_from_the_translation(engine: Answerer) -> None:
    reply = engine.reply("Чому НАТО співпрацює з Японією?")
    assert reply.kind == "answer" and reply.entry_id == "japan-involvement"
    assert reply.language == "uk"
    assert reply.text == engine.kb.get("japan-involvement").translations["uk"].answer  # type: ignore[union-attr]
    assert reply.question.startswith("Чому Японія")  # type: ignore[union-attr]


def test_without_a_translation_the_answer_is_english_with_a_localised_note(engine: Answerer) -> None:
    reply = engine.reply("Pourquoi l'OTAN coopère-t-elle avec le Japon ?")
    assert reply.entry_id == "japan-involvement" and reply.language == "fr"
    english = engine.kb.get("japan-involvement").answer  # type: ignore[union-attr]
    assert reply.text == f"{english}\n\n{text('reply.in_english', 'fr')}"


def test_a_short_cyrillic_question_from_an_english_client_is_not_matched_as_english(engine: Answerer) -> None:
    # Many people in Ukraine run Telegram in English: the interface language is no evidence against
    # the script they write in (before: detected "en", matched by the English tiers, "I don't know").
    reply = engine.reply("Де штаб НАТО?", hint="en")
    assert reply.language != "en"
    assert engine.reply("Навіщо Японії НАТО?", hint="en").entry_id == "japan-involvement"


def test_the_platform_hint_decides_for_a_message_without_words(engine: Answerer) -> None:
    reply = engine.reply("?!", hint="uk")
    assert reply.language == "uk"


def test_small_talk_and_summaries_are_recognised_in_other_languages(engine: Answerer) -> None:
    assert engine.reply("Привіт!").text == text("reply.greeting", "uk", topics="NATO and Ukraine")
    assert engine.reply("Danke schön").intent.value == "thanks"
    for message, language in [("Дайте огляд цієї теми", "uk"), ("Überblick bitte", "de"),
                              ("Кратко обо всём", "ru"), ("Un résumé, s'il vous plaît", "fr")]:
        reply = engine.reply(message)
        assert reply.kind == "summary", message
        assert reply.language == language, message


def test_an_unknown_question_in_polish_gets_polish_i_dont_know(engine: Answerer) -> None:
    reply = engine.reply("Jaki jest najlepszy przepis na pierogi z kapustą?")
    assert reply.kind in ("none", "suggest")
    assert reply.language == "pl"
    assert reply.text in (text("reply.unknown", "pl"), text("reply.did_you_mean", "pl"))


def test_explain_names_the_tier_language_candidates_and_why(engine: Answerer) -> None:
    reply = engine.reply("what's a good recipe for banana bread")
    info = explain(engine, reply)
    assert info["language"]["code"] == "en" and info["tier"] in ("lexical", "minilm")
    assert info["withheld"].startswith(("below threshold", "two entries too close", "no entry"))
    answered = explain(engine, engine.reply("what is art 5?"))
    assert answered["tier"] == "lexical" and answered["withheld"] is None
    assert answered["candidates"][0]["id"] == "article-5"


def test_a_broad_hub_entry_does_not_absorb_questions_about_other_intents(tmp_path: Path, models: Models) -> None:
    write_topic(tmp_path, "flu.yaml", topic("Flu", [
        entry("What is the flu?", "Influenza is a contagious respiratory illness caused by influenza viruses."),
        entry("What are the symptoms of the flu?", "Fever, cough, sore throat, body aches and tiredness."),
        entry("How is the flu treated?", "Rest, fluids and, for some patients, antiviral medicine."),
        entry("Where did the flu come from?", "Flu viruses circulate in birds and pigs and jump to people."),
        entry("How can I avoid catching the flu?", "Get vaccinated every year and wash your hands often."),
    ]))
    kb = load_kb(tmp_path)
    matcher = build_matcher(kb, models)
    assert isinstance(matcher, Engine) and matcher.ready(timeout=300)
    answerer = Answerer(kb, matcher=matcher, thresholds=default_thresholds(models))
    for question, expected in [("what is the treatment for the flu", "How is the flu treated?"),
                               ("what are flu symptoms", "What are the symptoms of the flu?"),
                               ("where does the flu originate", "Where did the flu come from?")]:
        reply = answerer.reply(question)
        assert reply.question == expected, question


def test_the_models_are_reused_and_an_edit_embeds_only_the_changed_texts(tmp_path: Path, models: Models) -> None:
    write_topic(tmp_path, "t.yaml", topic("Pets", [entry("How often should I feed my cat?", "Twice a day."),
                                                   entry("How do I teach my dog to sit?", "Use a treat.")]))
    first = build_matcher(load_kb(tmp_path), models)
    assert isinstance(first, Engine) and first.ready(timeout=300)
    assert models.store is not None
    misses = models.store.misses
    again = build_matcher(load_kb(tmp_path), models)
    assert isinstance(again, Engine) and again.ready(timeout=300)
    assert models.store.misses == misses  # everything came from the cache
    write_topic(tmp_path, "t.yaml", topic("Pets", [entry("How often should I feed my cat?", "Twice a day."),
                                                   entry("How do I teach my dog to sit?", "Hold a treat up.")]))
    second = build_matcher(load_kb(tmp_path), models)
    assert isinstance(second, Engine) and second.ready(timeout=300)
    assert models.store.misses == misses + 1  # the edited entry's question-and-answer text, once
    assert first.english is not second.english and first.english.encoder is second.english.encoder  # type: ignore[union-attr]
