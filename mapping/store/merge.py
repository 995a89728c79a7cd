"""Bringing an upload into a workspace's map: replace it, or merge into it.

A merge keeps everything the map has and adds or updates from the upload:

* an uploaded actor matches an actor of the map with the same id, else the one
  actor whose name is the same after `mapping.schema.normalise_token` (case, accents,
  spacing ignored); a matched actor keeps its id (and, matched by name, its spelling
  of the name), and the upload's ties and parents are re-pointed to it; a name shared
  by several actors of the map matches none of them;
* an uploaded tie matches a written tie with the same (source, target, kind) (for a
  symmetric tie, one whose influence runs back as strongly, either way round);
* a matched row takes every value the upload gives; a blank cell, or a value that
  only restates the contract's default (stance `unknown`, engagement `not_contacted`,
  confidence `medium`, a kind's default strength, direction and sign, the back
  strength its default gives the row's strength), keeps the map's value, so a
  sparse upload never erases what the map already knows;
* unmatched actors and ties are appended. A merge never removes anything.

`plan_upload` returns the resulting map and its `MapDiff` from the current map,
for a preview before anything is saved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from mapping.model import StakeholderMap
from mapping.schema import (
    DEFAULT_CONFIDENCE,
    DEFAULT_ENGAGEMENT_STATUS,
    DEFAULT_STANCE,
    RELATIONSHIP_KINDS,
    RelationshipKind,
    normalise_token,
)
from mapping.store.content import Record, followed_back, map_from_records, records_of
from mapping.store.diff import MapDiff, TieKey, diff_maps, tie_key
from mapping.store.errors import EditRejected
from mapping.values import format_number, parse_number

__all__ = ["UPLOAD_MODES", "UploadMode", "UploadPreview", "merge_maps", "plan_upload"]

UploadMode = Literal["replace", "merge"]
UPLOAD_MODES: tuple[UploadMode, ...] = ("replace", "merge")

_ACTOR_DEFAULTS = {"stance": DEFAULT_STANCE, "engagement_status": DEFAULT_ENGAGEMENT_STATUS}
_KIND = {kind.name: kind for kind in RELATIONSHIP_KINDS}


@dataclass(frozen=True)
class UploadPreview:
    """What applying an upload would do, computed against `base_version` of a workspace.

    `result` is the map that would be saved; `changes` lists the actors and ties it
    adds, updates (with the changed fields) and, for a replace, removes. Applying it
    (`WorkspaceService.apply_upload`) saves `result` only if the workspace is still at
    `base_version`, so the preview the user saw is what gets saved.
    """

    workspace_id: int
    workspace_name: str
    mode: UploadMode
    base_version: int
    upload_title: str
    result: StakeholderMap
    changes: MapDiff

    def description(self) -> str:
        """A default description for the version: "Merged upload 'x.xlsx': 3 actors added"."""
        verb = "Merged" if self.mode == "merge" else "Replaced the map with"
        title = f" '{self.upload_title}'" if self.upload_title else ""
        return f"{verb} upload{title}: {self.changes.summary()}"


def plan_upload(current: StakeholderMap, incoming: StakeholderMap, mode: UploadMode) -> tuple[StakeholderMap, MapDiff]:
    """The map an upload in this mode would produce, and its difference from the current map."""
    if mode == "replace":
        result = StakeholderMap(incoming.actors, incoming.explicit_relationships, title=current.title)
    elif mode == "merge":
        result = merge_maps(current, incoming)
    else:
        raise ValueError(f"unknown upload mode {mode!r}; use one of {', '.join(UPLOAD_MODES)}")
    return result, diff_maps(current, result)


def merge_maps(current: StakeholderMap, incoming: StakeholderMap) -> StakeholderMap:
    """The current map with the incoming actors and ties added or merged in (see the module docstring).

    Raises `EditRejected` if the merged tables break the contract (say, parents that
    now form a loop).
    """
    actors, ties = records_of(current)
    new_actors, new_ties = records_of(incoming)
    matches = _match_actors(actors, new_actors)
    id_of = {
        record["id"]: actors[k]["id"] if k is not None else record["id"]
        for record, k in zip(new_actors, matches, strict=True)
    }
    for record, k in zip(new_actors, matches, strict=True):
        repointed = {
            **record,
            "id": id_of[record["id"]],
            "parent": id_of.get(record.get("parent", ""), record.get("parent", "")),
        }
        if k is None:
            actors.append(repointed)
            continue
        if actors[k]["id"] != record["id"]:
            del repointed["name"]  # matched by name: keep the map's spelling of it
        actors[k] = _overlay(actors[k], repointed, _actor_value_given)
    _merge_ties(ties, [{**tie, "source": id_of[tie["source"]], "target": id_of[tie["target"]]} for tie in new_ties])
    result = map_from_records(actors, ties, title=current.title)
    if result.map is None:
        raise EditRejected(result.issues)
    return result.map


def _match_actors(actors: Sequence[Record], incoming: Sequence[Record]) -> list[int | None]:
    """For each incoming actor, the position of the current actor it matches, or None."""
    by_id = {record["id"]: k for k, record in enumerate(actors)}
    matches: list[int | None] = [by_id.get(record["id"]) for record in incoming]
    claimed = {k for k in matches if k is not None}
    by_name: dict[str, list[int]] = defaultdict(list)
    for k, record in enumerate(actors):
        by_name[normalise_token(record["name"])].append(k)
    for n, record in enumerate(incoming):
        if matches[n] is None:
            candidates = [k for k in by_name.get(normalise_token(record["name"]), []) if k not in claimed]
            if len(candidates) == 1:
                matches[n] = candidates[0]
                claimed.add(candidates[0])
    return matches


def _merge_ties(ties: list[Record], incoming: Sequence[Record]) -> None:
    """Overlay matching ties in place and append the others."""
    waiting: dict[TieKey, list[int]] = defaultdict(list)
    for k, tie in enumerate(ties):
        waiting[tie_key(tie)].append(k)
    for tie in incoming:
        k = _take_match(waiting, ties, tie)
        if k is None:
            ties.append(tie)
        else:
            values = {column: value for column, value in tie.items() if column not in ("source", "target")}
            ties[k] = _back_following_strength(ties[k], _overlay(ties[k], values, _tie_value_given), tie)


def _take_match(waiting: dict[TieKey, list[int]], ties: Sequence[Record], tie: Record) -> int | None:
    """The first unmatched current tie with the same key (or, both being symmetric, the reversed key)."""
    source, target, kind = tie_key(tie)
    queue = waiting.get((source, target, kind))
    if queue:
        return queue.pop(0)
    if _symmetric(tie):
        reversed_queue = waiting.get((target, source, kind), [])
        for k in reversed_queue:
            if _symmetric(ties[k]):
                reversed_queue.remove(k)
                return k
    return None


def _symmetric(tie: Record) -> bool:
    """True when the row's influence runs back as strongly as forward (`Relationship.is_symmetric`)."""
    return tie.get("strength_back") == tie.get("strength")


def _overlay(current: Record, incoming: Record, given: Callable[[str, str, Record], bool]) -> Record:
    """The current row with every value the incoming row gives (see `given`)."""
    return {**current, **{column: value for column, value in incoming.items() if given(column, value, incoming)}}


def _actor_value_given(column: str, value: str, _row: Record) -> bool:
    return value != "" and _ACTOR_DEFAULTS.get(column) != value


def _tie_value_given(column: str, value: str, row: Record) -> bool:
    if value == "":
        return False
    spec = _KIND.get(row.get("kind", ""))
    defaults = {"confidence": DEFAULT_CONFIDENCE}
    if spec is not None:
        defaults |= {
            "strength": format_number(spec.default_strength),
            "strength_back": _default_back(spec, row.get("strength", "")),
            "direction": spec.default_direction,
            "sign": spec.sign,
        }
    return defaults.get(column) != value


def _back_following_strength(current: Record, merged: Record, incoming: Record) -> Record:
    """The merged row, its back strength moved along when the upload changes the strength and not the back.

    See `mapping.store.content.followed_back`: a back that only followed the map's strength follows
    the new one; a back rated apart is kept.
    """
    new = merged.get("strength", "")
    if new == current.get("strength") or _tie_value_given("strength_back", incoming.get("strength_back", ""), incoming):
        return merged
    back = followed_back(current, new)
    return merged if back is None else merged | {"strength_back": back}


def _default_back(spec: RelationshipKind, strength: str) -> str:
    """The back strength the kind's default gives a row's strength: what a row leaving it blank reads."""
    written = parse_number(strength) if strength else spec.default_strength
    return format_number(spec.default_back(written))
