"""The webhook server: checks Telegram's secret header before it reads a byte of the body, and caps the body.

PTB's own webhook server (``Updater.start_webhook``) lets tornado read the whole body (up to
100 MB) before it looks at the secret, so anyone who finds the URL can make the bot buffer large
bodies. This one streams the body: headers are checked first (403 without the right secret, 413
when the declared length is over ``MAX_BODY``), and a body that grows past ``MAX_BODY`` is cut off.
Updates go into the Application's ``update_queue``, as PTB's custom-webhook example does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.http1connection
import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

__all__ = ["MAX_BODY", "SECRET_HEADER", "WebhookServer"]

log = logging.getLogger("faqbot.telegram")

MAX_BODY = 1024 * 1024  # bytes; a Telegram update is a few KB (a 4,096-character message and its entities)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_DISCARD_BELOW = 16 * 1024  # a refused body up to this size is read and discarded rather than cut off


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """One POST from Telegram: headers checked in ``prepare`` (before the body), the update queued in ``post``."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, telegram_app: Application, secret: str, max_body: int) -> None:  # type: ignore[type-arg]
        """Tornado calls this per request with the arguments given in the route."""
        self.telegram_app = telegram_app
        self.secret = secret
        self.max_body = max_body
        self.chunks: list[bytes] = []
        self.size = 0
        self.refused: HTTPStatus | None = None

    def prepare(self) -> None:
        """Refuse before the body is read: no or a wrong secret (403), a declared length over the cap (413)."""
        declared = self.request.headers.get("Content-Length", "")
        length = int(declared) if declared.isdigit() else None
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self._refuse(HTTPStatus.FORBIDDEN, length)
        elif length is not None and length > self.max_body:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, length)
        else:
            connection = self.request.connection
            if isinstance(connection, tornado.http1connection.HTTP1Connection):
                connection.set_max_body_size(self.max_body)  # tornado's own check, for chunked bodies too

    def _refuse(self, status: HTTPStatus, length: int | None) -> None:
        self.refused = status
        if length is None or length > _DISCARD_BELOW:
            # Answered before the body is read: tornado closes the connection instead of reading the rest.
            self.set_status(status)
            self.finish()
        # A small body is read and thrown away (never kept), so a well-behaved client gets a clean 403.

    def data_received(self, chunk: bytes) -> None:
        """Collect the body, at most ``max_body`` bytes; nothing is kept of a refused request."""
        self.size += len(chunk)
        if self.refused is not None:
            return
        if self.size > self.max_body:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.chunks.append(chunk)

    async def post(self) -> None:
        """Queue the update; a body that is not an update gets 400 (Telegram does not retry those)."""
        if self.refused is not None:
            self.set_status(self.refused)
            self.finish()
            return
        try:
            data = json.loads(b"".join(self.chunks).decode("utf-8"))
            update = Update.de_json(data, self.telegram_app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook: a request with the right secret carried no valid update (%d bytes)", self.size)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        await self.telegram_app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        """Refusals are expected traffic, not errors: no tracebacks in the log."""


class WebhookServer:
    """Serves ``path`` on ``host:port`` and feeds ``application``'s update queue."""

    def __init__(self, application: Application, path: str, secret: str,  # type: ignore[type-arg]
                 max_body: int = MAX_BODY) -> None:
        route = "/" + path.strip("/")
        app = tornado.web.Application(
            [(rf"{route}/?", _UpdateHandler, {"telegram_app": application, "secret": secret, "max_body": max_body})],
            log_function=lambda handler: None,  # no access log: the path may be guessable, the log is not the place
        )
        # No server-wide max_body_size: tornado would drop an over-long request before the handler could
        # answer 403; the handler sets the cap per request once the secret is right.
        self._server = tornado.httpserver.HTTPServer(app, idle_connection_timeout=60)

    async def start(self, host: str, port: int) -> None:
        """Listen (on the running event loop)."""
        self._server.listen(port, address=host)
        await asyncio.sleep(0)

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        self._server.stop()
        await self._server.close_all_connections()
