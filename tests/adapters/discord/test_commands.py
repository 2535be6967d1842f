"""``/summary``, ``/topics``, ``/help``, the admin commands, and errors reaching ``tree.on_error``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from adapters.discord.handlers import FaqHandlers
from adapters.testing.discord.fake_discord import FakeDiscord
from adapters.testing.discord.interactions import ADMIN_ID, USER_ID, autocomplete, slash
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from tests.adapters.discord.conftest import RETURNS, RecordingService, Start, write_kb

if TYPE_CHECKING:
    import discord


async def test_summary_of_a_named_topic(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("summary", topic="Returns"))
    [sent] = await record.wait()
    embed = sent.data["embeds"][0]
    assert embed["title"] == "Summary: Returns"
    assert embed["description"] == "Returns are free within 30 days."
    buttons = [c["custom_id"] for row in sent.data["components"] for c in row["components"]]
    assert buttons == ["faq:fu:return-policy", "faq:fu:refund-time"]


async def test_summary_without_topic_lists_the_topics(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("summary"))
    [sent] = await record.wait()
    description = sent.data["embeds"][0]["description"]
    assert "Shipping" in description and "Returns" in description and "/summary topic:" in description
    assert sent.ephemeral


async def test_summary_without_topic_with_one_topic_summarises_it(fake: FakeDiscord, start_bot: Start,
                                                                  tmp_path: Path) -> None:
    single = RecordingService(Answerer(load_kb(write_kb(tmp_path / "one", RETURNS))))
    await start_bot(single)
    record = await fake.interact(slash("summary", dm=True))
    [sent] = await record.wait()
    assert sent.data["embeds"][0]["description"] == "Returns are free within 30 days."


async def test_topic_autocomplete(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(autocomplete("summary", "topic", "ret"))
    await record.wait()
    assert [c["name"] for c in record.sent[0].data["choices"]] == ["Returns"]
    record = await fake.interact(autocomplete("summary", "topic", ""))
    await record.wait()
    assert [c["name"] for c in record.sent[0].data["choices"]] == ["Shipping", "Returns"]


async def test_topics_lists_every_question_privately(fake: FakeDiscord, start_bot: Start,
                                                     service: RecordingService) -> None:
    await start_bot()
    record = await fake.interact(slash("topics"))
    [sent] = await record.wait()
    assert sent.ephemeral
    text = sent.data["embeds"][0]["description"]
    for entry in service.answerer.kb.entries:
        assert entry.question in text
    assert text.index("**Shipping**") < text.index("**Returns**")


async def test_help_explains_and_offers_examples(fake: FakeDiscord, start_bot: Start,
                                                 service: RecordingService) -> None:
    await start_bot()
    record = await fake.interact(slash("help"))
    [sent] = await record.wait()
    assert "/ask" in sent.data["embeds"][0]["description"]
    buttons = [c["custom_id"] for row in sent.data["components"] for c in row["components"]]
    assert buttons == [f"faq:fu:{s.id}" for s in service.answerer.examples(3)]


async def test_admin_commands_for_admins_only(fake: FakeDiscord, start_bot: Start, service: RecordingService) -> None:
    await start_bot()
    outcomes = {}
    for name in ("reload", "stats"):
        for who in (USER_ID, ADMIN_ID):
            record = await fake.interact(slash(name, user_id=who))
            sent = await record.wait()
            outcomes[name, who] = [(s.ephemeral, s.data.get("content")) for s in sent]
    not_allowed = messages.text("service.not_allowed")
    assert outcomes["reload", USER_ID] == [(True, not_allowed)]
    assert outcomes["stats", USER_ID] == [(True, not_allowed)]
    assert outcomes["reload", ADMIN_ID] == [(True, "Reloaded: 2 topics, 6 entries.")]
    assert outcomes["stats", ADMIN_ID][0][0] and outcomes["stats", ADMIN_ID][0][1].startswith("Answer rate 80%")
    assert [c for c in service.calls if c[0] in ("reload", "stats")] == [("reload", str(ADMIN_ID)), ("stats", None)]
    stats = next(m for m in fake.messages.values() if (m["content"] or "").startswith("Answer rate"))
    assert stats["allowed_mentions"] == {"parse": []}  # "@everyone" in the stats text pings nobody


async def test_command_error_is_answered_privately_and_logged(fake: FakeDiscord, start_bot: Start,
                                                              service: RecordingService,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(service, "summary", broken)
    await start_bot()
    record = await fake.interact(slash("summary", topic="Returns"))
    [sent] = await record.wait()
    assert sent.kind == "callback" and sent.ephemeral and "went wrong" in sent.data["content"]
    logged = [r for r in caplog.records if "/summary failed" in r.getMessage()]
    assert logged and "matcher exploded" in str(logged[0].exc_info[1])


async def test_error_after_the_response_is_reported_by_follow_up(fake: FakeDiscord, start_bot: Start,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    original = FaqHandlers._send_pages

    async def half(self: FaqHandlers, interaction: discord.Interaction, pages: Sequence[discord.Embed],
                   view: discord.ui.View | None, *, ephemeral: bool) -> NoReturn:
        await original(self, interaction, pages[:1], None, ephemeral=ephemeral)
        raise RuntimeError("second page failed")

    monkeypatch.setattr(FaqHandlers, "_send_pages", half)
    await start_bot()
    record = await fake.interact(slash("ask", question="How long does delivery take?"))
    sent = await record.wait(count=2)
    assert [s.kind for s in sent] == ["callback", "followup"]
    assert sent[1].ephemeral and "went wrong" in sent[1].data["content"]
