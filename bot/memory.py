"""Memory housekeeping for big, long-lived structures (the KB and its indexes)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures (KB, index).

    Afterwards the survivors are frozen out of the collector's view: a full collection over a
    100,000-entry index takes tens of milliseconds, a pause that would land on some user's reply.
    Frozen objects are still freed by reference counting when a reload drops them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
