"""Buttons: follow-ups, did-you-mean, 👍/👎, and presses after a restart (dynamic items)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest

from adapters.testing.discord.fake_discord import FakeDiscord
from adapters.testing.discord.interactions import USER_ID, press, slash
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from tests.adapters.discord.conftest import RETURNS, SHIPPING, RecordingService, Start, write_kb


async def _answer_message(fake: FakeDiscord, question: str) -> dict[str, Any]:
    """Ask, and return the message the bot posted."""
    record = await fake.interact(slash("ask", question=question))
    [sent] = await record.wait()
    return sent.message


async def test_follow_up_button_posts_that_answer(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    message = await _answer_message(fake, "How long does delivery take?")
    record = await fake.interact(press(message, "faq:fu:shipping-cost"))
    [sent] = await record.wait()
    assert not sent.ephemeral and sent.kind == "callback"
    assert sent.data["embeds"][0]["title"] == "How much does shipping cost?"
    assert sent.data["embeds"][0]["description"] == "Shipping is free above 50 EUR, otherwise 4.90 EUR."


async def test_buttons_keep_working_after_a_restart(fake: FakeDiscord, start_bot: Start,
                                                    service: RecordingService) -> None:
    first = await start_bot()
    message = await _answer_message(fake, "How long does delivery take?")
    first_bot = first.bot
    await first_bot.close()  # the process goes away; the message with its buttons stays on Discord
    assert first_bot.is_closed()

    await start_bot()  # a new process: nothing in memory about the old message
    record = await fake.interact(press(message, "faq:fu:tracking"))
    [sent] = await record.wait()
    assert sent.data["embeds"][0]["title"] == "Where is my tracking number?"
    vote = await fake.interact(press(message, "faq:fb:-:delivery-time"))
    await vote.wait()
    assert ("feedback", ("delivery-time", str(USER_ID), False)) in service.calls


async def test_button_for_a_removed_question_says_so_privately(fake: FakeDiscord, start_bot: Start,
                                                               tmp_path: Path) -> None:
    await start_bot()
    message = await _answer_message(fake, "How long does delivery take?")
    kept = [{k: v for k, v in e.items() if k != "follow_ups"} for e in SHIPPING["entries"] if e["id"] != "tracking"]
    trimmed = {**SHIPPING, "entries": kept}
    edited = RecordingService(Answerer(load_kb(write_kb(tmp_path / "edited", trimmed, RETURNS))))
    await start_bot(edited)  # restarted with a KB where the entry is gone
    record = await fake.interact(press(message, "faq:fu:tracking"))
    [sent] = await record.wait()
    assert sent.ephemeral and sent.data["content"] == messages.text("service.removed")


async def test_feedback_is_acknowledged_at_once_and_counted_once(fake: FakeDiscord, start_bot: Start,
                                                                 service: RecordingService) -> None:
    await start_bot()
    message = await _answer_message(fake, "Can I return an item?")
    notes = []
    for _ in range(2):
        record = await fake.interact(press(message, "faq:fb:+:return-policy"))
        [sent] = await record.wait()
        assert sent.kind == "callback" and sent.ephemeral  # the press itself is answered, privately
        notes.append(sent.data["content"])
    assert notes[0] == "Thanks for the feedback!"
    assert "already" in notes[1]
    assert service.calls.count(("feedback", ("return-policy", str(USER_ID), True))) == 2
    assert service.votes == {("return-policy", str(USER_ID), True)}


async def test_buttons_work_in_direct_messages(fake: FakeDiscord, start_bot: Start) -> None:
    await start_bot()
    record = await fake.interact(slash("ask", dm=True, question="Can I return an item?"))
    [sent] = await record.wait()
    pressed = await fake.interact(press(sent.message, "faq:fu:refund-time", dm=True))
    [answer] = await pressed.wait()
    assert answer.data["embeds"][0]["title"] == "When do I get my refund?"


async def test_a_failing_button_reports_the_error_privately(fake: FakeDiscord, start_bot: Start,
                                                            service: RecordingService, monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise RuntimeError("store on fire")

    await start_bot()
    message = await _answer_message(fake, "Can I return an item?")
    monkeypatch.setattr(service, "pick", broken)
    record = await fake.interact(press(message, "faq:fu:refund-time"))
    [sent] = await record.wait()
    assert sent.ephemeral and "went wrong" in sent.data["content"]
    assert any("follow-up button failed" in r.getMessage() and r.exc_info for r in caplog.records)
