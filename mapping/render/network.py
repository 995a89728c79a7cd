"""The map as an interactive vis-network page, built with pyvis, that works offline.

Data in, HTML out: `network_html` takes a map, fixed positions and a style and
returns one self-contained HTML document (vis-network inlined, no CDN links) to
show in an iframe or save as a file.

Labels and notes come from users and are never trusted:
- node and edge data reach the page through pyvis's Jinja `tojson`, which escapes
  `<`, `>`, `&` and quotes, so no label can close the script that holds it;
- vis-network 9.1.2 shows a string tooltip with `innerText` (plain text), so
  tooltips are written as plain text, not HTML;
- pyvis switches to its own popup, which uses `innerHTML`, as soon as any tooltip
  contains "href"; `plain_tooltip` breaks that word with an invisible joiner so
  that switch can never be triggered by user text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyvis.network import Network

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.palette import KIND_COLOURS, RELATIONSHIP_COLOURS, kind_label
from mapping.values import format_number

__all__ = ["NetworkStyle", "legend_html", "network_html", "plain_tooltip"]

Position = tuple[float, float]
_WORD_JOINER = "\u2060"
_EXTERNAL_ASSET = re.compile(r"<(link|script)\b[^>]*\b(href|src)=\"https?://[^\"]*\"[^>]*>(\s*</script>)?", re.I | re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)


@dataclass(frozen=True)
class NetworkStyle:
    """How the map is drawn: canvas height, label size, which actors are highlighted."""

    height_px: int = 600
    label_size: int = 16
    show_edge_labels: bool = False
    max_label_chars: int = 32


def plain_tooltip(lines: Iterable[str]) -> str:
    """A tooltip as plain text lines, with the word pyvis treats as a link switch broken."""
    text = "\n".join(line for line in lines if line)
    return re.sub("href", f"hre{_WORD_JOINER}f", text)


def network_html(
    smap: StakeholderMap,
    positions: Mapping[str, Position],
    style: NetworkStyle = NetworkStyle(),
    visible: set[str] | None = None,
) -> str:
    """A self-contained HTML page drawing the map (or the `visible` actors) at fixed positions.

    Node colour is the actor's kind, size grows with influence (0-5), directed
    ties have arrows, width grows with strength, and negative ties are dashed.
    Physics is off: the positions given are where actors stay.
    """
    shown = [a for a in smap.actors if visible is None or a.id in visible]
    shown_ids = {a.id for a in shown}
    net = Network(height=f"{style.height_px}px", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = [_node(actor, positions.get(actor.id, (0.0, 0.0)), style) for actor in shown]
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    net.edges = [_edge(rel, style) for rel in smap.relationships if rel.source in shown_ids and rel.target in shown_ids]
    net.options = _options(style)
    kinds = sorted({a.kind for a in shown}, key=list(KIND_COLOURS).index)
    return _with_legend(_offline(net.generate_html()), kinds, style)


def _node(actor: Actor, position: Position, style: NetworkStyle) -> dict[str, object]:
    influence = actor.influence if actor.influence is not None else 2.0
    label = actor.name if len(actor.name) <= style.max_label_chars else actor.name[: style.max_label_chars - 1] + "…"
    return {
        "id": actor.id,
        "label": label,
        "title": plain_tooltip(_actor_lines(actor)),
        "color": KIND_COLOURS.get(actor.kind, "#999999"),
        "shape": "diamond" if actor.is_person else "dot",
        "size": 10 + 5 * influence,
        "x": position[0],
        "y": position[1],
        "physics": False,
    }


def _actor_lines(actor: Actor) -> list[str]:
    kind = kind_label(actor.kind) + (f" ({actor.subtype})" if actor.subtype else "")
    return [
        actor.name,
        kind,
        f"Role: {actor.role}" if actor.role else "",
        f"Sector: {actor.sector}" if actor.sector else "",
        f"Region: {actor.region}" if actor.region else "",
        f"Stance: {actor.stance}",
        f"Influence: {format_number(actor.influence)}/5" if actor.influence is not None else "",
        f"Engagement: {actor.engagement_status.replace('_', ' ')}",
        f"Notes: {actor.notes}" if actor.notes else "",
        f"Source: {actor.source}" if actor.source else "",
    ]


def _edge(rel: Relationship, style: NetworkStyle) -> dict[str, object]:
    lines = [
        f"{rel.kind.replace('_', ' ')} ({'mutual' if rel.is_mutual else 'directed'}, {rel.sign})",
        f"Strength: {format_number(rel.strength)}; confidence: {rel.confidence}",
        f"Notes: {rel.notes}" if rel.notes else "",
        f"Source: {rel.source_ref}" if rel.source_ref else "",
    ]
    edge: dict[str, object] = {
        "from": rel.source,
        "to": rel.target,
        "title": plain_tooltip(lines),
        "color": RELATIONSHIP_COLOURS.get(rel.kind, "#888888"),
        "width": 1 + 5 * rel.strength,
        "dashes": not rel.is_positive,
        "arrows": "to, from" if rel.is_mutual else "to",
    }
    if style.show_edge_labels:
        edge["label"] = rel.kind.replace("_", " ")
    return edge


def _options(style: NetworkStyle) -> dict[str, object]:
    return {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": style.label_size, "face": "sans-serif"}, "borderWidth": 2},
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}, "font": {"size": style.label_size - 4}},
    }


def legend_html(kinds: Iterable[str], label_size: int = 14) -> str:
    """A small key of the kinds shown (colour and shape) and of the tie styles, escaped."""
    items = []
    for kind in kinds:
        shape = "border-radius:0;transform:rotate(45deg)" if kind == "person" else "border-radius:50%"
        swatch = f'<span style="display:inline-block;width:0.8em;height:0.8em;{shape};background:{KIND_COLOURS[kind]};'
        swatch += 'border:1px solid #333;margin-right:0.4em"></span>'
        items.append(f"<div>{swatch}{html.escape(kind_label(kind))}</div>")
    items.append('<div style="margin-top:0.3em">&#8212;&#8212; tie, arrow: direction</div>')
    items.append("<div>- - - opposition or rivalry</div>")
    box = (
        f'<div id="map-legend" style="position:absolute;top:8px;left:8px;z-index:10;background:rgba(255,255,255,0.88);'
        f'border:1px solid #ccc;border-radius:4px;padding:6px 10px;font:{label_size - 2}px sans-serif;color:#222">'
    )
    return box + "".join(items) + "</div>"


def _with_legend(page: str, kinds: list[str], style: NetworkStyle) -> str:
    legend = legend_html(kinds, style.label_size)
    return page.replace('<div id="mynetwork"', legend + '<div id="mynetwork"', 1).replace(
        '<div class="card" style="width: 100%">', '<div class="card" style="width: 100%; position: relative">', 1
    )


def _offline(page: str) -> str:
    """Drop the CDN links pyvis's template adds (Bootstrap); vis-network itself is inlined."""
    page = _EXTERNAL_ASSET.sub("", page)
    return _EMPTY_HEADING.sub("", page)
