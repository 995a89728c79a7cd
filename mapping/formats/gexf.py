"""GEXF, Gephi's format, in and out.

Reading (`read_gexf`) maps what Gephi, networkx and other tools write:

| GEXF | our column |
|---|---|
| node `id`, `label`, `pid` | `id`, `name` (the id when there is no label), `parent` |
| node attribute titled like a contract column (`kind`, `type`, `influence`, `country`...) | that column |
| edge `source`, `target`, `weight` | `source`, `target`, `strength` (rescaled if above 1; all 1 = unset) |
| edge `type`, else the graph's `defaultedgetype` | `direction`: `directed`; `undirected` or `mutual` = mutual |
| edge attribute titled `kind`, `type`, `relationship`..., else the edge `label` | `kind` |
| any other attribute | a custom field |

An edge with no type in a `directed` graph takes its kind's default direction
(Gephi writes `directed` whatever the data means). Edge ids, `viz:` colours,
sizes and positions and dynamic intervals are drawing details and are not
kept, nor networkx's `networkx_key`; an edge `type` that is not a direction
(networkx writes a `type` attribute there) is the tie's kind. Attribute
defaults declared in `<attributes>` apply.

Writing (`gexf_bytes`) produces GEXF 1.2 that Gephi opens looking like our map:
`viz:color` is the kind's colour (`mapping.render.palette`), `viz:size` grows
with influence (10 to 40, unrated 8), `viz:position` comes from
`mapping.layout.layout_positions` with pinned actors where they were pinned (y flipped, as
Gephi's axis points up), and
people are diamonds. Every actor and tie field is an attribute; mutual ties are
`mutual` edges (networkx refuses `undirected` ones in a directed graph); the
ties implied by `parent` are included, flagged `implied`, so that Gephi draws
them, and reading skips them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from mapping.formats.tables import field_text, load_graph
from mapping.formats.xmlsafe import local_name, parse_xml, xml_text
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.layout import layout_positions
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.render.palette import KIND_COLOURS, RELATIONSHIP_COLOURS
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, RELATIONSHIP_KINDS
from mapping.view import placed_positions

__all__ = ["CREATOR", "GEXF_NS", "VIZ_NS", "gexf_bytes", "node_size", "read_gexf"]

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"

CREATOR = "stakeholder-mapping"
"""Written in our files' metadata: a weight of 1 on every tie is then a real rating, not a tool's default."""
Position = tuple[float, float]
_EDGE_TYPES = {"directed": "directed", "undirected": "mutual", "mutual": "mutual"}
_TOOL_KEYS = {"networkx_key"}  # bookkeeping networkx writes for multigraphs, not data
_TIE_LABELS = {kind.name: kind.label for kind in RELATIONSHIP_KINDS}


# --- reading ------------------------------------------------------------------------


def read_gexf(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from a GEXF file (see the module docstring for the mapping)."""
    limits = limits or Limits.from_env()
    root, issues = parse_xml(file, "GEXF", limits)
    graph = next((child for child in root if local_name(child.tag) == "graph"), None) if root is not None else None
    if root is not None and graph is None:
        message = f"{file.name} has no <graph> element. Export the graph again from Gephi."
        issues.append(ValidationIssue(file.name, None, None, "unreadable-file", message))
    if graph is None:
        return LoadResult(None, tuple(issues))
    titles, defaults = _declared_attributes(graph)
    undirected = graph.get("defaultedgetype", "directed") == "undirected"
    nodes = [_node(el, titles["node"], defaults["node"]) for el in graph.iter() if local_name(el.tag) == "node"]
    edges = [
        _edge(el, titles["edge"], defaults["edge"], undirected) for el in graph.iter() if local_name(el.tag) == "edge"
    ]
    ours = any(local_name(el.tag) == "creator" and el.text == CREATOR for el in root.iter())
    name = title or file.name.rsplit(".", 1)[0]
    return load_graph(file.name, nodes, edges, issues, name, ours=ours, limits=limits, kinds=kinds)


def _declared_attributes(graph: Element) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """For nodes and edges: attribute id -> title, and title -> declared default."""
    titles: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    defaults: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for block in (child for child in graph if local_name(child.tag) == "attributes"):
        kind = block.get("class", "node")
        if kind not in titles:
            continue
        for attribute in (el for el in block if local_name(el.tag) == "attribute"):
            key = attribute.get("id", "")
            name = attribute.get("title") or key
            titles[kind][key] = name
            default = next((el.text for el in attribute if local_name(el.tag) == "default"), None)
            if default:
                defaults[kind][name] = default
    return titles, defaults


def _values(element: Element, titles: Mapping[str, str]) -> dict[str, str]:
    """The element's attvalues by title (GEXF 1.1 writes `id` where 1.2 writes `for`)."""
    values = {}
    for block in (child for child in element if local_name(child.tag) == "attvalues"):
        for value in (el for el in block if local_name(el.tag) == "attvalue"):
            key = value.get("for") or value.get("id") or ""
            values[titles.get(key, key)] = value.get("value", "")
    return values


def _node(element: Element, titles: Mapping[str, str], defaults: Mapping[str, str]) -> dict[str, str]:
    record = {"id": element.get("id", "")}
    if element.get("label") is not None:
        record["label"] = element.get("label", "")
    if element.get("pid"):
        record["parent"] = element.get("pid", "")
    return record | dict(defaults) | _values(element, titles)


def _edge(element: Element, titles: Mapping[str, str], defaults: Mapping[str, str], undirected: bool) -> dict[str, str]:
    record = {"source": element.get("source", ""), "target": element.get("target", "")}
    for name in ("label", "weight", "kind"):
        if element.get(name) is not None:
            record[name] = element.get(name, "")
    edge_type = element.get("type", "undirected" if undirected else "")
    if edge_type in _EDGE_TYPES:
        record["direction"] = _EDGE_TYPES[edge_type]
    elif edge_type:
        record["type"] = edge_type  # networkx writes a "type" attribute here: the tie's kind, not its direction
    values = {k: v for k, v in _values(element, titles).items() if k not in _TOOL_KEYS}
    return record | dict(defaults) | values


# --- writing ------------------------------------------------------------------------

_NODE_COLUMNS = [c for c in ACTOR_COLUMNS if c.name not in ("id", "name")]
_EDGE_COLUMNS = [c for c in RELATIONSHIP_COLUMNS if c.name not in ("source", "target", "strength", "direction")]


def node_size(influence: float | None) -> float:
    """The node's size in Gephi: 10 + 6 x influence (0-5 gives 10 to 40); 8 when unrated."""
    return 8.0 if influence is None else 10.0 + 6.0 * influence


def gexf_bytes(smap: StakeholderMap, positions: Mapping[str, Position] | None = None) -> bytes:
    """The map as GEXF 1.2 with Gephi's viz extension (see the module docstring)."""
    places = placed_positions(layout_positions(smap), smap) if positions is None else positions
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:viz": VIZ_NS, "version": "1.2"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, "creator").text = CREATOR
    ET.SubElement(meta, "description").text = xml_text(smap.title)
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_ids = _declare(graph, "node", [(c.name, _type(c.value_type)) for c in _NODE_COLUMNS], _custom(smap.actors))
    edge_declared = [(c.name, _type(c.value_type)) for c in _EDGE_COLUMNS] + [("implied", "boolean")]
    edge_ids = _declare(graph, "edge", edge_declared, _custom(smap.relationships))
    nodes = ET.SubElement(graph, "nodes")
    for actor in smap.actors:
        node = ET.SubElement(nodes, "node", {"id": xml_text(actor.id), "label": xml_text(actor.name)})
        fields = {c.name: field_text(getattr(actor, c.name)) for c in _NODE_COLUMNS} | dict(actor.attributes)
        _attvalues(node, node_ids, fields)
        _viz(node, KIND_COLOURS.get(actor.kind, "#999999"))
        ET.SubElement(node, _v("size"), {"value": repr(node_size(actor.influence))})
        x, y = places.get(actor.id, (0.0, 0.0))
        ET.SubElement(node, _v("position"), {"x": repr(float(x)), "y": repr(-float(y)), "z": "0.0"})
        ET.SubElement(node, _v("shape"), {"value": "diamond" if actor.is_person else "disc"})
    edges = ET.SubElement(graph, "edges")
    for index, rel in enumerate(smap.relationships):
        attributes = {
            "id": str(index),
            "source": xml_text(rel.source),
            "target": xml_text(rel.target),
            "label": _TIE_LABELS.get(rel.kind, rel.kind),
            "weight": field_text(rel.strength),
            "type": "mutual" if rel.is_mutual else "directed",
        }
        edge = ET.SubElement(edges, "edge", attributes)
        fields = {c.name: field_text(getattr(rel, c.name)) for c in _EDGE_COLUMNS}
        fields |= {"implied": "true" if rel.implied else ""} | dict(rel.attributes)
        _attvalues(edge, edge_ids, fields)
        _viz(edge, RELATIONSHIP_COLOURS.get(rel.kind, "#999999"))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _v(tag: str) -> str:
    return f"viz:{tag}"


def _type(value_type: str) -> str:
    return "double" if value_type == "number" else "string"


def _custom(records: tuple) -> list[tuple[str, str]]:
    return [(name, "string") for name in dict.fromkeys(n for record in records for n, _ in record.attributes)]


def _declare(graph: Element, kind: str, fixed: list[tuple[str, str]], custom: list[tuple[str, str]]) -> dict[str, str]:
    """An <attributes> block for nodes or edges; returns title -> attribute id."""
    block = ET.SubElement(graph, "attributes", {"class": kind, "mode": "static"})
    ids = {}
    for number, (title, value_type) in enumerate([*fixed, *custom]):
        ids[title] = f"{kind[0]}{number}"
        ET.SubElement(block, "attribute", {"id": ids[title], "title": xml_text(title), "type": value_type})
    return ids


def _attvalues(element: Element, ids: Mapping[str, str], fields: Mapping[str, str]) -> None:
    present = [(ids[name], value) for name, value in fields.items() if value and name in ids]
    if present:
        block = ET.SubElement(element, "attvalues")
        for key, value in present:
            ET.SubElement(block, "attvalue", {"for": key, "value": xml_text(value)})


def _viz(element: Element, colour: str) -> None:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    ET.SubElement(element, _v("color"), {"r": str(red), "g": str(green), "b": str(blue)})
