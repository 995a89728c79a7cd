"""Ranked routes: networkx's Yen algorithm and bidirectional Dijkstra, reproduced route for route on tied maps."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from mapping.analysis.influence import influence_graph
from mapping.analysis.ranked_routes import adjacency, ranked_routes, route_search
from tests.tied_maps import equally_long_neighbours, networkx_routes, tied_map


@pytest.mark.parametrize("seed", range(8))
def test_ranked_routes_are_networkx_shortest_simple_paths_in_its_order(seed: int) -> None:
    graph = influence_graph(tied_map(seed))
    rng = random.Random(seed)
    met_ties = 0
    for _ in range(25):
        source, target, *avoided = rng.sample(sorted(graph), 5)
        for avoid in (frozenset(), frozenset(avoided)):
            expected = networkx_routes(graph, source, target, 8, avoid)
            assert list(itertools.islice(ranked_routes(graph, source, target, hidden=avoid), 8)) == expected
            met_ties += equally_long_neighbours(graph, expected)
    assert met_ties > 0


@pytest.mark.parametrize("seed", range(4))
def test_skipped_ties_are_a_restricted_view_without_those_ties_from_the_source(seed: int) -> None:
    graph = influence_graph(tied_map(seed))
    rng = random.Random(seed)
    compared = 0
    for source in rng.sample(sorted(graph), 12):
        neighbours = sorted(graph.successors(source))
        if not neighbours:
            continue
        skipped = frozenset(rng.sample(neighbours, max(1, len(neighbours) // 2)))
        for target in rng.sample(sorted(set(graph) - {source}), 4):
            expected = networkx_routes(graph, source, target, 6, hidden_ties=[(source, n) for n in skipped])
            assert list(itertools.islice(ranked_routes(graph, source, target, skipped=skipped), 6)) == expected
            compared += bool(expected)
    assert compared > 0


@pytest.mark.parametrize("seed", range(6))
def test_route_search_is_networkx_bidirectional_dijkstra_length_and_route(seed: int) -> None:
    """The k=1 question: the same route and the very same float length as networkx's public search."""
    graph = influence_graph(tied_map(seed))
    rng = random.Random(seed)
    for _ in range(40):
        source, target, *avoided = rng.sample(sorted(graph), 5)
        for hidden in (frozenset(), frozenset(avoided)):

            def distance(u: str, v: str, data: dict, hidden: frozenset[str] = hidden) -> float | None:
                return None if u in hidden or v in hidden else data["distance"]

            try:
                expected = nx.bidirectional_dijkstra(graph, source, target, weight=distance)
            except nx.NetworkXNoPath:
                expected = None
            assert route_search(adjacency(graph), source, target, hidden) == expected


def test_a_missing_distance_counts_one_as_in_networkx() -> None:
    graph = nx.DiGraph()
    graph.add_edge("a", "b")
    graph.add_edge("b", "d", distance=0.25)
    graph.add_edge("a", "c", distance=0.5)
    graph.add_edge("c", "d", distance=0.5)
    graph.add_edge("a", "d", distance=1.3)
    expected = list(nx.shortest_simple_paths(graph, "a", "d", weight="distance"))
    assert expected == [["a", "c", "d"], ["a", "b", "d"], ["a", "d"]]
    assert list(ranked_routes(graph, "a", "d")) == expected


def test_an_unfrozen_graph_is_read_afresh_and_a_frozen_one_once() -> None:
    graph = nx.DiGraph()
    graph.add_edge("a", "b", distance=1.0)
    graph.add_edge("b", "c", distance=1.0)
    assert route_search(adjacency(graph), "a", "c") == (2.0, ["a", "b", "c"])
    graph.add_edge("a", "c", distance=0.5)
    assert route_search(adjacency(graph), "a", "c") == (0.5, ["a", "c"])
    frozen = nx.freeze(graph.copy())
    assert adjacency(frozen) is adjacency(frozen)


def test_no_route_gives_nothing() -> None:
    graph = nx.DiGraph()
    graph.add_edge("a", "b", distance=1.0)
    graph.add_edge("c", "b", distance=1.0)
    assert list(ranked_routes(graph, "a", "c")) == []
    assert route_search(adjacency(graph), "a", "c") is None
    assert list(ranked_routes(graph, "a", "b", hidden={"b"})) == []
