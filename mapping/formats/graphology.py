"""Graphology JSON: what Gephi Lite, sigma.js and other graphology apps save (`graph.export()`).

The document is `{"attributes": {...}, "options": {"type": "mixed" | "directed" |
"undirected", "multi": ...}, "nodes": [{"key", "attributes"}], "edges": [{"key",
"source", "target", "attributes", "undirected"}]}` (graphology's serialization
format). A Gephi Lite file (`{"type": "gephi-lite", "graphDataset": {"fullGraph",
"nodeData", "edgeData", "layout", "metadata"}, "filters", "appearance"}`) holds
the same graph as keys in `fullGraph`, their attributes in `nodeData` and
`edgeData` and positions in `layout`: it is read as that graph (its filters and
appearance are views of it, not content). Reading (`read_graphology`;
`graphology_records` gives the records):

| graphology | our column |
|---|---|
| node `key` | `id` |
| node `attributes.label` | `name` (nodes with no label are named by their key) |
| node `attributes.x`, `attributes.y` | `map_x`, `map_y` = -y (the pin; graphology's y grows up, ours down) |
| edge `source`, `target` | `source`, `target` (node keys) |
| edge `undirected: true`, or `options.type` "undirected" | `direction` mutual |
| graph `attributes.title` or `attributes.name` (Gephi Lite: `metadata.title`) | the map's title |
| edge `key`, `options` | left out |
| `size`, `color` of nodes and edges | left out (drawing details), one `dropped-content` warning |
| every other attribute (`weight`, an edge's `label`, ...) | kept under the file's names |

`load_graph` decides which of the file's names fill our columns; the rest
become custom fields. sigma.js draws graph coordinates with y pointing up and
flips them for the screen (sigmajs.org, "Coordinate systems"), so a position is
pinned with y negated, as our GEXF export flips it the other way. Coordinates
that are not both numbers are kept as fields `x` and `y`.
Row N of an issue is the Nth node (or edge).
"""

from __future__ import annotations

from collections.abc import Mapping

from mapping.formats.jsongraph import GraphRecords, cell_text, dropped, item_cells, load_records, parse_document
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.read import InputFile
from mapping.values import format_number

__all__ = ["graphology_records", "looks_like_graphology", "read_graphology"]

DRAWING_DETAILS = ("size", "color")
"""Attributes sigma.js draws with and the map does not keep."""


def looks_like_graphology(value: object) -> bool:
    """True for a Gephi Lite file, or a JSON object whose `nodes` have a `key` (node-link nodes have an `id`)."""
    if isinstance(value, dict) and value.get("type") == "gephi-lite":
        value = _workspace_graph(value)
    if not isinstance(value, dict) or not isinstance(value.get("nodes"), list):
        return False
    first = next((node for node in value["nodes"] if isinstance(node, dict)), None)
    return first is not None and "key" in first and "id" not in first


def read_graphology(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from graphology JSON (see the module docstring)."""
    limits = limits or Limits.from_env()
    data, issue = parse_document(file, limits)
    if issue is None and not looks_like_graphology(data):
        message = f"{file.name} is not graphology JSON: it needs a 'nodes' list of objects with a 'key'."
        issue = ValidationIssue(file.name, None, None, "unreadable-file", message)
    if issue is not None:
        return LoadResult(None, (issue,))
    return load_records(file, graphology_records(file.name, data), title, limits, kinds=kinds)


def graphology_records(file_name: str, data: Mapping[str, object]) -> GraphRecords:
    """The nodes and edges of a graphology document as records (see the module docstring).

    >>> records = graphology_records("g.json", {"options": {"type": "undirected"},
    ...     "nodes": [{"key": "a", "attributes": {"label": "A", "x": 1, "y": 2}}, {"key": "b"}],
    ...     "edges": [{"key": "e", "source": "a", "target": "b"}]})
    >>> records.nodes
    ({'id': 'a', 'name': 'A', 'map_x': '1', 'map_y': '-2'}, {'id': 'b'})
    >>> records.edges
    ({'source': 'a', 'target': 'b', 'direction': 'mutual'},)
    """
    if data.get("type") == "gephi-lite":
        data = _workspace_graph(data)
    options = data.get("options") if isinstance(data.get("options"), dict) else {}
    undirected = options.get("type") == "undirected"
    nodes = [node for node in data["nodes"] if isinstance(node, dict)]
    edges = data.get("edges") if isinstance(data.get("edges"), list) else []
    edges = [edge for edge in edges if isinstance(edge, dict)]
    attributes = data.get("attributes") if isinstance(data.get("attributes"), dict) else {}
    title = cell_text(attributes.get("title") or attributes.get("name") or "")
    issues = _drawing_details(file_name, nodes, edges)
    return GraphRecords(
        tuple(map(_node_record, nodes)), tuple(_edge_record(edge, undirected) for edge in edges), issues, title
    )


def _workspace_graph(workspace: Mapping[str, object]) -> dict[str, object]:
    """A Gephi Lite file's graph as graphology JSON: `fullGraph`'s keys with their `nodeData`, `layout`, `edgeData`."""
    dataset = workspace.get("graphDataset") if isinstance(workspace.get("graphDataset"), dict) else {}
    graph = dataset.get("fullGraph") if isinstance(dataset.get("fullGraph"), dict) else {}
    node_data, edge_data, layout, metadata = (
        dataset.get(part) if isinstance(dataset.get(part), dict) else {}
        for part in ("nodeData", "edgeData", "layout", "metadata")
    )
    nodes = [
        node | {"attributes": _attributes(node_data, node) | _attributes(layout, node)}
        for node in graph.get("nodes", ())
        if isinstance(node, dict)
    ]
    edges = [
        edge | {"attributes": _attributes(edge_data, edge)} for edge in graph.get("edges", ()) if isinstance(edge, dict)
    ]
    return graph | {"attributes": metadata, "nodes": nodes, "edges": edges}


def _attributes(by_key: Mapping[str, object], item: Mapping[str, object]) -> dict[str, object]:
    found = by_key.get(cell_text(item.get("key")))
    return found if isinstance(found, dict) else {}


def _node_record(node: Mapping[str, object]) -> dict[str, str]:
    attributes = node.get("attributes") if isinstance(node.get("attributes"), dict) else {}
    record = {"id": cell_text(node.get("key"))}
    if attributes.get("label") not in (None, ""):
        record["name"] = cell_text(attributes["label"])
    # What the format defines (key, label, position) wins over an attribute of the same name.
    return item_cells(attributes, skip=("label", "x", "y", *DRAWING_DETAILS)) | record | _pin(attributes)


def _pin(attributes: Mapping[str, object]) -> dict[str, str]:
    """The node's position as our pin (y flipped), or the coordinates as written when they are not numbers."""
    x, y = attributes.get("x"), attributes.get("y")
    if _is_number(x) and _is_number(y):
        return {"map_x": format_number(x), "map_y": format_number(-y)}
    return {name: cell_text(value) for name, value in (("x", x), ("y", y)) if value is not None}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _edge_record(edge: Mapping[str, object], undirected: bool) -> dict[str, str]:
    record = {"source": cell_text(edge.get("source")), "target": cell_text(edge.get("target"))}
    attributes = edge.get("attributes") if isinstance(edge.get("attributes"), dict) else {}
    record |= item_cells(attributes, skip=(*DRAWING_DETAILS, "source", "target"))
    if (undirected or edge.get("undirected") is True) and not record.get("direction"):
        record["direction"] = "mutual"
    return record


def _drawing_details(file_name: str, nodes: list[dict], edges: list[dict]) -> tuple[ValidationIssue, ...]:
    """One warning naming how many nodes and edges had a size or colour the map does not keep."""
    counts = [
        (sum(1 for item in items if _has_drawing_detail(item)), noun)
        for items, noun in ((nodes, "node"), (edges, "edge"))
    ]
    parts = [f"{count} {noun}{'s' if count != 1 else ''}" for count, noun in counts if count]
    if not parts:
        return ()
    why = "the map draws actors and ties by their kind, influence and strength."
    return (dropped(file_name, f"The size and colour of {' and '.join(parts)} were", why),)


def _has_drawing_detail(item: Mapping[str, object]) -> bool:
    attributes = item.get("attributes")
    return isinstance(attributes, dict) and any(name in attributes for name in DRAWING_DETAILS)
