"""Scenarios: removing and weakening actors and kinds, compared with the base map."""

from __future__ import annotations

import pytest

from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.analysis.paths import InfluencePath, Step
from mapping.analysis.ranking import RankingQuery
from mapping.analysis.scenarios import (
    PRESET_SCENARIOS,
    PathChange,
    RankChange,
    Scenario,
    ScenarioComparison,
    compare_scenario,
)
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, kind: str = "influences") -> Relationship:
    return Relationship(source, target, kind, strength)


@pytest.fixture
def smap() -> StakeholderMap:
    """Four routes from us to the ministry.

    via alpha (association) 0.8 x 0.5 = 0.40; via ngo (civil society) 0.6 x 0.6 = 0.36;
    via church (faith) 0.5 x 0.5 = 0.25; via beta (business) 0.3 x 0.3 = 0.09.
    """
    actors = [
        Actor("us", "Our Network", "prevention_network"),
        Actor("gov", "Ministry of Interior", "government"),
        Actor("alpha", "Alpha Chamber", "association", stance="champion"),
        Actor("ngo", "Peace NGO", "civil_society", stance="champion"),
        Actor("church", "Council of Churches", "faith", stance="supportive"),
        Actor("beta", "Beta Bank", "business"),
    ]
    ties = [
        tie("us", "alpha", 0.8),
        tie("alpha", "gov", 0.5),
        tie("us", "ngo", 0.6),
        tie("ngo", "gov", 0.6),
        tie("us", "church", 0.5),
        tie("church", "gov", 0.5),
        tie("us", "beta", 0.3),
        tie("beta", "gov", 0.3),
    ]
    return StakeholderMap(actors, ties)


QUERY = RankingQuery(us=("us",))


def only_path(comparison: ScenarioComparison) -> PathChange:
    assert len(comparison.paths) == 1
    return comparison.paths[0]


def test_removing_the_best_broker_weakens_the_route(smap: StakeholderMap) -> None:
    comparison = compare_scenario(smap, Scenario(remove_actors=frozenset({"alpha"})), QUERY)
    change = only_path(comparison)
    assert (change.source, change.target) == ("us", "gov")
    assert change.before.actor_ids == ("us", "alpha", "gov")
    assert change.after.actor_ids == ("us", "ngo", "gov")
    assert change.after.strength == pytest.approx(0.36)
    assert change.status == "weakened"


def test_removed_actors_drop_out_of_the_ranking(smap: StakeholderMap) -> None:
    comparison = compare_scenario(smap, Scenario(remove_actors=frozenset({"alpha"})), QUERY)
    changes = {c.id: c for c in comparison.ranks}
    assert set(changes) == {row.id for row in comparison.base.actors}
    assert changes["alpha"].scenario_rank is None
    assert changes["alpha"].moved is None
    assert changes["alpha"].scenario_score == 0.0
    after = comparison.changed.by_id()
    assert "alpha" not in after
    for change in comparison.ranks:
        if change.id != "alpha":
            assert change.scenario_rank == after[change.id].rank
            assert change.moved == change.base_rank - change.scenario_rank
    # With alpha gone, the NGO becomes the best way to the ministry and climbs.
    assert changes["ngo"].moved > 0


def test_removing_every_broker_loses_the_route(smap: StakeholderMap) -> None:
    scenario = Scenario(remove_actors=frozenset({"alpha", "beta"}), remove_kinds=frozenset({"civil_society", "faith"}))
    change = only_path(compare_scenario(smap, scenario, QUERY))
    assert change.after is None
    assert change.status == "lost"


def test_removing_kinds_keeps_a_route_that_does_not_need_them(smap: StakeholderMap) -> None:
    comparison = compare_scenario(smap, PRESET_SCENARIOS["civil_society_and_faith_lose_standing"], QUERY)
    assert only_path(comparison).status == "unchanged"
    assert {c.id for c in comparison.ranks if c.scenario_rank is None} == {"ngo", "church"}


def test_new_critical_brokers_appear_when_the_alternatives_go(smap: StakeholderMap) -> None:
    # Base: without alpha we still reach the ministry at 0.36 (a drop of 0.04): not critical.
    # Without civil society and faith, losing alpha leaves 0.09: a drop of 0.31, over half of 0.40.
    comparison = compare_scenario(smap, PRESET_SCENARIOS["civil_society_and_faith_lose_standing"], QUERY)
    assert comparison.new_critical_brokers == {("us", "gov"): ("alpha",)}
    unchanged = compare_scenario(smap, Scenario(remove_actors=frozenset({"beta"})), QUERY)
    assert unchanged.new_critical_brokers == {}


def test_weakening_an_actor_multiplies_its_ties(smap: StakeholderMap) -> None:
    change = only_path(compare_scenario(smap, Scenario(weaken_actors={"alpha": 0.5}), QUERY))
    assert change.after.actor_ids == ("us", "ngo", "gov")
    assert change.status == "weakened"
    weakened = influence_network(smap, Scenario(weaken_actors={"alpha": 0.5}).apply(smap)).graph
    assert weakened["us"]["alpha"]["strength"] == pytest.approx(0.4)
    assert weakened["alpha"]["gov"]["strength"] == pytest.approx(0.25)


def test_weakening_kinds_multiplies_the_ties_of_every_actor_of_the_kind(smap: StakeholderMap) -> None:
    scenario = PRESET_SCENARIOS["civil_society_and_faith_weakened"]
    options = scenario.apply(smap)
    assert dict(options.weakened) == {"ngo": 0.3, "church": 0.3}
    graph = influence_network(smap, options).graph
    assert graph["ngo"]["gov"]["strength"] == pytest.approx(0.18)
    assert graph["alpha"]["gov"]["strength"] == 0.5


def test_scenario_applies_on_top_of_the_base_options(smap: StakeholderMap) -> None:
    base = InfluenceOptions(removed_actors=frozenset({"beta"}), weakened=(("ngo", 0.5),), skip_low_confidence=True)
    scenario = Scenario(remove_kinds=frozenset({"faith"}), weaken_actors={"ngo": 0.5}, remove_ties=frozenset({0}))
    options = scenario.apply(smap, base)
    assert options.removed_actors == {"beta"}
    assert options.removed_kinds == {"faith"}
    assert options.removed_ties == {0}
    assert dict(options.weakened) == {"ngo": 0.25}
    assert options.skip_low_confidence
    assert scenario.removes(smap, "church") and not scenario.removes(smap, "ngo")


def test_scenarios_see_the_query_options(smap: StakeholderMap) -> None:
    query = RankingQuery(us=("us",), influence=InfluenceOptions(removed_actors=frozenset({"ngo", "church", "beta"})))
    comparison = compare_scenario(smap, Scenario(remove_actors=frozenset({"alpha"})), query)
    assert only_path(comparison).status == "lost"


def test_without_us_there_are_no_routes_to_compare(smap: StakeholderMap) -> None:
    comparison = compare_scenario(smap, Scenario(remove_actors=frozenset({"alpha"})))
    assert comparison.paths == ()
    assert comparison.new_critical_brokers == {}
    assert comparison.ranks


def test_brokers_between_groups_before_and_after(smap: StakeholderMap) -> None:
    mutual = StakeholderMap(
        smap.actors,
        [Relationship(r.source, r.target, "dialogue", r.strength, "mutual") for r in smap.relationships],
    )
    # alpha - us - ngo (0.48) beats alpha - gov - ngo (0.30); without us, the ministry carries every route.
    comparison = compare_scenario(mutual, Scenario(remove_actors=frozenset({"us"})), groups=({"alpha"}, {"ngo"}))
    assert comparison.brokers_between_groups == (("gov", 0.0, 1.0),)
    kept = compare_scenario(mutual, Scenario(remove_actors=frozenset({"beta"})), groups=({"alpha"}, {"ngo"}))
    assert kept.brokers_between_groups == (("us", 1.0, 1.0),)


def step(actor: str, strength: float) -> Step:
    return Step(actor, actor.upper(), "influences", strength)


def route(*hops: tuple[str, float]) -> InfluencePath:
    return InfluencePath("us", "US", tuple(step(actor, strength) for actor, strength in hops))


@pytest.mark.parametrize(
    ("before", "after", "status"),
    [
        (None, None, "none"),
        (None, route(("t", 0.5)), "gained"),
        (route(("t", 0.5)), None, "lost"),
        (route(("a", 0.8), ("t", 0.5)), route(("b", 0.5), ("t", 0.5)), "weakened"),
        (route(("a", 0.5), ("t", 0.5)), route(("b", 0.8), ("t", 0.5)), "strengthened"),
        (route(("a", 0.5), ("t", 0.5)), route(("b", 0.5), ("t", 0.5)), "rerouted"),
        (route(("a", 0.5), ("t", 0.5)), route(("a", 0.5), ("t", 0.5)), "unchanged"),
    ],
)
def test_path_change_status(before: InfluencePath | None, after: InfluencePath | None, status: str) -> None:
    assert PathChange("us", "t", before, after).status == status


def test_rank_change_counts_places_gained() -> None:
    assert RankChange("a", "A", 5, 2, 0.3, 0.6).moved == 3
    assert RankChange("a", "A", 2, 5, 0.6, 0.3).moved == -3
    assert RankChange("a", "A", 2, None, 0.6, 0.0).moved is None


@pytest.mark.parametrize("factor", [0.0, -0.5, 1.5])
def test_scenario_refuses_factors_outside_zero_to_one(factor: float) -> None:
    with pytest.raises(ValueError, match="above 0 and at most 1"):
        Scenario(weaken_kinds={"civil_society": factor})


def test_two_dates_are_compared_on_fixed_scales(kenya_map: StakeholderMap) -> None:
    import datetime as dt

    from mapping.analysis.scenarios import compare_dates

    query = RankingQuery(us=("kepsa",))
    comparison = compare_dates(kenya_map, query, dt.date(2008, 2, 1), dt.date(2013, 2, 15))
    assert comparison.before.options.as_of == dt.date(2008, 2, 1)
    assert comparison.after.options.as_of == dt.date(2013, 2, 15)
    by_id = {c.id: c for c in comparison.ranks}
    for row in comparison.after.actors:  # every channel of the second day is in the comparison
        assert by_id[row.id].scenario_rank == row.rank
        assert by_id[row.id].scenario_score == pytest.approx(row.score)
    assert {c.id for c in comparison.ranks if c.base_rank is None} == (
        {row.id for row in comparison.after.actors} - {row.id for row in comparison.before.actors}
    )
