"""The standard network views: each against networkx or a hand-computed reference."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.analysis.structure import (
    actor_structure,
    brokerage_roles,
    closeness_centrality,
    degree_centralisation,
    network_summary,
    power_interest_grid,
    stand_ins,
    undirected_graph,
)
from mapping.model import Actor, Relationship, StakeholderMap


def both_ways(source: str, target: str, strength: float = 1.0) -> Relationship:
    return Relationship(source, target, "dialogue", strength, strength_back=strength)


def karate_map() -> StakeholderMap:
    """Zachary's karate club, every friendship a tie of strength 1 both ways."""
    karate = nx.karate_club_graph()
    return StakeholderMap(
        [Actor(f"k{n:02d}", f"K{n}", "business") for n in karate],
        [both_ways(f"k{u:02d}", f"k{v:02d}") for u, v in karate.edges],
    )


def test_summary_of_a_hand_map() -> None:
    """a <-> b and b -> c: 3 of 6 ordered pairs tied, 2 of the 3 ties reciprocated; d alone."""
    actors = [Actor(x, x.upper(), "business") for x in "abcd"]
    smap = StakeholderMap(actors, [both_ways("a", "b"), Relationship("b", "c", "influences", 0.5)])
    summary = network_summary(smap)
    assert summary.actors == 4 and summary.directed_ties == 3
    assert summary.density == pytest.approx(3 / 12)
    assert summary.reciprocity == pytest.approx(2 / 3)
    assert summary.components == 2 and summary.largest_component == 3


def test_summary_equals_networkx_on_the_kenya_sample(kenya_map: StakeholderMap) -> None:
    network = influence_network(kenya_map)
    summary = network_summary(kenya_map, network=network)
    assert summary.density == pytest.approx(nx.density(network.graph))
    assert summary.reciprocity == pytest.approx(nx.reciprocity(network.graph))
    assert summary.components == nx.number_connected_components(network.graph.to_undirected())


def test_freeman_centralisation_of_a_path_of_four() -> None:
    """Degrees 1, 2, 2, 1: (1 + 0 + 0 + 1) / (3 x 2) = 1/3."""
    assert degree_centralisation(nx.path_graph(4)) == pytest.approx(1 / 3)


def test_karate_club_centralities_equal_networkx_and_the_known_values() -> None:
    smap = karate_map()
    measures = actor_structure(smap)
    karate = nx.relabel_nodes(nx.Graph(nx.karate_club_graph().edges), lambda n: f"k{n:02d}")
    assert measures["k33"].degree == pytest.approx(17 / 33)  # the officer, 17 friends of 33
    assert measures["k00"].degree == pytest.approx(16 / 33)  # the instructor
    closeness = nx.closeness_centrality(karate)
    eigenvector = nx.eigenvector_centrality(karate, max_iter=1000, tol=1e-9)
    constraint = nx.constraint(karate)
    effective = nx.effective_size(karate)
    for actor, row in measures.items():
        assert row.closeness == pytest.approx(closeness[actor])
        assert row.eigenvector == pytest.approx(eigenvector[actor], abs=1e-6)
        assert row.constraint == pytest.approx(constraint[actor])
        assert row.effective_size == pytest.approx(effective[actor])


def test_burt_measures_of_a_star_centre_are_the_textbook_values() -> None:
    """A centre with three unconnected contacts: effective size 3, constraint 3 x (1/3)^2 = 1/3."""
    actors = [Actor(x, x, "business") for x in ("centre", "a", "b", "c")]
    measures = actor_structure(StakeholderMap(actors, [both_ways("centre", x, 0.6) for x in "abc"]))
    assert measures["centre"].effective_size == pytest.approx(3.0)
    assert measures["centre"].constraint == pytest.approx(1 / 3)
    assert measures["a"].constraint == pytest.approx(1.0)


def test_an_actor_with_no_ties_has_no_burt_measures() -> None:
    actors = [Actor(x, x, "business") for x in "abc"]
    measures = actor_structure(StakeholderMap(actors, [both_ways("a", "b")]))
    assert measures["c"].constraint is None and measures["c"].effective_size is None
    assert measures["c"].degree == 0 and measures["c"].closeness == 0


def test_closeness_equals_networkx_on_a_map_in_pieces(kenya_map: StakeholderMap) -> None:
    pieces = nx.Graph([(1, 2), (2, 3), (4, 5)])
    pieces.add_node(6)
    assert closeness_centrality(pieces) == pytest.approx(nx.closeness_centrality(pieces))
    undirected = undirected_graph(influence_network(kenya_map))
    assert closeness_centrality(undirected) == pytest.approx(nx.closeness_centrality(undirected))


def test_gould_fernandez_roles_in_a_hand_example_with_every_role() -> None:
    """B brokers each two-step path through it; the groups of the ends name the role."""
    group = {"B": "firm", "f1": "firm", "f2": "firm", "n1": "ngo", "n2": "ngo", "g": "state", "m": "media"}
    paths = [
        ("f1", "f2"),  # firm -> firm through a firm: coordinator
        ("n1", "n2"),  # ngo -> ngo through a firm: itinerant
        ("n1", "f1"),  # ngo into the firms: gatekeeper
        ("f2", "g"),  # the firms out to the state: representative
        ("g", "m"),  # state to media through a firm: liaison
    ]
    graph = nx.DiGraph([edge for source, target in paths for edge in ((source, "B"), ("B", target))])
    counts = brokerage_roles(graph, group)["B"]
    # Every pair of in- and out-neighbours is a path: count them all by hand.
    sources, targets = ["f1", "n1", "f2", "g"], ["f2", "n2", "f1", "g", "m"]
    expected = {"coordinator": 0, "itinerant": 0, "gatekeeper": 0, "representative": 0, "liaison": 0}
    for source in sources:
        for target in targets:
            if source == target:
                continue
            a, c = group[source], group[target]
            role = (
                "coordinator"
                if a == c == "firm"
                else "itinerant"
                if a == c
                else "gatekeeper"
                if c == "firm"
                else "representative"
                if a == "firm"
                else "liaison"
            )
            expected[role] += 1
    assert counts == expected
    assert all(counts[role] >= 1 for role in expected)


def test_a_direct_tie_means_no_brokerage() -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    assert sum(brokerage_roles(graph, dict.fromkeys("abc", "x"))["b"].values()) == 0


def test_two_actors_with_the_same_ties_stand_in_for_each_other() -> None:
    actors = [Actor(x, x, "business") for x in ("twin1", "twin2", "a", "b", "c", "other")]
    ties = [both_ways(t, x, 0.5) for t in ("twin1", "twin2") for x in "ab"]
    ties += [both_ways("other", "c", 0.5), both_ways("other", "a", 0.2)]
    (first, second) = stand_ins(StakeholderMap(actors, ties), "twin1", top=2)
    assert first.id == "twin2" and first.similarity == pytest.approx(1.0) and first.shared == 4
    assert second.similarity < 1


def test_on_the_2008_slice_the_au_panel_could_stand_in_for_kepsa(kenya_map: StakeholderMap) -> None:
    """Both talked to both sides in early 2008; KEPSA's own campaign and people never count as stand-ins."""
    found = stand_ins(kenya_map, "kepsa", InfluenceOptions(as_of=dt.date(2008, 2, 1)))
    assert found[0].id == "au_panel"
    everything = [s.id for s in stand_ins(kenya_map, "kepsa", top=90)]
    assert "mkenya_daima" not in everything and "chair_kepsa" not in everything


def test_power_interest_grid_uses_ratings_and_marks_estimates() -> None:
    actors = [
        Actor("rated", "Rated", "business", influence=4, interest=2),
        Actor("champion", "Champion", "association", influence=2, stance="champion"),
        Actor("opposed", "Opposed", "political", influence=5, stance="opposed"),
        Actor("unrated", "Unrated", "business"),
    ]
    grid = {p.id: p for p in power_interest_grid(StakeholderMap(actors, []))}
    assert (grid["rated"].interest, grid["rated"].interest_estimated, grid["rated"].quadrant) == (
        2.0,
        False,
        "keep satisfied",
    )
    assert (grid["champion"].interest, grid["champion"].interest_estimated) == (5.0, True)
    assert grid["champion"].quadrant == "keep informed"
    assert grid["opposed"].quadrant == "manage closely"
    assert grid["unrated"].power is None and grid["unrated"].quadrant == "influence not rated"


def test_measures_follow_the_as_of_date(kenya_map: StakeholderMap) -> None:
    day = dt.date(2008, 2, 1)
    measures = actor_structure(kenya_map, InfluenceOptions(as_of=day))
    assert set(measures) == {a.id for a in kenya_map.actors if a.in_force(day)}
    assert network_summary(kenya_map, InfluenceOptions(as_of=day)).actors == len(measures)
