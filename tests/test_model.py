"""The StakeholderMap model: implied ties, accessors, content hash."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mapping.load import LoadResult
from mapping.model import StakeholderMap
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
}
TIE_CHANGES = {
    "strength": 0.25,
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
    if field in ("last_verified", "since", "until"):
        value = PartialDate(*(int(part) for part in value.split("-")))
    if record == "actor":
        actors[0] = dataclasses.replace(actors[0], **{field: value})
    else:
        ties[0] = dataclasses.replace(ties[0], **{field: value})
    assert StakeholderMap(actors, ties).content_hash() != base


def test_map_refuses_unvalidated_records() -> None:
    from mapping.model import Actor, Relationship

    with pytest.raises(ValueError):
        StakeholderMap([Actor("a", "A", "business"), Actor("a", "A2", "business")], [])
    with pytest.raises(ValueError):
        StakeholderMap([Actor("a", "A", "business")], [Relationship("a", "b", "funds", 0.5)])
