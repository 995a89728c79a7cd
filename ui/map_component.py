"""The interactive map: vis-network in a Streamlit component that tells Python which actor was clicked.

A components-v2 component (`st.components.v2.component`: inline HTML, CSS and an
ES module, no build step) whose script is the vis-network copy pyvis ships
followed by ours, so it draws offline. Python sends the drawing as data (the
nodes, edges and options of `mapping.render.network.map_data`, JSON); the script
draws it and, when an actor is clicked or tapped, sends back its opaque node id
("n12"), which Python turns into the actor's id: an actor id may be a person's
name, and the page never needs it.

These components run in the app's page, not in a sandboxed frame, so the script
draws user data only as canvas labels and plain-text tooltips (vis-network 9 sets
a string tooltip with `innerText`), and builds no HTML from it. The hostile-labels
browser test covers it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st

from mapping.render.map_page import MapData, vis_network_files
from mapping.render.png_export import PICTURE_FUNCTIONS

__all__ = ["actor_of_node", "drawing_key", "interactive_map"]

_HTML = (
    '<div class="stakeholder-map-frame"><button class="save-png" type="button" '
    'title="Save the map, its title and legend as a PNG picture">Save PNG</button>'
    '<div class="stakeholder-map" role="img" aria-label="Stakeholder map"></div></div>'
)
_CSS = """
.stakeholder-map-frame { position: relative; }
.stakeholder-map { width: 100%; height: var(--map-height, 600px); border: 1px solid #d0d0d0;
  border-radius: 4px; background: #ffffff; position: relative; }
.save-png { position: absolute; top: 8px; right: 8px; z-index: 10; font: 14px sans-serif; padding: 4px 10px;
  cursor: pointer; background: #ffffff; border: 1px solid #b0b0b0; border-radius: 4px; }
"""
# Our part of the script: draw the data, fit the view to what Python asks, report clicks.
_APP_JS = r"""
const views = new WeakMap();  // per mounted map: the network and the view a user zoomed to

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const holder = parentElement.querySelector(".stakeholder-map");
  holder.style.setProperty("--map-height", data.height + "px");
  const previous = views.get(parentElement);
  if (previous) { previous.network.destroy(); }
  const network = new vis.Network(
    holder, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, data.options
  );
  const state = { network: network, drawing: data.drawing };
  views.set(parentElement, state);
  holder.network = network;  // for browser tests
  if (data.selected) { network.selectNodes([data.selected], false); }
  const fit = () => {
    const ids = (data.fit || []).filter((id) => network.body.data.nodes.get(id));
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
  network.on("dragEnd", remember);
  network.on("click", (params) => {
    const node = params.nodes.length ? params.nodes[0] : null;
    if (node !== null || params.edges.length === 0) { setStateValue("selected", node); }
  });
  // Save PNG: the canvas, the title and the legend drawn as text on one picture (drawMapPicture).
  const button = parentElement.querySelector(".save-png");
  holder.mapPicture = () => drawMapPicture(holder.querySelector("canvas"), data.picture);
  button.onclick = () => {
    const link = document.createElement("a");
    link.download = data.picture.filename;
    link.href = holder.mapPicture();
    link.click();
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
        js=vis_js + "\n" + PICTURE_FUNCTIONS + "\n" + _APP_JS,
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
) -> str | None:
    """Draw the map and return the node id ("n12") clicked last, or None.

    `fit_nodes` are the node ids the view fits (all when empty) whenever the drawing
    changes; `drawing_key` names the drawing (filters, focus, route), so a rerun with
    the same drawing keeps the zoom and pan the user chose.
    """
    payload = {
        "nodes": [_short_tooltip(node) for node in data["nodes"]],
        "edges": data["edges"],
        "options": data["options"],
        "height": int(height_px),
        "selected": selected_node,
        "fit": list(fit_nodes),
        "drawing": drawing_key,
        "picture": {
            "title": data["title"],
            "caption": data["caption"],
            "legend": data["legend"],
            "filename": data["filename"],
            "font": data["font"],
        },
    }
    result = _component()(
        key=key, data=payload, default={"selected": selected_node}, height=int(height_px) + 4, on_selected_change=_noop
    )
    return result.get("selected") if hasattr(result, "get") else getattr(result, "selected", None)


def _short_tooltip(node: dict[str, object]) -> dict[str, object]:
    """The node with a two-line tooltip (name, kind): the profile panel holds the rest."""
    lines = str(node.get("title", "")).split("\n")
    return node | {"title": "\n".join(lines[:2])}


def _noop() -> None:
    """The click reaches Python through the component's state; nothing else to do on change."""


def drawing_key(content_hash: str, actors: Sequence[str], path: Sequence[str], focus: str | None) -> str:
    """An opaque name for what is drawn, so the browser keeps the user's zoom while it stays the same.

    A hash: actor ids can be people's names, and the key reaches the browser.
    """
    text = "\x1f".join([content_hash, *sorted(actors), "\x1e", *path, "\x1e", focus or ""])
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
