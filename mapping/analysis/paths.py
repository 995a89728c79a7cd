"""How can we reach X? The strongest chains of influence from one actor to another.

Path strength is the product of the tie strengths along the path: influence
attenuates at every hop, so a 0.9 tie then a 0.5 tie gives 0.45. The strongest
path maximises that product, which is the shortest path under the distance
-ln(strength) (see `mapping.analysis.influence`). The k strongest simple paths
are Yen's algorithm on that distance, as igraph computes it in C
(`Graph.get_k_shortest_paths`).

Order: strongest first. Routes whose strengths are equal to 1e-12 come with
fewer hops first, then in the order of their actors' ids. When more routes are
equally strong than k leaves room for, which of them fill the last places is
igraph's choice: any of them is an equally strong answer.

Options (`PathQuery`):

- avoided actors and kinds are taken out of the network before the search (the
  two ends never are);
- a hop cap keeps the k strongest routes of at most that many ties: actors that
  cannot lie on such a route (by the fewest ties from the start plus to the end)
  are left out, then routes are asked for in order of strength until k fit the
  cap, the search runs out of routes, or `MAX_CANDIDATES` have been examined;
- independent routes are found greedily: the strongest route, then the strongest
  that shares none of its intermediaries (nor, once a direct tie is used, that
  tie), and so on.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.model import StakeholderMap
from mapping.values import PartialDate

__all__ = [
    "MAX_CANDIDATES",
    "InfluencePath",
    "PathQuery",
    "Step",
    "strongest_paths",
    "strongest_paths_from_any",
]

# With a hop cap, the search may have to look past long strong routes to find
# short ones; it stops after examining this many routes per query.
MAX_CANDIDATES = 2000
_EQUAL = 12  # digits to which two route strengths count as equal when ordering them


@dataclass(frozen=True)
class Step:
    """One hop of a path: the tie taken (its kind, strength, confidence, dates and source) and the actor reached."""

    actor_id: str
    actor_name: str
    tie_kind: str
    tie_strength: float
    confidence: str = "medium"
    since: PartialDate | None = None
    until: PartialDate | None = None
    source_ref: str = ""
    tie: int = -1

    def dates(self) -> str:
        """'2008-01 to 2008-02', 'since 2012', 'until 2008' or '' for an undated tie."""
        if self.since and self.until:
            return f"{self.since} to {self.until}"
        return f"since {self.since}" if self.since else (f"until {self.until}" if self.until else "")


@dataclass(frozen=True)
class InfluencePath:
    """A chain of influence from `origin` to the last step's actor.

    `strength` is the product of the steps' tie strengths; `brokers` are the
    intermediate actors, in order, whose goodwill the chain depends on.
    """

    origin_id: str
    origin_name: str
    steps: tuple[Step, ...]

    @property
    def strength(self) -> float:
        product = 1.0
        for step in self.steps:
            product *= step.tie_strength
        return product

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return (self.origin_id, *(step.actor_id for step in self.steps))

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def brokers(self) -> tuple[str, ...]:
        return tuple(step.actor_id for step in self.steps[:-1])

    @property
    def broker_names(self) -> tuple[str, ...]:
        return tuple(step.actor_name for step in self.steps[:-1])

    @property
    def weakest_confidence(self) -> str:
        """The lowest confidence of the route's ties: the route is only as sure as its least sure hop."""
        order = ("low", "medium", "high")
        return min((step.confidence for step in self.steps), key=order.index, default="high")

    def period_note(self) -> str:
        """'' when the route's ties were in force together at some time; else 'mixes periods: ...'.

        A tie holds from the first day of `since` to the last day of `until`
        (undated ends are open). The ties share a time when the latest start is
        not after the earliest end; the note names the two hops that fail it.
        """
        started = [(step.since.start, i) for i, step in enumerate(self.steps) if step.since is not None]
        ended = [(step.until.end, i) for i, step in enumerate(self.steps) if step.until is not None]
        if not started or not ended:
            return ""
        (latest, late), (earliest, early) = max(started), min(ended)
        if latest <= earliest:
            return ""
        return f"mixes periods: {self._hop(early)} ({self.steps[early].dates()}) and {self._hop(late)} " + (
            f"({self.steps[late].dates()}) were never in force together"
        )

    def _hop(self, i: int) -> str:
        before = self.origin_name if i == 0 else self.steps[i - 1].actor_name
        return f"{before} --{self.steps[i].tie_kind.replace('_', ' ')}--> {self.steps[i].actor_name}"

    def describe(self) -> str:
        """'A --dialogue 0.5--> B --member of 0.6--> C (0.30)'."""
        parts = [self.origin_name]
        for step in self.steps:
            parts.append(f"--{step.tie_kind.replace('_', ' ')} {step.tie_strength:.2g}--> {step.actor_name}")
        return " ".join(parts) + f" ({self.strength:.2f})"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `mapping paths --json`."""
        origin = {"id": self.origin_id, "name": self.origin_name, "tie_kind": None, "tie_strength": None}
        return {
            "strength": round(self.strength, 6),
            "hops": self.hops,
            "steps": [origin] + [_step_dict(s) for s in self.steps],
            "brokers": [{"id": i, "name": n} for i, n in zip(self.brokers, self.broker_names, strict=True)],
            "weakest_confidence": self.weakest_confidence,
            "mixes_periods": self.period_note(),
        }


def _step_dict(step: Step) -> dict[str, object]:
    return {
        "id": step.actor_id,
        "name": step.actor_name,
        "tie_kind": step.tie_kind,
        "tie_strength": step.tie_strength,
        "confidence": step.confidence,
        "since": str(step.since) if step.since else None,
        "until": str(step.until) if step.until else None,
        "source_ref": step.source_ref,
    }


@dataclass(frozen=True)
class PathQuery:
    """The options of a path question, so that a page or the CLI can build it once.

    avoid : actor ids the route must not pass through.
    avoid_kinds : actor kinds the route must not pass through (e.g. "armed_group").
    avoid_opposed : skip intermediaries whose stance is `opposed`.
    independent : routes that share no intermediary (independent channels),
        strongest first; found greedily, so each is the strongest route left once
        the intermediaries of the earlier ones are excluded.
    max_hops : longest route allowed, in ties.
    influence : which ties count (confidence weighting, low-confidence ties, as-of date).
    """

    k: int = 3
    avoid: frozenset[str] = frozenset()
    avoid_kinds: frozenset[str] = frozenset()
    avoid_opposed: bool = False
    independent: bool = False
    max_hops: int | None = None
    influence: InfluenceOptions = field(default_factory=InfluenceOptions)


def strongest_paths(
    smap: StakeholderMap,
    source: str,
    target: str,
    query: PathQuery = PathQuery(),
    network: InfluenceNetwork | None = None,
) -> list[InfluencePath]:
    """The k strongest simple paths from `source` to `target`, strongest first.

    Parameters
    ----------
    smap : StakeholderMap
        The map.
    source, target : str
        Actor ids or names (resolved with `StakeholderMap.resolve`).
    query : PathQuery
        k, actors or kinds to avoid, independence, hop cap and tie options.
    network : InfluenceNetwork, optional
        `influence_network(smap, query.influence)`, when the caller already has it.

    Returns
    -------
    list of InfluencePath
        Up to k paths; empty when the target cannot be reached.

    Raises
    ------
    mapping.model.UnknownActorError
        If source or target names no actor (the message lists the closest names).

    Examples
    --------
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> smap = StakeholderMap(
    ...     [Actor(i, i.upper(), "business") for i in "abc"],
    ...     [Relationship("a", "b", "influences", 0.9), Relationship("b", "c", "influences", 0.5),
    ...      Relationship("a", "c", "influences", 0.4)],
    ... )
    >>> [(p.actor_ids, round(p.strength, 2)) for p in strongest_paths(smap, "a", "c")]
    [(('a', 'b', 'c'), 0.45), (('a', 'c'), 0.4)]
    """
    origin, goal = smap.resolve(source).id, smap.resolve(target).id
    network = network if network is not None else influence_network(smap, query.influence)
    if origin == goal or origin not in network or goal not in network:
        return []
    search = _Search(network, network.index[origin], network.index[goal], _blocked(smap, origin, goal, query))
    if query.independent:
        routes = list(itertools.islice(search.independent(), query.k))
    elif query.max_hops is not None:
        routes = search.within_hops(query.k, query.max_hops)
    else:
        routes = search.strongest(query.k)
    return _ordered([_as_path(smap, network, [network.actors[i] for i in nodes]) for nodes in routes])


def strongest_paths_from_any(
    smap: StakeholderMap,
    sources: Iterable[str],
    target: str,
    query: PathQuery = PathQuery(),
    network: InfluenceNetwork | None = None,
) -> list[InfluencePath]:
    """The k strongest paths to the target from any of several actors ("us" as a network)."""
    network = network if network is not None else influence_network(smap, query.influence)
    found = [
        path for source in dict.fromkeys(sources) for path in strongest_paths(smap, source, target, query, network)
    ]
    return _ordered(found)[: query.k]


def _ordered(paths: list[InfluencePath]) -> list[InfluencePath]:
    """Strongest first; equal strengths (to 1e-12) by fewer hops, then by the actors' ids."""
    return sorted(paths, key=lambda p: (-round(p.strength, _EQUAL), p.hops, p.actor_ids))


def _blocked(smap: StakeholderMap, origin: str, goal: str, query: PathQuery) -> set[str]:
    """The actors the query avoids (the endpoints never are)."""
    blocked = set(query.avoid)
    if query.avoid_kinds:
        blocked |= {a.id for a in smap.actors if a.kind in query.avoid_kinds}
    if query.avoid_opposed:
        blocked |= {a.id for a in smap.actors if a.stance == "opposed"}
    return blocked - {origin, goal}


Route = list[int]
"""A route as positions in the network's actors."""


class _Search:
    """Route searches from `start` to `end` in igraph, over the network without the blocked actors.

    Ties are left out of a search by giving them an infinite distance, which
    igraph's searches never take (its own Yen implementation removes ties the
    same way): the graph is shared, only a list of distances is made per search.
    """

    def __init__(self, network: InfluenceNetwork, start: int, end: int, blocked: Iterable[str]) -> None:
        self.network = network
        self.start, self.end = start, end
        self.blocked = frozenset(network.index[a] for a in blocked if a in network)

    def strongest(self, k: int, hidden: frozenset[int] = frozenset(), hidden_direct: bool = False) -> list[Route]:
        """Yen's k strongest routes, without the hidden actors (and the direct tie, when asked)."""
        distances = self._distances(self.blocked | hidden, hidden_direct)
        graph = self.network.igraph
        if graph.distances(self.start, self.end, weights=distances)[0][0] == math.inf:
            return []  # igraph warns when asked for routes that do not exist
        return graph.get_k_shortest_paths(self.start, self.end, k=k, weights=distances, mode="out")

    def independent(self) -> Iterator[Route]:
        """The strongest route, then the strongest sharing none of its intermediaries, and so on."""
        used: set[int] = set()
        used_direct = False
        while True:
            found = self.strongest(1, frozenset(used), used_direct)
            if not found:
                return
            yield found[0]
            used_direct = used_direct or len(found[0]) == 2
            used |= set(found[0][1:-1])

    def within_hops(self, k: int, max_hops: int) -> list[Route]:
        """The k strongest routes of at most `max_hops` ties (see the module docstring)."""
        hidden = frozenset(self._too_far(max_hops))
        asked = k
        while True:
            found = self.strongest(asked, hidden)
            short = [route for route in found if len(route) - 1 <= max_hops]
            if len(short) >= k or len(found) < asked or asked >= MAX_CANDIDATES:
                return short[:k]
            asked = min(asked * 4, MAX_CANDIDATES)

    def _too_far(self, max_hops: int) -> set[int]:
        """Actors that lie on no route of at most `max_hops` ties: fewest ties in plus out exceed the cap."""
        graph = self.network.igraph
        ones = np.where(np.isfinite(self._distances(self.blocked)), 1.0, math.inf)  # a hop per tie
        from_start = graph.distances(self.start, weights=ones, mode="out")[0]
        to_end = graph.distances(self.end, weights=ones, mode="in")[0]
        return {v for v, (a, b) in enumerate(zip(from_start, to_end, strict=True)) if a + b > max_hops}

    def _distances(self, hidden: frozenset[int], hidden_direct: bool = False) -> np.ndarray:
        """Each tie's distance, infinite for the ties at hidden actors (and for the direct tie, when asked)."""
        network = self.network
        distances = network.distances.copy()
        if hidden:
            out = list(hidden)
            distances[np.isin(network.sources, out) | np.isin(network.targets, out)] = math.inf
        if hidden_direct:
            distances[(network.sources == self.start) & (network.targets == self.end)] = math.inf
        return distances


def _as_path(smap: StakeholderMap, network: InfluenceNetwork, nodes: list[str]) -> InfluencePath:
    steps = []
    for u, v in itertools.pairwise(nodes):
        edge = network.edge(u, v)
        assert edge is not None  # the route was found on the network's own edges
        tie = smap.relationships[edge.tie] if 0 <= edge.tie < len(smap.relationships) else None
        details = (
            {}
            if tie is None
            else {
                "confidence": tie.confidence,
                "since": tie.since,
                "until": tie.until,
                "source_ref": tie.source_ref,
            }
        )
        steps.append(Step(v, smap.actor(v).name, edge.kind, edge.strength, tie=edge.tie, **details))
    return InfluencePath(nodes[0], smap.actor(nodes[0]).name, tuple(steps))
