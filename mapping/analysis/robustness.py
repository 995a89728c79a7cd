"""How sure is the ranking? Rank ranges from re-running it on plausible variations of the map.

Each of `runs` re-runs (`DEFAULT_RUNS`) draws the inputs a workshop could
reasonably have written differently (`mapping.analysis.uncertainty`):

- every tie's strength within its confidence range (low +/-0.2, medium +/-0.1,
  high +/-0.05);
- every rating (influence, integrity, neutrality) within +/-1 on its scale;

then ranks again: the same channels, targets and weights, the reach,
accessibility and route shares of the drawn network (brokerage here is the drawn
network's route share: the draws are the uncertainty), convening power weighted
by the drawn influence ratings, trust from the drawn ratings. Draws are keyed
by id, so the same map always gives the same ranges.

For each actor: its rank on the map as written, and the range of its ranks over
the runs (the 5th to 95th percentile, "3rd (2nd-6th)"). Going down the list,
an actor whose best rank reaches the worst rank of the first actor of the tier
above it joins that tier: the actors of a tier are **statistically tied**, the
data cannot tell them apart. The summary says in words how often the top five stay the same
five, and how often the first stays first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from mapping.analysis.brokerage import route_shares, sources_per_draw
from mapping.analysis.convening import DEFAULT_INFLUENCE, Convening
from mapping.analysis.ranking import (
    MapMeasures,
    Ranking,
    RankingQuery,
    component_values,
    map_measures,
    rank_actors,
    resolve_question,
    score_of,
)
from mapping.analysis.uncertainty import RATING_JITTER, StrengthDraws, keyed_uniform, keys_of, smallest_keys
from mapping.model import Actor, StakeholderMap

__all__ = ["DEFAULT_RUNS", "ROBUST_SEED", "TOP", "RankRange", "Robustness", "rank_ranges"]

DEFAULT_RUNS = 50
ROBUST_SEED = 2007
TOP = 5
PERCENTILES = (0.05, 0.95)


@dataclass(frozen=True)
class RankRange:
    """An actor's rank as written, the range of its ranks over the runs, and how often it was first or in the top."""

    id: str
    rank: int
    low: int
    high: int
    in_top: float
    first: float

    def describe(self) -> str:
        """'3rd (2nd-6th)', or '1st (always)' when every run agrees."""
        if self.low == self.high == self.rank:
            return f"{_ordinal(self.rank)} (every run)"
        return f"{_ordinal(self.rank)} ({_ordinal(self.low)}-{_ordinal(self.high)})"

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "rank": self.rank, "low": self.low, "high": self.high} | {
            "share_in_top": round(self.in_top, 4),
            "share_first": round(self.first, 4),
        }


@dataclass(frozen=True)
class Robustness:
    """Rank ranges of a ranking, its statistically tied groups, and what they mean in words."""

    runs: int
    ranges: tuple[RankRange, ...]
    tied: tuple[tuple[str, ...], ...]
    same_top: float
    summary: str

    def by_id(self) -> dict[str, RankRange]:
        return {r.id: r for r in self.ranges}

    def as_dict(self) -> dict[str, object]:
        return {
            "runs": self.runs,
            "same_top_share": round(self.same_top, 4),
            "summary": self.summary,
            "ranges": [r.as_dict() for r in self.ranges],
            "tied_groups": [list(group) for group in self.tied],
        }


def rank_ranges(
    smap: StakeholderMap,
    query: RankingQuery = RankingQuery(),  # noqa: B008 - frozen, safe as a default
    runs: int = DEFAULT_RUNS,
    seed: int = ROBUST_SEED,
    measures: MapMeasures | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Robustness:
    """Re-rank `runs` times on drawn strengths and ratings (module docstring); `progress(done, runs)` after each."""
    measures = measures if measures is not None else map_measures(smap, query.influence, query.fold_units)
    base = rank_actors(smap, query, measures)
    question = resolve_question(smap, query, measures)
    order = [row.id for row in base.actors]
    ranks = np.zeros((runs, len(order)), dtype=np.int64)
    draws = StrengthDraws(measures.folded, smap, seed)
    ratings = _RatingDraws(smap, seed)
    per_draw = sources_per_draw(measures.folded, 1)
    for run in range(runs):
        network = draws.network(run)
        sources = None if per_draw >= len(network) else smallest_keys(network.actors, per_draw, seed + run)
        channels, influence = ratings.draw(question.channels, run)
        values = component_values(
            question, network, route_shares(network, sources), _reweighted(measures.convening, influence), channels
        )
        scores = {a.id: score_of(values.components, question.weights, a.id) for a in channels}
        ranked = sorted(channels, key=lambda a: (-round(scores[a.id], 12), a.name.casefold(), a.id))
        position = {a.id: i for i, a in enumerate(ranked, start=1)}
        ranks[run] = [position[actor_id] for actor_id in order]
        if progress is not None:
            progress(run + 1, runs)
    return _summarised(base, order, ranks)


class _RatingDraws:
    """Ratings drawn within +/-1 of what is written, keyed by actor id and rating."""

    def __init__(self, smap: StakeholderMap, seed: int) -> None:
        self.smap = smap
        self.ids = [a.id for a in smap.actors]
        ratings = ("influence", "integrity", "neutrality")
        self.keys = {name: keys_of((f"{i}\x1f{name}" for i in self.ids), seed) for name in ratings}

    def draw(self, channels: tuple[Actor, ...], run: int) -> tuple[tuple[Actor, ...], dict[str, float]]:
        """The channels with drawn integrity and neutrality, and every actor's drawn influence."""
        shift = {name: (keyed_uniform(keys, run) * 2 - 1) * RATING_JITTER for name, keys in self.keys.items()}
        offsets = {name: dict(zip(self.ids, values.tolist(), strict=True)) for name, values in shift.items()}
        influence = {
            a.id: min(5.0, max(0.0, a.influence + offsets["influence"][a.id]))
            for a in self.smap.actors
            if a.influence is not None
        }
        drawn = tuple(
            replace(
                a,
                integrity=_on_scale(a.integrity, offsets["integrity"][a.id]),
                neutrality=_on_scale(a.neutrality, offsets["neutrality"][a.id]),
            )
            for a in channels
        )
        return drawn, influence


def _on_scale(rating: float | None, offset: float) -> float | None:
    """A 1-5 rating moved by the offset and kept on the scale (an unrated trait stays unrated)."""
    return None if rating is None else min(5.0, max(1.0, rating + offset))


def _reweighted(convening: Mapping[str, Convening], influence: Mapping[str, float]) -> dict[str, Convening]:
    """Convening power with what each actor convenes weighted by the drawn influence ratings."""
    weight = {actor: rating / 5 for actor, rating in influence.items()}
    unrated = DEFAULT_INFLUENCE / 5
    return {
        actor: replace(
            c,
            power=sum(weight.get(x, unrated) for x in (*c.direct_members, *c.indirect_members, *c.led_by_its_people)),
        )
        for actor, c in convening.items()
    }


def _summarised(base: Ranking, order: list[str], ranks: np.ndarray) -> Robustness:
    runs = ranks.shape[0]
    low, high = (np.quantile(ranks, q, axis=0, method="inverted_cdf").astype(int) for q in PERCENTILES)
    top = min(TOP, len(order))
    ranges = tuple(
        RankRange(
            actor_id,
            i + 1,
            int(min(low[i], i + 1)),
            int(max(high[i], i + 1)),
            float((ranks[:, i] <= top).mean()),
            float((ranks[:, i] == 1).mean()),
        )
        for i, actor_id in enumerate(order)
    )
    base_top = set(range(top))
    same_top = float(np.mean([set(np.flatnonzero(row <= top)) == base_top for row in ranks])) if order else 1.0
    tied = _tied_groups(ranges)
    return Robustness(runs, ranges, tied, same_top, _summary(base, ranges, tied, same_top, runs, top))


def _tied_groups(ranges: tuple[RankRange, ...]) -> tuple[tuple[str, ...], ...]:
    """Tiers down the list: an actor joins the tier of the actor above it when its best rank reaches the
    worst rank of the tier's first actor. Tiers of one are left out."""
    groups: list[list[RankRange]] = []
    for r in ranges:
        if groups and r.low <= groups[-1][0].high:
            groups[-1].append(r)
        else:
            groups.append([r])
    return tuple(tuple(r.id for r in group) for group in groups if len(group) > 1)


def _summary(
    base: Ranking,
    ranges: tuple[RankRange, ...],
    tied: tuple[tuple[str, ...], ...],
    same_top: float,
    runs: int,
    top: int,
) -> str:
    if not ranges:
        return "Nothing to rank."
    names = {row.id: row.name for row in base.actors}
    first = ranges[0]
    text = [
        f"Over {runs} runs with tie strengths and ratings drawn within their uncertainty, "
        f"the top {top} are the same {top} organisations in {same_top:.0%} of runs; "
        f"{names[first.id]} is first in {first.first:.0%}."
    ]
    if tied:
        first_tier = tied[0]
        ranks = [r.rank for r in ranges if r.id in first_tier]
        text.append(
            f"The {len(first_tier)} organisations ranked {min(ranks)} to {max(ranks)} cannot be told apart "
            "(their rank ranges overlap): treat them as equals."
        )
    return " ".join(text)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
