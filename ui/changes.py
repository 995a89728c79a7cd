"""What changed between two versions, or what an upload would change, as one table a facilitator can read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.lens.brief import escape_markdown
from mapping.model import Actor, Relationship
from mapping.store import MapDiff
from mapping.store.diff import TieKey
from mapping.store.settings import WorkspaceSettings, settings_changes

__all__ = ["CHANGE_COLUMNS", "changes_frame", "show_changes", "show_settings_changes"]

CHANGE_COLUMNS = ["change", "item", "field", "before", "after"]


def _actor(actor: Actor) -> str:
    return f"{actor.name} ({actor.id})"


def _tie(key: TieKey) -> str:
    source, target, kind = key
    return f"{source} → {target} ({kind})"


def _tie_of(tie: Relationship) -> str:
    return _tie((tie.source, tie.target, tie.kind))


def changes_frame(diff: MapDiff) -> pd.DataFrame:
    """One row per actor or tie added or removed, and one per field edited (its text before and after)."""
    rows = [("actor added", _actor(a), "", "", "") for a in diff.actors_added]
    rows += [("actor removed", _actor(a), "", "", "") for a in diff.actors_removed]
    rows += [
        ("actor edited", f"{change.name} ({change.id})", field.field, field.before, field.after)
        for change in diff.actors_edited
        for field in change.changes
    ]
    rows += [("tie added", _tie_of(t), "", "", "") for t in diff.ties_added]
    rows += [("tie removed", _tie_of(t), "", "", "") for t in diff.ties_removed]
    rows += [
        ("tie edited", _tie(change.key), field.field, field.before, field.after)
        for change in diff.ties_edited
        for field in change.changes
    ]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def show_changes(diff: MapDiff) -> None:
    """The summary line ('2 actors added, 1 edited; 3 ties added') and the table of changes."""
    if diff.is_empty:
        st.info("No differences: both hold the same actors and ties.")
        return
    st.markdown(f"**{diff.summary().capitalize()}.**")
    st.dataframe(changes_frame(diff), hide_index=True, width="stretch")


def show_settings_changes(before: WorkspaceSettings, after: WorkspaceSettings) -> None:
    """The saved views and settings that changed between two versions, one line each (names escaped)."""
    changes = settings_changes(before, after)
    if changes:
        st.markdown("**Saved views and settings:** " + "; ".join(escape_markdown(c) for c in changes) + ".")
