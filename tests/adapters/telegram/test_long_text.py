"""Long answers against the fake Bot API: split into messages Telegram accepts, counted in UTF-16 units."""

from __future__ import annotations

from pathlib import Path

from adapters.common.text import utf16_len
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import message
from adapters.testing.telegram.telegram_rules import MAX_TEXT
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import bot_env, running_bot, write_kb

ROCKETS = "🚀" * 4000  # 4,000 code points, 8,000 UTF-16 code units: more than one Telegram message


async def test_an_answer_of_4000_rockets_is_split_into_messages_telegram_accepts(fake: FakeBotApi,
                                                                                  tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb", {"topic": "Space", "summary": "Rockets.", "entries": [
        {"id": "launch", "question": "How many rockets launched?", "answer": ROCKETS}]})
    service = FaqService(Answerer(load_kb(kb)))
    async with running_bot(service, bot_env(fake)):
        fake.push(message("How many rockets launched?"))
        sent = await fake.wait_sent(2)
    assert fake.errors == [], "the fake Bot API refused a part as too long"
    assert len(sent) == 2 and all(utf16_len(m["text"]) <= MAX_TEXT for m in sent)
    assert "".join(m["text"] for m in sent).count("🚀") == 4000, "every rocket delivered"
    assert sent[0]["text"].startswith("How many rockets launched?")
