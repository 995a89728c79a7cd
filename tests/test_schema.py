"""The contract's vocabularies are consistent: no alias means two things, every kind has a colour."""

from __future__ import annotations

import pytest

from mapping.render.palette import KIND_COLOURS, RELATIONSHIP_COLOURS
from mapping.schema import (
    ACTOR_COLUMNS,
    ACTOR_KINDS,
    BUSINESS_SUBTYPES,
    CAPABILITIES,
    CONFIDENCE_LEVELS,
    DIRECTIONS,
    ENGAGEMENT_STATUSES,
    PHASES,
    RELATIONSHIP_COLUMNS,
    RELATIONSHIP_KINDS,
    SENIORITY_LEVELS,
    SIGNS,
    STANCES,
    normalise_token,
)
from mapping.values import match_term

VOCABULARIES = {
    "actor kinds": ACTOR_KINDS,
    "business subtypes": BUSINESS_SUBTYPES,
    "seniority": SENIORITY_LEVELS,
    "stances": STANCES,
    "phases": PHASES,
    "capabilities": CAPABILITIES,
    "engagement": ENGAGEMENT_STATUSES,
    "relationship kinds": RELATIONSHIP_KINDS,
    "directions": DIRECTIONS,
    "signs": SIGNS,
    "confidence": CONFIDENCE_LEVELS,
}


@pytest.mark.parametrize("terms", VOCABULARIES.values(), ids=VOCABULARIES.keys())
def test_no_spelling_names_two_terms(terms) -> None:
    owner: dict[str, str] = {}
    for term in terms:
        for spelling in (term.name, term.label, *term.aliases):
            token = normalise_token(spelling) or spelling
            assert owner.setdefault(token, term.name) == term.name, f"{spelling!r} names two terms"


@pytest.mark.parametrize("terms", VOCABULARIES.values(), ids=VOCABULARIES.keys())
def test_every_spelling_matches_its_term(terms) -> None:
    for term in terms:
        for spelling in (term.name, term.label, *term.aliases):
            assert match_term(spelling.upper(), terms) == term.name or match_term(spelling, terms) == term.name


@pytest.mark.parametrize("columns", [ACTOR_COLUMNS, RELATIONSHIP_COLUMNS], ids=["actors", "relationships"])
def test_no_header_alias_names_two_columns(columns) -> None:
    owner: dict[str, str] = {}
    for column in columns:
        for spelling in (column.name, *column.aliases):
            assert owner.setdefault(normalise_token(spelling), column.name) == column.name, spelling


def test_the_issue_names_the_required_kinds() -> None:
    names = {kind.name for kind in ACTOR_KINDS}
    assert names == {
        "business",
        "association",
        "government",
        "security",
        "political",
        "civil_society",
        "faith",
        "media",
        "international",
        "prevention_network",
        "armed_group",
        "person",
    }
    ties = {kind.name for kind in RELATIONSHIP_KINDS}
    assert {
        "member_of",
        "leads",
        "employs",
        "owns",
        "supplies",
        "funds",
        "regulates",
        "oversees",
        "advises",
        "dialogue",
        "partners_with",
        "influences",
        "opposes",
    } <= ties


def test_relationship_defaults_are_valid() -> None:
    for kind in RELATIONSHIP_KINDS:
        assert 0 < kind.default_strength <= 1
        assert kind.default_direction in {"directed", "mutual"}
        assert kind.sign in {"+", "-"}


def test_every_kind_has_a_colour() -> None:
    assert set(KIND_COLOURS) == {kind.name for kind in ACTOR_KINDS}
    assert set(RELATIONSHIP_COLOURS) == {kind.name for kind in RELATIONSHIP_KINDS}
