"""Differences between maps: actors by id, written ties by (source, target, kind)."""

from __future__ import annotations

from mapping.model import StakeholderMap
from mapping.store import MapDiff, add_relationship, diff_maps, update_actor, update_relationship


def test_a_map_does_not_differ_from_itself(small_map: StakeholderMap) -> None:
    diff = diff_maps(small_map, small_map)
    assert diff.is_empty
    assert diff == MapDiff()
    assert diff.summary() == "no changes"


def test_a_changed_kind_is_a_tie_removed_and_one_added(small_map: StakeholderMap) -> None:
    edited = update_relationship(small_map, 7, {"kind": "advises"})  # ngo -> party_b influences
    diff = diff_maps(small_map, edited)
    assert [(t.source, t.target, t.kind) for t in diff.ties_removed] == [("ngo", "party_b", "influences")]
    assert [(t.source, t.target, t.kind) for t in diff.ties_added] == [("ngo", "party_b", "advises")]
    assert diff.ties_edited == ()
    assert diff.summary() == "1 tie added, 1 removed"


def test_repeated_ties_pair_in_order(small_map: StakeholderMap) -> None:
    twice = add_relationship(small_map, {"source": "ngo", "target": "party_b", "kind": "influences", "strength": 0.2})
    diff = diff_maps(small_map, twice)
    assert [(t.source, t.kind, t.strength) for t in diff.ties_added] == [("ngo", "influences", 0.2)]
    assert diff.ties_edited == ()


def test_a_new_id_reads_as_one_actor_removed_and_one_added(small_map: StakeholderMap) -> None:
    diff = diff_maps(small_map, update_actor(small_map, "ngo", {"id": "peace_ngo"}))
    assert ([a.id for a in diff.actors_removed], [a.id for a in diff.actors_added]) == (["ngo"], ["peace_ngo"])
    assert len(diff.ties_removed) == len(diff.ties_added) == 1
