"""End to end in a group: only commands, replies to the bot and mentions are answered."""

from __future__ import annotations

import asyncio

from tests.adapters.telegram.conftest import BAKING
from tests.adapters.telegram.fake_server import BOT_USERNAME, FakeBotApi
from tests.adapters.telegram.payloads import GROUP_ID, bot_message, command, mention, message

BREAD = BAKING["entries"][0]["answer"]


async def settle(fake: FakeBotApi, seconds: float = 0.3) -> None:
    """Give the bot time to (wrongly) answer; silence can only be shown by waiting a little."""
    await asyncio.sleep(seconds)


async def test_group_chatter_is_ignored_but_commands_for_this_bot_are_answered(fake: FakeBotApi, bot: object) -> None:
    fake.push(message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup"))
    fake.push(command("/ask@some_other_bot How do I bake bread?", chat_id=GROUP_ID, kind="supergroup"))
    await settle(fake)
    assert fake.sent == []
    question = command(f"/ask@{BOT_USERNAME} How do I bake bread?", chat_id=GROUP_ID, kind="supergroup")
    fake.push(question)
    [answer] = await fake.wait_sent(1)
    assert answer["chat_id"] == GROUP_ID
    assert answer["text"].endswith(BREAD)
    assert answer["reply_to"] == question["message"]["message_id"], "answers quote the question in groups"
    fake.push(command("/summary", chat_id=GROUP_ID, kind="group"))
    sent = await fake.wait_sent(2)
    assert "Which topic" in sent[1]["text"]


async def test_group_mention_and_reply_to_the_bot_are_answered(fake: FakeBotApi, bot: object) -> None:
    fake.push(mention(f"@{BOT_USERNAME} how long does delivery take?", BOT_USERNAME, chat_id=GROUP_ID, kind="supergroup"))
    [first] = await fake.wait_sent(1)
    assert first["text"].endswith("3-5 business days in the EU, 7-10 days elsewhere.")
    fake.push(message("and can I return an item?", chat_id=GROUP_ID, kind="supergroup", reply_to=bot_message(first)))
    sent = await fake.wait_sent(2)
    assert sent[1]["text"].endswith("Yes, within 30 days if unopened.")
    # A reply to another person, and a mention of someone else, are chatter.
    other = message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup")
    fake.push(message("How do I bake bread?", chat_id=GROUP_ID, kind="supergroup", reply_to=other["message"]))
    fake.push(mention("@alice how do I bake bread?", "alice", chat_id=GROUP_ID, kind="supergroup"))
    await settle(fake)
    assert len(fake.sent) == 2
