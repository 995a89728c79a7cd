"""Merging an upload into a map: match by id, then by normalised name; ties by (source, target, kind)."""

from __future__ import annotations

import pytest

from mapping.model import StakeholderMap
from mapping.store import EditRejected, map_from_records, merge_maps, plan_upload


def upload(actors: list[dict[str, object]], ties: list[dict[str, object]] | None = None) -> StakeholderMap:
    result = map_from_records(actors, ties or [], title="upload")
    assert result.map is not None, result.errors
    return result.map


def changed_fields(diff_entries: tuple) -> dict[str, list[tuple[str, str, str]]]:
    return {
        str(getattr(entry, "id", None) or entry.key): [(f.field, f.before, f.after) for f in entry.changes]
        for entry in diff_entries
    }


@pytest.fixture
def incoming() -> StakeholderMap:
    return upload(
        [
            # by id: a new influence; 'unknown' stance restates the default, so it keeps 'supportive'
            {
                "id": "chamber",
                "name": "Chamber of Commerce",
                "kind": "association",
                "stance": "unknown",
                "influence": 5,
            },
            # by name (case and spacing ignored): adds the sector, keeps the id 'telco' and the map's spelling
            {"id": "telco_ltd", "name": "TELCO  LTD", "kind": "business", "sector": "telecommunications"},
            {"id": "nation", "name": "Daily Nation", "kind": "media"},
            {"id": "editor", "name": "Editor, Daily Nation", "kind": "person", "parent": "nation", "seniority": "top"},
            {"id": "bank", "name": "National Bank", "kind": "business"},
            {"id": "umbrella", "name": "Umbrella Business Alliance", "kind": "association"},
            {"id": "party_a", "name": "Party A", "kind": "political"},
        ],
        [
            {"source": "telco_ltd", "target": "umbrella", "kind": "partners_with"},  # new, re-pointed to telco
            {
                "source": "chamber",
                "target": "umbrella",
                "kind": "member_of",
                "strength": 0.9,
            },  # confidence default kept
            {
                "source": "party_a",
                "target": "umbrella",
                "kind": "dialogue",
                "strength": 0.7,
            },  # mutual: either way round
            {"source": "bank", "target": "chamber", "kind": "member_of"},  # defaults only: no change
        ],
    )


def test_a_merge_adds_and_updates_but_never_removes(small_map: StakeholderMap, incoming: StakeholderMap) -> None:
    merged, diff = plan_upload(small_map, incoming, "merge")
    assert [a.id for a in diff.actors_added] == ["nation", "editor"]
    assert changed_fields(diff.actors_edited) == {
        "chamber": [("influence", "4", "5")],
        "telco": [("sector", "", "telecommunications")],
    }
    assert [(t.source, t.target, t.kind) for t in diff.ties_added] == [("telco", "umbrella", "partners_with")]
    # The back strengths only followed the strengths (the kind's default, a dialogue's same strength): they follow.
    assert changed_fields(diff.ties_edited) == {
        "('chamber', 'umbrella', 'member_of')": [("strength", "0.6", "0.9"), ("strength_back", "0.9", "1")],
        "('umbrella', 'party_a', 'dialogue')": [("strength", "0.4", "0.7"), ("strength_back", "0.4", "0.7")],
    }
    assert diff.actors_removed == diff.ties_removed == ()
    assert diff.summary() == "2 actors added, 2 edited; 1 tie added, 2 edited"
    assert merged.actor("chamber").stance == "supportive"
    assert merged.actor("telco").name == "Telco Ltd"
    assert merged.actor("editor").parent == "nation"
    assert merged.title == small_map.title


def test_merging_the_same_upload_twice_changes_nothing_more(
    small_map: StakeholderMap, incoming: StakeholderMap
) -> None:
    once = merge_maps(small_map, incoming)
    assert merge_maps(once, incoming) == once


def test_a_name_shared_by_several_actors_matches_none() -> None:
    current = upload(
        [
            {"id": "up1", "name": "Unity Party", "kind": "political"},
            {"id": "up2", "name": "Unity party", "kind": "political"},
        ]
    )
    merged, diff = plan_upload(current, upload([{"id": "up", "name": "UNITY PARTY", "kind": "political"}]), "merge")
    assert [a.id for a in diff.actors_added] == ["up"]
    assert len(merged) == 3


def test_a_merge_that_breaks_the_contract_is_refused(small_map: StakeholderMap) -> None:
    loop = upload(
        [
            {"id": "chair", "name": "Chair, Umbrella Business Alliance", "kind": "person"},
            {"id": "umbrella", "name": "Umbrella Business Alliance", "kind": "association", "parent": "chair"},
        ]
    )
    with pytest.raises(EditRejected) as refused:
        merge_maps(small_map, loop)  # the map says the chair's parent is the umbrella body
    assert {i.code for i in refused.value.errors} == {"parent-cycle"}


def test_replace_swaps_the_whole_map_and_lists_what_goes(small_map: StakeholderMap, incoming: StakeholderMap) -> None:
    replaced, diff = plan_upload(small_map, incoming, "replace")
    assert replaced.actors == incoming.actors
    assert replaced.title == small_map.title
    assert {a.id for a in diff.actors_removed} == {"telco", "ministry", "party_b", "ngo", "chair", "csr"}
    with pytest.raises(ValueError, match="unknown upload mode"):
        plan_upload(small_map, incoming, "append")  # type: ignore[arg-type]


TWO_ACTORS = [{"id": "a", "name": "A", "kind": "business"}, {"id": "b", "name": "B", "kind": "association"}]


def test_a_sparse_upload_keeps_the_back_strength_the_map_has() -> None:
    current = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of", "strength_back": 0.1}])
    blank = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of"}])
    merged, diff = plan_upload(current, blank, "merge")
    assert (merged.relationships[0].strength, merged.relationships[0].strength_back) == (0.4, 0.1)
    assert diff.ties_edited == ()


@pytest.mark.parametrize(
    ("written", "after"),
    [
        ({"direction": "mutual"}, 0.8),  # the same strength back: follows the new strength
        ({}, 1.0),  # the kind's default for 0.4 (0.6): the default for 0.8, capped
        ({"strength_back": 0.25}, 0.25),  # rated apart: kept
        ({"direction": "directed"}, 0.0),
    ],
)
def test_an_upload_changing_only_the_strength_moves_a_back_strength_that_only_followed_it(
    written: dict[str, object], after: float
) -> None:
    current = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of", **written}])
    stronger = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of", "strength": 0.8}])
    (tie,) = merge_maps(current, stronger).relationships
    assert (tie.strength, tie.strength_back) == (0.8, after)


def test_an_upload_that_rates_the_back_strength_replaces_it_whatever_the_direction_was() -> None:
    current = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of", "direction": "mutual"}])
    rated = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "member_of", "strength_back": 0}])
    merged, diff = plan_upload(current, rated, "merge")
    tie = merged.relationships[0]
    assert (tie.strength_back, tie.direction) == (0.0, "directed")
    assert changed_fields(diff.ties_edited) == {
        "('a', 'b', 'member_of')": [("strength_back", "0.4", "0"), ("direction", "mutual", "directed")]
    }


def test_an_uploaded_funding_the_other_way_is_a_new_tie_not_an_update() -> None:
    current = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "funds", "strength": 0.6}])
    reverse = upload(TWO_ACTORS, [{"source": "b", "target": "a", "kind": "funds", "strength": 0.3}])
    merged, diff = plan_upload(current, reverse, "merge")
    assert [(r.source, r.target, r.strength) for r in merged.relationships] == [("a", "b", 0.6), ("b", "a", 0.3)]
    assert diff.ties_edited == ()
    dialogue = upload(TWO_ACTORS, [{"source": "a", "target": "b", "kind": "dialogue"}])
    answered = upload(TWO_ACTORS, [{"source": "b", "target": "a", "kind": "dialogue", "strength": 0.7}])
    assert [(r.source, r.target, r.strength) for r in merge_maps(dialogue, answered).relationships] == [("a", "b", 0.7)]
