"""Every `st.session_state` key the app uses, and the functions that read and write them.

Keys
----
active_map_source : "sample:<folder>" for a bundled map, or "upload" for the user's map.
uploaded_map : the StakeholderMap from the last upload that passed validation. A
    failed upload never touches it, so nothing the user had is lost.
upload_result : the LoadResult of the last upload attempt, shown on the Data page.
us : ids of the actors the user works for ("us"), shared by the analysis pages.
target : id of the decision-maker the user wants to reach, shared by the analysis pages.
    Both hold ids of the active map; ids the map does not hold are ignored (see ui.pickers).
phase : "" for all phases, or "upstream", "acute" or "recovery": the prevention phase every
    analysis page is viewed for (chosen in the sidebar; see ui.components.phase_picker).
plan : list of mapping.lens.plan.PlanItem, the engagement plan (Plan page, briefs).
plan_editor_base : (editor key, DataFrame) the plan table editor started from; see views/plan.py.
r2p_status : {country: (R2P Monitor status, which issue)}, entered on the Context page.

Map page: what the controls ask for. Each control's widget has the key
"_widget_<key>" and copies its value here on change (see ui.map_controls), so
the values survive a change of page and presentation mode hiding the controls.

map_presenting : bool, presentation mode (no controls, tall map, large labels).
map_redact : bool, show people by role and organisation, never by name; the map
    previews on the other pages follow it too.
map_search : text typed in the search box; matching actors glow.
map_focus : id of the actor in focus ("" for none).
map_focus_steps : how many ties out from the focus to show (1-3).
map_kinds, map_stances, map_phases, map_sectors, map_regions : lists of values to
    keep (empty keeps all).
map_min_confidence : "low", "medium" or "high"; ties rated below are hidden.
map_use_date : bool, show only the ties in force on map_as_of (a datetime.date).
map_hide_people : bool, hide every person.
map_size_by : key of the `mapping.render.sizes.SizeMeasure` sizing the nodes.
map_risk_factor : UN Framework factor or indicator code to show alone ("" for no filter).
map_view_picker : widget, the saved view chosen in the picker ("" for none).
map_view_name : widget, the name typed for the next saved view.
map_previous_view, map_next_view, map_save_view, map_delete_view, map_clear_path,
    map_clear_coalition : the Map page's buttons.

map_path : tuple of actor ids drawn as a highlighted path, or (); for the
    Influence paths page to set; saved with views.
map_coalition : frozenset of actor ids to show alone, or None; for the coalition
    analysis to set; saved with views.
map_controls_for : content hash of the map the controls belong to; another map
    resets them.
saved_views : {content hash: [SavedView, ...]}, each map's slides, in order.
"""

from __future__ import annotations

import streamlit as st

from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.samples import DEFAULT_SAMPLE, list_samples, load_sample

__all__ = [
    "ACTIVE_MAP_SOURCE",
    "MAP_COALITION",
    "MAP_CONTROLS_FOR",
    "MAP_PATH",
    "MAP_REDACT",
    "PHASE",
    "PLAN",
    "PLAN_EDITOR_BASE",
    "R2P_STATUS",
    "SAVED_VIEWS",
    "TARGET",
    "UPLOADED_MAP",
    "UPLOAD_RESULT",
    "US",
    "active_map",
    "active_phase",
    "adopt_upload",
    "map_sources",
    "redact_names",
    "sample_map",
]

ACTIVE_MAP_SOURCE = "active_map_source"
UPLOADED_MAP = "uploaded_map"
UPLOAD_RESULT = "upload_result"
US = "us"
TARGET = "target"
PHASE = "phase"
PLAN = "plan"
PLAN_EDITOR_BASE = "plan_editor_base"
R2P_STATUS = "r2p_status"
UPLOAD_SOURCE = "upload"

MAP_PRESENTING = "map_presenting"
MAP_REDACT = "map_redact"
MAP_SEARCH = "map_search"
MAP_FOCUS = "map_focus"
MAP_FOCUS_STEPS = "map_focus_steps"
MAP_KINDS = "map_kinds"
MAP_STANCES = "map_stances"
MAP_PHASES = "map_phases"
MAP_SECTORS = "map_sectors"
MAP_REGIONS = "map_regions"
MAP_MIN_CONFIDENCE = "map_min_confidence"
MAP_USE_DATE = "map_use_date"
MAP_AS_OF = "map_as_of"
MAP_HIDE_PEOPLE = "map_hide_people"
MAP_SIZE_BY = "map_size_by"
MAP_RISK_FACTOR = "map_risk_factor"
MAP_VIEW_PICKER = "map_view_picker"
MAP_VIEW_NAME = "map_view_name"
MAP_PATH = "map_path"
MAP_COALITION = "map_coalition"
MAP_CONTROLS_FOR = "map_controls_for"
SAVED_VIEWS = "saved_views"

# The Map page's settings that describe what is shown (reset when the map changes).
MAP_FILTER_KEYS = (
    MAP_SEARCH,
    MAP_FOCUS,
    MAP_FOCUS_STEPS,
    MAP_KINDS,
    MAP_STANCES,
    MAP_PHASES,
    MAP_SECTORS,
    MAP_REGIONS,
    MAP_MIN_CONFIDENCE,
    MAP_USE_DATE,
    MAP_AS_OF,
    MAP_HIDE_PEOPLE,
    MAP_SIZE_BY,
    MAP_RISK_FACTOR,
)


@st.cache_resource(show_spinner="Loading the sample map…")
def sample_map(key: str) -> StakeholderMap:
    """A bundled map, loaded once per server. Samples are checked by the tests, so this cannot fail."""
    result = load_sample(key)
    if result.map is None:
        raise RuntimeError(f"bundled sample {key} is invalid: {result.errors[:3]}")
    return result.map


def map_sources() -> dict[str, str]:
    """The maps the user can switch between, as {source key: label}."""
    sources = {f"sample:{s.key}": f"Sample: {s.title}" for s in list_samples()}
    uploaded = st.session_state.get(UPLOADED_MAP)
    if uploaded is not None:
        sources[UPLOAD_SOURCE] = f"Your map: {uploaded.title}"
    return sources


def active_source() -> str:
    source = st.session_state.get(ACTIVE_MAP_SOURCE, f"sample:{DEFAULT_SAMPLE}")
    return source if source in map_sources() else f"sample:{DEFAULT_SAMPLE}"


def active_map() -> StakeholderMap:
    """The map every page works on: the chosen sample or the user's uploaded map."""
    source = active_source()
    if source == UPLOAD_SOURCE:
        return st.session_state[UPLOADED_MAP]
    return sample_map(source.removeprefix("sample:"))


def adopt_upload(result: LoadResult) -> None:
    """Remember an upload attempt; make its map the active one only if it loaded."""
    st.session_state[UPLOAD_RESULT] = result
    if result.map is not None:
        st.session_state[UPLOADED_MAP] = result.map
        st.session_state[ACTIVE_MAP_SOURCE] = UPLOAD_SOURCE


def redact_names() -> bool:
    """True when people must be shown by role, never by name (the Map page's switch)."""
    return bool(st.session_state.get(MAP_REDACT, False))


def active_phase() -> str | None:
    """The prevention phase chosen in the sidebar, or None for all phases."""
    return st.session_state.get(PHASE) or None
