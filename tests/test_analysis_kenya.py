"""The Kenya 2008-2013 sample reproduces the seed story, on the days it happened.

When civil-society and faith leaders lost their standing as go-betweens in 2008,
the umbrella business body (KEPSA) was among the few actors both political
coalitions would talk to. On the sample map that shows as KEPSA carrying the
routes between the coalitions after it met both principals (18 January 2008)
and before the AU-led mediation began (22 January), and again before the 2013
election; during the mediation the Panel, whose ties run both ways, carries
them. KEPSA ranks first for engagement.

The seed story on its time slices (issue 16, point 9): as of 1 February 2008, with
a prevention network as us and the two coalitions as targets, the AU Panel and
KEPSA are among the top three brokers between the coalitions and nothing founded
later appears in any answer; as of 15 February 2013, toward Jubilee and CORD,
KEPSA and Safaricom are among the top engagement choices.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.analysis.brokerage import brokers_between
from mapping.analysis.coalitions import find_coalitions
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.analysis.leaders import rank_leaders
from mapping.analysis.paths import PathQuery, strongest_paths
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.analysis.scenarios import PRESET_SCENARIOS, compare_scenario
from mapping.model import StakeholderMap

LOSE_STANDING = PRESET_SCENARIOS["civil_society_and_faith_lose_standing"]


def top_brokers(shares: dict[str, float], smap: StakeholderMap) -> set[str]:
    """The organisations with the largest share (people relay for their parties, so they are left aside)."""
    organisations = {actor: share for actor, share in shares.items() if not smap.actor(actor).is_person}
    best = max(organisations.values())
    return {actor for actor, share in organisations.items() if share == best and share > 0}


BEFORE_THE_TALKS = dt.date(2008, 1, 20)  # KEPSA met both principals on 18 January; the talks began on 22 January
DURING_THE_TALKS = dt.date(2008, 2, 15)


def test_without_civil_society_and_faith_kepsa_brokers_between_the_coalitions(kenya_map: StakeholderMap) -> None:
    options = LOSE_STANDING.apply(kenya_map, InfluenceOptions(as_of=BEFORE_THE_TALKS))
    assert not {a.id for a in kenya_map.actors if a.kind in ("civil_society", "faith")} & set(
        influence_network(kenya_map, options).actors
    )
    shares = brokers_between(influence_network(kenya_map, options), kenya_map, {"pnu"}, {"odm"})
    assert shares["kepsa"] == max(shares.values())
    assert top_brokers(shares, kenya_map) == {"kepsa"}


def test_during_the_talks_the_mediator_carries_the_routes_and_kepsa_comes_next(kenya_map: StakeholderMap) -> None:
    """Mediation runs both ways (issue 16): the Panel brokers, and KEPSA is the next organisation between the sides."""
    options = LOSE_STANDING.apply(kenya_map, InfluenceOptions(as_of=DURING_THE_TALKS))
    shares = brokers_between(
        influence_network(kenya_map, options), kenya_map, {"pnu", "president_pnu"}, {"odm", "odm_leader"}
    )
    organisations = sorted(
        (a for a in shares if not kenya_map.actor(a).is_person and shares[a] > 0), key=lambda a: -shares[a]
    )
    assert organisations[:2] == ["au_panel", "kepsa"]


@pytest.mark.parametrize(
    "day", [BEFORE_THE_TALKS, dt.date(2013, 2, 15)], ids=["January 2008, before the talks", "February 2013"]
)
def test_kepsa_brokers_between_all_political_actors(kenya_map: StakeholderMap, day: dt.date) -> None:
    options = LOSE_STANDING.apply(kenya_map, InfluenceOptions(as_of=day))
    graph = influence_network(kenya_map, options)
    political = {a.id for a in kenya_map.actors_of_kind("political")}
    shares = brokers_between(graph, kenya_map, political, political)
    assert shares["kepsa"] == max(shares.values()) > 0
    assert "kepsa" in top_brokers(shares, kenya_map)


@pytest.mark.parametrize(("day", "broker"), [(BEFORE_THE_TALKS, "kepsa"), (DURING_THE_TALKS, "au_panel")])
def test_the_strongest_route_between_the_coalitions_runs_through_kepsa_then_the_mediator(
    kenya_map: StakeholderMap, day: dt.date, broker: str
) -> None:
    query = PathQuery(k=1, influence=LOSE_STANDING.apply(kenya_map, InfluenceOptions(as_of=day)))
    for source, target in (("pnu", "odm"), ("odm", "pnu")):
        (path,) = strongest_paths(kenya_map, source, target, query)
        assert broker in path.brokers


def test_scenario_comparison_names_kepsa_between_the_coalitions(kenya_map: StakeholderMap) -> None:
    query = RankingQuery(influence=InfluenceOptions(as_of=BEFORE_THE_TALKS))
    comparison = compare_scenario(kenya_map, LOSE_STANDING, query, groups=({"pnu"}, {"odm"}))
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


ACUTE = dt.date(2008, 2, 1)
ELECTION = dt.date(2013, 2, 15)
PNU_SIDE = frozenset({"pnu", "president_pnu"})
ODM_SIDE = frozenset({"odm", "odm_leader"})
PREVENTION_NETWORK_2008 = "nsc"  # the National Steering Committee on Peacebuilding (2001); Uwiano came in 2010


def acute_query() -> RankingQuery:
    return RankingQuery(
        us=(PREVENTION_NETWORK_2008,),
        targets=tuple(sorted(PNU_SIDE | ODM_SIDE)),
        influence=InfluenceOptions(as_of=ACUTE),
    )


def test_as_of_february_2008_the_au_panel_and_kepsa_are_among_the_top_three_brokers_between_the_coalitions(
    kenya_map: StakeholderMap,
) -> None:
    network = influence_network(kenya_map, InfluenceOptions(as_of=ACUTE))
    shares = brokers_between(network, kenya_map, PNU_SIDE, ODM_SIDE)
    top_three = sorted(shares, key=lambda actor: (-shares[actor], actor))[:3]
    assert {"au_panel", "kepsa"} <= set(top_three)


def test_as_of_february_2008_nothing_founded_later_appears_in_any_answer(kenya_map: StakeholderMap) -> None:
    later = {a.id for a in kenya_map.actors if not a.in_force(ACUTE)}
    assert {"uwiano", "mkenya_daima", "jubilee", "cord", "ncic"} <= later
    query = acute_query()
    network = influence_network(kenya_map, query.influence)
    ranking = rank_actors(kenya_map, query)
    leaders = rank_leaders(kenya_map, ranking, network)
    paths = [
        path
        for target in query.targets
        for path in strongest_paths(
            kenya_map, PREVENTION_NETWORK_2008, target, PathQuery(k=3, influence=query.influence)
        )
    ]
    shares = brokers_between(network, kenya_map, PNU_SIDE, ODM_SIDE)
    mentioned = (
        {row.id for row in ranking.actors}
        | {d.id for d in ranking.decision_makers}
        | {hop for d in ranking.decision_makers for hop in d.route}
        | set(ranking.not_connected)
        | {leader.id for leader in leaders}
        | {leader.organisation_id for leader in leaders if leader.organisation_id}
        | {step.actor_id for path in paths for step in path.steps}
        | {actor for actor, share in shares.items() if share > 0}
        | {m for c in find_coalitions(kenya_map, query.influence) for m in c.members}
    )
    assert ranking.actors and paths and leaders
    assert not mentioned & later
    texts = " ".join([*(row.reason for row in ranking.actors), *(leader.reason for leader in leaders)])
    assert not [kenya_map.actor(a).name for a in later if kenya_map.actor(a).name in texts]


def test_as_of_february_2013_kepsa_and_safaricom_are_among_the_top_choices_toward_jubilee_and_cord(
    kenya_map: StakeholderMap,
) -> None:
    query = RankingQuery(
        us=("uwiano",), targets=("jubilee", "jubilee_leader", "cord"), influence=InfluenceOptions(as_of=ELECTION)
    )
    top_five = [row.id for row in rank_actors(kenya_map, query).actors[:5]]
    assert top_five[0] == "kepsa"
    assert "safaricom" in top_five


def test_on_the_2008_slice_civil_society_and_faith_losing_standing_changes_the_answer(
    kenya_map: StakeholderMap,
) -> None:
    """What changes: the Concerned Citizens for Peace (4th) and the Inter-Religious Council (5th) leave the
    ranking, KEPSA's brokerage rises, the AU's falls, and the Kenya Bankers Association moves up into the top five.
    """
    comparison = compare_scenario(kenya_map, LOSE_STANDING, acute_query(), groups=(PNU_SIDE, ODM_SIDE))
    base, changed = comparison.base.by_id(), comparison.changed.by_id()
    ranks = {row.id: (row.base_rank, row.scenario_rank) for row in comparison.ranks}
    assert ranks["ccp"][1] is None and ranks["irck"][1] is None
    assert ranks["ccp"][0] <= 5 and ranks["irck"][0] <= 5
    assert changed["kepsa"].components["brokerage"] > base["kepsa"].components["brokerage"]
    assert changed["african_union"].components["brokerage"] < base["african_union"].components["brokerage"]
    assert ranks["kba"][1] <= 5 < ranks["kba"][0]
    assert comparison.changed.actors[0].id == "kepsa"
