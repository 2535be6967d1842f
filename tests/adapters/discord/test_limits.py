"""Discord's limits (adapters/discord/limits.py) agree with what the fake Discord API rejects, edge by edge."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from adapters.discord.limits import LIMITS, Limits
from adapters.testing.discord.discord_payloads import choices_problems, message_problems


def embed(**fields: object) -> dict[str, object]:
    """A message with one embed holding ``fields``."""
    return {"embeds": [fields]}


EDGES: dict[str, Callable[[int], dict[str, object]]] = {
    "title": lambda n: embed(title="t" * n),
    "description": lambda n: embed(description="d" * n),
    "footer": lambda n: embed(footer={"text": "f" * n}),
    "field_value": lambda n: embed(description="x", fields=[{"name": "n", "value": "v" * n}]),
    "content": lambda n: {"content": "c" * n},
    "label": lambda n: {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "b",
                                                                   "label": "l" * n}]}]},
    "custom_id": lambda n: {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "i" * n,
                                                                       "label": "ok"}]}]},
}


@pytest.mark.parametrize("name", sorted(EDGES))
def test_a_message_at_the_limit_is_accepted_and_one_over_it_refused(name: str) -> None:
    limit = getattr(LIMITS, name)
    assert message_problems(EDGES[name](limit)) == []
    assert message_problems(EDGES[name](limit + 1)) != []


def test_all_embeds_of_a_message_share_the_total() -> None:
    half = LIMITS.embed_total // 2
    assert message_problems({"embeds": [{"description": "a" * half}, {"description": "b" * half}]}) == []
    assert message_problems({"embeds": [{"description": "a" * half}, {"description": "b" * (half + 1)}]}) != []


def test_autocomplete_choices_at_the_limits_are_accepted_and_over_them_refused() -> None:
    name = "n" * LIMITS.choice
    assert choices_problems([{"name": name, "value": name}] * LIMITS.choices) == []
    assert choices_problems([{"name": name, "value": name}] * (LIMITS.choices + 1)) != []
    assert choices_problems([{"name": name + "n", "value": "v"}]) != []


def test_the_limits_are_one_frozen_value() -> None:
    assert Limits() == LIMITS
    with pytest.raises(dataclasses.FrozenInstanceError):
        LIMITS.content = 4000  # type: ignore[misc]
