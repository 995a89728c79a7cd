"""Convening power: members, members of member bodies at any depth, organisations led by its people."""

from __future__ import annotations

import pytest

from mapping.analysis.convening import DEFAULT_INFLUENCE, Convening
from mapping.analysis.convening import convening_power as convening_of_network
from mapping.analysis.influence import CONFIDENCE_FACTORS, InfluenceOptions, influence_network
from mapping.model import Actor, Relationship, StakeholderMap


def member(source: str, target: str, **fields: object) -> Relationship:
    return Relationship(source, target, "member_of", 0.5, "mutual", **fields)


def convening_power(smap: StakeholderMap, options: InfluenceOptions | None = None) -> dict[str, Convening]:
    """Convening power over the ties that count under the options."""
    return convening_of_network(smap, influence_network(smap, options or InfluenceOptions()))


@pytest.fixture
def umbrella_map() -> StakeholderMap:
    """An umbrella body of associations, with a chair who also leads a foundation.

    apex <- assoc1 (4), firm_x (3)                      direct members
    assoc1 <- firm1 (5), firm2 (unrated), assoc2 (2)   members of a member body
    assoc2 <- firm3 (1)                                 two levels down
    chair (top, parent apex) leads foundation (4)       led by its people
    firm4 -| apex                                       a negative membership: not counted
    """
    actors = [
        Actor("apex", "Apex Alliance", "association", influence=5),
        Actor("assoc1", "Manufacturers Association", "association", influence=4),
        Actor("firm_x", "Firm X", "business", influence=3),
        Actor("firm1", "Firm One", "business", influence=5),
        Actor("firm2", "Firm Two", "business"),
        Actor("assoc2", "Small Traders Association", "association", influence=2),
        Actor("firm3", "Firm Three", "business", influence=1),
        Actor("firm4", "Firm Four", "business", influence=5),
        Actor("foundation", "Peace Foundation", "civil_society", influence=4),
        Actor("chair", "Chair, Apex Alliance", "person", parent="apex", seniority="top", influence=4),
    ]
    ties = [
        member("assoc1", "apex"),
        member("firm_x", "apex"),
        member("firm1", "assoc1"),
        member("firm2", "assoc1"),
        member("assoc2", "assoc1"),
        member("firm3", "assoc2"),
        member("firm4", "apex", sign="-"),
        Relationship("chair", "foundation", "leads", 0.9, "mutual"),
    ]
    return StakeholderMap(actors, ties)


def test_umbrella_body_convenes_members_of_members_and_what_its_people_lead(umbrella_map: StakeholderMap) -> None:
    apex = convening_power(umbrella_map)["apex"]
    assert set(apex.direct_members) == {"assoc1", "firm_x"}
    assert set(apex.indirect_members) == {"firm1", "firm2", "assoc2", "firm3"}
    assert set(apex.member_bodies) == {"assoc1", "assoc2"}
    assert apex.led_by_its_people == ("foundation",)
    assert apex.reached == 7
    # (4 + 3) / 5 + (5 + 2.5 + 2 + 1) / 5 + 4 / 5, unrated firm2 counting 2.5
    assert apex.power == pytest.approx(0.8 + 0.6 + 1.0 + 0.5 + 0.4 + 0.2 + 0.8)
    assert apex.power == pytest.approx(4.3)


def test_a_mid_level_body_convenes_only_what_is_below_it(umbrella_map: StakeholderMap) -> None:
    power = convening_power(umbrella_map)
    assert power["assoc1"].power == pytest.approx((5 + DEFAULT_INFLUENCE + 2 + 1) / 5)
    assert power["assoc2"].power == pytest.approx(1 / 5)
    assert power["firm1"].power == 0.0
    assert power["firm3"].reached == 0


def test_the_person_brings_the_foundation_not_the_body_itself(umbrella_map: StakeholderMap) -> None:
    apex = convening_power(umbrella_map)["apex"]
    assert "apex" not in apex.led_by_its_people + apex.direct_members + apex.indirect_members


def test_a_removed_actor_is_not_convened(umbrella_map: StakeholderMap) -> None:
    without = convening_power(umbrella_map, InfluenceOptions(removed_actors=frozenset({"assoc2"})))
    # assoc2 and firm3 (reached only through assoc2) are gone: 4.3 - 0.4 - 0.2.
    assert without["apex"].power == pytest.approx(3.7)
    assert without["assoc2"].power == 0.0


def test_membership_cycles_are_counted_once() -> None:
    smap = StakeholderMap(
        [Actor("a", "A", "association", influence=5), Actor("b", "B", "association", influence=5)],
        [member("a", "b"), member("b", "a")],
    )
    power = convening_power(smap)
    assert power["a"].power == power["b"].power == pytest.approx(1.0)


def test_every_actor_gets_a_value() -> None:
    smap = StakeholderMap([Actor("lonely", "Lonely", "business")], [])
    assert convening_power(smap)["lonely"].power == 0.0
    assert convening_power(smap)["lonely"].describe() == "no members"


def test_convening_is_the_same_with_and_without_confidence_weighting(kenya_map: StakeholderMap) -> None:
    """Weighting changes how strong ties are, never whether they count: convening ignores strengths."""
    assert all(factor > 0 for factor in CONFIDENCE_FACTORS.values())
    weighted = convening_power(kenya_map, InfluenceOptions(weight_by_confidence=True))
    assert weighted == convening_power(kenya_map, InfluenceOptions())
