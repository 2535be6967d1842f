"""Benchmark faqbot's matcher against naive rapidfuzz on deterministic synthetic knowledge bases.

Reports, side by side in one run: KB load + index time, the first reply's time (faqbot's loads the
language detector's model: the warm-up message is not in the KB's words), per-query p50/p99
latency, peak memory (max RSS of a fresh process per measurement: once built, and at the end) and
top-1 accuracy on noisy queries (typos, dropped and reordered words, filler), for faqbot's
``Answerer`` and for ``rapidfuzz.process.extractOne(query, questions, scorer=fuzz.token_set_ratio)``.

    .venv/bin/python bench/matcher_bench.py            # 10,000 and 100,000 entries
    .venv/bin/python bench/matcher_bench.py --sizes 10000 --queries 500
    .venv/bin/python bench/matcher_bench.py --baseline 2424aaf   # also faqbot as of that commit
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = [
    "ka", "lo", "mi", "ne", "ra", "su", "to", "vi", "ze", "ba", "de", "fo", "gu", "hi", "ju",
    "ko", "la", "ma", "no", "pe", "qu", "ri", "sa", "te", "un", "ve", "wo", "xa", "yo", "zu",
]
FILLER = ["please", "can you tell me", "i want to know", "quick question:", "hey,", "so", "any idea"]
STARTS = ["how do i", "what is", "why does", "can i", "where is", "when should i", "is it possible to"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_kb(n: int, seed: int = 7) -> dict:
    """A deterministic synthetic topic of ``n`` entries over a Zipf-like vocabulary."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, max(2000, n // 2))
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(vocab))))
    entries, seen = [], set()
    while len(entries) < n:
        content = rng.choices(vocab, cum_weights=cum, k=rng.randint(3, 6))
        question = f"{rng.choice(STARTS)} {' '.join(content)}?"
        if question in seen:
            continue
        seen.add(question)
        answer = " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(15, 40))) + "."
        entries.append({"id": f"e{len(entries)}", "question": question, "answer": answer})
    return {"topic": "Synthetic", "summary": "Synthetic benchmark topic.", "entries": entries}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]


def make_queries(kb: dict, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """Noisy paraphrases: drop a word, swap word order, add a typo and filler."""
    rng = random.Random(seed)
    out = []
    for entry in rng.sample(kb["entries"], min(count, len(kb["entries"]))):
        words = entry["question"].rstrip("?").split()
        content = words[-(len(words) - 2):] if len(words) > 4 else words
        if len(content) > 3:
            content.pop(rng.randrange(len(content)))
        rng.shuffle(content)
        k = rng.randrange(len(content))
        content[k] = _typo(content[k], rng)
        out.append((f"{rng.choice(FILLER)} {' '.join(content)}", entry["id"]))
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(matcher: str, kb_file: str, queries_file: str, code: str = str(ROOT)) -> dict:
    """Run in a fresh process: build one matcher (faqbot's from the tree at ``code``), time queries, report max RSS."""
    queries = json.loads(Path(queries_file).read_text())
    started = time.perf_counter()
    if matcher == "faqbot":
        sys.path.insert(0, code)
        try:
            from bot.engine.answerer import Answerer
            from bot.kb.loader import load_kb
        except ImportError:  # a baseline from before bot/ was grouped by concept (c6a84ce)
            from bot.answerer import Answerer
            from bot.loader import load_kb

        answerer = Answerer(load_kb(kb_file))

        def top1(q: str) -> str | None:
            found = answerer.matcher.score(q, limit=1)
            return found[0].entry_id if found else None

        load_s, built_mb = time.perf_counter() - started, _peak_mb()
        # Off the KB's vocabulary, so the language detector's model loads here, as on a bot's first such message.
        answerer.reply("warm up")
    else:
        from rapidfuzz import fuzz, process

        data = json.loads(Path(kb_file).read_text())
        questions = [e["question"] for e in data["entries"]]
        ids = [e["id"] for e in data["entries"]]

        def top1(q: str) -> str | None:
            hit = process.extractOne(q, questions, scorer=fuzz.token_set_ratio)
            return ids[hit[2]] if hit else None

        load_s, built_mb = time.perf_counter() - started, _peak_mb()
    first_s = time.perf_counter() - started - load_s
    times, right = [], 0
    for query, gold in queries:
        t0 = time.perf_counter()
        got = top1(query)
        times.append((time.perf_counter() - t0) * 1000)
        right += got == gold
    times.sort()
    return {
        "load_s": load_s,
        "first_s": first_s,
        "p50_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "built_mb": built_mb,
        "rss_mb": _peak_mb(),
        "top1": right / len(queries),
    }


def main() -> None:
    """Generate the KBs, measure both matchers per size in fresh processes, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline", nargs="+", default=[], metavar="COMMIT",
                        help="also measure faqbot as of these commits, side by side (e.g. 2424aaf)")
    parser.add_argument("--measure", nargs=4, metavar=("MATCHER", "KB", "QUERIES", "CODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        versions = {}
        for commit in args.baseline:
            base = Path(tmp, f"baseline-{commit}")
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "bot", "knowledge"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            versions[f"@{commit}"] = str(base)
        versions |= {"faqbot": str(ROOT), "naive": str(ROOT)}
        for size in args.sizes:
            kb = make_kb(size)
            kb_file = Path(tmp, f"kb{size}.json")
            kb_file.write_text(json.dumps(kb))
            queries_file = Path(tmp, f"q{size}.json")
            queries_file.write_text(json.dumps(make_queries(kb, args.queries)))
            for name, code in versions.items():
                matcher = "naive" if name == "naive" else "faqbot"
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", matcher, str(kb_file), str(queries_file), code],
                    check=True, capture_output=True, text=True,
                ).stdout
                rows.append((size, name, json.loads(out)))
    print(f"{'entries':>8} {'matcher':>8} {'load+index s':>13} {'1st reply s':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'built MB':>9} {'peak MB':>8} {'top-1':>7}")
    for size, matcher, r in rows:
        print(f"{size:>8} {matcher:>8} {r['load_s']:>13.2f} {r['first_s']:>11.2f} {r['p50_ms']:>8.3f} "
              f"{r['p99_ms']:>8.3f} "
              f"{r['built_mb']:>9.0f} {r['rss_mb']:>8.0f} {r['top1']:>7.1%}")


if __name__ == "__main__":
    main()
