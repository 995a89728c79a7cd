"""The Network measures page's sections: each standard view with its one-line definition."""

from __future__ import annotations

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.structure import BROKERAGE_ROLES, DEFINITIONS, actors_in_view, power_interest_grid
from mapping.model import StakeholderMap
from mapping.render.structure import grid_table, power_interest_chart, stand_in_table, structure_table, summary_rows
from mapping.view import DisplayNames
from ui.analysis import cached_stand_ins, cached_structure
from ui.pickers import actor_labels

__all__ = ["AUTOMATIC_UP_TO", "grid_section", "stand_in_section", "structure_sections"]

AUTOMATIC_UP_TO = 3000  # actors: about 2 s at 3,000 (closeness by igraph, Burt's measures by networkx)


def structure_sections(smap: StakeholderMap, options: InfluenceOptions, names: DisplayNames) -> None:
    """The network summary and the table of every actor's position (on request above `AUTOMATIC_UP_TO`)."""
    if len(smap) > AUTOMATIC_UP_TO and not st.button(
        "Compute the network measures", help="On a map this large closeness and Burt's measures take a while."
    ):
        return
    with st.spinner("Measuring the network…"):
        summary, measures = cached_structure(smap, smap.content_hash(), options)
    st.subheader("The network in figures")
    tiles = st.columns(3)
    for i, (label, value) in enumerate(summary_rows(summary)):
        tiles[i % 3].metric(label, value)
    for key in ("density", "reciprocity", "centralisation"):
        st.caption(f"**{key.capitalize()}**: {DEFINITIONS[key]}")

    st.subheader("Each actor's position")
    st.caption(
        "Centrality (degree, closeness, eigenvector) on who is tied to whom; Burt's measures on tie strengths; "
        "brokerage roles on the direction influence runs. Each column is defined below the table."
    )
    table = structure_table(measures, names.of, {a.id: a.kind for a in smap.actors})
    centrality, roles = st.tabs(["Centrality and Burt's measures", "Brokerage roles (Gould-Fernandez)"])
    columns = ["actor", "kind", "degree", "closeness", "eigenvector", "constraint", "effective size"]
    fit = {"actor": st.column_config.TextColumn(width=290), "kind": st.column_config.TextColumn(width=120)}
    centrality.dataframe(table[columns], hide_index=True, width="stretch", height=420, column_config=fit)
    roles.dataframe(
        table[["actor", "kind", *BROKERAGE_ROLES]], hide_index=True, width="stretch", height=420, column_config=fit
    )
    with st.expander("What each column means"):
        for key in ("degree", "closeness", "eigenvector", "constraint", "effective_size"):
            st.markdown(f"- **{key.replace('_', ' ')}**: {DEFINITIONS[key]}")
        st.markdown(
            "- **Brokerage roles** (Gould and Fernandez 1989, groups = kinds of actor): how many two-step "
            "paths a -> actor -> c with no direct tie a -> c the actor sits on, by role:"
        )
        for role in BROKERAGE_ROLES:
            st.markdown(f"    - *{role}*: {DEFINITIONS[role]}")


def grid_section(smap: StakeholderMap, options: InfluenceOptions, names: DisplayNames) -> None:
    """Mendelow's power-interest grid of the actors on the map that day, with the list by quadrant."""
    st.subheader("Power and interest")
    st.caption(DEFINITIONS["power_interest"])
    points = power_interest_grid(smap, options)
    estimated = sum(p.interest_estimated for p in points)
    if estimated:
        st.caption(
            f"Interest is estimated from stance for {estimated} of {len(points)} actors (champion 5, supportive "
            "and opposed 4, sceptical, neutral or unknown 2): rate the `interest` column to replace the guess."
        )
    st.plotly_chart(power_interest_chart(points, names.of), width="stretch")
    with st.expander("The grid as a list, by quadrant"):
        st.dataframe(grid_table(points, names.of), hide_index=True, width="stretch", height=420)


def stand_in_section(smap: StakeholderMap, options: InfluenceOptions, names: DisplayNames) -> None:
    """Who could stand in for an actor: the actors whose ties are most alike."""
    st.subheader("Who could stand in?")
    st.caption(DEFINITIONS["stand_in"])
    present = [a.id for a in actors_in_view(smap, options)]
    if not present:
        return
    first = next((a.id for a in smap.actors_of_kind("association") if a.id in present), present[0])
    labels = actor_labels(smap)
    actor = st.selectbox(
        "Stand in for", present, index=present.index(first), format_func=labels.__getitem__, key="stand_in_for"
    )
    found = cached_stand_ins(smap, smap.content_hash(), actor, options)
    if found:
        st.dataframe(stand_in_table(found, names.of), hide_index=True, width="stretch")
    else:
        st.info("No other actor shares any of its ties (its own units, parent and people do not count).")
