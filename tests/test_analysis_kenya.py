"""The Kenya 2008-2013 sample reproduces the seed story.

When civil-society and faith leaders lost their standing as go-betweens in 2008,
the umbrella business body (KEPSA) was among the few actors both political
coalitions would talk to. On the sample map that shows as KEPSA brokering the
routes between the coalitions, and as KEPSA ranking first for engagement.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.analysis.brokerage import brokers_between
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.analysis.paths import PathQuery, strongest_paths
from mapping.analysis.ranking import rank_actors
from mapping.analysis.scenarios import PRESET_SCENARIOS, compare_scenario
from mapping.model import StakeholderMap

LOSE_STANDING = PRESET_SCENARIOS["civil_society_and_faith_lose_standing"]


def top_brokers(shares: dict[str, float], smap: StakeholderMap) -> set[str]:
    """The organisations with the largest share (people relay for their parties, so they are left aside)."""
    organisations = {actor: share for actor, share in shares.items() if not smap.actor(actor).is_person}
    best = max(organisations.values())
    return {actor for actor, share in organisations.items() if share == best and share > 0}


def test_without_civil_society_and_faith_kepsa_brokers_between_the_coalitions(kenya_map: StakeholderMap) -> None:
    options = LOSE_STANDING.apply(kenya_map)
    assert not {a.id for a in kenya_map.actors if a.kind in ("civil_society", "faith")} & set(
        influence_network(kenya_map, options).actors
    )
    shares = brokers_between(influence_network(kenya_map, options), kenya_map, {"pnu"}, {"odm"})
    assert shares["kepsa"] == max(shares.values())
    assert top_brokers(shares, kenya_map) == {"kepsa"}


@pytest.mark.parametrize("day", [None, dt.date(2008, 2, 15)], ids=["whole period", "February 2008"])
def test_kepsa_brokers_between_all_political_actors(kenya_map: StakeholderMap, day: dt.date | None) -> None:
    options = LOSE_STANDING.apply(kenya_map, InfluenceOptions(as_of=day))
    graph = influence_network(kenya_map, options)
    political = {a.id for a in kenya_map.actors_of_kind("political")}
    shares = brokers_between(graph, kenya_map, political, political)
    assert shares["kepsa"] == max(shares.values()) > 0
    assert "kepsa" in top_brokers(shares, kenya_map)


def test_the_strongest_route_between_the_coalitions_runs_through_kepsa(kenya_map: StakeholderMap) -> None:
    query = PathQuery(k=1, influence=LOSE_STANDING.apply(kenya_map))
    for source, target in (("pnu", "odm"), ("odm", "pnu")):
        (path,) = strongest_paths(kenya_map, source, target, query)
        assert "kepsa" in path.brokers


def test_scenario_comparison_names_kepsa_between_the_coalitions(kenya_map: StakeholderMap) -> None:
    comparison = compare_scenario(kenya_map, LOSE_STANDING, groups=({"pnu"}, {"odm"}))
    organisations = [row for row in comparison.brokers_between_groups if not kenya_map.actor(row[0]).is_person]
    assert organisations[0][0] == "kepsa"


def test_kepsa_ranks_first_for_engagement_with_default_settings(kenya_map: StakeholderMap) -> None:
    ranking = rank_actors(kenya_map)
    first = ranking.actors[0]
    assert first.id == "kepsa"
    assert first.reason
    assert first.components["brokerage"] == max(row.components["brokerage"] for row in ranking.actors)


def test_kepsa_stays_first_when_civil_society_and_faith_lose_standing(kenya_map: StakeholderMap) -> None:
    comparison = compare_scenario(kenya_map, LOSE_STANDING)
    assert comparison.changed.actors[0].id == "kepsa"
    removed = {c.id for c in comparison.ranks if c.scenario_rank is None}
    assert removed == {a.id for a in kenya_map.actors if a.kind in ("civil_society", "faith")}
