"""How sure the ranking is, on the Leaders page: rank ranges with the page on small maps, on request on large ones."""

from __future__ import annotations

import streamlit as st

from mapping.analysis.ranking import RankingQuery
from mapping.analysis.robustness import DEFAULT_RUNS, Robustness
from mapping.model import StakeholderMap
from ui.analysis import cached_robustness

__all__ = ["AUTOMATIC_UP_TO", "rank_ranges_for"]

AUTOMATIC_UP_TO = 300  # actors; above, each of the runs ranks a large map again: the user asks for it


def rank_ranges_for(smap: StakeholderMap, query: RankingQuery) -> Robustness | None:
    """The ranking's rank ranges: computed with the page up to `AUTOMATIC_UP_TO` actors, else on a button."""
    key = f"{smap.content_hash()}:{query!r}"  # the query holds a dict of weights: not hashable as it is
    requested = st.session_state.setdefault("_ranges_requested", set())
    if len(smap) > AUTOMATIC_UP_TO and key not in requested:
        if not st.button(
            f"How sure is this ranking? Re-rank {DEFAULT_RUNS} times within the data's uncertainty",
            key="ranges_compute",
            help="Ties vary within their confidence, ratings by one point: each organisation then gets a range of "
            "ranks. On a map this large it takes a while.",
        ):
            return None
        requested.add(key)
    bar = st.progress(0.0, text="Re-ranking within the data's uncertainty…") if len(smap) > AUTOMATIC_UP_TO else None

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(done / total, text=f"Re-ranking within the data's uncertainty: {done} of {total}")

    robust = cached_robustness(smap, smap.content_hash(), query, DEFAULT_RUNS, progress)
    if bar is not None:
        bar.empty()
    return robust
