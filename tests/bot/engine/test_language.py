"""Language detection: script rules, the KB's own vocabulary, the detector, and the platform hint."""

from __future__ import annotations

import pytest

from bot.engine.language import KB_LANGUAGE, LanguageDetector, normalise_hint
from bot.engine.lexical import LexicalMatcher
from bot.kb.model import KnowledgeBase


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    """One detector for the module (its model loads on first use)."""
    return LanguageDetector()


@pytest.mark.parametrize(("text", "language"), [
    ("Як НАТО підтримує Україну?", "uk"), ("Что такое статья пятая?", "ru"),
    ("Wie hilft die Allianz der Ukraine bei der Verteidigung?", "de"),
    ("Comment l'Alliance soutient-elle la défense européenne ?", "fr"),
    ("¿Cómo ayuda la Alianza a Ucrania con su defensa?", "es"),
    ("Jak sojusz pomaga Ukrainie w obronie?", "pl"),
    ("In che modo l'Alleanza aiuta l'Ucraina nella difesa?", "it"),
])
def test_whole_sentences_are_detected(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.detect(text).language == language


def test_ukrainian_and_russian_letters_decide_without_the_detector(detector: LanguageDetector) -> None:
    assert detector.detect("Ґанок і їжак").source == "script"
    assert detector.detect("Ещё объявление").language == "ru"


def test_words_the_kb_knows_mean_the_kb_language(detector: LanguageDetector, shipped_kb: KnowledgeBase) -> None:
    lexical = LexicalMatcher(shipped_kb)
    for text in ["what is art 5?", "nato japan", "article 5"]:
        found = detector.detect(text, known_share=lexical.known_share(text))
        assert found.language == KB_LANGUAGE, text


def test_short_unclear_text_takes_the_hint_else_the_kb_language(detector: LanguageDetector) -> None:
    assert detector.detect("ok?").language == KB_LANGUAGE
    assert detector.detect("🙂", hint="uk-UA").language == "uk"
    assert detector.detect("", hint="de").language == "de"


@pytest.mark.parametrize(("hint", "code"), [("uk-UA", "uk"), ("pt_BR", "pt"), ("EN", "en"), ("", None),
                                            (None, None), ("x1!", None)])
def test_platform_hints_are_normalised(hint: str | None, code: str | None) -> None:
    assert normalise_hint(hint) == code


def test_a_hint_in_another_script_is_not_the_messages_language(detector: LanguageDetector) -> None:
    # Short Cyrillic questions the detector is unsure about, from clients set to English.
    for text in ["Где штаб НАТО?", "Хто генеральний секретар ООН?"]:
        found = detector.detect(text, hint="en-US")
        assert found.language in ("uk", "ru", "sr", "bg", "be") and found.source != "hint", (text, found)
    assert detector.detect("Хто генеральний секретар ООН?", hint="uk").language == "uk"
    # ... and a Latin-script message from a Ukrainian interface is not Ukrainian.
    assert detector.detect("ok then", hint="uk").language == KB_LANGUAGE


@pytest.mark.parametrize("text", ["Proč je Japonsko zapojeno do strategie NATO vůči Ukrajině?",
                                  "Zašto je Japan uključen u strategiju NATO-a?",
                                  "Hvorfor er Japan involvert i NATOs strategi?"])
def test_a_sentence_the_detector_is_unsure_about_is_still_not_english(detector: LanguageDetector, text: str) -> None:
    # Split between close languages (Czech / Slovenian, Croatian / Serbian, Norwegian / Danish): none reaches 70%.
    for hint in (None, "en-US"):
        found = detector.detect(text, hint=hint)
        assert found.language != KB_LANGUAGE and found.source == "detector", (text, hint, found)


def test_short_unsure_latin_text_keeps_the_kb_language_or_a_plausible_hint(detector: LanguageDetector) -> None:
    assert detector.detect("lol").language == KB_LANGUAGE
    assert detector.detect("ok then", hint="de").language == "de"
