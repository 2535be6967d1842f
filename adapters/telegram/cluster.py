"""Telegram with several workers (FAQBOT_REDIS_URL): each update answered once, each chat in order, one flood limit.

- ``DedupeQueue``: the webhook server (and the poller) put updates here before answering Telegram's
  request; the first worker to claim an ``update_id`` in Redis keeps it, a retry delivered to
  another worker (or the same one) is dropped. The claim also queues the update in its chat's line.
- ``OrderedProcessor``: an update is handled once it is first in its chat's line, so a chat's
  messages are answered in the order they arrived even when several workers hold them. A finished
  update announces its line (pub/sub), which wakes the next one wherever it waits. A line's head
  whose worker died (no heartbeat) or that waits too long is skipped, so a crash cannot block a chat.
- ``SharedFloodLimiter``: right before a message goes out it takes a place in a one-second window
  shared in Redis (``TELEGRAM_RATE_LIMIT`` a second for the whole token), after PTB's own limiter.

Without Redis (or while it is down) each falls back to this process alone: a local dedupe memory,
a per-chat lock, the per-process limiter. Answers never wait on a dead Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import httpx
import redis
import redis.asyncio
from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

from bot.ops.cluster import WINDOW_SCRIPT, Cluster
from bot.service.facade import FaqService

__all__ = ["CLAIM_SCRIPT", "DEDUPE_SECONDS", "DedupeQueue", "OrderedProcessor", "SharedFloodLimiter", "count_responses"]

log = logging.getLogger("faqbot.telegram")

DEDUPE_SECONDS = 24 * 3600  # Telegram gives up redelivering an update after a day
LOCAL_MEMORY = 10_000  # update ids remembered per process (the fall-back dedupe)
LINE_SECONDS = 600  # a chat line's key expires when the chat is quiet this long
HEARTBEAT_SECONDS = 1.0  # a worker says it is alive this often ...
HEARTBEAT_TTL = 5  # ... and counts as dead after this many seconds of silence
MAX_WAIT = 30.0  # seconds an update waits for its turn before it is answered anyway (never stuck)
RECHECK = 0.25  # seconds a waiting update looks at its line again without a notice (a notice wakes it at once)

Result = bool | dict[str, Any] | list[dict[str, Any]]

# One round trip, atomically: claim the update (first claim wins) and, when it has a chat, queue it in
# that chat's line. KEYS: the update's claim, the chat's line; ARGV: worker, claim ttl, entry ('' for
# no chat), line ttl. Returns 1 for the first claim, 0 for a repeat.
CLAIM_SCRIPT = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2])) then
  return 0
end
if ARGV[3] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
end
return 1
"""


def _chat_id(update: object) -> int | None:
    chat = update.effective_chat if isinstance(update, Update) else None
    return chat.id if chat is not None else None


class _Shared:
    """One asyncio Redis client for the Application's event loop, created on first use."""

    def __init__(self, cluster: Cluster, connections: int | None = None) -> None:
        self.cluster = cluster
        self.connections = connections
        self._client: redis.asyncio.Redis | None = None

    @property
    def client(self) -> redis.asyncio.Redis:
        if self._client is None:
            if self.connections is None:
                self._client = self.cluster.async_client()
            else:
                self._client = self.cluster.async_client(self.connections)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            with contextlib.suppress(redis.RedisError, OSError):
                await self._client.aclose()
            self._client = None


class DedupeQueue(asyncio.Queue[object]):
    """The Application's update queue: claims each update in Redis (once across workers) before queuing it."""

    def __init__(self, cluster: Cluster | None) -> None:
        super().__init__()
        self.shared = _Shared(cluster) if cluster is not None else None
        self.cluster = cluster
        self.entries: dict[int, tuple[str, str]] = {}  # update_id -> (chat line key, entry) of claimed updates
        self.duplicates = 0
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._claim_script: Any = None

    async def put(self, item: object) -> None:
        """Queue ``item`` unless it is an update already claimed here or by another worker."""
        if isinstance(item, Update) and (not self._first_here(item.update_id) or not await self._claim(item)):
            self.duplicates += 1
            log.info("Telegram update %d delivered again: already answered, dropped", item.update_id)
            return
        await super().put(item)

    def _first_here(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > LOCAL_MEMORY:
            self._seen.popitem(last=False)
        return True

    async def _claim(self, update: Update) -> bool:
        """True when this worker is the first to claim the update (or Redis cannot tell: answer it)."""
        cluster, shared = self.cluster, self.shared
        if cluster is None or shared is None or not cluster.usable():
            return True
        chat = _chat_id(update)
        entry = f"{cluster.worker}|{update.update_id}|{time.time():.3f}" if chat is not None else ""
        line = cluster.key("tg", "chat", chat)
        try:
            if self._claim_script is None:
                self._claim_script = shared.client.register_script(CLAIM_SCRIPT)
            first = await self._claim_script(keys=[cluster.key("tg", "update", update.update_id), line],
                                             args=[cluster.worker, DEDUPE_SECONDS, entry, LINE_SECONDS])
        except (redis.RedisError, OSError) as error:
            cluster.failed(error)
            self._claim_script = None
            return True
        cluster.succeeded()
        if not first:
            return False
        if chat is not None:
            self.entries[update.update_id] = (line, entry)
        return True


class OrderedProcessor(BaseUpdateProcessor):
    """Handles up to ``max_concurrent`` updates at once, each chat's updates one after another in arrival order."""

    def __init__(self, max_concurrent: int, queue: DedupeQueue) -> None:
        super().__init__(max_concurrent)
        self.queue = queue
        self._locks: dict[int, asyncio.Lock] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._waiting: dict[str, asyncio.Event] = {}  # chat line -> woken when an update of it finishes
        # The heartbeat has a connection of its own: a burst queuing for the shared pool must not make
        # this worker look dead to the others.
        self._own = _Shared(queue.cluster, connections=1) if queue.cluster is not None else None

    @property
    def _channel(self) -> str:
        assert self.queue.cluster is not None
        return self.queue.cluster.key("tg", "done")

    async def initialize(self) -> None:
        """Start this worker's heartbeat (other workers skip the lines of a worker without one) and notices."""
        if self.queue.cluster is not None and not self._tasks:
            self._tasks = [asyncio.create_task(self._beat(), name="faqbot-telegram-heartbeat"),
                           asyncio.create_task(self._listen(), name="faqbot-telegram-order")]

    async def shutdown(self) -> None:
        """Stop the heartbeat and the notices, close the Redis client."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self.queue.shared is not None:
            await self.queue.shared.aclose()
        if self._own is not None:
            await self._own.aclose()

    async def _beat(self) -> None:
        cluster, shared = self.queue.cluster, self._own
        assert cluster is not None and shared is not None
        while True:
            if cluster.usable():
                try:
                    await shared.client.set(cluster.key("worker", cluster.worker), "1", ex=HEARTBEAT_TTL)
                except (redis.RedisError, OSError) as error:
                    cluster.failed(error)
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def _listen(self) -> None:
        """Wake the updates waiting on a line when another worker (or this one) finished one of it."""
        cluster, shared = self.queue.cluster, self.queue.shared
        assert cluster is not None and shared is not None
        while True:
            try:
                async with shared.client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    while True:
                        message = await pubsub.get_message(timeout=1.0)
                        if message is not None and message.get("type") == "message":
                            data = message["data"]
                            self._wake(data.decode() if isinstance(data, bytes) else str(data))
            except (redis.RedisError, OSError) as error:
                cluster.failed(error)  # waiters still look again every RECHECK seconds
                await asyncio.sleep(HEARTBEAT_SECONDS)

    def _wake(self, line: str) -> None:
        event = self._waiting.pop(line, None)
        if event is not None:
            event.set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the update's turn in its chat, handle it, then let the next one go."""
        update_id = update.update_id if isinstance(update, Update) else None
        claimed = self.queue.entries.pop(update_id, None) if update_id is not None else None
        if claimed is not None and await self._wait_turn(*claimed):
            try:
                await coroutine
            finally:
                await self._done(*claimed)
            return
        chat = _chat_id(update)
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())  # FIFO: this worker's updates of a chat in order
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and self._locks.get(chat) is lock:
                del self._locks[chat]
            if claimed is not None:
                await self._done(*claimed)  # Redis failed while it waited: leave the line if it can

    async def _wait_turn(self, line: str, entry: str) -> bool:
        """Wait until ``entry`` heads its chat's line; False when Redis failed (order by this worker alone)."""
        cluster, shared = self.queue.cluster, self.queue.shared
        assert cluster is not None and shared is not None
        started, failures = time.monotonic(), 0
        while True:
            try:
                # Taken before looking: a notice arriving between the look and the wait still wakes it.
                event = self._waiting.setdefault(line, asyncio.Event())
                raw = await shared.client.lindex(line, 0)
                head = raw.decode() if isinstance(raw, bytes) else raw
                if head is None or head == entry:
                    return True
                if time.monotonic() - started > MAX_WAIT:
                    log.warning("Telegram: waited %.0f s for an earlier update of a chat; answering anyway", MAX_WAIT)
                    return True
                await self._skip_if_dead(line, head)
                failures = 0
            except (redis.RedisError, OSError) as error:
                failures += 1
                if failures >= 3 or not cluster.usable():  # one slow answer is not an outage; three are
                    cluster.failed(error)
                    return False
                await asyncio.sleep(0.05)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), RECHECK)

    async def _skip_if_dead(self, line: str, head: str) -> None:
        """Drop a line's head whose worker has no heartbeat (it died holding the update) or that is too old."""
        cluster, shared = self.queue.cluster, self.queue.shared
        assert cluster is not None and shared is not None
        worker, _, rest = head.partition("|")
        claimed_at = float(rest.rpartition("|")[2] or 0)
        too_old = time.time() - claimed_at > 2 * MAX_WAIT
        if worker == cluster.worker and not too_old:
            return
        dead = too_old or not await shared.client.exists(cluster.key("worker", worker))
        if dead and await shared.client.lrem(line, 1, head):
            log.warning("Telegram: skipped an update held by a worker that stopped (%s)", worker)

    async def _done(self, line: str, entry: str) -> None:
        cluster, shared = self.queue.cluster, self.queue.shared
        assert cluster is not None and shared is not None
        try:
            async with shared.client.pipeline(transaction=False) as pipe:
                pipe.lrem(line, 1, entry)
                pipe.publish(self._channel, line)
                await pipe.execute()
        except (redis.RedisError, OSError) as error:
            cluster.failed(error)
        self._wake(line)  # this worker's next update of the chat need not wait for the notice


class SharedFloodLimiter(AIORateLimiter):
    """PTB's per-process limiter behind a pacing slot shared by all workers; counts platform faults for metrics."""

    def __init__(self, service: FaqService, cluster: Cluster | None, per_second: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.service = service
        self.cluster = cluster
        self.shared = _Shared(cluster) if cluster is not None and per_second > 0 else None
        self.per_second = int(per_second)
        self._window: Any = None
        self._sends = itertools.count()

    async def shutdown(self) -> None:
        """Close the Redis client."""
        await super().shutdown()
        if self.shared is not None:
            await self.shared.aclose()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """PTB's limiter, then a place in the shared window (messages only); failures are counted by kind."""
        message = "chat_id" in data and endpoint != "sendChatAction"

        async def counted(*a: Any, **kw: Any) -> Result:
            if message:
                await self._shared_slot()  # last, right before sending: what Telegram counts is when it arrives
            try:
                return await callback(*a, **kw)
            except RetryAfter:
                raise  # the 429 answer itself was counted by count_responses
            except NetworkError:
                self.service.observer.platform_error("telegram", "network")
                raise
            except TelegramError:
                self.service.observer.platform_error("telegram", "api")
                raise

        return await super().process_request(counted, args, kwargs, endpoint, data, rate_limit_args)

    async def _shared_slot(self) -> None:
        cluster, shared = self.cluster, self.shared
        if cluster is None or shared is None:
            return
        deadline = time.monotonic() + 60  # never hold a message longer than this for the shared limit
        while cluster.usable() and time.monotonic() < deadline:
            try:
                if self._window is None:
                    self._window = shared.client.register_script(WINDOW_SCRIPT)
                member = f"{cluster.worker}:{id(self):x}:{next(self._sends)}"
                wait_us = int(await self._window(keys=[cluster.key("tg", "sent")],
                                                 args=[1_000_000, self.per_second, member]))
            except (redis.RedisError, OSError) as error:
                cluster.failed(error)  # PTB's per-process limit still holds
                self._window = None
                return
            cluster.succeeded()
            if wait_us <= 0:
                return
            await asyncio.sleep(wait_us / 1_000_000)


def count_responses(service: FaqService) -> dict[str, Any]:
    """httpx options that count every 429 and 5xx answer of the Bot API (each retry too) for the metrics."""

    async def on_response(response: httpx.Response) -> None:
        if response.status_code == 429:
            service.observer.platform_error("telegram", "rate_limited")
        elif response.status_code >= 500:
            service.observer.platform_error("telegram", "server")

    return {"event_hooks": {"response": [on_response]}}
