"""The fake Discord itself: it must refuse what Discord refuses, or the end-to-end tests prove nothing.

Driven here with a plain HTTP client (aiohttp), not discord.py, so each rule is checked on its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from adapters.testing.discord.interactions import slash

APP = "1200000000000000001"
ANSWER = {"type": 4, "data": {"content": "Yes, within 30 days."}}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """The fake on an ephemeral 127.0.0.1 port, closed after the test."""
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client, bounded in time."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield session


async def post(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST ``body`` as JSON; the status and the JSON answer."""
    async with http.post(url, json=body) as response:
        return response.status, await response.json()


def callback_url(fake: FakeDiscord, payload: dict[str, Any]) -> str:
    """Where the bot answers an interaction."""
    return f"{fake.api}/interactions/{payload['id']}/{payload['token']}/callback"


async def test_rest_calls_need_the_bot_token(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{fake.api}/users/@me") as response:
        assert response.status == 401
    async with http.get(f"{fake.api}/users/@me", headers={"Authorization": f"Bot {TOKEN}"}) as response:
        assert response.status == 200 and (await response.json())["bot"] is True


async def test_an_answer_is_recorded_once_and_a_second_acknowledgement_refused(
    fake: FakeDiscord, http: aiohttp.ClientSession,
) -> None:
    payload = slash("ask", question="Can I return an item?")
    record = await fake.interact(payload)
    status, body = await post(http, callback_url(fake, payload), ANSWER)
    assert status == 200 and body["resource"]["message"]["content"] == "Yes, within 30 days."
    [sent] = await record.wait()
    assert (sent.kind, sent.type, sent.ephemeral, record.acked) == ("callback", 4, False, True)
    assert await post(http, callback_url(fake, payload), ANSWER) == (
        400, {"code": 40060, "message": "Interaction has already been acknowledged."})
    assert fake.problems == [f"second acknowledgement of interaction {record.id}"]


async def test_unknown_and_late_interactions_are_refused(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    unknown = slash("ask", question="never delivered")
    assert (await post(http, callback_url(fake, unknown), ANSWER))[0] == 404
    late = slash("ask", question="Can I return an item?", age=fake.ack_deadline + 1)  # created 4 s ago
    await fake.interact(late)
    status, body = await post(http, callback_url(fake, late), ANSWER)
    assert (status, body["code"]) == (404, 10062)
    assert fake.problems[0] == "callback for an unknown interaction" and fake.problems[1].startswith("late response")


async def test_an_invalid_message_is_refused_with_what_is_wrong(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    payload = slash("ask", question="Can I return an item?")
    record = await fake.interact(payload)
    status, body = await post(http, callback_url(fake, payload), {"type": 4, "data": {"content": "x" * 2001}})
    assert (status, body["code"]) == (400, 50035) and record.sent == [] and not record.acked
    fake.expect_problem("content: 2001 > 2000")
    assert fake.problems == [] and fake.expected_problems == ["content: 2001 > 2000 characters"]


async def test_follow_ups_need_an_acknowledged_interaction_and_keep_the_ephemeral_flag(
    fake: FakeDiscord, http: aiohttp.ClientSession,
) -> None:
    payload = slash("ask", question="What do I do when my parcel is lost?")
    record = await fake.interact(payload)
    follow_up = f"{fake.api}/webhooks/{APP}/{payload['token']}"
    assert (await post(http, follow_up, {"content": "too early"}))[0] == 404
    assert (await post(http, callback_url(fake, payload), {"type": 5, "data": {"flags": 64}}))[0] == 200
    status, message = await post(http, follow_up, {"content": "Part 2", "flags": 64})
    assert status == 200 and message["content"] == "Part 2" and fake.messages[message["id"]] == message
    assert [(s.kind, s.type, s.ephemeral) for s in record.sent] == [("callback", 5, True), ("followup", 4, True)]
    assert [m.data.get("content") for m in record.messages] == ["Part 2"]  # a deferral shows nothing
    fake.expect_problem("follow-up without an acknowledged interaction")
