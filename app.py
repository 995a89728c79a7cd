"""Stakeholder mapping for atrocity prevention: the Streamlit entry point and page router.

Run with `streamlit run app.py`. Each page in `pages/` is a thin view over the
`mapping` package; this file only sets up the page, the sidebar and the menu.
"""

import streamlit as st

from ui.components import map_picker, phase_picker

st.set_page_config(page_title="Stakeholder map: atrocity prevention", page_icon="🕸️", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/hub:", url_path="map"),
    st.Page("pages/paths.py", title="Influence paths", icon=":material/route:", url_path="paths"),
    st.Page("pages/leaders.py", title="Leaders to engage", icon=":material/leaderboard:", url_path="leaders"),
    st.Page("pages/scenarios.py", title="Scenarios", icon=":material/alt_route:", url_path="scenarios"),
    st.Page("pages/brief.py", title="Engagement brief", icon=":material/description:", url_path="brief"),
    st.Page("pages/plan.py", title="Plan and coverage gaps", icon=":material/checklist:", url_path="plan"),
    st.Page("pages/context.py", title="Country context", icon=":material/public:", url_path="context"),
    st.Page("pages/data.py", title="Data: upload and templates", icon=":material/upload_file:", url_path="data"),
]

page = st.navigation(PAGES)
map_picker()
phase_picker()
page.run()
