"""Bot API requests that retry network faults, but never in a way that could deliver a message twice."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

__all__ = ["SAFE_TO_REPEAT", "RetryingRequest", "is_unsent"]

log = logging.getLogger("faqbot.telegram")

# Methods whose repetition changes nothing on Telegram's side: retried after any network fault.
SAFE_TO_REPEAT = frozenset({
    "getMe", "getUpdates", "setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook", "getWebhookInfo",
    "getChat", "sendChatAction", "close", "logOut",
})
# httpx faults raised before the request reached the server: repeating such a request cannot double it.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def is_unsent(error: BaseException) -> bool:
    """True when a PTB network error is known to have happened before the request was sent."""
    return isinstance(error.__cause__, _UNSENT)


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest that retries connection faults with backoff.

    A send whose answer was lost (read timeout, dropped connection) may have been delivered, so
    it is not repeated: the user would see the answer twice. Only faults before sending, and any
    fault on methods that are safe to repeat, are retried.
    """

    def __init__(self, *args: Any, retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retries = retries
        self.backoff = backoff

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """See HTTPXRequest.do_request; retried as described in the class docstring."""
        api_method = url.rsplit("/", 1)[-1]
        attempt = 0
        while True:
            try:
                return await super().do_request(url, method, *args, **kwargs)
            except (TimedOut, NetworkError) as error:
                attempt += 1
                repeatable = api_method in SAFE_TO_REPEAT or is_unsent(error)
                if not repeatable or attempt > self.retries:
                    raise
                delay = self.backoff * 2 ** (attempt - 1)
                # The URL holds the token: log the method name only.
                log.warning("Telegram %s failed (%s), retry %d in %.1fs", api_method, type(error).__name__, attempt, delay)
                await asyncio.sleep(delay)
