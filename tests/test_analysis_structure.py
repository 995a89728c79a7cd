"""The standard network views: each against networkx or a hand-computed reference."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import numpy as np
import pytest

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.structure import (
    BROKERAGE_ROLES,
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
from mapping.schema import STANCES


def both_ways(source: str, target: str, strength: float = 1.0) -> Relationship:
    return Relationship(source, target, "dialogue", strength, strength_back=strength)


def karate_map() -> StakeholderMap:
    """Zachary's karate club, every friendship a tie of strength 1 both ways."""
    karate = nx.karate_club_graph()
    return StakeholderMap(
        [Actor(f"k{n:02d}", f"K{n}", "business") for n in karate],
        [both_ways(f"k{u:02d}", f"k{v:02d}") for u, v in karate.edges],
    )


def positive_ties_undirected(network: InfluenceNetwork) -> nx.Graph:
    """The README's undirected graph built here from the directed one: tied either way, the stronger strength."""
    graph = nx.Graph()
    graph.add_nodes_from(network.graph)
    for u, v, strength in network.graph.edges(data="strength"):
        graph.add_edge(u, v, weight=max(strength, graph.get_edge_data(u, v, {"weight": 0.0})["weight"]))
    return graph


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


def test_summary_of_the_karate_club() -> None:
    """78 friendships both ways: density as networkx's, every tie returned, one piece; the officer has 17."""
    karate = nx.karate_club_graph()
    summary = network_summary(karate_map())
    assert summary.directed_ties == 2 * 78
    assert summary.density == pytest.approx(nx.density(karate))
    assert summary.reciprocity == 1.0
    assert summary.components == 1 and summary.largest_component == 34
    assert summary.centralisation == pytest.approx(sum(17 - d for _, d in karate.degree) / (33 * 32))


def test_an_empty_map_has_a_summary_of_zeros_and_no_positions() -> None:
    empty = StakeholderMap([], [])
    assert network_summary(empty) == network_summary(StakeholderMap([], []))
    summary = network_summary(empty)
    assert (summary.actors, summary.directed_ties, summary.components, summary.largest_component) == (0, 0, 0, 0)
    assert summary.density == summary.reciprocity == summary.centralisation == 0.0
    assert actor_structure(empty) == {}
    assert power_interest_grid(empty) == [] and stand_ins(empty, "nobody") == []


def test_a_map_with_no_ties_has_zero_centrality_and_no_burt_measures() -> None:
    measures = actor_structure(StakeholderMap([Actor(x, x, "business") for x in "ab"], []))
    assert {m.degree for m in measures.values()} == {0.0} and {m.eigenvector for m in measures.values()} == {0.0}
    assert {m.constraint for m in measures.values()} == {None}


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


def test_every_measure_equals_networkx_on_the_kenya_positive_ties(kenya_map: StakeholderMap) -> None:
    """Degree, closeness, eigenvector unweighted; Burt's measures weighted by strength; the isolate has none."""
    network = influence_network(kenya_map)
    graph = positive_ties_undirected(network)
    measures = actor_structure(kenya_map, network=network)
    assert set(measures) == set(graph)
    degree, closeness = nx.degree_centrality(graph), nx.closeness_centrality(graph)
    eigenvector = nx.eigenvector_centrality(graph, tol=1e-12)  # in two pieces: networkx's numpy form refuses it
    constraint, effective = nx.constraint(graph, weight="weight"), nx.effective_size(graph, weight="weight")
    for actor, row in measures.items():
        assert row.degree == pytest.approx(degree[actor])
        assert row.closeness == pytest.approx(closeness[actor])
        assert row.eigenvector == pytest.approx(eigenvector[actor], abs=1e-6)
        if np.isnan(constraint[actor]):
            assert row.constraint is None and row.effective_size is None and row.degree == 0
        else:
            assert row.constraint == pytest.approx(constraint[actor])
            assert row.effective_size == pytest.approx(effective[actor])
    # weighted, not merely tied: the unweighted constraint differs for someone
    unweighted = nx.constraint(graph)
    assert any(abs(unweighted[a] - (m.constraint or 0)) > 1e-3 for a, m in measures.items() if m.constraint)


def test_eigenvector_on_a_map_in_pieces_is_networkx_whole_graph_vector() -> None:
    """A triangle (eigenvalue 2) and a separate pair (1): the triangle takes the scores, the pair about 0."""
    actors = [Actor(x, x, "business") for x in "abcde"]
    ties = [both_ways("a", "b"), both_ways("b", "c"), both_ways("a", "c"), both_ways("d", "e")]
    measures = actor_structure(StakeholderMap(actors, ties))
    reference = nx.eigenvector_centrality(nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")]), tol=1e-12)
    for actor, row in measures.items():
        assert row.eigenvector == pytest.approx(reference[actor], abs=1e-6)
    assert measures["a"].eigenvector == pytest.approx(1 / np.sqrt(3), abs=1e-6)
    assert measures["d"].eigenvector == pytest.approx(0.0, abs=1e-4)


def chains_map(*lengths: int) -> StakeholderMap:
    """Separate chains of actors, one per length: power iteration settles slowly on chains."""
    actors, ties = [], []
    for c, length in enumerate(lengths):
        names = [f"c{c}_{i:02d}" for i in range(length)]
        actors += [Actor(n, n, "business") for n in names]
        ties += [both_ways(u, v) for u, v in itertools.pairwise(names)]
    return StakeholderMap(actors, ties)


@pytest.mark.parametrize("lengths", [(20, 21), (60, 60), (300,)])
def test_eigenvector_where_power_iteration_is_slow_is_where_networkx_would_arrive(lengths: tuple[int, ...]) -> None:
    """Chains defeat 1,000 power steps, and networkx's dense solver refuses a map in pieces (and gives up
    on a long chain after its default 50 ARPACK steps): no error, and networkx's answer given the steps it
    needs. The longer chain takes the scores; equal chains share them."""
    smap = chains_map(*lengths)
    graph = nx.Graph([(r.source, r.target) for r in smap.relationships])
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-9)
    measures = actor_structure(smap)
    if nx.is_connected(graph):
        reference = nx.eigenvector_centrality_numpy(graph, max_iter=10**4)
    else:
        reference = nx.eigenvector_centrality(graph, max_iter=10**6, tol=1e-12)
    for actor, row in measures.items():
        assert row.eigenvector == pytest.approx(reference[actor], abs=1e-4)
    first = sum(m.eigenvector**2 for m in measures.values() if m.id.startswith("c0_"))
    assert first == pytest.approx({(20, 21): 0.0, (60, 60): 0.5, (300,): 1.0}[lengths], abs=1e-4)


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
    """Broker B (a firm) sits between four senders and five receivers with no other tie: 17 two-step paths.

    Counted by hand, sender -> receiver (kinds: f firm, n ngo, g state, m media):
    f1 -> f2 coordinator; f1 -> n2, g, m representative (3)
    n1 -> f2, f1 gatekeeper (2); n1 -> n2 itinerant; n1 -> g, m liaison (2)
    f2 -> f1 coordinator; f2 -> n2, g, m representative (3)
    g -> f2, f1 gatekeeper (2); g -> n2, m liaison (2)
    """
    group = {"B": "firm", "f1": "firm", "f2": "firm", "n1": "ngo", "n2": "ngo", "g": "state", "m": "media"}
    senders, receivers = ["f1", "n1", "f2", "g"], ["f2", "n2", "f1", "g", "m"]
    graph = nx.DiGraph([(s, "B") for s in senders] + [("B", r) for r in receivers])
    counts = brokerage_roles(graph, group)
    assert counts["B"] == {"coordinator": 2, "itinerant": 1, "gatekeeper": 4, "representative": 6, "liaison": 4}
    assert all(sum(counts[x].values()) == 0 for x in group if x != "B")  # they broker nothing


def test_a_tie_between_the_ends_removes_only_that_path() -> None:
    """The same star plus f1 -> n2: B no longer brokers f1 -> n2 (one representative path fewer)."""
    group = {"B": "firm", "f1": "firm", "n2": "ngo", "g": "state"}
    graph = nx.DiGraph([("f1", "B"), ("B", "n2"), ("B", "g"), ("f1", "n2")])
    assert brokerage_roles(graph, group)["B"]["representative"] == 1


def gould_fernandez_by_matrices(graph: nx.DiGraph, group_of: dict[str, str]) -> dict[str, dict[str, int]]:
    """The roles counted another way, as sna's brokerage() does: sums over the adjacency tensor a-b-c."""
    nodes = list(graph)
    tie = nx.to_numpy_array(graph, nodelist=nodes, weight=None) > 0
    same = np.array([[group_of[i] == group_of[j] for j in nodes] for i in nodes])
    # path[a, b, c]: a -> b -> c, no a -> c, a != c
    path = tie[:, :, None] & tie[None, :, :] & ~tie[:, None, :] & ~np.eye(len(nodes), dtype=bool)[:, None, :]
    ab, bc, ac = same[:, :, None], same[None, :, :], same[:, None, :]
    masks = {
        "coordinator": ab & bc,
        "itinerant": ac & ~ab,
        "gatekeeper": bc & ~ab,
        "representative": ab & ~bc,
        "liaison": ~ab & ~bc & ~ac,
    }
    totals = {role: (path & mask).sum(axis=(0, 2)) for role, mask in masks.items()}
    return {node: {role: int(totals[role][i]) for role in BROKERAGE_ROLES} for i, node in enumerate(nodes)}


def test_gould_fernandez_roles_equal_the_matrix_count_on_the_kenya_sample(kenya_map: StakeholderMap) -> None:
    network = influence_network(kenya_map)
    kinds = {a.id: a.kind for a in kenya_map.actors}
    counted = brokerage_roles(network.graph, kinds)
    assert counted == gould_fernandez_by_matrices(network.graph, kinds)
    assert all(sum(r[role] for r in counted.values()) > 0 for role in BROKERAGE_ROLES)  # every role occurs
    assert actor_structure(kenya_map, network=network)["kepsa"].roles == counted["kepsa"]


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


EXPECTED_INTEREST = {
    "champion": 5.0,
    "supportive": 4.0,
    "opposed": 4.0,
    "sceptical": 2.0,
    "neutral": 2.0,
    "unknown": 2.0,
}


@pytest.mark.parametrize("stance", [term.name for term in STANCES])
def test_every_stance_has_an_interest_estimate(stance: str) -> None:
    """Those for or against prevention care about it; the sceptical, neutral and unassessed are placed low."""
    [point] = power_interest_grid(StakeholderMap([Actor("x", "X", "business", influence=4, stance=stance)], []))
    assert (point.interest, point.interest_estimated) == (EXPECTED_INTEREST[stance], True)
    assert point.quadrant == ("manage closely" if EXPECTED_INTEREST[stance] >= 3 else "keep satisfied")


def test_the_grid_thresholds_sit_at_three_on_both_axes() -> None:
    actors = [
        Actor("edge", "Edge", "business", influence=3, interest=3),
        Actor("below", "Below", "business", influence=2.9, interest=2.9),
    ]
    grid = {p.id: p.quadrant for p in power_interest_grid(StakeholderMap(actors, []))}
    assert grid == {"edge": "manage closely", "below": "monitor"}


def test_measures_follow_the_as_of_date(kenya_map: StakeholderMap) -> None:
    day = dt.date(2008, 2, 1)
    options = InfluenceOptions(as_of=day)
    measures = actor_structure(kenya_map, options)
    assert set(measures) == {a.id for a in kenya_map.actors if a.in_force(day)}
    assert "mkenya_daima" not in measures  # founded in 2012
    assert network_summary(kenya_map, options).actors == len(measures)
    assert {p.id for p in power_interest_grid(kenya_map, options)} == set(measures)


def test_removed_actors_leave_the_grid_and_the_measures(kenya_map: StakeholderMap) -> None:
    options = InfluenceOptions(removed_actors=frozenset({"kepsa"}), removed_kinds=frozenset({"media"}))
    on_grid = {p.id for p in power_interest_grid(kenya_map, options)}
    assert "kepsa" not in on_grid and not any(kenya_map.actor(a).kind == "media" for a in on_grid)
    assert on_grid == set(actor_structure(kenya_map, options))
