"""How strongly can an actor move the targets, and how strongly can we move the actor?

With S(x -> y) the strength of the strongest path from x to y (the product of
tie strengths along it, 0 when y cannot be reached, 1 for x itself):

- **Reach** of x toward targets T:  R(x) = mean over t in T, t != x, of S(x -> t).
- **Accessibility** of x from us U:  A(x) = max over u in U of S(u -> x).

Both are shortest-path passes under distance -ln(strength) in scipy's csgraph
(`scipy.sparse.csgraph.dijkstra`, in C): one reverse pass per target gives every
actor's strength to that target, and one multi-source pass from U every actor's
accessibility. The same passes give one strongest route per actor (`routes_to`,
`routes_from_any`), which the ranking's reasons cite.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse.csgraph import dijkstra

from mapping.analysis.influence import InfluenceNetwork

__all__ = [
    "ReachSummary",
    "accessibility",
    "reach",
    "reach_and_reachers",
    "reach_summaries",
    "routes_from_any",
    "routes_to",
    "strengths_to",
]

TARGET_CHUNK = 256  # targets per Dijkstra pass: bounds memory to chunk x actors floats


def strengths_to(network: InfluenceNetwork, target: str) -> dict[str, float]:
    """S(x -> target) for every actor x that can reach the target (target itself: 1).

    Examples
    --------
    >>> network = InfluenceNetwork.from_edges("ab", [("a", "b", 0.6, "influences", 0)])
    >>> {k: round(v, 3) for k, v in strengths_to(network, "b").items()}
    {'a': 0.6, 'b': 1.0}
    """
    if target not in network:
        return {}
    (_, strengths), *_ = _strengths_to(network, [target])
    return {actor: float(s) for actor, s in zip(network.actors, strengths[0], strict=True) if s > 0}


def _strengths_to(network: InfluenceNetwork, targets: Sequence[str]) -> Iterator[tuple[list[str], np.ndarray]]:
    """For chunks of targets: (targets, array[target, actor] = S(actor -> target))."""
    for start in range(0, len(targets), TARGET_CHUNK):
        chunk = list(targets[start : start + TARGET_CHUNK])
        distances = dijkstra(network.reverse, directed=True, indices=[network.index[t] for t in chunk])
        yield chunk, np.exp(-np.atleast_2d(distances))


@dataclass(frozen=True)
class ReachSummary:
    """An actor's reach and the evidence for it: how many targets it reaches, and the best one."""

    reach: float
    reachable: int
    targets: int
    best_target: str | None
    best_strength: float


def reach_summaries(
    network: InfluenceNetwork, targets: Collection[str], actors: Iterable[str] | None = None
) -> dict[str, ReachSummary]:
    """Reach of each actor toward the targets (itself excluded), with its best target."""
    return reach_and_reachers(network, targets, actors)[0]


def reach_and_reachers(
    network: InfluenceNetwork, targets: Collection[str], actors: Iterable[str] | None = None
) -> tuple[dict[str, ReachSummary], dict[str, int]]:
    """`reach_summaries`, and for each target how many of the actors can reach it: one pass for both."""
    wanted = list(dict.fromkeys(t for t in targets if t in network))
    actor_ids = [a for a in (actors if actors is not None else network.actors) if a in network]
    positions = np.array([network.index[a] for a in actor_ids], dtype=np.int64)
    total = np.zeros(len(actor_ids))
    reachable = np.zeros(len(actor_ids), dtype=np.int64)
    best = np.zeros(len(actor_ids))
    best_target = np.full(len(actor_ids), -1, dtype=np.int64)
    number = {target: i for i, target in enumerate(wanted)}
    reached_by: dict[str, int] = {}
    for chunk, strengths in _strengths_to(network, wanted):
        for row, target in zip(strengths[:, positions], chunk, strict=True):
            row = np.where(positions == network.index[target], 0.0, row)  # an actor's reach excludes itself
            reached_by[target] = int((row > 0).sum())
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
    return summaries, reached_by


def reach(network: InfluenceNetwork, targets: Collection[str], actors: Iterable[str] | None = None) -> dict[str, float]:
    """R(x) = mean over targets other than x of S(x -> t); 0 where none is reachable."""
    return {actor: summary.reach for actor, summary in reach_summaries(network, targets, actors).items()}


def accessibility(network: InfluenceNetwork, us: Collection[str]) -> dict[str, float]:
    """A(x) = max over u in us of S(u -> x), for every actor of the network (0 if unreachable).

    Examples
    --------
    >>> network = InfluenceNetwork.from_edges(["us", "b", "c"], [("us", "b", 1.0, "dialogue", 0)])
    >>> {k: round(v, 6) for k, v in accessibility(network, ["us"]).items()}
    {'b': 1.0, 'c': 0.0, 'us': 1.0}
    """
    indices = [network.index[u] for u in us if u in network]
    if not indices:
        return dict.fromkeys(network.actors, 0.0)
    distances = dijkstra(network.forward, directed=True, indices=indices, min_only=True)
    return {actor: float(s) for actor, s in zip(network.actors, np.exp(-distances), strict=True)}


def routes_to(network: InfluenceNetwork, target: str) -> Callable[[str], list[str]]:
    """A function giving, for any actor, the actors of one strongest route from it to the target ([] if none).

    One reverse Dijkstra from the target gives every actor's next hop toward it,
    so routes from many actors to one target cost one pass.
    """
    if target not in network:
        return lambda _source: []
    end = network.index[target]
    _, toward = dijkstra(network.reverse, directed=True, indices=end, return_predecessors=True)

    def route(source: str) -> list[str]:
        at = network.index.get(source)
        if at is None or (at != end and toward[at] < 0):
            return []
        hops = [at]
        while hops[-1] != end:
            hops.append(int(toward[hops[-1]]))
        return [network.actors[i] for i in hops]

    return route


def routes_from_any(network: InfluenceNetwork, sources: Sequence[str]) -> Callable[[str], list[str]]:
    """A function giving, for any actor, one strongest route to it from the nearest of the sources ([] if none)."""
    indices = [network.index[s] for s in sources if s in network]
    if not indices:
        return lambda _target: []
    _, previous, _ = dijkstra(network.forward, directed=True, indices=indices, min_only=True, return_predecessors=True)
    starts = set(indices)

    def route(target: str) -> list[str]:
        at = network.index.get(target)
        if at is None or (at not in starts and previous[at] < 0):
            return []
        hops = [at]
        while hops[-1] not in starts:
            hops.append(int(previous[hops[-1]]))
        return [network.actors[i] for i in reversed(hops)]

    return route
