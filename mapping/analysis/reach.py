"""How strongly can an actor move the targets, and how strongly can we move the actor?

With S(x -> y) the strength of the strongest path from x to y (the product of
tie strengths along it, 0 when y cannot be reached, 1 for x itself):

- **Reach** of x toward targets T:  R(x) = mean over t in T, t != x, of S(x -> t).
- **Accessibility** of x from us U:  A(x) = max over u in U of S(u -> x).

Both are single-source shortest-path passes under distance -ln(strength): one
reverse Dijkstra per target gives every actor's strength to that target, and one
multi-source Dijkstra from U gives every actor's accessibility.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx

from mapping.analysis.influence import strength_of

__all__ = ["accessibility", "reach", "strengths_to"]


def strengths_to(graph: nx.DiGraph, target: str) -> dict[str, float]:
    """S(x -> target) for every actor x that can reach the target (target itself: 1).

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", distance=0.5)
    >>> {k: round(v, 3) for k, v in strengths_to(g, "b").items()}
    {'b': 1.0, 'a': 0.607}
    """
    if target not in graph:
        return {}
    lengths = nx.single_source_dijkstra_path_length(graph.reverse(copy=False), target, weight="distance")
    return {actor: strength_of(distance) for actor, distance in lengths.items()}


def reach(graph: nx.DiGraph, targets: Collection[str], actors: Iterable[str] | None = None) -> dict[str, float]:
    """R(x) = mean over targets other than x of S(x -> t); 0 where none is reachable."""
    tables = {t: strengths_to(graph, t) for t in targets if t in graph}
    result = {}
    for actor in actors if actors is not None else graph.nodes:
        others = [t for t in tables if t != actor]
        result[actor] = sum(tables[t].get(actor, 0.0) for t in others) / len(others) if others else 0.0
    return result


def accessibility(graph: nx.DiGraph, us: Collection[str]) -> dict[str, float]:
    """A(x) = max over u in us of S(u -> x), for every actor in the graph (0 if unreachable).

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("us", "b", distance=0.0)
    >>> g.add_node("c")
    >>> accessibility(g, ["us"])
    {'us': 1.0, 'b': 1.0, 'c': 0.0}
    """
    sources = {u for u in us if u in graph}
    lengths = nx.multi_source_dijkstra_path_length(graph, sources, weight="distance") if sources else {}
    return {actor: strength_of(lengths[actor]) if actor in lengths else 0.0 for actor in graph}
