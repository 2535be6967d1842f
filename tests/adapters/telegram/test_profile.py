"""The bot's description from the KB: within Telegram's limits (counted in UTF-16 units) whatever the topic names."""

from __future__ import annotations

from pathlib import Path

from adapters.telegram.profile import describe
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from tests.adapters.telegram.conftest import write_kb


def units(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def test_long_and_emoji_topic_names_are_clipped_within_the_limits(tmp_path: Path) -> None:
    topics = [{"topic": name, "summary": "s", "entries": [{"question": f"What about {n}?", "answer": "Yes."}]}
              for n, name in enumerate(["🇺🇦" * 300, "x" * 2000, "Plain"])]
    long, short = describe(Answerer(load_kb(write_kb(tmp_path / "kb", *topics))).help_reply())
    assert 0 < units(short) <= 120 and 0 < units(long) <= 512
    assert short.endswith("…") and long.endswith("…")
