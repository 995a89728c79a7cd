"""Saved views on the Map page: keep what is on screen under a name, then step through the views like slides.

With a workspace open, the views belong to the workspace: they are saved in its
versions (`mapping.store.settings`), shared by its members, and kept across restarts;
saving or deleting one saves a new version ("Saved view 'Day 1'"), which History,
undo and restore cover. On a sample or an upload they belong to the map's content
(`ui.state.SAVED_VIEWS`) and last for the browser session.

A button's callback only records the change (`_PENDING`); the page run that follows
saves it (`save_pending_views`), since a save to the workspace ends with a rerun,
which a callback cannot do.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mapping.model import StakeholderMap
from mapping.store.settings import WorkspaceSettings
from mapping.view import SavedView
from ui.map_controls import apply_view, unnamed
from ui.state import MAP_VIEW_NAME, MAP_VIEW_PICKER, SAVED_VIEWS
from ui.store import version_settings
from ui.workspace import ActiveWorkspace, active_workspace, author_prompt, save_settings_version, session_service

__all__ = ["active_view", "save_pending_views", "save_view_controls", "saved_views", "slide_controls"]

_UNSAVED = ""


_PENDING = "_map_views_pending"  # (views, description) recorded by a button, saved by the next run


def saved_views(smap: StakeholderMap) -> list[SavedView]:
    """The saved views, in the order they are shown: the open workspace's version's, else this session's."""
    active = active_workspace()
    if active is not None:
        return list(_workspace_settings(active).views)
    return st.session_state.setdefault(SAVED_VIEWS, {}).setdefault(smap.content_hash(), [])


def save_pending_views(page: str, smap: StakeholderMap) -> None:
    """Save the views a button changed: a new workspace version (the run ends), or the session's list."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    views, what = pending
    active = active_workspace()
    if active is None:
        st.session_state.setdefault(SAVED_VIEWS, {})[smap.content_hash()] = views
        return
    save_settings_version(page, active, replace(_workspace_settings(active), views=tuple(views)), what)


def _workspace_settings(active: ActiveWorkspace) -> WorkspaceSettings:
    return version_settings(session_service(), active.workspace, active.version)


def active_view(smap: StakeholderMap, current: SavedView) -> int | None:
    """Index of the saved view showing exactly what is on screen, if any."""
    views = saved_views(smap)
    return next((i for i, view in enumerate(views) if unnamed(view) == unnamed(current)), None)


def slide_controls(smap: StakeholderMap, current: SavedView) -> None:
    """Previous / view picker / Next, to step through the saved views like slides."""
    views = saved_views(smap)
    index = active_view(smap, current)
    st.session_state[MAP_VIEW_PICKER] = views[index].name if index is not None else _UNSAVED
    previous, picker, following = st.columns([1, 3, 1], vertical_alignment="bottom")
    last = len(views) - 1
    previous.button(
        "◀ Previous",
        key="map_previous_view",
        disabled=not views or index == 0,
        on_click=_show,
        args=(views, last if index is None else index - 1),
        width="stretch",
    )
    picker.selectbox(
        "Saved view",
        [_UNSAVED, *(v.name for v in views)],
        format_func=lambda name: name or f"Not saved ({len(views)} saved view{'s' if len(views) != 1 else ''})",
        key=MAP_VIEW_PICKER,
        on_change=_pick,
        args=(views,),
    )
    following.button(
        "Next ▶",
        key="map_next_view",
        disabled=not views or index == last,
        on_click=_show,
        args=(views, 0 if index is None else index + 1),
        width="stretch",
    )


def save_view_controls(smap: StakeholderMap, current: SavedView) -> None:
    """Name and save what is on screen, or delete the saved view being shown."""
    views = saved_views(smap)
    index = active_view(smap, current)
    if active_workspace() is not None:
        author_prompt("saved_views")  # a view saved in a workspace is a version, signed with a name
    name, save, delete = st.columns([3, 1, 1], vertical_alignment="bottom")
    name.text_input("Name this view", key=MAP_VIEW_NAME, placeholder=f"View {len(views) + 1}")
    save.button("Save view", key="map_save_view", on_click=_save, args=(views, current), width="stretch")
    delete.button(
        "Delete view",
        key="map_delete_view",
        disabled=index is None,
        on_click=_delete,
        args=(views, index),
        width="stretch",
    )


def _show(views: list[SavedView], index: int) -> None:
    if 0 <= index < len(views):
        apply_view(views[index])


def _pick(views: list[SavedView]) -> None:
    chosen = st.session_state[MAP_VIEW_PICKER]
    for view in views:
        if view.name == chosen:
            apply_view(view)


def _save(views: list[SavedView], current: SavedView) -> None:
    """Save the view under the typed name (replacing a view of that name), at the end of the slides."""
    name = st.session_state.get(MAP_VIEW_NAME, "").strip() or f"View {len(views) + 1}"
    kept = [v for v in views if v.name != name]
    st.session_state[_PENDING] = ([*kept, replace(current, name=name)], f"Saved view '{name}'")
    st.session_state[MAP_VIEW_NAME] = ""


def _delete(views: list[SavedView], index: int | None) -> None:
    if index is not None:
        st.session_state[_PENDING] = (
            [v for i, v in enumerate(views) if i != index],
            f"Deleted view '{views[index].name}'",
        )
