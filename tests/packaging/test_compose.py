"""compose.yaml and the nginx config agree with each other and with the image (Docker cannot run here)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.packaging.conftest import ROOT


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())  # type: ignore[no-any-return]


def test_profiles_single_and_scaled() -> None:
    services = _compose()["services"]
    single = {name for name, s in services.items() if "single" in s.get("profiles", [])}
    scaled = {name for name, s in services.items() if "scaled" in s.get("profiles", [])}
    assert single == {"bot"}
    assert scaled == {"worker-1", "worker-2", "postgres", "redis", "nginx"}
    assert services["bot"]["environment"]["FAQBOT_DATA"].endswith(".sqlite3")
    assert any(v.endswith(":/var/lib/faqbot") for v in services["bot"]["volumes"])  # SQLite on a volume
    for worker in ("worker-1", "worker-2"):
        env = services[worker]["environment"]
        assert env["FAQBOT_DATA"].startswith("postgresql://") and env["FAQBOT_REDIS_URL"].startswith("redis://")
    shards = {services[w]["environment"]["DISCORD_SHARD_IDS"] for w in ("worker-1", "worker-2")}
    assert shards == {"0", "1"}  # each worker its own shard range


def test_nginx_sends_the_webhook_to_both_workers_on_their_listen_port() -> None:
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    upstream = set(re.findall(r"server\s+([\w-]+):(\d+)", conf))
    services = _compose()["services"]
    ports = {services[w]["environment"]["TELEGRAM_WEBHOOK_LISTEN"].rsplit(":", 1)[1] for w in ("worker-1", "worker-2")}
    assert upstream == {("worker-1", p) for p in ports} | {("worker-2", p) for p in ports}
    assert "./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]


def test_the_image_checks_health_on_the_port_it_listens_on() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    listen = re.search(r"FAQBOT_HTTP_LISTEN=[\d.]+:(\d+)", dockerfile)
    assert listen is not None
    assert f"127.0.0.1:{listen.group(1)}/healthz" in dockerfile
    assert "docker/install.sh" in dockerfile and re.search(r"^USER \d+", dockerfile, re.M)
