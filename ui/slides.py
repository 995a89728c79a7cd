"""Saved views on the Map page: keep what is on screen under a name, then step through the views like slides.

Views belong to one map (they are stored under its content hash in
`ui.state.SAVED_VIEWS`) and last for the browser session.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mapping.model import StakeholderMap
from mapping.view import SavedView
from ui.map_controls import apply_view, unnamed
from ui.state import MAP_VIEW_NAME, MAP_VIEW_PICKER, SAVED_VIEWS

__all__ = ["active_view", "save_view_controls", "saved_views", "slide_controls"]

_UNSAVED = ""


def saved_views(smap: StakeholderMap) -> list[SavedView]:
    """This map's saved views, in the order they are shown (a list kept in session state)."""
    return st.session_state.setdefault(SAVED_VIEWS, {}).setdefault(smap.content_hash(), [])


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
    name, save, delete = st.columns([3, 1, 1], vertical_alignment="bottom")
    name.text_input("Name this view", key=MAP_VIEW_NAME, placeholder=f"View {len(views) + 1}")
    save.button("Save view", key="map_save_view", on_click=_save, args=(views, current), width="stretch")
    delete.button(
        "Delete view",
        key="map_delete_view",
        disabled=index is None,
        on_click=lambda: views.pop(index) if index is not None else None,
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
    views[:] = [v for v in views if v.name != name]
    views.append(replace(current, name=name))
    st.session_state[MAP_VIEW_NAME] = ""
