"""Coalitions for the pages: found with the page on small maps, on request on large ones.

Signed community detection runs Leiden 20 times or more (`mapping.analysis.coalitions`):
a fraction of a second on a workshop map, tens of seconds on thousands of actors, so
above `AUTOMATIC_UP_TO` actors the user asks for them and watches a progress bar.
"""

from __future__ import annotations

import streamlit as st

from mapping.analysis.coalitions import Coalition
from mapping.analysis.influence import InfluenceOptions
from mapping.model import StakeholderMap
from ui.analysis import cached_coalitions

__all__ = ["AUTOMATIC_UP_TO", "coalitions_for"]

AUTOMATIC_UP_TO = 150  # actors: 0.2 s on the 91-actor Kenya sample, 1.1 s at 300 (bench map)
_REQUESTED = "_coalitions_requested"


def coalitions_for(smap: StakeholderMap, options: InfluenceOptions, ask: bool = True) -> list[Coalition] | None:
    """The coalitions, or None on a large map until asked for (a button when `ask`, else nothing)."""
    key = f"{smap.content_hash()}:{options!r}"
    requested = st.session_state.setdefault(_REQUESTED, set())
    large = len(smap) > AUTOMATIC_UP_TO
    if large and key not in requested:
        if not ask or not st.button(
            "Find coalitions",
            key="coalitions_compute",
            help="Signed community detection, 20 seeded runs and a consensus: on a map this large it takes a while.",
        ):
            return None
        requested.add(key)
    bar = st.progress(0.0, text="Finding coalitions…") if large else None

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(done / total, text=f"Finding coalitions: run {done} of at most {total}")

    coalitions = cached_coalitions(smap, smap.content_hash(), options, progress)
    if bar is not None:
        bar.empty()
    return coalitions
