"""Brokerage (betweenness on -ln distances) and brokers between two groups."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from mapping.analysis import brokerage as brokerage_module
from mapping.analysis.brokerage import brokerage, brokers_between
from mapping.analysis.influence import InfluenceNetwork, influence_network
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


def florentine() -> tuple[StakeholderMap, nx.Graph]:
    """The Florentine families as mutual ties with varied strengths, and the same as a weighted nx.Graph."""
    rng = random.Random(1434)
    families = nx.florentine_families_graph()
    reference = nx.Graph()
    reference.add_nodes_from(families)
    ties = []
    for u, v in families.edges:
        strength = round(rng.uniform(0.1, 1.0), 3)
        ties.append(tie(u, v, strength, "partners_with", direction="mutual"))
        reference.add_edge(u, v, distance=-math.log(strength))
    smap = StakeholderMap([Actor(f, f, "business") for f in families], ties)
    return smap, reference


def random_directed(seed: int) -> tuple[StakeholderMap, nx.DiGraph]:
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(14, 0.2, seed=seed, directed=True)
    reference = nx.DiGraph()
    reference.add_nodes_from(f"n{i}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.05, 1.0)
        ties.append(tie(f"n{u}", f"n{v}", strength))
        reference.add_edge(f"n{u}", f"n{v}", distance=-math.log(strength))
    return StakeholderMap([Actor(f"n{i}", f"N{i}", "business") for i in skeleton], ties), reference


def test_a_chain_has_its_middle_as_broker() -> None:
    smap = StakeholderMap([Actor(i, i, "business") for i in "abc"], [tie("a", "b", 0.5), tie("b", "c", 0.5)])
    # One ordered pair (a, c) of (n-1)(n-2) = 2 passes through b.
    assert brokerage(influence_network(smap)) == {"a": 0.0, "b": 0.5, "c": 0.0}


def test_the_strongest_route_not_the_shortest_decides_the_broker() -> None:
    smap = StakeholderMap(
        [Actor(i, i, "business") for i in "abcd"],
        [tie("a", "d", 0.1), tie("a", "b", 0.9), tie("b", "c", 0.9), tie("c", "d", 0.9)],
    )
    values = brokerage(influence_network(smap))
    # a -> d goes a-b-c-d (0.729 > 0.1); a -> c and b -> d also pass through b or c.
    assert values["b"] == pytest.approx(2 / 6)
    assert values["c"] == pytest.approx(2 / 6)


def test_ties_of_strength_one_do_not_inflate_brokerage() -> None:
    # Two mutual ties of strength 1 (distance 0) through a hub: networkx alone would give the hub 2.0.
    smap = StakeholderMap(
        [Actor(i, i, "business") for i in ("hub", "left", "right")],
        [
            tie("hub", "left", 1.0, "dialogue", direction="mutual"),
            tie("hub", "right", 1.0, "dialogue", direction="mutual"),
        ],
    )
    network = influence_network(smap)
    assert brokerage(network) == {"hub": 1.0, "left": 0.0, "right": 0.0}
    assert brokers_between(network, {"left"}, {"right"})["hub"] == 1.0


def test_florentine_brokerage_equals_networkx_betweenness() -> None:
    smap, reference = florentine()
    values = brokerage(influence_network(smap))
    assert values == pytest.approx(nx.betweenness_centrality(reference, normalized=True, weight="distance"))
    directed = reference.to_directed()
    assert values == pytest.approx(nx.betweenness_centrality(directed, normalized=True, weight="distance"))


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_directed_brokerage_equals_networkx_betweenness(seed: int) -> None:
    smap, reference = random_directed(seed)
    expected = nx.betweenness_centrality(reference, normalized=True, weight="distance")
    assert brokerage(influence_network(smap)) == pytest.approx(expected)


def test_sampled_brokerage_is_reproducible_with_the_same_seed() -> None:
    smap, _ = florentine()
    network = influence_network(smap)
    first = brokerage(network, sample_size=5, seed=7)
    assert brokerage(network, sample_size=5, seed=7) == first
    assert brokerage(network, sample_size=5, seed=8) != first


def test_a_sample_as_large_as_the_map_is_exact() -> None:
    smap, _ = florentine()
    network = influence_network(smap)
    assert brokerage(network, sample_size=len(network)) == brokerage(network)


def test_the_sampled_estimate_is_the_exact_value_on_average_over_seeds(large: InfluenceNetwork) -> None:
    """Brandes and Pich's estimate is unbiased: averaged over many samples it approaches the exact value."""
    exact = brokerage(large)
    samples = [brokerage(large, sample_size=60, seed=seed) for seed in range(40)]
    mean = {a: sum(sample[a] for sample in samples) / len(samples) for a in exact}
    top = sorted(exact, key=exact.get, reverse=True)[:10]
    assert max(abs(mean[a] - exact[a]) for a in top) < 0.1 * exact[top[0]]
    single = brokerage(large, 60, 1)
    assert max(abs(single[a] - exact[a]) for a in exact) > max(abs(mean[a] - exact[a]) for a in exact), (
        "one sample errs more than the mean of forty"
    )


def test_large_maps_are_sampled_with_the_fixed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    smap, _ = florentine()
    network = influence_network(smap)
    monkeypatch.setattr(brokerage_module, "EXACT_LIMIT", 10)
    monkeypatch.setattr(brokerage_module, "SAMPLE_SIZE", 6)
    assert brokerage(network) == brokerage(network, sample_size=6, seed=brokerage_module.BROKERAGE_SEED)
    assert brokerage(network) != brokerage(network, sample_size=len(network)), "sampled, not exact"


@pytest.fixture(scope="module")
def large() -> InfluenceNetwork:
    """A 600-actor random map with continuous strengths (no two routes equally strong)."""
    skeleton = nx.gnm_random_graph(600, 3000, seed=11, directed=True)
    rng = random.Random(5)
    edges = [(f"a{u}", f"a{v}", rng.uniform(0.05, 1.0), "influences", i) for i, (u, v) in enumerate(skeleton.edges)]
    return InfluenceNetwork.from_edges((f"a{n}" for n in skeleton), edges)


def test_exact_brokerage_equals_networkx_betweenness_on_a_large_map(large: InfluenceNetwork) -> None:
    expected = nx.betweenness_centrality(large.graph, normalized=True, weight="distance")
    assert brokerage(large) == pytest.approx(expected, abs=1e-12)


@pytest.fixture
def two_camps() -> InfluenceNetwork:
    """a <-> m <-> b is the stronger channel between the camps; a <-> n <-> b the weaker one."""
    actors = [Actor(i, i.upper(), "business") for i in ("a", "b", "m", "n", "x")]
    ties = [
        tie("a", "m", 0.8, "dialogue", direction="mutual"),
        tie("m", "b", 0.8, "dialogue", direction="mutual"),
        tie("a", "n", 0.5, "dialogue", direction="mutual"),
        tie("n", "b", 0.5, "dialogue", direction="mutual"),
        tie("x", "a", 0.9),
        tie("a", "b", 0.9, "rivals", sign="-", direction="mutual"),
    ]
    return influence_network(StakeholderMap(actors, ties))


def test_brokers_between_two_groups_count_the_routes_between_them_both_ways(two_camps: InfluenceNetwork) -> None:
    shares = brokers_between(two_camps, {"a"}, {"b"})
    assert shares["m"] == 1.0
    assert shares["n"] == shares["x"] == 0.0


def test_brokers_between_groups_split_directed_channels() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in ("a", "b", "m", "n")],
        [tie("a", "m", 0.8), tie("m", "b", 0.8), tie("b", "n", 0.5), tie("n", "a", 0.5)],
    )
    shares = brokers_between(influence_network(smap), ["a"], ["b"])
    # a -> b only through m, b -> a only through n: each carries one of the 2 ordered pairs.
    assert shares == pytest.approx({"a": 0.0, "b": 0.0, "m": 0.5, "n": 0.5})


def test_brokers_between_larger_groups_divide_by_every_ordered_pair(two_camps: InfluenceNetwork) -> None:
    shares = brokers_between(two_camps, {"a", "x"}, {"b"})
    # a<->b and x->b pass through m (x->b also through a); b cannot reach x.
    assert shares["m"] == pytest.approx(3 / 4)
    assert shares["a"] == pytest.approx(1 / 4)


def test_brokers_between_groups_absent_from_the_map_are_all_zero(two_camps: InfluenceNetwork) -> None:
    assert set(brokers_between(two_camps, {"ghost"}, {"b"}).values()) == {0.0}


def test_brokers_between_overlapping_groups_counts_each_ordered_pair_once() -> None:
    # p1 - hub - p2 - p3 (mutual); groups A = B = {p1, p2, p3}: 6 ordered pairs.
    smap = StakeholderMap(
        [Actor(i, i, "political") for i in ("p1", "p2", "p3")] + [Actor("hub", "Hub", "association")],
        [
            tie("p1", "hub", 0.5, "dialogue", direction="mutual"),
            tie("hub", "p2", 0.5, "dialogue", direction="mutual"),
            tie("p2", "p3", 0.5, "dialogue", direction="mutual"),
        ],
    )
    everyone = {"p1", "p2", "p3"}
    shares = brokers_between(influence_network(smap), everyone, everyone)
    # hub is on p1<->p2 and p1<->p3 (4 of 6 ordered pairs); p2 on p1<->p3 and hub... (2 of 6).
    assert shares["hub"] == pytest.approx(4 / 6)
    assert shares["p2"] == pytest.approx(2 / 6)
    assert max(shares.values()) <= 1.0


def test_brokers_between_equal_networkx_subset_betweenness(large: InfluenceNetwork) -> None:
    """The pairs between two groups, each counted once, as networkx's subset betweenness counts them."""
    groups = [({"a1"}, {"a2"}), ({f"a{i}" for i in range(20)}, {f"a{i}" for i in range(10, 40)})]
    for group_a, group_b in groups:
        pairs = {(s, t) for s in group_a for t in group_b if s != t} | {
            (t, s) for s in group_a for t in group_b if s != t
        }
        totals = dict.fromkeys(large.actors, 0.0)
        for source in {s for s, _ in pairs}:
            targets = [t for s, t in pairs if s == source]
            shares = nx.betweenness_centrality_subset(
                large.graph, [source], targets, normalized=False, weight="distance"
            )
            for actor, share in shares.items():
                totals[actor] += share
        expected = {actor: total / len(pairs) for actor, total in totals.items()}
        assert brokers_between(large, group_a, group_b) == pytest.approx(expected, abs=1e-12)


def test_equally_strong_routes_share_the_credit_whatever_the_rounding() -> None:
    """0.9 x 0.5 x 0.7 = 0.7 x 0.5 x 0.9, though -ln sums in the two orders differ in the last bit.

    networkx compares route lengths exactly and would give all the credit to one
    route; igraph treats lengths within 1e-10 as equal, so both brokers share it.
    """
    edges = [("s", "x", 0.9), ("x", "y", 0.5), ("y", "t", 0.7), ("s", "p", 0.7), ("p", "q", 0.5), ("q", "t", 0.9)]
    network = InfluenceNetwork.from_edges("spqtxy", [(u, v, w, "influences", i) for i, (u, v, w) in enumerate(edges)])
    shares = brokers_between(network, {"s"}, {"t"})
    assert shares["x"] == shares["p"] == pytest.approx(0.25)  # half of the one route s -> t of two ordered pairs
