"""Text normalisation for matching: cleaning, tokenising, stopwords and stemming."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["MAX_QUERY_CHARS", "STOPWORDS", "clean", "is_number", "stem", "terms", "without_surrogates", "words"]

#: Longer messages are cut before matching: nobody asks a 100,000-character question,
#: and matching cost grows with length.
MAX_QUERY_CHARS = 500

# Function words of English questions. Generic (not drawn from any KB): they carry no topic.
STOPWORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "aren't", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "can't",
    "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during",
    "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having",
    "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how",
    "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its",
    "itself", "let's", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on",
    "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't",
    "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's",
    "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
    "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when",
    "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't",
    "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
    "yourselves", "just", "also", "really", "please", "tell", "know", "want", "wanted", "like", "get", "got",
    "go", "going", "way", "ways", "thing", "things", "anything", "something", "anyone", "someone", "anybody",
    "somebody", "one", "ones", "lot", "lots", "much", "many", "may", "might", "must", "shall", "will", "us",
    "im", "ive", "dont", "cant", "whats", "hows", "whos", "wheres", "use", "using", "used", "make", "makes",
    "made", "need", "needs", "possible", "possibly", "able",
])

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_stemmer = snowballstemmer.stemmer("english")


def clean(text: str) -> str:
    """Printable, NFKC-normalised, single-spaced text, cut to ``MAX_QUERY_CHARS``; always valid UTF-8."""
    text = unicodedata.normalize("NFKC", without_surrogates(text[: MAX_QUERY_CHARS * 4]))
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_QUERY_CHARS]


def without_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD.

    Invalid UTF-8 decoded with ``surrogateescape`` (the console) or a platform relaying a broken
    pair yields lone surrogates; they cannot be encoded, so a store, a log or an API call would fail.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters and digits; apostrophes kept inside words)."""
    return _WORD.findall(text.casefold().replace("’", "'"))


def is_number(word: str) -> bool:
    """True for a token made of digits, such as a year or an article number."""
    return word.isdigit()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of an English word; possessives dropped first."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    return _stemmer.stemWord(word) if len(word) > 3 else word


def terms(text: str) -> list[str]:
    """Content terms of ``text``: words minus stopwords, stemmed."""
    return [stem(w) for w in words(text) if (w not in STOPWORDS and len(w) > 1) or is_number(w)]
