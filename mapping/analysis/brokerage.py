"""Who are the brokers: the actors the strongest routes between others pass through?

**Route share** of x on one network: the share of connected ordered pairs whose
strongest route passes through x,

    RS(x) = sum over s != x != t of sigma_st(x) / sigma_st, divided by P,

where sigma_st counts the strongest routes from s to t (distance -ln strength),
sigma_st(x) those through x, and P the number of ordered pairs (s, t), s != t,
with a route from s to t. It is betweenness centrality (igraph's Brandes
algorithm, `Graph.betweenness`, in C) divided by the connected pairs rather than
by all (n-1)(n-2) pairs, so that actors with no ties neither dilute nor change
anyone's share. igraph counts routes whose lengths differ by less than about
1e-10 as equally strong, so they share the credit.

**Brokerage** credits the routes people may actually use, not only the single
strongest: tie strengths are judgements (`mapping.analysis.uncertainty`), and a
route nearly as strong as the best one is as plausible a channel. So

    B(x) = (sum over draws d of the dependencies on x from the sources S_d)
           / (sum over draws d of the connected pairs from the sources S_d),

over `DRAWS` draws of the tie strengths within their confidence ranges: the
expected route share, each draw's strongest routes weighted equally. A route
that is the strongest in 30 % of the draws earns 30 % of what the strongest in
every draw earns; a route never close to the best earns nothing. This stands in
for crediting the k best routes of each pair by their strength, which would need
a k-route search per pair (millions on a national map).

Sources: every actor in every draw while that costs at most `EDGE_VISITS`
(draws x actors x edges); beyond, each draw takes an equal part of the sources
that fit, at least `SAMPLE_SIZE` in all, drawn by key so that the sample does not
change when other actors are removed (`uncertainty.smallest_keys`): the estimate
of Brandes and Pich (2007), the same sample on a map and its scenarios.

**Brokers between two groups** (e.g. the two political coalitions) counts only
routes from one group to the other, in both directions, over the same draws:
the share of those connected pairs' strongest routes that pass through each actor.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import numpy as np

from mapping.analysis.influence import InfluenceNetwork
from mapping.analysis.uncertainty import StrengthDraws, smallest_keys
from mapping.model import StakeholderMap

if TYPE_CHECKING:
    import igraph

__all__ = [
    "BROKERAGE_SEED",
    "DRAWS",
    "EDGE_VISITS",
    "SAMPLE_SIZE",
    "brokerage",
    "brokers_between",
    "route_shares",
    "sources_per_draw",
]

DRAWS = 20
SAMPLE_SIZE = 400
EDGE_VISITS = 10_000_000
BROKERAGE_SEED = 20080228  # the day the Kenyan National Accord was signed


def route_shares(network: InfluenceNetwork, sources: Sequence[int] | None = None) -> dict[str, float]:
    """RS(x) on this network: the share of connected ordered pairs whose strongest route passes through x.

    `sources` (positions) restrict the pairs to those starting there (an estimate); None is exact.

    Examples
    --------
    >>> chain = InfluenceNetwork.from_edges("abc", [("a", "b", 0.9, "dialogue", 0), ("b", "c", 0.9, "dialogue", 1)])
    >>> route_shares(chain)  # pairs a-b, b-c, a-c are connected; only a-c passes through b
    {'a': 0.0, 'b': 0.3333333333333333, 'c': 0.0}
    """
    dependencies, pairs = _dependencies(network, sources)
    return {
        actor: float(value) / pairs if pairs else 0.0 for actor, value in zip(network.actors, dependencies, strict=True)
    }


def brokerage(
    network: InfluenceNetwork, smap: StakeholderMap, draws: int = DRAWS, seed: int = BROKERAGE_SEED
) -> dict[str, float]:
    """B(x) of every actor: its expected route share over `draws` draws of the tie strengths (module docstring).

    `smap` is the map the network was built from (its ties' confidences set the ranges).
    """
    if len(network) < 3 or not network.edge_count:
        return dict.fromkeys(network.actors, 0.0)
    strengths = StrengthDraws(network, smap, seed)
    per_draw = sources_per_draw(network, draws)
    dependencies = np.zeros(len(network))
    pairs = 0
    reachable: dict[int, int] = {}
    for draw in range(draws):
        sources = None if per_draw >= len(network) else smallest_keys(network.actors, per_draw, seed + draw)
        # Each draw changes only the strengths: its distances run on the base network's graph.
        found, counted = _dependencies(strengths.network(draw), sources, reachable, network.igraph)
        dependencies += found
        pairs += counted
    return {
        actor: float(value) / pairs if pairs else 0.0 for actor, value in zip(network.actors, dependencies, strict=True)
    }


def sources_per_draw(network: InfluenceNetwork, draws: int) -> int:
    """How many sources each draw takes: all while the work fits `EDGE_VISITS`, else an equal part of what fits."""
    affordable = max(SAMPLE_SIZE, EDGE_VISITS // max(network.edge_count, 1))
    return min(len(network), max(1, -(-affordable // draws)))


def _dependencies(
    network: InfluenceNetwork,
    sources: Sequence[int] | None,
    reachable: dict[int, int] | None = None,
    graph: igraph.Graph | None = None,
) -> tuple[np.ndarray, int]:
    """igraph's betweenness from the sources (all when None), and the connected pairs starting at them.

    `reachable` remembers each source's count of reachable actors: it does not
    depend on the strengths, so draws of one network share it. `graph` is an igraph
    graph with the network's actors and edges in the same order (a draw's base
    network's): building one per draw cost more than the betweenness itself.
    """
    graph = graph if graph is not None else network.igraph
    raw = graph.betweenness(directed=True, weights=network.distances, sources=sources)
    reachable = {} if reachable is None else reachable
    starts = range(len(network)) if sources is None else sources
    for s in starts:
        if s not in reachable:
            reachable[s] = len(graph.subcomponent(s, mode="out")) - 1
    return np.asarray(raw, dtype=np.float64), sum(reachable[s] for s in starts)


def brokers_between(
    network: InfluenceNetwork,
    smap: StakeholderMap,
    group_a: Collection[str],
    group_b: Collection[str],
    draws: int = DRAWS,
    seed: int = BROKERAGE_SEED,
) -> dict[str, float]:
    """For each actor, the share of the connected pairs between the groups (both ways) whose routes pass through it.

    The pairs are the distinct ordered pairs P = {(a, b), (b, a) : a in A, b in B,
    a != b} with a route; each draw credits each pair's strongest routes as
    `route_shares` does, and the value is the credit summed over the draws divided
    by the connected pairs summed over the draws. Members of the groups can be
    brokers too (a party relaying to its ally).

    Examples
    --------
    >>> from mapping.analysis.influence import influence_network
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> smap = StakeholderMap(
    ...     [Actor(i, i.upper(), "business") for i in "abm"],
    ...     [Relationship("a", "m", "dialogue", 0.8, "directed", confidence="high"),
    ...      Relationship("m", "b", "dialogue", 0.8, "directed", confidence="high"),
    ...      Relationship("b", "a", "dialogue", 0.2, "directed", confidence="high")],
    ... )
    >>> brokers_between(influence_network(smap), smap, ["a"], ["b"])
    {'a': 0.0, 'b': 0.0, 'm': 0.5}
    """
    a = {network.index[x] for x in group_a if x in network}
    b = {network.index[x] for x in group_b if x in network}
    # Each source with the targets it is paired with: A-only sources reach B, B-only sources reach A,
    # and a source in both groups reaches either group.
    batches = [(sorted(src), sorted(dst)) for src, dst in [(a - b, b), (b - a, a), (a & b, a | b)] if src and dst]
    if not batches or not network.edge_count:
        return dict.fromkeys(network.actors, 0.0)
    strengths = StrengthDraws(network, smap, seed)
    pairs = sum(_connected_pairs(network, sources, targets) for sources, targets in batches)
    if not pairs:
        return dict.fromkeys(network.actors, 0.0)
    totals = np.zeros(len(network))
    for draw in range(draws):
        graph, weights = network.igraph, strengths.network(draw).distances
        for sources, targets in batches:
            totals += graph.betweenness(directed=True, weights=weights, sources=sources, targets=targets)
    return {actor: float(total) / (pairs * draws) for actor, total in zip(network.actors, totals, strict=True)}


def _connected_pairs(network: InfluenceNetwork, sources: list[int], targets: list[int]) -> int:
    """How many (source, target) pairs, source != target, have a route."""
    wanted = set(targets)
    return sum(len(wanted & set(network.igraph.subcomponent(s, mode="out")) - {s}) for s in sources)
