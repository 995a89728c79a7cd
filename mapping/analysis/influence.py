"""The positive influence network every analysis walks: who can move whom, and how strongly.

`influence_network(smap, options)` turns a map into an `InfluenceNetwork`:

- one edge u -> v per ordered pair that has at least one positive tie carrying
  influence from u to v: a tie source -> target gives source -> target at its
  `strength` and, when `strength_back` is above 0, target -> source at
  `strength_back` (the contract's rule resolved it: `mapping.schema.back_strength`);
- negative ties (sign '-') carry no influence and are left out; they are counted
  as friction elsewhere;
- when several ties join the same ordered pair, the strongest counts (the first
  written wins among equally strong ones);
- each edge has a `strength` in (0, 1] (after the confidence factor and any
  weakening, when asked for, applied alike to both directions of a tie), a
  `distance` = -ln(strength), and the `kind` and index in
  `StakeholderMap.relationships` of the tie that gave it;
- with `as_of`, actors not in force that day (`Actor.in_force`) are left out
  with their ties, and so are ties not in force (`Relationship.in_force`).

Path strength is the product of tie strengths, so the strongest path is the
shortest path under `distance`, and every shortest-path algorithm of networkx,
igraph or scipy answers "strongest" questions exactly.

Actors are kept in id order and edges in (source, target) order, so that no
answer depends on the order of the user's rows. The network is a plain value:
it computes nothing until asked, and what it builds for one algorithm (the
networkx graph, the igraph graph, the sparse matrices) is kept on it, so that a
caller who keeps the network (the app caches it per map and options) pays for
each only once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from mapping.model import Relationship, StakeholderMap

if TYPE_CHECKING:
    import igraph
    import networkx as nx
    from scipy.sparse import csr_matrix

__all__ = [
    "CONFIDENCE_FACTORS",
    "MIN_DISTANCE",
    "CountedTie",
    "Edge",
    "InfluenceNetwork",
    "InfluenceOptions",
    "counted_relationships",
    "distance_of",
    "effective_back",
    "influence_network",
    "kept_actors",
    "opposed_pairs",
    "strength_of",
]

# How much a tie's strength is trusted at each confidence level when confidence
# weighting is on: a low-confidence tie counts for 40 % of its stated strength.
CONFIDENCE_FACTORS: dict[str, float] = {"high": 1.0, "medium": 0.7, "low": 0.4}

MIN_DISTANCE = 1e-9
"""The distance of a tie of strength 1 in the algorithms: a zero would be dropped by a sparse matrix and
lets betweenness count routes round a cycle of such ties without end. The strength it stands for is
1 - 1e-9, below any difference a map can express."""


@dataclass(frozen=True)
class InfluenceOptions:
    """Which ties count, and how much.

    weight_by_confidence : multiply each tie's strength by `CONFIDENCE_FACTORS`.
    verified_only : drop low-confidence ties and actors without a `source`.
    skip_low_confidence : drop low-confidence ties only.
    as_of : keep only actors and ties in force on that date (`Actor.in_force`, `Relationship.in_force`).
    removed_actors : actors taken off the map (a scenario, or "avoid" in a path query).
    removed_kinds : actor kinds taken off the map.
    weakened : (actor id, factor) pairs: ties touching the actor are multiplied by
        the factor (e.g. 0.3 when civil society loses standing).
    removed_ties : indices (in `StakeholderMap.relationships`) of ties taken off.
    """

    weight_by_confidence: bool = False
    verified_only: bool = False
    skip_low_confidence: bool = False
    as_of: dt.date | None = None
    removed_actors: frozenset[str] = field(default_factory=frozenset)
    removed_kinds: frozenset[str] = field(default_factory=frozenset)
    weakened: tuple[tuple[str, float], ...] = ()
    removed_ties: frozenset[int] = field(default_factory=frozenset)


def distance_of(strength: float) -> float:
    """-ln(strength): adding distances multiplies strengths. A strength of 1 is distance 0."""
    return -math.log(strength)


def strength_of(distance: float) -> float:
    """exp(-distance): the path strength of a total distance."""
    return math.exp(-distance)


class CountedTie(NamedTuple):
    """A tie that counts: its index in `relationships`, the tie, and its effective (forward) strength.

    Its effective back strength is `effective_back(counted, options)`.
    """

    index: int
    tie: Relationship
    strength: float


class Edge(NamedTuple):
    """The edge u -> v of the network: its strength, and the kind and index of the tie that gives it."""

    strength: float
    kind: str
    tie: int


@dataclass(frozen=True, eq=False)
class InfluenceNetwork:
    """Who can move whom: actors and the strongest positive edge of each ordered pair, as arrays.

    Build it with `influence_network` (from a map) or `InfluenceNetwork.from_edges`.
    Positions index `actors`; edge i runs from `actors[sources[i]]` to
    `actors[targets[i]]` with `strengths[i]`, given by the tie `ties[i]` of kind `kinds[i]`.
    `counted` holds the ties that count under `options` (convening power and the
    leaders start from them).
    """

    actors: tuple[str, ...]
    sources: np.ndarray
    targets: np.ndarray
    strengths: np.ndarray
    kinds: tuple[str, ...]
    ties: tuple[int, ...]
    options: InfluenceOptions = field(default_factory=InfluenceOptions)
    counted: tuple[CountedTie, ...] = ()

    @classmethod
    def from_edges(
        cls,
        actors: Iterable[str],
        edges: Iterable[tuple[str, str, float, str, int]],
        options: InfluenceOptions | None = None,
        counted: tuple[CountedTie, ...] = (),
    ) -> InfluenceNetwork:
        """The network of these actors and (source, target, strength, kind, tie index) edges.

        Actors are put in id order and edges in (source, target) order. Each ordered
        pair must appear once; strengths must lie in (0, 1].

        >>> network = InfluenceNetwork.from_edges(["b", "a"], [("a", "b", 0.5, "dialogue", 0)])
        >>> network.actors, network.edge("a", "b"), network.edge("b", "a")
        (('a', 'b'), Edge(strength=0.5, kind='dialogue', tie=0), None)
        """
        names = tuple(sorted(set(actors)))
        position = {name: i for i, name in enumerate(names)}
        rows = sorted((position[u], position[v], strength, kind, tie) for u, v, strength, kind, tie in edges)
        return cls(
            actors=names,
            sources=np.array([r[0] for r in rows], dtype=np.int64),
            targets=np.array([r[1] for r in rows], dtype=np.int64),
            strengths=np.array([r[2] for r in rows], dtype=np.float64),
            kinds=tuple(r[3] for r in rows),
            ties=tuple(r[4] for r in rows),
            options=options or InfluenceOptions(),
            counted=counted,
        )

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor: object) -> bool:
        return actor in self.index

    @property
    def edge_count(self) -> int:
        return len(self.kinds)

    @cached_property
    def index(self) -> dict[str, int]:
        """Actor id -> position."""
        return {actor: i for i, actor in enumerate(self.actors)}

    @cached_property
    def distances(self) -> np.ndarray:
        """-ln(strength) of each edge, at least `MIN_DISTANCE`."""
        return np.maximum(-np.log(self.strengths), MIN_DISTANCE)

    @cached_property
    def _edge_at(self) -> dict[tuple[int, int], int]:
        return {(int(u), int(v)): i for i, (u, v) in enumerate(zip(self.sources, self.targets, strict=True))}

    def edge(self, source: str, target: str) -> Edge | None:
        """The edge source -> target, or None when there is none."""
        at = self._edge_at.get((self.index.get(source, -1), self.index.get(target, -1)))
        return None if at is None else Edge(float(self.strengths[at]), self.kinds[at], self.ties[at])

    def predecessors(self, actor: str) -> list[str]:
        """The actors with an edge into `actor`, in id order."""
        at = self.index.get(actor)
        return [] if at is None else [self.actors[u] for u in self.sources[self.targets == at]]

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The network as a frozen networkx DiGraph, for networkx's algorithms and for tests.

        Edge attributes: `strength`, `distance` (as in `distances`), `kind` and `index` (the tie).
        """
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.actors)
        columns = (self.sources.tolist(), self.targets.tolist(), self.strengths.tolist(), self.distances.tolist())
        graph.add_edges_from(
            (self.actors[u], self.actors[v], {"strength": s, "distance": d, "kind": kind, "index": tie})
            for u, v, s, d, kind, tie in zip(*columns, self.kinds, self.ties, strict=True)
        )
        return nx.freeze(graph)

    @cached_property
    def igraph(self) -> igraph.Graph:
        """The network as a directed igraph graph with each edge's floored `distance` (same positions)."""
        import igraph

        graph = igraph.Graph(
            n=len(self.actors), edges=np.column_stack((self.sources, self.targets)).tolist(), directed=True
        )
        graph.es["distance"] = self.distances.tolist()
        return graph

    @cached_property
    def node_split(self) -> igraph.Graph:
        """The network with each actor split in two, for node cuts (critical brokers).

        Actor v becomes v_in = 2v -> v_out = 2v+1 (edge v, capacity 1 in
        `node_split_capacity`); each edge u -> v becomes u_out -> v_in, with a
        capacity above any cut, so that a minimum edge cut cuts actors only.
        """
        import igraph

        actors = np.arange(len(self.actors))
        inner = np.column_stack((2 * actors, 2 * actors + 1))
        ties = np.column_stack((2 * self.sources + 1, 2 * self.targets))
        return igraph.Graph(n=2 * len(self.actors), edges=np.vstack((inner, ties)).tolist(), directed=True)

    @property
    def node_split_capacity(self) -> list[float]:
        """Capacities of `node_split`'s edges: 1 per actor, then more than there are actors per tie."""
        return [1.0] * len(self.actors) + [float(len(self.actors) + 1)] * self.edge_count

    @cached_property
    def forward(self) -> csr_matrix:
        """Sparse matrix [u, v] = distance of u -> v, for scipy's shortest paths from sources."""
        from scipy.sparse import csr_matrix

        n = len(self.actors)
        return csr_matrix((self.distances, (self.sources, self.targets)), shape=(n, n))

    @cached_property
    def reverse(self) -> csr_matrix:
        """The transposed matrix, for shortest paths into targets."""
        return self.forward.transpose().tocsr()


def influence_network(smap: StakeholderMap, options: InfluenceOptions = InfluenceOptions()) -> InfluenceNetwork:
    """The positive influence network of the map under the options (see the module docstring).

    Examples
    --------
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> smap = StakeholderMap(
    ...     [Actor("a", "A", "business"), Actor("b", "B", "association")],
    ...     [Relationship("a", "b", "member_of", 0.4, strength_back=0.6), Relationship("a", "b", "influences", 0.8)],
    ... )
    >>> network = influence_network(smap)
    >>> network.edge("a", "b").strength, network.edge("b", "a").strength
    (0.8, 0.6)
    """
    counted = counted_relationships(smap, options)
    strongest = _strongest_ties(counted, options)
    edges = ((u, v, strength, kind, tie) for (u, v), (strength, kind, tie) in strongest.items())
    return InfluenceNetwork.from_edges(kept_actors(smap, options), edges, options, counted)


def counted_relationships(smap: StakeholderMap, options: InfluenceOptions) -> tuple[CountedTie, ...]:
    """The positive ties that count under the options, with their index and effective strength.

    Effective strength = strength x confidence factor (when weighting) x the
    factor of each weakened endpoint, capped at 1; the back strength is scaled
    the same way (`effective_back`).
    """
    kept = kept_actors(smap, options)
    factors = dict(options.weakened)
    counted = []
    for index, rel in enumerate(smap.relationships):
        if index in options.removed_ties or not _counts(rel, kept, options):
            continue
        strength = _effective(rel.strength, rel, factors, options)
        if strength > 0:
            counted.append(CountedTie(index, rel, strength))
    return tuple(counted)


def effective_back(counted: CountedTie, options: InfluenceOptions) -> float:
    """The counted tie's back strength (target -> source) after the same factors as its forward strength."""
    return _effective(counted.tie.strength_back, counted.tie, dict(options.weakened), options)


def opposed_pairs(smap: StakeholderMap, options: InfluenceOptions) -> dict[frozenset[str], float]:
    """Pairs of kept actors joined by a negative tie (opposes, rivals) under the options, with its strength.

    The negative counterpart of `counted_relationships`: the same actors, dates,
    confidence filters and weighting (the strongest negative tie of a pair counts);
    no direction, since opposition sets both apart.
    """
    kept = kept_actors(smap, options)
    factors = dict(options.weakened)
    pairs: dict[frozenset[str], float] = {}
    for index, rel in enumerate(smap.relationships):
        if rel.is_positive or index in options.removed_ties or rel.source == rel.target:
            continue
        if not _filters_pass(rel, kept, options):
            continue
        pair = frozenset((rel.source, rel.target))
        pairs[pair] = max(pairs.get(pair, 0.0), _effective(rel.strength, rel, factors, options))
    return pairs


def kept_actors(smap: StakeholderMap, options: InfluenceOptions) -> set[str]:
    """Ids of the actors still on the map under the options.

    An actor is left out when removed (by id or kind), when `verified_only` and
    it has no `source`, or when it does not exist on `as_of` (`Actor.in_force`):
    its ties go with it, since a tie counts only between kept actors.
    """
    return {
        actor.id
        for actor in smap.actors
        if actor.id not in options.removed_actors
        and actor.kind not in options.removed_kinds
        and not (options.verified_only and not actor.source.strip())
        and actor.in_force(options.as_of)
    }


def _counts(rel: Relationship, kept: set[str], options: InfluenceOptions) -> bool:
    """Whether the tie can carry influence under the options."""
    return rel.is_positive and _filters_pass(rel, kept, options)


def _filters_pass(rel: Relationship, kept: set[str], options: InfluenceOptions) -> bool:
    """Whether the tie, of either sign, survives the options: both ends kept, its confidence, in force."""
    if rel.source not in kept or rel.target not in kept:
        return False
    if rel.confidence == "low" and (options.skip_low_confidence or options.verified_only):
        return False
    return rel.in_force(options.as_of)


def _effective(strength: float, rel: Relationship, factors: dict[str, float], options: InfluenceOptions) -> float:
    """One strength of the tie (forward or back) x its confidence factor (when weighting) x each weakened end's factor.

    Capped at 1.
    """
    if options.weight_by_confidence:
        strength *= CONFIDENCE_FACTORS[rel.confidence]
    for actor_id in {rel.source, rel.target}:
        strength *= factors.get(actor_id, 1.0)
    return min(1.0, strength)


def _directed_edges(
    counted: CountedTie, factors: dict[str, float], options: InfluenceOptions
) -> Iterable[tuple[tuple[str, str], float]]:
    """The ordered pairs a counted tie carries influence along, with the effective strength of each."""
    rel = counted.tie
    yield (rel.source, rel.target), counted.strength
    back = _effective(rel.strength_back, rel, factors, options)
    if back > 0:
        yield (rel.target, rel.source), back


def _strongest_ties(
    counted: Iterable[CountedTie], options: InfluenceOptions
) -> dict[tuple[str, str], tuple[float, str, int]]:
    """(source, target) -> (strength, kind, index) of the strongest tie for each ordered pair.

    Among equally strong ties the first written wins, so the kind a route names
    does not depend on which duplicate row came last.
    """
    factors = dict(options.weakened)
    strongest: dict[tuple[str, str], tuple[float, str, int]] = {}
    for tie in counted:
        for pair, strength in _directed_edges(tie, factors, options):
            current = strongest.get(pair)
            if current is None or strength > current[0]:
                strongest[pair] = (strength, tie.tie.kind, tie.index)
    return strongest
