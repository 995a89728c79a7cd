"""Who are the brokers: the actors the strongest routes between others pass through?

**Brokerage** is betweenness centrality on the positive influence graph with
distance -ln(strength), normalised by networkx (directed: divided by
(n-1)(n-2)): the share of all ordered pairs' strongest routes that pass through
the actor. On maps larger than `EXACT_LIMIT` actors it is estimated from
`SAMPLE_SIZE` source actors drawn with a fixed seed (networkx's `k=` sampling,
Brandes and Pich 2007), so results are reproducible; the estimate's error is
measured in the benchmarks.

From `COMPILED_FROM` actors on, the same betweenness (same sample, same
rescaling) is computed by igraph in C (`mapping.analysis.compiled`). The one
difference: igraph treats two routes whose lengths differ by less than 1e-10 as
equally strong, where networkx needs bit-identical sums; on graphs without such
near-ties the two agree to 1e-16 (tested). From 1,000 actors igraph runs in a worker
process (`mapping.analysis.worker`), so that a ranking computes its other components
meanwhile; the values are the same bit for bit.

**Brokers between two groups** (e.g. the two political coalitions) counts only
routes from one group to the other, in both directions: the share of those
strongest routes that pass through each actor.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import networkx as nx

from mapping.analysis.compiled import MIN_DISTANCE, CompiledGraph, compile_graph
from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.remembered import Remembered
from mapping.model import StakeholderMap

__all__ = [
    "BROKERAGE_SEED",
    "COMPILED_FROM",
    "EXACT_LIMIT",
    "SAMPLE_SIZE",
    "brokerage",
    "brokerage_soon",
    "brokers_between",
    "map_brokerage",
    "map_brokerage_soon",
]

EXACT_LIMIT = 2000
SAMPLE_SIZE = 400
COMPILED_FROM = 150
BROKERAGE_SEED = 20080228  # the day the Kenyan National Accord was signed


def brokerage(
    graph: nx.DiGraph,
    sample_size: int | None = None,
    seed: int = BROKERAGE_SEED,
    compiled: CompiledGraph | None = None,
) -> dict[str, float]:
    """Normalised betweenness of every actor; sampled above `EXACT_LIMIT` actors.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_edge_attributes(g, 0.1, "distance")
    >>> brokerage(g)
    {'a': 0.0, 'b': 0.5, 'c': 0.0}
    """
    return brokerage_soon(graph, sample_size, seed, compiled)()


def brokerage_soon(
    graph: nx.DiGraph,
    sample_size: int | None = None,
    seed: int = BROKERAGE_SEED,
    compiled: CompiledGraph | None = None,
) -> Callable[[], dict[str, float]]:
    """`brokerage` started now; a function waiting for it.

    On maps of `mapping.analysis.worker.OFFLOAD_FROM` actors or more it runs in a
    worker process, so the caller can compute something else meanwhile.
    """
    count = graph.number_of_nodes()
    if sample_size is None and count > EXACT_LIMIT:
        sample_size = SAMPLE_SIZE
    k = sample_size if sample_size is not None and sample_size < count else None
    if count >= COMPILED_FROM:
        return (compiled or compile_graph(graph)).betweenness_soon(k, seed)
    result = nx.betweenness_centrality(_positive_distances(graph), k=k, normalized=True, weight="distance", seed=seed)
    return lambda: result


_remembered: Remembered[dict[str, float]] = Remembered()


def map_brokerage(
    smap: StakeholderMap, options: InfluenceOptions, graph: nx.DiGraph, compiled: CompiledGraph | None = None
) -> dict[str, float]:
    """`brokerage` of the map's influence graph under the options, remembered for the last few maps and options.

    Brokerage depends on the graph alone, not on who "we" are, the targets, the
    weights or the phase, yet it is the slowest component of a ranking (about 0.3 s
    at 3,000 actors, 10 s at 30,000). Remembering it by the map's content hash and
    the options makes changing those other choices cheap.
    `graph` must be `influence_graph(smap, options)`.
    """
    return map_brokerage_soon(smap, options, graph, compiled)()


def map_brokerage_soon(
    smap: StakeholderMap, options: InfluenceOptions, graph: nx.DiGraph, compiled: CompiledGraph | None = None
) -> Callable[[], dict[str, float]]:
    """`map_brokerage` started now (`brokerage_soon`) unless remembered; a function waiting for it."""
    key = (smap.content_hash(), options)
    known = _remembered.peek(key)
    if known is not None:
        return lambda: known
    wait = brokerage_soon(graph, compiled=compiled)
    return lambda: _remembered.get(key, wait)


def brokers_between(graph: nx.DiGraph, group_a: Collection[str], group_b: Collection[str]) -> dict[str, float]:
    """For each actor, the share of strongest routes between the groups (both ways) passing through it.

    The routes counted are those of the distinct ordered pairs P = {(a, b), (b, a) :
    a in A, b in B, a != b}. Value(x) = sum over (s, t) in P of sigma_st(x) / sigma_st,
    divided by |P|, where sigma counts strongest paths. For disjoint groups |P| is
    2|A||B|; when the groups overlap (e.g. all political actors against each other)
    each pair is counted once, so values stay shares in [0, 1]. Members of the
    groups can be brokers too (a party relaying to its ally).
    """
    a = [n for n in group_a if n in graph]
    b = [n for n in group_b if n in graph]
    pairs = {(s, t) for s in a for t in b if s != t} | {(t, s) for s in a for t in b if s != t}
    if not pairs:
        return dict.fromkeys(graph, 0.0)
    positive = _positive_distances(graph)
    targets_of: dict[str, list[str]] = {}
    for source, target in sorted(pairs):
        targets_of.setdefault(source, []).append(target)
    totals = dict.fromkeys(graph, 0.0)
    for source, targets in targets_of.items():
        shares = nx.betweenness_centrality_subset(positive, [source], targets, normalized=False, weight="distance")
        for node, share in shares.items():
            totals[node] += share
    return {node: total / len(pairs) for node, total in totals.items()}


def _positive_distances(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph with every distance at least `MIN_DISTANCE`.

    networkx's betweenness miscounts routes around a cycle of zero-length edges (two
    actors with a mutual tie of strength 1): a settled actor gains routes back
    through it, and shares exceed 1. The floor is far below any difference in
    strength a map can express; its only effect is that a tie of strength 1 still
    counts as a hop when two routes are otherwise equally strong.
    """
    if all(distance >= MIN_DISTANCE for _, _, distance in graph.edges(data="distance")):
        return graph
    floored = graph.copy()
    for _, _, data in floored.edges(data=True):
        data["distance"] = max(data["distance"], MIN_DISTANCE)
    return floored
