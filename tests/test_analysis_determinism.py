"""Determinism: the same map in any row order gives the same ranking, and equal scores fall back to names."""

from __future__ import annotations

import random

import pytest

from mapping.analysis.brokerage import brokerage
from mapping.analysis.influence import influence_network
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.export import actor_rows, csv_bytes, relationship_rows
from mapping.load import load_files
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.read import InputFile


def shuffled(smap: StakeholderMap, seed: int) -> StakeholderMap:
    """The map written out as CSV with its actor and relationship rows in a random order, and read back."""
    rng = random.Random(seed)
    actor_headers, actors = actor_rows(smap)
    tie_headers, ties = relationship_rows(smap)
    rng.shuffle(actors)
    rng.shuffle(ties)
    files = [
        InputFile("actors.csv", csv_bytes(actor_headers, actors)),
        InputFile("relationships.csv", csv_bytes(tie_headers, ties)),
    ]
    result = load_files(files)
    assert result.map is not None, result.errors[:3]
    return result.map


QUERIES = {
    "defaults": RankingQuery(),
    "us and targets": RankingQuery(us=("kepsa",), targets=("pnu", "odm")),
}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("query", list(QUERIES.values()), ids=list(QUERIES))
def test_ranking_is_stable_under_input_row_order(kenya_map: StakeholderMap, query: RankingQuery, seed: int) -> None:
    base = rank_actors(kenya_map, query)
    again = rank_actors(shuffled(kenya_map, seed), query)
    assert [row.id for row in again.actors] == [row.id for row in base.actors]
    assert [row.score for row in again.actors] == pytest.approx([row.score for row in base.actors], abs=1e-12)
    assert again.targets and set(again.targets) == set(base.targets)


def test_shuffled_maps_hold_the_same_content(kenya_map: StakeholderMap) -> None:
    again = shuffled(kenya_map, 3)
    assert again.content_hash() == kenya_map.content_hash()
    assert brokerage(influence_network(again), again) == pytest.approx(
        brokerage(influence_network(kenya_map), kenya_map), abs=1e-12
    )


def test_equal_scores_are_ordered_by_name_whatever_the_row_order() -> None:
    names = ["Delta", "Alpha", "Charlie", "Bravo"]
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]):
        actors = [Actor(f"id{i}", names[i], "business") for i in order]
        ties = [Relationship(a.id, "hub", "dialogue", 0.5, "directed") for a in actors]
        smap = StakeholderMap([*actors, Actor("hub", "Hub", "government")], ties)  # the hub is the target
        assert [row.name for row in rank_actors(smap).actors] == sorted(names)
