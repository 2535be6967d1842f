"""The seam: adapters talk to the service façade only, never to the Answerer, the store or the KB."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ADAPTERS = Path(__file__).resolve().parents[2] / "adapters"
#: What an adapter may import from the core: the façade, its outcomes, the Reply types, the catalogue, settings.
ALLOWED = {"bot.messages", "bot.engine.reply", "bot.service.facade", "bot.service.outcomes", "bot.service.settings",
           "bot.service.platforms", "bot.service.logs", "bot.cli",
           "bot.ops.cluster"}  # the workers' shared Redis, reached as ``service.cluster`` (README, "Several workers")
FORBIDDEN_ATTRIBUTES = {"answerer", "store", "reloader", "limiter"}
# Text patterns, not ast: CPython 3.11.7 can report a spurious "AST constructor recursion depth mismatch".
_FROM = re.compile(r"^\s*from (bot(?:\.\w+)*) import \(?([\w, ]+)", re.MULTILINE)
_IMPORT = re.compile(r"^\s*import (bot\b[\w.]*)", re.MULTILINE)
_REACH = re.compile(r"\bservice\.(\w+)")


# adapters/testing is the test harness, not an adapter: it builds services and KBs for tests on purpose.
_ADAPTER_FILES = sorted(p for p in ADAPTERS.rglob("*.py") if p.relative_to(ADAPTERS).parts[0] != "testing")


@pytest.mark.parametrize("path", _ADAPTER_FILES, ids=lambda p: str(p.relative_to(ADAPTERS)))
def test_adapters_use_only_the_facade(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for module, names in _FROM.findall(source):
        imported = [f"bot.{n.strip()}" for n in names.split(",") if n.strip()] if module == "bot" else [module]
        assert set(imported) <= ALLOWED, f"{path.name} imports {imported}"
    assert _IMPORT.findall(source) == [], f"{path.name} imports a core module whole"
    reached = set(_REACH.findall(source)) & FORBIDDEN_ATTRIBUTES
    assert not reached, f"{path.name} reaches service.{reached}"


def test_the_check_sees_a_violation() -> None:
    assert _REACH.findall("x = self.service.answerer.kb") == ["answerer"]
    assert _FROM.findall("from bot.engine.answerer import Answerer\n") == [("bot.engine.answerer", "Answerer")]
