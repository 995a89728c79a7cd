"""Comparing the same ranking question on two days (Leaders and Scenarios pages)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mapping.analysis.ranking import RankingQuery
from mapping.analysis.scenarios import DateComparison, compare_dates
from mapping.export import frame_csv_bytes
from mapping.model import StakeholderMap
from mapping.render.analysis_charts import rank_slope
from mapping.render.tables import rank_changes_table
from mapping.view import date_span
from ui.components import names_for

__all__ = ["compare_dates_section"]


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached(
    _smap: StakeholderMap, content_hash: str, query: RankingQuery, first: dt.date, second: dt.date
) -> DateComparison:
    return compare_dates(_smap, query, first, second)


def compare_dates_section(smap: StakeholderMap, query: RankingQuery, key: str) -> None:
    """On request: two days, then the rank changes of the question between them (chart, table, CSV).

    A switch rather than an expander: an expander's content runs on every rerun, and
    ranking on two more days would double the cost of every change of tie options.
    """
    span = date_span(smap)
    if span is None:
        return
    if not st.toggle(
        "Compare two dates: how the answer changed between two moments",
        key=f"{key}_on",
        help="Ranks the same question on two days and shows who moved.",
    ):
        return
    with st.container(border=True):
        col_first, col_second = st.columns(2)
        limits = {"min_value": dt.date(1800, 1, 1), "max_value": dt.date(2200, 12, 31), "format": "YYYY-MM-DD"}
        first = col_first.date_input("First date", span[0], key=f"{key}_first", **limits)
        second = col_second.date_input("Second date", span[1], key=f"{key}_second", **limits)
        if first == second:
            st.info("Choose two different days.")
            return
        with st.spinner("Ranking on both days…"):
            comparison = _cached(smap, smap.content_hash(), query, first, second)
        sides = (first.isoformat(), second.isoformat())
        names = names_for(smap)
        st.plotly_chart(rank_slope(comparison.ranks, top=15, sides=sides), width="stretch")
        table = rank_changes_table(comparison.ranks, names.of, *sides)
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            "Download the rank changes (CSV)", frame_csv_bytes(table), f"rank_changes_{sides[0]}_{sides[1]}.csv"
        )
