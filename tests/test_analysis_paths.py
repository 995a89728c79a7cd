"""Strongest influence paths: hand-computed routes, the query options, and networkx's Yen algorithm."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import networkx as nx
import pytest

from mapping.analysis.influence import InfluenceOptions, influence_graph
from mapping.analysis.paths import MAX_CANDIDATES, PathQuery, best_strength, strongest_paths
from mapping.analysis.scenarios import PRESET_SCENARIOS
from mapping.model import Actor, Relationship, StakeholderMap, UnknownActorError
from tests.tied_maps import equally_long_neighbours, networkx_routes, tied_map


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def routes_map() -> StakeholderMap:
    """Three positive routes from us to the target, and a strong first hop into an opposing tie.

    us -> a -> t = 0.9 x 0.5 = 0.45; us -> b -> t = 0.6 x 0.6 = 0.36; us -> t = 0.3;
    us -> c is 0.8 but c only `opposes` t, so it leads nowhere.
    """
    actors = [
        Actor("us", "Our Network", "prevention_network", source="own records"),
        Actor("a", "Alpha Chamber", "association", source="annual report"),
        Actor("b", "Beta Bank", "business", stance="opposed"),
        Actor("c", "Gamma Council", "faith", source="press"),
        Actor("t", "Ministry of Interior", "government", source="gazette"),
    ]
    ties = [
        tie("us", "a", 0.9, "partners_with", confidence="high"),
        tie("a", "t", 0.5, "dialogue", confidence="low"),
        tie("us", "b", 0.6, "funds"),
        tie("b", "t", 0.6, "influences"),
        tie("us", "t", 0.3, "advises"),
        tie("us", "c", 0.8, "partners_with"),
        tie("c", "t", 0.9, "opposes", sign="-"),
    ]
    return StakeholderMap(actors, ties)


def ids(paths: list) -> list[tuple[str, ...]]:
    return [path.actor_ids for path in paths]


def test_the_three_strongest_paths_by_hand(routes_map: StakeholderMap) -> None:
    paths = strongest_paths(routes_map, "us", "t", PathQuery(k=3))
    assert ids(paths) == [("us", "a", "t"), ("us", "b", "t"), ("us", "t")]
    assert [p.strength for p in paths] == pytest.approx([0.45, 0.36, 0.3])
    assert [p.brokers for p in paths] == [("a",), ("b",), ()]
    assert [p.broker_names for p in paths] == [("Alpha Chamber",), ("Beta Bank",), ()]
    assert [p.hops for p in paths] == [2, 2, 1]
    first = paths[0]
    assert [(s.actor_id, s.actor_name, s.tie_kind, s.tie_strength) for s in first.steps] == [
        ("a", "Alpha Chamber", "partners_with", 0.9),
        ("t", "Ministry of Interior", "dialogue", 0.5),
    ]
    assert (first.origin_id, first.origin_name) == ("us", "Our Network")


def test_a_negative_tie_is_never_part_of_a_path(routes_map: StakeholderMap) -> None:
    every = strongest_paths(routes_map, "us", "t", PathQuery(k=10))
    assert len(every) == 3
    assert all("c" not in path.actor_ids for path in every)
    assert strongest_paths(routes_map, "c", "t") == []


def test_paths_are_strongest_first_and_k_caps_them(routes_map: StakeholderMap) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", PathQuery(k=1))) == [("us", "a", "t")]
    strengths = [p.strength for p in strongest_paths(routes_map, "us", "t", PathQuery(k=3))]
    assert strengths == sorted(strengths, reverse=True)


def test_actors_are_found_by_name_as_well_as_id(routes_map: StakeholderMap) -> None:
    by_name = strongest_paths(routes_map, "Our Network", "ministry of interior")
    assert ids(by_name) == ids(strongest_paths(routes_map, "us", "t"))


def test_best_strength_is_the_strongest_path_or_zero(routes_map: StakeholderMap) -> None:
    assert best_strength(routes_map, "us", "t") == pytest.approx(0.45)
    assert best_strength(routes_map, "us", "t", avoid=["a"]) == pytest.approx(0.36)
    assert best_strength(routes_map, "t", "us") == 0.0


def test_no_route_and_same_actor_give_no_paths(routes_map: StakeholderMap) -> None:
    assert strongest_paths(routes_map, "t", "us") == []
    assert strongest_paths(routes_map, "us", "us") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PathQuery(avoid=frozenset({"a"})), [("us", "b", "t"), ("us", "t")]),
        (PathQuery(avoid=frozenset({"a", "b"})), [("us", "t")]),
        (PathQuery(avoid_kinds=frozenset({"association"})), [("us", "b", "t"), ("us", "t")]),
        (PathQuery(avoid_opposed=True), [("us", "a", "t"), ("us", "t")]),
        (PathQuery(max_hops=1), [("us", "t")]),
        (PathQuery(max_hops=2), [("us", "a", "t"), ("us", "b", "t"), ("us", "t")]),
        (PathQuery(influence=InfluenceOptions(skip_low_confidence=True)), [("us", "b", "t"), ("us", "t")]),
        # Beta Bank has no source and a -> t is low confidence: only the direct tie is verified.
        (PathQuery(influence=InfluenceOptions(verified_only=True)), [("us", "t")]),
    ],
    ids=["avoid a", "avoid a and b", "avoid kind", "avoid opposed", "max 1 hop", "max 2 hops", "skip low", "verified"],
)
def test_query_options(routes_map: StakeholderMap, query: PathQuery, expected: list[tuple[str, ...]]) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", query)) == expected


def test_avoiding_an_endpoint_still_finds_routes_to_it(routes_map: StakeholderMap) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", PathQuery(k=1, avoid=frozenset({"us", "t"})))) == [
        ("us", "a", "t")
    ]


def test_confidence_weighting_reorders_paths(routes_map: StakeholderMap) -> None:
    # high 0.9 x low 0.5 -> 0.9 x 0.2 = 0.18; medium 0.6 x 0.6 -> 0.42 x 0.42 = 0.1764; medium 0.3 -> 0.21.
    query = PathQuery(k=3, influence=InfluenceOptions(weight_by_confidence=True))
    paths = strongest_paths(routes_map, "us", "t", query)
    assert ids(paths) == [("us", "t"), ("us", "a", "t"), ("us", "b", "t")]
    assert [p.strength for p in paths] == pytest.approx([0.21, 0.18, 0.1764])


@pytest.fixture
def shared_broker_map() -> StakeholderMap:
    """s -> x -> t (0.81), s -> x -> y -> t (0.729), s -> y -> t (0.45), s -> t (0.2)."""
    actors = [Actor(i, i.upper(), "business") for i in ("s", "x", "y", "t")]
    ties = [
        tie("s", "x", 0.9),
        tie("x", "t", 0.9),
        tie("x", "y", 0.9),
        tie("y", "t", 0.9),
        tie("s", "y", 0.5),
        tie("s", "t", 0.2),
    ]
    return StakeholderMap(actors, ties)


def test_independent_routes_share_no_intermediary(shared_broker_map: StakeholderMap) -> None:
    plain = strongest_paths(shared_broker_map, "s", "t", PathQuery(k=3))
    assert ids(plain) == [("s", "x", "t"), ("s", "x", "y", "t"), ("s", "y", "t")]
    independent = strongest_paths(shared_broker_map, "s", "t", PathQuery(k=4, independent=True))
    assert ids(independent) == [("s", "x", "t"), ("s", "y", "t"), ("s", "t")]
    assert [p.strength for p in independent] == pytest.approx([0.81, 0.45, 0.2])
    for first, second in itertools.combinations(independent, 2):
        assert not set(first.brokers) & set(second.brokers)


def test_mutual_ties_are_walked_both_ways() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "association") for i in "abc"],
        [tie("a", "b", 0.5, "member_of", direction="mutual"), tie("b", "c", 0.4, "dialogue", direction="mutual")],
    )
    assert ids(strongest_paths(smap, "c", "a")) == [("c", "b", "a")]
    assert strongest_paths(smap, "c", "a")[0].strength == pytest.approx(0.2)


@pytest.mark.parametrize(("source", "target"), [("Alpah Chamber", "t"), ("us", "Ministry of Interor")])
def test_unknown_actor_names_the_closest_actors(routes_map: StakeholderMap, source: str, target: str) -> None:
    with pytest.raises(UnknownActorError) as raised:
        strongest_paths(routes_map, source, target)
    message = str(raised.value)
    assert "Alpha Chamber" in message or "Ministry of Interior" in message
    assert raised.value.suggestions


def test_as_dict_lists_ids_names_and_tie_kinds_of_each_hop(routes_map: StakeholderMap) -> None:
    row = strongest_paths(routes_map, "us", "t")[0].as_dict()
    assert row["strength"] == pytest.approx(0.45)
    assert [(s["id"], s["tie_kind"]) for s in row["steps"]] == [("us", None), ("a", "partners_with"), ("t", "dialogue")]
    assert row["brokers"] == [{"id": "a", "name": "Alpha Chamber"}]


# --- agreement with networkx ----------------------------------------------------------


def random_map(seed: int, nodes: int = 10, density: float = 0.3) -> tuple[StakeholderMap, nx.DiGraph]:
    """A seeded random directed map and the same graph weighted by -ln(strength), built independently."""
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(nodes, density, seed=seed, directed=True)
    reference = nx.DiGraph()
    reference.add_nodes_from(f"n{i}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.05, 1.0)
        ties.append(tie(f"n{u}", f"n{v}", strength))
        reference.add_edge(f"n{u}", f"n{v}", weight=-math.log(strength))
    actors = [Actor(f"n{i}", f"Actor {i}", "business") for i in skeleton]
    return StakeholderMap(actors, ties), reference


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_k_strongest_paths_equal_networkx_shortest_simple_paths(seed: int) -> None:
    smap, reference = random_map(seed)
    compared = 0
    for source, target in itertools.permutations(["n0", "n1", "n2", "n3"], 2):
        if not nx.has_path(reference, source, target):
            assert strongest_paths(smap, source, target) == []
            continue
        expected = list(itertools.islice(nx.shortest_simple_paths(reference, source, target, weight="weight"), 5))
        found = strongest_paths(smap, source, target, PathQuery(k=5))
        assert [list(p.actor_ids) for p in found] == expected
        assert [p.strength for p in found] == pytest.approx(
            [math.exp(-nx.path_weight(reference, nodes, "weight")) for nodes in expected]
        )
        compared += 1
    assert compared > 0


@pytest.mark.parametrize("seed", [6, 7])
def test_hop_cap_keeps_the_strongest_paths_within_the_cap(seed: int) -> None:
    smap, reference = random_map(seed, nodes=9, density=0.4)
    for source, target in itertools.permutations(["n0", "n1", "n2"], 2):
        every = nx.shortest_simple_paths(reference, source, target, weight="weight")
        short = (nodes for nodes in every if len(nodes) - 1 <= 2)
        expected = list(itertools.islice(short, 3)) if nx.has_path(reference, source, target) else []
        found = strongest_paths(smap, source, target, PathQuery(k=3, max_hops=2))
        assert [list(p.actor_ids) for p in found] == expected


@pytest.mark.parametrize("seed", range(6))
def test_the_single_strongest_route_resolves_equal_strengths_as_the_ranked_routes_do(seed: int) -> None:
    """k=1 takes a faster route search; on maps full of equally strong routes it must pick the same one."""
    rng = random.Random(seed)
    actors = [Actor(f"a{i}", f"A{i}", rng.choice(["business", "association", "media"])) for i in range(60)]
    ties = [
        tie(u.id, v.id, rng.choice([0.5, 0.7, 0.9]), direction="mutual" if rng.random() < 0.3 else "directed")
        for u, v in (rng.sample(actors, 2) for _ in range(240))
    ]
    smap = StakeholderMap(actors, ties)
    for _ in range(40):
        source, target, *avoided = (a.id for a in rng.sample(actors, 5))
        for query in (PathQuery(), PathQuery(avoid=frozenset(avoided)), PathQuery(avoid_kinds=frozenset({"media"}))):
            single = strongest_paths(smap, source, target, replace(query, k=1))
            ranked = strongest_paths(smap, source, target, replace(query, k=2))
            assert ids(single) == ids(ranked)[:1]
            assert [p.strength for p in single] == [p.strength for p in ranked][:1]


# --- agreement with networkx where many routes are equally strong ----------------------


def tied_queries(smap: StakeholderMap, avoided: list[str]) -> list[tuple[PathQuery, frozenset[str]]]:
    """Queries and the actors each one keeps off the route (the endpoints are never kept off)."""
    media = frozenset(a.id for a in smap.actors if a.kind == "media")
    return [
        (PathQuery(k=5), frozenset()),
        (PathQuery(k=5, avoid=frozenset(avoided)), frozenset(avoided)),
        (PathQuery(k=5, avoid_kinds=frozenset({"media"})), media),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_k_strongest_paths_on_tied_maps_are_networkx_routes_in_its_order(seed: int) -> None:
    """Routes of equal strength come in networkx's order, for k=1 (one search) as for k=5 (Yen)."""
    smap = tied_map(seed)
    graph = influence_graph(smap)
    rng = random.Random(seed)
    met_ties = 0
    for _ in range(20):
        source, target, *avoided = (a.id for a in rng.sample(smap.actors, 5))
        for query, kept_off in tied_queries(smap, avoided):
            expected = networkx_routes(graph, source, target, 5, kept_off - {source, target})
            for k in (1, 5):
                found = strongest_paths(smap, source, target, replace(query, k=k), graph)
                assert ids(found) == [tuple(nodes) for nodes in expected[:k]]
            met_ties += equally_long_neighbours(graph, expected)
    assert met_ties > 0


def networkx_independent_routes(graph: nx.DiGraph, source: str, target: str, k: int) -> list[tuple[str, ...]]:
    """Independent routes greedily, each the first networkx route once earlier intermediaries are removed."""
    routes: list[tuple[str, ...]] = []
    removed: set[str] = set()
    while len(routes) < k:
        direct = [(source, target)] if any(len(r) == 2 for r in routes) else []
        first = networkx_routes(graph, source, target, 1, removed, direct)
        if not first:
            break
        routes.append(tuple(first[0]))
        removed |= set(first[0][1:-1])
    return routes


@pytest.mark.parametrize("seed", range(4))
def test_independent_routes_on_tied_maps_are_networkx_routes(seed: int) -> None:
    smap = tied_map(seed)
    graph = influence_graph(smap)
    rng = random.Random(seed)
    for _ in range(20):
        source, target = (a.id for a in rng.sample(smap.actors, 2))
        expected = networkx_independent_routes(graph, source, target, 4)
        assert ids(strongest_paths(smap, source, target, PathQuery(k=4, independent=True), graph)) == expected


@pytest.mark.parametrize("seed", range(3))
def test_hop_cap_on_tied_maps_keeps_networkx_routes_within_the_cap(seed: int) -> None:
    """Short routes are rare here, so the search walks hundreds of longer ones first, in networkx's order."""
    smap = tied_map(seed, actors=16, ties=40)
    graph = influence_graph(smap)
    rng = random.Random(seed)
    for _ in range(6):
        source, target = (a.id for a in rng.sample(smap.actors, 2))
        every = networkx_routes(graph, source, target, MAX_CANDIDATES)
        expected = [tuple(nodes) for nodes in every if len(nodes) - 1 <= 3][:3]
        assert ids(strongest_paths(smap, source, target, PathQuery(k=3, max_hops=3), graph)) == expected


@pytest.mark.parametrize("scenario", [None, "civil_society_and_faith_lose_standing"])
def test_k_strongest_paths_on_the_kenya_sample_are_networkx_routes(kenya_map: StakeholderMap, scenario: str) -> None:
    """A real map: half its ties are 0.5 or 0.4, so equally strong routes are everywhere."""
    options = PRESET_SCENARIOS[scenario].apply(kenya_map) if scenario else InfluenceOptions()
    graph = influence_graph(kenya_map, options)
    rng = random.Random(2008)
    met_ties = 0
    for source, target in (rng.sample(sorted(graph), 2) for _ in range(120)):
        expected = networkx_routes(graph, source, target, 5)
        found = strongest_paths(kenya_map, source, target, PathQuery(k=5, influence=options), graph)
        assert ids(found) == [tuple(nodes) for nodes in expected]
        met_ties += equally_long_neighbours(graph, expected)
    assert met_ties > 0
