"""How often does the top five of the Kenya ranking hold when its inputs move a little?

    python bench/sensitivity.py               # 100 runs per study, prints the shares
    python bench/sensitivity.py --runs 200

Three studies on the Kenya 2008-2013 sample (us = the Uwiano Platform for Peace,
default targets), each re-ranking with seeded random changes and counting the
runs whose top five are the same five organisations as on the map as written:

- tie strengths: every written tie moved uniformly by +/-0.1 (kept in [0.01, 1]);
- weights and tie strengths: the same, and every component weight moved by +/-0.1
  (kept at 0 or more);
- ratings: influence, integrity and neutrality moved uniformly by +/-1 (kept on scale).

It uses only `rank_actors(smap, RankingQuery(...))` and the map's records, so the
same script measures the ranking before and after a change of model (run it on
an older commit to compare).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapping.analysis.ranking import DEFAULT_WEIGHTS, RankingQuery, rank_actors  # noqa: E402
from mapping.model import StakeholderMap  # noqa: E402
from mapping.samples import load_sample  # noqa: E402

US = ("uwiano",)
TOP = 5


def top_five(smap: StakeholderMap, weights: dict[str, float]) -> frozenset[str]:
    return frozenset(row.id for row in rank_actors(smap, RankingQuery(us=US, weights=weights)).actors[:TOP])


def moved_ties(smap: StakeholderMap, rng: random.Random) -> StakeholderMap:
    """Every written tie's strength moved by the same amount each way (a back strength only where there is one)."""
    ties = []
    for r in smap.explicit_relationships:
        shift = rng.uniform(-0.1, 0.1)
        moved = replace(r, strength=min(1.0, max(0.01, r.strength + shift)))
        back = getattr(r, "strength_back", None)  # absent before issue 16, when mutual meant one strength
        if back:
            moved = replace(moved, strength_back=min(1.0, max(0.01, back + shift)))
        ties.append(moved)
    return StakeholderMap(smap.actors, ties, smap.title)


def moved_weights(rng: random.Random) -> dict[str, float]:
    return {c: max(0.0, w + rng.uniform(-0.1, 0.1)) for c, w in DEFAULT_WEIGHTS.items()}


def moved_ratings(smap: StakeholderMap, rng: random.Random) -> StakeholderMap:
    def rating(value: float | None, low: float) -> float | None:
        return None if value is None else min(5.0, max(low, value + rng.uniform(-1, 1)))

    actors = [
        replace(
            a,
            influence=rating(a.influence, 0.0),
            integrity=rating(a.integrity, 1.0),
            neutrality=rating(a.neutrality, 1.0),
        )
        for a in smap.actors
    ]
    return StakeholderMap(actors, smap.explicit_relationships, smap.title)


def study(smap: StakeholderMap, runs: int, seed: int, change: str) -> float:
    """The share of runs whose top five equal the top five of the map as written."""
    base = top_five(smap, dict(DEFAULT_WEIGHTS))
    rng = random.Random(seed)
    same = 0
    for _ in range(runs):
        if change == "ties":
            same += top_five(moved_ties(smap, rng), dict(DEFAULT_WEIGHTS)) == base
        elif change == "weights and ties":
            same += top_five(moved_ties(smap, rng), moved_weights(rng)) == base
        else:
            same += top_five(moved_ratings(smap, rng), dict(DEFAULT_WEIGHTS)) == base
    return same / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2008)
    args = parser.parse_args()
    smap = load_sample("kenya_2008_2013").map
    names = {a.id: a.name for a in smap.actors}
    print("top five as written:", ", ".join(names[i] for i in sorted(top_five(smap, dict(DEFAULT_WEIGHTS)))))
    for change in ("ties", "weights and ties", "ratings"):
        print(f"{change:>17}: same top five in {study(smap, args.runs, args.seed, change):.0%} of {args.runs} runs")


if __name__ == "__main__":
    main()
