"""Answers to @mentions and DMs, as replies that ping nobody, with no privileged intent."""

from __future__ import annotations

from adapters.testing.discord import discord_payloads as P
from adapters.testing.discord.fake_discord import FakeDiscord
from tests.adapters.discord.conftest import Start

ASKER = 1600000000000000011


async def test_a_mention_in_a_channel_is_answered_as_a_reply_that_pings_nobody(
    fake: FakeDiscord, start_bot: Start,
) -> None:
    await start_bot()
    question = P.user_message(f"<@{P.BOT_ID}> can I return an item?", author_id=ASKER, mentions_bot=True)
    await fake.dispatch("MESSAGE_CREATE", question)
    [answer] = await fake.wait_channel_messages(1)
    assert answer["embeds"][0]["description"] == "Yes, within 30 days if unopened."
    assert str(answer["message_reference"]["message_id"]) == question["id"]
    assert answer["allowed_mentions"]["parse"] == [] and answer["allowed_mentions"].get("replied_user") is False
    path = next(p for m, p, _ in fake.requests if m == "POST" and "/channels/" in p)
    assert path == f"/api/v10/channels/{P.CHANNEL_ID}/messages"


async def test_channel_chatter_and_everyone_pings_are_left_alone(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    await fake.dispatch("MESSAGE_CREATE", P.user_message("can I return an item?", author_id=ASKER))
    everyone = P.user_message("@everyone can I return an item?", author_id=ASKER)
    everyone["mention_everyone"] = True
    await fake.dispatch("MESSAGE_CREATE", everyone)
    await fake.dispatch("MESSAGE_CREATE", P.user_message(f"<@{P.BOT_ID}> how long does delivery take?",
                                                         author_id=ASKER, mentions_bot=True))
    [only] = await fake.wait_channel_messages(1)
    assert only["embeds"][0]["title"] == "How long does delivery take?", "only the mention got an answer"


async def test_the_bot_asks_for_no_privileged_intent(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    [identify] = [d for _path, op, d in fake.gateway_ops if op == 2]
    assert identify is not None
    intents = int(identify["intents"])
    assert intents & (1 << 9) and intents & (1 << 12), "guild and DM messages: mentions and DMs can be answered"
    assert not intents & ((1 << 1) | (1 << 8) | (1 << 15)), "members, presences, message content: never"


async def test_a_direct_message_is_answered(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    await fake.dispatch("MESSAGE_CREATE", P.user_message("where is my tracking number", author_id=ASKER, dm=True))
    [answer] = await fake.wait_channel_messages(1)
    assert answer["embeds"][0]["title"] == "Where is my tracking number?"
    assert answer["channel_id"] == str(P.DM_CHANNEL_ID)
