"""End to end in a group: only commands, replies to the bot and mentions are answered."""

from __future__ import annotations

from typing import Any

from adapters.testing.telegram.fake_server import BOT_USERNAME, FakeBotApi
from adapters.testing.telegram.payloads import GROUP_ID, bot_message, command, mention, message
from tests.adapters.telegram.conftest import BAKING

BREAD = BAKING["entries"][0]["answer"]
BARRIER_CHAT = 4242


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
