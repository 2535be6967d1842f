"""The handlers end to end (adapters/telegram/handlers.py): private chats, and groups where only what is addressed
to the bot is answered; the real Application against the fake Bot API."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from adapters.telegram.keyboards import MAX_CALLBACK_BYTES
from adapters.telegram.render import MAX_MESSAGE
from adapters.testing.telegram.fake_server import BOT_USERNAME, FakeBotApi
from adapters.testing.telegram.payloads import GROUP_ID, bot_message, callback, command, mention, message
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService, User
from bot.service.outcomes import Outcome
from tests.adapters.telegram.conftest import BAKING, HISTORY_PARAGRAPHS, bot_env, running_bot

ANSWERS = {e["id"]: e for e in BAKING["entries"]}
BREAD = BAKING["entries"][0]["answer"]
BARRIER_CHAT = 4242


def buttons(sent: dict) -> list[dict]:
    """All inline buttons of a sent message, row by row."""
    return [b for row in (sent.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def button_data(sent: dict) -> list[str]:
    """The callback data of a message's buttons."""
    return [b["callback_data"] for b in buttons(sent) if "callback_data" in b]


async def test_start_publishes_commands_and_greets_with_topics_and_examples(fake: FakeBotApi, bot: object) -> None:
    scopes = {json.loads(k)["type"]: [c["command"] for c in v] for k, v in fake.commands.items()}
    assert {"all_private_chats", "all_group_chats"} <= set(scopes)
    assert {"start", "help", "ask", "summary", "topics"} <= set(scopes["all_private_chats"])
    assert "ask" in scopes["all_group_chats"]
    fake.push(command("/start"))
    [greeting] = await fake.wait_sent(1)
    assert "Baking" in greeting["text"] and "Shipping" in greeting["text"]
    data = button_data(greeting)
    assert any(d.startswith("s:") for d in data), "topic buttons"
    assert "a:bread" in data, "example question buttons"
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in data)


async def test_exact_question_gets_the_kb_text_verbatim_with_follow_ups_and_feedback(
    fake: FakeBotApi, bot: object,
) -> None:
    fake.push(message("How do I bake bread?"))
    [answer] = await fake.wait_sent(1)
    entry = ANSWERS["bread"]
    assert answer["text"] == f"{entry['question']}\n\n{entry['answer']}"
    assert answer["html"].startswith(f"<b>{html.escape(entry['question'])}</b>")
    data = button_data(answer)
    assert data[:2] == ["a:oven", "a:sourdough"]
    assert {"f+:bread", "f-:bread"} <= set(data)
    assert fake.errors == []


async def test_paraphrase_is_answered_and_off_topic_gets_an_honest_no(fake: FakeBotApi, bot: object) -> None:
    fake.push(message("bread baking steps"))
    [answer] = await fake.wait_sent(1)
    assert ANSWERS["bread"]["answer"] in answer["text"]
    fake.push(message("What's the capital of Peru?"))
    sent = await fake.wait_sent(2)
    assert "I don't know that one" in sent[1]["text"]
    assert not any(d.startswith("f") for d in button_data(sent[1])), "no feedback buttons without an answer"


async def test_unsure_question_offers_did_you_mean_buttons(fake: FakeBotApi, bot: object) -> None:
    fake.push(message("how to make a loaf of bread"))
    [reply] = await fake.wait_sent(1)
    assert "Did you mean" in reply["text"]
    assert "a:bread" in button_data(reply)


async def test_follow_up_button_is_acknowledged_first_then_answered_in_a_new_message(
    fake: FakeBotApi, bot: object,
) -> None:
    fake.push(message("How do I bake bread?"))
    [answer] = await fake.wait_sent(1)
    fake.push(callback("a:oven", on=answer))
    sent = await fake.wait_sent(2)
    assert sent[1]["text"].endswith(ANSWERS["oven"]["answer"])
    assert sent[1]["message_id"] != answer["message_id"]
    order = [name for name, _ in fake.calls if name in ("answerCallbackQuery", "sendMessage")]
    assert order == ["sendMessage", "answerCallbackQuery", "sendMessage"]
    assert fake.callback_answers[0].get("show_alert") in (None, False)


async def test_stale_or_foreign_button_gets_a_short_alert_and_no_message(fake: FakeBotApi, bot: object) -> None:
    fake.push(message("How do I bake bread?"))
    [answer] = await fake.wait_sent(1)
    fake.push(callback("a:removed-since", on=answer))
    fake.push(callback("something-else", on=answer))
    await fake.wait_for(lambda: len(fake.callback_answers) == 2)
    assert all(a["show_alert"] for a in fake.callback_answers)
    assert messages.text("service.removed") in [a["text"] for a in fake.callback_answers]
    assert len(fake.sent) == 1


async def test_summary_without_topic_lists_topics_and_a_topic_button_gives_its_summary(
    fake: FakeBotApi, bot: object,
) -> None:
    fake.push(command("/summary"))
    [choice] = await fake.wait_sent(1)
    topic_buttons = [b for b in buttons(choice) if b["callback_data"].startswith("s:")]
    assert [b["text"] for b in topic_buttons] == ["📚 Baking", "📚 Shipping"]
    fake.push(callback(topic_buttons[1]["callback_data"], on=choice))
    sent = await fake.wait_sent(2)
    assert sent[1]["text"].startswith("Shipping\n\nWe ship worldwide")
    fake.push(command("/summary baking"))
    sent = await fake.wait_sent(3)
    assert sent[2]["text"] == f"Baking\n\n{BAKING['summary']}"


async def test_topics_and_help_commands(fake: FakeBotApi, bot: object) -> None:
    fake.push(command("/topics"))
    [topics] = await fake.wait_sent(1)
    assert "Baking (4 questions)" in topics["text"] and "Shipping (2 questions)" in topics["text"]
    fake.push(command("/help"))
    sent = await fake.wait_sent(2)
    assert "/summary" in sent[1]["text"] and "@faqtest_bot" in sent[1]["text"]
    assert "/reload" not in sent[1]["text"], "admin commands only shown to admins"


async def test_ask_command_and_unknown_command(fake: FakeBotApi, bot: object) -> None:
    fake.push(command("/ask How long does delivery take?"))
    [answer] = await fake.wait_sent(1)
    assert answer["text"].endswith("3-5 business days in the EU, 7-10 days elsewhere.")
    fake.push(command("/frobnicate"))
    sent = await fake.wait_sent(2)
    assert "/help" in sent[1]["text"]


async def test_answer_with_html_characters_is_escaped_and_shown_verbatim(fake: FakeBotApi, bot: object) -> None:
    fake.push(callback("a:oven", on={"message_id": 1, "date": 0, "chat": {"id": 111, "type": "private"}}))
    [answer] = await fake.wait_sent(1)
    kb_text = ANSWERS["oven"]["answer"]
    assert "<" in kb_text and "&" in kb_text and "*" in kb_text
    assert answer["text"].endswith(kb_text), "the fake parsed the HTML back to exactly the KB text"
    assert "&lt;never&gt;" in answer["html"] and "&amp;" in answer["html"]


async def test_over_long_answer_is_split_at_paragraphs_with_the_keyboard_on_the_last_part(
    fake: FakeBotApi, bot: object,
) -> None:
    fake.push(message("What is the full history of bread?"))
    await fake.wait_for(lambda: bool(fake.sent) and "reply_markup" in fake.sent[-1], timeout=5)
    parts = fake.sent
    assert len(parts) >= 2
    assert all(len(p["text"]) <= MAX_MESSAGE for p in parts)
    assert all("reply_markup" not in p for p in parts[:-1])
    body = "\n\n".join(p["text"] for p in parts)
    assert body == f"{ANSWERS['history']['question']}\n\n" + "\n\n".join(HISTORY_PARAGRAPHS)
    for part in parts[1:]:
        assert any(part["text"].startswith(h) for h in HISTORY_PARAGRAPHS), "each part starts a paragraph"


async def test_odd_input_never_crashes_a_handler(fake: FakeBotApi, bot: object) -> None:
    odd = ["   ", "x" * 100_000, "🍞🥖" * 50, "a\x00b\x07c\x1b[31m", "‏مرحبا، كيف أخبز الخبز؟", "<b>&amp;*_`[]()",
           "@everyone @here", "/ask", "/summary " + "z" * 5000, "\u202e\u2066reversed"]
    for text in odd:
        fake.push(message(text) if not text.startswith("/") else command(text))
    await fake.wait_sent(len(odd), timeout=10)
    assert fake.errors == []
    assert all(m["text"].strip() for m in fake.sent)


class _SlowService(FaqService):
    """One question takes half a second in the core (like a 500-digit query with the semantic matcher)."""

    def ask(self, text: str, user: User) -> Outcome:
        if text == "slow":
            time.sleep(0.5)  # kept: the slow core is the thing under test
        return super().ask(text, user)


async def test_a_slow_question_does_not_hold_up_other_chats(fake: FakeBotApi, kb_path: Path) -> None:
    # Issue 13, item 12: the core ran on the event loop, so one slow query stalled every chat.
    service = _SlowService(Answerer(load_kb(kb_path)))
    async with running_bot(service, bot_env(fake)):
        fake.push(message("slow", chat_id=701, user_id=701))
        fake.push(message("How do I bake bread?", chat_id=702, user_id=702))
        sent = await fake.wait_sent(2, timeout=5)
    assert [m["chat_id"] for m in sent] == [702, 701], "the quick answer went out while the slow one was computed"


async def barrier(fake: FakeBotApi) -> list[dict[str, Any]]:
    """Ask in another chat after the chatter and wait for that answer: by then the chatter was handled.

    What the bot sent elsewhere is returned (the barrier's own answer left out), instead of sleeping a while.
    """
    fake.push(message("How do I bake bread?", chat_id=BARRIER_CHAT, user_id=BARRIER_CHAT))
    await fake.wait_for(lambda: any(m["chat_id"] == BARRIER_CHAT for m in fake.sent))
    return [m for m in fake.sent if m["chat_id"] != BARRIER_CHAT]


async def test_group_chatter_is_ignored_but_commands_for_this_bot_are_answered(fake: FakeBotApi, bot: object) -> None:
    fake.push(message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup"))
    fake.push(command("/ask@some_other_bot How do I bake bread?", chat_id=GROUP_ID, kind="supergroup"))
    assert await barrier(fake) == []
    question = command(f"/ask@{BOT_USERNAME} How do I bake bread?", chat_id=GROUP_ID, kind="supergroup")
    fake.push(question)
    await fake.wait_sent(2)
    [answer] = [m for m in fake.sent if m["chat_id"] == GROUP_ID]
    assert answer["chat_id"] == GROUP_ID
    assert answer["text"].endswith(BREAD)
    assert answer["reply_to"] == question["message"]["message_id"], "answers quote the question in groups"
    fake.push(command("/summary", chat_id=GROUP_ID, kind="group"))
    sent = await fake.wait_sent(3)
    assert "Which topic" in sent[2]["text"]


async def test_group_mention_and_reply_to_the_bot_are_answered(fake: FakeBotApi, bot: object) -> None:
    fake.push(mention(f"@{BOT_USERNAME} how long does delivery take?", BOT_USERNAME, chat_id=GROUP_ID,
                      kind="supergroup"))
    [first] = await fake.wait_sent(1)
    assert first["text"].endswith("3-5 business days in the EU, 7-10 days elsewhere.")
    fake.push(message("and can I return an item?", chat_id=GROUP_ID, kind="supergroup", reply_to=bot_message(first)))
    sent = await fake.wait_sent(2)
    assert sent[1]["text"].endswith("Yes, within 30 days if unopened.")
    # A reply to another person, and a mention of someone else, are chatter.
    other = message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup")
    fake.push(message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup", reply_to=other["message"]))
    fake.push(mention("@alice how do I bake bread?", "alice", chat_id=GROUP_ID, kind="supergroup"))
    assert len(await barrier(fake)) == 2
