"""One splitter and one clipper for every platform, with a pluggable length measure.

Telegram and Discord both count message lengths in UTF-16 code units, so ``utf16_len`` is the
default measure: an emoji outside the Basic Multilingual Plane counts twice, and 4,000 🚀 are two
messages, not one that the platform refuses. A platform that escapes its text measures the escaped
form (Telegram's HTML): the text is split before escaping, so an entity is never cut in half.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["BREAKS", "Measure", "clip", "fit", "split", "utf16_len"]

#: A length as a platform counts it; it must never count less than one per character.
Measure = Callable[[str], int]

#: Where a piece may end, best first: paragraphs, lines, sentences, clauses, words.
BREAKS = ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and Discord count it."""
    if text.isascii():
        return len(text)
    # The codec counts in C; a per-character loop cost ~1 M ord() calls in one Discord burst.
    # surrogatepass: a lone surrogate is one unit, as the platforms would count it.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def fit(text: str, limit: int, measure: Measure = utf16_len) -> int:
    """How many leading characters of ``text`` fit in ``limit`` by ``measure``."""
    if measure(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), max(limit, 0))  # a measure counts at least one per character
    while low < high:  # the largest prefix that fits: measures grow with the prefix
        mid = (low + high + 1) // 2
        if measure(text[:mid]) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def split(text: str, limit: int, *, measure: Measure = utf16_len, first_limit: int | None = None,
          min_fill: float = 0.0) -> list[str]:
    """Cut ``text`` into pieces that each fit ``limit`` (``first_limit`` for the first) and join back to ``text``.

    Each cut falls just after the best break (``BREAKS``) in the piece's window that keeps at least
    ``min_fill`` of the window, else it is a hard cut. ``[""]`` for empty text. Raises ValueError
    when the limit cannot hold a single character.
    """
    pieces: list[str] = []
    rest = text
    while True:
        room = first_limit if first_limit is not None and not pieces else limit
        if measure(rest) <= room:
            break
        end = fit(rest, room, measure)
        if end == 0:
            raise ValueError(f"a limit of {room} cannot hold {rest[:1]!r}")
        window = rest[:end]
        floor = int(end * min_fill)
        for mark in BREAKS:
            at = window.rfind(mark, floor)
            if at > 0:
                end = at + len(mark)
                break
        pieces.append(rest[:end])
        rest = rest[end:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def clip(text: str, limit: int, *, measure: Measure = utf16_len, ellipsis: str = "…", one_line: bool = False,
         at_word: bool = False) -> str:
    """``text`` shortened to fit ``limit`` with an ellipsis when longer.

    ``one_line`` first folds all whitespace; ``at_word`` cuts back to the last whole word (and drops
    the punctuation before the ellipsis), for prose such as a profile description.
    """
    if one_line:
        text = " ".join(text.split())
    if measure(text) <= limit:
        return text
    cut = text[: fit(text, max(limit - measure(ellipsis), 0), measure)]
    if at_word:
        cut = (cut.rpartition(" ")[0] or cut).rstrip(" ,;:.")
    return cut.rstrip() + ellipsis
