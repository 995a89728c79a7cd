"""Who "we" are, the target and the R2P status, kept in the open workspace so a team shares them.

Opening a workspace in a session takes the choices saved in it (unless the session had
already chosen its own). Changing them on a page changes them for the session only,
since exploring targets should not write a version per click; a button then keeps them
in the workspace as a new version ("Kept us and the target"), which History, undo and
restore cover (`mapping.store.settings`).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mapping.links import actor_token
from mapping.store.settings import WorkspaceSettings
from ui.state import R2P_STATUS, TARGET, US
from ui.store import version_settings
from ui.workspace import (
    ActiveWorkspace,
    active_workspace,
    author_prompt,
    save_settings_version,
    session_service,
    show_notice,
)

__all__ = ["adopt_workspace_choices", "brief_notes", "keep_choices_button", "keep_r2p_button"]

_SESSION_NOTES = "brief_notes"  # {actor id: our notes}, on a sample or an upload

_ADOPTED = "_workspace_choices_adopted"  # the workspace whose choices this session took
SIDEBAR = "workspace_choices"  # the notice of keeping them


def _settings(active: ActiveWorkspace) -> WorkspaceSettings:
    return version_settings(session_service(), active.workspace, active.version)


def adopt_workspace_choices() -> None:
    """The first time this session works on a workspace, take its saved us, target and R2P status."""
    active = active_workspace()
    if active is None or st.session_state.get(_ADOPTED) == active.workspace.id:
        return
    st.session_state[_ADOPTED] = active.workspace.id
    settings = _settings(active)
    if settings.us and not st.session_state.get(US):
        st.session_state[US] = list(settings.us)
    if settings.target and not st.session_state.get(TARGET):
        st.session_state[TARGET] = settings.target
    statuses = st.session_state.setdefault(R2P_STATUS, {})
    for country, status, issue in settings.r2p:
        statuses.setdefault(country, (status, issue))


def keep_choices_button() -> None:
    """In the sidebar: keep this session's us and target in the workspace, when they differ from its saved ones."""
    active = active_workspace()
    with st.sidebar:
        show_notice(SIDEBAR)
    if active is None:
        return
    settings = _settings(active)
    us = tuple(a for a in st.session_state.get(US, ()) if a in active.map)
    target = st.session_state.get(TARGET) or ""
    target = target if target in active.map else ""
    if (us, target) == (settings.us, settings.target) or not (us or target):
        return
    with st.sidebar:
        author_prompt("sidebar")
    if st.sidebar.button(
        "Keep 'us' and the target in this workspace",
        key="keep_choices",
        help="Saves them as a new version, so everyone who opens the workspace starts from them.",
    ):
        new = replace(settings, us=us, target=target)
        _save(active, new, "Kept 'us' and the target")


def keep_r2p_button(country: str, status: str, issue: str) -> None:
    """On the Country context page: keep the R2P Monitor status in the workspace, when it differs from the saved one."""
    active = active_workspace()
    if active is None:
        return
    settings = _settings(active)
    saved = {c: (s, i) for c, s, i in settings.r2p}
    if saved.get(country, ("not listed", "")) == (status, issue):
        return
    author_prompt("r2p")
    if st.button("Keep this status in the workspace", key="keep_r2p"):
        kept = (*(entry for entry in settings.r2p if entry[0] != country), (country, status, issue))
        _save(active, replace(settings, r2p=kept), f"Kept the R2P status: {status}")


def _save(active: ActiveWorkspace, settings: WorkspaceSettings, what: str) -> None:
    save_settings_version(SIDEBAR, active, settings, what)


def brief_notes(actor_id: str) -> str:
    """Our own notes for the actor's brief: a text box; with a workspace open, a button keeps them in it."""
    active = active_workspace()
    session_notes = st.session_state.setdefault(_SESSION_NOTES, {})
    saved = _settings(active).notes_on(actor_id) if active else session_notes.get(actor_id, "")
    version = f"_v{active.version}" if active else ""
    text = st.text_area(
        "Our notes for this brief",
        value=saved,
        key=f"brief_notes_{actor_token(actor_id)}{version}",  # a token: an actor id can be a person's name
        help="Added to the brief as its last section. With a workspace open, keep them in it for the team.",
    )
    if active is None:
        session_notes[actor_id] = text
    elif text.strip() != saved:
        author_prompt("brief_notes")
        if st.button("Keep these notes in the workspace", key="keep_brief_notes"):
            _save(active, _settings(active).with_notes(actor_id, text), "Kept notes on a brief")
    return text
