"""Small Streamlit pieces used by several pages: the map picker, the issue table, the map drawings, help."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import pandas as pd
import streamlit as st

from mapping.issues import ValidationIssue
from mapping.layout import grouped_positions, groups_by_kind, groups_by_sector, layout_positions
from mapping.lens.brief import escape_markdown
from mapping.model import StakeholderMap
from mapping.render.colours import actor_colours
from mapping.render.map_page import MapData, legend_strip, map_page_html
from mapping.render.network import NetworkStyle, map_data, network_html
from mapping.render.sizes import size_measure
from mapping.view import DisplayNames, VisibleView, date_span, display_names, limit_detail, placed_positions
from ui.map_component import drawing_key, interactive_map
from ui.state import ACTIVE_MAP_SOURCE, AS_OF, AS_OF_ON, PHASE, map_choice, redact_names

__all__ = [
    "ISSUE_COLUMNS",
    "as_of_picker",
    "hide_page_chrome",
    "issues_frame",
    "map_picker",
    "map_positions",
    "map_preview",
    "size_values",
    "view_data",
    "view_html",
]


_PICKER = "map_picker"


def map_picker() -> None:
    """The sidebar's choice of active map, among this run's `map_choice`; written only when the user changes it."""
    choice = map_choice()
    sources = choice.sources
    st.session_state[_PICKER] = choice.source

    def adopt_choice() -> None:
        st.session_state[ACTIVE_MAP_SOURCE] = st.session_state[_PICKER]

    st.sidebar.selectbox(
        "Active map",
        list(sources),
        format_func=sources.__getitem__,
        key=_PICKER,
        on_change=adopt_choice,
        help="Every page works on this map. Upload your own on the Data page.",
    )


_PHASE_PICKER = "_widget_phase"
_PHASE_LABELS = {
    "": "All phases",
    "upstream": "Upstream (structural risk)",
    "acute": "Acute (violence imminent or under way)",
    "recovery": "Recovery (after violence)",
}


def as_of_picker(smap: StakeholderMap) -> None:
    """The sidebar's "as of": every page shows the map as it was on one day, or over all time.

    Beside the phase because it frames every answer the same way: ties and actors
    not in force that day are left out of every analysis, drawing and export, so
    no route chains a 2008 tie with a 2012 campaign.
    """
    span = date_span(smap)
    st.session_state.setdefault(AS_OF, span[1] if span else dt.date.today())
    for key in (AS_OF_ON, AS_OF):
        st.session_state[f"_widget_{key}"] = st.session_state.get(key, False)

    def adopt(key: str) -> None:
        st.session_state[key] = st.session_state[f"_widget_{key}"]

    st.sidebar.toggle(
        "Show the map as of a date",
        key=f"_widget_{AS_OF_ON}",
        on_change=adopt,
        args=(AS_OF_ON,),
        help="Off: all time. On: only the actors and ties in force on that day count, on every page.",
    )
    if st.session_state.get(AS_OF_ON):
        st.sidebar.date_input(
            "As of",
            key=f"_widget_{AS_OF}",
            on_change=adopt,
            args=(AS_OF,),
            min_value=dt.date(1800, 1, 1),
            max_value=dt.date(2200, 12, 31),
            format="YYYY-MM-DD",
        )


def phase_picker() -> None:
    """The sidebar's prevention phase: analyses use its weights, asks and framing."""
    st.session_state[_PHASE_PICKER] = st.session_state.get(PHASE, "")

    def adopt_phase() -> None:
        st.session_state[PHASE] = st.session_state[_PHASE_PICKER]

    st.sidebar.selectbox(
        "Prevention phase",
        list(_PHASE_LABELS),
        format_func=_PHASE_LABELS.__getitem__,
        key=_PHASE_PICKER,
        on_change=adopt_phase,
        help="Upstream favours trust and convening power; acute favours fast reach and capabilities such as "
        "private diplomacy and peace messaging. Changes the ranking's weights, the asks and the framing.",
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _names(_smap: StakeholderMap, content_hash: str, redact: bool) -> DisplayNames:
    return display_names(_smap, redact)


def names_for(smap: StakeholderMap) -> DisplayNames:
    """The names to show for the map's actors, following the redaction switch (people by role)."""
    return _names(smap, smap.content_hash(), redact_names())


ISSUE_COLUMNS = {
    "severity": st.column_config.TextColumn(width="small"),
    "message": st.column_config.TextColumn(width="large"),
    "row": st.column_config.TextColumn(width="medium"),
}
"""How `issues_frame` is drawn: the message wide, since it says what to do."""


def issues_frame(issues: list[ValidationIssue] | tuple[ValidationIssue, ...]) -> pd.DataFrame:
    """The issues as a table a user can sort and download."""
    columns = ["severity", "message", "file", "row", "column", "code"]  # what to do first: it fits a 1280 screen
    rows = [[i.severity, i.message, i.file, i.row_text, i.column or "", i.code] for i in issues]
    return pd.DataFrame(rows, columns=columns)


@st.cache_resource(show_spinner=False, max_entries=16)
def _positions(_smap: StakeholderMap, content_hash: str) -> dict[str, tuple[float, float]]:
    return layout_positions(_smap)


def map_positions(smap: StakeholderMap) -> dict[str, tuple[float, float]]:
    """The map's fixed layout, computed once per map content (see `mapping.layout`)."""
    return _positions(smap, smap.content_hash())


@st.cache_data(show_spinner=False, max_entries=16)
def _preview_html(_smap: StakeholderMap, content_hash: str, height_px: int, redact: bool) -> str:
    names = display_names(_smap, redact)
    return network_html(_smap, map_positions(_smap), NetworkStyle(height_px=height_px, label_size=14), names=names)


PREVIEW_ACTORS = 300  # larger maps are previewed by their most influential actors


def map_preview(smap: StakeholderMap, height_px: int = 460) -> None:
    """The map, drawn offline at its fixed layout (people by role when the Map page's switch says so).

    A map of more than `PREVIEW_ACTORS` actors is previewed by its most influential
    ones, with a caption saying how many are left out.
    """
    with st.spinner("Drawing the map…"):
        if len(smap) <= PREVIEW_ACTORS:
            html = _preview_html(smap, smap.content_hash(), height_px, redact_names())
        else:
            actors, ties, hidden = overview(smap)
            html = view_html(
                smap, actors, ties, redact=redact_names(), size_by="influence", style=NetworkStyle(height_px=height_px)
            )
            st.caption(f"The {len(actors)} most influential of {len(smap)} actors; {hidden} are left out here.")
    st.iframe(html, height=height_px + 20)


def overview(smap: StakeholderMap, keep: Sequence[str] = ()) -> tuple[list[str], list[int], int]:
    """The actors and ties to draw for a whole-map picture: all of a small map, or the
    `PREVIEW_ACTORS` most influential plus `keep` (a route, the actors in a gap) of a large one.
    Returns actor ids, tie indices and how many actors are left out."""
    whole = VisibleView(frozenset(a.id for a in smap.actors), frozenset(range(len(smap.relationships))))
    view, hidden = limit_detail(whole, size_values(smap, "influence"), PREVIEW_ACTORS, keep)
    return sorted(view.actors), sorted(view.relationships), hidden


@st.cache_data(show_spinner=False, max_entries=32)
def _view_html(
    _smap: StakeholderMap,
    content_hash: str,
    drawing: Drawing,
    style: NetworkStyle,
    title: str,
    caption: str,
) -> str:
    """The standalone page of one view: the same drawing as the interactive map, in our page template."""
    data = _view_data(_smap, content_hash, drawing, style, title, caption)
    return map_page_html(
        data, height_px=style.height_px, label_size=style.label_size, export_button=style.export_button
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _size_values(_smap: StakeholderMap, content_hash: str, size_by: str) -> dict[str, float]:
    return size_measure(size_by).values(_smap)


def size_values(smap: StakeholderMap, size_by: str) -> dict[str, float]:
    """Actor id -> value of a size measure (`mapping.render.sizes`), computed once per map and measure."""
    return _size_values(smap, smap.content_hash(), size_by)


Groups = tuple[tuple[str, str], ...]
Pins = tuple[tuple[str, tuple[float, float]], ...]


class Drawing(NamedTuple):
    """What one view draws, as a hashable cache key (the order of the actors and ties does not matter).

    `groups` (actor id -> coalition label) are kept only when colouring or arranging by
    coalition; `pins` are actors placed by hand in this session (`ui.pins`); `arrange`
    is how the actors are laid out (`ARRANGEMENTS`).
    """

    actors: tuple[str, ...]
    ties: tuple[int, ...]
    redact: bool
    size_by: str
    highlight: tuple[str, ...]
    path: tuple[str, ...]
    colour_by: str = "kind"
    arrange: str = "ties"
    groups: Groups = ()
    pins: Pins = ()


def _drawing(
    actors: Sequence[str],
    ties: Sequence[int],
    redact: bool,
    size_by: str,
    highlight: Sequence[str],
    path: Sequence[str],
    look: Mapping[str, object],
) -> Drawing:
    """The cache key of a view; `look` holds colour_by, arrange, groups and moved (all optional)."""
    colour, arrange = str(look.get("colour_by") or "kind"), str(look.get("arrange") or "ties")
    groups = look.get("groups") or {}
    kept: Groups = tuple(sorted(groups.items())) if "coalition" in (colour, arrange) else ()  # type: ignore[union-attr]
    pins: Pins = tuple(sorted((look.get("moved") or {}).items()))  # type: ignore[union-attr]
    return Drawing(
        tuple(sorted(actors)),
        tuple(sorted(ties)),
        redact,
        size_by,
        tuple(sorted(highlight)),
        tuple(path),
        colour,
        arrange,
        kept,
        pins,
    )


def view_html(
    smap: StakeholderMap,
    actors: Sequence[str],
    ties: Sequence[int],
    *,
    redact: bool,
    size_by: str,
    style: NetworkStyle,
    highlight: Sequence[str] = (),
    path: Sequence[str] = (),
    title: str = "",
    caption: str = "",
    **look: object,
) -> str:
    """The HTML of one view of the map (see `network_html`), cached on the map's content and the view.

    `look`: colour_by, arrange, groups and moved, as for `view_data`.
    """
    drawing = _drawing(actors, ties, redact, size_by, highlight, path, look)
    return _view_html(smap, smap.content_hash(), drawing, style, title, caption)


def view_data(
    smap: StakeholderMap,
    actors: Sequence[str],
    ties: Sequence[int],
    *,
    redact: bool,
    size_by: str,
    style: NetworkStyle,
    highlight: Sequence[str] = (),
    path: Sequence[str] = (),
    title: str = "",
    caption: str = "",
    **look: object,
) -> MapData:
    """The drawing of one view for the interactive map (see `map_data`), cached like `view_html`.

    `look` may name `colour_by` (what fills the nodes, `mapping.render.colours`),
    `arrange` (the layout, `ARRANGEMENTS`), `groups` (each actor's coalition label, when
    colouring or arranging by coalition) and `moved` (actors placed by hand this session).
    """
    drawing = _drawing(actors, ties, redact, size_by, highlight, path, look)
    return _view_data(smap, smap.content_hash(), drawing, style, title, caption)


@st.cache_resource(show_spinner=False, max_entries=32)
def _view_data(
    _smap: StakeholderMap,
    content_hash: str,
    drawing: Drawing,
    style: NetworkStyle,
    title: str,
    caption: str,
) -> MapData:
    drawn = set(drawing.actors)
    shown = [a for a in _smap.actors if a.id in drawn]
    positions = arranged_positions(_smap, drawing.arrange, dict(drawing.groups))
    return map_data(
        _smap,
        placed_positions(positions, _smap, dict(drawing.pins)),
        style,
        drawn,
        relationships=set(drawing.ties),
        names=display_names(_smap, drawing.redact),
        sizes=size_values(_smap, drawing.size_by),
        size_label=size_measure(drawing.size_by).label,
        highlight=set(drawing.highlight),
        path=drawing.path,
        title=title,
        caption=caption,
        colours=actor_colours(shown, drawing.colour_by, dict(drawing.groups)),
    )


ARRANGEMENTS = {
    "ties": "By their ties",
    "kind": "In groups by kind",
    "coalition": "In groups by coalition",
    "sector": "In groups by sector",
}


@st.cache_resource(show_spinner=False, max_entries=16)
def _arranged(_smap: StakeholderMap, content_hash: str, arrange: str, groups: Groups) -> dict[str, tuple[float, float]]:
    if arrange == "kind":
        return grouped_positions(_smap, groups_by_kind(_smap))
    if arrange == "sector":
        return grouped_positions(_smap, groups_by_sector(_smap))
    return grouped_positions(_smap, dict(groups))


def arranged_positions(
    smap: StakeholderMap, arrange: str, groups: Mapping[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Where the actors sit: the force-directed layout ("ties"), or groups placed apart (Group-in-a-Box,
    `mapping.layout.grouped_positions`) by kind, sector or coalition (`groups`: actor id -> coalition)."""
    if arrange not in ARRANGEMENTS or arrange == "ties" or (arrange == "coalition" and not groups):
        return map_positions(smap)
    return _arranged(smap, smap.content_hash(), arrange, tuple(sorted((groups or {}).items())))


_PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] {display: none}
[data-testid="stMainBlockContainer"] {padding: 0.75rem 1rem 0 1rem; max-width: 100%}
</style>"""


def hide_page_chrome() -> None:
    """Hide the sidebar and the header and widen the page, for a map shown on a shared screen."""
    st.html(_PRESENTATION_CSS)


def route_map(smap: StakeholderMap, path: Sequence[str], title: str) -> None:
    """A route on the interactive map: highlighted and numbered, the rest dimmed, the view zoomed to it.

    A large map is drawn by its most influential actors plus the route's.
    """
    actors, ties, _ = overview(smap, keep=path)
    data = view_data(
        smap, actors, ties, redact=redact_names(), size_by="influence", style=NetworkStyle(), path=path, title=title
    )
    node_of = {a.id: f"n{i}" for i, a in enumerate(smap.actors)}
    st.markdown(f"**{escape_markdown(title)}**")
    interactive_map(
        data,
        height_px=460,
        selected_node=None,
        fit_nodes=[node_of[a] for a in path if a in node_of],
        drawing_key=drawing_key(smap.content_hash(), actors, path, None),
        key="route_map",
    )
    st.html(legend_strip(data["legend"]))
