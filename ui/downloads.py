"""The active map's downloads: our tables, our workbook and other tools' formats, redacted on request.

Every file is made by `mapping.formats.export_files`, the function `mapping export`
calls too, so a download holds what the command line writes. With people's names
hidden, what the redaction left for a person to decide (`mapping.redact`'s findings)
is shown above the buttons, before anything is downloaded; the file names come from
the title as it leaves (a title is often a file name with a person's name in it).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.formats import EXPORT_FORMATS, EXPORT_SUFFIXES, export_files
from mapping.model import StakeholderMap
from mapping.redact import RedactionFinding, redact_map
from ui.state import active_as_of, redact_names

__all__ = ["file_slug", "map_downloads", "redaction_notice"]


def map_downloads(smap: StakeholderMap) -> None:
    """Download buttons for the map; files are built only when a button is clicked."""
    hide_names = st.checkbox(
        "Hide people's names in these downloads",
        value=redact_names(),
        help="People appear by role and organisation, with neutral ids; their names are also removed from every "
        "free-text field (notes, sources, roles, custom fields) and from the title.",
    )
    day = active_as_of()
    if day is not None and st.checkbox(
        f"Only what was in force on {day:%d %B %Y}",
        value=True,
        help="The date chosen in the sidebar ('As of'): actors not yet founded or already gone, and ties not in "
        "force that day, are left out of these downloads. Untick to download the whole map.",
    ):
        smap = smap.as_of(day)
    slug = file_slug(redaction_notice(smap) if hide_names else smap.title, "map")

    def part(export_format: str, name: str | None = None) -> bytes:
        return export_files(smap, export_format, redact=hide_names).file(name)

    col_actors, col_ties, col_book = st.columns(3)
    downloads = {
        col_actors: ("actors.csv", lambda: part("csv", "actors.csv"), f"{slug}_actors.csv"),
        col_ties: ("relationships.csv", lambda: part("csv", "relationships.csv"), f"{slug}_relationships.csv"),
        col_book: ("Workbook (.xlsx)", lambda: part("xlsx"), f"{slug}.xlsx"),
    }
    for column, (label, data, name) in downloads.items():
        column.download_button(label, data, name, on_click="ignore")

    formats = [f for f in EXPORT_FORMATS if f not in ("csv", "xlsx", "png")]  # PNG: "Save PNG" on the Map page
    col_choice, col_export = st.columns([3, 1], vertical_alignment="bottom")
    export_format = col_choice.selectbox("For another tool", formats, format_func=EXPORT_FORMATS.__getitem__)
    col_export.download_button(
        f"Download ({export_format})",
        lambda: part(export_format),
        f"{slug}.{EXPORT_SUFFIXES[export_format]}",
        key="export_other",
        on_click="ignore",
    )


def redaction_notice(smap: StakeholderMap) -> str:
    """Show what to check before sharing the redacted map, if anything; return its title as it leaves."""
    title, findings = _redaction_check(smap, smap.content_hash(), smap.title)
    if findings:
        st.warning(
            f"Check {len(findings)} place(s) before sharing: a word that may be part of a person's name was left "
            "as it is, or an organisation's name holds one. The table says where (the words themselves are not shown)."
        )
        rows = [{"where": f.location, "what": f.message} for f in findings]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    return title


@st.cache_data(show_spinner="Checking the names in the map…", max_entries=16)
def _redaction_check(_smap: StakeholderMap, content_hash: str, title: str) -> tuple[str, tuple[RedactionFinding, ...]]:
    """The redacted title and findings, once per map content and title (the hash leaves the title out)."""
    redaction = redact_map(_smap)
    return redaction.map.title, redaction.findings


def file_slug(title: str, fallback: str) -> str:
    """A file name stem from a title: letters and digits, the rest underscores."""
    return "".join(ch if ch.isalnum() else "_" for ch in title.lower()).strip("_") or fallback
