"""Engine build time, this tree side by side with a baseline commit, in one run (README, "How answering works").

For each KB size (the synthetic KBs of bench/matcher_bench.py), each version builds the whole engine in
a fresh process from an empty embedding cache, alternating (baseline, this tree, baseline, ...) so a
busy machine slows both alike, then rebuilds after a one-entry edit. Printed per version: seconds until
it answers (lexical and English tiers), until the multilingual tier is built, and the edit's rebuild
(all tiers). ``--stub-models`` replaces both models' runs by hash vectors: what is left is everything
but the models (cache, batching, per-KB statistics), e.g. for a one-entry edit at 10,000 entries.

    .venv/bin/python bench/build_bench.py --baseline ed29bed --sizes 1000
    .venv/bin/python bench/build_bench.py --baseline ed29bed --sizes 10000 --stub-models
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stub() -> None:
    import numpy as np

    from bot.engine.semantic.e5 import E5Encoder
    from bot.engine.semantic.encoder import Encoder

    def encode(self: object, texts: list[str], *args: object, **kwargs: object) -> np.ndarray:
        rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).standard_normal(384)
                for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 384)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    Encoder.encode = encode  # type: ignore[method-assign,assignment]
    E5Encoder.encode = encode  # type: ignore[method-assign,assignment]


def _edited(kb_file: Path) -> Path:
    """The KB with its first entry's answer changed (as bench/engine_bench.py edits it)."""
    data = json.loads(kb_file.read_text())
    data["entries"][0]["answer"] += " Edited."
    path = kb_file.with_name("edited-" + kb_file.name)
    path.write_text(json.dumps(data))
    return path


def measure(kb_file: str, cache: str, stub: bool) -> dict[str, float]:
    """In a fresh process (its sys.path names the version): build, wait for every tier, rebuild after an edit."""
    if stub:
        _stub()
    from bot.engine.build import build_matcher, load_models
    from bot.engine.cascade import Engine
    from bot.kb.loader import load_kb

    assert Path(sys.modules["bot"].__file__ or "").is_relative_to(sys.path[0]), "the version's own code"
    started = time.perf_counter()
    models = load_models("engine", cache_dir=Path(cache), progress=False)
    models.wait = 0.0
    engine = build_matcher(load_kb(kb_file), models)
    assert isinstance(engine, Engine)
    out = {"ready_s": time.perf_counter() - started}
    engine.ready()
    out["all_tiers_s"] = time.perf_counter() - started
    t0 = time.perf_counter()
    edited = build_matcher(load_kb(_edited(Path(kb_file))), models)
    assert isinstance(edited, Engine)
    out["edit_ready_s"] = time.perf_counter() - t0
    edited.ready()
    out["edit_all_s"] = time.perf_counter() - t0
    return out


def main() -> None:
    """Export the baseline, then time both versions per size, alternating, and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="a commit to compare with (e.g. ed29bed)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--stub-models", action="store_true", help="hash vectors instead of the models' runs")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.measure[1], args.measure[2] == "stub")))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from matcher_bench import make_kb

    results: dict[tuple[int, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp, "baseline")
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "bot", "knowledge"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        versions = {f"baseline {args.baseline}": base, "this tree": ROOT}
        for size in args.sizes:
            kb_file = Path(tmp, f"kb{size}.json")
            kb_file.write_text(json.dumps(make_kb(size)))
            for run in range(args.repeat):
                for name, code in versions.items():
                    cache = Path(tmp, f"cache-{size}-{run}-{name.split()[0]}")
                    done = subprocess.run(
                        [sys.executable, "-c", "import runpy, sys; sys.path.insert(0, sys.argv[1]); "
                         "sys.argv = [sys.argv[2], '--baseline', '-', '--measure', *sys.argv[3:]]; "
                         "runpy.run_path(sys.argv[0], run_name='__main__')",
                         str(code), __file__, str(kb_file), str(cache), "stub" if args.stub_models else "real"],
                        check=True, capture_output=True, text=True)
                    results.setdefault((size, name), []).append(json.loads(done.stdout.strip().splitlines()[-1]))
                    print(f"measured {name} at {size} entries (run {run + 1})", file=sys.stderr)
    label = " (models stubbed: hash vectors)" if args.stub_models else ""
    print(f"engine build from an empty cache{label}; medians of {args.repeat} run(s)")
    print(f"{'entries':>8} {'version':>18} {'ready s':>8} {'all tiers s':>11} {'edit ready s':>12} {'edit all s':>10}")
    for (size, name), runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{size:>8} {name:>18} {med['ready_s']:>8.2f} {med['all_tiers_s']:>11.2f} "
              f"{med['edit_ready_s']:>12.2f} {med['edit_all_s']:>10.2f}")


if __name__ == "__main__":
    main()
