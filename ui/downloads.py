"""The active map's downloads: our tables, our workbook and other tools' formats, redacted on request."""

from __future__ import annotations

import streamlit as st

from mapping.export import actor_rows, csv_bytes, relationship_rows, workbook_bytes
from mapping.formats import EXPORT_FORMATS, EXPORT_SUFFIXES, export_map
from mapping.model import StakeholderMap
from mapping.view import redacted_map
from ui.state import redact_names

__all__ = ["map_downloads"]


def map_downloads(smap: StakeholderMap) -> None:
    """Download buttons for the map; files are built only when a button is clicked."""
    hide_names = st.checkbox(
        "Hide people's names in these downloads",
        value=redact_names(),
        help="People appear by role and organisation, with neutral ids; their names are also removed from notes.",
    )
    slug = "".join(ch if ch.isalnum() else "_" for ch in smap.title.lower()).strip("_") or "map"

    def outgoing() -> StakeholderMap:
        """The map as it leaves: redacted when asked."""
        return redacted_map(smap) if hide_names else smap

    col_actors, col_ties, col_book = st.columns(3)
    downloads = {
        col_actors: ("actors.csv", lambda: csv_bytes(*actor_rows(outgoing())), f"{slug}_actors.csv"),
        col_ties: ("relationships.csv", lambda: csv_bytes(*relationship_rows(outgoing())), f"{slug}_relationships.csv"),
        col_book: ("Workbook (.xlsx)", lambda: workbook_bytes(outgoing()), f"{slug}.xlsx"),
    }
    for column, (label, data, name) in downloads.items():
        column.download_button(label, data, name, on_click="ignore")

    formats = [f for f in EXPORT_FORMATS if f not in ("csv", "xlsx", "png")]  # PNG: "Save PNG" on the Map page
    col_choice, col_export = st.columns([3, 1], vertical_alignment="bottom")
    export_format = col_choice.selectbox("For another tool", formats, format_func=EXPORT_FORMATS.__getitem__)
    col_export.download_button(
        f"Download ({export_format})",
        lambda: export_map(outgoing(), export_format),
        f"{slug}.{EXPORT_SUFFIXES[export_format]}",
        key="export_other",
        on_click="ignore",
    )
