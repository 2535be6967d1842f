"""``gc_paused`` (bot/memory.py): no cyclic collection while a big structure is built, survivors frozen after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.memory import gc_paused


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    """The collector on at the start, and restored to its state afterwards whatever the test did."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.usefixtures("gc_enabled")
def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_enabled")
def test_what_was_built_inside_is_frozen_out_of_the_collectors_view() -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        built = [[n] for n in range(1000)]
    assert gc.get_freeze_count() >= before + len(built)


@pytest.mark.usefixtures("gc_enabled")
def test_an_error_inside_still_restores_the_collector() -> None:
    with pytest.raises(RuntimeError, match="boom"), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
