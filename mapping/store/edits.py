"""Edits to a map, checked by the data contract before anything is saved.

Each function takes the current map and one edit and returns a new
`StakeholderMap`, or raises `EditRejected` carrying every `ValidationIssue`; the map
it was given is never changed (maps are immutable). The edit is applied to the
map's tables (`mapping.store.content.records_of`) and the whole result is validated
as an upload would be, so an edit can only produce a map an upload could produce.

Values are keyed by contract column names (`"kind"`, `"strength"`, ...; aliases and
custom fields are accepted as in a file) and given as text a user would type, or as
numbers, dates, lists or None for blank. Actors are addressed by id, relationships
by their index in `StakeholderMap.explicit_relationships` (the order of
`records_of`): KeyError / IndexError when there is no such actor or tie.

Deleting an actor that ties or other actors' `parent` still name is refused, each
reference reported as an issue; `cascade=True` deletes those ties too and clears
those parents. Changing an actor's id renames it everywhere it is referenced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mapping.issues import ValidationIssue
from mapping.model import StakeholderMap
from mapping.store.content import (
    ACTORS_TABLE,
    RELATIONSHIPS_TABLE,
    Record,
    cell_text,
    followed_back,
    map_from_records,
    records_of,
)
from mapping.store.errors import EditRejected

__all__ = [
    "add_actor",
    "add_relationship",
    "delete_actor",
    "delete_relationship",
    "pin_actors",
    "replace_tables",
    "update_actor",
    "update_relationship",
]

Values = Mapping[str, object]


def replace_tables(smap: StakeholderMap, actors: Sequence[Values], relationships: Sequence[Values]) -> StakeholderMap:
    """The map whose tables are exactly these rows (as edited in a table editor); blank rows are dropped."""
    result = map_from_records(actors, relationships, title=smap.title)
    if result.map is None:
        raise EditRejected(result.issues)
    return result.map


def add_actor(smap: StakeholderMap, values: Values) -> StakeholderMap:
    """The map with one more actor, appended after the others."""
    actors, ties = records_of(smap)
    return replace_tables(smap, [*actors, _texts(values)], ties)


def update_actor(smap: StakeholderMap, actor_id: str, changes: Values) -> StakeholderMap:
    """The map with the actor's columns in `changes` replaced; a new id is carried to every reference."""
    actors, ties = records_of(smap)
    position = _actor_position(actors, actor_id)
    updated = {**actors[position], **_texts(changes)}
    new_id = updated.get("id") or updated.get("name", "")
    if new_id != actor_id:
        _rename_references(actors, ties, actor_id, new_id)
    actors[position] = updated
    return replace_tables(smap, actors, ties)


def pin_actors(smap: StakeholderMap, moves: Mapping[str, tuple[float, float] | None]) -> StakeholderMap:
    """The map with each actor in `moves` pinned at its (x, y) on the map, or unpinned for None.

    Positions are whole pixels, written to the `map_x` and `map_y` columns, so they travel with
    the map: in the workspace's history and in every export.
    """
    actors, ties = records_of(smap)
    for actor_id, place in moves.items():
        position = _actor_position(actors, actor_id)
        x, y = ("", "") if place is None else (str(round(place[0])), str(round(place[1])))
        actors[position] = {**actors[position], "map_x": x, "map_y": y}
    return replace_tables(smap, actors, ties)


def delete_actor(smap: StakeholderMap, actor_id: str, *, cascade: bool = False) -> StakeholderMap:
    """The map without the actor.

    Refused (`EditRejected`, one issue per reference) while written ties or other
    actors' `parent` name it, unless `cascade=True`: then those ties are deleted and
    those parents cleared. Ties implied by the actor's own `parent` go with it.
    """
    actors, ties = records_of(smap)
    position = _actor_position(actors, actor_id)
    tie_rows = [i for i, tie in enumerate(ties) if actor_id in (tie["source"], tie["target"])]
    child_rows = [i for i, actor in enumerate(actors) if actor.get("parent") == actor_id and i != position]
    if (tie_rows or child_rows) and not cascade:
        name = smap.actor(actor_id).name
        raise EditRejected(_reference_issues(actor_id, name, (ties, tie_rows), (actors, child_rows)))
    for i in child_rows:
        actors[i] = {**actors[i], "parent": ""}
    remaining_ties = [tie for i, tie in enumerate(ties) if i not in set(tie_rows)]
    return replace_tables(smap, actors[:position] + actors[position + 1 :], remaining_ties)


def add_relationship(smap: StakeholderMap, values: Values) -> StakeholderMap:
    """The map with one more written tie, appended after the others."""
    actors, ties = records_of(smap)
    return replace_tables(smap, actors, [*ties, _texts(values)])


def update_relationship(smap: StakeholderMap, index: int, changes: Values) -> StakeholderMap:
    """The map with the columns in `changes` replaced on the tie at `index` of `explicit_relationships`.

    A form sends every column back, the stored back strength among them. When the change
    leaves strength_back as it was, a new direction decides it (the back is cleared, so the
    contract's rule applies) and a new strength carries along a back that only followed the
    old one (`followed_back`), so editing a dialogue's strength keeps it a dialogue.
    """
    actors, ties = records_of(smap)
    _check_index(ties, index)
    before = ties[index]
    after = {**before, **_texts(changes)}
    if after.get("strength_back") == before.get("strength_back"):
        if after.get("direction") != before.get("direction"):
            after["strength_back"] = ""
        elif after.get("strength") != before.get("strength"):
            after["strength_back"] = followed_back(before, after.get("strength", "")) or after["strength_back"]
    ties[index] = after
    return replace_tables(smap, actors, ties)


def delete_relationship(smap: StakeholderMap, index: int) -> StakeholderMap:
    """The map without the tie at `index` of `explicit_relationships`."""
    actors, ties = records_of(smap)
    _check_index(ties, index)
    return replace_tables(smap, actors, ties[:index] + ties[index + 1 :])


# --- helpers ------------------------------------------------------------------------


def _texts(values: Values) -> Record:
    return {str(key): cell_text(value) for key, value in values.items()}


def _actor_position(actors: list[Record], actor_id: str) -> int:
    for position, actor in enumerate(actors):
        if actor["id"] == actor_id:
            return position
    raise KeyError(f"no actor with id {actor_id!r} on this map")


def _check_index(ties: list[Record], index: int) -> None:
    if not 0 <= index < len(ties):
        raise IndexError(f"no written relationship at index {index}; the map has {len(ties)}")


def _rename_references(actors: list[Record], ties: list[Record], old: str, new: str) -> None:
    for actor in actors:
        if actor.get("parent") == old:
            actor["parent"] = new
    for tie in ties:
        for end in ("source", "target"):
            if tie[end] == old:
                tie[end] = new


def _reference_issues(
    actor_id: str, name: str, ties: tuple[list[Record], list[int]], children: tuple[list[Record], list[int]]
) -> list[ValidationIssue]:
    """One issue per tie (and per child actor) that still names the actor being deleted."""
    issues = []
    tie_records, tie_rows = ties
    for i in tie_rows:
        tie = tie_records[i]
        end = "source" if tie["source"] == actor_id else "target"
        issues.append(
            ValidationIssue(
                RELATIONSHIPS_TABLE,
                i + 2,
                end,
                "unknown-actor",
                f"Deleting '{name}' would leave this {tie['kind']} tie ({tie['source']} -> {tie['target']}) "
                "without its actor. Delete the tie first, or delete the actor together with its ties.",
            )
        )
    actors, child_rows = children
    for i in child_rows:
        issues.append(
            ValidationIssue(
                ACTORS_TABLE,
                i + 2,
                "parent",
                "unknown-actor",
                f"'{actors[i]['name']}' names '{name}' as its parent. Change that parent first, "
                "or delete the actor together with its ties (the parent is then cleared).",
            )
        )
    return issues
