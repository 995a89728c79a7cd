"""The positive influence graph every analysis walks: who can move whom, and how strongly.

Built from a `StakeholderMap` once per question (and cached by callers on the
map's content hash and the options), it is a simple `networkx.DiGraph`:

- one edge u -> v per ordered pair that has at least one positive tie from u to v
  (a mutual tie gives both u -> v and v -> u);
- negative ties (sign '-') carry no influence and are left out; they are counted
  as friction elsewhere;
- when several ties join the same ordered pair, the strongest counts;
- edge attributes: `strength` in (0, 1] (after the confidence factor, when asked
  for), `distance` = -ln(strength), and `kind` and `index` of the tie that gave it.

Path strength is the product of tie strengths, so the strongest path is the
shortest path under `distance`, and every networkx shortest-path algorithm
answers "strongest" questions exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from mapping.analysis.remembered import Remembered
from mapping.analysis.worker import prepare_worker
from mapping.gcpause import paused_gc
from mapping.model import Relationship, StakeholderMap

__all__ = [
    "CONFIDENCE_FACTORS",
    "InfluenceOptions",
    "counted_relationships",
    "distance_of",
    "influence_graph",
    "kept_actors",
    "strength_of",
]

# How much a tie's strength is trusted at each confidence level when confidence
# weighting is on: a low-confidence tie counts for 40 % of its stated strength.
CONFIDENCE_FACTORS: dict[str, float] = {"high": 1.0, "medium": 0.7, "low": 0.4}


@dataclass(frozen=True)
class InfluenceOptions:
    """Which ties count, and how much.

    weight_by_confidence : multiply each tie's strength by `CONFIDENCE_FACTORS`.
    verified_only : drop low-confidence ties and actors without a `source`.
    skip_low_confidence : drop low-confidence ties only.
    as_of : keep only ties active on that date (since <= date <= until, where given).
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


def influence_graph(smap: StakeholderMap, options: InfluenceOptions = InfluenceOptions()) -> nx.DiGraph:
    """The positive influence graph of the map under the options (see the module docstring).

    Examples
    --------
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> smap = StakeholderMap(
    ...     [Actor("a", "A", "business"), Actor("b", "B", "association")],
    ...     [Relationship("a", "b", "member_of", 0.5, "mutual"), Relationship("a", "b", "influences", 0.8)],
    ... )
    >>> graph = influence_graph(smap)
    >>> graph["a"]["b"]["strength"], graph["b"]["a"]["strength"]
    (0.8, 0.5)

    Remembered per map and options, and shared: the graph is frozen (changing it
    raises `networkx.NetworkXError`); work on `graph.copy()` to change it. A ranking,
    its leaders, a path query and a scenario on the same map then build it once.
    """
    return _graphs.get((smap.content_hash(), options), lambda: nx.freeze(_influence_graph(smap, options)))


_graphs: Remembered[nx.DiGraph] = Remembered(size=4)


def _influence_graph(smap: StakeholderMap, options: InfluenceOptions) -> nx.DiGraph:
    prepare_worker(len(smap.actors))  # a large graph is about to be ranked: start the betweenness worker meanwhile
    graph = nx.DiGraph()
    with paused_gc():  # many small edge dicts, no cycles (see mapping.gcpause)
        graph.add_nodes_from(sorted(kept_actors(smap, options)))
        graph.add_edges_from(
            (source, target, {"strength": strength, "distance": distance_of(strength), "kind": kind, "index": index})
            for (source, target), (strength, kind, index) in _strongest_ties(
                counted_relationships(smap, options)
            ).items()
        )
    return graph


CountedTie = tuple[int, Relationship, float]
"""A tie that counts: its index in `relationships`, the tie, and its effective strength."""


def counted_relationships(smap: StakeholderMap, options: InfluenceOptions) -> tuple[CountedTie, ...]:
    """The positive ties that count under the options, with their index and effective strength.

    Effective strength = strength x confidence factor (when weighting) x the
    factor of each weakened endpoint, capped at 1. Remembered per map and options:
    the influence graph, convening power and the leaders all start from it.
    """
    return _counted.get((smap.content_hash(), options), lambda: tuple(_counted_relationships(smap, options)))


_counted: Remembered[tuple[CountedTie, ...]] = Remembered(size=4)  # 156,000 ties each at 30,000 actors


def _counted_relationships(smap: StakeholderMap, options: InfluenceOptions) -> list[CountedTie]:
    kept = kept_actors(smap, options)
    factors = dict(options.weakened)
    counted = []
    for index, rel in enumerate(smap.relationships):
        if index in options.removed_ties or not _counts(rel, kept, options):
            continue
        strength = _effective_strength(rel, factors, options)
        if strength > 0:
            counted.append((index, rel, strength))
    return counted


def kept_actors(smap: StakeholderMap, options: InfluenceOptions) -> set[str]:
    """Ids of the actors still on the map under the options."""
    return {
        actor.id
        for actor in smap.actors
        if actor.id not in options.removed_actors
        and actor.kind not in options.removed_kinds
        and not (options.verified_only and not actor.source.strip())
    }


def _counts(rel: Relationship, kept: set[str], options: InfluenceOptions) -> bool:
    """Whether the tie can carry influence under the options."""
    if not rel.is_positive or rel.source not in kept or rel.target not in kept:
        return False
    if rel.confidence == "low" and (options.skip_low_confidence or options.verified_only):
        return False
    return options.as_of is None or _active_on(rel, options.as_of)


def _active_on(rel: Relationship, day: dt.date) -> bool:
    """A tie is active from the first day of `since` to the last day of `until`."""
    started = rel.since is None or rel.since.start <= day
    not_ended = rel.until is None or day <= rel.until.end
    return started and not_ended


def _effective_strength(rel: Relationship, factors: dict[str, float], options: InfluenceOptions) -> float:
    strength = rel.strength
    if options.weight_by_confidence:
        strength *= CONFIDENCE_FACTORS[rel.confidence]
    for actor_id in {rel.source, rel.target}:
        strength *= factors.get(actor_id, 1.0)
    return min(1.0, strength)


def _directions(rel: Relationship) -> Iterable[tuple[str, str]]:
    yield rel.source, rel.target
    if rel.is_mutual:
        yield rel.target, rel.source


def _strongest_ties(counted: Iterable[CountedTie]) -> dict[tuple[str, str], tuple[float, str, int]]:
    """(source, target) -> (strength, kind, index) of the strongest tie for each ordered pair.

    Ordered as each pair first appears (a later, stronger tie replaces the value in
    place), which is the edge order networkx would have from adding them one by one;
    collecting in a dict first is three times faster than updating the graph per tie.
    """
    strongest: dict[tuple[str, str], tuple[float, str, int]] = {}
    for index, rel, strength in counted:
        for pair in _directions(rel):
            current = strongest.get(pair)
            if current is None or strength > current[0]:
                strongest[pair] = (strength, rel.kind, index)
    return strongest
