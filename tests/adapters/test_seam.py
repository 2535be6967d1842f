"""The seam: adapters talk to the service façade only, never to the Answerer, the store or the KB."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADAPTERS = Path(__file__).resolve().parents[2] / "adapters"
#: What an adapter may import from the core: the façade, its outcomes, the Reply types, the catalogue, settings.
ALLOWED = ("bot.messages", "bot.engine.reply", "bot.service.facade", "bot.service.outcomes", "bot.service.settings",
           "bot.service.platforms", "bot.service.logs", "bot.cli")
FORBIDDEN_ATTRIBUTES = {"answerer", "store", "reloader", "limiter"}


def _modules() -> list[Path]:
    return sorted(p for p in ADAPTERS.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ADAPTERS)))
def test_adapters_use_only_the_facade(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bot":
            names = [node.module] if node.module != "bot" else [f"bot.{a.name}" for a in node.names]
            for name in names:
                assert name in ALLOWED, f"{path.name}:{node.lineno} imports {name}"
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "bot" for a in node.names), f"{path.name}:{node.lineno}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            inner = node.value
            if isinstance(inner.value, ast.Name) and inner.value.id == "self" and inner.attr == "service":
                assert node.attr not in FORBIDDEN_ATTRIBUTES, f"{path.name}:{node.lineno} reaches service.{node.attr}"
