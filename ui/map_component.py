"""The interactive map: vis-network in a Streamlit component that tells Python which actor was clicked.

A components-v2 component (`st.components.v2.component`: inline HTML, CSS and an
ES module, no build step) whose script is the vis-network copy pyvis ships
followed by ours, so it draws offline. Python sends the drawing as data (the
nodes, edges and options of `mapping.render.network.map_data`, JSON); the script
draws it and, when an actor is clicked or tapped, sends back its opaque node id
("n12") as a trigger value (an event, read once), which Python turns into the
actor's id: an actor id may be a person's name, and the page never needs it.

The map fills the window below its top edge; its labels are written by
`mapping.render.labels_script` (readable, never on top of each other); its
picture buttons save a PNG at 1920 x 1080 or twice that, or an SVG
(`mapping.render.png_export`).

These components run in the app's page, not in a sandboxed frame, so the script
draws user data only as canvas text, SVG text nodes and plain-text tooltips
(vis-network 9 sets a string tooltip with `innerText`), and builds no HTML from
it. The hostile-labels browser test covers it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

from mapping.render.labels_script import LABEL_FUNCTIONS
from mapping.render.map_page import MapData, vis_network_files
from mapping.render.png_export import PICTURE_FUNCTIONS

__all__ = ["MapEvents", "actor_of_node", "drawing_key", "interactive_map"]

_HTML = (
    '<div class="stakeholder-map-frame"><div class="picture-buttons">'
    '<button class="save-png" type="button" title="A 1920 x 1080 picture for slides: map, title and legend">'
    "PNG</button>"
    '<button class="save-png-2x" type="button" title="The same picture at twice the size (3840 x 2160), for print">'
    "PNG 2×</button>"
    '<button class="save-svg" type="button" title="The same picture as SVG: sharp at any size, text kept as text">'
    "SVG</button></div>"
    '<div class="stakeholder-map" role="img" aria-label="Stakeholder map"></div></div>'
)
_CSS = """
.stakeholder-map-frame { position: relative; }
.stakeholder-map { width: 100%; height: 600px; border: 1px solid #d0d0d0;
  border-radius: 4px; background: #ffffff; position: relative; }
.picture-buttons { position: absolute; top: 8px; right: 8px; z-index: 10; display: flex; gap: 4px; }
.picture-buttons button { font: 14px sans-serif; padding: 4px 10px; cursor: pointer; background: #ffffff;
  border: 1px solid #b0b0b0; border-radius: 4px; }
"""
# Our part of the script: size the map, draw the data, fit the view to what Python asks, report clicks.
_APP_JS = r"""
const views = new WeakMap();  // per mounted map: the network and the view a user zoomed to

// The map's height: the window below the map's top edge (so it fills the screen under the controls),
// never less than `least` pixels. True when it changed.
function fillHeight(holder, least) {
  const top = holder.getBoundingClientRect().top + window.scrollY;
  const height = Math.max(least, Math.floor(window.innerHeight - top - 12)) + "px";
  if (holder.style.height !== height) { holder.style.height = height; return true; }
  return false;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const holder = parentElement.querySelector(".stakeholder-map");
  fillHeight(holder, data.height);
  const previous = views.get(parentElement);
  if (previous) {
    previous.network.destroy();
    window.removeEventListener("resize", previous.onResize);
    if (previous.observer) { previous.observer.disconnect(); }
  }
  const nodes = new vis.DataSet(unlabelled(data.nodes));
  const network = new vis.Network(holder, { nodes: nodes, edges: new vis.DataSet(data.edges) }, data.options);
  const state = { network: network, drawing: data.drawing };
  views.set(parentElement, state);
  holder.network = network;  // for browser tests
  holder.labels = placeLabels(network, nodes.get(), {
    size: data.picture.label_px, strongSize: data.picture.label_px + 2, selected: data.selected, steps: data.steps
  });
  if (data.selected) { network.selectNodes([data.selected], false); }
  const fitIds = () => (data.fit || []).filter((id) => nodes.get(id));
  const fit = () => {
    const ids = fitIds();
    network.fit({ nodes: ids.length ? ids : undefined, animation: false, minZoomLevel: 0.2, maxZoomLevel: 1.6 });
  };
  const sameDrawing = previous && previous.drawing === data.drawing && previous.view;
  if (sameDrawing) {
    network.moveTo({ position: previous.view.position, scale: previous.view.scale, animation: false });
    state.view = previous.view;
  } else {
    network.once("afterDrawing", fit);
  }
  const remember = () => { state.view = { position: network.getViewPosition(), scale: network.getScale() }; };
  network.on("zoom", remember);
  // Dragging an actor pins it where it was dropped: Python saves the place (ui.pins).
  network.on("dragEnd", (params) => {
    remember();
    if (!data.pinning || !params.nodes.length) { return; }
    const where = network.getPositions(params.nodes);
    const moved = {};
    params.nodes.forEach((id) => { moved[id] = [Math.round(where[id].x), Math.round(where[id].y)]; });
    setTriggerValue("moved", moved);
  });
  // Refill the window when it changes size or when what sits above the map does (Streamlit draws it in steps).
  state.onResize = () => { if (fillHeight(holder, data.height)) { network.redraw(); } };
  window.addEventListener("resize", state.onResize);
  const page = document.querySelector("[data-testid=stMain]");
  if (page && window.ResizeObserver) {
    state.observer = new ResizeObserver(state.onResize);
    state.observer.observe(page);
  }
  network.on("click", (params) => {
    const node = params.nodes.length ? params.nodes[0] : null;
    if (node !== null || params.edges.length === 0) { setTriggerValue("clicked", node || ""); }
  });
  // Pictures for slides: PNG at 1920 x 1080 or twice that, and SVG, fitted to what is shown (picturePng).
  holder.mapPicture = (width, height, zoom) =>
    picturePng(holder, network, holder.labels, data.picture, width || 1920, height || 1080, zoom || 1, fitIds());
  holder.mapSvg = (width, height) =>
    pictureSvg(holder, network, holder.labels, data.picture, width || 1920, height || 1080, fitIds());
  const stem = data.picture.filename.replace(/\.png$/, "");
  parentElement.querySelector(".save-png").onclick = () => download(stem + ".png", holder.mapPicture());
  parentElement.querySelector(".save-png-2x").onclick = () =>
    download(stem + "_2x.png", holder.mapPicture(3840, 2160, 2));
  parentElement.querySelector(".save-svg").onclick = () => {
    const url = URL.createObjectURL(new Blob([holder.mapSvg()], { type: "image/svg+xml" }));
    download(stem + ".svg", url);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    """Register the component once per process (registering again would replace it with a warning)."""
    vis_js = vis_network_files()[0].read_text(encoding="utf-8")
    vis_css = vis_network_files()[1].read_text(encoding="utf-8")
    return st.components.v2.component(
        "stakeholder_map",
        html=_HTML,
        css=vis_css + _CSS,
        js="\n".join([vis_js, PICTURE_FUNCTIONS, LABEL_FUNCTIONS, _APP_JS]),
        isolate_styles=True,
    )


def interactive_map(
    data: MapData,
    *,
    height_px: int,
    selected_node: str | None,
    fit_nodes: Sequence[str],
    drawing_key: str,
    key: str = "map_component",
    pinning: bool = False,
) -> MapEvents:
    """Draw the map; return what the user did since the last run: a click, actors dragged.

    The map fills the window below its top edge, at least `height_px` high.
    `selected_node` is drawn selected. `fit_nodes` are the node ids the view fits
    (all when empty) whenever the drawing changes; `drawing_key` names the drawing
    (filters, focus, route, search), so a rerun with the same drawing keeps the
    zoom and pan the user chose. A click is an event (a trigger value), so Python
    keeps the selection and may change it (a search selects its match).
    """
    payload = {
        "nodes": [_short_tooltip(node) for node in data["nodes"]],
        "edges": data["edges"],
        "options": _with_dragging(data["options"], pinning),
        "height": int(height_px),
        "pinning": pinning,
        "selected": selected_node,
        "fit": list(fit_nodes),
        "drawing": drawing_key,
        "steps": data["steps"],
        "picture": {
            "title": data["title"],
            "caption": data["caption"],
            "legend": data["legend"],
            "filename": data["filename"],
            "font": data["font"],
            "label_px": data["label_px"],
        },
    }
    result = _component()(key=key, data=payload, height="content", on_clicked_change=_noop, on_moved_change=_noop)
    return MapEvents(_value(result, "clicked"), _moves(_value(result, "moved")))


@dataclass(frozen=True)
class MapEvents:
    """What the user did on the map since the last run.

    `clicked`: the node id ("n12") clicked, "" for a click on nothing, None for no click.
    `moved`: node id -> (x, y) where actors were dragged to (empty when none).
    """

    clicked: str | None = None
    moved: dict[str, tuple[float, float]] = field(default_factory=dict)


def _value(result: object, name: str) -> object:
    return result.get(name) if hasattr(result, "get") else getattr(result, name, None)


def _moves(value: object) -> dict[str, tuple[float, float]]:
    """The dragged actors' places, keeping only well-formed, finite pairs (the browser is not trusted)."""
    if not isinstance(value, dict):
        return {}
    moves = {}
    for node, place in value.items():
        if isinstance(node, str) and isinstance(place, list | tuple) and len(place) == 2:
            x, y = place
            if all(isinstance(v, int | float) and math.isfinite(v) and abs(v) < 1e7 for v in (x, y)):
                moves[node] = (float(x), float(y))
    return moves


def _with_dragging(options: dict[str, object], pinning: bool) -> dict[str, object]:
    """vis-network's options, with dragging actors allowed only where a drop is saved."""
    interaction = dict(options.get("interaction", {})) | {"dragNodes": pinning}  # type: ignore[call-overload]
    return options | {"interaction": interaction}


def _short_tooltip(node: dict[str, object]) -> dict[str, object]:
    """The node with a two-line tooltip (name, kind): the profile panel holds the rest."""
    lines = str(node.get("title", "")).split("\n")
    return node | {"title": "\n".join(lines[:2])}


def _noop() -> None:
    """The click reaches Python as the component's trigger value; nothing else to do on change."""


def drawing_key(
    content_hash: str, actors: Sequence[str], path: Sequence[str], focus: str | None, found: Sequence[str] = ()
) -> str:
    """An opaque name for what is drawn, so the browser keeps the user's zoom while it stays the same.

    A new filter, path, focus or search result is a new drawing, which the view fits.
    A hash: actor ids can be people's names, and the key reaches the browser.
    """
    text = "\x1f".join([content_hash, *sorted(actors), "\x1e", *path, "\x1e", focus or "", "\x1e", *found])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def actor_of_node(actor_ids: Sequence[str], node: str | None) -> str | None:
    """The actor id of an opaque node id "n<i>" (i = the actor's position in the map), or None.

    >>> actor_of_node(["kepsa", "kam"], "n1"), actor_of_node(["kepsa"], "n9"), actor_of_node(["kepsa"], None)
    ('kam', None, None)
    """
    if not node or not node.startswith("n") or not node[1:].isdigit():
        return None
    index = int(node[1:])
    return actor_ids[index] if index < len(actor_ids) else None
