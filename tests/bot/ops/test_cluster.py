"""Workers sharing one Redis: per-user limits, the flood pace, KB reload notices; a dead Redis falls back."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.ops.cluster import WINDOW_SCRIPT, Cluster, ClusterReloader, SharedRateLimiter
from bot.service.settings import SettingsError
from tests.adapters.telegram.conftest import BAKING, SHIPPING, write_kb
from tests.servers import REDIS_URL, redis_prefix


@pytest.fixture
def prefix() -> Iterator[str]:
    with redis_prefix() as value:
        yield value


@pytest.fixture
def workers(prefix: str) -> Iterator[tuple[Cluster, Cluster]]:
    first, second = Cluster(REDIS_URL, prefix), Cluster(REDIS_URL, prefix)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def _dead_url() -> str:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"


def test_a_users_limit_holds_across_workers(workers: tuple[Cluster, Cluster]) -> None:
    one, two = (SharedRateLimiter(c, per_minute=4) for c in workers)
    verdicts = [(one if n % 2 else two).check("telegram:7") for n in range(6)]
    assert [v.allowed for v in verdicts] == [True] * 4 + [False] * 2
    assert [v.first_refusal for v in verdicts[4:]] == [True, False]  # told once, whichever worker refuses
    assert one.check("telegram:8").allowed  # another user has their own bucket


def test_the_window_lets_the_limit_through_per_second_across_workers(workers: tuple[Cluster, Cluster]) -> None:
    scripts = [c.client.register_script(WINDOW_SCRIPT) for c in workers]
    key = workers[0].key("tg", "sent")
    waits = [int(scripts[n % 2](keys=[key], args=[1_000_000, 5, f"w{n % 2}:{n}"])) for n in range(8)]
    assert waits[:5] == [0] * 5  # five in the window, whichever worker sent them
    assert all(0 < w <= 1_000_001 for w in waits[5:])  # the rest wait for the oldest to leave it


def test_a_dead_redis_falls_back_to_this_process_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    cluster = Cluster(_dead_url(), "x:")
    limiter = SharedRateLimiter(cluster, per_minute=3)
    with caplog.at_level(logging.WARNING, logger="faqbot.cluster"):
        verdicts = [limiter.check("telegram:1").allowed for _ in range(5)]
        cluster._down_until = 0.0  # the retry pause is over: Redis is tried (and fails) again
        assert not limiter.check("telegram:1").allowed
    assert verdicts == [True, True, True, False, False]  # the local bucket limits meanwhile
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "FAQBOT_REDIS_URL" in warnings[0].getMessage()
    assert cluster.degraded and isinstance(cluster.ping(), str)
    cluster.close()


def test_bad_url_names_the_setting() -> None:
    with pytest.raises(SettingsError, match="FAQBOT_REDIS_URL"):
        Cluster.from_env({"FAQBOT_REDIS_URL": "http://example.invalid"})
    assert Cluster.from_env({}) is None


def test_a_reload_on_one_worker_reaches_the_other(workers: tuple[Cluster, Cluster], tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb", BAKING)

    def build(path: Path) -> Answerer:
        return Answerer(load_kb(path))

    # File polling off: only the notice can make the second worker reload.
    first, second = (ClusterReloader(c, kb, build, interval=0) for c in workers)
    first.start()
    second.start()
    try:
        assert first.wait_listening(5) and second.wait_listening(5)
        before = second.current.kb.fingerprint
        write_kb(kb, BAKING, SHIPPING)
        assert first.reload().ok
        deadline = time.monotonic() + 5
        while second.current.kb.fingerprint == before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert second.current.kb.fingerprint == first.current.kb.fingerprint != before
        assert len(second.current.kb) == 6
    finally:
        first.stop()
        second.stop()


def test_reload_notices_resume_after_redis_comes_back(tmp_path: Path) -> None:
    """The listener keeps trying: a worker started while Redis was down still stops cleanly."""
    cluster = Cluster(_dead_url(), "x:")
    reloader = ClusterReloader(cluster, write_kb(tmp_path / "kb", BAKING), lambda p: Answerer(load_kb(p)), interval=0)
    reloader.start()
    assert not reloader.wait_listening(0.5)
    assert reloader.reload().ok  # reloading locally works without Redis
    stopped = threading.Event()
    threading.Thread(target=lambda: (reloader.stop(), stopped.set()), daemon=True).start()
    assert stopped.wait(10)
    cluster.close()
