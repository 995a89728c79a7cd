"""Kumu's JSON: a project exported with "Export JSON" (a backup), or a blueprint written for import.

An export holds `{"elements": [{"_id", "attributes": {"label", "element type",
"description", "tags", ...}}], "connections": [{"_id", "from", "to", "direction",
"delayed", "reversed", "attributes": {"connection type", "strength", ...}}],
"loops": [...], "maps": [...]}`; a blueprint (Kumu's import guide) writes the
same fields flat, with `id` and `type`: `{"elements": [{"id", "label", "type",
"description", "tags"}], "connections": [{"id", "from", "to", "type",
"direction"}]}`. Both read the same way (`read_kumu_json`; `kumu_json_records`
gives the records); field names are matched ignoring case, spaces and
underscores:

| Kumu | our column |
|---|---|
| element `_id` (or `id`) | `id` (elements with no id are known by their label) |
| element `label` | `name` |
| element `element type` (or `type`) | `kind`, the type's own text |
| element `description` | `notes` |
| element `tags` (a list) | custom field `tags`, `;`-joined |
| connection `from`, `to` (an element's id, or a blueprint's label) | `source`, `target` |
| connection `connection type` (or `type`) | `kind`, the type's own text |
| connection `direction`: `undirected` or `mutual` / `directed` | `direction` mutual / directed |
| connection `strength` | `strength` (another scale is converted, `tables.rescale_strength`) |
| connection `description` | `notes` |
| connection `_id` (or `id`) | left out |
| connection `delayed`, `reversed` | custom fields when true, left out when false |
| every other field of an element or connection | a custom field under its Kumu name |
| `loops`, `maps` | left out, one `dropped-content` warning each |
| the project's `attributes` (field settings), `perspectives` (views) | left out |

Kumu's workbooks (an Elements and a Connections sheet) are read by `kumu`.
Row N of an issue is the Nth element (or connection).
"""

from __future__ import annotations

from collections.abc import Mapping

from mapping.formats.jsongraph import GraphRecords, dropped, item_cells, load_records, parse_document
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.read import InputFile
from mapping.schema import normalise_token

__all__ = ["kumu_json_records", "looks_like_kumu_json", "read_kumu_json"]

# Keyed by `normalise_token`, which reads `_id` as `id`.
_ELEMENT_FIELDS = {"id": "id", "label": "name", "element_type": "kind", "type": "kind", "description": "notes"}
_CONNECTION_FIELDS = {"from": "source", "to": "target", "connection_type": "kind", "type": "kind"}
_CONNECTION_FIELDS |= {"description": "notes", "strength": "strength", "direction": "direction"}
_CONNECTION_LEFT_OUT = {"_id", "id"}
_CONNECTION_FLAGS = {"delayed", "reversed"}
"""Kumu writes these on every connection; only a true one says something."""
_DIRECTIONS = {"undirected": "mutual", "mutual": "mutual", "directed": "directed"}
_PROJECT_PARTS = {
    "loops": "the map holds no loops; the ties they run through are imported",
    "maps": "their views and element positions are Kumu's; the map lays actors out itself",
}


def looks_like_kumu_json(value: object) -> bool:
    """True for a JSON object with an `elements` list and a `connections` list (or none)."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("elements"), list)
        and isinstance(value.get("connections", []), list)
    )


def read_kumu_json(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from a Kumu JSON export or blueprint (see the module docstring)."""
    limits = limits or Limits.from_env()
    data, issue = parse_document(file, limits)
    if issue is None and not looks_like_kumu_json(data):
        message = f"{file.name} is not Kumu JSON: it needs an 'elements' list (and a 'connections' list)."
        issue = ValidationIssue(file.name, None, None, "unreadable-file", message)
    if issue is not None:
        return LoadResult(None, (issue,))
    return load_records(file, kumu_json_records(file.name, data), title, limits, kinds=kinds)


def kumu_json_records(file_name: str, data: Mapping[str, object]) -> GraphRecords:
    """The elements and connections of a Kumu JSON document as records (see the module docstring).

    >>> records = kumu_json_records("k.json", {
    ...     "elements": [{"_id": "e1", "attributes": {"label": "A", "element type": "NGO", "tags": ["x", "y"]}}],
    ...     "connections": [{"_id": "c1", "from": "e1", "to": "e2", "direction": "undirected", "delayed": False}]})
    >>> records.nodes
    ({'id': 'e1', 'name': 'A', 'kind': 'NGO', 'tags': 'x;y'},)
    >>> records.edges
    ({'source': 'e1', 'target': 'e2', 'direction': 'mutual'},)
    """
    elements = [item for item in data["elements"] if isinstance(item, dict)]
    connections = [item for item in data.get("connections", []) if isinstance(item, dict)]
    issues = tuple(
        dropped(file_name, f"The project's {name} ({len(part)}) were", _PROJECT_PARTS[name])
        for name, part in data.items()
        if name in _PROJECT_PARTS and isinstance(part, list) and part
    )
    return GraphRecords(tuple(map(_element, elements)), tuple(map(_connection, connections)), issues)


def _element(element: Mapping[str, object]) -> dict[str, str]:
    return _renamed(item_cells(element), _ELEMENT_FIELDS)


def _connection(connection: Mapping[str, object]) -> dict[str, str]:
    cells = item_cells(connection, skip=_CONNECTION_LEFT_OUT)
    cells = {key: text for key, text in cells.items() if not (key in _CONNECTION_FLAGS and text == "false")}
    record = _renamed(cells, _CONNECTION_FIELDS)
    if "direction" in record:
        record["direction"] = _DIRECTIONS.get(normalise_token(record["direction"]), record["direction"])
    return record


def _renamed(cells: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, str]:
    """Kumu's built-in fields under our column names (the first one written wins), the rest as Kumu names them."""
    record: dict[str, str] = {}
    for key, text in cells.items():
        column = fields.get(normalise_token(key))
        if column is None:
            record[key] = text
        elif text and not record.get(column):
            record[column] = text
    return record
