"""Fuzz the whole service: generated hostile inputs through FaqService (built by bot/app.py) with a real SQLite store.

Checks: 0 crashes (no exception from any call), 0 writer deaths (and nothing skipped or lost by the
writer), every acknowledged row present (after each ``flush()`` that returned True, the rows and
texts the replies promised are in the file, counted by reading it directly), and the time per call.

    python -m tests.bot.service.fuzz_service --count 100000 [--seed 1] [--matcher lexical]

``make fuzz`` runs 100,000; tests/bot/service/test_facade_fuzz.py runs 5,000 inside ``make test``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import AppSettings, build_app
from bot.engine.reply import Intent, Reply
from bot.quality.questions import question_text
from bot.service.facade import FaqService, User
from bot.service.outcomes import Answered, Noted
from bot.store.writer import QueuedStore

__all__ = ["FuzzResult", "inputs", "main", "run"]

REPO = Path(__file__).resolve().parents[3]
FLUSH_EVERY = 1000
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇦", "🇪🇺", "🏳️‍🌈", "❤️", "🤔", "🔥" * 3, "\U0001fae0", "©️", "1️⃣"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
RTL = ["ما هي المادة الخامسة", "מה זה נאט\"ו", "\u202eevil\u202c", "\u200fRTL mark", "\u2067isolate\u2069"]
MARKUP = ["<b>bold</b>", "<script>alert(1)</script>", "*bold* _it_ `code`", "[link](http://x.example)",
          "@everyone", "<@123456789>", "||spoiler||", "&amp; &lt; &#0;", "```\ncode\n```", "<a href='x'>y</a>",
          "{{template}}", "%s %d %(name)s", "'; DROP TABLE replies; --", "\\", "/start", "/summary nato"]
WORDS = ["what", "is", "article", "5", "nato", "ukraine", "membership", "how", "join", "when", "who", "why",
         "summit", "the", "a", "of", "sanctions", "aid", "peace", "zorblax", "?", "!", "..."]
SCRIPTS = ["Что такое НАТО?", "Що таке стаття 5?", "NATO nedir?", "北约是什么", "ナトーとは", "Ποιο είναι το άρθρο 5;",
           "Qu'est-ce que l'OTAN ?", "Was ist Artikel 5?"]
EXPANDING = ["\ufdfa", "\u0390", "\ufb2c", "㍿", "ﷺ" * 50, "e\u0301" * 20, "Z\u0336\u0335\u0334" * 30]


def _odd_piece(rng: random.Random) -> str:
    """One hostile fragment of a given kind."""
    kind = rng.randrange(12)
    if kind == 0:
        return ""
    if kind == 1:
        return "".join(chr(rng.choice([*range(32), 127, *range(128, 160)])) for _ in range(rng.randint(1, 20)))
    if kind == 2:
        return "".join(chr(rng.randint(0xD800, 0xDFFF)) for _ in range(rng.randint(1, 5)))
    if kind == 3:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))).decode("utf-8", "surrogateescape")
    if kind == 4:
        return "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 400)))
    if kind == 5:
        return rng.choice(MARKUP)
    if kind == 6:
        return rng.choice(RTL)
    if kind == 7:
        return rng.choice(ZERO_WIDTH).join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
    if kind == 8:
        return rng.choice(SCRIPTS)
    if kind == 9:
        return rng.choice(EXPANDING)
    if kind == 10:
        return "".join(chr(rng.randint(0x20, 0x2FFFF)) for _ in range(rng.randint(1, 30)))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))


def fuzz_text(rng: random.Random, questions: list[str]) -> str:
    """A generated message: empty, huge, real questions bent, or a mix of hostile fragments."""
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(["", " ", "\n\t ", "\x00"])
    if roll < 0.04:
        size = rng.choice([5_000, 50_000, 200_000])
        return (rng.choice(questions) + " " + _odd_piece(rng)) * (size // 50)  # huge
    if roll < 0.30:
        q = list(rng.choice(questions))
        for _ in range(rng.randint(0, 3)):
            q.insert(rng.randint(0, len(q)), _odd_piece(rng))
        return "".join(q)
    return "".join(_odd_piece(rng) for _ in range(rng.randint(1, 4)))


def inputs(seed: int, count: int, questions: list[str], entry_ids: list[str], topic_names: list[str]
           ) -> Iterator[tuple[str, str, str]]:
    """``count`` actions (name, argument, user id), reproducible from ``seed``."""
    rng = random.Random(seed)
    actions = ["ask"] * 70 + ["pick"] * 5 + ["summary"] * 5 + ["feedback"] * 6 + ["complete"] * 4 + \
              ["complete_topics"] * 2 + ["inline"] * 4 + ["topics", "help", "welcome", "questions"]
    for _ in range(count):
        action = rng.choice(actions)
        if action in ("pick", "feedback"):
            arg = rng.choice(entry_ids) if rng.random() < 0.7 else fuzz_text(rng, questions)[:200]
        elif action == "summary":
            arg = rng.choice(topic_names) if rng.random() < 0.5 else fuzz_text(rng, questions)
        else:
            arg = fuzz_text(rng, questions)
        user = str(rng.randrange(10**12)) if rng.random() < 0.9 else _odd_piece(rng)[:64]
        yield action, arg, user


@dataclass
class FuzzResult:
    """What a run found: crashes with their inputs, store health, rows checked, time per call."""

    calls: int = 0
    crashes: list[tuple[str, str, str]] = field(default_factory=list)
    writer_deaths: int = 0
    missing_rows: int = 0
    missing_texts: int = 0
    acknowledged: int = 0
    flush_failures: int = 0
    store_problems: dict[str, int] = field(default_factory=dict)
    timings: dict[str, list[float]] = field(default_factory=dict)

    def percentile(self, q: float, action: str | None = None) -> float:
        """The ``q`` percentile (0..100) of call time in ms, over one action or all."""
        values = sorted(v for a, vs in self.timings.items() if action in (None, a) for v in vs)
        return values[min(len(values) - 1, int(len(values) * q / 100))] * 1000 if values else 0.0

    @property
    def ok(self) -> bool:
        """0 crashes, 0 writer deaths, 0 acknowledged rows missing, the writer lost nothing."""
        return not (self.crashes or self.writer_deaths or self.missing_rows or self.missing_texts
                    or self.flush_failures or any(self.store_problems.values()))

    def summary(self) -> str:
        """The figures, as printed by ``make fuzz``."""
        lines = [f"calls: {self.calls}, crashes: {len(self.crashes)}, writer deaths: {self.writer_deaths}, "
                 f"acknowledged rows: {self.acknowledged}, missing: {self.missing_rows} rows / "
                 f"{self.missing_texts} texts, failed flushes: {self.flush_failures}, writer: {self.store_problems}",
                 f"per call: p50 {self.percentile(50):.2f} ms, p99 {self.percentile(99):.2f} ms, "
                 f"max {self.percentile(100):.1f} ms"]
        for action in sorted(self.timings):
            lines.append(f"  {action:16} n={len(self.timings[action]):6}  p50 {self.percentile(50, action):7.2f} ms  "
                         f"p99 {self.percentile(99, action):7.2f} ms  max {self.percentile(100, action):7.1f} ms")
        for action, arg, user in self.crashes[:5]:
            lines.append(f"  crash: {action}({arg[:80]!r}) user {user[:20]!r}")
        return "\n".join(lines)


def _call(service: FaqService, action: str, arg: str, user: User) -> object:
    calls: dict[str, Callable[[], object]] = {
        "ask": lambda: service.ask(arg, user),
        "pick": lambda: service.pick(arg, user),
        "summary": lambda: service.summary(arg, user),
        "feedback": lambda: service.feedback(arg, user, len(arg) % 2 == 0),
        "complete": lambda: service.complete(arg, user),
        "complete_topics": lambda: service.complete_topics(arg, user),
        "inline": lambda: service.inline(arg, user),
        "topics": lambda: service.topics(user),
        "help": lambda: service.help(user),
        "welcome": lambda: service.welcome(user),
        "questions": lambda: service.questions(arg),
    }
    return calls[action]()


def _expected(reply: Reply, rows: Counter[str], texts: Counter[str]) -> None:
    """What the store must hold for this reply: every reply but small talk and control input (keys, escapes)."""
    if reply.intent.small_talk:
        return
    if reply.intent in (Intent.UNKNOWN, Intent.DID_YOU_MEAN):
        question = question_text(reply.query)
        if question is None:
            return  # not a question (bot.quality.questions): never recorded
        texts[question] += 1
    rows[reply.kind] += 1


def _check(db: Path, rows: Counter[str], texts: Counter[str], result: FuzzResult) -> None:
    """Compare what was acknowledged with what the file holds, reading it directly."""
    conn = sqlite3.connect(db)
    try:
        stored = Counter(dict(conn.execute("SELECT kind, count(*) FROM replies GROUP BY kind").fetchall()))
        stored_texts = Counter(t for (t,) in conn.execute("SELECT text FROM replies WHERE text IS NOT NULL"))
    finally:
        conn.close()
    result.acknowledged = sum(rows.values())
    result.missing_rows = sum((rows - stored).values())
    result.missing_texts = sum((texts - stored_texts).values())


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def run(count: int, seed: int = 1, matcher: str = "lexical", folder: Path | None = None) -> FuzzResult:
    """Drive ``count`` generated actions through the service; the findings."""
    with tempfile.TemporaryDirectory(prefix="faqbot-fuzz-") as tmp:
        db = (folder or Path(tmp)) / "fuzz.sqlite3"
        env = {"FAQBOT_DATA": str(db), "FAQBOT_RATE_LIMIT": "0", "FAQBOT_RELOAD_SECONDS": "0",
               "FAQBOT_KB": str(REPO / "knowledge")}
        app = build_app(AppSettings.from_env(env, matcher=matcher), watch=False)
        service = app.service
        store = service.store
        assert isinstance(store, QueuedStore), "the fuzz run needs the real SQLite store"
        kb = service.answerer.kb
        questions = [e.question for e in kb.entries]
        result = FuzzResult()
        rows: Counter[str] = Counter()
        texts: Counter[str] = Counter()
        votes: set[tuple[str, str]] = set()
        try:
            for number, (action, arg, user_id) in enumerate(inputs(seed, count, questions, [e.id for e in kb.entries],
                                                                    [t.name for t in kb.topics]), start=1):
                user = User("fuzz", user_id, user_id)
                started = time.perf_counter()
                try:
                    outcome = _call(service, action, arg, user)
                except Exception:
                    result.crashes.append((action, arg, user_id))
                    continue
                finally:
                    result.timings.setdefault(action, []).append(time.perf_counter() - started)
                    result.calls += 1
                if isinstance(outcome, Answered):
                    _expected(outcome.reply, rows, texts)
                elif isinstance(outcome, Noted) and outcome.counted:
                    votes.add((arg, user.key))  # one row per entry and user (a changed vote replaces it)
                if number % FLUSH_EVERY == 0 or number == count:
                    if not store.writer_alive:
                        result.writer_deaths += 1
                        break
                    if not store.flush(60):
                        result.flush_failures += 1
        finally:
            app.close()
        _check(db, rows, texts, result)
        result.missing_rows += max(0, len(votes) - _count(db, "SELECT count(*) FROM votes"))
        result.acknowledged += len(votes)
        result.store_problems = {"skipped": store.skipped, "failed": store.failed_writes,
                                 "dropped": store.dropped, "lost_on_close": store.lost_on_close}
        return result


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz target and print its figures; exit 1 on any finding."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--matcher", default="lexical", choices=["lexical", "semantic", "auto"])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = run(args.count, args.seed, args.matcher)
    print(f"fuzz: {args.count} inputs, seed {args.seed}, matcher {args.matcher}, "
          f"{time.perf_counter() - started:.0f} s")
    print(result.summary())
    print("OK" if result.ok else "FINDINGS")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
