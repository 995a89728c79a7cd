"""GEXF, Gephi's format, in and out.

Reading (`read_gexf`) maps what Gephi, networkx and other tools write:

| GEXF | our column |
|---|---|
| node `id`, `label` | `id`, `name` (the id when there is no label) |
| node `pid`, or the node whose `<nodes>` it is nested in | `parent` (the hierarchy means "part of") |
| node `start`/`startopen`, `end`/`endopen`, `<spells>` | `active_from`, `active_until` |
| node attribute titled like a contract column (`kind`, `type`, `influence`, `country`...) | that column |
| edge `source`, `target`, `weight` | `source`, `target`, `strength` (rescaled if above 1; all 1 = unset) |
| edge `type`, else the graph's `defaultedgetype` | `direction`: `directed`; `undirected` or `mutual` = mutual |
| edge `start`, `end`, `<spells>` | `since`, `until` |
| edge attribute titled `kind`, `type`, `relationship`..., else the edge `label` | `kind` |
| any other attribute | a custom field |

An edge with no type in a `directed` graph takes its kind's default direction
(Gephi writes `directed` whatever the data means); edges nested inside a node's
`<edges>` are ties like any other. Edge ids, `viz:` colours, sizes and positions
are drawing details and are not kept, nor networkx's `networkx_key`; an edge
`type` that is not a direction (networkx writes a `type` attribute there) is the
tie's kind. Attribute defaults declared in `<attributes>` apply.

Time, where the map keeps one period per actor and tie (one `dropped-content`
warning per file for each kind of loss):

- dates may be days, months or years; a time of day (`dateTime`) is dropped.
  Unbounded ends (none, `Infinity`) stay blank, and a `timestamp` is a period of
  one moment;
- several spells become one period, the earliest start to the latest end, with
  a warning that the gaps between them were merged;
- times that are numbers (`timeformat="double"` or `"integer"`, or values that
  are not dates) are not calendar dates: they are not kept;
- an attribute with several values over time keeps the one in force latest
  (the latest end, an open end being latest, then the latest start), or the
  last written when they have no times; the warning names the attributes and
  how many values were left out. `mode="dynamic"` without times is a static graph.

FollowTheMoney's `ftm export-gexf` writes through networkx: node ids
`entity:<id>`, FtM properties (`name`, `country`, `startDate`...) and `schema` as
attributes (`schema` reads as the actor's type), the caption as the label, and
edges with `schema`, weight 1.0 and a `networkx_key`. It reads as any networkx file.

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
import re
from collections import Counter
from collections.abc import Mapping
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from mapping.formats.jsongraph import dropped
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
_TIME_ATTRIBUTES = ("start", "end", "startopen", "endopen", "timestamp")
_NUMERIC_TIME_FORMATS = {"double", "float", "integer", "long"}
_CALENDAR_TIME = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$")
"""A year, month or day, with a time of day that is dropped; GEXF's `dateTime` values look like this."""
_PERIOD_COLUMNS = {"node": ("active_from", "active_until"), "edge": ("since", "until")}
_UNBOUNDED = {None, "", "-Infinity", "Infinity", "-inf", "inf"}


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
    if root is None or graph is None:
        return LoadResult(None, tuple(issues))
    reading = _Reading(graph)
    _read_levels(graph, reading)
    ours = any(local_name(el.tag) == "creator" and el.text == CREATOR for el in root.iter())
    issues += reading.left_out(file.name)
    name = title or file.name.rsplit(".", 1)[0]
    return load_graph(file.name, reading.nodes, reading.edges, issues, name, ours=ours, limits=limits, kinds=kinds)


class _Reading:
    """One GEXF graph being read: its declarations, the records so far, and counts of what was left out."""

    def __init__(self, graph: Element) -> None:
        self.titles, self.defaults = _declared_attributes(graph)
        self.undirected = graph.get("defaultedgetype", "directed") == "undirected"
        self.numeric_times = graph.get("timeformat", "").lower() in _NUMERIC_TIME_FORMATS
        self.nodes: list[dict[str, str]] = []
        self.edges: list[dict[str, str]] = []
        self.timed_by_number: Counter[str] = Counter()  # "node" / "edge" -> how many had times that are numbers
        self.merged_spells: Counter[str] = Counter()  # "node" / "edge" -> how many had several spells
        self.superseded: Counter[str] = Counter()  # attribute title -> values left out

    def left_out(self, file_name: str) -> list[ValidationIssue]:
        """One warning per kind of content the map cannot hold."""
        issues = []
        if self.timed_by_number:
            what = f"The times of {_elements(self.timed_by_number)} were"
            why = (
                "the file gives times as numbers (GEXF timeformat double or integer), not calendar dates. "
                "Add dates as since/until (ties) or active_from/active_until (actors) if they matter."
            )
            issues.append(dropped(file_name, what, why))
        if self.merged_spells:
            what = f"The gaps between the spells (periods) of {_elements(self.merged_spells)} were"
            why = "each now holds from its earliest start to its latest end, as the map keeps one period."
            issues.append(dropped(file_name, what, why))
        if self.superseded:
            count = self.superseded.total()
            values, were = ("earlier values", "were") if count > 1 else ("earlier value", "was")
            what = f"{count} {values} of {', '.join(self.superseded)} (GEXF dynamic values) {were}"
            why = "each node and edge keeps the value in force latest, or the last written."
            issues.append(dropped(file_name, what, why))
        return issues


def _elements(counts: Counter[str]) -> str:
    """'2 nodes and 1 edge'."""
    return " and ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items(), reverse=True) if n)


def _read_levels(graph: Element, reading: _Reading) -> None:
    """Every node and edge in file order, however deeply nested; a node in another's `<nodes>` is part of it.

    Walked with `iter()` rather than recursion, so that a hostile file nested
    thousands deep is just a long file.
    """
    holder = {child: element for element in graph.iter() for child in element}
    for element in graph.iter():
        tag = local_name(element.tag)
        if tag == "node":
            around = holder.get(holder.get(element, graph), graph)
            parent = around.get("id", "") if local_name(around.tag) == "node" else ""
            reading.nodes.append(_node(element, parent, reading))
        elif tag == "edge":
            reading.edges.append(_edge(element, reading))


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


def _values(element: Element, titles: Mapping[str, str], reading: _Reading) -> dict[str, str]:
    """The element's attvalues by title (GEXF 1.1 writes `id` where 1.2 writes `for`).

    An attribute given several values over time keeps the one in force latest
    (`_latest`); the others are counted in `reading.superseded`.
    """
    written: dict[str, list[Element]] = {}
    for block in (child for child in element if local_name(child.tag) == "attvalues"):
        for value in (el for el in block if local_name(el.tag) == "attvalue"):
            key = value.get("for") or value.get("id") or ""
            written.setdefault(titles.get(key, key), []).append(value)
    for title, values in written.items():
        if len(values) > 1:
            reading.superseded[title] += len(values) - 1
    return {title: _latest(values).get("value", "") for title, values in written.items()}


def _latest(values: list[Element]) -> Element:
    """The value in force latest: the latest end (none is latest), then the latest start, then the last written."""

    def order(position: int) -> tuple:
        start, end = _bounds(values[position])
        return (end is None, _time_order(end), start is not None, _time_order(start), position)

    return values[max(range(len(values)), key=order)]


def _time_order(text: str | None) -> tuple[float, str]:
    """A time as something to compare: numbers by value, dates by their year then their text."""
    if text is None:
        return (0.0, "")
    try:
        return (float(text), "")
    except ValueError:
        year = text[:4]
        return (float(year) if year.isdigit() else 0.0, text)


def _bounds(element: Element) -> tuple[str | None, str | None]:
    """An element's start and end (open or closed; a timestamp is both); None where unbounded."""
    start = element.get("start") or element.get("startopen") or element.get("timestamp")
    end = element.get("end") or element.get("endopen") or element.get("timestamp")
    return (None if start in _UNBOUNDED else start), (None if end in _UNBOUNDED else end)


def _period(element: Element, kind: str, reading: _Reading) -> dict[str, str]:
    """When the node or edge holds, from its own start/end and its spells, as our two date columns.

    Several spells become one period, from the earliest start to the latest end.
    Times that are numbers, not dates, are left out (counted in `reading`).
    """
    intervals = [_bounds(element)] if any(element.get(a) for a in _TIME_ATTRIBUTES) else []
    for block in (child for child in element if local_name(child.tag) == "spells"):
        intervals += [_bounds(spell) for spell in block if local_name(spell.tag) == "spell"]
    if not intervals:
        return {}
    times = [time for interval in intervals for time in interval if time is not None]
    if reading.numeric_times or not all(_CALENDAR_TIME.match(time) for time in times):
        reading.timed_by_number[kind] += 1 if times else 0
        return {}
    if len(intervals) > 1:
        reading.merged_spells[kind] += 1
    names = _PERIOD_COLUMNS[kind]
    starts = [start for start, _ in intervals]
    ends = [end for _, end in intervals]
    period = {
        names[0]: "" if None in starts else min(starts, key=_time_order),
        names[1]: "" if None in ends else max(ends, key=_time_order),
    }
    return {name: time.split("T", 1)[0] for name, time in period.items() if time}


def _node(element: Element, parent: str, reading: _Reading) -> dict[str, str]:
    """A node's record; `parent` is the node it is nested in (a `pid` says the same in flat files)."""
    record = {"id": element.get("id", "")}
    if element.get("label") is not None:
        record["label"] = element.get("label", "")
    if element.get("pid") or parent:
        record["parent"] = element.get("pid") or parent
    record |= _period(element, "node", reading)
    return record | reading.defaults["node"] | _values(element, reading.titles["node"], reading)


def _edge(element: Element, reading: _Reading) -> dict[str, str]:
    record = {"source": element.get("source", ""), "target": element.get("target", "")}
    for name in ("label", "weight", "kind"):
        if element.get(name) is not None:
            record[name] = element.get(name, "")
    edge_type = element.get("type", "undirected" if reading.undirected else "")
    if edge_type in _EDGE_TYPES:
        record["direction"] = _EDGE_TYPES[edge_type]
    elif edge_type:
        record["type"] = edge_type  # networkx writes a "type" attribute here: the tie's kind, not its direction
    record |= _period(element, "edge", reading)
    values = {k: v for k, v in _values(element, reading.titles["edge"], reading).items() if k not in _TOOL_KEYS}
    return record | reading.defaults["edge"] | values


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
