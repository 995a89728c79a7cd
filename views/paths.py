"""Influence paths: how can we reach a decision-maker, and through whom?"""

import streamlit as st

from mapping.analysis.explain import route_summary
from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.paths import PathQuery
from mapping.analysis.ranking import RankingQuery
from mapping.export import frame_csv_bytes
from mapping.formats import analysis_workbook_bytes
from mapping.lens.brief import escape_markdown as md
from mapping.render.route_chain import route_chain_html
from mapping.render.tables import critical_table, paths_table
from mapping.schema import ACTOR_KINDS
from ui.analysis import cached_critical, cached_paths, cached_ranking
from ui.components import names_for, route_map
from ui.help import formulas_expander
from ui.map_controls import prepare_controls
from ui.pickers import actor_labels, target_picker, us_picker
from ui.state import MAP_FOCUS, MAP_PATH, active_as_of, active_map

st.title("Influence paths")
st.markdown(
    "**How can we reach this decision-maker?** The strongest chains of influence, the brokers they pass, "
    "and what is lost if a broker drops out."
)
formulas_expander()

smap = active_map()
col_us, col_target = st.columns(2)
with col_us:
    us = us_picker(smap)
with col_target:
    target = target_picker(smap, exclude=us)

with st.expander("Options", expanded=False):
    col_k, col_hops, col_flags = st.columns(3)
    k = col_k.slider("Routes to show", 1, 10, 3)
    max_hops = col_hops.number_input("Longest route (ties, 0 = no limit)", 0, 12, 0)
    avoid_opposed = col_flags.checkbox("Avoid actors opposed to prevention")
    independent = col_flags.checkbox("Independent routes (no shared broker)")
    weighted = col_flags.checkbox("Weight ties by confidence")
    skip_low = col_flags.checkbox("Ignore low-confidence ties")
    avoid = st.multiselect(
        "Avoid these actors",
        [a.id for a in smap.actors],
        format_func=actor_labels(smap).__getitem__,
        key="avoid_actors",
    )
    avoid_kinds = st.multiselect(
        "Avoid these kinds", [k.name for k in ACTOR_KINDS], format_func=lambda n: n.replace("_", " ")
    )

if not us or not target:
    st.info("Choose who **we** are and the **target** to see the strongest routes.")
    st.stop()

options = InfluenceOptions(weight_by_confidence=weighted, skip_low_confidence=skip_low, as_of=active_as_of())
query = PathQuery(
    k=k,
    avoid=frozenset(avoid),
    avoid_kinds=frozenset(avoid_kinds),
    avoid_opposed=avoid_opposed,
    independent=independent,
    max_hops=max_hops or None,
    influence=options,
)
with st.spinner("Finding the strongest routes…"):
    paths = cached_paths(smap, smap.content_hash(), tuple(us), target, query)
    critical = cached_critical(smap, smap.content_hash(), paths[0].origin_id, target, options) if paths else None

names = names_for(smap)
st.subheader("In short")
st.markdown(md(names.scrub(route_summary(smap, target, paths, critical))))

if paths:
    st.subheader("Strongest routes")
    shown = st.radio("Draw route", range(1, len(paths) + 1), horizontal=True, key="paths_drawn")
    chosen = paths[shown - 1]
    st.html(route_chain_html(smap, chosen, names.of, names.scrub))
    if st.button("Open this route on the Map page", key="paths_open_on_map"):
        prepare_controls(smap)  # the Map page's settings belong to this map, so it keeps the route
        st.session_state[MAP_PATH] = chosen.actor_ids
        st.session_state[MAP_FOCUS] = ""
        st.switch_page("views/map.py")
    route_map(smap, chosen.actor_ids, f"Route {shown} to {names.of(target)} ({chosen.strength:.2f})")
    table = paths_table(paths, names.of)
    st.dataframe(table, hide_index=True, width="stretch")
    col_csv, col_book = st.columns(2)
    col_csv.download_button(
        "Download routes (CSV)", lambda: frame_csv_bytes(table), "influence_paths.csv", on_click="ignore"
    )

    def analysis_workbook() -> bytes:
        """Made when the button is pressed, not on every rerun: the ranking of every actor is the slow part."""
        query = RankingQuery(us=tuple(us), targets=(target,), influence=options)
        ranking = cached_ranking(smap, smap.content_hash(), query)
        return analysis_workbook_bytes(smap, ranking, paths, critical, names.of, names.scrub)

    col_book.download_button(
        "Download the analysis workbook (.xlsx)",
        analysis_workbook,
        "influence_analysis.xlsx",
        on_click="ignore",
        help="The ranking toward this target, these routes and the critical brokers, with a sheet on the method.",
    )

if critical and critical.brokers:
    st.subheader("Critical brokers")
    st.caption(
        "What the best route is worth without each broker. The minimum cut is the fewest actors whose loss "
        "together would cut us off."
    )
    st.dataframe(critical_table(critical, names.of), hide_index=True, width="stretch")
