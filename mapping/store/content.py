"""A map as stored: the contract's two tables, and the way back through validation.

A version stores exactly what a CSV export holds (`mapping.export.actor_rows` and
`relationship_rows`: headers and text rows), as JSON. Reading it back builds
`RawTable`s and runs them through `mapping.validate`, the same checks an upload
passes, so nothing invalid ever comes out of the store. The table editor's rows
(lists of dicts keyed by column name) take the same road.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mapping.export import ACTOR_HEADERS, RELATIONSHIP_HEADERS, actor_rows, relationship_rows
from mapping.load import LoadResult, validated_map
from mapping.model import StakeholderMap
from mapping.read import RawTable
from mapping.schema import RELATIONSHIP_KINDS
from mapping.values import format_number, parse_number, unguard_formula

__all__ = [
    "ACTORS_TABLE",
    "RELATIONSHIPS_TABLE",
    "Record",
    "cell_text",
    "content_of",
    "followed_back",
    "map_from_content",
    "map_from_records",
    "records_of",
    "row_counts",
    "tables_digest",
]

# Table labels in the issues an edit or a stored version produces ("actors, row 7, column kind").
ACTORS_TABLE = "actors"
RELATIONSHIPS_TABLE = "relationships"

Record = dict[str, str]
"""One row of a table as the table editor holds it: contract column name (or custom field) -> text."""

_RELATIONSHIP_KINDS = {kind.name: kind for kind in RELATIONSHIP_KINDS}


def content_of(smap: StakeholderMap) -> dict[str, Any]:
    """The stored form of a map: headers and rows of its actors and relationships tables."""
    tables = {ACTORS_TABLE: actor_rows(smap), RELATIONSHIPS_TABLE: relationship_rows(smap)}
    return {
        name: {"headers": list(headers), "rows": [list(r) for r in rows]} for name, (headers, rows) in tables.items()
    }


def tables_digest(content: Mapping[str, Any]) -> str:
    """SHA-256 of the stored tables' canonical JSON: equal digests, identical tables, row order included.

    The version's settings (saved views and the like, `mapping.store.settings`) are not tables
    and are left out. Not `StakeholderMap.content_hash`, which ignores row order: that one says whether two maps give
    the same analyses (the caches' key), this one whether two versions store the very same rows.
    """
    tables = {name: content[name] for name in (ACTORS_TABLE, RELATIONSHIPS_TABLE) if name in content}
    text = json.dumps(tables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_counts(content: Mapping[str, Any]) -> tuple[int, int]:
    """Rows in the actors table and in the relationships table (written ties)."""
    return len(content[ACTORS_TABLE]["rows"]), len(content[RELATIONSHIPS_TABLE]["rows"])


def map_from_content(content: Mapping[str, Any], title: str = "") -> LoadResult:
    """Validate stored tables and build the map, exactly as an upload of the same CSVs would.

    Cells are un-guarded as when a CSV is read (see `mapping.export.guard_formula`).
    An empty map (no actors, no ties) is valid here, unlike an upload.
    """
    tables = []
    for name in (ACTORS_TABLE, RELATIONSHIPS_TABLE):
        headers = [unguard_formula(h) for h in content[name]["headers"]]
        rows = [[unguard_formula(cell) for cell in row] for row in content[name]["rows"]]
        tables.append(_raw_table(name, headers, rows))
    return _validated_map(*tables, title=title)


def records_of(smap: StakeholderMap) -> tuple[list[Record], list[Record]]:
    """The map's actors and written relationships as rows for a table editor.

    Keys are the contract's column names (then custom fields); values are the text a
    user would type (numbers as '0.5', lists as 'upstream;acute', dates as '2008-01').
    Relationship rows are in the order of `StakeholderMap.explicit_relationships`.
    """
    return _records(*actor_rows(smap)), _records(*relationship_rows(smap))


def followed_back(before: Record, strength: str) -> str | None:
    """The back strength a tie row takes when its strength becomes `strength` and nothing rated its back.

    A back equal to the row's strength (a mutual tie) or to its kind's default for that strength
    only followed the strength, so it follows the new one, as it would in a file that leaves
    strength_back blank; a back rated apart gives None: keep it. Texts as in the tables ('0.7').

    >>> followed_back({"kind": "dialogue", "strength": "0.4", "strength_back": "0.4"}, "0.7")
    '0.7'
    >>> followed_back({"kind": "member_of", "strength": "0.4", "strength_back": "0.6"}, "0.6")
    '0.9'
    >>> followed_back({"kind": "member_of", "strength": "0.4", "strength_back": "0.1"}, "0.6") is None
    True
    """
    kind = _RELATIONSHIP_KINDS.get(before.get("kind", ""))
    old, back = before.get("strength", ""), before.get("strength_back", "")
    if kind is None or not old or not strength:
        return None
    if back == old:
        return strength
    if back == format_number(kind.default_back(parse_number(old))):
        return format_number(kind.default_back(parse_number(strength)))
    return None


def _records(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[Record]:
    names = [unguard_formula(h) for h in headers]
    return [{name: unguard_formula(cell) for name, cell in zip(names, row, strict=True)} for row in rows]


def map_from_records(
    actors: Sequence[Mapping[str, object]], relationships: Sequence[Mapping[str, object]], title: str = ""
) -> LoadResult:
    """Validate table-editor rows and build the map, as an upload of the same tables would.

    Rows are lists of dicts keyed by contract column name (or alias); other keys become
    custom fields. Values may be text, numbers, dates, lists or None/NaN for blank.
    Issues are located as in an upload: the header is row 1, the first row is row 2.
    """
    return _validated_map(
        _table_from_records(ACTORS_TABLE, actors, ACTOR_HEADERS),
        _table_from_records(RELATIONSHIPS_TABLE, relationships, RELATIONSHIP_HEADERS),
        title=title,
        self_loops="error",  # a tie typed into the editor from an actor to itself is refused, not dropped
    )


def _table_from_records(label: str, records: Sequence[Mapping[str, object]], empty_headers: Sequence[str]) -> RawTable:
    """A RawTable from dict rows; headers are the keys in first-seen order (the contract's when there are no rows)."""
    headers = list(dict.fromkeys(str(key) for record in records for key in record)) or list(empty_headers)
    rows = [[cell_text(record.get(header)) for header in headers] for record in records]
    return _raw_table(label, headers, rows)


def cell_text(value: object) -> str:
    """A table-editor value as the text a user would have typed in a CSV cell.

    >>> cell_text(None), cell_text(float("nan")), cell_text(4.0), cell_text(("upstream", "acute")), cell_text(" x ")
    ('', '', '4', 'upstream;acute', 'x')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(cell_text(item) for item in value)
    return str(value).strip()


def _raw_table(label: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> RawTable:
    """A RawTable numbered as a spreadsheet (header row 1), blank rows dropped as a CSV read drops them."""
    numbered = tuple(
        (number, tuple(cell.strip() for cell in row))
        for number, row in enumerate(rows, start=2)
        if any(cell.strip() for cell in row)
    )
    return RawTable(label, tuple(h.strip() for h in headers), numbered)


def _validated_map(actors: RawTable, relationships: RawTable, title: str, self_loops: str = "skip") -> LoadResult:
    """The map the two tables describe, or the issues that stop it (see `mapping.load.load_files`)."""
    if not actors.rows and not relationships.rows:
        # An upload needs rows; a workspace may be empty (just created, or its last actor deleted).
        return LoadResult(StakeholderMap((), (), title=title), ())
    return validated_map(actors, relationships, title=title, self_loops=self_loops)
