"""Bot API requests that ride out 5xx answers, 429s and outages within a deadline, and never deliver twice."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import Counter
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

__all__ = ["SAFE_TO_REPEAT", "Dropped", "RetryingRequest", "is_unsent"]

log = logging.getLogger("faqbot.telegram")

# Methods whose repetition changes nothing on Telegram's side: retried after any network fault.
SAFE_TO_REPEAT = frozenset({
    "getMe", "getUpdates", "setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook", "getWebhookInfo",
    "getChat", "sendChatAction", "close", "logOut", "setMyDescription", "setMyShortDescription",
    "getMyDescription", "getMyShortDescription",
})
# httpx faults raised before the request reached the server: repeating such a request cannot double it.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAX_DELAY = 10.0  # seconds: the longest pause between two tries of one request
# getMe runs only at start, where an operator waits for "cannot reach" rather than for the full deadline.
_METHOD_DEADLINES = {"getMe": 10.0}
_LOG_EVERY = 10.0  # seconds between two log lines about dropped requests


class Dropped(NetworkError):
    """A request given up after its retries or its deadline; counted in ``RetryingRequest.dropped``."""


def is_unsent(error: BaseException) -> bool:
    """True when a PTB network error is known to have happened before the request was sent."""
    return isinstance(error.__cause__, _UNSENT)


def _retry_after(payload: bytes) -> float | None:
    """The ``retry_after`` of a 429 answer, if it has one."""
    try:
        value = json.loads(payload.decode("utf-8", "replace"))["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None


class RetryingRequest(HTTPXRequest):
    """HTTPXRequest that retries transient faults with exponential backoff, within ``deadline`` seconds.

    Retried: 5xx answers (Telegram's front ends answer 5xx while the Bot API behind them is down),
    429 flood control (after the ``retry_after`` Telegram asks for; meanwhile every other request
    of this object waits too, as Telegram expects), and network faults raised before the request
    was sent (connection refused: the typical outage). A send whose answer was lost (read timeout,
    dropped connection) may have been delivered, so it is not repeated (the user would see the
    answer twice); it is counted in ``unconfirmed``. Methods that are safe to repeat are retried
    after any network fault. What is finally given up is counted in ``dropped`` and logged once.
    """

    def __init__(self, *args: Any, retries: int = 8, backoff: float = 0.5, deadline: float = 60.0,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retries = retries
        self.backoff = backoff
        self.deadline = deadline
        self.dropped: Counter[str] = Counter()  # method -> requests given up on
        self.unconfirmed: Counter[str] = Counter()  # method -> sends whose answer was lost (not repeated)
        self._paused_until = 0.0  # loop time before which no request is sent (flood control)
        self._unlogged = 0
        self._logged_at = -_LOG_EVERY

    def _delay(self, attempt: int) -> float:
        """Exponential backoff with jitter, so that many waiting requests do not retry in one wave."""
        base: float = min(self.backoff * 2.0 ** (attempt - 1), _MAX_DELAY)
        return base * float(random.uniform(0.75, 1.0))  # jitter, not security

    async def _wait_pause(self) -> None:
        now = asyncio.get_running_loop().time()
        if self._paused_until > now:
            await asyncio.sleep(self._paused_until - now)

    def _give_up(self, api_method: str, attempt: int, started: float, cause: str) -> Dropped:
        self.dropped[api_method] += 1
        self._unlogged += 1
        now = time.monotonic()
        if now - self._logged_at >= _LOG_EVERY:  # an outage drops many at once: one line per 10 s, counted
            self._logged_at = now
            log.warning(
                "Telegram %s dropped after %d tr%s in %.1f s (%s); %d dropped since the last such line, %d in all",
                api_method, attempt, "y" if attempt == 1 else "ies", now - started, cause, self._unlogged,
                sum(self.dropped.values()),
            )
            self._unlogged = 0
        return Dropped(f"{api_method} given up after {attempt} tries: {cause}")

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """See HTTPXRequest.do_request; retried as described in the class docstring."""
        api_method = url.rsplit("/", 1)[-1]  # the URL holds the token: only the method name is ever logged
        started = time.monotonic()
        deadline = min(self.deadline, _METHOD_DEADLINES.get(api_method, self.deadline))
        attempt = 0
        while True:
            await self._wait_pause()
            attempt += 1
            wait: float | None = None
            try:
                code, payload = await super().do_request(url, method, *args, **kwargs)
            except (TimedOut, NetworkError) as error:
                if not (api_method in SAFE_TO_REPEAT or is_unsent(error)):
                    self.unconfirmed[api_method] += 1
                    log.warning("Telegram %s: answer lost (%s); not repeated, it may have arrived",
                                api_method, type(error).__name__)
                    raise
                cause = f"{type(error).__name__}"
                if self.retries == 0:
                    raise  # e.g. getUpdates: the poller has its own retry loop
            else:
                if code == 429:
                    wait = _retry_after(payload) or self._delay(attempt)
                    loop_now = asyncio.get_running_loop().time()
                    self._paused_until = max(self._paused_until, loop_now + wait)
                    cause = f"429, retry after {wait:g} s"
                elif code >= 500:
                    cause = f"HTTP {code}"
                    if self.retries == 0:
                        # Not retried here (the poller has its own loop): say so plainly, without PTB
                        # trying to parse a proxy's HTML error page as JSON (a traceback per poll).
                        raise NetworkError(f"Telegram answered HTTP {code}")
                else:
                    return code, payload
                if self.retries == 0:
                    return code, payload
            delay = wait if wait is not None else self._delay(attempt)
            if attempt > self.retries or time.monotonic() - started + delay > deadline:
                raise self._give_up(api_method, attempt, started, cause)
            log.info("Telegram %s failed (%s), retry %d in %.1f s", api_method, cause, attempt, delay)
            await asyncio.sleep(delay)
