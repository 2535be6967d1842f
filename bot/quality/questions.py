"""Which texts are questions worth keeping for the report: never control characters or terminal escape sequences."""

from __future__ import annotations

import re

from bot.engine.text import clean

__all__ = ["question_text"]

# ESC-introduced sequences a terminal sends for arrow, function and editing keys (CSI, SS3, two-byte ESC x),
# and what is left of them once clean() has turned the ESC into a space: "[A", "[1;5C", "[3~", "OA".
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O[@-~]|[@-_]|.)?|\x9b[0-?]*[ -/]*[@-~]")
_REMNANT = re.compile(r"^(?:\[[0-?]*[ -/]*[@-~]|O[A-DHPQRS])+$")


def question_text(text: str | None) -> str | None:
    """``text`` cleaned for the store, or None when nothing of a question is left (keys, controls, blanks).

    Escape sequences are removed whole (not just their ESC byte), the rest is cleaned like any query,
    and tokens that are escape-sequence remnants are dropped; a text without a letter or digit is no question.
    """
    if not text:
        return None
    kept = [token for token in clean(_ESCAPES.sub(" ", text)).split() if not _REMNANT.match(token)]
    result = " ".join(kept)
    return result if any(c.isalnum() for c in result) else None
