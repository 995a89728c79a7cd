"""Home: what this tool is, the saved workspaces, the active map at a glance, and where to go next."""

import streamlit as st

from mapping.markdown import escape_markdown as md
from mapping.render.charts import counts_bar
from mapping.render.palette import KIND_COLOURS, RELATIONSHIP_COLOURS, kind_label, relationship_label
from ui.components import map_preview
from ui.state import active_map
from ui.workspace_list import workspace_list

st.title("Stakeholder map for atrocity prevention")
st.markdown(
    "Map the businesses, business associations, government, security, civil society, media, "
    "international bodies and prevention networks of a country, the ties between them and the "
    "leaders inside them, to see **who can reach whom** and **whom to engage first**."
)

workspace_list("home")

smap = active_map()
st.subheader(md(smap.title))
people = len(smap.actors_of_kind("person"))
col_actors, col_orgs, col_people, col_ties = st.columns(4)
col_actors.metric("Actors", len(smap))
col_orgs.metric("Organisations", len(smap) - people)
col_people.metric("People (by role)", people)
col_ties.metric("Relationships", len(smap.relationships))

map_preview(smap)
st.caption(
    "Colour shows the kind of actor, the border its stance, size its influence; people are diamonds; "
    "dashed ties are opposition. Explore, filter and present it on the Map page."
)

col_kinds, col_ties_chart = st.columns(2)
col_kinds.plotly_chart(
    counts_bar(smap.actor_counts_by_kind(), kind_label, KIND_COLOURS, "Actors by kind"), width="stretch"
)
col_ties_chart.plotly_chart(
    counts_bar(smap.relationship_counts_by_kind(), relationship_label, RELATIONSHIP_COLOURS, "Relationships by kind"),
    width="stretch",
)

st.subheader("Next steps")
st.page_link(
    "views/map.py",
    label="Explore the map: filter, focus on an actor, present saved views, hide names, export",
    icon=":material/hub:",
)
st.page_link(
    "views/edit.py",
    label="Edit the open workspace: add actors and ties in forms or tables; every change is a version",
    icon=":material/edit:",
)
st.page_link(
    "views/data.py",
    label="Upload your map, or download blank templates and the data dictionary",
    icon=":material/upload_file:",
)
