"""Brokerage: route shares of connected pairs (against networkx), their expectation over uncertain strengths,
and brokers between two groups."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from mapping.analysis import brokerage as brokerage_module
from mapping.analysis import uncertainty
from mapping.analysis.brokerage import brokerage, brokers_between, route_shares
from mapping.analysis.influence import InfluenceNetwork, influence_network
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


def connected_pairs(graph: nx.DiGraph) -> int:
    return sum(len(nx.descendants(graph, node)) for node in graph)


def networkx_shares(graph: nx.DiGraph | nx.Graph) -> dict[str, float]:
    """networkx's raw betweenness divided by the connected ordered pairs: the reference for route shares."""
    directed = graph if graph.is_directed() else graph.to_directed()
    raw = nx.betweenness_centrality(directed, normalized=False, weight="distance")
    pairs = connected_pairs(directed)
    return {node: value / pairs for node, value in raw.items()}


def random_directed(seed: int) -> tuple[StakeholderMap, nx.DiGraph]:
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(14, 0.2, seed=seed, directed=True)
    reference = nx.DiGraph()
    reference.add_nodes_from(f"n{i}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.05, 1.0)
        ties.append(tie(f"n{u}", f"n{v}", strength, confidence="high"))
        reference.add_edge(f"n{u}", f"n{v}", distance=-math.log(strength))
    return StakeholderMap([Actor(f"n{i}", f"N{i}", "business") for i in skeleton], ties), reference


@pytest.fixture(scope="module")
def large_map() -> StakeholderMap:
    """A 600-actor random map with continuous strengths (no two routes equally strong), high-confidence ties."""
    skeleton = nx.gnm_random_graph(600, 3000, seed=11, directed=True)
    rng = random.Random(5)
    ties = [tie(f"a{u}", f"a{v}", rng.uniform(0.05, 1.0), confidence="high") for u, v in skeleton.edges]
    return StakeholderMap([Actor(f"a{n}", f"A{n}", "business") for n in skeleton], ties)


@pytest.fixture(scope="module")
def large(large_map: StakeholderMap) -> InfluenceNetwork:
    return influence_network(large_map)


@pytest.fixture
def no_uncertainty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every tie exactly as strong as written: brokerage is then the route share of the one network."""
    monkeypatch.setattr(uncertainty, "JITTER", dict.fromkeys(uncertainty.JITTER, 0.0))


# --- route shares: betweenness over connected pairs ----------------------------------------


def test_a_chain_has_its_middle_as_broker_of_one_pair_in_three() -> None:
    smap = StakeholderMap([Actor(i, i, "business") for i in "abc"], [tie("a", "b", 0.5), tie("b", "c", 0.5)])
    assert route_shares(influence_network(smap)) == {"a": 0.0, "b": pytest.approx(1 / 3), "c": 0.0}


def test_an_actor_with_no_ties_neither_dilutes_nor_changes_the_shares() -> None:
    ties = [tie("a", "b", 0.5), tie("b", "c", 0.5)]
    alone = route_shares(influence_network(StakeholderMap([Actor(i, i, "business") for i in "abc"], ties)))
    with_lonely = StakeholderMap([Actor(i, i, "business") for i in "abcz"], ties)
    assert route_shares(influence_network(with_lonely)) == alone | {"z": 0.0}


def test_the_strongest_route_not_the_shortest_decides_the_broker() -> None:
    smap = StakeholderMap(
        [Actor(i, i, "business") for i in "abcd"],
        [tie("a", "d", 0.1), tie("a", "b", 0.9), tie("b", "c", 0.9), tie("c", "d", 0.9)],
    )
    shares = route_shares(influence_network(smap))
    # Six connected pairs; a -> d goes a-b-c-d (0.729 > 0.1); a -> c and b -> d pass through b or c.
    assert shares["b"] == pytest.approx(2 / 6)
    assert shares["c"] == pytest.approx(2 / 6)


def test_ties_of_strength_one_do_not_inflate_the_shares() -> None:
    smap = StakeholderMap(
        [Actor(i, i, "business") for i in ("hub", "left", "right")],
        [
            tie("hub", "left", 1.0, "dialogue", direction="mutual"),
            tie("hub", "right", 1.0, "dialogue", direction="mutual"),
        ],
    )
    # All six ordered pairs are connected; left <-> right pass through the hub.
    assert route_shares(influence_network(smap)) == pytest.approx({"hub": 2 / 6, "left": 0.0, "right": 0.0})


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_route_shares_equal_networkx_betweenness_over_connected_pairs(seed: int) -> None:
    smap, reference = random_directed(seed)
    assert route_shares(influence_network(smap)) == pytest.approx(networkx_shares(reference))


def test_route_shares_equal_networkx_on_a_large_map(large: InfluenceNetwork) -> None:
    assert route_shares(large) == pytest.approx(networkx_shares(large.graph), abs=1e-12)


def test_florentine_families_undirected(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(1434)
    families = nx.florentine_families_graph()
    reference = nx.Graph()
    ties = []
    for u, v in families.edges:
        strength = round(rng.uniform(0.1, 1.0), 3)
        ties.append(tie(u, v, strength, "partners_with", direction="mutual"))
        reference.add_edge(u, v, distance=-math.log(strength))
    smap = StakeholderMap([Actor(f, f, "business") for f in families], ties)
    assert route_shares(influence_network(smap)) == pytest.approx(networkx_shares(reference))


def test_equally_strong_routes_share_the_credit_whatever_the_rounding() -> None:
    """0.9 x 0.5 x 0.7 = 0.7 x 0.5 x 0.9, though -ln sums in the two orders differ in the last bit.

    networkx compares route lengths exactly and would give all the credit to one
    route; igraph treats lengths within 1e-10 as equal, so both brokers share it.
    """
    edges = [("s", "x", 0.9), ("x", "y", 0.5), ("y", "t", 0.7), ("s", "p", 0.7), ("p", "q", 0.5), ("q", "t", 0.9)]
    network = InfluenceNetwork.from_edges("spqtxy", [(u, v, w, "influences", i) for i, (u, v, w) in enumerate(edges)])
    shares = route_shares(network)
    assert shares["x"] == shares["p"]
    assert shares["x"] > 0


# --- brokerage: the expected route share over uncertain strengths ---------------------------


def close_routes(confidence: str, second: float) -> StakeholderMap:
    """s -> a -> t at 0.8 x 0.8 = 0.64, and s -> b -> t at second x 0.8."""
    actors = [Actor(i, i.upper(), "business") for i in ("s", "a", "b", "t")]
    ties = [
        tie("s", "a", 0.8, confidence=confidence),
        tie("a", "t", 0.8, confidence=confidence),
        tie("s", "b", second, confidence=confidence),
        tie("b", "t", 0.8, confidence=confidence),
    ]
    return StakeholderMap(actors, ties)


def test_a_route_nearly_as_strong_as_the_best_shares_the_credit() -> None:
    """Winner-take-all would give b nothing; with low-confidence ties b's route wins in some draws."""
    smap = close_routes("low", 0.7)
    shares = brokerage(influence_network(smap), smap)
    assert route_shares(influence_network(smap))["b"] == 0.0
    assert 0 < shares["b"] < shares["a"]
    assert shares["a"] + shares["b"] == pytest.approx(1 / 5)  # s -> t is one of five connected pairs


def test_a_route_far_weaker_than_the_best_earns_nothing() -> None:
    smap = close_routes("low", 0.2)
    shares = brokerage(influence_network(smap), smap)
    assert shares["b"] == 0.0
    assert shares["a"] == pytest.approx(1 / 5)


def test_the_more_certain_the_ties_the_closer_brokerage_is_to_the_single_best_route() -> None:
    low, high = close_routes("low", 0.75), close_routes("high", 0.75)
    assert brokerage(influence_network(high), high)["b"] < brokerage(influence_network(low), low)["b"]


def test_brokerage_without_uncertainty_is_the_route_share(no_uncertainty: None, kenya_map: StakeholderMap) -> None:
    network = influence_network(kenya_map)
    assert brokerage(network, kenya_map) == pytest.approx(route_shares(network), abs=1e-12)


def test_brokerage_is_reproducible_and_depends_on_the_seed(kenya_map: StakeholderMap) -> None:
    network = influence_network(kenya_map)
    first = brokerage(network, kenya_map)
    assert brokerage(network, kenya_map) == first
    assert brokerage(network, kenya_map, seed=7) != first


def test_removing_an_actor_that_lies_on_no_route_changes_no_one_elses_brokerage(kenya_map: StakeholderMap) -> None:
    lonely = StakeholderMap([*kenya_map.actors, Actor("zz_lonely", "Lonely", "business")], kenya_map.relationships)
    before = brokerage(influence_network(kenya_map), kenya_map)
    after = brokerage(influence_network(lonely), lonely)
    assert after == pytest.approx(before | {"zz_lonely": 0.0}, abs=1e-15)


def test_a_large_map_is_estimated_from_sampled_sources_close_to_the_exact_value(
    large_map: StakeholderMap, large: InfluenceNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert brokerage_module.sources_per_draw(large, brokerage_module.DRAWS) < len(large), "the map is sampled"
    sampled = brokerage(large, large_map)
    monkeypatch.setattr(brokerage_module, "EDGE_VISITS", 10**12)
    exact = brokerage(large, large_map)
    top = max(exact.values())
    assert max(abs(sampled[a] - exact[a]) for a in exact) < 0.15 * top
    best_exact = set(sorted(exact, key=exact.get, reverse=True)[:10])
    best_sampled = set(sorted(sampled, key=sampled.get, reverse=True)[:10])
    assert len(best_exact & best_sampled) >= 7


# --- brokers between two groups ----------------------------------------------------------


@pytest.fixture
def two_camps() -> StakeholderMap:
    """a <-> m <-> b is the stronger channel between the camps; a <-> n <-> b the weaker one."""
    actors = [Actor(i, i.upper(), "business") for i in ("a", "b", "m", "n", "x")]
    ties = [
        tie("a", "m", 0.8, "dialogue", direction="mutual", confidence="high"),
        tie("m", "b", 0.8, "dialogue", direction="mutual", confidence="high"),
        tie("a", "n", 0.5, "dialogue", direction="mutual", confidence="high"),
        tie("n", "b", 0.5, "dialogue", direction="mutual", confidence="high"),
        tie("x", "a", 0.9, confidence="high"),
        tie("a", "b", 0.9, "rivals", sign="-", direction="mutual"),
    ]
    return StakeholderMap(actors, ties)


def between(smap: StakeholderMap, a: set[str] | list[str], b: set[str] | list[str]) -> dict[str, float]:
    return brokers_between(influence_network(smap), smap, a, b)


def test_brokers_between_two_groups_count_the_routes_between_them_both_ways(two_camps: StakeholderMap) -> None:
    shares = between(two_camps, {"a"}, {"b"})
    assert shares["m"] == 1.0
    assert shares["n"] == shares["x"] == 0.0


def test_brokers_between_groups_split_directed_channels() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in ("a", "b", "m", "n")],
        [
            tie("a", "m", 0.8, confidence="high"),
            tie("m", "b", 0.8, confidence="high"),
            tie("b", "n", 0.5, confidence="high"),
            tie("n", "a", 0.5, confidence="high"),
        ],
    )
    # a -> b only through m, b -> a only through n: each carries one of the 2 ordered pairs.
    assert between(smap, ["a"], ["b"]) == pytest.approx({"a": 0.0, "b": 0.0, "m": 0.5, "n": 0.5})


def test_brokers_between_larger_groups_divide_by_the_connected_pairs(two_camps: StakeholderMap) -> None:
    shares = between(two_camps, {"a", "x"}, {"b"})
    # Connected: a->b, b->a, x->b (b cannot reach x). m is on all three; a relays x->b.
    assert shares["m"] == pytest.approx(3 / 3)
    assert shares["a"] == pytest.approx(1 / 3)


def test_brokers_between_groups_absent_from_the_map_are_all_zero(two_camps: StakeholderMap) -> None:
    assert set(between(two_camps, {"ghost"}, {"b"}).values()) == {0.0}


def test_brokers_between_overlapping_groups_counts_each_ordered_pair_once() -> None:
    smap = StakeholderMap(
        [Actor(i, i, "political") for i in ("p1", "p2", "p3")] + [Actor("hub", "Hub", "association")],
        [
            tie("p1", "hub", 0.5, "dialogue", direction="mutual", confidence="high"),
            tie("hub", "p2", 0.5, "dialogue", direction="mutual", confidence="high"),
            tie("p2", "p3", 0.5, "dialogue", direction="mutual", confidence="high"),
        ],
    )
    everyone = {"p1", "p2", "p3"}
    shares = between(smap, everyone, everyone)
    # hub is on p1<->p2 and p1<->p3 (4 of 6 ordered pairs); p2 on p1<->p3 (2 of 6).
    assert shares["hub"] == pytest.approx(4 / 6)
    assert shares["p2"] == pytest.approx(2 / 6)


def test_brokers_between_equal_networkx_subset_betweenness(
    large_map: StakeholderMap, large: InfluenceNetwork, no_uncertainty: None
) -> None:
    """Without uncertainty, the credit of each pair's strongest routes, as networkx's subset betweenness counts it."""
    smap = large_map
    groups = [({"a1"}, {"a2"}), ({f"a{i}" for i in range(20)}, {f"a{i}" for i in range(10, 40)})]
    for group_a, group_b in groups:
        pairs = {(s, t) for s in group_a for t in group_b if s != t} | {
            (t, s) for s in group_a for t in group_b if s != t
        }
        connected = {(s, t) for s, t in pairs if nx.has_path(large.graph, s, t)}
        totals = dict.fromkeys(large.actors, 0.0)
        for source in {s for s, _ in connected}:
            targets = [t for s, t in connected if s == source]
            shares = nx.betweenness_centrality_subset(
                large.graph, [source], targets, normalized=False, weight="distance"
            )
            for actor, share in shares.items():
                totals[actor] += share
        expected = {actor: total / len(connected) for actor, total in totals.items()}
        assert brokers_between(large, smap, group_a, group_b) == pytest.approx(expected, abs=1e-12)
