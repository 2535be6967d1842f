"""Which language a chat message is in: script rules, the KB's own vocabulary, py3langid, and platform hints.

Short messages are where detectors fail ("article 5" reads as Polish, "hello" as Italian), so the
cheap, sure evidence comes first: Cyrillic letters that only Ukrainian or only Russian uses; a
message whose words the KB knows is in the KB's language. The statistical detector (py3langid,
restricted to the languages people plausibly write in) decides the rest when it is confident;
otherwise the platform's hint (Telegram's ``language_code``, Discord's ``locale``) does.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["KB_LANGUAGE", "SUPPORTED", "Detection", "LanguageDetector", "normalise_hint"]

#: The language the KB's text (and the lexical matcher's stemmer and stopwords) is written in.
KB_LANGUAGE = "en"
#: Languages the bot speaks (message catalogue) and matches across.
SUPPORTED = ("en", "uk", "ru", "de", "fr", "es", "pl", "it")
# What the detector may answer: more than SUPPORTED, so a Dutch or Czech message is not forced
# into the nearest supported language.
_CANDIDATES = ["en", "uk", "ru", "be", "bg", "sr", "de", "fr", "es", "pl", "it", "pt", "nl", "cs", "sk", "sv",
               "da", "no", "fi", "ro", "hu", "tr", "lt", "lv", "et", "el", "ar", "he", "zh", "ja", "ko", "hi",
               "vi", "id", "hr", "sl", "ca"]
_CONFIDENT = 0.7  # detector probability trusted over the hint and the KB-language default
#: Languages written in Cyrillic: a platform hint in one of them says nothing about a Latin-script
#: message, and a hint in another script nothing about a Cyrillic one.
_CYRILLIC_LANGUAGES = frozenset({"uk", "ru", "be", "bg", "sr", "mk"})
_UK_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
#: From this many words a message is a sentence, where a detector's second guesses mean something;
#: shorter ones ("lol", "ok then") fool every detector.
_SENTENCE_WORDS = 4
#: Below this probability a language is not what the message is written in.
_IMPLAUSIBLE = 0.05


@dataclass(frozen=True)
class Detection:
    """The detected language (ISO 639-1), how sure, and what decided it."""

    language: str
    confidence: float
    source: str  # script, kb-vocabulary, detector, hint, default


def normalise_hint(hint: str | None) -> str | None:
    """``"uk-UA"``/``"pt_BR"``/``"EN"`` -> ``"uk"``/``"pt"``/``"en"``; None for an empty hint."""
    if not hint:
        return None
    code = re.split(r"[-_]", hint.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


class LanguageDetector:
    """Detect a message's language; py3langid's model loads only when a message needs it.

    Loading it takes 0.6 s, or about 0.05 s with a ``cache_dir`` that keeps it uncompressed
    (bot/engine/langmodel.py; the engine's detector has one).
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._identifier: Any = None
        self._lock = threading.Lock()
        self._cache_dir = cache_dir

    def _model(self) -> Any:
        with self._lock:
            if self._identifier is None:
                from bot.engine.langmodel import load_identifier

                self._identifier = load_identifier(_CANDIDATES, self._cache_dir)
            return self._identifier

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every candidate language with its probability, likeliest first."""
        return [(str(language), float(p)) for language, p in self._model().rank(text)]

    @staticmethod
    def _likelier(ranked: list[tuple[str, float]], languages: tuple[str, ...]) -> str:
        """Of ``languages``, the one ranked highest."""
        return next((language for language, _ in ranked if language in languages), languages[0])

    def detect(self, text: str, hint: str | None = None, known_share: float = 0.0) -> Detection:
        """The language of ``text``; ``known_share`` is the share of its words the KB's vocabulary knows."""
        hint = normalise_hint(hint)
        letters = _LETTER.findall(text)
        if not letters:
            return Detection(hint or KB_LANGUAGE, 0.0, "hint" if hint else "default")
        folded = set(text.casefold())
        cyrillic = len(_CYRILLIC.findall(text)) / len(letters)
        # The hint is the user's interface language, not the message's: an English interface writing
        # in Ukrainian is common, and a Cyrillic message must never be matched as English.
        if hint and (hint in _CYRILLIC_LANGUAGES) != (cyrillic > 0.5):
            hint = None
        if cyrillic > 0.5:
            if folded & _UK_ONLY and not folded & _RU_ONLY:
                return Detection("uk", 1.0, "script")
            if folded & _RU_ONLY and not folded & _UK_ONLY:
                return Detection("ru", 1.0, "script")
        elif known_share >= 0.6:
            return Detection(KB_LANGUAGE, known_share, "kb-vocabulary")
        ranked = self.rank(text)
        language, probability = ranked[0]
        if cyrillic > 0.5 and language not in _CYRILLIC_LANGUAGES:
            language = hint if hint in ("uk", "ru") else "ru"
        if probability >= _CONFIDENT:
            return Detection(language, probability, "detector")
        if hint is None and cyrillic > 0.5:
            # Too short to tell the Cyrillic languages apart ("Де штаб НАТО?" reads as Belarusian or
            # Serbian): of the ones the bot speaks, the likelier.
            return Detection(self._likelier(ranked, ("uk", "ru")), probability, "detector")
        if cyrillic <= 0.5 and len(_WORD.findall(text)) >= _SENTENCE_WORDS:
            # A sentence the detector splits between close languages (Czech, Slovenian, Slovak) is
            # still plainly not English: below _CONFIDENT, the KB's language and the hint must be
            # plausible at all before they win over the detector's best.
            odds = dict(ranked)
            if odds.get(KB_LANGUAGE, 0.0) < _IMPLAUSIBLE and (hint is None or odds.get(hint, 0.0) < _IMPLAUSIBLE):
                return Detection(language, probability, "detector")
        if hint:
            return Detection(hint, probability, "hint")
        # Short Latin-script text ("lol", "ok then") fools every detector: the KB's language.
        return Detection(KB_LANGUAGE, max(known_share, probability), "default")
