"""What a node's size shows: one number per actor, scaled to pixels.

Any `Mapping[str, float]` of actor id -> value can size the map: `node_sizes`
scales it from zero to the largest value, over the whole mapping rather than
the actors on screen, so filtering never resizes what stays.

`SIZE_MEASURES` lists the measures the Map page offers. It is the hook for
`mapping.analysis`: add a `SizeMeasure` whose `values` calls the analysis
(engagement score, brokerage) and the page offers it with no other change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from mapping.analysis.brokerage import brokerage
from mapping.analysis.influence import influence_network
from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import map_measures, rank_actors
from mapping.model import StakeholderMap

__all__ = [
    "INFLUENCE_LABEL",
    "SIZE_MEASURES",
    "SizeMeasure",
    "brokerage_scores",
    "engagement_scores",
    "influence_values",
    "node_sizes",
    "size_measure",
    "tie_counts",
]

SMALLEST_PX = 10.0
LARGEST_PX = 40.0
UNRATED_PX = 7.0
INFLUENCE_LABEL = "Influence (0-5)"


@dataclass(frozen=True)
class SizeMeasure:
    """A measure the map can be sized by: a key, a label for people, and how to compute it."""

    key: str
    label: str
    description: str
    values: Callable[[StakeholderMap], dict[str, float]]


def influence_values(smap: StakeholderMap) -> dict[str, float]:
    """Each rated actor's `influence` (0-5) as given in the actors table; unrated actors are left out."""
    return {a.id: float(a.influence) for a in smap.actors if a.influence is not None}


def tie_counts(smap: StakeholderMap) -> dict[str, float]:
    """How many ties each actor has on the whole map (its degree), written and implied, any sign.

    >>> from mapping.model import Actor, Relationship
    >>> actors = [Actor("a", "A", "business"), Actor("b", "B", "media")]
    >>> tie_counts(StakeholderMap(actors, [Relationship("a", "b", "owns", 0.5)]))
    {'a': 1.0, 'b': 1.0}
    """
    counts = Counter({a.id: 0 for a in smap.actors})
    for rel in smap.relationships:
        counts[rel.source] += 1
        counts[rel.target] += 1
    return {actor_id: float(count) for actor_id, count in counts.items()}


def engagement_scores(smap: StakeholderMap) -> dict[str, float]:
    """Engagement score with the default question (no "us", government and political targets).

    Channels get their score (`mapping.analysis.ranking`), and the units folded into
    them the same; people their leader score (`mapping.analysis.leaders`), so both
    share one 0-1 scale. Targets and unconnected actors have none (drawn as unrated).
    """
    measures = map_measures(smap)
    ranking = rank_actors(smap, measures=measures)
    scores = {row.id: row.score for row in ranking.actors}
    folded = {a.id: scores[ranking.folding.of(a.id)] for a in smap.actors if ranking.folding.of(a.id) in scores}
    scores.update({a: s for a, s in folded.items() if not smap.actor(a).is_person})
    scores.update({row.id: row.score for row in rank_leaders(smap, ranking, measures.network)})
    return scores


def brokerage_scores(smap: StakeholderMap) -> dict[str, float]:
    """Brokerage (`mapping.analysis.brokerage`) on the positive influence network with the default tie options."""
    return brokerage(influence_network(smap), smap)


SIZE_MEASURES: tuple[SizeMeasure, ...] = (
    SizeMeasure("influence", INFLUENCE_LABEL, "The influence rating in the actors table.", influence_values),
    SizeMeasure("ties", "Number of ties", "How many relationships the actor has on the whole map.", tie_counts),
    SizeMeasure(
        "engagement",
        "Engagement score",
        "Who to engage first (default weights, government and political targets; people by leader score).",
        engagement_scores,
    ),
    SizeMeasure(
        "brokerage",
        "Brokerage",
        "Share of the strongest routes between others that pass through the actor.",
        brokerage_scores,
    ),
)


def size_measure(key: str) -> SizeMeasure:
    """The measure with this key; KeyError if there is none."""
    for measure in SIZE_MEASURES:
        if measure.key == key:
            return measure
    raise KeyError(key)


def node_sizes(values: Mapping[str, float], actor_ids: Iterable[str]) -> dict[str, float]:
    """Node sizes in pixels: linear from 0 (10 px) to the largest value in `values` (40 px).

    Actors missing from `values` get a smaller size (7 px), so "not rated" never
    looks like "rated zero". When every value is 0, all rated nodes are 10 px.

    >>> node_sizes({"a": 0.0, "b": 2.5, "c": 5.0}, ["a", "b", "c", "d"])
    {'a': 10.0, 'b': 25.0, 'c': 40.0, 'd': 7.0}
    """
    numbers = [float(v) for v in values.values()]
    low = min([0.0, *numbers])
    high = max([0.0, *numbers])
    span = high - low
    sizes = {}
    for actor_id in actor_ids:
        if actor_id not in values:
            sizes[actor_id] = UNRATED_PX
        else:
            share = (float(values[actor_id]) - low) / span if span else 0.0
            sizes[actor_id] = round(SMALLEST_PX + (LARGEST_PX - SMALLEST_PX) * share, 2)
    return sizes
