"""Sentence embeddings: WordPiece ids through the int8 MiniLM ONNX model, mean-pooled and L2-normalised."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from bot.engine.semantic.model import ModelError, ModelFiles
from bot.engine.semantic.tokenizer import WordPiece

if TYPE_CHECKING:  # numpy loads with the first text to embed: a lazy encoder costs nothing to build
    import numpy as np

__all__ = ["BATCH", "BULK_CALL", "BULK_TEXTS", "DIMENSION", "TOKEN_BUDGET", "Encoder", "batches", "cores"]

DIMENSION = 384
#: Most texts per model run when embedding a KB. Sorted by length, so little padding: one padded
#: batch of 100 questions took 5 GB of memory, length-sorted batches of 8 about 560 MB.
BATCH = 64
#: Most padded tokens per model run (4 texts of the model's 256): short texts share a run. Runs of
#: 512 to 2,048 tokens cost the same per token; smaller runs balance better across the cores.
TOKEN_BUDGET = 4 * 256
#: From this many texts in one call (a KB's first build), the model runs on every core: measured
#: 1.9x faster on 2 cores with the same vectors. A query or an edit's few texts keep ``threads``.
BULK_TEXTS = 64
#: Texts per call when a KB is embedded: a few dozen runs, so that every core has one until the end
#: (64 texts made 2-4 runs, and one core waited for the other's last), and progress every few seconds.
BULK_CALL = 512


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def batches(lengths: Sequence[int], order: Sequence[int], batch: int = BATCH,
            budget: int = TOKEN_BUDGET) -> list[list[int]]:
    """Split ``order`` (indices sorted by length) into runs of at most ``batch`` texts and ``budget`` padded tokens."""
    out: list[list[int]] = []
    current: list[int] = []
    width = 0
    for i in order:
        wider = max(width, lengths[i])
        if current and (len(current) >= batch or wider * (len(current) + 1) > budget):
            out.append(current)
            current, wider = [], lengths[i]
        current.append(i)
        width = wider
    if current:
        out.append(current)
    return out


class Encoder:
    """Embed texts with the verified model files; thread-safe (onnxruntime sessions are).

    ``lazy``: the onnxruntime session (about 0.3 s, more on a busy machine) and the tokenizer
    (blingfire, 0.03-0.05 s) start on the first text to embed, so a question the lexical tier
    decides, over a cached KB, never waits for them.
    ``bulk_threads`` (default: every core): a call with at least ``BULK_TEXTS`` texts (a KB's first
    build) runs its batches side by side on that many threads, each on a one-thread session (the
    query session is one of them); per-query runs stay on ``threads``.
    """

    def __init__(self, files: ModelFiles, threads: int = 1, lazy: bool = False,
                 bulk_threads: int | None = None) -> None:
        self._files = files
        self._threads = threads
        self._bulk_threads = max(threads, bulk_threads if bulk_threads is not None else cores())
        self._lock = threading.Lock()
        self._session: Any = None
        self._bulk: list[Any] = []  # the one-thread sessions beside the query session for big calls
        self._tokenizer: WordPiece | None = None
        self.model_id = files.model_id
        if not lazy:
            self._tokenizer = WordPiece(files.tokenizer)
            self._load()

    @property
    def tokenizer(self) -> WordPiece:
        """The model's WordPiece tokenizer, loaded on first use."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = WordPiece(self._files.tokenizer)
        return self._tokenizer

    def _load(self) -> Any:
        with self._lock:
            if self._session is None:
                self._session = self._start(self._files, self._threads)
                self._inputs = {i.name for i in self._session.get_inputs()}
            return self._session

    def _bulk_sessions(self) -> list[Any]:
        """The sessions a big call runs on: the query session and one-thread sessions up to ``bulk_threads`` threads."""
        query = self._session or self._load()
        with self._lock:
            while self._threads + len(self._bulk) < self._bulk_threads:
                self._bulk.append(self._start(self._files, 1))
            return [query, *self._bulk]

    @staticmethod
    def _start(files: ModelFiles, threads: int) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            return ort.InferenceSession(str(files.model), sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own types for a damaged file
            raise ModelError(f"cannot load the embedding model {files.model}: {str(exc)[:200]}") from None

    def _run(self, batch: list[list[int]], session: Any = None) -> np.ndarray:
        import numpy as np

        session = session or self._session or self._load()
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit

    def encode(self, texts: Sequence[str], batch: int = BATCH) -> np.ndarray:
        """Unit vectors for ``texts`` (rows in input order), in length-sorted batches (``batch`` texts at most)."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        tokens = [self.tokenizer.ids(t) for t in texts]
        lengths = [len(t) for t in tokens]
        order = sorted(range(len(texts)), key=lengths.__getitem__)
        runs = batches(lengths, order, batch, TOKEN_BUDGET)
        sessions = self._bulk_sessions() if len(texts) >= BULK_TEXTS and len(runs) > 1 else []
        if len(sessions) < 2:
            for rows in runs:
                out[rows] = self._run([tokens[i] for i in rows])
            return out
        # Batches side by side on one-thread sessions, not one batch on a session of several threads:
        # each operator of a run then waits for no other thread (a build 12-18% faster on 2 cores; the
        # same vectors, as each text's vector does not depend on its batch).
        pending = iter(runs)
        taking = threading.Lock()

        def work(session: Any) -> None:
            while True:
                with taking:
                    rows = next(pending, None)
                if rows is None:
                    return
                out[rows] = self._run([tokens[i] for i in rows], session)

        with ThreadPoolExecutor(len(sessions), thread_name_prefix="faqbot-embed") as pool:
            for done in [pool.submit(work, session) for session in sessions]:
                done.result()
        return out

    def encode_one(self, text: str) -> np.ndarray:
        """The unit vector of one text."""
        vector: np.ndarray = self._run([self.tokenizer.ids(text)])[0]
        return vector
