"""Inline mode end to end (adapters/telegram/inline.py): answers within Telegram's limits, deep links back."""

from __future__ import annotations

from pathlib import Path

from adapters.common.text import utf16_len
from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import command, inline_query
from adapters.testing.telegram.telegram_rules import MAX_TEXT
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService
from tests.adapters.telegram.conftest import BAKING, bot_env, running_bot, write_kb

ANSWERS = {e["id"]: e for e in BAKING["entries"]}


async def test_inline_query_lists_matching_answers_within_limits(fake: FakeBotApi, bot: object) -> None:
    fake.push(inline_query("oven"))
    await fake.wait_for(lambda: len(fake.inline_answers) == 1)
    answer = fake.inline_answers[0]
    results = answer["results"]
    assert 1 <= len(results) <= 50
    assert results[0]["id"] == "oven"
    assert "&lt;never&gt;" in results[0]["input_message_content"]["message_text"]
    assert results[0]["reply_markup"]["inline_keyboard"][0][0]["url"].startswith("https://t.me/faqtest_bot?start=a_")
    assert answer["button"]["start_parameter"] == "inline"
    fake.push(inline_query(""))
    await fake.wait_for(lambda: len(fake.inline_answers) == 2)
    assert fake.inline_answers[1]["results"], "an empty query lists questions to browse"


async def test_deep_link_from_inline_result_answers_that_entry(fake: FakeBotApi, bot: object) -> None:
    fake.push(inline_query("sourdough"))
    await fake.wait_for(lambda: len(fake.inline_answers) == 1)
    url = fake.inline_answers[0]["results"][0]["reply_markup"]["inline_keyboard"][0][0]["url"]
    fake.push(command(f"/start {url.split('start=')[1]}"))
    [answer] = await fake.wait_sent(1)
    assert answer["text"].endswith(ANSWERS["sourdough"]["answer"])


async def test_inline_mode_returns_every_result_with_emoji_heavy_answers(fake: FakeBotApi, tmp_path: Path) -> None:
    # Issue 13: one such entry in the top 10 made Telegram refuse the whole inline answer (3 of 5 queries).
    entries = [{"id": f"flag-{n}", "question": f"Which flags fly at launch site {n}?",
                "answer": ("🇺🇦🇪🇺" * 600) if n % 2 else ("🚀" * 2100)} for n in range(10)]
    kb = write_kb(tmp_path / "kb", {"topic": "Space", "summary": "Rockets and flags.", "entries": entries})
    service = FaqService(Answerer(load_kb(kb)))
    async with running_bot(service, bot_env(fake)):
        fake.push(inline_query("flags launch site"))
        await fake.wait_for(lambda: bool(fake.inline_answers) or bool(fake.errors), 5)
    assert fake.errors == []
    [answer] = fake.inline_answers
    results = answer["results"]
    assert len(results) == 10, "every matching entry is offered"
    for result in results:
        text = result["input_message_content"]["message_text"]
        assert utf16_len(text) <= MAX_TEXT and text.endswith("…"), "clipped within one message"
