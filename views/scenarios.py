"""Scenarios: what changes if actors drop out or lose standing?"""

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.ranking import RankingQuery
from mapping.analysis.scenarios import PRESET_SCENARIOS, Scenario
from mapping.export import frame_csv_bytes
from mapping.lens.brief import escape_markdown as md
from mapping.render.analysis_charts import rank_slope
from mapping.render.tables import group_brokers_table, path_changes_table, rank_changes_table
from mapping.schema import ACTOR_KINDS
from ui.analysis import cached_comparison
from ui.compare_dates import compare_dates_section
from ui.components import names_for
from ui.help import formulas_expander
from ui.pickers import actor_labels, us_picker
from ui.state import active_as_of, active_map, active_phase

LOSE_STANDING = PRESET_SCENARIOS["civil_society_and_faith_lose_standing"]

st.title("Scenarios")
st.markdown(
    "**What changes if an actor drops out?** Remove or weaken actors or whole kinds and compare with the base map: "
    "who rises, which routes are lost, who becomes a critical broker."
)
formulas_expander()

smap = active_map()
kinds = [k.name for k in ACTOR_KINDS]


def apply_lose_standing() -> None:
    st.session_state["scenario_remove_kinds"] = sorted(LOSE_STANDING.remove_kinds)
    st.session_state["scenario_weaken_kinds"] = []


st.button(
    f"Example: {LOSE_STANDING.name}",
    on_click=apply_lose_standing,
    help=LOSE_STANDING.description,
    disabled=not smap.actors_of_kind(*LOSE_STANDING.remove_kinds),
)
col_remove, col_weaken = st.columns(2)
with col_remove:
    remove = st.multiselect(
        "Remove actors", [a.id for a in smap.actors], format_func=actor_labels(smap).__getitem__, key="scenario_remove"
    )
    remove_kinds = st.multiselect("Remove kinds", kinds, key="scenario_remove_kinds")
with col_weaken:
    weaken_kinds = st.multiselect("Weaken kinds", kinds, key="scenario_weaken_kinds")
    factor = st.slider("Weakened ties keep this share of their strength", 0.05, 1.0, 0.3, 0.05)

us = us_picker(smap)
targets = st.multiselect(
    "Targets",
    [a.id for a in smap.actors],
    format_func=actor_labels(smap).__getitem__,
    help="Empty: government and political actors.",
)
options = InfluenceOptions(as_of=active_as_of())
query = RankingQuery(us=tuple(us), targets=tuple(targets), phase=active_phase(), influence=options)
compare_dates_section(smap, query, "scenario_dates")

political = [a.id for a in smap.actors_of_kind("political")]
col_a, col_b = st.columns(2)
group_a = col_a.multiselect(
    "Brokers between group A…", political, default=political[:1], format_func=lambda i: smap.actor(i).name
)
group_b = col_b.multiselect("…and group B", political, default=political[1:2], format_func=lambda i: smap.actor(i).name)

scenario = Scenario(
    name="Custom scenario",
    remove_actors=frozenset(remove),
    remove_kinds=frozenset(remove_kinds),
    weaken_kinds=dict.fromkeys(weaken_kinds, factor),
)
if not (remove or remove_kinds or weaken_kinds):
    st.info("Choose actors or kinds to remove or weaken, or try the example.")
    st.stop()

groups = (frozenset(group_a), frozenset(group_b)) if group_a and group_b else None
with st.spinner("Comparing the scenario with the base map…"):
    comparison = cached_comparison(smap, smap.content_hash(), scenario, query, groups)

name_of = names_for(smap).of
st.plotly_chart(rank_slope(comparison.ranks, top=15), width="stretch")
changes = rank_changes_table(comparison.ranks, name_of)
st.dataframe(changes, hide_index=True, width="stretch")
st.download_button(
    "Download rank changes (CSV)", lambda: frame_csv_bytes(changes), "scenario_rank_changes.csv", on_click="ignore"
)

if comparison.paths:
    st.subheader("Routes from us to the targets")
    st.dataframe(path_changes_table(comparison, name_of), hide_index=True, width="stretch")
for (source, target), brokers in comparison.new_critical_brokers.items():
    brokers_text = ", ".join(map(name_of, brokers))
    st.warning(md(f"New critical brokers from {name_of(source)} to {name_of(target)}: {brokers_text}"))
if comparison.brokers_between_groups:
    st.subheader("Who bridges the two groups under the scenario")
    st.dataframe(group_brokers_table(comparison, name_of), hide_index=True)
