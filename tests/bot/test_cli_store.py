"""The running bot (``faqbot console`` in a subprocess): an unusable store, and a graceful SIGTERM."""

from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.testing.kb import entry, topic, write_topic
from bot.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[2]
CAT = ("How often should I feed my cat?", "Twice a day.")
QUESTIONS = "how often do I feed my cat\nwhat is the capital of peru\nhow often do I feed my cat\n"


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A folder with a one-entry KB, removed afterwards (write protection undone first)."""
    folder = Path(tempfile.mkdtemp(prefix="faqbot-cli-"))
    write_topic(folder, "pets.yaml", topic("Pets", [entry(*CAT)], summary=None))
    (folder / "pets.yaml").chmod(0o644)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if os.geteuid() == 0 and shutil.which("chattr"):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, timeout=10, check=False)
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def bot_env(data: str, **extra: str) -> dict[str, str]:
    """The environment for the child: the store path, the repo importable, no real tokens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAQBOT_", "TELEGRAM_", "DISCORD_"))}
    return {**env, "PYTHONPATH": str(REPO), "FAQBOT_DATA": data, "FAQBOT_RATE_LIMIT": "0", **extra}


def run_console(workdir: Path, data: str) -> subprocess.CompletedProcess[str]:
    """Pipe three questions through ``python -m bot console``; bounded in time."""
    return subprocess.run([sys.executable, "-m", "bot", "console", "--kb", str(workdir / "pets.yaml")],
                          input=QUESTIONS, capture_output=True, text=True, timeout=60, cwd=workdir,
                          env=bot_env(data))


def store_lines(stderr: str) -> list[str]:
    """The stderr lines about the store (other components may print their own lines)."""
    return [line for line in stderr.splitlines() if "store" in line.lower()]


def assert_answers_without_store(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0, both answers given, one clear warning, no traceback."""
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(CAT[1]) == 2 and "I don't know" in result.stdout
    assert len(store_lines(result.stderr)) == 1 and "store is OFF" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr


def test_corrupt_store_file(workdir: Path) -> None:
    data = workdir / "faqbot.sqlite3"
    data.write_bytes(b"\x00garbage\xff" * 1000)
    result = run_console(workdir, str(data))
    assert_answers_without_store(result)
    assert "not a valid SQLite database" in result.stderr and str(data) in result.stderr


def test_store_folder_cannot_be_created(workdir: Path) -> None:
    (workdir / "blocker").write_text("a file where a folder should be")
    result = run_console(workdir, str(workdir / "blocker" / "data" / "faqbot.sqlite3"))
    assert_answers_without_store(result)
    assert "cannot create the folder" in result.stderr


def test_read_only_store(workdir: Path) -> None:
    data = workdir / "ro" / "faqbot.sqlite3"
    SqliteStore(data).close()
    if os.geteuid() == 0:  # root ignores file modes; the immutable attribute stops root too
        protect = subprocess.run(["chattr", "+i", str(data)], capture_output=True, timeout=10, check=False) \
            if shutil.which("chattr") else None
        if protect is None or protect.returncode != 0:
            pytest.skip("running as root without a working chattr: cannot make a file read-only")
        result = run_console(workdir, str(data))
    else:
        data.chmod(0o444)
        data.parent.chmod(0o555)
        result = run_console(workdir, str(data))
    assert_answers_without_store(result)
    assert str(data) in result.stderr
    assert "read-only" in result.stderr or "cannot be opened" in result.stderr


def test_missing_folder_is_created_and_used(workdir: Path) -> None:
    data = workdir / "new" / "deeper" / "faqbot.sqlite3"
    result = run_console(workdir, str(data))
    assert result.returncode == 0 and not store_lines(result.stderr) and "Traceback" not in result.stderr
    conn = sqlite3.connect(data)
    try:
        assert conn.execute("SELECT kind, text FROM replies ORDER BY id").fetchall() == [
            ("answer", None), ("none", "what is the capital of peru"), ("answer", None)]
    finally:
        conn.close()


def read_until(proc: subprocess.Popen[str], needle: str, timeout: float = 20) -> str:
    """Read the child's stdout until ``needle`` shows up (bounded)."""
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line
    return seen


def test_sigterm_flushes_the_store_and_exits_0(workdir: Path) -> None:
    data = workdir / "faqbot.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "bot", "console", "--kb", str(workdir / "pets.yaml")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=workdir, env=bot_env(str(data)))
    try:
        assert proc.stdin is not None
        proc.stdin.write("what is the capital of peru\n")
        proc.stdin.flush()
        assert "I don't know" in read_until(proc, "I don't know")
        os.kill(proc.pid, signal.SIGTERM)  # stdin stays open: the console is waiting for the next line
        proc.wait(timeout=20)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe:
                pipe.close()
    conn = sqlite3.connect(data)
    try:
        assert conn.execute("SELECT text FROM replies").fetchall() == [("what is the capital of peru",)]
    finally:
        conn.close()
