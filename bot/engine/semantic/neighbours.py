"""Each entry's nearest other entries by content, for follow-up questions: a table computed once per KB build.

One entry's neighbours cost a pass over every "question + answer" vector (about 1 ms at 10,000
entries, paid by the first reply that answers it); the whole table is one blocked matrix product
(1-2 s at 10,000 entries on 2 cores), after which a reply's follow-ups are a lookup. The table is
exactly what that one-entry pass gives (the same cosines, closest first, ties in entry order): the
matrix product only picks candidates, with a margin far above its rounding, and each row's
candidates are then scored as the one-entry pass scores them.

An edit reuses the previous table of this process (rows are matched by their vectors' bytes): only
the rows an edited, added or removed vector can have changed are recomputed.
"""

from __future__ import annotations

import hashlib
import threading

import numpy as np

__all__ = ["NEIGHBOURS", "Neighbours", "digests", "similarities"]

#: Neighbours kept per entry: the follow-ups look at 4 per question shown (3 shown).
NEIGHBOURS = 12
_BLOCK = 1024  # rows per matrix product: memory stays flat (1024 x entries floats) on big KBs
_GROUPS = 64  # column groups whose maxima bound each row's k-th best cosine from below
# The matrix product and the one-entry pass round differently (observed 2e-7 apart on unit vectors):
# candidates within this margin of the bound are re-scored, so no true neighbour is missed.
_MARGIN = 1e-3
_EDITED = 20  # an edit recomputes the whole table when it touches more than 1 row in this many
_last: dict[str, Neighbours] = {}  # the latest table per model, for the next build's edit path
_lock = threading.Lock()


def similarities(vectors: np.ndarray, i: int) -> np.ndarray:
    """Cosine of row ``i`` with every row (unit vectors): the one-entry pass that the table reproduces."""
    # einsum, not @: a matrix-vector product through multi-threaded BLAS waits for its threads.
    sims: np.ndarray = np.einsum("ij,j->i", vectors, vectors[i])
    return sims


def _best(sims: np.ndarray, candidates: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best of ``candidates`` (ascending indices) by ``sims``, closest first, ties in index order."""
    order = np.argsort(-sims, kind="stable")[:k]
    return candidates[order], sims[order]


def _row(vectors: np.ndarray, i: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ``i``'s ``k`` nearest other rows from the one-entry pass (for the few rows an edit touched)."""
    sims = similarities(vectors, i)
    order = np.argsort(-sims, kind="stable")
    order = order[order != i][:k]
    return order, sims[order]


def digests(vectors: np.ndarray) -> list[bytes]:
    """A short hash of each row's bytes: what identifies a row across builds."""
    return [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in vectors]


class Neighbours:
    """The ``k`` nearest other rows of every row of a matrix of unit vectors (``ids`` and their cosines ``sims``)."""

    def __init__(self, ids: np.ndarray, sims: np.ndarray, digests: list[bytes]) -> None:
        self.ids = ids
        self.sims = sims
        self.digests = digests

    @property
    def k(self) -> int:
        """Neighbours per row."""
        return int(self.ids.shape[1])

    def of(self, vectors: np.ndarray, i: int, limit: int) -> list[int]:
        """Row ``i``'s ``limit`` nearest other rows of ``vectors`` (the table's), closest first."""
        if limit <= self.k or self.k == len(vectors) - 1:
            return [int(j) for j in self.ids[i, :limit]]
        return [int(j) for j in _row(vectors, i, limit)[0]]

    def packed(self) -> np.ndarray:
        """ids and cosines side by side as float64 (both exact), for the vector store."""
        return np.concatenate([self.ids, self.sims], axis=1).astype(np.float64)

    @classmethod
    def unpacked(cls, packed: np.ndarray, rows: list[bytes], k: int = NEIGHBOURS) -> Neighbours | None:
        """The table ``packed()`` stored for the rows of these digests, or None when its shape does not fit."""
        n = len(rows)
        k = max(0, min(k, n - 1))
        if packed.size != n * 2 * k:
            return None
        table = packed.reshape(n, 2 * k)
        return cls(table[:, :k].astype(np.int64), table[:, k:].astype(np.float32), rows)

    @classmethod
    def build(cls, vectors: np.ndarray, k: int = NEIGHBOURS, previous: Neighbours | None = None,
              rows: list[bytes] | None = None) -> Neighbours:
        """The table for ``vectors`` (``k`` capped at rows - 1; ``rows``: their digests, if known).

        ``previous``: an earlier table, whose rows are reused where an edit left them as they were.
        """
        n = len(vectors)
        k = max(0, min(k, n - 1))
        rows = rows if rows is not None else digests(vectors)
        if k == 0:
            return cls(np.zeros((n, 0), np.int64), np.zeros((n, 0), np.float32), rows)
        if previous is not None and previous.k == k:
            table = _edited(vectors, k, rows, previous)
            if table is not None:
                return cls(*table, rows)
        return cls(*_full(vectors, k), rows)

    def remember(self, model: str) -> None:
        """Keep this table as ``model``'s latest, for the next build's edit path."""
        with _lock:
            _last[model] = self

    @staticmethod
    def latest(model: str) -> Neighbours | None:
        """The latest table built in this process for ``model``."""
        with _lock:
            return _last.get(model)


def _full(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    ids = np.empty((n, k), np.int64)
    sims = np.empty((n, k), np.float32)
    groups = min(_GROUPS, n)  # more than k, as k < n
    width = n // groups  # the first groups * width columns bound the k-th best; the rest are candidates anyway
    for lo in range(0, n, _BLOCK):
        block = vectors[lo: lo + _BLOCK] @ vectors.T
        rows = np.arange(len(block))
        block[rows, lo + rows] = -np.inf
        maxima = block[:, : groups * width].reshape(len(block), groups, width).max(axis=2)
        # k groups each hold a value at least this high, so the k-th best value is at least this.
        bound = np.partition(maxima, groups - k, axis=1)[:, groups - k]
        for r, i in enumerate(range(lo, lo + len(block))):
            candidates = np.flatnonzero(block[r] >= bound[r] - _MARGIN)
            candidates = candidates[candidates != i]
            if len(candidates) < k:  # only when cosines are not numbers (NaN compares false)
                ids[i], sims[i] = _row(vectors, i, k)
                continue
            exact = np.einsum("ij,j->i", vectors[candidates], vectors[i])
            ids[i], sims[i] = _best(exact, candidates, k)
    return ids, sims


def _edited(vectors: np.ndarray, k: int, rows: list[bytes],
            previous: Neighbours) -> tuple[np.ndarray, np.ndarray] | None:
    """The table from ``previous`` plus the rows that changed, or None when that is not cheaper or not exact."""
    n = len(vectors)
    old_of = {d: j for j, d in enumerate(previous.digests)}
    if len(old_of) != len(previous.digests) or len(set(rows)) != n:
        return None  # duplicate vectors: rows cannot be matched one to one
    old = np.array([old_of.get(d, -1) for d in rows], dtype=np.int64)
    changed = np.flatnonzero(old < 0)
    kept = np.flatnonzero(old >= 0)
    if np.any(np.diff(old[kept]) <= 0):
        return None  # rows reordered: ties would go by another order
    new_of = np.full(len(previous.digests), -1, dtype=np.int64)
    new_of[old[kept]] = kept
    mapped = new_of[previous.ids[old[kept]]]  # each kept row's old neighbours, as new rows (-1: gone or changed)
    whole = kept[np.any(mapped < 0, axis=1)]  # lost a neighbour: its next best may be anywhere
    if len(changed) + len(whole) > max(8, n // _EDITED):
        return None  # a pass per touched row would cost more than the matrix product
    merge = np.flatnonzero(np.all(mapped >= 0, axis=1))
    ids = np.empty((n, k), np.int64)
    sims = np.empty((n, k), np.float32)
    if len(changed):
        # cosine(changed, row) is cosine(row, changed) of the one-entry pass: the same products, summed alike
        towards = np.stack([similarities(vectors, int(c)) for c in changed], axis=1)
        cand_ids = np.concatenate([mapped[merge], np.broadcast_to(changed, (len(merge), len(changed)))], axis=1)
        cand_sims = np.concatenate([previous.sims[old[kept[merge]]], towards[kept[merge]]], axis=1)
    else:
        cand_ids, cand_sims = mapped[merge], previous.sims[old[kept[merge]]]
    order = np.lexsort((cand_ids, -cand_sims), axis=1)[:, :k]
    ids[kept[merge]] = np.take_along_axis(cand_ids, order, axis=1)
    sims[kept[merge]] = np.take_along_axis(cand_sims, order, axis=1)
    for i in (*changed, *whole):
        ids[i], sims[i] = _row(vectors, int(i), k)
    return ids, sims
