"""Network faults: retried when the request surely did not reach Telegram, never when a send may have."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from adapters.telegram.request import RetryingRequest

URL = "http://127.0.0.1:9/bot123:abc/{method}"


def request_with(faults: list[type[Exception]]) -> tuple[RetryingRequest, list[str]]:
    """A RetryingRequest whose transport raises ``faults`` in order, then answers ok; and the calls it saw."""
    seen: list[str] = []
    pending = list(faults)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path.rsplit("/", 1)[-1])
        if pending:
            raise pending.pop(0)("simulated", request=request)  # type: ignore[call-arg]
        return httpx.Response(200, json={"ok": True, "result": True})

    req = RetryingRequest(retries=3, backoff=0.01)
    req._client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return req, seen


async def call(req: RetryingRequest, method: str) -> tuple[int, bytes]:
    """One POST through the request object."""
    try:
        return await req.do_request(URL.format(method=method), "POST")
    finally:
        await req.shutdown()


@pytest.mark.parametrize("fault", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_faults_before_sending_are_retried_even_for_sends(fault: type[Exception]) -> None:
    req, seen = request_with([fault, fault])
    status, _ = await call(req, "sendMessage")
    assert status == 200 and seen == ["sendMessage"] * 3


@pytest.mark.parametrize(("fault", "error"), [(httpx.ReadTimeout, TimedOut), (httpx.RemoteProtocolError, NetworkError)])
async def test_a_send_that_may_have_arrived_is_not_repeated(fault: type[Exception], error: type[Exception]) -> None:
    req, seen = request_with([fault])
    with pytest.raises(error):
        await call(req, "sendMessage")
    assert seen == ["sendMessage"]


async def test_idempotent_methods_are_retried_after_any_fault() -> None:
    req, seen = request_with([httpx.ReadTimeout, httpx.RemoteProtocolError])
    status, _ = await call(req, "setMyCommands")
    assert status == 200 and len(seen) == 3


async def test_retries_are_bounded() -> None:
    faults: list[type[Exception]] = [httpx.ConnectError] * 10
    req, seen = request_with(faults)
    with pytest.raises(NetworkError):
        await call(req, "getMe")
    assert len(seen) == 4
