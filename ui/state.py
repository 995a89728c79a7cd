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
"""

from __future__ import annotations

import streamlit as st

from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.samples import DEFAULT_SAMPLE, list_samples, load_sample

__all__ = [
    "ACTIVE_MAP_SOURCE",
    "TARGET",
    "UPLOADED_MAP",
    "UPLOAD_RESULT",
    "US",
    "active_map",
    "adopt_upload",
    "map_sources",
    "sample_map",
]

ACTIVE_MAP_SOURCE = "active_map_source"
UPLOADED_MAP = "uploaded_map"
UPLOAD_RESULT = "upload_result"
US = "us"
TARGET = "target"
UPLOAD_SOURCE = "upload"


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
