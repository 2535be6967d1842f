"""Without a PostgreSQL server the PostgreSQL cases skip naming what to start; with CI=true they fail instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CASE = "tests/bot/store/test_postgres.py::test_postgresql_needs_the_hash_key"


def run_without_server(ci: bool) -> subprocess.CompletedProcess[str]:
    """Run one PostgreSQL case against a port where nothing listens."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["FAQBOT_TEST_POSTGRES_URL"] = "postgresql://postgres@127.0.0.1:1/postgres"
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", CASE],
                          capture_output=True, text=True, timeout=120, cwd=REPO, env=env)


@pytest.mark.parametrize("ci", [False, True])
def test_postgresql_cases_skip_with_a_hint_or_fail_in_ci(ci: bool) -> None:
    result = run_without_server(ci)
    if ci:
        assert result.returncode != 0 and "CI must run the tests against the real servers" in result.stdout
    else:
        assert result.returncode == 0 and "1 skipped" in result.stdout, result.stdout
        assert "needs a server" in result.stdout and "start it" in result.stdout and "127.0.0.1:1" in result.stdout
