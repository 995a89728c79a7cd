"""How strongly can an actor move the targets, and how strongly can we move the actor?

With S(x -> y) the strength of the strongest path from x to y (the product of
tie strengths along it, 0 when y cannot be reached, 1 for x itself):

- **Reach** of x toward targets T:  R(x) = mean over t in T, t != x, of S(x -> t).
- **Accessibility** of x from us U:  A(x) = max over u in U of S(u -> x).

Both are single-source shortest-path passes under distance -ln(strength): one
reverse Dijkstra per target gives every actor's strength to that target, and one
multi-source Dijkstra from U gives every actor's accessibility. They run in C
(scipy's csgraph, see `mapping.analysis.compiled`); `strengths_to` is the
networkx reference for one target.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from mapping.analysis.compiled import CompiledGraph, compile_graph
from mapping.analysis.influence import strength_of

__all__ = ["ReachSummary", "accessibility", "reach", "reach_summaries", "strengths_to"]


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


@dataclass(frozen=True)
class ReachSummary:
    """An actor's reach and the evidence for it: how many targets it reaches, and the best one."""

    reach: float
    reachable: int
    targets: int
    best_target: str | None
    best_strength: float


def reach_summaries(
    graph: nx.DiGraph,
    targets: Collection[str],
    actors: Iterable[str] | None = None,
    compiled: CompiledGraph | None = None,
) -> dict[str, ReachSummary]:
    """Reach of each actor toward the targets (itself excluded), with its best target."""
    compiled = compiled or compile_graph(graph)
    wanted = list(dict.fromkeys(t for t in targets if t in compiled.index))
    actor_ids = [a for a in (actors if actors is not None else graph.nodes) if a in compiled.index]
    positions = np.array([compiled.index[a] for a in actor_ids], dtype=np.int64)
    total = np.zeros(len(actor_ids))
    reachable = np.zeros(len(actor_ids), dtype=np.int64)
    best = np.zeros(len(actor_ids))
    best_target = np.full(len(actor_ids), -1, dtype=np.int64)
    number = dict(zip(wanted, range(len(wanted)), strict=True))
    for chunk, strengths in compiled.strengths_to(wanted):
        rows = strengths[:, positions]
        for row, target in zip(rows, chunk, strict=True):
            row = np.where(positions == compiled.index[target], 0.0, row)  # an actor's reach excludes itself
            total += row
            reachable += row > 0
            better = row > best
            best = np.where(better, row, best)
            best_target = np.where(better, number[target], best_target)
    target_set = set(wanted)
    summaries = {}
    for i, actor in enumerate(actor_ids):
        others = len(wanted) - (actor in target_set)
        chosen = wanted[best_target[i]] if best_target[i] >= 0 else None
        mean = float(total[i]) / others if others else 0.0
        summaries[actor] = ReachSummary(mean, int(reachable[i]), others, chosen, float(best[i]))
    return summaries


def reach(graph: nx.DiGraph, targets: Collection[str], actors: Iterable[str] | None = None) -> dict[str, float]:
    """R(x) = mean over targets other than x of S(x -> t); 0 where none is reachable."""
    return {actor: summary.reach for actor, summary in reach_summaries(graph, targets, actors).items()}


def accessibility(graph: nx.DiGraph, us: Collection[str], compiled: CompiledGraph | None = None) -> dict[str, float]:
    """A(x) = max over u in us of S(u -> x), for every actor in the graph (0 if unreachable).

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("us", "b", distance=0.0)
    >>> g.add_node("c")
    >>> {k: round(v, 6) for k, v in accessibility(g, ["us"]).items()}
    {'us': 1.0, 'b': 1.0, 'c': 0.0}
    """
    compiled = compiled or compile_graph(graph)
    strengths = compiled.strengths_from_any([u for u in us if u in compiled.index])
    return {node: float(strengths[i]) for i, node in enumerate(compiled.nodes)}
