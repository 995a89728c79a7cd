"""How can we reach X? The strongest chains of influence from one actor to another.

Path strength is the product of the tie strengths along the path: influence
attenuates at every hop, so a 0.9 tie then a 0.5 tie gives 0.45. The strongest
path maximises that product, which is the shortest path under the distance
-ln(strength) (see `mapping.analysis.influence`). The k strongest simple paths
come from Yen's algorithm on that distance: the routes networkx's
`shortest_simple_paths` gives, in its order (equally strong routes included),
computed by `mapping.analysis.ranked_routes` at a quarter of the cost.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from mapping.analysis.influence import InfluenceOptions, influence_graph
from mapping.analysis.ranked_routes import ranked_routes
from mapping.model import StakeholderMap

__all__ = [
    "MAX_CANDIDATES",
    "InfluencePath",
    "PathQuery",
    "Step",
    "best_strength",
    "strongest_paths",
    "strongest_paths_from_any",
]

# With a hop cap, Yen's algorithm may have to look past long strong paths to find
# short ones; it stops after examining this many candidates per query.
MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class Step:
    """One hop of a path: the tie taken and the actor it arrives at."""

    actor_id: str
    actor_name: str
    tie_kind: str
    tie_strength: float


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

    def describe(self) -> str:
        """'A --dialogue 0.5--> B --member of 0.6--> C (0.30)'."""
        parts = [self.origin_name]
        for step in self.steps:
            parts.append(f"--{step.tie_kind.replace('_', ' ')} {step.tie_strength:.2g}--> {step.actor_name}")
        return " ".join(parts) + f" ({self.strength:.2f})"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `mapping paths --json`."""
        return {
            "strength": round(self.strength, 6),
            "hops": self.hops,
            "steps": [{"id": self.origin_id, "name": self.origin_name, "tie_kind": None, "tie_strength": None}]
            + [
                {"id": s.actor_id, "name": s.actor_name, "tie_kind": s.tie_kind, "tie_strength": s.tie_strength}
                for s in self.steps
            ],
            "brokers": [{"id": i, "name": n} for i, n in zip(self.brokers, self.broker_names, strict=True)],
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
    graph: nx.DiGraph | None = None,
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
    graph : networkx.DiGraph, optional
        A precomputed `influence_graph(smap, query.influence)` to reuse.

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
    base = graph if graph is not None else influence_graph(smap, query.influence)
    if origin == goal or origin not in base or goal not in base:
        return []
    blocked = frozenset(_blocked(smap, origin, goal, query))
    routes = (
        _independent_routes(base, origin, goal, query, blocked)
        if query.independent
        else _routes(base, origin, goal, query, blocked)
    )
    return [_as_path(smap, base, nodes) for nodes in itertools.islice(routes, query.k)]


def strongest_paths_from_any(
    smap: StakeholderMap,
    sources: Iterable[str],
    target: str,
    query: PathQuery = PathQuery(),
    graph: nx.DiGraph | None = None,
) -> list[InfluencePath]:
    """The k strongest paths to the target from any of several actors ("us" as a network)."""
    graph = graph if graph is not None else influence_graph(smap, query.influence)
    found = [path for source in dict.fromkeys(sources) for path in strongest_paths(smap, source, target, query, graph)]
    found.sort(key=lambda p: (-p.strength, p.hops, p.actor_ids))
    return found[: query.k]


def best_strength(
    smap: StakeholderMap, source: str, target: str, graph: nx.DiGraph | None = None, avoid: Iterable[str] = ()
) -> float:
    """The strength of the single strongest path (0 when unreachable)."""
    paths = strongest_paths(smap, source, target, PathQuery(k=1, avoid=frozenset(avoid)), graph)
    return paths[0].strength if paths else 0.0


def _blocked(smap: StakeholderMap, origin: str, goal: str, query: PathQuery) -> set[str]:
    """The actors the query avoids (the endpoints never are)."""
    blocked = set(query.avoid)
    if query.avoid_kinds:
        blocked |= {a.id for a in smap.actors if a.kind in query.avoid_kinds}
    if query.avoid_opposed:
        blocked |= {a.id for a in smap.actors if a.stance == "opposed"}
    return blocked - {origin, goal}


def _routes(
    graph: nx.DiGraph,
    origin: str,
    goal: str,
    query: PathQuery,
    blocked: frozenset[str],
    skipped: frozenset[str] = frozenset(),
) -> Iterator[list[str]]:
    """Simple paths in order of strength, within the hop cap, avoiding the blocked actors.

    `skipped` are actors the origin's direct ties to are not taken. Only the
    routes asked for are searched: the first costs one bidirectional Dijkstra,
    each further one a round of Yen's spur searches.
    """
    candidates = ranked_routes(graph, origin, goal, hidden=blocked, skipped=skipped)
    for nodes in itertools.islice(candidates, MAX_CANDIDATES if query.max_hops else None):
        if query.max_hops is None or len(nodes) - 1 <= query.max_hops:
            yield nodes


def _independent_routes(
    graph: nx.DiGraph, origin: str, goal: str, query: PathQuery, blocked: frozenset[str]
) -> Iterator[list[str]]:
    """The strongest route, then the strongest that shares none of its intermediaries, and so on."""
    used: set[str] = set()
    used_direct = False
    while True:
        skipped = frozenset({goal}) if used_direct else frozenset()
        nodes = next(_routes(graph, origin, goal, query, blocked | used, skipped), None)
        if nodes is None:
            return
        yield nodes
        used_direct = used_direct or len(nodes) == 2
        used |= set(nodes[1:-1])


def _as_path(smap: StakeholderMap, graph: nx.DiGraph, nodes: list[str]) -> InfluencePath:
    steps = tuple(
        Step(v, smap.actor(v).name, graph[u][v]["kind"], graph[u][v]["strength"]) for u, v in itertools.pairwise(nodes)
    )
    return InfluencePath(nodes[0], smap.actor(nodes[0]).name, steps)
