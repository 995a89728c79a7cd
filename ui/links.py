"""The address bar holds the view: a reload, or a link sent to a colleague, reopens exactly what was on screen.

Reading: on a session's first run, `adopt_link` (app.py, before the map is chosen)
takes the map, its version, the date and the phase from the address
(`mapping.links.read_link`), and keeps the Map page's view for `apply_link_view`,
which the Map page calls once it has the map to resolve actors against. A link to a
workspace the reader may not open falls back to the default sample, and the page
says so (the sidebar's note on a workspace that cannot be shown): nothing of it is shown.

Writing: every run puts what is shown back into the address (`write_link`), replacing
the entry rather than adding history, and only when it changed.
"""

from __future__ import annotations

import streamlit as st

from mapping.links import MapLink, link_params, read_link
from mapping.model import StakeholderMap
from mapping.view import SavedView
from ui.state import (
    ACTIVE_MAP_SOURCE,
    AS_OF,
    AS_OF_ON,
    MAP_PRESENTING,
    MAP_REDACT,
    MAP_SELECTED,
    PHASE,
    TARGET,
    UPLOAD_SOURCE,
    UPLOAD_TOKEN,
    UPLOADED_MAP,
    US,
    WORKSPACE_SOURCE_PREFIX,
    active_as_of,
    active_phase,
    active_source,
    map_choice,
    open_version,
    set_open_version,
    signed_in_user,
)
from ui.upload_store import find_upload

__all__ = ["adopt_link", "apply_link_people", "apply_link_view", "page_link", "write_link"]

LINK_READ = "link_read"  # this session has read its address
LINK_PENDING = "link_pending"  # the address's Map page view, until the Map page applies it
LINK_PEOPLE = "link_people"  # the address's us and target, until the map is known


def adopt_link(page_path: str) -> None:
    """On a session's first run, open the map, version, date and phase the address names.

    The Map page's part waits for the Map page (`apply_link_view`); on any other page it is dropped.
    """
    state = st.session_state
    if not state.get(LINK_READ):
        state[LINK_READ] = True
        link = read_link({key: st.query_params.get_all(key) for key in st.query_params})
        if link.upload:
            _reopen_upload(link.upload)
        if link.source:
            state[ACTIVE_MAP_SOURCE] = link.source
            if link.version is not None and link.source.startswith(WORKSPACE_SOURCE_PREFIX):
                set_open_version(int(link.source.removeprefix(WORKSPACE_SOURCE_PREFIX)), link.version)
        if link.as_of is not None:
            state[AS_OF_ON], state[AS_OF] = True, link.as_of
        if link.phase:
            state[PHASE] = link.phase
        state[MAP_REDACT] = link.redact or bool(state.get(MAP_REDACT))
        state[LINK_PENDING] = link
        state[LINK_PEOPLE] = link
    if page_path != "map":
        state.pop(LINK_PENDING, None)


def apply_link_people(smap: StakeholderMap) -> None:
    """Who "we" are and the target, as the address named them, once the map is known (for every page)."""
    link: MapLink | None = st.session_state.pop(LINK_PEOPLE, None)
    if link is None or (link.source and link.source != active_source()):
        return
    resolved = link.resolved(a.id for a in smap.actors)
    if resolved.us:
        st.session_state[US] = list(resolved.us)
    if resolved.target:
        st.session_state[TARGET] = resolved.target


def _reopen_upload(token: str) -> None:
    """Make the upload the address names the active map again, or say it is no longer kept."""
    smap = find_upload(token, signed_in_user())
    if smap is None:
        st.warning(
            "The uploaded map this address named is no longer kept (the app restarted, or newer uploads replaced it): "
            "upload it again on the Data page, or save uploads as workspaces to keep them."
        )
        return
    st.session_state[UPLOADED_MAP] = smap
    st.session_state[UPLOAD_TOKEN] = token
    st.session_state[ACTIVE_MAP_SOURCE] = UPLOAD_SOURCE


def apply_link_view(smap: StakeholderMap, apply_view: object) -> None:
    """Show the view the address named (filters, focus, search, route, selection...), once.

    `apply_view` is `ui.map_controls.apply_view` (passed in: that module draws controls).
    Nothing is applied when the address named a map other than the one shown (a workspace
    the reader may not open).
    """
    link: MapLink | None = st.session_state.pop(LINK_PENDING, None)
    if link is None:
        return
    if link.upload and active_source() != UPLOAD_SOURCE:
        return  # the upload is no longer kept: `_reopen_upload` said so
    if link.source and link.source != active_source():
        st.warning(
            "This link names a map you cannot open here (a workspace that was deleted or is not shared with you), "
            "so nothing of it is shown: this is the default sample map."
        )
        return
    resolved = link.resolved(a.id for a in smap.actors)
    apply_view(resolved.view)  # type: ignore[operator]
    st.session_state[MAP_SELECTED] = resolved.selected
    st.session_state["_map_search_selected_for"] = resolved.view.search  # the link's selection wins over the search's
    st.session_state[MAP_PRESENTING] = resolved.presenting


def page_link(view: SavedView | None = None, selected: str | None = None) -> MapLink:
    """What the address should say now: the map (not an upload: it has no address), its version, date, phase,
    and on the Map page its view."""
    source = active_source()
    linkable = source.startswith(("sample:", WORKSPACE_SOURCE_PREFIX))
    upload = str(st.session_state.get(UPLOAD_TOKEN) or "") if source == UPLOAD_SOURCE else ""
    summary = map_choice().workspace
    version = open_version(summary.workspace.id) if summary else None
    return MapLink(
        source=source if linkable else "",
        version=version,
        as_of=active_as_of(),
        phase=active_phase() or "",
        view=view or SavedView(""),
        selected=selected,
        presenting=bool(st.session_state.get(MAP_PRESENTING)) if view is not None else False,
        redact=bool(st.session_state.get(MAP_REDACT)),
        upload=upload,
        us=tuple(a for a in st.session_state.get(US, ()) if isinstance(a, str)),
        target=str(st.session_state.get(TARGET) or ""),
    )


def write_link(link: MapLink) -> None:
    """Put the link in the address bar, replacing the current entry, only when it differs."""
    params = link_params(link)
    wanted = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    if _current() != wanted:
        st.query_params.from_dict(params)


def _current() -> dict[str, list[str]]:
    return {key: [str(v) for v in st.query_params.get_all(key)] for key in st.query_params}
