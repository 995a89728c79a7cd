"""Edits checked by the data contract: a new map, or EditRejected with the issues and nothing changed."""

from __future__ import annotations

import pytest

from mapping.model import StakeholderMap
from mapping.store import (
    EditRejected,
    add_actor,
    add_relationship,
    delete_actor,
    delete_relationship,
    map_from_records,
    records_of,
    replace_tables,
    update_actor,
    update_relationship,
)


def flat(err: EditRejected) -> list[list[object]]:
    """The errors as [file, row, column, code], the way the upload tests read them."""
    return [[i.file, i.row, i.column, i.code] for i in err.errors]


def tie_keys(smap: StakeholderMap) -> list[tuple[str, str, str]]:
    return [(r.source, r.target, r.kind) for r in smap.explicit_relationships]


def test_add_actor_appends_it_and_leaves_the_old_map_alone(small_map: StakeholderMap) -> None:
    edited = add_actor(small_map, {"name": "Daily Nation", "kind": "Media", "influence": 3, "phases": ["acute"]})
    added = edited.actor("Daily Nation")  # id defaults to the name, as in an upload
    assert (added.kind, added.influence, added.phases) == ("media", 3.0, ("acute",))
    assert len(edited) == len(small_map) + 1
    assert "Daily Nation" not in small_map


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"name": "X", "kind": "dragon"}, [["actors", 12, "kind", "unknown-value"]]),
        ({"name": "", "kind": "media"}, [["actors", 12, "name", "missing-value"]]),
        ({"name": "X", "kind": "media", "influence": 9}, [["actors", 12, "influence", "out-of-range"]]),
        ({"id": "bank", "name": "Another bank", "kind": "business"}, [["actors", 12, "id", "duplicate-id"]]),
        ({"name": "X", "kind": "person", "parent": "nobody"}, [["actors", 12, "parent", "unknown-actor"]]),
    ],
)
def test_an_invalid_actor_is_refused_with_its_issue(
    small_map: StakeholderMap, values: dict[str, object], expected: list[list[object]]
) -> None:
    with pytest.raises(EditRejected) as refused:
        add_actor(small_map, values)
    assert flat(refused.value) == expected
    assert "breaks the data contract" in str(refused.value)


def test_update_actor_changes_only_the_given_columns(small_map: StakeholderMap) -> None:
    edited = update_actor(small_map, "bank", {"stance": "Supportive", "notes": "met in March"})
    before, after = small_map.actor("bank"), edited.actor("bank")
    assert (after.stance, after.notes) == ("supportive", "met in March")
    assert (after.name, after.influence, after.capabilities) == (before.name, before.influence, before.capabilities)


def test_a_short_name_is_edited_like_any_text_column(small_map: StakeholderMap) -> None:
    edited = update_actor(small_map, "umbrella", {"short_name": "UBA"})
    assert (edited.actor("umbrella").short_name, edited.actor("umbrella").short_label) == ("UBA", "UBA")
    assert (
        update_actor(edited, "umbrella", {"short_name": ""}).actor("umbrella").short_label
        == "Umbrella Business Alliance"
    )


def test_a_new_id_is_carried_to_every_reference(small_map: StakeholderMap) -> None:
    edited = update_actor(small_map, "umbrella", {"id": "kepsa"})
    assert "umbrella" not in edited
    assert edited.actor("chair").parent == "kepsa"
    assert ("chamber", "kepsa", "member_of") in tie_keys(edited)
    assert edited.leaders_of("kepsa") == [edited.actor("chair")]


def test_an_actor_that_ties_name_cannot_be_deleted(small_map: StakeholderMap) -> None:
    with pytest.raises(EditRejected) as refused:
        delete_actor(small_map, "umbrella")
    assert flat(refused.value) == [
        ["relationships", 2, "target", "unknown-actor"],
        ["relationships", 5, "source", "unknown-actor"],
        ["relationships", 6, "source", "unknown-actor"],
        ["relationships", 7, "source", "unknown-actor"],
        ["actors", 10, "parent", "unknown-actor"],
    ]
    assert "Deleting 'Umbrella Business Alliance' would leave this member_of tie (chamber -> umbrella)" in str(
        refused.value
    )


def test_cascade_deletes_the_ties_and_clears_the_parents(small_map: StakeholderMap) -> None:
    edited = delete_actor(small_map, "umbrella", cascade=True)
    assert "umbrella" not in edited
    assert all("umbrella" not in key[:2] for key in tie_keys(edited))
    assert edited.actor("chair").parent is None
    assert len(edited.explicit_relationships) == len(small_map.explicit_relationships) - 4


def test_an_actor_without_ties_is_deleted_with_its_implied_tie(small_map: StakeholderMap) -> None:
    edited = delete_actor(small_map, "csr")  # a person whose only tie is implied by parent
    assert "csr" not in edited
    assert not [r for r in edited.relationships if "csr" in (r.source, r.target)]


def test_ties_are_added_updated_and_deleted_by_index(small_map: StakeholderMap) -> None:
    added = add_relationship(small_map, {"source": "Telco Ltd", "target": "ngo", "kind": "funds"})
    assert tie_keys(added)[-1] == ("telco", "ngo", "funds")  # names resolve to ids, as in an upload
    assert added.explicit_relationships[-1].strength == 0.6  # the kind's default
    updated = update_relationship(added, 0, {"strength": "0.8", "confidence": "low"})
    assert (updated.explicit_relationships[0].strength, updated.explicit_relationships[0].confidence) == (0.8, "low")
    deleted = delete_relationship(updated, 0)
    assert tie_keys(deleted) == tie_keys(updated)[1:]


# The small map's tie 3 is umbrella -> ministry, a dialogue of 0.5 (the same back); tie 1 telco -> chamber, a
# membership with the defaults (0.4, back 0.6). A form sends every column, the stored strength_back among them.
@pytest.mark.parametrize(
    ("index", "changes", "expected"),
    [
        (3, {"strength": "0.7", "strength_back": "0.5"}, (0.7, 0.7)),  # a dialogue stays the same both ways
        (1, {"strength": "0.6", "strength_back": "0.6"}, (0.6, 0.9)),  # the default back follows the strength
        (1, {"strength": "0.6", "strength_back": "0.2"}, (0.6, 0.2)),  # a back rated in the form holds
        (3, {"direction": "directed", "strength_back": "0.5"}, (0.5, 0.0)),  # a new direction decides the back
        (1, {"direction": "", "strength_back": "0.6", "strength": "0.2"}, (0.2, 0.3)),  # blank: the kind's default
    ],
)
def test_a_form_edit_of_a_tie_moves_the_back_strength_as_the_user_means(
    small_map: StakeholderMap, index: int, changes: dict[str, str], expected: tuple[float, float]
) -> None:
    tie = update_relationship(small_map, index, changes).explicit_relationships[index]
    assert (tie.strength, tie.strength_back) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"source": "telco", "target": "nobody", "kind": "funds"}, [["relationships", 10, "target", "unknown-actor"]]),
        ({"source": "telco", "target": "telco", "kind": "funds"}, [["relationships", 10, "target", "self-loop"]]),
        (
            {"source": "telco", "target": "ngo", "kind": "funds", "strength": 1.5},
            [["relationships", 10, "strength", "out-of-range"]],
        ),
        (
            {"source": "telco", "target": "ngo", "kind": "opposes", "sign": "+"},
            [["relationships", 10, "sign", "sign-conflict"]],
        ),
    ],
)
def test_an_invalid_tie_is_refused_with_its_issue(
    small_map: StakeholderMap, values: dict[str, object], expected: list[list[object]]
) -> None:
    with pytest.raises(EditRejected) as refused:
        add_relationship(small_map, values)
    assert flat(refused.value) == expected


def test_unknown_addresses_are_programming_errors(small_map: StakeholderMap) -> None:
    with pytest.raises(KeyError):
        update_actor(small_map, "nobody", {"stance": "champion"})
    with pytest.raises(IndexError):
        update_relationship(small_map, 99, {"strength": 0.5})
    with pytest.raises(IndexError):
        delete_relationship(small_map, -1)


def test_tables_from_a_table_editor_round_trip(small_map: StakeholderMap) -> None:
    actors, ties = records_of(small_map)
    assert actors[0]["id"] == "umbrella" and ties[0]["kind"] == "member_of"
    assert replace_tables(small_map, actors, ties) == small_map
    actors[1]["stance"] = "opposed"
    ties.append({"source": "", "target": None, "kind": float("nan")})  # the editor's empty new row
    edited = replace_tables(small_map, actors, ties)
    assert edited.actor("chamber").stance == "opposed"
    assert len(edited.explicit_relationships) == len(ties) - 1


def test_an_edited_table_with_errors_reports_every_one(small_map: StakeholderMap) -> None:
    actors, ties = records_of(small_map)
    actors[2]["kind"] = "dragon"
    ties[3]["strength"] = "strong"
    with pytest.raises(EditRejected) as refused:
        replace_tables(small_map, actors, ties)
    assert flat(refused.value) == [
        ["actors", 4, "kind", "unknown-value"],
        ["relationships", 5, "strength", "invalid-number"],
    ]


def test_emptied_tables_give_an_empty_map(small_map: StakeholderMap) -> None:
    assert replace_tables(small_map, [], []) == StakeholderMap((), ())
    assert map_from_records([{"name": "Only", "kind": "media"}], []).map is not None
