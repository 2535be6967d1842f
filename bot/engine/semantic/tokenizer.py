"""BERT-uncased WordPiece token ids for the embedding model, through Bling Fire's compiled tokenizer."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

__all__ = ["CLS", "MAX_TOKENS", "SEP", "UNK", "WordPiece"]

MAX_TOKENS = 256  # the model's training length (sentence-transformers' max_seq_length), [CLS] and [SEP] included
CLS, SEP, UNK = 101, 102, 100
# No token spans more than ~100 characters (longer words become [UNK]), so this bounds the work
# for a 100,000-character message without changing the first MAX_TOKENS tokens of real text.
_MAX_CHARS = 20_000


def _strip_controls(text: str) -> str:
    # BERT's basic tokenizer drops control characters (NUL, escape codes); Bling Fire splits on them.
    return "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))


class WordPiece:
    """Turn text into the model's token ids: ``[CLS] … [SEP]``, at most ``MAX_TOKENS``."""

    def __init__(self, model_file: Path) -> None:
        import blingfire  # heavy (numpy, a native library): only when the semantic matcher is built

        self._lib = blingfire
        self._handle = blingfire.load_model(str(model_file))
        if not self._handle:
            raise RuntimeError(f"cannot load the tokenizer {model_file}")
        self._lock = threading.Lock()

    def ids(self, text: str) -> list[int]:
        """The token ids of ``text`` with ``[CLS]`` and ``[SEP]``."""
        text = _strip_controls(text[:_MAX_CHARS])
        with self._lock:  # the library's docs do not promise thread safety for one handle
            body = self._lib.text_to_ids(self._handle, text, MAX_TOKENS - 2, UNK, True)
        return [CLS, *body.tolist(), SEP]
