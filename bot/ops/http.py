"""The operator's HTTP server (FAQBOT_HTTP_LISTEN): /healthz, /readyz and /metrics, in a daemon thread.

A thread and the standard library's server, not the platforms' event loop: it answers in every mode
(polling, webhook, Discord, both, and the console), and a stuck event loop still shows as not ready.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from bot.service.settings import SettingsError

__all__ = ["Check", "OpsServer", "parse_listen"]

log = logging.getLogger("faqbot.http")

Check = Callable[[], bool | str]  # True (ok), False or a reason (not ready)


def parse_listen(raw: str, name: str = "FAQBOT_HTTP_LISTEN") -> tuple[str, int]:
    """``host:port``, ``:port`` or ``port`` (host 127.0.0.1), ``[::1]:port`` for IPv6; SettingsError naming ``name``."""
    raw = raw.strip()
    match = re.fullmatch(r"(?:\[([0-9A-Fa-f:.]+)\]|([^:\s\[\]]*)):(\d{1,5})|(\d{1,5})", raw)
    if not match:
        raise SettingsError(f"{name} must be host:port (e.g. 127.0.0.1:9100), not {raw[:60]!r}")
    host = match.group(1) or match.group(2) or "127.0.0.1"
    port = int(match.group(3) or match.group(4))
    if port > 65535:
        raise SettingsError(f"{name} has an invalid port: {raw!r}")
    return host, port


@dataclass
class OpsServer:
    """Serves the probes and the metrics of ``registry`` on ``host:port`` until ``close``."""

    host: str
    port: int
    registry: CollectorRegistry
    checks: dict[str, Check] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str], registry: CollectorRegistry) -> OpsServer | None:
        """The server FAQBOT_HTTP_LISTEN asks for, or None when it is not set."""
        raw = env.get("FAQBOT_HTTP_LISTEN", "").strip()
        if not raw:
            return None
        host, port = parse_listen(raw)
        return cls(host, port, registry)

    def readiness(self) -> tuple[bool, dict[str, str]]:
        """Each check's verdict ("ok" or why not) and whether all passed; a check that raises fails."""
        verdicts: dict[str, str] = {}
        for name, check in self.checks.items():
            try:
                result = check()
            except Exception as exc:  # a probe must answer, whatever the check does
                result = f"{type(exc).__name__}: {exc}"[:200]
            if result is True:
                verdicts[name] = "ok"
            else:
                verdicts[name] = result if isinstance(result, str) and result else "not ready"
        return all(v == "ok" for v in verdicts.values()), verdicts

    def start(self) -> OpsServer:
        """Listen (port 0: an ephemeral one, then ``port`` says which) and serve in a daemon thread."""
        server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        server.daemon_threads = True
        self._server = server
        self.port = int(server.server_address[1])
        self._thread = threading.Thread(target=server.serve_forever, name="faqbot-http", daemon=True)
        self._thread.start()
        log.info("health and metrics on http://%s:%d (/healthz, /readyz, /metrics)", self.host, self.port)
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def _handler(ops: OpsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "faqbot"

        def do_GET(self) -> None:
            """/healthz, /readyz, /metrics; anything else 404."""
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                self._send(200, b"ok\n", "text/plain; charset=utf-8")
            elif path == "/readyz":
                ready, verdicts = ops.readiness()
                body = json.dumps({"ready": ready, "checks": verdicts}, sort_keys=True).encode() + b"\n"
                self._send(200 if ready else 503, body, "application/json")
            elif path == "/metrics":
                self._send(200, generate_latest(ops.registry), CONTENT_TYPE_LATEST)
            else:
                self._send(404, b"not found: try /healthz, /readyz or /metrics\n", "text/plain; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("http: " + format, *args)  # probes every few seconds: not worth an info line

    return Handler
