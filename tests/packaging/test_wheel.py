"""What the wheel holds: the code, the shipped KB as package data, the licence, the entry points; no tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.packaging.conftest import ROOT


def test_the_wheel_carries_the_kb_licence_and_code_but_no_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"knowledge/{p.name}" for p in (ROOT / "knowledge").glob("*.yaml")}
    assert shipped and shipped <= names
    assert {"knowledge/__init__.py", "bot/cli.py", "bot/service/home.py", "adapters/telegram/runner.py"} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "bench/", "data/"))]


def test_the_metadata_names_an_spdx_licence_and_the_faqbot_command(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    dist = next(n.split("/")[0] for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = archive.read(f"{dist}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    entry_points = archive.read(f"{dist}/entry_points.txt").decode()
    assert "faqbot = bot.cli:main" in entry_points
    assert "telegram = adapters.telegram:create" in entry_points
