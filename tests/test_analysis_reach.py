"""Reach toward targets and accessibility from us: hand-computed, and against Dijkstra."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.reach import accessibility, reach, reach_summaries, routes_from_any, routes_to, strengths_to
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def graph() -> InfluenceNetwork:
    """us -> a 0.8, a -> t1 0.5, a -> t2 0.4, b -> t1 0.9, us -> b 0.2, c isolated, d -| t1 (opposes)."""
    actors = [Actor(i, i.upper(), "business") for i in ("us", "a", "b", "c", "d", "t1", "t2")]
    ties = [
        tie("us", "a", 0.8),
        tie("a", "t1", 0.5),
        tie("a", "t2", 0.4),
        tie("b", "t1", 0.9),
        tie("us", "b", 0.2),
        tie("d", "t1", 1.0, "opposes", sign="-"),
    ]
    return influence_network(StakeholderMap(actors, ties))


def test_strengths_to_a_target_are_the_strongest_path_strengths(graph: InfluenceNetwork) -> None:
    table = strengths_to(graph, "t1")
    assert table == pytest.approx({"t1": 1.0, "a": 0.5, "b": 0.9, "us": 0.4})
    assert "c" not in table and "d" not in table
    assert strengths_to(graph, "nobody") == {}


def test_reach_is_the_mean_over_targets_of_the_strongest_path(graph: InfluenceNetwork) -> None:
    values = reach(graph, ["t1", "t2"])
    assert values["a"] == pytest.approx((0.5 + 0.4) / 2)
    assert values["b"] == pytest.approx((0.9 + 0.0) / 2)  # t2 unreachable counts as 0
    assert values["us"] == pytest.approx((0.8 * 0.5 + 0.8 * 0.4) / 2)
    assert values["c"] == values["d"] == 0.0


def test_reach_leaves_the_actor_itself_out_of_the_targets(graph: InfluenceNetwork) -> None:
    values = reach(graph, ["t1", "t2", "a"])
    assert values["a"] == pytest.approx((0.5 + 0.4) / 2)
    assert values["us"] == pytest.approx((0.4 + 0.32 + 0.8) / 3)
    # A lone target has no other target to reach.
    assert reach(graph, ["t1"])["t1"] == 0.0


def test_reach_can_be_asked_for_some_actors_and_ignores_unknown_targets(graph: InfluenceNetwork) -> None:
    assert reach(graph, ["t1", "ghost"], ["a", "b"]) == pytest.approx({"a": 0.5, "b": 0.9})


def test_accessibility_is_the_best_strength_from_any_of_us(graph: InfluenceNetwork) -> None:
    assert accessibility(graph, ["us"]) == pytest.approx(
        {"us": 1.0, "a": 0.8, "b": 0.2, "c": 0.0, "d": 0.0, "t1": 0.4, "t2": 0.32}
    )
    both = accessibility(graph, ["us", "b"])
    assert both["t1"] == pytest.approx(0.9)
    assert both["b"] == 1.0
    assert both["t2"] == pytest.approx(0.32)


def test_accessibility_without_anyone_of_us_on_the_map_is_zero(graph: InfluenceNetwork) -> None:
    assert set(accessibility(graph, ["ghost"]).values()) == {0.0}


def test_accessibility_follows_the_influence_options() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in ("us", "a", "t")],
        [tie("us", "a", 0.5, confidence="low"), tie("a", "t", 0.5, confidence="high")],
    )
    assert accessibility(influence_network(smap), ["us"])["t"] == pytest.approx(0.25)
    weighted = influence_network(smap, InfluenceOptions(weight_by_confidence=True))
    assert accessibility(weighted, ["us"])["t"] == pytest.approx(0.2 * 0.5)
    assert accessibility(influence_network(smap, InfluenceOptions(skip_low_confidence=True)), ["us"])["t"] == 0.0


def random_graph(seed: int) -> tuple[InfluenceNetwork, nx.DiGraph]:
    """The influence network of a seeded random map, and an independent -ln weighted networkx copy."""
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(12, 0.25, seed=seed, directed=True)
    names = {i: f"n{i}" for i in skeleton}
    reference = nx.DiGraph()
    reference.add_nodes_from(names.values())
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.05, 1.0)
        ties.append(tie(names[u], names[v], strength))
        reference.add_edge(names[u], names[v], weight=-math.log(strength))
    smap = StakeholderMap([Actor(n, n.upper(), "business") for n in names.values()], ties)
    return influence_network(smap), reference


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_reach_equals_exp_of_minus_dijkstra_distance(seed: int) -> None:
    graph, reference = random_graph(seed)
    targets = ["n0", "n1", "n2"]
    values = reach(graph, targets)
    for actor in reference:
        others = [t for t in targets if t != actor]
        expected = []
        for target in others:
            try:
                expected.append(math.exp(-nx.dijkstra_path_length(reference, actor, target, weight="weight")))
            except nx.NetworkXNoPath:
                expected.append(0.0)
        assert values[actor] == pytest.approx(sum(expected) / len(others))


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_accessibility_equals_exp_of_minus_multi_source_dijkstra(seed: int) -> None:
    graph, reference = random_graph(seed)
    us = ["n3", "n4"]
    lengths = nx.multi_source_dijkstra_path_length(reference, set(us), weight="weight")
    expected = {n: math.exp(-lengths[n]) if n in lengths else 0.0 for n in reference}
    assert accessibility(graph, us) == pytest.approx(expected)


@pytest.fixture(scope="module")
def large() -> tuple[InfluenceNetwork, nx.DiGraph]:
    """A 600-actor random map with continuous strengths (no two routes equally strong), and a networkx copy."""
    skeleton = nx.gnm_random_graph(600, 3000, seed=11, directed=True)
    rng = random.Random(5)
    edges = [(f"a{u}", f"a{v}", rng.uniform(0.05, 1.0), "influences", i) for i, (u, v) in enumerate(skeleton.edges)]
    reference = nx.DiGraph()
    reference.add_nodes_from(f"a{n}" for n in skeleton)
    reference.add_weighted_edges_from(((u, v, -math.log(s)) for u, v, s, _, _ in edges), weight="distance")
    return InfluenceNetwork.from_edges(reference.nodes, edges), reference


def test_reach_and_accessibility_equal_networkx_dijkstra_on_a_large_map(
    large: tuple[InfluenceNetwork, nx.DiGraph],
) -> None:
    network, reference = large
    targets = ["a1", "a2", "a3"]
    summaries = reach_summaries(network, targets)
    backward = reference.reverse()
    tables = {t: nx.single_source_dijkstra_path_length(backward, t, weight="distance") for t in targets}
    for actor in ["a0", "a1", "a50", "a400"]:
        others = [t for t in targets if t != actor]
        values = [math.exp(-tables[t][actor]) if actor in tables[t] else 0.0 for t in others]
        assert summaries[actor].reach == pytest.approx(sum(values) / len(others))
        assert summaries[actor].reachable == sum(v > 0 for v in values)
    lengths = nx.multi_source_dijkstra_path_length(reference, {"a0", "a7"}, weight="distance")
    expected = {n: math.exp(-lengths[n]) if n in lengths else 0.0 for n in reference}
    assert accessibility(network, ["a0", "a7"]) == pytest.approx(expected)


def test_the_routes_the_reasons_cite_are_networkx_s_strongest_paths(large: tuple[InfluenceNetwork, nx.DiGraph]) -> None:
    network, reference = large
    for source, target in [("a0", "a9"), ("a33", "a1"), ("a5", "a500")]:
        expected = nx.dijkstra_path(reference, source, target, weight="distance")
        assert routes_to(network, target)(source) == expected
        assert routes_from_any(network, [source])(target) == expected
    assert routes_to(network, "nowhere")("a0") == []
    assert routes_from_any(network, ["nobody"])("a0") == []
