"""Several faqbot workers acting as one bot through Redis (FAQBOT_REDIS_URL): shared limits and KB reloads.

What is shared: per-user rate limits (a token bucket per user in Redis), the outgoing flood limit
(one pacing slot per message for the whole bot token), short-lived dedupe and per-chat order keys
(used by the Telegram adapter) and KB reload notices (pub/sub), so a ``/reload`` or a KB edit seen
by one worker makes every worker reload. Redis being down never stops answers: each worker falls
back to its own limits, with one warning, and uses Redis again once it answers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.engine.answerer import Answerer
from bot.service.ratelimit import RateLimiter, Verdict
from bot.service.reload import Reloader, ReloadResult
from bot.service.settings import SettingsError

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["BUCKET_SCRIPT", "WINDOW_SCRIPT", "Cluster", "ClusterReloader", "SharedRateLimiter"]

log = logging.getLogger("faqbot.cluster")

RETRY_AFTER_FAILURE = 2.0  # seconds Redis is not asked again after a failure (answers never wait on a dead server)
QUIET = 60.0  # seconds after a warning in which a relapse is not warned about again
TIMEOUT = 0.5  # seconds for one Redis command: a slow Redis counts as down
ASYNC_CONNECTIONS = 64  # per client and event loop: commands are short, a burst beyond this queues for one
POOL_WAIT = 5.0  # seconds a command may wait for a free connection (a busy worker, not a Redis outage)

# A token bucket per key: capacity tokens, refilled at rate tokens per ms; an action costs ARGV[3]
# tokens (a completion a fraction of a question). It remembers whether the user was told about the
# limit (said once per refusal streak, as bot/service/ratelimit.py does).
BUCKET_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3]) or 1
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'warned')
local tokens = tonumber(b[1]) or cap
local ts = tonumber(b[2]) or now
local warned = b[3] == '1'
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local allowed, first = 0, 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
  warned = false
else
  if not warned then first = 1 end
  warned = true
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now, 'warned', warned and '1' or '0')
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)
return {allowed, first}
"""

# A sliding one-second log shared by all workers, checked just before each message goes out: while
# ARGV[2] messages went out in the last ARGV[1] microseconds, the caller waits (the result, in µs)
# until the oldest leaves the window, then asks again (ARGV[3] names the message uniquely). So no
# second holds more than the limit, however many workers send (Telegram allows about 30 a second).
WINDOW_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
"""


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Cluster:
    """The Redis connection shared by a worker's parts, with the fall-back bookkeeping (warn once, retry later)."""

    def __init__(self, url: str, prefix: str = "faqbot:", *, clock: Callable[[], float] = time.monotonic) -> None:
        import redis

        self.url = url
        self.prefix = prefix
        self.worker = _worker_id()
        self._clock = clock
        try:
            self.client: redis.Redis = redis.Redis.from_url(
                url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, health_check_interval=30)
        except ValueError:
            raise SettingsError("FAQBOT_REDIS_URL must be a redis:// (or rediss://, unix://) URL") from None
        self._down_until = 0.0
        self._degraded = False
        self._warned_at = -QUIET
        self._announced = False  # the current outage was warned about
        self._lock = threading.Lock()
        self._bucket = self.client.register_script(BUCKET_SCRIPT)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Cluster | None:
        """The cluster FAQBOT_REDIS_URL names (key prefix FAQBOT_REDIS_PREFIX), or None when it is not set."""
        url = env.get("FAQBOT_REDIS_URL", "").strip()
        if not url:
            return None
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("FAQBOT_REDIS_URL must be a redis:// (or rediss://, unix://) URL")
        return cls(url, env.get("FAQBOT_REDIS_PREFIX", "").strip() or "faqbot:")

    def __repr__(self) -> str:
        return f"Cluster(prefix={self.prefix!r}, worker={self.worker!r})"  # never the URL: it may hold a password

    def key(self, *parts: object) -> str:
        """A Redis key under this bot's prefix."""
        return self.prefix + ":".join(str(p) for p in parts)

    # --- falling back -------------------------------------------------------------------
    def usable(self) -> bool:
        """False for a short while after a failure: callers use their per-process fall-back meanwhile."""
        return self._clock() >= self._down_until

    @property
    def degraded(self) -> bool:
        """True from a Redis failure until Redis answers again."""
        return self._degraded

    def failed(self, error: BaseException) -> None:
        """Redis did not answer: warn once (not per message) and leave it alone for RETRY_AFTER_FAILURE s.

        Connections broken by an outage fail once more right after Redis is back; such a relapse
        within QUIET seconds of the warning is part of the same outage and is not warned about again.
        """
        with self._lock:
            self._down_until = self._clock() + RETRY_AFTER_FAILURE
            if self._degraded:
                return
            self._degraded = True
            if self._clock() - self._warned_at < QUIET:
                log.debug("Redis failed again (%s) soon after it came back", type(error).__name__)
                return
            self._warned_at = self._clock()
            self._announced = True
        log.warning("Redis (FAQBOT_REDIS_URL) is not answering (%s): rate limits, flood control and dedupe fall "
                    "back to this worker alone until it is back; answers go on", type(error).__name__)

    def succeeded(self) -> None:
        """Redis answered: say so once after an outage that was warned about."""
        if not self._degraded:
            return
        with self._lock:
            was, self._degraded = self._degraded, False
            announced, self._announced = self._announced, False
        if was and announced:
            log.warning("Redis (FAQBOT_REDIS_URL) answers again: limits are shared by all workers again")

    def ping(self) -> bool | str:
        """True when Redis answers now, else why not (for /readyz details)."""
        import redis

        try:
            self.client.ping()
        except redis.RedisError as error:
            self.failed(error)
            return f"Redis not answering ({type(error).__name__}); per-worker limits meanwhile"
        self.succeeded()
        return True

    def async_client(self, connections: int = ASYNC_CONNECTIONS) -> redis.asyncio.Redis:
        """A new asyncio client on the same server (one per event loop; close it with ``aclose``)."""
        import redis.asyncio

        # A bounded pool that makes a burst wait for a connection (instead of failing with "too many connections").
        pool = redis.asyncio.BlockingConnectionPool.from_url(
            self.url, max_connections=connections, timeout=POOL_WAIT, socket_timeout=TIMEOUT,
            socket_connect_timeout=TIMEOUT)
        return redis.asyncio.Redis(connection_pool=pool)

    def bucket(self, key: str, capacity: float, per_ms: float, cost: float = 1.0) -> tuple[bool, bool]:
        """Take ``cost`` tokens from the shared bucket ``key``: (allowed, first refusal). Raises redis.RedisError."""
        allowed, first = self._bucket(keys=[self.key("rate", key)], args=[capacity, repr(per_ms), repr(cost)])
        return bool(allowed), bool(first)

    def close(self) -> None:
        """Close the connections."""
        self.client.close()


class SharedRateLimiter(RateLimiter):
    """Per-user limits shared by every worker; this process's own buckets while Redis is down."""

    def __init__(self, cluster: Cluster, per_minute: float = 10.0) -> None:
        super().__init__(per_minute=per_minute)
        self.cluster = cluster

    def check(self, key: str, cost: float = 1.0) -> Verdict:
        """Take ``cost`` tokens for ``key`` from Redis, or locally when Redis does not answer."""
        import redis

        if self.rate <= 0:
            return Verdict(True)
        if self.cluster.usable():
            try:
                allowed, first = self.cluster.bucket(key, self.capacity, self.rate / 1000.0, cost)
            except redis.RedisError as error:
                self.cluster.failed(error)
            else:
                self.cluster.succeeded()
                return Verdict(allowed, first_refusal=first)
        return super().check(key, cost)


class ClusterReloader(Reloader):
    """A Reloader that tells the other workers when it swapped a new KB in, and reloads when they do.

    Each worker reads the same KB files (a shared volume); a notice says "reload now", so a ``/reload``
    on one worker, or an edit one worker noticed first, reaches all of them within a second.
    """

    def __init__(self, cluster: Cluster, path: str | Path, build: Callable[[Path], Answerer], *,
                 initial: Answerer | None = None, interval: float = 3.0) -> None:
        super().__init__(path, build, initial=initial, interval=interval)
        self.cluster = cluster
        self.channel = cluster.key("kb", "reload")
        self._listener: threading.Thread | None = None
        self._pubsub: Any = None
        self._listening = threading.Event()  # set once subscribed (tests wait on it)

    def reload(self) -> ReloadResult:
        """Reload now and tell the other workers."""
        result = super().reload()
        if result.ok:
            self._announce()
        return result

    def check(self) -> ReloadResult | None:
        """Reload when the files changed; a swap is announced to the other workers."""
        result = super().check()
        if result is not None and result.ok:
            self._announce()
        return result

    def _announce(self) -> None:
        import redis

        try:
            self.cluster.client.publish(self.channel, f"{self.cluster.worker} {self.current.kb.fingerprint}")
        except redis.RedisError as error:
            self.cluster.failed(error)  # the others still see the edit through their own file poll

    def _on_notice(self, data: bytes) -> None:
        origin, _, fingerprint = data.decode("utf-8", "replace").partition(" ")
        if origin == self.cluster.worker or (fingerprint and fingerprint == self.current.kb.fingerprint):
            return  # our own notice, or that KB serves here already
        log.info("KB reload announced by another worker")
        Reloader.reload(self)  # not self.reload: that would announce again

    def start(self) -> None:
        """Poll the files and listen for the other workers' notices (daemon threads)."""
        super().start()
        if self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="faqbot-kb-notices", daemon=True)
            self._listener.start()

    def wait_listening(self, timeout: float) -> bool:
        """Block until subscribed to the notices (True) or ``timeout`` passed."""
        return self._listening.wait(timeout)

    def _listen(self) -> None:
        import redis

        while not self._stop.is_set():
            try:
                pubsub = self.cluster.client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                self._pubsub = pubsub
                pubsub.subscribe(self.channel)
                self._listening.set()
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=0.5)
                    if message is not None and message.get("type") == "message":
                        self._on_notice(message["data"])
            except (redis.RedisError, OSError, ValueError) as error:
                if self._stop.is_set():
                    return
                self._listening.clear()
                self.cluster.failed(error)
                self._stop.wait(RETRY_AFTER_FAILURE)  # file polling goes on meanwhile
            except Exception:
                log.exception("KB reload notice failed; still serving the current KB")
            finally:
                if self._pubsub is not None:
                    with contextlib.suppress(redis.RedisError, OSError):
                        self._pubsub.close()
                    self._pubsub = None

    def stop(self) -> None:
        """Stop polling and listening."""
        super().stop()
        if self._listener is not None:
            self._listener.join(timeout=5)
            self._listener = None
