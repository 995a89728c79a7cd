"""Engagement plan and coverage gaps: who does what next, and where we have no trusted way in."""

import pandas as pd
import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from mapping.lens.plan import (
    DEFAULT_GAP_THRESHOLD,
    PLAN_COLUMNS,
    PLAN_STATUSES,
    SHOWN_GAPS,
    UNRATED_INFLUENCE,
    coverage_gaps,
    gaps_table,
    plan_csv_bytes,
    plan_from_records,
    plan_table,
    read_plan,
)
from mapping.read import InputFile
from mapping.render.network import NetworkStyle
from ui.components import issues_frame, names_for, overview, view_html
from ui.pickers import us_picker
from ui.state import PLAN, PLAN_EDITOR_BASE, active_as_of, active_map, redact_names
from ui.workspace import show_notice
from ui.workspace_plan import plan_save_button, stored_plan

PAGE = "plan"

st.title("Engagement plan and coverage gaps")
st.markdown(
    "**Who do we approach next, with what ask, and where do we have no way in?** Edit the plan below (add rows at "
    "the bottom); entry paths are computed from the map."
)

smap = active_map()
options = InfluenceOptions(as_of=active_as_of())  # the sidebar's date frames the entry paths and gaps
us = us_picker(smap)
names = names_for(smap)  # every picker and table names actors as shown (people by role when names are hidden)
as_of = f"as of {options.as_of}" if options.as_of else "ties of all dates"
show_notice(PAGE)
active, stored = stored_plan()  # with a workspace open, its version's plan
problems: list = []
if redact_names():  # the table holds ids and free text: shown below with people by role, not edited
    st.info(
        "People's names are hidden (Map page, Display), so the plan is shown, not edited. Turn the switch off "
        "on a screen only your team sees to edit it."
    )
    plan = [item for item in (stored if stored is not None else st.session_state.get(PLAN, [])) if item.target in smap]
else:
    # The editor keeps its edits relative to the table it was first given, so that table stays fixed
    # until a plan is loaded from a file (or a new workspace version is opened); the edited rows become the plan.
    editor_key = f"plan_editor_{smap.content_hash()[:16]}" + (f"_v{active.version}" if active else "")
    if st.session_state.get(PLAN_EDITOR_BASE, (None,))[0] != editor_key:
        start = stored if stored is not None else st.session_state.get(PLAN, [])
        saved = [item for item in start if item.target in smap]
        base = pd.DataFrame([item.__dict__ for item in saved], columns=list(PLAN_COLUMNS))
        st.session_state[PLAN_EDITOR_BASE] = (editor_key, base)

    edited = st.data_editor(
        st.session_state[PLAN_EDITOR_BASE][1],
        num_rows="dynamic",
        width="stretch",
        key=editor_key,
        column_config={
            "target": st.column_config.SelectboxColumn(
                "target", options=[a.id for a in smap.actors], required=True, format_func=names.of, width="large"
            ),
            "status": st.column_config.SelectboxColumn("status", options=list(PLAN_STATUSES), default="planned"),
            "due": st.column_config.TextColumn("due (YYYY-MM-DD)"),
        },
    )
    items, problems = plan_from_records(smap, enumerate(edited.to_dict("records"), start=1), "plan table")
    if problems:
        st.error("These rows are not saved yet: fix them in the table.")
        st.dataframe(issues_frame(problems), hide_index=True)
    else:
        st.session_state[PLAN] = items
    plan = st.session_state.get(PLAN, [])
if active is not None and stored is not None and not problems:
    plan_save_button(PAGE, active, stored, plan)
if plan:
    shown = plan_table(smap, plan, us, options, names.of)
    st.dataframe(shown.assign(ask=shown["ask"].map(names.scrub)), hide_index=True, width="stretch")
    st.caption(f"Entry path: the strongest route from us over every positive tie ({as_of}), with its strength.")

col_down, col_up = st.columns(2)
col_down.download_button(
    "Download the plan (CSV)", plan_csv_bytes(smap, plan, us, names.scrub, options), "engagement_plan.csv"
)
uploaded = col_up.file_uploader("Load a plan (CSV)", type=["csv"], key="plan_upload")
if uploaded is not None and col_up.button("Replace the plan with this file", key="plan_replace"):
    loaded, load_problems = read_plan(smap, InputFile(uploaded.name, uploaded.getvalue()))
    if load_problems:
        st.error("Some rows could not be read; the plan was not changed. Fix them and load again.")
        st.dataframe(issues_frame(load_problems), hide_index=True)
    else:
        st.session_state[PLAN] = loaded
        loaded_table = pd.DataFrame([item.__dict__ for item in loaded], columns=list(PLAN_COLUMNS))
        st.session_state[PLAN_EDITOR_BASE] = (editor_key, loaded_table)  # the editor starts from the file
        st.session_state.pop(editor_key, None)
        st.rerun()

st.header("Coverage gaps")
threshold = st.slider(
    "A trusted route from us must reach at least",
    0.05,
    0.8,
    DEFAULT_GAP_THRESHOLD,
    help="A route's strength is the product of its ties' strengths: two ties of 0.45 give 0.2.",
)
if not us:
    st.info("Choose who **we** are to find the sectors and regions we have no trusted way into.")
    st.stop()
gaps = coverage_gaps(smap, us, threshold, options, limit=None)  # the ten first, the rest on request
st.caption(
    f"A gap is a sector or region none of whose actors a trusted route from us reaches: strength {threshold:.2f} or "
    f"more (default {DEFAULT_GAP_THRESHOLD:g}), no low-confidence tie, only actors we may engage on the way "
    f"({as_of}). Ranked by influence at stake, the group's influence ratings summed (unrated counts "
    f"{UNRATED_INFLUENCE:g}). The candidate is the group's actor with the strongest trusted route ('we reach it "
    "at'), never an armed group, an opposed or a proscribed actor."
)
if not gaps:
    st.success(f"A trusted route of {threshold:.2f} or more reaches every sector and region on the map.")
    st.stop()
st.dataframe(gaps_table(smap, gaps[:SHOWN_GAPS], names.of), hide_index=True, width="stretch")
if len(gaps) > SHOWN_GAPS:
    with st.expander(f"All {len(gaps)} gaps"):
        st.dataframe(gaps_table(smap, gaps, names.of), hide_index=True, width="stretch")
in_gaps = {actor for gap in gaps[:SHOWN_GAPS] for actor in gap.actors}
drawn_actors, drawn_ties, _ = overview(smap, keep=sorted(in_gaps))
html = view_html(
    smap,
    drawn_actors,
    drawn_ties,
    redact=redact_names(),
    size_by="influence",
    style=NetworkStyle(height_px=480),
    highlight=sorted(in_gaps),
    title=f"The {min(len(gaps), SHOWN_GAPS)} gaps that matter most: {len(in_gaps)} actors no trusted route "
    "from us reaches",
)
st.iframe(html, height=500)
