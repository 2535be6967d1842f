"""KB load time side by side with the baseline (libyaml's CSafeLoader / json.loads alone, GC paused, no checks),
and a hostile file (4 MB of repeated YAML aliases): time and peak memory, each in a fresh process.

    .venv/bin/python bench/kb_load_bench.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _kb(n: int) -> dict:
    from matcher_bench import make_kb

    kb = make_kb(n)
    for entry in kb["entries"][::3]:
        entry["alternates"] = [entry["question"] + " please", "x " + entry["question"]]
    return kb


def measure(how: str, path: str) -> dict[str, float | str]:
    """In a fresh process: load ``path`` the way ``how`` says; seconds, peak RSS and the outcome."""
    started = time.perf_counter()
    outcome = "ok"
    if how == "faqbot":
        from bot.kb.loader import KBError, load_kb

        try:
            load_kb(path)
        except KBError as exc:
            outcome = f"{exc.total} problem(s), first: {exc.problems[0].message[:60]}"
    else:
        gc.disable()  # as faqbot's loader does while it builds the KB: only the parser differs
        if path.endswith(".json"):
            json.loads(Path(path).read_text(encoding="utf-8"))
        else:
            yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - started,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}


def _run(how: str, path: Path) -> dict[str, float | str]:
    out = subprocess.run([sys.executable, __file__, "--measure", how, str(path)], capture_output=True, text=True,
                         timeout=600, check=True)
    return json.loads(out.stdout)


def _generate(folder: Path, sizes: list[int]) -> None:
    for size in sizes:
        kb = _kb(size)
        Path(folder, f"kb{size}.json").write_text(json.dumps(kb), encoding="utf-8")
        Path(folder, f"kb{size}.yaml").write_text(yaml.safe_dump(kb, sort_keys=False, allow_unicode=True, width=100),
                                                  encoding="utf-8")
    lines = ["topic: T", "entries:", "  - &e {question: Q?, answer: A}"] + ["  - *e"] * (4 * 1024 * 1024 // 7)
    Path(folder, "aliases.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Write the files, measure each in fresh processes, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--measure", nargs=2, metavar=("HOW", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    if args.generate:
        _generate(Path(args.generate), args.sizes)
        return
    with tempfile.TemporaryDirectory() as tmp:
        # Generated in another process: a child forked from a parent holding the KBs would inherit their memory.
        subprocess.run([sys.executable, __file__, "--generate", tmp, "--sizes", *map(str, args.sizes)], check=True,
                       timeout=600)
        files = [(f"{size:,} entries {suffix}", Path(tmp, f"kb{size}{suffix}"))
                 for size in args.sizes for suffix in (".json", ".yaml")]
        files.append(("4 MB of aliases .yaml", Path(tmp, "aliases.yaml")))
        print(f"{'file':<24} {'baseline s':>10} {'MB':>6} {'faqbot s':>9} {'MB':>6}  faqbot outcome")
        for name, path in files:
            base, ours = _run("baseline", path), _run("faqbot", path)
            print(f"{name:<24} {base['seconds']:>10.2f} {base['rss_mb']:>6.0f} {ours['seconds']:>9.2f} "
                  f"{ours['rss_mb']:>6.0f}  {ours['outcome']}")


if __name__ == "__main__":
    main()
