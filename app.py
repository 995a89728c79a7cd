"""Stakeholder mapping for atrocity prevention: the Streamlit entry point and page router.

Run with `streamlit run app.py`. Each page in `views/` is a thin view over the
`mapping` package; this file only sets up the page, the sidebar and the menu, and
settles once per run which map the pages show (`ui.state.resolve_map_choice`: one
read of the workspace list, which the sidebar and every page then share).

The pages live in `views/`, not `pages/`: Streamlit treats a `pages/` folder as
legacy multipage mode, and a bookmarked or refreshed address such as /leaders
would then open the bare file without this menu, map picker and phase switch.
"""

import streamlit as st

from ui.auth import sign_in
from ui.components import as_of_picker, map_picker, phase_picker
from ui.links import adopt_link, apply_link_people, page_link, write_link
from ui.state import active_map, resolve_map_choice
from ui.workspace import workspace_status
from ui.workspace_choices import adopt_workspace_choices, keep_choices_button

st.set_page_config(page_title="Stakeholder map: atrocity prevention", page_icon="🕸️", layout="wide")

PAGES = [
    st.Page("views/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("views/map.py", title="Map", icon=":material/hub:", url_path="map"),
    st.Page("views/edit.py", title="Edit map", icon=":material/edit:", url_path="edit"),
    st.Page("views/history.py", title="History", icon=":material/history:", url_path="history"),
    st.Page("views/paths.py", title="Influence paths", icon=":material/route:", url_path="paths"),
    st.Page("views/leaders.py", title="Leaders to engage", icon=":material/leaderboard:", url_path="leaders"),
    st.Page("views/scenarios.py", title="Scenarios", icon=":material/alt_route:", url_path="scenarios"),
    st.Page("views/measures.py", title="Network measures", icon=":material/insights:", url_path="measures"),
    st.Page("views/brief.py", title="Engagement brief", icon=":material/description:", url_path="brief"),
    st.Page("views/plan.py", title="Plan and coverage gaps", icon=":material/checklist:", url_path="plan"),
    st.Page("views/context.py", title="Country context", icon=":material/public:", url_path="context"),
    st.Page("views/data.py", title="Data: upload and templates", icon=":material/upload_file:", url_path="data"),
]

sign_in()
page = st.navigation(PAGES)
adopt_link(page.url_path)  # a session's first run opens what its address names
resolve_map_choice()  # the workspaces are listed once per run; the sidebar and the page read this
adopt_workspace_choices()  # a workspace opened in this session brings its saved us, target and R2P status
apply_link_people(active_map())  # the address's "us" and target, now that the map is known
map_picker()
workspace_status()
phase_picker()
as_of_picker(active_map())
keep_choices_button()
if page.url_path != "map":  # the Map page writes its own address, view included (once per run, not twice)
    write_link(page_link())  # the address names the map, version, date, phase, us and target
page.run()
