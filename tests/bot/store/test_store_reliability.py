"""The store under abuse: kill -9 in the middle of a burst, and two processes writing one file at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.store.sqlite import SqliteStore

WRITER = Path(__file__).with_name("burst_writer.py")
REPO = Path(__file__).resolve().parents[3]


def start_writer(db: Path, tag: str, *mode: str) -> subprocess.Popen[str]:
    """Start the burst writer child; the caller stops it by PID."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, str(WRITER), str(db), tag, *mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


def stop(proc: subprocess.Popen[str]) -> None:
    """Make sure the child is gone (by its PID) and its pipes are closed."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    for pipe in (proc.stdout, proc.stderr):
        if pipe:
            pipe.close()


def run_writers(db: Path, tags: tuple[str, ...],
                seconds: float) -> tuple[list[subprocess.Popen[str]], list[tuple[str, str]]]:
    """Run one timed writer per tag on ``db`` at once; their processes and (stdout, stderr)."""
    procs = [start_writer(db, tag, "timed", str(seconds)) for tag in tags]
    try:
        outputs = [p.communicate(timeout=60) for p in procs]
    finally:
        for p in procs:
            stop(p)
    return procs, outputs


def texts(db: Path, tag: str) -> set[str]:
    """The texts a writer left in the file."""
    conn = sqlite3.connect(db)
    try:
        return {t for (t,) in conn.execute("SELECT text FROM replies WHERE text LIKE ?", (f"{tag}-%",))}
    finally:
        conn.close()


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of the file."""
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_mid_burst_loses_no_acknowledged_write(tmp_path: Path, round_: int) -> None:
    db = tmp_path / "crash.sqlite3"
    proc = start_writer(db, "k", "burst")
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        acknowledged = 0
        deadline = time.monotonic() + 20
        # Kill at a different point each round, always while it keeps writing.
        while acknowledged < 1000 + 700 * round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "writer died"
            acknowledged = int(line)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        stop(proc)
    assert acknowledged >= 1000
    found = texts(db, "k")
    missing = {f"k-{n}" for n in range(acknowledged)} - found
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:3]}"
    assert integrity(db) == "ok"
    reopened = SqliteStore(db)  # and the bot can carry on with the file
    try:
        assert len(reopened.unanswered(0, limit=10**6)) == len(found)
    finally:
        reopened.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    SqliteStore(db).close()  # both children open an existing file; the migration race is tested below
    procs, outputs = run_writers(db, ("a", "b"), seconds=2.5)
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err and "error" not in err.lower(), err
    totals = [int(out.split()[-1]) for out, _ in outputs]
    assert all(total >= 100 for total in totals)
    for tag, total in zip(("a", "b"), totals, strict=True):
        assert texts(db, tag) == {f"{tag}-{n}" for n in range(total)}
    assert integrity(db) == "ok"


def test_two_processes_creating_the_same_new_file_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "new" / "race.sqlite3"
    procs, outputs = run_writers(db, ("x", "y"), seconds=0.3)
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    for tag, (out, _) in zip(("x", "y"), outputs, strict=True):
        assert len(texts(db, tag)) == int(out.split()[-1])
