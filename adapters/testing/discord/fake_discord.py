"""A fake Discord (gateway + REST) on 127.0.0.1 that the real discord.py client talks to, recording everything."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from adapters.testing.discord import discord_payloads as P

__all__ = ["TOKEN", "FakeDiscord", "FakeInteraction", "Sent", "choices_problems_for", "main", "message_problems_for"]

TOKEN = "fake-token.for-tests.only"
INTERACTION_TTL = 15 * 60  # follow-ups stay possible this long after the interaction


@dataclass
class Sent:
    """A message (or callback) the bot sent for an interaction."""

    kind: str  # "callback" or "followup"
    type: int  # callback type (4 message, 5 deferred, 8 autocomplete ...) or 4 for follow-ups
    data: dict[str, Any]
    ephemeral: bool
    message: dict[str, Any] | None = None  # the created message, if any
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class FakeInteraction:
    """One interaction Discord sent to the bot, and whatever the bot answered."""

    payload: dict[str, Any]
    created: float = 0.0  # monotonic time of creation, from the id's timestamp (see __post_init__)
    acked: bool = False
    sent: list[Sent] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        if not self.created:
            # Discord's 3 seconds run from the creation time its id carries, not from delivery.
            made = P.snowflake_time(int(self.payload["id"]))
            self.created = time.monotonic() - max(time.time() - made, 0.0)

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def messages(self) -> list[Sent]:
        """What the user sees: sent messages (callbacks of type 4 and follow-ups), in order."""
        return [s for s in self.sent if s.message is not None]

    async def wait(self, count: int = 1, timeout: float = 3.0) -> list[Sent]:  # noqa: ASYNC109 (the tests' keyword)
        """Wait until ``count`` messages (or, for autocomplete, one callback) arrived; fail after ``timeout``."""
        async def enough() -> None:
            while len(self.messages) < count and not any(s.type == 8 for s in self.sent):
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return self.messages


class FakeDiscord:
    """Serves ``/api/v10`` and the gateway; the test patches discord.py to point here (see conftest)."""

    def __init__(self, *, ack_deadline: float = 3.0) -> None:
        self.ack_deadline = ack_deadline
        self.port = 0
        self.requests: list[tuple[str, str, Any]] = []  # (method, path, json body)
        self.problems: list[str] = []  # every rule the bot broke; the fixture asserts it stays empty
        self.expected_problems: list[str] = []  # a test that provokes an error moves it here
        self.problem_seen = asyncio.Event()  # set at every rule broken
        self.interactions: dict[str, FakeInteraction] = {}
        self.channel_messages: list[dict[str, Any]] = []  # messages the bot posted in channels (not interactions)
        self.channel_message_added = asyncio.Event()
        self.messages: dict[str, dict[str, Any]] = {}
        self.gateway_ops: list[tuple[str, int, dict[str, Any] | None]] = []  # (path, op, data) received
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> registered
        self.gateway_shards = 1
        self.hold_resume = asyncio.Event()
        self.hold_resume.set()
        self.resume_asked = asyncio.Event()  # set when a RESUME arrives (before ``hold_resume`` is waited for)
        self.ready = asyncio.Event()
        self._events: list[dict[str, Any]] = []  # the session's dispatches, replayed on RESUME
        self._session = ""
        self._sockets: set[web.WebSocketResponse] = set()
        self._live: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        self.app.add_routes([
            web.get("/gateway", self._gateway), web.get("/resume", self._gateway),
            web.get("/api/v10/users/@me", self._me), web.get("/api/v10/oauth2/applications/@me", self._application),
            web.get("/api/v10/gateway/bot", self._gateway_bot),
            web.post("/api/v10/interactions/{id}/{token}/callback", self._callback),
            web.post("/api/v10/webhooks/{app}/{token}", self._followup),
            web.patch("/api/v10/webhooks/{app}/{token}/messages/{message}", self._edit),
            web.put("/api/v10/applications/{app}/commands", self._sync),
            web.put("/api/v10/applications/{app}/guilds/{guild}/commands", self._sync),
            web.post("/api/v10/channels/{channel}/messages", self._create_message),
            web.post("/_fake/burst", self._control_burst), web.get("/_fake/report", self._control_report),
        ])

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1 (an ephemeral port unless given)."""
        self._runner = web.AppRunner(self.app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        """Close every socket and stop listening."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- driving the bot -----------------------------------------------------------------------
    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a gateway event (kept for RESUME replay even when no socket is live); its sequence number."""
        sequence = len(self._events) + 1
        frame = {"op": 0, "t": event, "s": sequence, "d": data}
        self._events.append(frame)
        if self._live is not None and not self._live.closed:
            await self._live.send_str(json.dumps(frame))
        return sequence

    async def interact(self, payload: dict[str, Any]) -> FakeInteraction:
        """Deliver an interaction as ``INTERACTION_CREATE``."""
        record = FakeInteraction(payload)
        self.interactions[record.id] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the live gateway socket as a network failure or Discord restart would."""
        live, self._live = self._live, None
        if live is not None:
            await live.close(code=code)

    def find_message(self, custom_id: str) -> dict[str, Any]:
        """The latest message carrying a button with this custom_id."""
        for msg in reversed(list(self.messages.values())):
            if any(c.get("custom_id") == custom_id for row in msg["components"] for c in row["components"]):
                found: dict[str, Any] = msg
                return found
        raise KeyError(custom_id)

    def expect_problem(self, fragment: str) -> None:
        """Mark an error the test provoked on purpose, so the teardown check accepts it."""
        matching = [p for p in self.problems if fragment in p]
        assert matching, f"expected a problem containing {fragment!r}, got {self.problems}"
        for problem in matching:
            self.problems.remove(problem)
            self.expected_problems.append(problem)

    # --- gateway -------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        await ws.send_str(json.dumps({"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": 41250}}))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                self.gateway_ops.append((request.path, op, data))
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11, "s": None, "t": None, "d": None}))
                elif op == 2:
                    await self._identify(ws, data)
                elif op == 6:
                    await self._resume(ws, data)
        finally:
            self._sockets.discard(ws)
            if self._live is ws:
                self._live = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != TOKEN:
            await ws.close(code=4004)
            return
        if data.get("intents", 0) & ((1 << 1) | (1 << 8) | (1 << 15)):
            self.problems.append(f"privileged intents requested: {data.get('intents')}")
        self._session = f"session-{next(P.snowflakes)}"
        self._events = []
        self._live = ws
        ready = {"v": 10, "user": P.bot_user(), "guilds": [{"id": str(P.GUILD_ID), "unavailable": True}],
                 "session_id": self._session, "resume_gateway_url": f"ws://127.0.0.1:{self.port}/resume",
                 "application": {"id": str(P.APP_ID), "flags": 0}, "private_channels": [], "relationships": []}
        if data.get("shard"):
            ready["shard"] = data["shard"]
        await self.dispatch("READY", ready)
        await self.dispatch("GUILD_CREATE", P.guild_create())
        self.ready.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.resume_asked.set()
        await self.hold_resume.wait()
        if data.get("token") != TOKEN or data.get("session_id") != self._session:
            await ws.send_str(json.dumps({"op": 9, "s": None, "t": None, "d": False}))
            return
        self._live = ws
        missed = [f for f in self._events if f["s"] > (data.get("seq") or 0)]
        for frame in missed:
            await ws.send_str(json.dumps(frame))
        await self.dispatch("RESUMED", {})

    # --- REST ----------------------------------------------------------------------------------
    def _record(self, request: web.Request, body: Any = None) -> bool:
        """Log the request; False when it lacks the bot token (interaction routes use their own token)."""
        self.requests.append((request.method, request.path, body))
        if request.path.startswith(("/api/v10/interactions/", "/api/v10/webhooks/")):
            return True
        return request.headers.get("Authorization") == f"Bot {TOKEN}"

    async def _me(self, request: web.Request) -> web.Response:
        if not self._record(request):
            return _unauthorized()
        return _json(P.bot_user())

    async def _application(self, request: web.Request) -> web.Response:
        if not self._record(request):
            return _unauthorized()
        return _json(P.application())

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        if not self._record(request):
            return _unauthorized()
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway, "shards": self.gateway_shards, "session_start_limit": limit})

    async def _callback(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._record(request, body)
        record = self.interactions.get(request.match_info["id"])
        if record is None or record.token != request.match_info["token"]:
            return self._reject(404, 10062, "Unknown interaction", "callback for an unknown interaction")
        if time.monotonic() - record.created > self.ack_deadline:
            return self._reject(404, 10062, "Unknown interaction", f"late response to interaction {record.id}")
        if record.acked:
            return self._reject(400, 40060, "Interaction has already been acknowledged.",
                                f"second acknowledgement of interaction {record.id}")
        kind, data = body.get("type"), body.get("data") or {}
        problems = choices_problems_for(data) if kind == 8 else message_problems_for(kind, data)
        if problems:
            return self._reject(400, 50035, "Invalid Form Body", "; ".join(problems))
        record.acked = True
        ephemeral = bool(int(data.get("flags") or 0) & 64)
        message = self._store(data, record, ephemeral) if kind in (4, 7) else None
        record.sent.append(Sent("callback", kind, data, ephemeral, message))
        record.changed.set()
        answer: dict[str, Any] = {"interaction": {
            "id": record.id, "type": record.payload["type"], "response_message_loading": kind == 5,
            "response_message_ephemeral": ephemeral,
            **({"response_message_id": message["id"]} if message else {}),
        }}
        if message is not None:
            answer["resource"] = {"type": kind, "message": message}
        return _json(answer)

    async def _followup(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._record(request, body)
        record = next((r for r in self.interactions.values() if r.token == request.match_info["token"]), None)
        if record is None or not record.acked or time.monotonic() - record.created > INTERACTION_TTL:
            return self._reject(404, 10015, "Unknown Webhook", "follow-up without an acknowledged interaction")
        problems = message_problems_for(4, body)
        if problems:
            return self._reject(400, 50035, "Invalid Form Body", "; ".join(problems))
        ephemeral = bool(int(body.get("flags") or 0) & 64)
        message = self._store(body, record, ephemeral)
        record.sent.append(Sent("followup", 4, body, ephemeral, message))
        record.changed.set()
        return _json(message)

    async def _create_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        if not self._record(request, body):
            return _unauthorized()
        problems = P.message_problems(body)
        if problems:
            return self._reject(400, 50035, "Invalid Form Body", "; ".join(problems))
        message = P.message(body, channel_id=int(request.match_info["channel"]))
        message["type"] = 19 if body.get("message_reference") else 0
        message["message_reference"] = body.get("message_reference")
        message["allowed_mentions"] = body.get("allowed_mentions")
        self.messages[message["id"]] = message
        self.channel_messages.append(message)
        self.channel_message_added.set()
        return _json(message)

    async def wait_channel_messages(self, count: int, seconds: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot posted ``count`` channel messages."""
        async def enough() -> None:
            while len(self.channel_messages) < count:
                self.channel_message_added.clear()
                await self.channel_message_added.wait()

        await asyncio.wait_for(enough(), seconds)
        return self.channel_messages

    async def _edit(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._record(request, body)
        self.problems.append(f"unexpected message edit {request.path}")
        return self._reject(400, 50035, "Invalid Form Body", "edits are not expected")

    async def _sync(self, request: web.Request) -> web.Response:
        body = await request.json()
        if not self._record(request, body):
            return _unauthorized()
        problems = P.commands_problems(body)
        if problems:
            return self._reject(400, 50035, "Invalid Form Body", "; ".join(problems))
        scope = request.match_info.get("guild", "global")
        registered = [{"description": "", **c, "id": str(next(P.snowflakes)), "application_id": str(P.APP_ID),
                       "version": "1",
                       **({"guild_id": scope} if scope != "global" else {})} for c in body]
        self.commands[scope] = registered
        return _json(registered)

    # --- control API (for a fake in another process: the bench) ---------------------------------------
    async def _control_burst(self, request: web.Request) -> web.Response:
        """Deliver ``count`` ``/ask`` interactions at once, each from its own user, cycling through ``questions``."""
        from adapters.testing.discord.interactions import slash

        body = await request.json()
        questions = body["questions"]
        payloads = [slash("ask", user_id=1700000000000000000 + n, question=questions[n % len(questions)])
                    for n in range(int(body["count"]))]
        for payload in payloads:
            record = FakeInteraction(payload)
            self.interactions[record.id] = record
            frame = {"op": 0, "t": "INTERACTION_CREATE", "s": len(self._events) + 1, "d": payload}
            self._events.append(frame)
            if self._live is not None and not self._live.closed:
                await self._live.send_str(json.dumps(frame))
        return _json({"sent": len(payloads)})

    async def _control_report(self, request: web.Request) -> web.Response:
        """Per interaction: seconds from creation to the first accepted response, its type, messages shown."""
        rows = []
        for record in self.interactions.values():
            first = record.sent[0] if record.sent else None
            rows.append({"first": None if first is None else first.at - record.created,
                         "type": None if first is None else first.type, "messages": len(record.messages)})
        return _json({"interactions": rows, "cpu": time.process_time(), "problems": len(self.problems), "late": sum(
            "late response" in p for p in self.problems)})

    # --- helpers -------------------------------------------------------------------------------
    def _store(self, data: dict[str, Any], record: FakeInteraction, ephemeral: bool) -> dict[str, Any]:
        channel = record.payload.get("channel_id") or P.CHANNEL_ID
        message = P.message(data, channel_id=int(channel), flags=64 if ephemeral else 0)
        message["allowed_mentions"] = data.get("allowed_mentions")  # kept for the pings assertion
        self.messages[message["id"]] = message
        return message

    def _reject(self, status: int, code: int, text: str, problem: str) -> web.Response:
        self.problems.append(problem)
        self.problem_seen.set()
        return _json({"code": code, "message": text}, status=status)


def choices_problems_for(data: dict[str, Any]) -> list[str]:
    """Autocomplete result check."""
    return P.choices_problems(data.get("choices") or [])


def message_problems_for(kind: int | None, data: dict[str, Any]) -> list[str]:
    """Callback check: messages must be valid; deferrals carry nothing to check."""
    if kind in (5, 6):
        return []
    if kind not in (4, 7):
        return [f"unsupported callback type {kind}"]
    return P.message_problems(data)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py compares the content type exactly; json_response would add "; charset=utf-8".
    return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


def _unauthorized() -> web.Response:
    return _json({"code": 0, "message": "401: Unauthorized"}, status=401)


def main() -> None:
    """Serve a fake Discord on 127.0.0.1 until interrupted; prints its port (for the bench)."""
    async def serve() -> None:
        fake = FakeDiscord()
        await fake.start()
        print(f"PORT={fake.port}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await fake.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
