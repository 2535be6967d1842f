"""The operator's HTTP server: /healthz, /readyz (503 until ready), /metrics, on 127.0.0.1 by default."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, Counter

from bot.ops.http import OpsServer, parse_listen
from bot.service.settings import SettingsError


@pytest.fixture
def server() -> Iterator[OpsServer]:
    registry = CollectorRegistry()
    Counter("faqbot_test_things", "things", registry=registry).inc(3)
    ops = OpsServer("127.0.0.1", 0, registry).start()
    try:
        yield ops
    finally:
        ops.close()


def _get(ops: OpsServer, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ops.port}{path}", timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_healthz_and_metrics(server: OpsServer) -> None:
    assert _get(server, "/healthz")[:2] == (200, "text/plain; charset=utf-8")
    status, content_type, body = _get(server, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=")
    assert "faqbot_test_things_total 3.0" in body
    assert _get(server, "/nope")[0] == 404


def test_readyz_is_503_until_every_check_passes(server: OpsServer) -> None:
    state = {"connected": False}
    server.checks["kb"] = lambda: True
    server.checks["platform:telegram"] = lambda: True if state["connected"] else "not connected yet"

    def broken() -> bool:
        raise RuntimeError("database went away")

    server.checks["store"] = broken
    status, _, body = _get(server, "/readyz")
    assert status == 503
    assert json.loads(body) == {"ready": False, "checks": {
        "kb": "ok", "platform:telegram": "not connected yet", "store": "RuntimeError: database went away"}}
    state["connected"] = True
    server.checks["store"] = lambda: True
    status, _, body = _get(server, "/readyz")
    assert (status, json.loads(body)["ready"]) == (200, True)


@pytest.mark.parametrize(("raw", "expected"), [
    ("127.0.0.1:9100", ("127.0.0.1", 9100)), (":9100", ("127.0.0.1", 9100)), ("9100", ("127.0.0.1", 9100)),
    ("0.0.0.0:80", ("0.0.0.0", 80)), ("[::1]:9100", ("::1", 9100)),
])
def test_listen_forms(raw: str, expected: tuple[str, int]) -> None:
    assert parse_listen(raw) == expected


@pytest.mark.parametrize("raw", ["localhost", "host:99999", "a:b", "1.2.3.4:"])
def test_bad_listen_names_the_setting(raw: str) -> None:
    with pytest.raises(SettingsError, match="FAQBOT_HTTP_LISTEN"):
        parse_listen(raw)


def test_unset_means_no_server() -> None:
    assert OpsServer.from_env({}, CollectorRegistry()) is None


def test_readiness_names_a_store_that_is_off_or_unreachable(tmp_path: Path) -> None:
    from bot.engine.answerer import Answerer
    from bot.kb.loader import load_kb
    from bot.ops.runtime import readiness_checks
    from bot.service.facade import FaqService
    from bot.store import NullStore, StoreError, open_store
    from tests.adapters.telegram.conftest import BAKING, write_kb

    answerer = Answerer(load_kb(write_kb(tmp_path / "kb", BAKING)))
    store = open_store(tmp_path / "faqbot.sqlite3", "k" * 32)
    service = FaqService(answerer, store=store)
    checks = readiness_checks(service, [])
    assert (checks["kb"](), checks["store"]()) == (True, True)

    def gone(since: float) -> list[object]:
        raise StoreError("FAQBOT_DATA: the database went away")

    store.days = gone  # type: ignore[method-assign,assignment]
    assert "went away" in str(checks["store"]())
    store.close()
    off = readiness_checks(FaqService(answerer, store=NullStore(reason="cannot open the file")), [])["store"]()
    assert isinstance(off, str) and "cannot open the file" in off
