"""What changed between two versions, or what an upload would change, as one table a facilitator can read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mapping.lens.brief import escape_markdown
from mapping.model import Actor, Relationship
from mapping.redact import DisplayNames, display_name
from mapping.store import MapDiff
from mapping.store.diff import TieKey
from mapping.store.settings import WorkspaceSettings, settings_changes

__all__ = ["CHANGE_COLUMNS", "changes_frame", "show_changes", "show_settings_changes"]

CHANGE_COLUMNS = ["change", "item", "field", "before", "after"]


class _Shown:
    """Actors, ties and field values as a change table may show them: with names hidden, people by role and
    free text scrubbed, never an id (ids are often names: "amina_wanjiru")."""

    def __init__(self, names: DisplayNames | None) -> None:
        self.names = names if names is not None and names.redact else None

    def actor(self, actor: Actor) -> str:
        if self.names is None:
            return f"{actor.name} ({actor.id})"
        return self.names.names.get(actor.id) or self.names.scrub(display_name(actor, True))

    def actor_id(self, actor_id: str, name: str) -> str:
        if self.names is None:
            return f"{name} ({actor_id})"
        return self.names.names.get(actor_id) or "an actor not on the open map"

    def tie(self, key: TieKey) -> str:
        source, target, kind = key
        if self.names is None:
            return f"{source} → {target} ({kind})"
        return f"{self.actor_id(source, source)} → {self.actor_id(target, target)} ({kind})"

    def text(self, value: str) -> str:
        return value if self.names is None else self.names.scrub(value)


def changes_frame(diff: MapDiff, names: DisplayNames | None = None) -> pd.DataFrame:
    """One row per actor or tie added or removed, and one per field edited (its text before and after).

    `names` follows "Hide people's names": people by role, free text scrubbed, no ids.
    """
    shown = _Shown(names)

    def tie_of(tie: Relationship) -> str:
        return shown.tie((tie.source, tie.target, tie.kind))

    rows = [("actor added", shown.actor(a), "", "", "") for a in diff.actors_added]
    rows += [("actor removed", shown.actor(a), "", "", "") for a in diff.actors_removed]
    rows += [
        (
            "actor edited",
            shown.actor_id(change.id, change.name),
            field.field,
            shown.text(field.before),
            shown.text(field.after),
        )
        for change in diff.actors_edited
        for field in change.changes
    ]
    rows += [("tie added", tie_of(t), "", "", "") for t in diff.ties_added]
    rows += [("tie removed", tie_of(t), "", "", "") for t in diff.ties_removed]
    rows += [
        ("tie edited", shown.tie(change.key), field.field, shown.text(field.before), shown.text(field.after))
        for change in diff.ties_edited
        for field in change.changes
    ]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def show_changes(diff: MapDiff, names: DisplayNames | None = None) -> None:
    """The summary line ('2 actors added, 1 edited; 3 ties added') and the table of changes."""
    if diff.is_empty:
        st.info("No differences: both hold the same actors and ties.")
        return
    st.markdown(f"**{diff.summary().capitalize()}.**")
    st.dataframe(changes_frame(diff, names), hide_index=True, width="stretch")


def show_settings_changes(before: WorkspaceSettings, after: WorkspaceSettings) -> None:
    """The saved views and settings that changed between two versions, one line each (names escaped)."""
    changes = settings_changes(before, after)
    if changes:
        st.markdown("**Saved views and settings:** " + "; ".join(escape_markdown(c) for c in changes) + ".")
