"""The typed outcomes of a user action (bot/service/outcomes.py): one closed set, frozen, with stable reasons."""

from __future__ import annotations

import dataclasses
from typing import get_args

import pytest

from bot.engine.answerer import Answerer
from bot.service import outcomes
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refusal, Refused, Silent

EXAMPLES: list[Outcome] = [Silent(), Refused(Refusal.NOT_ALLOWED, "no"), AdminResult(True, "ok"),
                           Noted(counted=False, text="thanks")]


def test_outcome_is_exactly_the_five_kinds_an_adapter_matches_on() -> None:
    kinds = {getattr(outcomes, name) for name in outcomes.__all__} - {Outcome, Refusal}
    assert set(get_args(Outcome)) == kinds == {Answered, Silent, Refused, AdminResult, Noted}


@pytest.mark.parametrize("outcome", EXAMPLES, ids=lambda o: type(o).__name__)
def test_outcomes_are_frozen(outcome: Outcome) -> None:
    field = dataclasses.fields(outcome)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(outcome, field, None)


def test_an_answer_carries_the_engines_reply(answerer: Answerer) -> None:
    reply = answerer.reply("what is article 5?")
    assert Answered(reply).reply is reply and Answered(reply) == Answered(reply)


def test_refusal_reasons_are_the_stable_strings_logs_and_metrics_carry() -> None:
    assert [r.value for r in Refusal] == ["rate-limited", "not-allowed", "removed"]
    assert f"{Refusal.REMOVED}" == "removed"  # a StrEnum formats as its value in a log line or a label


def test_silence_defaults_to_a_flood_and_compares_by_value() -> None:
    assert Silent() == Silent(Refusal.RATE_LIMITED) != Silent(Refusal.REMOVED)
    assert Refused(Refusal.REMOVED, "gone") != Refused(Refusal.NOT_ALLOWED, "gone")
