"""Leaders to engage: which organisations and people to approach first, and why."""

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.leaders import member_leaders
from mapping.analysis.ranking import COMPONENTS, PHASE_COMPONENTS, RankingQuery, default_weights
from mapping.export import frame_csv_bytes
from mapping.markdown import escape_markdown as md
from mapping.render.analysis_charts import component_bars
from mapping.render.tables import decision_makers_table, leaders_table, markdown_table, ranking_table
from mapping.schema import ACTOR_KINDS
from ui.analysis import cached_leaders, cached_network, cached_ranking
from ui.compare_dates import compare_dates_section
from ui.components import names_for
from ui.help import formulas_expander
from ui.pickers import actor_labels, us_picker
from ui.ranges import rank_ranges_for
from ui.state import active_as_of, active_map, active_phase

SHORTLIST = 10  # rows read on screen; every row, with each part of its score, is in the sortable table
CHANNEL_COLUMNS = {"name": "organisation", "score": "score", "reason": "why engage them", "flags": "check first"}
PEOPLE_COLUMNS = {"rank": "rank", "name": "person", "organisation": "organisation", "reason": "why them"}
DETAILS = {  # the sortable tables: the name stays in view while scrolling sideways to the score's parts
    "id": None,
    "name": st.column_config.TextColumn(pinned=True),
    "reason": st.column_config.TextColumn(width="large"),
}

st.title("Leaders to engage")
st.markdown(
    "**Who should we engage first?** Organisations and people ranked by an explainable engagement score: "
    "each shows the reason, and the tables under each list show every part of the score."
)
formulas_expander()

smap = active_map()
us = us_picker(smap)
col_targets, col_kinds = st.columns(2)
targets = col_targets.multiselect(
    "Targets: the decision-makers to move",
    [a.id for a in smap.actors],
    format_func=actor_labels(smap).__getitem__,
    help="Leave empty to use every government and political actor.",
)
target_kinds = col_kinds.multiselect(
    "…or every actor of these kinds", [k.name for k in ACTOR_KINDS], format_func=lambda n: n.replace("_", " ")
)

phase = active_phase()
components = PHASE_COMPONENTS if phase else COMPONENTS
defaults = default_weights(phase)
with st.expander(f"Score weights ({phase or 'all'} phase{'s' if not phase else ''}) and tie options"):
    weight_columns = st.columns(len(components))
    weights = {
        c: column.slider(c, 0.0, 1.0, defaults[c], 0.05, key=f"weight_{phase or 'all'}_{c}")
        for c, column in zip(components, weight_columns, strict=True)
    }
    weighted = st.checkbox("Weight ties by confidence (high 1.0, medium 0.7, low 0.4)")
    verified = st.checkbox("Verified only: drop low-confidence ties and actors without a source")

query = RankingQuery(
    us=tuple(us),
    targets=tuple(targets),
    target_kinds=tuple(target_kinds),
    weights=weights,
    influence=InfluenceOptions(weight_by_confidence=weighted, verified_only=verified, as_of=active_as_of()),
    phase=phase,
)
with st.spinner("Ranking…"):
    ranking = cached_ranking(smap, smap.content_hash(), query)
    leaders = cached_leaders(smap, smap.content_hash(), query)
for note in ranking.notes:
    st.caption(note)

names = names_for(smap)
st.subheader("Organisations to engage: the channels")
robust = rank_ranges_for(smap, query)
if robust is not None:
    st.markdown(md(names.scrub(robust.summary)))
organisations = ranking_table(ranking, names.of, names.scrub, robust)
rank_column = {"rank range" if robust is not None else "rank": "rank"}
st.markdown(markdown_table(organisations, rank_column | CHANNEL_COLUMNS, SHORTLIST))
with st.expander(f"All {len(organisations)} organisations: each part of the score, sortable"):
    st.dataframe(organisations, hide_index=True, width="stretch", column_config=DETAILS)
st.plotly_chart(component_bars(ranking, top=15), width="stretch")
if ranking.not_connected:
    st.caption("Not connected (no tie that carries influence): " + ", ".join(map(names.of, ranking.not_connected)))

st.subheader("Decision-makers: the targets")
st.caption("What we want to move, not who we would move them through: how strongly we reach each, and how.")
st.dataframe(decision_makers_table(ranking, names.of), hide_index=True, width="stretch")

st.subheader("People")
people = leaders_table(leaders, names.of, names.scrub)
st.markdown(markdown_table(people, PEOPLE_COLUMNS, SHORTLIST))
with st.expander(f"All {len(people)} people: role, seniority and each part of the score, sortable"):
    st.dataframe(people, hide_index=True, width="stretch", column_config=DETAILS)

associations = [a.id for a in smap.actors_of_kind("association", "prevention_network") if smap.members_of(a.id)]
if associations:
    st.subheader("Who can bring the members along?")
    body = st.selectbox("Association or network", associations, format_func=lambda i: smap.actor(i).name)
    network = cached_network(smap, smap.content_hash(), query.influence)
    members = member_leaders(smap, body, leaders, network)
    member_table = leaders_table(members, names.of, names.scrub)
    st.markdown(markdown_table(member_table, PEOPLE_COLUMNS, SHORTLIST))
    with st.expander(f"All {len(member_table)} people: each part of the score, sortable"):
        st.dataframe(member_table, hide_index=True, width="stretch", column_config=DETAILS)

compare_dates_section(smap, query, "leaders_dates")

col_orgs, col_people = st.columns(2)
col_orgs.download_button(
    "Download organisations (CSV)", lambda: frame_csv_bytes(organisations), "engagement_ranking.csv", on_click="ignore"
)
col_people.download_button(
    "Download people (CSV)", lambda: frame_csv_bytes(people), "leaders_to_engage.csv", on_click="ignore"
)
