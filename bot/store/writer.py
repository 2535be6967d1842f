"""One background writer per store, so chat handling never waits on a database, and nothing kills it.

The queue policy (README, "The store's queue"):

- ``record_reply`` and ``record_feedback`` never block: they put the write on a queue of at most
  ``queue_limit`` (50,000) writes. When it is full, the *new* write is dropped and counted in
  ``dropped`` (one warning, then at most one a minute): a stalled database must not stall answering.
- The writer commits in batches of up to 500. A write the database rejects (a bad value) is skipped,
  counted in ``skipped`` and logged once a minute at most; the rest of its batch is still committed.
  A busy database or a lost connection is retried with backoff, the batch kept, until it works.
- ``flush()`` returns True once everything queued before it is committed (that is the acknowledgement).
- ``close(timeout)`` commits what is queued for at most ``timeout`` seconds, then gives up (cancelling a
  database call still running), counts what was left in ``lost_on_close`` and logs it; it returns within
  ``timeout`` + 1.2 s in every case.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import queue
import random
import threading
import time
import uuid
from abc import abstractmethod
from dataclasses import dataclass, replace
from typing import Any

from bot.engine.text import without_surrogates
from bot.store.base import PickRecord, ReplyRecord, Store, StoreError, Vote

__all__ = ["BATCH_LIMIT", "CLOSE_SECONDS", "PRUNE_EVERY", "QUEUE_LIMIT", "QueuedStore", "Write", "safe"]

log = logging.getLogger("faqbot.store")

QUEUE_LIMIT = 50_000
BATCH_LIMIT = 500
CLOSE_SECONDS = 10.0
PRUNE_EVERY = 3600.0  # seconds between retention runs
MAX_BACKOFF = 5.0
LOG_EVERY = 60.0


@dataclass(frozen=True)
class Write:
    """One queued write: a reply or a vote, its sequence number and a unique id for idempotent retries."""

    seq: int
    record: ReplyRecord | Vote | PickRecord
    rid: str


class _Flush:
    """A marker the writer sets once everything queued before it is committed."""

    def __init__(self, failures: int) -> None:
        self.done = threading.Event()
        self.failures = failures  # the store's failure count when the marker was queued
        self.ok = True


_WAKE = object()  # close(): wake the writer so it notices the stop


def safe(text: str | None) -> str | None:
    """Text any backend can store: no lone surrogates (cannot be encoded), no NUL (PostgreSQL refuses it)."""
    if text is None:
        return None
    return without_surrogates(text).replace("\x00", "\ufffd")


class QueuedStore(Store):
    """The queue, the writer thread and its error policy; a backend implements the hooks below."""

    quiet_retries = 0  # retries before the first warning (SQLite: short lock waits between processes are normal)

    def __init__(self, key: str | None, *, queue_limit: int = QUEUE_LIMIT, retention_days: float = 0) -> None:
        super().__init__(key)
        self._queue: queue.Queue[object] = queue.Queue(maxsize=queue_limit)
        self.queue_limit = queue_limit
        self.retention_days = retention_days
        self._seq = itertools.count(1)
        self._seq_lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = math.inf  # monotonic time after which close() gives up on what is queued
        self._closed = False
        self.committed = 0  # highest sequence number committed
        self.failed_writes = 0  # writes lost to a database error that retrying could not fix
        self.skipped = 0  # writes the database rejected (bad values)
        self.dropped = 0  # writes refused because the queue was full
        self.lost_on_close = 0  # writes still queued when close() gave up
        self.pruned = 0
        self.retrying = False  # the last batch met a busy or lost database and is being retried
        self._last_log: dict[str, float] = {}
        self._writer = threading.Thread(target=self._run, name="faqbot-store-writer", daemon=True)

    def _start_writer(self) -> None:
        self._writer.start()

    @property
    def writer_alive(self) -> bool:
        """True while the writer thread runs (until close)."""
        return self._writer.is_alive()

    @property
    def healthy(self) -> bool:
        """True while records are being written: the writer runs and is not retrying a busy or lost database."""
        return self._writer.is_alive() and not self.retrying

    def reachable(self) -> bool:
        """True when the database answers a trivial read now (within the backend's connect timeout)."""
        try:
            self._read("SELECT 1", ())
        except StoreError:
            return False
        return True

    # --- backend hooks ---------------------------------------------------------------------
    @abstractmethod
    def _read(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        """Run one query on a read connection; StoreError naming the backend when it fails."""

    @abstractmethod
    def _write_batch(self, writes: list[Write]) -> None:
        """Commit all ``writes`` in one transaction, or raise with nothing committed (rolled back)."""

    @abstractmethod
    def _is_record_error(self, exc: Exception) -> bool:
        """True when the write itself is bad (a value the database refuses): retrying cannot help."""

    @abstractmethod
    def _is_transient(self, exc: Exception) -> bool:
        """True when the database is busy or the connection was lost: retry after a pause."""

    def _recover(self, exc: Exception) -> None:
        """Called after a transient error, before the retry (PostgreSQL reconnects here)."""

    def _delete_before(self, before: float) -> int:
        """Delete rows older than ``before``; how many went (retention)."""
        return 0

    def _release(self) -> None:
        """Close the writer's connection (called on the writer thread as it ends)."""

    def _interrupt(self) -> None:
        """Cancel what the writer's connection is doing (called from close() once its deadline passed)."""

    def _describe(self, exc: BaseException) -> str:
        """A one-line reason for a log line (never the written values: they may hold question text)."""
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]

    # --- recording (any thread, never blocks) ---------------------------------------------
    def record_reply(self, record: ReplyRecord) -> None:
        """Queue a reply record for the writer."""
        self._put(replace(record, text=safe(record.text), entry_id=safe(record.entry_id)))

    def _write_vote(self, vote: Vote) -> None:
        self._put(replace(vote, entry_id=safe(vote.entry_id) or ""))

    def record_pick(self, pick: PickRecord) -> None:
        """Queue a confirmed "did you mean" pick for the writer."""
        self._put(replace(pick, text=safe(pick.text), entry_id=safe(pick.entry_id) or ""))

    def _put(self, record: ReplyRecord | Vote | PickRecord) -> int:
        """Queue one write; its sequence number, 0 when dropped (closed, or the queue is full)."""
        if self._closed:
            return 0
        with self._seq_lock:
            seq = next(self._seq)
        try:
            self._queue.put_nowait(Write(seq, record, uuid.uuid4().hex))
        except queue.Full:
            with self._seq_lock:  # several chat threads may drop at once: count each
                self.dropped += 1
            self._log_limited("full", logging.WARNING, "the store's queue is full (%d writes waiting): dropping "
                              "new records (%d so far) until the database catches up", self.queue_limit, self.dropped)
            return 0
        return seq

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is committed; False on timeout, or when a write was lost."""
        if self._closed or not self._writer.is_alive():
            return False
        marker = _Flush(self._failures())
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout) and marker.ok

    def prune(self, before: float) -> int:
        """Delete replies and votes older than ``before`` now (the writer also does it hourly with retention)."""
        return self._delete_before(before)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Commit what is queued within ``timeout`` seconds, stop the writer; later records are dropped."""
        if self._closed:
            return
        self._closed = True
        self._deadline = time.monotonic() + timeout
        self._stop.set()
        with contextlib.suppress(queue.Full):  # a full queue: the writer sees the stop after this batch
            self._queue.put_nowait(_WAKE)
        if self._writer.is_alive():
            self._writer.join(timeout + 0.2)
        if self._writer.is_alive():  # stuck in a database call: cancel it, the writer then gives up
            try:
                self._interrupt()
            except Exception as exc:
                log.debug("store: cancelling the writer's query failed: %s", self._describe(exc))
            self._writer.join(1.0)
        if self._writer.is_alive():
            log.error("the store writer did not stop within %.0f s (the database does not answer); "
                      "records not yet committed are lost", timeout)

    # --- the writer thread ---------------------------------------------------------------
    def _failures(self) -> int:
        return self.failed_writes + self.skipped + self.lost_on_close

    def _run(self) -> None:
        next_prune = time.monotonic() if self.retention_days > 0 else math.inf
        try:
            while True:
                if time.monotonic() >= next_prune:
                    self._retention()
                    next_prune = time.monotonic() + PRUNE_EVERY
                if self._stop.is_set() and time.monotonic() >= self._deadline:
                    self._abandon()
                    return
                batch = self._take(min(next_prune - time.monotonic(), 60.0))
                if not batch:
                    if self._stop.is_set() and self._queue.empty():
                        return
                    continue
                self._handle(batch)
                if self._stop.is_set() and self._queue.empty():
                    return
        finally:
            try:
                self._release()
            except Exception as exc:
                log.warning("closing the store: %s", self._describe(exc))

    def _take(self, wait: float) -> list[object]:
        try:
            batch = [self._queue.get(timeout=max(wait, 0.01))]
        except queue.Empty:
            return []
        while len(batch) < BATCH_LIMIT:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _handle(self, batch: list[object]) -> None:
        """Commit a batch and answer its flush markers; no exception ever leaves (the writer must survive)."""
        writes = [item for item in batch if isinstance(item, Write)]
        try:
            if writes:
                self._commit(writes)
        except Exception as exc:  # a bug in a backend: count the batch as lost, keep writing
            self.failed_writes += len(writes)
            self._log_limited("bug", logging.ERROR, "store: %d write(s) lost: %s", len(writes), self._describe(exc))
        for item in batch:
            if isinstance(item, _Flush):
                item.ok = self._failures() == item.failures
                item.done.set()

    def _commit(self, writes: list[Write]) -> None:
        attempt = 0
        while True:
            try:
                self._write_batch(writes)
            except Exception as exc:
                if self._is_record_error(exc):
                    if len(writes) == 1:
                        self.skipped += 1
                        self._log_limited("record", logging.ERROR, "store: a record the database refuses was "
                                          "skipped (%d so far): %s", self.skipped, self._describe(exc))
                    else:
                        for write in writes:  # find the bad one; commit the others
                            self._commit([write])
                    return
                if self._is_transient(exc) and time.monotonic() < self._deadline:
                    self.retrying = True
                    if attempt == self.quiet_retries:
                        self._log_limited("retry", logging.WARNING, "store: %s; retrying with backoff, %d write(s) "
                                          "kept in the queue", self._describe(exc), self._queue.qsize() + len(writes))
                    self._pause(attempt)
                    attempt += 1
                    try:
                        self._recover(exc)
                    except Exception as again:
                        log.debug("store: reconnect failed: %s", self._describe(again))
                    continue
                self.failed_writes += len(writes)
                self._log_limited("failed", logging.ERROR, "store: %d write(s) not written: %s", len(writes),
                                  self._describe(exc))
                return
            self.committed = writes[-1].seq
            self.retrying = False
            if attempt > self.quiet_retries:
                log.warning("store: writing again after %d retries", attempt)
            return

    def _pause(self, attempt: int) -> None:
        """Exponential backoff with jitter, capped, and never past the close deadline."""
        delay = min(0.05 * 2 ** attempt, MAX_BACKOFF) * (0.5 + random.random() / 2)
        time.sleep(max(0.0, min(delay, self._deadline - time.monotonic())))

    def _abandon(self) -> None:
        """close() ran out of time: count what is left, answer waiting flushes with False."""
        lost = 0
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Write):
                lost += 1
            elif isinstance(item, _Flush):
                item.ok = False
                item.done.set()
        self.lost_on_close += lost
        if lost:
            log.error("store: closing took longer than allowed; %d queued write(s) not written", lost)

    def _retention(self) -> None:
        try:
            count = self._delete_before(time.time() - self.retention_days * 86400)
        except Exception as exc:
            self._log_limited("prune", logging.WARNING, "store: pruning old rows failed: %s", self._describe(exc))
            return
        self.pruned += count
        if count:
            log.info("store: pruned %d row(s) older than %g days (FAQBOT_RETENTION_DAYS)", count, self.retention_days)

    def _log_limited(self, what: str, level: int, message: str, *args: object) -> None:
        """The first time, then at most once a minute: a broken disk or a flood must not flood the log."""
        now = time.monotonic()
        last = self._last_log.get(what)
        if last is None or now - last >= LOG_EVERY:
            self._last_log[what] = now
            log.log(level, message, *args)
