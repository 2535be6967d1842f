"""Discord's 3 seconds counted from the interaction's creation: late handlers defer at once, expired ones dropped."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.discord.deadline import Deadline
from adapters.testing.discord.fake_discord import FakeDiscord
from adapters.testing.discord.interactions import slash
from tests.adapters.discord.conftest import RecordingService, Start, until


async def test_a_late_interaction_is_deferred_by_its_creation_time(
    fake: FakeDiscord, start_bot: Start, service: RecordingService,
) -> None:
    # Created 1.2 s before the handler sees it, answered after 2.5 s: a 2 s timer started in the handler
    # would defer at 3.2 s, too late. Counted from creation, the defer goes out at 2 s.
    service.delay = 2.5
    await start_bot()
    record = await fake.interact(slash("ask", age=1.2, question="How long does delivery take?"))
    await record.wait(1, timeout=5)
    assert [s.type for s in record.sent] == [5, 4], "deferred in time, then the answer as a follow-up"
    assert record.sent[0].at - record.created < 2.6


async def test_an_expired_interaction_is_dropped_with_one_counted_line_and_no_traceback(
    fake: FakeDiscord, start_bot: Start, service: RecordingService, caplog: pytest.LogCaptureFixture,
) -> None:
    platform = await start_bot()
    caplog.set_level(logging.DEBUG)
    stale = [await fake.interact(slash("ask", age=3.5, question="How long does delivery take?")) for _ in range(3)]
    fresh = await fake.interact(slash("ask", question="Can I return an item?"))
    await fresh.wait()
    assert platform.bot is not None
    await until(lambda: platform.bot.faq.deadline.dropped == 3)  # type: ignore[union-attr]  # each stale one handled
    assert all(r.sent == [] for r in stale), "nothing is sent for an interaction Discord no longer accepts"
    assert ("ask", "How long does delivery take?") not in service.calls, "no answer computed for it"
    assert platform.bot is not None
    assert platform.bot.faq.deadline.dropped == 3  # type: ignore[union-attr]
    lines = [r for r in caplog.records if "too old to answer" in r.getMessage()]
    assert len(lines) == 1 and "3 in all" not in lines[0].getMessage()  # one line for the burst (then counted)
    assert not any(r.exc_info for r in caplog.records), "no traceback"


async def test_a_reply_refused_as_too_late_is_counted_not_reported(
    fake: FakeDiscord, start_bot: Start, service: RecordingService, caplog: pytest.LogCaptureFixture,
) -> None:
    # The fake's clock runs out earlier than the bot thinks: the reply is refused with "Unknown interaction".
    fake.ack_deadline = 0.3
    service.delay = 0.6
    platform = await start_bot()
    record = await fake.interact(slash("ask", question="How long does delivery take?"))
    await asyncio.wait_for(fake.problem_seen.wait(), 5)
    assert platform.bot is not None
    await until(lambda: platform.bot.faq.deadline.dropped == 1)  # type: ignore[union-attr]  # the refusal handled
    fake.expect_problem("late response")
    assert record.messages == []
    assert platform.bot is not None and platform.bot.faq.deadline.dropped == 1  # type: ignore[union-attr]
    assert not any(r.exc_info for r in caplog.records), "no traceback"


class _Interaction:
    """Just what Deadline reads: ``created_at``."""

    def __init__(self, created: float) -> None:
        from datetime import UTC, datetime

        self.created_at = datetime.fromtimestamp(created, UTC)


def test_a_skewed_host_clock_is_corrected_once_there_is_history(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    ticks = [0.0]
    monkeypatch.setattr("adapters.discord.deadline.time.monotonic", lambda: ticks[0])
    deadline = Deadline(clock=lambda: now[0] + 5.0)  # the host clock is 5 s ahead of Discord's
    assert deadline.age(_Interaction(now[0] - 0.1)) == pytest.approx(5.1)  # no history yet: taken as it is
    ticks[0] = 31.0  # half a minute of traffic later, the fastest arrival shows the offset
    assert deadline.age(_Interaction(now[0] - 0.1)) == pytest.approx(0.0, abs=1e-6)
    late = _Interaction(now[0] - 2.5)
    assert deadline.age(late) == pytest.approx(2.4)
    assert deadline.fresh(late, "/ask") and not deadline.fresh(_Interaction(now[0] - 3.1), "/ask")


def test_an_implausible_age_is_never_dropped() -> None:
    now = 1_000_000.0
    deadline = Deadline(clock=lambda: now + 3600.0)  # an hour off: a clock problem, not a late interaction
    assert deadline.fresh(_Interaction(now), "/ask")
    assert deadline.dropped == 0


async def test_a_burst_is_acknowledged_in_time_and_every_interaction_answered(
    fake: FakeDiscord, start_bot: Start,
) -> None:
    platform = await start_bot()
    questions = ["How long does delivery take?", "Can I return an item?", "best pizza in town"]
    records = [await fake.interact(slash("ask", user_id=1700000000000000000 + n, question=questions[n % 3]))
               for n in range(300)]
    await asyncio.wait_for(asyncio.gather(*(r.wait(1, timeout=20) for r in records)), 25)
    assert fake.problems == [], "no response after Discord's 3 s, no double acknowledgement"
    assert all(r.sent[0].at - r.created < 3.0 for r in records)
    assert all(len(r.messages) == 1 for r in records), "each answered once"
    assert platform.bot is not None and platform.bot.faq.deadline.dropped == 0  # type: ignore[union-attr]
    assert any(r.sent[0].type == 5 for r in records), "under load, acknowledged with a defer first"
