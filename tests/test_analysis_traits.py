"""Alignment and trust: the stance table, the trait rescaling, unknown values as flagged neutral."""

from __future__ import annotations

import pytest

from mapping.analysis.traits import ALIGNMENT, UNKNOWN_VALUE, alignment, trust
from mapping.model import Actor
from mapping.schema import STANCES


@pytest.mark.parametrize(
    ("stance", "value", "guessed"),
    [
        ("champion", 1.0, False),
        ("supportive", 0.8, False),
        ("neutral", 0.5, False),
        ("sceptical", 0.3, False),
        ("opposed", 0.0, False),
        ("unknown", 0.5, True),
    ],
)
def test_alignment_table(stance: str, value: float, guessed: bool) -> None:
    assert alignment(Actor("x", "X", "business", stance=stance)) == (value, guessed)


def test_every_stance_of_the_contract_has_an_alignment() -> None:
    assert set(ALIGNMENT) == {term.name for term in STANCES}
    assert all(0 <= value <= 1 for value in ALIGNMENT.values())


@pytest.mark.parametrize(
    ("integrity", "neutrality", "value", "guessed"),
    [
        (5, 5, 1.0, False),
        (1, 1, 0.0, False),
        (5, 1, 0.5, False),
        (4, 2, 0.5, False),
        (3, None, 0.5, False),
        (None, 5, 1.0, False),
        (2, None, 0.25, False),
        (None, None, UNKNOWN_VALUE, True),
    ],
)
def test_trust_is_the_mean_of_the_rated_traits_rescaled(
    integrity: float | None, neutrality: float | None, value: float, guessed: bool
) -> None:
    actor = Actor("x", "X", "business", integrity=integrity, neutrality=neutrality)
    assert trust(actor) == (pytest.approx(value), guessed)


def test_unknown_values_count_as_neutral() -> None:
    assert UNKNOWN_VALUE == 0.5
