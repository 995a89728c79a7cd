"""Rank ranges: how much a ranking depends on tie strengths and ratings within their uncertainty."""

from __future__ import annotations

import random

import pytest

from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.analysis.robustness import RankRange, _on_scale, rank_ranges
from mapping.model import Actor, Relationship, StakeholderMap


def tie(source: str, target: str, strength: float, confidence: str) -> Relationship:
    return Relationship(source, target, "dialogue", strength, "directed", confidence=confidence)


def two_channels(gap: float, confidence: str) -> StakeholderMap:
    """Two channels to one target, the first stronger by `gap`, with equal ratings."""
    actors = [
        Actor("gov", "Ministry", "government"),
        Actor("a", "Alpha", "association", integrity=4, neutrality=4, influence=3),
        Actor("b", "Beta", "association", integrity=4, neutrality=4, influence=3),
    ]
    return StakeholderMap(actors, [tie("a", "gov", 0.5 + gap, confidence), tie("b", "gov", 0.5, confidence)])


def test_a_clear_leader_is_first_in_every_run() -> None:
    ranges = rank_ranges(two_channels(0.4, "high"), runs=30).by_id()
    assert ranges["a"] == RankRange("a", 1, 1, 1, 1.0, 1.0)
    assert ranges["a"].describe() == "1st (every run)"


def test_near_equals_overlap_and_are_tied() -> None:
    robust = rank_ranges(two_channels(0.02, "low"), runs=40)
    a, b = robust.by_id()["a"], robust.by_id()["b"]
    assert (a.rank, b.rank) == (1, 2)
    assert a.high == 2 and b.low == 1, "either can come first"
    assert robust.tied == (("a", "b"),)
    assert 0 < a.first < 1
    assert "cannot be told apart" in robust.summary


def test_ranges_hold_the_written_rank_and_the_same_map_gives_the_same_ranges(kenya_map: StakeholderMap) -> None:
    query = RankingQuery(us=("uwiano",))
    robust = rank_ranges(kenya_map, query, runs=20)
    ranking = rank_actors(kenya_map, query)
    assert [r.id for r in robust.ranges] == [row.id for row in ranking.actors]
    assert all(r.low <= r.rank <= r.high for r in robust.ranges)
    assert rank_ranges(kenya_map, query, runs=20) == robust


def test_ranges_do_not_depend_on_the_order_of_the_rows(kenya_map: StakeholderMap) -> None:
    rng = random.Random(4)
    actors, ties = list(kenya_map.actors), list(kenya_map.explicit_relationships)
    rng.shuffle(actors)
    rng.shuffle(ties)
    query = RankingQuery(us=("uwiano",))
    shuffled = rank_ranges(StakeholderMap(actors, ties), query, runs=10)
    assert shuffled.ranges == rank_ranges(kenya_map, query, runs=10).ranges


def test_progress_is_reported_after_each_run() -> None:
    seen: list[tuple[int, int]] = []
    rank_ranges(two_channels(0.1, "medium"), runs=3, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(
    ("rating", "offset", "expected"), [(None, 0.7, None), (3.0, 0.5, 3.5), (4.6, 0.9, 5.0), (1.2, -0.9, 1.0)]
)
def test_drawn_ratings_stay_on_their_scale(rating: float | None, offset: float, expected: float | None) -> None:
    assert _on_scale(rating, offset) == expected
