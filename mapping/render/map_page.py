"""The HTML page around a map drawing: our template, filled with escaped text and JSON data.

`map_page_html` takes the drawing as plain data (`MapData`, built by
`mapping.render.network.map_data`) and fills `map_page.html`, a template of ours,
so no library's page template (and no change to it) can alter what we serve.
The page inlines vis-network from the copy the pyvis package ships, so it draws
with no internet and references no other host.

What reaches the page, and how:
- the drawing (nodes, edges, options, legend, title) as one JSON element, with
  `<`, `>` and `&` written as `\\u003c`, `\\u003e`, `\\u0026`: no label can end the
  element, and a script reads it with `JSON.parse`, never as code;
- the title line and the legend as HTML we write, with every user string escaped
  and every colour checked;
- the template is filled in one pass, so a label that looks like a placeholder
  (`{{ legend }}`) stays text.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TypedDict

from mapping.render.labels_script import LABEL_FUNCTIONS
from mapping.render.png_export import EXPORT_SCRIPT

__all__ = [
    "LegendEntry",
    "LegendSection",
    "MapData",
    "fill_template",
    "json_for_script",
    "legend_html",
    "legend_strip",
    "map_page_html",
    "page_template",
    "vis_network_files",
]

TEMPLATE = "map_page.html"
# vis-network 9.1.2 as pyvis 0.3.2 ships it; 9.x shows string tooltips as text (innerText), not HTML.
VIS_NETWORK_DIR = ("lib", "vis-9.1.2")
_PLACEHOLDER = re.compile(r"\{\{ ([a-z_]+) \}\}")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class LegendEntry(TypedDict):
    """One line of the legend: a swatch ("dot", "diamond", "line" or "none") and its label."""

    label: str
    shape: str
    fill: str
    border: str
    border_width: float
    dashed: bool


class LegendSection(TypedDict):
    """A heading of the legend and its lines."""

    heading: str
    items: list[LegendEntry]


class MapData(TypedDict):
    """Everything the page draws, as plain JSON-ready values.

    `nodes`, `edges` and `options` go to vis-network as they are; `legend`,
    `title` and `caption` are shown above and over the map and written on the
    exported picture, saved as `filename` with text of `font` pixels. `steps`
    numbers a route's ties (node ids `from`, `to`, and the step), and `label_px`
    is the size of the labels on screen (`mapping.render.labels_script`).
    """

    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]
    options: dict[str, object]
    legend: list[LegendSection]
    title: str
    caption: str
    filename: str
    font: int
    steps: list[dict[str, object]]
    label_px: int


def map_page_html(data: MapData, *, height_px: int, label_size: int, export_button: bool) -> str:
    """The self-contained page drawing `data` on a canvas `height_px` high.

    Parameters
    ----------
    data : MapData
        The drawing (`mapping.render.network.map_data`).
    height_px : int
        Height of the canvas.
    label_size : int
        Font size of the title line; the legend uses two pixels less.
    export_button : bool
        Whether to show the "Save PNG" button.
    """
    vis_js, vis_css = (path.read_text(encoding="utf-8") for path in vis_network_files())
    values = {
        "vis_network_css": _raw_text(vis_css, "style"),
        "vis_network_js": _raw_text(vis_js, "script"),
        "height_px": str(int(height_px)),
        "heading": _heading_html(data["title"], data["caption"], label_size),
        "legend": legend_html(data["legend"], label_size, height_px - 24),
        "button": _button_html() if export_button else "",
        "map_data": json_for_script(data),
        "export_script": _raw_text(EXPORT_SCRIPT, "script"),
        "label_functions": _raw_text(LABEL_FUNCTIONS, "script"),
    }
    return fill_template(page_template(), values)


def page_template() -> str:
    """The text of our page template, shipped as package data beside this module."""
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """The template with each `{{ name }}` replaced by `values[name]`, in one pass.

    One pass means a value is never searched for placeholders, so user text that
    looks like one stays as it is. Raises ValueError unless the template's
    placeholders and the values' names are the same set: nothing is left unfilled.

    >>> fill_template("<b>{{ a }}</b>{{ b }}", {"a": "{{ b }}", "b": "!"})
    '<b>{{ b }}</b>!'
    """
    wanted = set(_PLACEHOLDER.findall(template))
    if wanted != set(values):
        raise ValueError(f"template placeholders {sorted(wanted)} do not match the values {sorted(values)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def vis_network_files() -> tuple[Path, Path]:
    """vis-network's script and style sheet, from the installed pyvis package.

    Found with `find_spec`, which locates pyvis without importing it (importing
    pyvis loads networkx and Jinja, about a second, none of which the page needs).
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("the map needs vis-network from the pyvis package: pip install 'pyvis>=0.3.2'")
    folder = Path(spec.origin).parent.joinpath(*VIS_NETWORK_DIR)
    files = folder / "vis-network.min.js", folder / "vis-network.css"
    if not all(path.is_file() for path in files):
        raise RuntimeError(f"the installed pyvis does not ship vis-network at {folder}: install pyvis 0.3.2")
    return files


def json_for_script(value: object) -> str:
    r"""JSON that can sit inside a <script> element: no '<', '>' or '&' to end it early.

    >>> json_for_script({"label": "</script>&"})
    '{"label": "\\u003c/script\\u003e\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _raw_text(text: str, element: str) -> str:
    """Library or script text for a <script> or <style> element, refused if it could end the element early."""
    lowered = text.lower()
    if f"</{element}" in lowered or "<!--" in lowered:
        raise ValueError(f"this text cannot be inlined in a <{element}> element")
    return text


# --- the HTML we write around the canvas -------------------------------------------------


def _heading_html(title: str, caption: str, label_size: int) -> str:
    """The title line above the map, or nothing when there is neither title nor caption."""
    if not (title or caption):
        return ""
    return (
        f'<div id="map-title" style="font:{int(label_size)}px sans-serif;color:#222;padding:4px 8px">'
        f"<b>{html.escape(title)}</b>"
        + (f' <span style="color:#555">· {html.escape(caption)}</span>' if caption else "")
        + "</div>"
    )


def _button_html() -> str:
    return (
        '<button id="save-png" type="button" title="Save the map, its title and legend as a PNG picture" '
        'style="position:absolute;top:8px;right:8px;z-index:10;font:14px sans-serif;padding:4px 10px;'
        'cursor:pointer">Save PNG</button>'
    )


def legend_html(legend: list[LegendSection], label_size: int = 14, max_height_px: int = 560) -> str:
    """The legend as a collapsible column beside the map (left of it, never over it); every label escaped."""
    parts = []
    for section in legend:
        parts.append(f'<div style="font-weight:bold;margin-top:0.3em">{html.escape(section["heading"])}</div>')
        parts.extend(f"<div>{_swatch(item)}{html.escape(item['label'])}</div>" for item in section["items"])
    return (
        '<details id="map-legend" open style="flex:0 0 auto;max-width:32%;margin-right:8px;'
        f"max-height:{int(max_height_px)}px;overflow:auto;background:#ffffff;border:1px solid #ccc;"
        f'border-radius:4px;padding:4px 10px;font:{max(int(label_size) - 2, 10)}px sans-serif;color:#222">'
        '<summary style="cursor:pointer;font-weight:bold">Legend</summary>' + "".join(parts) + "</details>"
    )


def legend_strip(legend: list[LegendSection], label_size: int = 14, vertical: bool = False) -> str:
    """The legend outside the map (never over it): sections side by side to sit below it, or, when
    `vertical`, one above the other to sit beside it. Every label escaped."""
    sections = []
    for section in legend:
        items = "".join(
            f'<span style="margin-right:1.1em;display:inline-block">{_swatch(item)}{html.escape(item["label"])}</span>'
            for item in section["items"]
        )
        sections.append(
            f'<div style="margin:0.2em 1.5em 0.4em 0"><b>{html.escape(section["heading"])}</b>'
            f"{'<br>' if vertical else ': '}{items}</div>"
        )
    direction = "column" if vertical else "row"
    return (
        f'<div id="map-legend-strip" style="display:flex;flex-direction:{direction};flex-wrap:wrap;'
        f'font:{max(int(label_size), 12)}px sans-serif;color:#222">' + "".join(sections) + "</div>"
    )


def _swatch(item: LegendEntry) -> str:
    """The small shape before a legend label, drawn in CSS with checked colours and a numeric width."""
    if item["shape"] == "none":
        return ""
    line = f"{item['border_width']:g}px {'dashed' if item['dashed'] else 'solid'} {_safe_colour(item['border'])}"
    if item["shape"] == "line":
        return f'<span style="display:inline-block;width:2em;margin:0 0.4em 0.25em 0;border-top:{line}"></span>'
    rounding = "0;transform:rotate(45deg) scale(0.8)" if item["shape"] == "diamond" else "50%"
    return (
        f'<span style="display:inline-block;width:0.8em;height:0.8em;margin-right:0.4em;vertical-align:middle;'
        f'border-radius:{rounding};background:{_safe_colour(item["fill"] or "#FFFFFF")};border:{line}"></span>'
    )


def _safe_colour(colour: str) -> str:
    return colour if _COLOUR.match(colour) else "#888888"
