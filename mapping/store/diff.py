"""What changed between two maps: actors and written ties added, removed or edited.

Actors are matched by id; ties by (source, target, kind), pairing repeated ties in
order. Field values are compared as the text of the contract's tables, so a change
reads as a user would see it in their spreadsheet ("stance: neutral -> supportive").
Ties implied by `parent` are not compared: a change of parent shows on the actor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.store.content import Record, records_of

__all__ = ["ActorChange", "FieldChange", "MapDiff", "TieChange", "TieKey", "diff_maps"]

TieKey = tuple[str, str, str]
"""A tie's identity in a diff or a merge: (source id, target id, kind)."""


@dataclass(frozen=True)
class FieldChange:
    """One column of one row changed: its text before and after ('' for blank)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ActorChange:
    """An actor present in both maps with different values (`name` as it is after the change)."""

    id: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class TieChange:
    """A tie present in both maps, matched by (source, target, kind), with different values."""

    key: TieKey
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class MapDiff:
    """The difference from one map (`before`) to another (`after`)."""

    actors_added: tuple[Actor, ...] = ()
    actors_removed: tuple[Actor, ...] = ()
    actors_edited: tuple[ActorChange, ...] = ()
    ties_added: tuple[Relationship, ...] = ()
    ties_removed: tuple[Relationship, ...] = ()
    ties_edited: tuple[TieChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.actors_added,
                self.actors_removed,
                self.actors_edited,
                self.ties_added,
                self.ties_removed,
                self.ties_edited,
            )
        )

    def summary(self) -> str:
        """One line for a history or a preview: '2 actors added, 1 edited; 3 ties added'.

        >>> MapDiff().summary()
        'no changes'
        """
        parts = [
            _counted("actor", self.actors_added, self.actors_edited, self.actors_removed),
            _counted("tie", self.ties_added, self.ties_edited, self.ties_removed),
        ]
        return "; ".join(p for p in parts if p) or "no changes"


def _counted(noun: str, added: Sequence[object], edited: Sequence[object], removed: Sequence[object]) -> str:
    """'2 actors added, 1 edited' ('' when nothing of this kind changed)."""
    counts = [(n, verb) for n, verb in ((len(added), "added"), (len(edited), "edited"), (len(removed), "removed")) if n]
    if not counts:
        return ""
    (first, verb), rest = counts[0], counts[1:]
    head = f"{first} {noun}{'' if first == 1 else 's'} {verb}"
    return ", ".join([head, *(f"{n} {v}" for n, v in rest)])


def diff_maps(before: StakeholderMap, after: StakeholderMap) -> MapDiff:
    """The actors and written ties added, removed and edited from `before` to `after`."""
    actors_before, ties_before = records_of(before)
    actors_after, ties_after = records_of(after)
    by_id_before = {r["id"]: r for r in actors_before}
    by_id_after = {r["id"]: r for r in actors_after}
    actors_edited = tuple(
        ActorChange(actor_id, record["name"], changes)
        for actor_id, record in by_id_after.items()
        if actor_id in by_id_before and (changes := field_changes(by_id_before[actor_id], record))
    )
    matched, ties_added_at, ties_removed_at = match_ties(ties_before, ties_after)
    ties_edited = tuple(
        TieChange(tie_key(ties_after[j]), changes)
        for i, j in matched
        if (changes := field_changes(ties_before[i], ties_after[j]))
    )
    written_before, written_after = before.explicit_relationships, after.explicit_relationships
    return MapDiff(
        actors_added=tuple(after.actor(i) for i in by_id_after if i not in by_id_before),
        actors_removed=tuple(before.actor(i) for i in by_id_before if i not in by_id_after),
        actors_edited=actors_edited,
        ties_added=tuple(written_after[j] for j in ties_added_at),
        ties_removed=tuple(written_before[i] for i in ties_removed_at),
        ties_edited=ties_edited,
    )


def tie_key(record: Record) -> TieKey:
    return record["source"], record["target"], record["kind"]


def match_ties(before: Sequence[Record], after: Sequence[Record]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (i, j) of matching ties by (source, target, kind), in order; then the unmatched of each side."""
    waiting: dict[TieKey, list[int]] = defaultdict(list)
    for i, record in enumerate(before):
        waiting[tie_key(record)].append(i)
    pairs, added = [], []
    for j, record in enumerate(after):
        queue = waiting.get(tie_key(record))
        if queue:
            pairs.append((queue.pop(0), j))
        else:
            added.append(j)
    paired = {i for i, _ in pairs}
    removed = [i for i in range(len(before)) if i not in paired]
    return pairs, added, removed


def field_changes(before: Record, after: Record) -> tuple[FieldChange, ...]:
    """The columns whose text differs between two rows (a column missing on one side counts as blank)."""
    columns = dict.fromkeys([*before, *after])
    return tuple(
        FieldChange(column, before.get(column, ""), after.get(column, ""))
        for column in columns
        if before.get(column, "") != after.get(column, "")
    )
