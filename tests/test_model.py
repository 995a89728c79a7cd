"""The StakeholderMap model: implied ties, accessors, content hash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mapping.load import LoadResult
from mapping.model import Actor, Relationship, StakeholderMap, trailing_acronym
from mapping.values import PartialDate
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS


def test_parent_implies_a_leads_tie_for_top_people_and_employs_for_csr(small_map: StakeholderMap) -> None:
    implied = [(r.source, r.target, r.kind, r.direction) for r in small_map.relationships if r.implied]
    assert implied == [("chair", "umbrella", "leads", "mutual"), ("telco", "csr", "employs", "mutual")]
    assert len(small_map.explicit_relationships) == 8


def test_parent_implies_nothing_when_a_tie_is_already_written(load_text: Callable[..., LoadResult]) -> None:
    result = load_text(relationships=SMALL_RELATIONSHIPS + "chair,umbrella,leads,0.95,,,high,,\n")
    assert result.map is not None
    leads = [r for r in result.map.relationships if r.kind == "leads"]
    assert [(r.strength, r.implied) for r in leads] == [(0.95, False)]


def test_accessors(small_map: StakeholderMap) -> None:
    assert [a.id for a in small_map.members_of("chamber")] == ["telco", "bank"]
    assert [a.id for a in small_map.leaders_of("umbrella")] == ["chair"]
    assert [a.id for a in small_map.actors_of_kind("political")] == ["party_a", "party_b"]
    assert small_map.actor_counts_by_kind()["person"] == 2
    assert small_map.relationship_counts_by_kind()["dialogue"] == 3


def test_find_by_id_name_or_loose_spelling(small_map: StakeholderMap) -> None:
    assert small_map.find("telco").id == "telco"
    assert small_map.find("Chamber of Commerce").id == "chamber"
    assert small_map.find("  chamber OF commerce ").id == "chamber"
    assert small_map.find("Nobody") is None
    assert small_map.suggest("Chamber of Comerce")[0] == "Chamber of Commerce"


def test_content_hash_is_stable_and_ignores_row_order_and_title(load_text: Callable[..., LoadResult]) -> None:
    first = load_text().map
    header, *rows = SMALL_ACTORS.strip().split("\n")
    shuffled = "\n".join([header, *reversed(rows)]) + "\n"
    second = load_text(shuffled).map
    assert first.content_hash() == second.content_hash()
    assert len(first.content_hash()) == 64
    changed = load_text(SMALL_ACTORS.replace("Telco Ltd", "Telco plc")).map
    assert changed.content_hash() != first.content_hash()


# A different value for every field that may change freely (ids, kinds and directions must stay valid).
ACTOR_CHANGES = {
    "name": "A\nB",
    "subtype": "bank",
    "sector": "finance",
    "country": "KE",
    "region": "Rift Valley",
    "role": "chair",
    "seniority": "top",
    "influence": 4.0,
    "stance": "supportive",
    "integrity": 3.0,
    "neutrality": 2.0,
    "phases": ("acute",),
    "capabilities": ("convening",),
    "engagement_status": "engaged",
    "notes": "n",
    "source": "s",
    "last_verified": "2008-02",
    "risk_factors": (("8.7", "mitigator"),),
    "attributes": (("x", "y"),),
    "interest": 2.0,
    "active_from": "2012-01-30",
    "active_until": "2013",
    "short_name": "AB",
}
TIE_CHANGES = {
    "strength": 0.25,
    "strength_back": 0.75,
    "since": "2008",
    "until": "2013-03",
    "notes": "n",
    "source_ref": "r",
    "risk_factors": (("8.7", "mitigator"),),
    "implied": True,
    "attributes": (("x", "y"),),
}


@pytest.mark.parametrize(("record", "field"), [("actor", f) for f in ACTOR_CHANGES] + [("tie", f) for f in TIE_CHANGES])
def test_content_hash_changes_with_every_field(record: str, field: str) -> None:
    import dataclasses

    from mapping.model import Actor, Relationship
    from mapping.values import PartialDate

    actors = [Actor("a", "A", "business"), Actor("b", "B", "association")]
    ties = [Relationship("a", "b", "member_of", 0.5)]
    base = StakeholderMap(actors, ties).content_hash()
    value = (ACTOR_CHANGES if record == "actor" else TIE_CHANGES)[field]
    if field in ("last_verified", "since", "until", "active_from", "active_until"):
        value = PartialDate(*(int(part) for part in value.split("-")))
    if record == "actor":
        actors[0] = dataclasses.replace(actors[0], **{field: value})
    else:
        ties[0] = dataclasses.replace(
            ties[0], **{field: value}, **({"direction": None} if field == "strength_back" else {})
        )
    assert StakeholderMap(actors, ties).content_hash() != base


@pytest.mark.parametrize(
    ("fields", "back", "direction"),
    [
        ({}, 0.0, "directed"),
        ({"direction": "directed"}, 0.0, "directed"),
        ({"direction": "mutual"}, 0.5, "mutual"),
        ({"strength_back": 0.2}, 0.2, "mutual"),
        ({"strength_back": 0.0}, 0.0, "directed"),
        ({"strength_back": 0.2, "direction": "mutual"}, 0.2, "mutual"),
    ],
)
def test_a_tie_resolves_its_back_strength_and_direction_together(fields: dict, back: float, direction: str) -> None:
    from mapping.model import Relationship

    tie = Relationship("a", "b", "member_of", 0.5, **fields)
    assert (tie.strength_back, tie.direction, tie.is_mutual) == (back, direction, back > 0)


@pytest.mark.parametrize(
    "fields", [{"direction": "directed", "strength_back": 0.2}, {"direction": "mutual", "strength_back": 0.0}]
)
def test_a_tie_whose_direction_contradicts_its_back_strength_is_a_programming_error(fields: dict) -> None:
    import dataclasses

    from mapping.model import Relationship

    with pytest.raises(ValueError, match="cannot have strength_back"):
        Relationship("a", "b", "member_of", 0.5, **fields)
    with pytest.raises(ValueError):  # a replace that changes one without the other is caught too
        dataclasses.replace(Relationship("a", "b", "member_of", 0.5, direction="mutual"), direction="directed")


def test_map_refuses_unvalidated_records() -> None:
    from mapping.model import Actor, Relationship

    with pytest.raises(ValueError):
        StakeholderMap([Actor("a", "A", "business"), Actor("a", "A2", "business")], [])
    with pytest.raises(ValueError):
        StakeholderMap([Actor("a", "A", "business")], [Relationship("a", "b", "funds", 0.5)])


def test_a_map_as_of_a_day_keeps_what_was_in_force_and_no_tie_to_what_was_not() -> None:
    later = PartialDate(2012, 1, 30)
    smap = StakeholderMap(
        [
            Actor("kepsa", "KEPSA", "association"),
            Actor("campaign", "Campaign", "prevention_network", active_from=later),
            Actor("lead", "Campaign lead", "person", parent="campaign", seniority="top"),
        ],
        [
            Relationship("kepsa", "campaign", "partners_with", 0.9),
            Relationship("lead", "kepsa", "dialogue", 0.4, since=PartialDate(2008)),
            Relationship("lead", "kepsa", "advises", 0.4, until=PartialDate(2007)),
        ],
        "Kenya",
    )
    before = smap.as_of(dt.date(2008, 2, 1))
    assert before.title == "Kenya (as of 2008-02-01)"
    assert [a.id for a in before.actors] == ["kepsa", "lead"]
    assert before.actor("lead").parent is None
    assert [(r.source, r.kind) for r in before.relationships] == [("lead", "dialogue")]
    after = smap.as_of(dt.date(2013, 1, 1))
    assert len(after) == 3 and any(r.implied for r in after.relationships)


# --- short labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Kenya Private Sector Alliance (KEPSA)", "KEPSA"),
        ("Central Organisation of Trade Unions (COTU-K)", "COTU-K"),
        ("International Code of Conduct Association (ICoCA)", "ICoCA"),
        ("Investments & Mortgages Bank (I&M)", "I&M"),
        ("Kenya Association of Manufacturers (KAM) ", "KAM"),
        ("Mungiki (proscribed gang)", None),  # a space: a description, not an acronym
        ("Wells Fargo Ltd (Kenya)", None),  # one capital
        ("Office of the Prime Minister (2008-2013)", None),  # no capital
        ("Securex Agencies (K) Ltd", None),  # not at the end
        ("Council (A)", None),  # too short
        ("Forum (ABCDEFGHIJKLM)", None),  # too long
        ("UNDP Kenya", None),
    ],
)
def test_trailing_acronym_takes_only_a_plausible_acronym_in_the_last_bracket(name: str, acronym: str | None) -> None:
    assert trailing_acronym(name) == acronym


@pytest.mark.parametrize(
    ("actor", "label"),
    [
        (Actor("ncic", "National Cohesion and Integration Commission", "government", short_name="NCIC"), "NCIC"),
        (Actor("kepsa", "Kenya Private Sector Alliance (KEPSA)", "association"), "KEPSA"),
        (Actor("kepsa", "Kenya Private Sector Alliance (KEPSA)", "association", short_name="Alliance"), "Alliance"),
        (Actor("safaricom", "Safaricom", "business"), "Safaricom"),
        (
            Actor("chair", "Chair, Kenya Private Sector Alliance (KEPSA)", "person"),
            "Chair, Kenya Private Sector Alliance (KEPSA)",
        ),
        (Actor("aw", "Amina Wanjiru", "person", short_name="AW"), "AW"),
    ],
)
def test_the_short_label_is_the_written_short_name_else_the_acronym_else_the_name(actor: Actor, label: str) -> None:
    assert actor.short_label == label
