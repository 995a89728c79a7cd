"""Actors dragged on the Map page stay where they were dropped: in the workspace's history, or for the session.

With a workspace open, a drop saves a new version whose actors carry `map_x` and
`map_y` (`mapping.store.edits.pin_actors`), so the place is shared, undoable and in
every export. A sample or an upload cannot be changed, so there the places last for
the browser session (kept per map content) until the map is saved as a workspace.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from mapping.model import StakeholderMap
from mapping.store.edits import pin_actors
from mapping.view import DisplayNames
from ui.state import MAP_PINS
from ui.workspace import active_workspace, save_edit

__all__ = ["keep_moves", "session_moves", "unpin"]

Position = tuple[float, float]


def keep_moves(page: str, smap: StakeholderMap, moves: Mapping[str, Position], names: DisplayNames) -> None:
    """Pin the actors where they were dropped: a new workspace version (the run ends), else for the session."""
    if not moves:
        return
    active = active_workspace()
    if active is not None:
        who = ", ".join(names.of(actor_id) for actor_id in sorted(moves))
        save_edit(page, active, lambda m: pin_actors(m, dict(moves)), f"Moved {who} on the map")
        return
    st.session_state.setdefault(MAP_PINS, {}).setdefault(smap.content_hash(), {}).update(moves)


def session_moves(smap: StakeholderMap) -> dict[str, Position]:
    """The actors placed by hand on this map in this session (no workspace to keep them in)."""
    return dict(st.session_state.get(MAP_PINS, {}).get(smap.content_hash(), {}))


def unpin(page: str, smap: StakeholderMap, actor_id: str, names: DisplayNames) -> None:
    """Let the layout place the actor again."""
    st.session_state.get(MAP_PINS, {}).get(smap.content_hash(), {}).pop(actor_id, None)
    active = active_workspace()
    if active is not None and smap.actor(actor_id).pinned is not None:
        save_edit(page, active, lambda m: pin_actors(m, {actor_id: None}), f"Unpinned {names.of(actor_id)}")
