"""GraphML (yEd, Cytoscape, networkx, Gephi) in and out.

Reading (`read_graphml`) maps `<key attr.name=...>` data by name, as for GEXF:

| GraphML | our column |
|---|---|
| node `id`; data `name`, `label` or a yEd `NodeLabel` | `id`, `name` (the id when there is none) |
| the node holding the node's `<graph>` (nested graphs, yEd groups and folders) | `parent` ("part of") |
| node data named like a contract column (`kind`, `type`, `influence`...) | that column |
| edge `source`, `target`; data `weight` | `source`, `target`, `strength` (rescaled if above 1; all 1 = unset) |
| edge `directed="false"`, else its graph's `edgedefault="undirected"` | `direction` mutual (else the kind's default) |
| edge data `kind`, `type`, `relationship`..., else `label` | `kind` |
| any other data | a custom field |

Key defaults apply; edge ids and yEd's other graphics are not kept. A node
holding a graph stays an actor, and edges inside nested graphs are ties like
any other. GraphML has no standard for time. What the map cannot hold is left
out with one `dropped-content` warning each, naming how many: `<hyperedge>`s
(ties join two actors), `<port>`s (the edges that use them are kept, between
the nodes), graphs inside edges, and `<locator>`s (graphs in other files).

Writing (`graphml_bytes`) declares one key per actor and tie field (`name`,
`kind`, ..., `strength`, `direction`, ...) and per custom field, and includes
the ties implied by `parent` flagged `implied` (reading skips them). Mutual ties
say so in their `direction` data only: networkx refuses `directed="false"`
edges in a directed graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from mapping.formats.gexf import CREATOR
from mapping.formats.jsongraph import dropped
from mapping.formats.tables import field_text, load_graph
from mapping.formats.xmlsafe import local_name, parse_xml, xml_text
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS

__all__ = ["GRAPHML_NS", "graphml_bytes", "read_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

_YED_LABELS = ("NodeLabel", "EdgeLabel")


# --- reading ------------------------------------------------------------------------


def read_graphml(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from a GraphML file (see the module docstring for the mapping)."""
    limits = limits or Limits.from_env()
    root, issues = parse_xml(file, "GraphML", limits)
    graphs = [el for el in root if local_name(el.tag) == "graph"] if root is not None else []
    if root is not None and not graphs:
        message = f"{file.name} has no <graph> element. Export the graph again."
        issues.append(ValidationIssue(file.name, None, None, "unreadable-file", message))
    if root is None or not graphs:
        return LoadResult(None, tuple(issues))
    reading = _Reading(_keys(root))
    _read_graphs(root, reading)
    ours = _data(graphs[0], reading.keys, "graph").get("creator") == CREATOR
    issues += reading.left_out(file.name)
    name = title or file.name.rsplit(".", 1)[0]
    return load_graph(file.name, reading.nodes, reading.edges, issues, name, ours=ours, limits=limits, kinds=kinds)


class _Key:
    """A declared <key>: what it applies to, its name, its default, and whether it is yEd graphics."""

    def __init__(self, element: Element) -> None:
        self.applies_to = element.get("for", "all")
        self.name = element.get("attr.name") or element.get("id", "")
        self.graphics = element.get("yfiles.type", "") in ("nodegraphics", "edgegraphics")
        self.default = next(("".join(el.itertext()) for el in element if local_name(el.tag) == "default"), "")


def _keys(root: Element) -> dict[str, _Key]:
    return {el.get("id", ""): _Key(el) for el in root if local_name(el.tag) == "key"}


class _Reading:
    """A GraphML document being read: its keys, the records so far, and counts of what was left out."""

    def __init__(self, keys: Mapping[str, _Key]) -> None:
        self.keys = keys
        self.nodes: list[dict[str, str]] = []
        self.edges: list[dict[str, str]] = []
        self.left: Counter[str] = Counter()  # element name -> how many were left out

    def left_out(self, file_name: str) -> list[ValidationIssue]:
        """One warning per kind of content the map cannot hold, naming it and how many."""
        issues = []
        for part in _PARTS_LEFT_OUT:
            count = self.left[part.tag]
            if count:
                what = f"{count} {part.many if count > 1 else part.one} (GraphML <{part.element}>)"
                issues.append(dropped(file_name, f"{what} {'were' if count > 1 else 'was'}", part.why))
        return issues


@dataclass(frozen=True)
class _LeftOut:
    """A part of GraphML the map cannot hold: how it is counted, named, and why it is left out."""

    tag: str
    one: str
    many: str
    element: str
    why: str


_PARTS_LEFT_OUT = (
    _LeftOut("hyperedge", "hyperedge", "hyperedges", "hyperedge", "the map holds ties between two actors only."),
    _LeftOut("port", "port", "ports", "port", "a tie joins two actors, not points on them; the ties are kept."),
    _LeftOut("edge graph", "graph inside an edge", "graphs inside edges", "graph", "a map's ties hold no graphs."),
    _LeftOut("locator", "graph in another file", "graphs in other files", "locator", "import each file on its own."),
)


def _read_graphs(root: Element, reading: _Reading) -> None:
    """Every node and edge in file order; a node in a graph that a node holds is part of that node.

    Walked with `iter()` rather than recursion, so that a hostile file nested
    thousands deep is just a long file. Each edge takes its own graph's `edgedefault`.
    """
    holder = {child: element for element in root.iter() for child in element}
    for element in root.iter():
        tag = local_name(element.tag)
        around = holder.get(element, root)
        outer = holder.get(around, root)
        if tag in ("node", "edge") and local_name(outer.tag) == "edge":
            continue  # in a graph inside an edge, left out with it
        if tag == "node" and local_name(around.tag) == "graph":
            parent = outer.get("id", "") if local_name(outer.tag) == "node" else ""
            record = {"id": element.get("id", "")} | _data(element, reading.keys, "node")
            reading.nodes.append(record | ({"parent": parent} if parent else {}))
        elif tag == "edge" and local_name(around.tag) == "graph":
            undirected = around.get("edgedefault", "directed") == "undirected"
            reading.edges.append(_edge(element, reading.keys, undirected))
        elif tag == "graph" and local_name(around.tag) == "edge":
            reading.left["edge graph"] += 1
        elif tag in ("hyperedge", "locator", "port"):
            reading.left[tag] += 1


def _data(element: Element, keys: Mapping[str, _Key], kind: str) -> dict[str, str]:
    """The element's own <data> by key name, after the keys' defaults; yEd graphics give the label."""
    values = {k.name: k.default for k in keys.values() if k.default and k.applies_to in (kind, "all")}
    for data in (child for child in element if local_name(child.tag) == "data"):
        key = keys.get(data.get("key", ""))
        if key is not None and key.graphics:
            labels = ["".join(el.itertext()).strip() for el in data.iter() if local_name(el.tag) in _YED_LABELS]
            if any(labels):
                values["label"] = next(label for label in labels if label)
        else:
            values[key.name if key else data.get("key", "")] = "".join(data.itertext())
    return values


def _edge(element: Element, keys: Mapping[str, _Key], undirected: bool) -> dict[str, str]:
    record = {"source": element.get("source", ""), "target": element.get("target", "")}
    directed = element.get("directed")
    if directed is not None:
        record["direction"] = "mutual" if directed == "false" else "directed"
    elif undirected:
        record["direction"] = "mutual"
    return record | _data(element, keys, "edge")


# --- writing ------------------------------------------------------------------------

_NODE_COLUMNS = [c for c in ACTOR_COLUMNS if c.name != "id"]
_EDGE_COLUMNS = [c for c in RELATIONSHIP_COLUMNS if c.name not in ("source", "target")]


def graphml_bytes(smap: StakeholderMap) -> bytes:
    """The map as GraphML (see the module docstring)."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    node_keys = _declare(root, "node", [(c.name, _type(c.value_type)) for c in _NODE_COLUMNS], smap.actors)
    edge_fixed = [(c.name, _type(c.value_type)) for c in _EDGE_COLUMNS] + [("implied", "boolean")]
    edge_keys = _declare(root, "edge", edge_fixed, smap.relationships)
    graph_keys = _declare(root, "graph", [("title", "string"), ("creator", "string")], ())
    graph = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
    _add_data(graph, graph_keys, {"title": smap.title, "creator": CREATOR})
    for actor in smap.actors:
        node = ET.SubElement(graph, "node", {"id": xml_text(actor.id)})
        _add_data(
            node,
            node_keys,
            {c.name: field_text(getattr(actor, c.name)) for c in _NODE_COLUMNS} | dict(actor.attributes),
        )
    for index, rel in enumerate(smap.relationships):
        attributes = {"id": f"e{index}", "source": xml_text(rel.source), "target": xml_text(rel.target)}
        edge = ET.SubElement(graph, "edge", attributes)
        fields = {c.name: field_text(getattr(rel, c.name)) for c in _EDGE_COLUMNS}
        _add_data(edge, edge_keys, fields | {"implied": "true" if rel.implied else ""} | dict(rel.attributes))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _type(value_type: str) -> str:
    return "double" if value_type == "number" else "string"


def _declare(root: Element, kind: str, fixed: Sequence[tuple[str, str]], records: Sequence) -> dict[str, str]:
    """One <key> per field of nodes, edges or the graph; returns name -> key id."""
    custom = [(name, "string") for name in dict.fromkeys(n for record in records for n, _ in record.attributes)]
    ids = {}
    for number, (name, value_type) in enumerate([*fixed, *custom]):
        ids[name] = f"{kind[0]}{number}"
        attributes = {"id": ids[name], "for": kind, "attr.name": xml_text(name), "attr.type": value_type}
        ET.SubElement(root, "key", attributes)
    return ids


def _add_data(element: Element, ids: Mapping[str, str], fields: Mapping[str, str]) -> None:
    for name, value in fields.items():
        if value and name in ids:
            ET.SubElement(element, "data", {"key": ids[name]}).text = xml_text(value)
