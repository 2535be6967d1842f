"""A fake Telegram Bot API server (aiohttp, 127.0.0.1, ephemeral port) that rejects what Telegram rejects.

Point the real PTB ``Application`` at ``server.base_url``. Push updates with ``push``; read what the
bot did in ``sent``, ``callback_answers``, ``inline_answers``, ``commands``. Inject faults with
``fail`` (an error answer: 400, 429, 500, 502 ...), ``stall`` (record the call, answer late), ``outage``
(every call answered 502 for a while, as Telegram's front ends do while the API behind them is down)
and ``refuse`` (the port closed for a while: connection refused). Runnable on its own
(``python -m adapters.testing.telegram.fake_server``) with a small control API under ``/_fake/`` for the bench.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from adapters.testing.telegram.telegram_rules import (
    ApiError,
    check_commands,
    check_inline_results,
    check_markup,
    check_text,
)

__all__ = ["BOT_ID", "BOT_USERNAME", "TOKEN", "FakeBotApi", "main"]

TOKEN = "123456789:TEST-token-for-the-fake-server_0123"  # the real shape: 35 characters after the colon
BOT_ID = 4242
BOT_USERNAME = "faqtest_bot"
MAX_POLL_WAIT = 1.0  # cap on a long poll: a test never waits longer for nothing
# Form fields PTB sends JSON-encoded (everything not a plain string).
_JSON_FIELDS = {
    "reply_markup", "results", "commands", "scope", "allowed_updates", "entities", "reply_parameters",
    "link_preview_options", "button", "caption_entities",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "message_thread_id",
               "max_connections"}
_BOOL_FIELDS = {"show_alert", "is_personal", "drop_pending_updates", "disable_notification"}


@dataclass
class _Fault:
    status: int
    description: str
    retry_after: int | None = None
    delay: float = 0.0  # a stall: the call takes effect, the answer comes this late


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode(form: Any) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in form.items():
        if not isinstance(value, str):
            continue  # uploads: not used by this bot
        if key in _JSON_FIELDS:
            params[key] = json.loads(value)
        elif key in _INT_FIELDS and value.lstrip("-").isdigit():
            params[key] = int(value)
        elif key in _BOOL_FIELDS:
            params[key] = value == "true"
        else:
            params[key] = value
    return params


class FakeBotApi:
    """An in-process Bot API for one bot; every method it implements validates like Telegram."""

    def __init__(self, token: str = TOKEN, username: str = BOT_USERNAME, bot_id: int = BOT_ID,
                 max_poll_wait: float = MAX_POLL_WAIT) -> None:
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "FAQ test bot", "username": username,
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
        self.updates: list[dict[str, Any]] = []
        self.pushed_at: dict[int, float] = {}
        self.sent: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.inline_answers: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {}
        self.description = ""
        self.short_description = ""
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every call but getUpdates (counted in polls)
        self.polls = 0
        self.errors: list[tuple[str, str]] = []  # (method, description) of every error answered
        self._faults: dict[str, deque[_Fault]] = defaultdict(deque)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._open_queries: set[str] = set()
        self._next_update = 1
        self._next_message = 1000
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._outage_until = 0.0  # perf_counter time until which every call gets ``_outage_status``
        self._outage_status = 502
        self.outage_refusals = 0  # calls answered by an outage (not carried out)
        self._refusal: asyncio.Task[None] | None = None
        self._closing = False
        self.port = 0

    # --- life cycle ---------------------------------------------------------------------
    def web_app(self) -> web.Application:
        """The aiohttp application (Bot API routes plus the ``/_fake/`` control API)."""
        app = web.Application()
        app.router.add_post("/_fake/push", self._control_push)
        app.router.add_get("/_fake/sent", self._control_sent)
        app.router.add_post("/_fake/outage", self._control_outage)
        app.router.add_post("/_fake/refuse", self._control_refuse)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        return app

    async def start(self, port: int = 0) -> FakeBotApi:
        """Listen on 127.0.0.1 (an ephemeral port unless given)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = self._site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    def outage(self, seconds: float, status: int = 502) -> None:
        """For the next ``seconds``, answer every call (polls too) with ``status`` and carry none of them out."""
        self._outage_until = time.perf_counter() + seconds
        self._outage_status = status

    async def refuse(self, seconds: float) -> None:
        """Close the port for ``seconds`` (new connections are refused), then listen on it again."""
        assert self._runner is not None and self._site is not None
        await self._site.stop()
        await asyncio.sleep(seconds)  # kept: the outage's length is what the caller asked for
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    async def stop(self) -> None:
        """Close the server and its connections (a waiting long poll returns at once)."""
        self._closing = True
        self._wake.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """What ``ApplicationBuilder().base_url`` takes: everything before the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- what tests do ------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queue an update (``update_id`` is assigned) and wake a waiting long poll; returns the id."""
        update = {**update, "update_id": self._next_update}
        self._next_update += 1
        self._remember(update)
        self.updates.append(update)
        self.pushed_at[update["update_id"]] = time.perf_counter()
        self._wake.set()
        return int(update["update_id"])

    def fail(self, method: str, status: int = 400, description: str = "Bad Request: injected fault",
             retry_after: int | None = None, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with an error (429 with ``retry_after``)."""
        for _ in range(times):
            self._faults[method].append(_Fault(status, description, retry_after))

    def stall(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method`` but answer ``seconds`` late (a lost answer)."""
        for _ in range(times):
            self._faults[method].append(_Fault(200, "", delay=seconds))

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109 (the tests' keyword)
        """Wait until ``condition()`` holds (checked after every call the bot makes); fail after ``timeout``."""
        async def waiter() -> None:
            while not condition():
                self._changed.clear()
                await self._changed.wait()
        await asyncio.wait_for(waiter(), timeout)

    async def wait_sent(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Wait until at least ``count`` messages were sent; return all sent messages."""
        await self.wait_for(lambda: len(self.sent) >= count, timeout)
        return self.sent

    def called(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of ``method`` so far."""
        return [params for name, params in self.calls if name == method]

    # --- the Bot API ---------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if time.perf_counter() < self._outage_until:
            self.outage_refusals += 1
            self._changed.set()
            # What nginx in front of a dead backend answers: HTML, not the Bot API's JSON.
            return web.Response(status=self._outage_status, text="<html><body>502 Bad Gateway</body></html>",
                                content_type="text/html")
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = _decode(await request.post()) if request.can_read_body else {}
        if request.content_type == "application/json":
            params = await request.json()
        if method != "getUpdates":
            self.calls.append((method, params))
        fault = self._faults[method].popleft() if self._faults.get(method) else None
        try:
            if fault is not None and fault.status != 200:
                raise ApiError(fault.description, fault.status, fault.retry_after)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                # Never 401/404 here: PTB takes those for a bad token and gives up.
                raise ApiError(f"Bad Request: method {method} is not implemented by the fake server")
            result = await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)
        except ApiError as error:
            self.errors.append((method, error.description))
            self._changed.set()
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.status)
        self._changed.set()
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)  # kept: the deliberate stall (a lost answer) is the fault
        return web.json_response({"ok": True, "result": result})

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        check_commands(commands)
        scope = json.dumps(params.get("scope", {"type": "default"}), sort_keys=True)
        self.commands[scope] = commands  # type: ignore[assignment]
        return True

    def _api_setMyDescription(self, params: dict[str, Any]) -> bool:
        text = str(params.get("description", ""))
        if _utf16(text) > 512:
            raise ApiError("Bad Request: description is too long")
        self.description = text
        return True

    def _api_getMyDescription(self, params: dict[str, Any]) -> dict[str, str]:
        return {"description": self.description}

    def _api_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        text = str(params.get("short_description", ""))
        if _utf16(text) > 120:
            raise ApiError("Bad Request: short description is too long")
        self.short_description = text
        return True

    def _api_getMyShortDescription(self, params: dict[str, Any]) -> dict[str, str]:
        return {"short_description": self.short_description}

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith("https://"):
            raise ApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.polls += 1
        self._changed.set()  # a test can wait for a poll to be waiting here (it is, once this handler yields)
        if self.webhook:
            raise ApiError("Conflict: can't use getUpdates method while webhook is active", 409)
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]  # confirmed ones are gone
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(float(params.get("timeout") or 0), self.max_poll_wait)
        while not self.updates and loop.time() < deadline and not self._closing:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), deadline - loop.time())
            except TimeoutError:
                break
        return self.updates[: int(params.get("limit") or 100)]

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = check_text(params.get("text", ""), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
        self._next_message += 1
        message = {
            "message_id": self._next_message, "date": int(time.time()), "chat": self._chat(chat_id),
            "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")}, "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        self._messages[(chat_id, self._next_message)] = message
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        self.sent.append({**message, "chat_id": chat_id, "html": params.get("text", ""), "reply_to": reply_to,
                          "parse_mode": params.get("parse_mode"), "at": time.perf_counter(),
                          "link_preview_options": params.get("link_preview_options")})
        return message

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._messages.get((int(params.get("chat_id", 0)), int(params.get("message_id", 0))))
        if message is None:
            raise ApiError("Bad Request: message to edit not found")
        text = check_text(params.get("text", ""), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
        if text == message["text"] and markup == message.get("reply_markup"):
            raise ApiError("Bad Request: message is not modified: specified new message content and reply "
                           "markup are exactly the same as a current content and reply markup of the message")
        message.update(text=text, reply_markup=markup)
        self.edits.append(params)
        return message

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise ApiError("Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(params.get("text", "")) > 200:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers.append(params)
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("inline_query_id")
        if query_id not in self._open_queries:
            raise ApiError("Bad Request: query is too old and response timeout expired or query ID is invalid")
        check_inline_results(params.get("results") or [], params.get("button"))
        self._open_queries.discard(query_id)
        self.inline_answers.append(params)
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    # --- bookkeeping ----------------------------------------------------------------------
    def _chat(self, chat_id: int) -> dict[str, Any]:
        return self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "Someone"})

    def _remember(self, update: dict[str, Any]) -> None:
        message = update.get("message") or (update.get("callback_query") or {}).get("message")
        if message and "chat" in message:
            self._chats.setdefault(message["chat"]["id"], message["chat"])
        for kind in ("callback_query", "inline_query"):
            if kind in update:
                self._open_queries.add(update[kind]["id"])

    # --- control API (for a fake in another process) ------------------------------------------
    async def _control_push(self, request: web.Request) -> web.Response:
        updates = await request.json()
        return web.json_response([self.push(u) for u in updates])

    async def _control_outage(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.outage(float(body["seconds"]), int(body.get("status", 502)))
        return web.json_response({"ok": True})

    async def _control_refuse(self, request: web.Request) -> web.Response:
        body = await request.json()
        self._refusal = asyncio.get_running_loop().create_task(self.refuse(float(body["seconds"])))
        return web.json_response({"ok": True})

    async def _control_sent(self, request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        rows = [{"chat_id": m["chat_id"], "text": m["text"], "at": m["at"]} for m in self.sent[since:]]
        answer: dict[str, Any] = {"count": len(self.sent), "sent": rows}
        if request.query.get("pushed") == "1":  # only on request: it grows with every update ever pushed
            answer["pushed_at"] = self.pushed_at
        return web.json_response(answer)


def main() -> None:
    """Serve a fake Bot API until interrupted; prints the base URL and token to use (test values only)."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0

    async def serve() -> None:
        fake = await FakeBotApi().start(port)
        print(f"TELEGRAM_API_BASE_URL={fake.base_url}\nTELEGRAM_BOT_TOKEN={fake.token}", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await fake.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
