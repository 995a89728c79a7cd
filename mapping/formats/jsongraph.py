"""What the JSON graph readers share: parsing within the limits, values as text cells, records before validation.

Node-link JSON (`nodelink`), graphology JSON (`graphology`) and Kumu's JSON
(`kumu_json`) each turn their document into `GraphRecords`: node and edge
records keyed by our column names where the format itself defines the field (an
id, a label, a link's ends and direction) and by the file's own names
otherwise. `load_graph` then makes the two tables and validates them. Keeping
the records step pure lets tests check a dialect without a full map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mapping.formats.jsonsafe import NestedTooDeeplyError, parse_json
from mapping.formats.tables import field_text, load_graph
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits, file_too_large, nested_too_deeply
from mapping.load import LoadResult
from mapping.read import InputFile, decode_text

__all__ = ["GraphRecords", "cell_text", "dropped", "item_cells", "load_records", "parse_document"]


@dataclass(frozen=True)
class GraphRecords:
    """A graph document's nodes and edges as text records, in file order, with what was left out."""

    nodes: tuple[dict[str, str], ...]
    edges: tuple[dict[str, str], ...]
    issues: tuple[ValidationIssue, ...] = ()
    title: str = ""


def parse_document(file: InputFile, limits: Limits) -> tuple[object, ValidationIssue | None]:
    """The file's JSON value, or None and the issue saying why it cannot be read (too large, too deep, not JSON)."""
    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return None, too_large
    try:
        return parse_json(decode_text(file.data), limits.max_json_depth), None
    except NestedTooDeeplyError:
        return None, nested_too_deeply(file.name, None, limits)
    except UnicodeDecodeError as err:
        message = f"{file.name} is not text ({err.reason}). Save it as UTF-8 JSON."
        return None, ValidationIssue(file.name, None, None, "unreadable-file", message)
    except ValueError as err:
        line = getattr(err, "lineno", None)
        message = f"{file.name} is not valid JSON ({err}). Fix it or export it again."
        return None, ValidationIssue(file.name, line, None, "unreadable-record", message)


def load_records(
    file: InputFile,
    records: GraphRecords,
    title: str,
    limits: Limits,
    ours: bool = False,
    kinds: KindChoices | None = None,
) -> LoadResult:
    """The records validated as a map, named `title`, else the document's title, else the file's stem."""
    name = title or records.title or file.name.rsplit(".", 1)[0]
    return load_graph(
        file.name, records.nodes, records.edges, records.issues, name, ours=ours, limits=limits, kinds=kinds
    )


def item_cells(item: Mapping[str, object], skip: Iterable[str] = ()) -> dict[str, str]:
    """A node or edge object as text cells, its `attributes` object spread into fields, `skip` keys left out.

    >>> item_cells({"key": 1, "tags": ["a", "b"], "attributes": {"size": 2.0}}, skip=("key",))
    {'tags': 'a;b', 'size': '2'}
    """
    left_out = {"attributes", *skip}
    cells = {str(key): cell_text(value) for key, value in item.items() if key not in left_out}
    attributes = item.get("attributes")
    if isinstance(attributes, dict):
        cells |= {str(key): cell_text(value) for key, value in attributes.items() if key not in left_out}
    return cells


def cell_text(value: object) -> str:
    """A JSON value as a cell: booleans `true`/`false`, lists `;`-joined, objects as JSON, numbers shortest.

    >>> cell_text(True), cell_text([1, "x"]), cell_text(3.0), cell_text(None)
    ('true', '1;x', '3', '')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return field_text(value)


def dropped(file_name: str, what: str, why: str) -> ValidationIssue:
    """The one warning for a kind of content left out: `what` names it and how many, `why` says what to do."""
    return ValidationIssue(file_name, None, None, "dropped-content", f"{what} left out: {why}", "warning")
