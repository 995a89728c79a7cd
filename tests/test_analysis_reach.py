"""Reach toward targets and accessibility from us: hand-computed, and against Dijkstra."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from mapping.analysis.influence import InfluenceOptions, influence_graph
from mapping.analysis.reach import accessibility, reach, strengths_to
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def graph() -> nx.DiGraph:
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
    return influence_graph(StakeholderMap(actors, ties))


def test_strengths_to_a_target_are_the_strongest_path_strengths(graph: nx.DiGraph) -> None:
    table = strengths_to(graph, "t1")
    assert table == pytest.approx({"t1": 1.0, "a": 0.5, "b": 0.9, "us": 0.4})
    assert "c" not in table and "d" not in table
    assert strengths_to(graph, "nobody") == {}


def test_reach_is_the_mean_over_targets_of_the_strongest_path(graph: nx.DiGraph) -> None:
    values = reach(graph, ["t1", "t2"])
    assert values["a"] == pytest.approx((0.5 + 0.4) / 2)
    assert values["b"] == pytest.approx((0.9 + 0.0) / 2)  # t2 unreachable counts as 0
    assert values["us"] == pytest.approx((0.8 * 0.5 + 0.8 * 0.4) / 2)
    assert values["c"] == values["d"] == 0.0


def test_reach_leaves_the_actor_itself_out_of_the_targets(graph: nx.DiGraph) -> None:
    values = reach(graph, ["t1", "t2", "a"])
    assert values["a"] == pytest.approx((0.5 + 0.4) / 2)
    assert values["us"] == pytest.approx((0.4 + 0.32 + 0.8) / 3)
    # A lone target has no other target to reach.
    assert reach(graph, ["t1"])["t1"] == 0.0


def test_reach_can_be_asked_for_some_actors_and_ignores_unknown_targets(graph: nx.DiGraph) -> None:
    assert reach(graph, ["t1", "ghost"], ["a", "b"]) == pytest.approx({"a": 0.5, "b": 0.9})


def test_accessibility_is_the_best_strength_from_any_of_us(graph: nx.DiGraph) -> None:
    assert accessibility(graph, ["us"]) == pytest.approx(
        {"us": 1.0, "a": 0.8, "b": 0.2, "c": 0.0, "d": 0.0, "t1": 0.4, "t2": 0.32}
    )
    both = accessibility(graph, ["us", "b"])
    assert both["t1"] == pytest.approx(0.9)
    assert both["b"] == 1.0
    assert both["t2"] == pytest.approx(0.32)


def test_accessibility_without_anyone_of_us_on_the_map_is_zero(graph: nx.DiGraph) -> None:
    assert set(accessibility(graph, ["ghost"]).values()) == {0.0}


def test_accessibility_follows_the_influence_options() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in ("us", "a", "t")],
        [tie("us", "a", 0.5, confidence="low"), tie("a", "t", 0.5, confidence="high")],
    )
    assert accessibility(influence_graph(smap), ["us"])["t"] == pytest.approx(0.25)
    weighted = influence_graph(smap, InfluenceOptions(weight_by_confidence=True))
    assert accessibility(weighted, ["us"])["t"] == pytest.approx(0.2 * 0.5)
    assert accessibility(influence_graph(smap, InfluenceOptions(skip_low_confidence=True)), ["us"])["t"] == 0.0


def random_graph(seed: int) -> tuple[nx.DiGraph, nx.DiGraph]:
    """The influence graph of a seeded random map, and an independent -ln weighted copy."""
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
    return influence_graph(smap), reference


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
