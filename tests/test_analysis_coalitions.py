"""Coalitions: seeded Louvain on the undirected positive ties, named, with their bridges."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from mapping.analysis.coalitions import COALITION_SEED, find_coalitions, undirected_strengths
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.model import Actor, Relationship, StakeholderMap


def groups(found: list) -> list[list[str]]:
    """Coalitions (or networkx communities) as sorted member lists, in a fixed order."""
    return sorted(sorted(getattr(group, "members", group)) for group in found)


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def two_camps() -> StakeholderMap:
    """Two tight triangles joined by one weak tie, and a rivalry that carries nothing."""
    actors = [
        Actor("p1", "Party One", "political", influence=5),
        Actor("p2", "Youth Wing One", "political", influence=2),
        Actor("p3", "Donor One", "international", influence=3),
        Actor("q1", "Party Two", "political", influence=4),
        Actor("q2", "Youth Wing Two", "political", influence=2),
        Actor("q3", "Church Two", "faith", influence=1),
        Actor("leader", "Leader of Party Two", "person", parent="q1", seniority="top", influence=5),
    ]
    ties = [
        tie("p1", "p2", 0.9, "partners_with", direction="mutual"),
        tie("p2", "p3", 0.8, "partners_with", direction="mutual"),
        tie("p3", "p1", 0.7, "funds"),
        tie("q1", "q2", 0.9, "partners_with", direction="mutual"),
        tie("q2", "q3", 0.8, "partners_with", direction="mutual"),
        tie("q3", "q1", 0.7, "dialogue", direction="mutual"),
        tie("p3", "q3", 0.2, "dialogue"),
        tie("p1", "q1", 0.9, "rivals", sign="-", direction="mutual"),
    ]
    return StakeholderMap(actors, ties)


def test_two_camps_are_two_coalitions_named_after_their_most_influential_organisation(
    two_camps: StakeholderMap,
) -> None:
    coalitions = find_coalitions(two_camps)
    assert groups(coalitions) == [["leader", "q1", "q2", "q3"], ["p1", "p2", "p3"]]
    by_member = {m: c for c in coalitions for m in c.members}
    assert by_member["p1"].name == "Party One group"
    # The person is more influential, but a coalition is named after an organisation.
    assert by_member["q1"].name == "Party Two group"
    assert by_member["q1"].kinds == {"political": 2, "faith": 1, "person": 1}


def test_coalitions_are_listed_largest_first(two_camps: StakeholderMap) -> None:
    coalitions = find_coalitions(two_camps)
    assert [len(c.members) for c in coalitions] == [4, 3]
    assert [c.index for c in coalitions] == [0, 1]


def test_bridges_are_the_positive_ties_between_coalitions(two_camps: StakeholderMap) -> None:
    coalitions = find_coalitions(two_camps)
    by_member = {m: c for c in coalitions for m in c.members}
    bridges = by_member["p3"].bridges
    assert [(b.inside, b.outside, b.strength) for b in bridges] == [("p3", "q3", 0.2)]
    assert bridges[0].outside_coalition == by_member["q3"].index
    # The bridge is seen from both sides; the rivalry is not a bridge.
    assert [(b.inside, b.outside) for b in by_member["q3"].bridges] == [("q3", "p3")]


def test_undirected_weight_is_the_stronger_direction() -> None:
    smap = StakeholderMap(
        [Actor("a", "A", "business"), Actor("b", "B", "business")], [tie("a", "b", 0.3), tie("b", "a", 0.6)]
    )
    undirected = undirected_strengths(influence_network(smap))
    assert undirected["a"]["b"]["weight"] == 0.6


def reference_graph(seed: int) -> tuple[StakeholderMap, nx.Graph]:
    """A seeded random map of directed ties, and its undirected graph built by hand."""
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(20, 0.15, seed=seed, directed=True)
    reference = nx.Graph()
    reference.add_nodes_from(f"n{i:02d}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = round(rng.uniform(0.1, 1.0), 2)
        a, b = f"n{u:02d}", f"n{v:02d}"
        ties.append(tie(a, b, strength))
        weight = max(strength, reference.get_edge_data(a, b, {}).get("weight", 0.0))
        reference.add_edge(a, b, weight=weight)
    smap = StakeholderMap([Actor(f"n{i:02d}", f"N{i}", "business", influence=3) for i in skeleton], ties)
    return smap, reference


@pytest.mark.parametrize("seed", [41, 42, 43])
def test_coalitions_equal_networkx_louvain_with_the_same_seed(seed: int) -> None:
    smap, reference = reference_graph(seed)
    assert nx.utils.graphs_equal(undirected_strengths(influence_network(smap)), reference)
    expected = nx.community.louvain_communities(reference, weight="weight", seed=COALITION_SEED)
    found = find_coalitions(smap)
    assert groups(found) == groups(expected)
    assert sum(len(c.members) for c in found) == len(smap)
    assert len(found) > 2


def test_same_map_same_coalitions() -> None:
    smap, _ = reference_graph(44)
    assert find_coalitions(smap) == find_coalitions(smap)


def test_florentine_families_split_like_networkx() -> None:
    families = nx.florentine_families_graph()
    rng = random.Random(1434)
    strengths = {edge: round(rng.uniform(0.2, 1.0), 2) for edge in families.edges}
    smap = StakeholderMap(
        [Actor(f, f, "business") for f in families],
        [tie(u, v, s, "partners_with", direction="mutual") for (u, v), s in strengths.items()],
    )
    reference = nx.Graph()
    reference.add_nodes_from(sorted(families))
    reference.add_weighted_edges_from((u, v, s) for (u, v), s in strengths.items())
    expected = nx.community.louvain_communities(reference, weight="weight", seed=COALITION_SEED)
    assert groups(find_coalitions(smap)) == groups(expected)


def test_options_change_the_coalitions(two_camps: StakeholderMap) -> None:
    without_bridge = find_coalitions(two_camps, InfluenceOptions(removed_actors=frozenset({"p3"})))
    assert all("p3" not in c.members for c in without_bridge)
    assert all(c.bridges == () for c in without_bridge)
