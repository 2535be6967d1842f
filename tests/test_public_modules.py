"""Every public module says what it exports: ``__all__`` exists, is sorted, names only what exists,
and lists every public function and class the module defines."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import warnings
from types import ModuleType

import pytest

import adapters
import bot

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py imports the deprecated audioop
    import discord  # noqa: F401


def _public_modules() -> list[str]:
    names = []
    for package in (bot, adapters):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            parts = info.name.split(".")
            if any(p.startswith("_") for p in parts[1:]):
                continue  # private modules and __main__ export nothing
            names.append(info.name)
    return sorted(names)


def _sort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions, each alphabetical."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


MODULES = _public_modules()


def test_the_walk_finds_the_modules() -> None:
    assert {"bot.app", "bot.service.facade", "bot.engine.reply", "adapters.common.text", "adapters.console"} <= set(
        MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = _module(name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        assert module.__file__ is not None and module.__file__.endswith("__init__.py"), f"{name} has no __all__"
        return  # a package's __init__ that only documents the package
    assert list(exported) == sorted(exported, key=_sort_key), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what does not exist: {missing}"
    defined = [
        n for n, obj in vars(module).items()
        if not n.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == name
    ]
    assert sorted(set(defined) - set(exported)) == [], f"{name} defines public names missing from __all__"
