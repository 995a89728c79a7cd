"""Small Streamlit pieces used by several pages: the map picker, the issue table, the map preview."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.issues import ValidationIssue
from mapping.layout import layout_positions
from mapping.model import StakeholderMap
from mapping.render.network import NetworkStyle, network_html
from ui.state import ACTIVE_MAP_SOURCE, active_source, map_sources

__all__ = ["issues_frame", "map_picker", "map_preview"]

_PICKER = "map_picker"


def map_picker() -> None:
    """The sidebar's choice of active map. Writes the choice only when the user changes it."""
    sources = map_sources()
    st.session_state[_PICKER] = active_source()

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


def issues_frame(issues: list[ValidationIssue] | tuple[ValidationIssue, ...]) -> pd.DataFrame:
    """The issues as a table a user can sort and download."""
    columns = ["severity", "file", "row", "column", "code", "message"]
    rows = [[i.severity, i.file, i.row, i.column or "", i.code, i.message] for i in issues]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame


@st.cache_data(show_spinner=False, max_entries=16)
def _positions(_smap: StakeholderMap, content_hash: str) -> dict[str, tuple[float, float]]:
    return layout_positions(_smap)


@st.cache_data(show_spinner=False, max_entries=16)
def _preview_html(_smap: StakeholderMap, content_hash: str, height_px: int) -> str:
    return network_html(_smap, _positions(_smap, content_hash), NetworkStyle(height_px=height_px, label_size=14))


def map_preview(smap: StakeholderMap, height_px: int = 460) -> None:
    """The whole map, drawn offline at its fixed layout."""
    with st.spinner("Drawing the map…"):
        html = _preview_html(smap, smap.content_hash(), height_px)
    st.iframe(html, height=height_px + 20)
