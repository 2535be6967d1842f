"""The "Ask faqbot" message menu: a private answer with a button that posts it."""

from __future__ import annotations

from adapters.testing.discord import discord_payloads as P
from adapters.testing.discord.fake_discord import FakeDiscord
from adapters.testing.discord.interactions import message_menu, press
from tests.adapters.discord.conftest import Start

ASKER = 1600000000000000011


async def test_the_message_menu_answers_privately_and_the_button_posts_it(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    target = P.user_message("hey, how long does delivery take to Spain?", author_id=ASKER)
    record = await fake.interact(message_menu("Ask faqbot", target))
    [private] = await record.wait()
    assert private.ephemeral, "only the member who used the menu sees it"
    assert private.data["embeds"][0]["title"] == "How long does delivery take?"
    [[button]] = [row["components"] for row in private.data["components"]]
    assert button["custom_id"] == "faq:post:delivery-time"
    posted = await fake.interact(press(private.message or {}, button["custom_id"]))
    [public] = await posted.wait()
    assert not public.ephemeral and public.data["embeds"][0]["title"] == "How long does delivery take?"


async def test_the_message_menu_on_a_message_without_text(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(message_menu("Ask faqbot", P.user_message("", author_id=ASKER)))
    [note] = await record.wait()
    assert note.ephemeral and "no text" in note.data["content"]
