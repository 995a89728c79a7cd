"""Engagement brief: one page on an actor or leader — who, why, how to reach, what to ask, risks."""

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.ranking import RankingQuery
from mapping.lens.brief import brief_html, brief_markdown, build_brief, scrub_brief, with_notes
from ui.analysis import cached_leaders, cached_ranking
from ui.coalitions import coalitions_for
from ui.components import names_for
from ui.help import formulas_expander
from ui.pickers import actor_labels, us_picker
from ui.state import PLAN, active_as_of, active_map, active_phase
from ui.workspace_choices import brief_notes
from ui.workspace_plan import stored_plan

st.title("Engagement brief")
st.markdown(
    "**What do we need to know before approaching them?** A one-page brief generated from the map and the "
    "analysis, to download as Markdown or as a printable page."
)
formulas_expander()

smap = active_map()
if not smap.actors:
    st.info("This map has no actors yet: add some on the Edit map page, then write a brief on one of them.")
    st.stop()
col_actor, col_us = st.columns(2)
with col_actor:
    actor_id = st.selectbox(
        "Brief on", [a.id for a in smap.actors], format_func=actor_labels(smap).__getitem__, key="brief_actor"
    )
with col_us:
    us = us_picker(smap)
phase = active_phase()
with st.expander("Our notes (added to the brief)"):
    notes = brief_notes(actor_id)
query = RankingQuery(us=tuple(us), phase=phase, influence=InfluenceOptions(as_of=active_as_of()))
with st.spinner("Writing the brief…"):
    ranking = cached_ranking(smap, smap.content_hash(), query)
    leaders = cached_leaders(smap, smap.content_hash(), query)
    coalitions = coalitions_for(smap, query.influence, ask=False) or []
    plan = st.session_state.get(PLAN) or stored_plan()[1] or []  # this session's edits, else the workspace's plan
    brief = build_brief(smap, actor_id, ranking, leaders, coalitions, plan, phase, query.influence)
    brief = scrub_brief(with_notes(brief, notes), names_for(smap).scrub)

markdown = brief_markdown(brief)
slug = "".join(ch if ch.isalnum() else "_" for ch in names_for(smap).of(actor_id).lower())[:40].strip("_")
col_md, col_html = st.columns(2)
col_md.download_button("Download (Markdown)", markdown, f"brief_{slug}.md", mime="text/markdown")
col_html.download_button("Download (printable HTML)", brief_html(brief), f"brief_{slug}.html", mime="text/html")
st.divider()
st.markdown(brief_markdown(brief, title_level=3))  # under the page's own title
