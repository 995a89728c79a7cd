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
    back_strength,
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


@pytest.mark.parametrize("columns", [ACTOR_COLUMNS, RELATIONSHIP_COLUMNS], ids=["actors", "relationships"])
def test_a_borrowed_alias_belongs_to_another_column_of_the_table(columns) -> None:
    owner = {normalise_token(s): column.name for column in columns for s in (column.name, *column.aliases)}
    for column in columns:
        for alias in column.borrowed_aliases:
            assert owner.get(normalise_token(alias)) not in (None, column.name), alias


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
        "other",  # the default for other tools' files, which have no kinds
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
        assert kind.back_ratio >= 0 and 0 <= kind.default_back(kind.default_strength) <= 1
        assert kind.default_direction == ("mutual" if kind.back_ratio > 0 else "directed")
        assert kind.sign in {"+", "-"}
        assert kind.rationale.endswith(".") and len(kind.rationale) < 160, kind.name


def default_strengths(name: str) -> tuple[float, float]:
    """(source -> target, target -> source) of a tie of this kind that leaves everything blank."""
    kind = next(k for k in RELATIONSHIP_KINDS if k.name == name)
    return kind.default_strength, kind.default_back(kind.default_strength)


def test_the_defaults_answer_issue_16() -> None:
    """Mediation and dialogue run both ways; an association, a parent and a leader move more than they are moved."""
    for name in ("mediates", "dialogue"):
        forward, back = default_strengths(name)
        assert back == forward > 0
    member_moves_association, association_moves_member = default_strengths("member_of")
    assert association_moves_member > member_moves_association
    unit_moves_parent, parent_moves_unit = default_strengths("part_of")
    assert parent_moves_unit > unit_moves_parent
    leader_moves_organisation, organisation_moves_leader = default_strengths("leads")
    assert leader_moves_organisation > organisation_moves_leader > 0


@pytest.mark.parametrize(
    ("direction", "written_back", "expected"),
    [(None, 0.1, 0.1), (None, 0.0, 0.0), ("directed", 0.3, 0.3), ("mutual", None, 0.8), ("directed", None, 0.0)],
)
def test_back_strength_follows_what_the_row_writes(
    direction: str | None, written_back: float | None, expected: float
) -> None:
    member_of = next(k for k in RELATIONSHIP_KINDS if k.name == "member_of")
    assert back_strength(member_of, 0.8, direction, written_back) == expected
    assert back_strength(member_of, 0.8, None, None) == 1.0  # 0.8 x 1.5, capped


def test_every_kind_has_a_colour() -> None:
    assert set(KIND_COLOURS) == {kind.name for kind in ACTOR_KINDS}
    assert set(RELATIONSHIP_COLOURS) == {kind.name for kind in RELATIONSHIP_KINDS}
