"""Maps full of equally strong routes, and networkx's answers on them: the reference for the route searches.

Strengths drawn from {0.5, 0.7, 0.9} make many routes exactly as strong as
others, so which one comes first depends on how a search breaks ties; the
reference is what networkx's Yen algorithm (`shortest_simple_paths`) yields.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Collection, Sequence

import networkx as nx

from mapping.model import Actor, Relationship, StakeholderMap

TIED_STRENGTHS = (0.5, 0.7, 0.9)


def tied_map(seed: int, actors: int = 60, ties: int = 240) -> StakeholderMap:
    """A seeded map of three kinds, each tie 0.5, 0.7 or 0.9, about a third of them mutual."""
    rng = random.Random(seed)
    people = [Actor(f"a{i}", f"A{i}", rng.choice(["business", "association", "media"])) for i in range(actors)]
    relationships = [
        Relationship(
            u.id,
            v.id,
            "influences",
            rng.choice(TIED_STRENGTHS),
            direction="mutual" if rng.random() < 0.3 else "directed",
        )
        for u, v in (rng.sample(people, 2) for _ in range(ties))
    ]
    return StakeholderMap(people, relationships)


def networkx_routes(
    graph: nx.DiGraph,
    source: str,
    target: str,
    k: int,
    avoid: Collection[str] = (),
    hidden_ties: Collection[tuple[str, str]] = (),
) -> list[list[str]]:
    """The first k routes of `nx.shortest_simple_paths` by distance on the graph without the avoided actors and ties."""
    view = nx.restricted_view(graph, avoid, hidden_ties) if avoid or hidden_ties else graph
    try:
        return list(itertools.islice(nx.shortest_simple_paths(view, source, target, weight="distance"), k))
    except nx.NetworkXNoPath:
        return []


def equally_long_neighbours(graph: nx.DiGraph, routes: Sequence[Sequence[str]]) -> int:
    """How many consecutive routes are equally long (to 1e-12): shows that a test met ties."""
    lengths = [nx.path_weight(graph, list(route), "distance") for route in routes]
    return sum(abs(a - b) < 1e-12 for a, b in itertools.pairwise(lengths))
