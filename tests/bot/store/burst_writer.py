"""A child process for the store's crash and concurrency tests: writes replies, reports what is committed.

Usage: python burst_writer.py DB TAG burst        -- write until killed; print N after rows 0..N-1 are committed
       python burst_writer.py DB TAG timed SECS   -- write for SECS seconds, close, print the total
"""

from __future__ import annotations

import sys
import time

from bot.store import ReplyRecord
from bot.store.sqlite import SqliteStore


def record(tag: str, number: int) -> ReplyRecord:
    """A reply record whose text identifies the writer and the write."""
    return ReplyRecord(time.time(), "test", "none", None, 12.5, f"{tag}-{number}", "u", "c")


def main(path: str, tag: str, mode: str, seconds: float = 0.0) -> int:
    """Write in batches of 50; after each acknowledged flush say how many rows are committed."""
    store = SqliteStore(path)
    print("ready", flush=True)
    written = 0
    deadline = time.monotonic() + seconds
    while mode == "burst" or time.monotonic() < deadline:
        for _ in range(50):
            store.record_reply(record(tag, written))
            written += 1
        if not store.flush(10):
            print("flush failed", file=sys.stderr, flush=True)
            return 1
        if mode == "burst":
            print(written, flush=True)
    store.close()
    print(written, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.0))
