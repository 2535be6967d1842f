"""Wall time of a whole warm ``faqbot ask``, one question per engine tier, the default engine next to the light mode.

Each question is asked once to fill the caches (embeddings, verified model files, the language
model) and show which tier decides, then ``--runs`` times per mode, the modes taking turns so that a
change in the machine's load hits both. Per question and mode: the median and the fastest wall time,
the median CPU time (user + system, less sensitive to other processes) and the peak memory, with
the load average before and after.

    .venv/bin/python bench/ask_startup.py [--runs 9] [--bytecode]

``--bytecode`` keeps Python's compiled modules (in a temporary folder, PYTHONPYCACHEPREFIX), as an
installed package has them; without it, the environment decides (PYTHONDONTWRITEBYTECODE=1 makes
every run compile faqbot's ~60 modules from source).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAQBOT = Path(sys.executable).parent / "faqbot"
#: On the shipped KB: one the lexical tier decides, one for the English model, one for the multilingual one.
QUESTIONS = ["what is art 5?", "how does the alliance defend a member that gets attacked?", "Wie rüstet die NATO auf?"]
MODES = {"default engine": {}, "FAQBOT_MATCHER=lexical": {"FAQBOT_MATCHER": "lexical"}}


def _run(question: str, env: dict[str, str], *args: str) -> tuple[float, float, float, str]:
    """One ``faqbot ask`` in a fresh process: wall seconds, CPU seconds, peak RSS in MB, and its stdout."""
    started = time.perf_counter()
    with subprocess.Popen([str(FAQBOT), "ask", *args, question], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, cwd=ROOT, env=env) as proc:
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"faqbot ask {question!r} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def _tier(question: str, env: dict[str, str]) -> str:
    explained = _run(question, env, "--explain")[3]
    lines = [line.strip() for line in explained.splitlines() if line.strip().startswith("tier:")]
    return lines[0].removeprefix("tier: ") if lines else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs per question and mode (default 9)")
    parser.add_argument("--bytecode", action="store_true", help="keep compiled modules, as an installed package")
    args = parser.parse_args()
    base = {**os.environ}
    for name in ("FAQBOT_MATCHER", "TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN"):
        base.pop(name, None)
    with tempfile.TemporaryDirectory(prefix="faqbot-pycache-") as pycache:
        if args.bytecode:
            base.pop("PYTHONDONTWRITEBYTECODE", None)
            base["PYTHONPYCACHEPREFIX"] = pycache
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} runs each; "
              f"bytecode {'kept' if args.bytecode else 'as the environment says'} "
              f"(PYTHONDONTWRITEBYTECODE={base.get('PYTHONDONTWRITEBYTECODE', 'unset')})")
        print("| question | mode | tier (--explain) | median wall s | fastest wall s | median CPU s | peak RSS MB |")
        print("|---|---|---|---|---|---|---|")
        for question in QUESTIONS:
            envs = {mode: {**base, **extra} for mode, extra in MODES.items()}
            tiers = {mode: _tier(question, env) for mode, env in envs.items()}  # also fills the caches
            results: dict[str, list[tuple[float, float, float, str]]] = {mode: [] for mode in MODES}
            for _ in range(args.runs):
                for mode, env in envs.items():
                    results[mode].append(_run(question, env))
            for mode, runs in results.items():
                assert len({r[3] for r in runs}) == 1, f"{mode}: the answer changed between runs"
                print(f"| {question} | {mode} | {tiers[mode]} | {statistics.median(r[0] for r in runs):.3f} "
                      f"| {min(r[0] for r in runs):.3f} | {statistics.median(r[1] for r in runs):.3f} "
                      f"| {max(r[2] for r in runs):.0f} |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
