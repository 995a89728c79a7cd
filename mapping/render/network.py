"""The map as an interactive vis-network page that works offline: the drawing's data, then the page.

`map_data` turns a map, fixed positions, what to show and how into plain data:
the nodes, edges and options vis-network takes, and the legend, title and
caption (`mapping.render.map_page.MapData`). `network_html` wraps that data in
our page template (`mapping.render.map_page`): one self-contained HTML document,
vis-network inlined, no other host, to show in an iframe or save as a file. The
page carries its legend and a "Save PNG" button that exports the drawing, title
and legend as a picture. Nothing here uses pyvis's Python API or its template;
the page only takes the vis-network script pyvis ships.

Encodings: fill colour is the actor's kind, the border its stance (see
`palette.STANCE_STYLES`), size any measure passed as `sizes`, people are
diamonds; a tie's colour is its kind, width its strength, dashes mark negative
ties and arrows direction. Found or focused actors glow; a highlighted path is
drawn in thick near-black ties numbered 1, 2, ... while other ties and actors fade.
Physics is off: actors stay where the layout put them.

Labels and notes come from users and are never trusted:
- node and edge data reach the page as JSON with `<`, `>` and `&` escaped, so no
  label can close the element that holds it, and the page reads it with
  `JSON.parse`, never as code;
- vis-network 9.1.2 shows a string tooltip with `innerText` (plain text), so
  tooltips are written as plain text lines, not HTML;
- the title, caption and legend are HTML we write, with every string escaped;
- node ids are opaque ("n0", "n1", ...), since an actor's id may be a person's name.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.colours import OTHER_COLOUR, ActorColours, actor_colours
from mapping.render.labels_script import MIN_LABEL_PX
from mapping.render.map_page import LegendEntry, LegendSection, MapData, map_page_html
from mapping.render.palette import (
    HIGHLIGHT_COLOUR,
    PATH_COLOUR,
    RELATIONSHIP_COLOURS,
    STANCE_STYLES,
    StanceStyle,
    kind_label,
    relationship_label,
    stance_label,
)
from mapping.render.sizes import INFLUENCE_LABEL, influence_values, node_sizes
from mapping.values import format_number
from mapping.view import DisplayNames, display_names, path_relationships

__all__ = [
    "PRESENTATION_STYLE",
    "LegendItem",
    "NetworkStyle",
    "file_stem",
    "legend_data",
    "map_data",
    "map_legend",
    "map_options",
    "network_html",
    "plain_tooltip",
]

Position = tuple[float, float]
Legend = list[tuple[str, list["LegendItem"]]]
_TOOLTIP_WIDTH = 80
_UNKNOWN_STANCE = STANCE_STYLES["unknown"]


@dataclass(frozen=True)
class NetworkStyle:
    """How the map is drawn: canvas height, label size and length, tie labels, the PNG button."""

    height_px: int = 600
    label_size: int = 16
    show_edge_labels: bool = False
    max_label_chars: int = 32
    export_button: bool = True

    @property
    def frame_height_px(self) -> int:
        """The iframe height that shows the whole page: title line, canvas and margins."""
        return self.height_px + 2 * self.label_size + 40


PRESENTATION_STYLE = NetworkStyle(height_px=820, label_size=22, max_label_chars=40)


@dataclass(frozen=True)
class LegendItem:
    """One line of the legend: a swatch (dot, diamond, line or none) and its label."""

    label: str
    shape: str = "dot"
    fill: str = ""
    border: str = "#333333"
    border_width: float = 1.0
    dashed: bool = False


def _wrapped(line: str) -> str:
    """The line wrapped to the tooltip's width; a short plain line as it is (textwrap costs most of a map's drawing)."""
    if len(line) <= _TOOLTIP_WIDTH and line.isprintable() and line == line.strip() and "  " not in line:
        return line
    return textwrap.fill(line, _TOOLTIP_WIDTH, subsequent_indent="  ")


def plain_tooltip(lines: Iterable[str]) -> str:
    """A tooltip as plain text lines, wrapped; empty lines dropped.

    The text is shown as written: vis-network sets a string tooltip with
    `innerText`, and our page has no HTML popup (pyvis's page switched to one,
    using `innerHTML`, when a tooltip contained "href"; that page is gone).
    """
    return "\n".join(_wrapped(line) for line in lines if line)


def network_html(
    smap: StakeholderMap,
    positions: Mapping[str, Position],
    style: NetworkStyle = NetworkStyle(),
    visible: Collection[str] | None = None,
    *,
    relationships: Collection[int] | None = None,
    names: DisplayNames | None = None,
    sizes: Mapping[str, float] | None = None,
    size_label: str = INFLUENCE_LABEL,
    highlight: Collection[str] = (),
    path: Sequence[str] = (),
    title: str = "",
    caption: str = "",
) -> str:
    """A self-contained HTML page drawing the map at fixed positions: `map_data` in our page template.

    The arguments are those of `map_data`; `style` also sets the canvas height,
    the title's size and whether the page has a "Save PNG" button.
    """
    data = map_data(
        smap,
        positions,
        style,
        visible,
        relationships=relationships,
        names=names,
        sizes=sizes,
        size_label=size_label,
        highlight=highlight,
        path=path,
        title=title,
        caption=caption,
    )
    return map_page_html(
        data, height_px=style.height_px, label_size=style.label_size, export_button=style.export_button
    )


def map_data(
    smap: StakeholderMap,
    positions: Mapping[str, Position],
    style: NetworkStyle = NetworkStyle(),
    visible: Collection[str] | None = None,
    *,
    relationships: Collection[int] | None = None,
    names: DisplayNames | None = None,
    sizes: Mapping[str, float] | None = None,
    size_label: str = INFLUENCE_LABEL,
    highlight: Collection[str] = (),
    path: Sequence[str] = (),
    title: str = "",
    caption: str = "",
    colours: ActorColours | None = None,
) -> MapData:
    """What to draw, as plain JSON-ready data: vis-network's nodes, edges and options, the legend and title.

    Parameters
    ----------
    smap : StakeholderMap
        The map.
    positions : Mapping[str, Position]
        Pixel position of every actor (`mapping.layout.layout_positions`).
    style : NetworkStyle
        Label size and length, and whether ties carry labels.
    visible : Collection[str] or None
        Ids of the actors to draw; None draws every actor.
    relationships : Collection[int] or None
        Indices of the ties to draw (`mapping.view.visible`); None draws every
        tie. Only ties with both ends drawn are shown.
    names : DisplayNames or None
        The names to show (`mapping.view.display_names`, possibly redacted);
        None shows the names as written.
    sizes : Mapping[str, float] or None
        Actor id -> value that sizes the nodes (`mapping.render.sizes`); None
        uses influence.
    size_label : str
        What `sizes` measures, for the legend and the tooltips.
    highlight : Collection[str]
        Ids of actors to make glow (search hits, the focus).
    path : Sequence[str]
        Actor ids in order; the ties joining consecutive actors are drawn thick,
        dark and numbered, and the other ties fade.
    title : str
        A heading above the map, kept in exports.
    caption : str
        A line after the title saying what the view shows.
    colours : ActorColours or None
        The actors' fill colours and their legend (`mapping.render.colours`);
        None colours by kind.
    """
    names = names or display_names(smap, redact=False)
    shown = [a for a in smap.actors if visible is None or a.id in visible]
    colours = colours or actor_colours(shown, "kind")
    ids = {a.id: f"n{i}" for i, a in enumerate(smap.actors)}
    shown_ids = {a.id for a in shown}
    ties = [
        i
        for i, rel in enumerate(smap.relationships)
        if (relationships is None or i in relationships) and {rel.source, rel.target} <= shown_ids
    ]
    values = influence_values(smap) if sizes is None else sizes
    pixels = node_sizes(values, shown_ids)
    steps = {index: step for step, index in enumerate(path_relationships(smap, path, ties), start=1)}
    glowing = set(highlight) | set(path)
    measure = None if sizes is None or size_label == INFLUENCE_LABEL else (size_label, sizes)
    rank = _label_ranks(shown, pixels, glowing, names)
    nodes = [
        _node(actor, ids[actor.id], positions.get(actor.id, (0.0, 0.0)), style, names, pixels[actor.id], glowing)
        | _colour(colours.fill.get(actor.id, OTHER_COLOUR), STANCE_STYLES.get(actor.stance, _UNKNOWN_STANCE))
        | {"title": plain_tooltip(_actor_lines(smap, actor, names, measure)), "rank": rank[actor.id]}
        | ({"opacity": 0.3, "dim": True} if steps and actor.id not in glowing else {})
        for actor in shown
    ]
    edges = [_edge(smap.relationships[i], i, ids, style, names, steps.get(i), fade=bool(steps)) for i in ties]
    numbered = [
        {"from": ids[smap.relationships[i].source], "to": ids[smap.relationships[i].target], "step": step}
        for i, step in steps.items()
    ]
    legend = map_legend(
        smap, shown, [smap.relationships[i] for i in ties], size_label, bool(glowing), bool(steps), colours
    )
    return MapData(
        nodes=nodes,
        edges=edges,
        options=map_options(style),
        legend=legend_data(legend),
        title=title,
        caption=caption,
        filename=file_stem(title) + ".png",
        font=max(style.label_size - 2, MIN_LABEL_PX),
        steps=numbered,
        label_px=max(style.label_size, MIN_LABEL_PX),
    )


def _label_ranks(
    shown: Sequence[Actor], pixels: Mapping[str, float], glowing: Collection[str], names: DisplayNames
) -> dict[str, int]:
    """The order in which labels claim room on the map: found, focused or routed actors, then the largest nodes."""
    order = sorted(shown, key=lambda a: (a.id not in glowing, -pixels[a.id], names.of(a.id).casefold()))
    return {actor.id: position for position, actor in enumerate(order)}


# --- nodes and edges ---------------------------------------------------------------------


def _node(
    actor: Actor,
    node_id: str,
    position: Position,
    style: NetworkStyle,
    names: DisplayNames,
    size: float,
    glowing: set[str],
) -> dict[str, object]:
    name = names.short(actor.id)
    label = name if len(name) <= style.max_label_chars else name[: style.max_label_chars - 1] + "…"
    stance = STANCE_STYLES.get(actor.stance, _UNKNOWN_STANCE)
    node: dict[str, object] = {
        "id": node_id,
        "label": label,
        "borderWidth": stance.width,
        "borderWidthSelected": stance.width + 2,
        "shapeProperties": {"borderDashes": list(stance.dashes) or False},
        "shape": "diamond" if actor.is_person else "dot",
        "size": size,
        "x": position[0],
        "y": position[1],
        "physics": False,
    }
    if actor.id in glowing:
        node["shadow"] = {"enabled": True, "color": HIGHLIGHT_COLOUR, "size": 28, "x": 0, "y": 0}
        node["strong"] = True
    return node


def _colour(fill: str, stance: StanceStyle) -> dict[str, object]:
    """vis-network's colours for a node: the fill, the stance's border, black when selected or hovered."""
    return {
        "color": {
            "background": fill,
            "border": stance.colour,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        }
    }


def _actor_lines(
    smap: StakeholderMap, actor: Actor, names: DisplayNames, measure: tuple[str, Mapping[str, float]] | None
) -> list[str]:
    """The tooltip: who the actor is, the ratings, and the measure sizing the node if not influence."""
    kind = kind_label(actor.kind) + (f" ({names.scrub(actor.subtype)})" if actor.subtype else "")
    parent = names.of(actor.parent) if actor.parent is not None and actor.parent in smap else ""
    influence = f"{format_number(actor.influence)}/5" if actor.influence is not None else "not rated"
    size_line = ""
    if measure is not None:
        label, values = measure
        size_line = f"{label}: {format_number(values[actor.id]) if actor.id in values else 'not rated'}"
    phases = ", ".join(actor.phases)
    return [
        names.of(actor.id),
        kind,
        f"Role: {names.scrub(actor.role)}" if actor.role else "",
        f"Part of: {parent}" if parent else "",
        f"Sector: {names.scrub(actor.sector)}" if actor.sector else "",
        f"Region: {names.scrub(actor.region)}" if actor.region else "",
        f"Stance: {stance_label(actor.stance)}",
        f"Influence: {influence}",
        size_line,
        f"Phases: {phases}" if phases else "",
        f"Engagement: {actor.engagement_status.replace('_', ' ')}",
        f"Notes: {names.scrub(actor.notes)}" if actor.notes else "",
        f"Source: {names.scrub(actor.source)}" if actor.source else "",
    ]


def _edge(
    rel: Relationship,
    index: int,
    ids: Mapping[str, str],
    style: NetworkStyle,
    names: DisplayNames,
    step: int | None,
    fade: bool,
) -> dict[str, object]:
    arrow = "↔" if rel.is_mutual else "→"
    dates = " to ".join(str(d) for d in (rel.since, rel.until) if d is not None)
    lines = [
        f"{names.of(rel.source)} {arrow} {names.of(rel.target)}",
        f"{relationship_label(rel.kind)} ({'mutual' if rel.is_mutual else 'directed'}, {rel.sign})"
        + (" - implied by the parent column" if rel.implied else ""),
        f"Strength: {format_number(rel.strength)}; confidence: {rel.confidence}",
        f"Since {rel.since}" if rel.since and not rel.until else (f"Dates: {dates}" if dates else ""),
        f"Notes: {names.scrub(rel.notes)}" if rel.notes else "",
        f"Source: {names.scrub(rel.source_ref)}" if rel.source_ref else "",
    ]
    colour = RELATIONSHIP_COLOURS.get(rel.kind, "#888888")
    edge: dict[str, object] = {
        "id": f"e{index}",
        "from": ids[rel.source],
        "to": ids[rel.target],
        "title": plain_tooltip(lines),
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.25 if fade else 1.0},
        "width": 1 + 5 * rel.strength,
        "dashes": not rel.is_positive,
        "arrows": "to, from" if rel.is_mutual else "to",
    }
    if style.show_edge_labels:
        edge["label"] = relationship_label(rel.kind)
    if step is not None:
        edge["color"] = {"color": PATH_COLOUR, "highlight": PATH_COLOUR, "hover": PATH_COLOUR, "opacity": 1.0}
        edge["width"] = 8
    return edge


def map_options(style: NetworkStyle) -> dict[str, object]:
    """vis-network's options: physics off (positions are fixed), hover tooltips, label sizes from the style."""
    return {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": style.label_size, "face": "sans-serif"}},
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}, "font": {"size": style.label_size - 4}},
    }


# --- legend ------------------------------------------------------------------------------


def map_legend(
    smap: StakeholderMap,
    actors: Sequence[Actor],
    ties: Sequence[Relationship],
    size_label: str = INFLUENCE_LABEL,
    glow: bool = False,
    path: bool = False,
    colours: ActorColours | None = None,
) -> Legend:
    """The legend of what is drawn, as (heading, items) sections: fill colours, stances, ties, reading notes."""
    colours = colours or actor_colours(actors, "kind")
    stances = sorted({a.stance for a in actors}, key=_order(STANCE_STYLES))
    tie_kinds = sorted({r.kind for r in ties}, key=_order(RELATIONSHIP_COLOURS))
    by_colour: dict[str, list[str]] = {}
    for kind in tie_kinds:
        by_colour.setdefault(RELATIONSHIP_COLOURS.get(kind, "#888888"), []).append(relationship_label(kind))
    reading = [
        LegendItem(f"Size: {size_label}", shape="none"),
        *([LegendItem("Diamond: a person", "diamond", "#FFFFFF")] if any(a.is_person for a in actors) else []),
        LegendItem("Arrow: direction; width: strength", shape="none"),
    ]
    if any(not r.is_positive for r in ties):
        reading.append(LegendItem("Negative tie (opposition, rivalry)", shape="line", border="#555555", dashed=True))
    if glow:
        reading.append(LegendItem("Found or in focus", fill="#FFFFFF", border=HIGHLIGHT_COLOUR, border_width=4))
    if path:
        reading.append(LegendItem("Highlighted path, step by step", shape="line", border=PATH_COLOUR, border_width=5))
    legend: Legend = [
        (colours.heading, [LegendItem(label, "dot", colour) for label, colour in colours.legend]),
        ("Stance (border)", [_stance_item(s, STANCE_STYLES.get(s, _UNKNOWN_STANCE)) for s in stances]),
        ("Tie kind (colour)", [LegendItem(", ".join(labels), "line", "", c, 3) for c, labels in by_colour.items()]),
        ("Reading the map", reading),
    ]
    return [(heading, items) for heading, items in legend if items]


def _order(table: Mapping[str, object]) -> object:
    keys = list(table)
    return lambda name: (keys.index(name) if name in keys else len(keys), name)


def _stance_item(stance: str, look: StanceStyle) -> LegendItem:
    return LegendItem(stance_label(stance), "dot", "#FFFFFF", look.colour, min(look.width, 4), bool(look.dashes))


def legend_data(legend: Legend) -> list[LegendSection]:
    """The legend as plain data, for the page's legend box and the exported picture."""
    return [
        LegendSection(heading=heading, items=[LegendEntry(**asdict(item)) for item in items])
        for heading, items in legend
    ]


def file_stem(title: str) -> str:
    """A safe file name (without extension) for a view's title.

    >>> file_stem("Kenya 2008-2013: Day 1")
    'kenya_2008_2013_day_1'
    """
    slug = "".join(ch if ch.isalnum() else "_" for ch in title.lower()).strip("_")
    return re.sub("_+", "_", slug)[:60] or "stakeholder_map"
