"""Node-link JSON (the shape of networkx `node_link_data`, read by d3 and many web tools).

Writing (`node_link_bytes`):
`{"directed": true, "multigraph": true, "graph": {"title": ..., "creator": ...},
"nodes": [{"id", "name", "kind", ...}], "links": [{"source", "target", "key",
"kind", "strength", ...}]}`. Numbers are JSON numbers, phases and capabilities
lists, dates ISO text, blank fields left out, and custom fields under
`"attributes"`. `networkx.node_link_graph(data, edges="links")` reads it back
as a MultiDiGraph. The ties implied by `parent` are included with
`"implied": true`.

Reading (`read_node_link`) takes that shape (links under `links` or `edges`)
from any tool: node and link keys named like contract columns fill them, other
keys and the `attributes` object become custom fields, and implied links are
skipped. Row N of an issue is the Nth node (or link). A document nested deeper
than the limit is refused (`nested-too-deeply`, see `mapping.limits`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from mapping.formats.gexf import CREATOR
from mapping.formats.jsonsafe import NestedTooDeeplyError, parse_json
from mapping.formats.tables import field_text, list_items, load_graph
from mapping.issues import ValidationIssue
from mapping.limits import Limits, file_too_large, nested_too_deeply
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile, decode_text
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS
from mapping.values import PartialDate

__all__ = ["looks_like_node_link", "node_link_bytes", "node_link_data", "read_node_link"]

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
    return isinstance(value, dict) and isinstance(value.get("nodes"), list)


def read_node_link(file: InputFile, title: str = "", limits: Limits | None = None) -> LoadResult:
    """A map from node-link JSON (see the module docstring)."""
    limits = limits or Limits.from_env()
    data, issue = _document(file, limits)
    if issue is not None:
        return LoadResult(None, (issue,))
    links = data.get("links", data.get("edges", []))
    nodes = [_record(node) for node in data["nodes"] if isinstance(node, dict)]
    edges = [_record(link) for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    graph = data.get("graph") if isinstance(data.get("graph"), dict) else {}
    name = title or str(graph.get("title") or "") or file.name.rsplit(".", 1)[0]
    return load_graph(file.name, nodes, edges, (), name, ours=graph.get("creator") == CREATOR, limits=limits)


def _document(file: InputFile, limits: Limits) -> tuple[dict, ValidationIssue | None]:
    def problem(code: str, row: int | None, message: str) -> tuple[dict, ValidationIssue]:
        return {}, ValidationIssue(file.name, row, None, code, message)

    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return {}, too_large
    try:
        data = parse_json(decode_text(file.data), limits.max_json_depth)
    except NestedTooDeeplyError:
        return {}, nested_too_deeply(file.name, None, limits)
    except UnicodeDecodeError as err:
        return problem("unreadable-file", None, f"{file.name} is not text ({err.reason}). Save it as UTF-8 JSON.")
    except ValueError as err:
        line = getattr(err, "lineno", None)
        return problem("unreadable-record", line, f"{file.name} is not valid JSON ({err}). Fix it or export it again.")
    if not looks_like_node_link(data):
        message = f"{file.name} is not node-link JSON: it needs a 'nodes' list (and 'links' or 'edges')."
        return problem("unreadable-file", None, message)
    return data, None


def _record(item: Mapping[str, object]) -> dict[str, str]:
    """One node or link as text cells; its `attributes` object spread into custom fields."""
    record = {key: _text(value) for key, value in item.items() if key not in ("attributes", "key")}
    attributes = item.get("attributes")
    if isinstance(attributes, dict):
        record |= {str(key): _text(value) for key, value in attributes.items()}
    return record


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return field_text(value)
