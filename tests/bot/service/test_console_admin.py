"""Admin commands and the rate limit, through the console adapter."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from adapters.console import Console
from adapters.testing.kb import entry, topic, write_topic
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService
from bot.service.ratelimit import RateLimiter
from bot.service.reload import Reloader
from bot.store.sqlite import SqliteStore

NOT_ALLOWED = messages.text("service.not_allowed")
RATE_LIMITED = messages.text("service.rate_limited")
CAT = ("How often should I feed my cat?", "Twice a day.")
DOG = ("How long should I walk my dog?", "At least an hour a day.")


def write_kb(path: Path, *pairs: tuple[str, str], broken: bool = False) -> None:
    """Write the pet topic (or a broken one), moving the mtime forward."""
    if broken:
        path.write_text("topic: Pets\nentries:\n  - question: [unclosed\n", encoding="utf-8")
    else:
        write_topic(path.parent, path.name, topic("Pets", [entry(q, a) for q, a in pairs], summary="Pets."))
    stamp = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def console(tmp_path: Path, admins: frozenset[str] = frozenset(), limiter: RateLimiter | None = None) -> Console:
    """A console over a reloadable pet KB with a store."""
    kb = tmp_path / "pets.yaml"
    if not kb.exists():
        write_kb(kb, CAT)
    reloader = Reloader(kb, lambda p: Answerer(load_kb(p)))
    service = FaqService(reloader, admins=admins, limiter=limiter, store=SqliteStore(tmp_path / "f.sqlite3"))
    return Console(service, io.StringIO())


def test_console_user_is_not_admin_unless_listed(tmp_path: Path) -> None:
    c = console(tmp_path, admins=frozenset({"telegram:1"}))
    try:
        assert c.ask("/reload") == NOT_ALLOWED
        assert c.ask("/stats") == NOT_ALLOWED
        assert c.ask("  /STATS  ") == NOT_ALLOWED
    finally:
        c.service.close()


def test_console_admin_stats_and_reload(tmp_path: Path) -> None:
    c = console(tmp_path, admins=frozenset({"console:local"}))
    try:
        assert CAT[1] in c.ask("how often do I feed my cat")
        c.ask("what is the capital of peru")
        stats = c.ask("/stats")
        assert "1 topic(s), 1 entries" in stats and "2 questions, 50% answered" in stats
        assert "capital of peru" in stats

        write_kb(tmp_path / "pets.yaml", broken=True)
        failed = c.ask("/reload")
        assert "Reload failed" in failed and f"{tmp_path / 'pets.yaml'}:" in failed
        assert CAT[1] in c.ask("how often do I feed my cat")  # the old KB still serves

        write_kb(tmp_path / "pets.yaml", CAT, DOG)
        assert "2 entries" in c.ask("/reload")
        assert DOG[1] in c.ask("how long should I walk my dog")
    finally:
        c.service.close()


def test_rate_limit_says_so_once_then_stays_silent_until_refilled(tmp_path: Path) -> None:
    clock = Clock()
    c = console(tmp_path, limiter=RateLimiter(per_minute=3, clock=clock))
    try:
        answers = [c.ask("how often do I feed my cat") for _ in range(3)]
        assert all(CAT[1] in a for a in answers)
        assert c.ask("how often do I feed my cat") == RATE_LIMITED
        assert c.ask("how often do I feed my cat") == ""
        assert c.ask("and again") == ""
        clock.now += 21  # one token back (3 per minute)
        assert CAT[1] in c.ask("how often do I feed my cat")
        assert c.ask("how often do I feed my cat") == RATE_LIMITED
        c.service.store.flush()
        days = c.service.store.days(0)
        assert sum(d.asked for d in days) == 4  # refused questions are not recorded
    finally:
        c.service.close()


def test_admin_commands_are_not_rate_limited_questions(tmp_path: Path) -> None:
    clock = Clock()
    c = console(tmp_path, admins=frozenset({"console:local"}), limiter=RateLimiter(per_minute=1, clock=clock))
    try:
        assert CAT[1] in c.ask("how often do I feed my cat")
        assert c.ask("another question") == RATE_LIMITED
        assert "Knowledge base" in c.ask("/stats")
    finally:
        c.service.close()
