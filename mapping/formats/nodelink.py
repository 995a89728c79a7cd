"""Node-link JSON (the shape of networkx `node_link_data`, read by d3 and many web tools).

Writing (`node_link_bytes`):
`{"directed": true, "multigraph": true, "graph": {"title": ..., "creator": ...},
"nodes": [{"id", "name", "kind", ...}], "links": [{"source", "target", "key",
"kind", "strength", ...}]}`. Numbers are JSON numbers, phases and capabilities
lists, dates ISO text, blank fields left out, and custom fields under
`"attributes"`. `networkx.node_link_graph(data, edges="links")` reads it back
as a MultiDiGraph. The ties implied by `parent` are included with
`"implied": true`.

Reading (`read_node_link`) takes that shape from any tool (networkx, d3 v3 to
v7, and web tools that copied them); `node_link_records` gives the records:

| node-link | our column |
|---|---|
| node `id` (a number reads as its text) | `id` |
| node `name` | `name` (nodes with no name are named by their id) |
| links under `links` or `edges`, their `source`, `target` | `source`, `target` |
| `source`/`target` as positions in `nodes` (d3 v3: `0`, `"3"`) | the node's id, else its name |
| `graph` `title` or `name` (networkx 1.x: a list of pairs) | the map's title |
| `"directed": false` at the top (an undirected networkx graph) | `direction` mutual, unless the link has one |
| link `key` (a multigraph's) | left out |
| any other list in the document (`hyperedges`, ...) | left out, one `dropped-content` warning each |
| every other node or link key, and the `attributes` object | kept under the file's names |

`load_graph` decides which of the file's names fill our columns; the rest
become custom fields. Ends are positions only when no end names a node's id
(d3 v3 nodes have no ids; networkx's integer ids are ids); a node with neither
id nor name takes its position as id. An end d3 replaced by its node object (a laid-out graph saved
with `JSON.stringify`) is read by that node's id or index. Implied links are
skipped. Row N of an issue is the Nth node (or link). A document nested deeper
than the limit is refused (`nested-too-deeply`, see `mapping.limits`).
Graphology's JSON (nodes with a `key`) has its own reader, `graphology`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from mapping.formats.gexf import CREATOR
from mapping.formats.jsongraph import GraphRecords, cell_text, dropped, item_cells, load_records, parse_document
from mapping.formats.tables import list_items
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS
from mapping.values import PartialDate

__all__ = ["looks_like_node_link", "node_link_bytes", "node_link_data", "node_link_records", "read_node_link"]

_NODE_FIELDS = [c.name for c in ACTOR_COLUMNS if c.name != "id"]
_LINK_FIELDS = [c.name for c in RELATIONSHIP_COLUMNS if c.name not in ("source", "target")]


def node_link_data(smap: StakeholderMap) -> dict[str, object]:
    """The map as a node-link dictionary (see the module docstring)."""
    nodes = [{"id": actor.id} | _fields(actor, _NODE_FIELDS) for actor in smap.actors]
    links = []
    for index, rel in enumerate(smap.relationships):
        link = {"source": rel.source, "target": rel.target, "key": index} | _fields(rel, _LINK_FIELDS)
        links.append(link | ({"implied": True} if rel.implied else {}))
    graph = {"title": smap.title, "creator": CREATOR}
    return {"directed": True, "multigraph": True, "graph": graph, "nodes": nodes, "links": links}


def node_link_bytes(smap: StakeholderMap) -> bytes:
    """The node-link dictionary as indented UTF-8 JSON."""
    return json.dumps(node_link_data(smap), indent=2, ensure_ascii=False).encode("utf-8")


def _fields(record: object, names: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in names:
        value = getattr(record, name)
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, tuple):
            value = list_items(value)
        values[name] = str(value) if isinstance(value, PartialDate) else value
    attributes = dict(getattr(record, "attributes", ()))
    return values | ({"attributes": attributes} if attributes else {})


def looks_like_node_link(value: object) -> bool:
    """True for a JSON object with a `nodes` list (node-link JSON, and graphology's, which has keyed nodes)."""
    return isinstance(value, dict) and isinstance(value.get("nodes"), list)


def read_node_link(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from node-link JSON (see the module docstring)."""
    limits = limits or Limits.from_env()
    data, issue = parse_document(file, limits)
    if issue is None and not looks_like_node_link(data):
        message = f"{file.name} is not node-link JSON: it needs a 'nodes' list (and 'links' or 'edges')."
        issue = ValidationIssue(file.name, None, None, "unreadable-file", message)
    if issue is not None:
        return LoadResult(None, (issue,))
    graph = data.get("graph") if isinstance(data.get("graph"), dict) else {}
    return load_records(
        file, node_link_records(file.name, data), title, limits, ours=graph.get("creator") == CREATOR, kinds=kinds
    )


def node_link_records(file_name: str, data: Mapping[str, object]) -> GraphRecords:
    """The nodes and links of a node-link document as records (see the module docstring).

    >>> records = node_link_records("g.json", {"directed": False, "nodes": [{"name": "A"}, {"name": "B"}],
    ...                                        "links": [{"source": 0, "target": 1, "value": 2}]})
    >>> records.edges
    ({'value': '2', 'source': 'A', 'target': 'B', 'direction': 'mutual'},)
    """
    listed = data["nodes"]
    nodes = {position: node for position, node in enumerate(listed) if isinstance(node, dict)}
    links = data.get("links", data.get("edges", []))
    links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    records = {position: item_cells(node, skip=("key",)) for position, node in nodes.items()}
    ids = {record["id"] for record in records.values() if record.get("id")}
    for position, record in records.items():
        if not _reference(record):
            record["id"] = str(position)  # nothing else names it: its place in the list does, as in d3
    ends = [_end(link.get(end)) for link in links for end in ("source", "target")]
    by_position = not any(end in ids for end in ends)
    refs = {str(position): _reference(record) for position, record in records.items()} if by_position else {}
    mutual = data.get("directed") is False
    edges = [_link_record(link, refs, mutual) for link in links]
    return GraphRecords(tuple(records.values()), tuple(edges), _left_out(file_name, data), _title(data.get("graph")))


def _title(graph: object) -> str:
    """The graph's title or name; networkx 1.x wrote the graph's attributes as a list of pairs."""
    if isinstance(graph, list):
        graph = {
            key: value
            for key, value in (pair for pair in graph if isinstance(pair, list) and len(pair) == 2)
            if isinstance(key, str)  # a key that is a list or an object names nothing
        }
    return cell_text(graph.get("title") or graph.get("name") or "") if isinstance(graph, dict) else ""


def _left_out(file_name: str, data: Mapping[str, object]) -> tuple[ValidationIssue, ...]:
    """One warning for each other list in the document (`hyperedges`, say): the map holds nodes and links only."""
    why = "the map holds actors and ties between two of them."
    return tuple(
        dropped(file_name, f"The document's {name} ({len(part)}) were", why)
        for name, part in data.items()
        if name not in ("nodes", "links", "edges", "graph") and isinstance(part, list) and part
    )


def _end(value: object) -> str:
    """A link's end as text: d3 replaces it with the node object once laid out, so take that node's id or index."""
    if isinstance(value, dict):
        value = value.get("id", value.get("index"))
    return cell_text(value)


def _reference(record: Mapping[str, str]) -> str:
    """How a link names a node: its id, else its name (the id defaults to the name), else its label."""
    return record.get("id") or record.get("name") or record.get("label", "")


def _link_record(link: Mapping[str, object], refs: Mapping[str, str], mutual: bool) -> dict[str, str]:
    record = item_cells(link, skip=("key", "source", "target"))
    for end in ("source", "target"):
        written = _end(link.get(end))
        record[end] = refs.get(written, written)
    if mutual and not record.get("direction"):
        record["direction"] = "mutual"
    return record
