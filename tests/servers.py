"""The real PostgreSQL and Redis servers tests run against, each test in its own database or key prefix.

On a machine without them a test skips with a message naming what to start; in CI (CI=true) it
fails instead, and .ci/run also fails when any test was skipped for a server ("needs a server").
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

__all__ = ["POSTGRES_URL", "REDIS_URL", "SKIP_MARK", "missing_server", "postgres_database", "redis_prefix"]

REDIS_URL = os.environ.get("FAQBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get("FAQBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SKIP_MARK = "needs a server"  # .ci/run looks for this in pytest's skip lines


def missing_server(what: str, start: str) -> None:
    """Skip naming what to start; in CI fail, since CI must run every server test."""
    message = f"{SKIP_MARK}: {what} is not reachable; start it ({start})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}. CI must run the tests against the real servers.", pytrace=False)
    pytest.skip(message)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A fresh key prefix on the test Redis; every key under it is deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        missing_server(f"Redis at {REDIS_URL}", "e.g. `redis-server --port 6379` or `service redis-server start`")
    prefix = f"faqbot-test-{secrets.token_hex(4)}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the test PostgreSQL (its URL); dropped afterwards."""
    import psycopg

    name = f"faqbot_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        missing_server(f"PostgreSQL at {POSTGRES_URL}", "e.g. `service postgresql start`")
        raise  # not reached: missing_server raises
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
