"""History: every saved version of the open workspace, what changed between two, restore and undo."""

import pandas as pd
import streamlit as st

from mapping.markdown import escape_markdown as md
from mapping.store import StoreError
from ui.changes import show_changes, show_settings_changes
from ui.components import names_for
from ui.workspace import (
    author_input,
    require_workspace,
    save_version,
    session_service,
    show_notice,
    shown_store_text,
    undo_button,
)

PAGE = "history"

st.title("History")
active = require_workspace(PAGE, "The history")
workspace, service = active.workspace, session_service()
versions = service.history(workspace)
head = workspace.head_version
st.markdown(
    f"Every change to **{md(workspace.name)}** is a version: who saved it, when, and what it did. The pages show "
    f"version {active.version}" + (" (the latest)." if active.is_latest else f"; the latest is version {head}.")
)
show_notice(PAGE)

st.dataframe(
    pd.DataFrame(
        [
            {
                "version": v.number,
                "time": v.time_label,
                "author": shown_store_text(v.author),
                "description": shown_store_text(v.description),
                "actors": v.actor_count,
                "relationships": v.relationship_count,
            }
            for v in versions
        ]
    ),
    hide_index=True,
    width="stretch",
)
author_input()
undo_button(PAGE, active, versions[0])

st.header("What changed")
numbers = [v.number for v in versions]
col_from, col_to = st.columns(2)
# Keyed on the latest version, so a new version brings the choice back to "the last change".
before = col_from.selectbox("From version", numbers, index=min(1, len(numbers) - 1), key=f"history_from_{head}")
after = col_to.selectbox("To version", numbers, index=0, key=f"history_to_{head}")
try:
    show_changes(service.diff(workspace, before, after), names_for(active.map))
    show_settings_changes(service.settings(workspace, before), service.settings(workspace, after))
except StoreError as err:
    st.error(str(err))

st.header("Restore an earlier version")
if len(numbers) < 2:
    st.info("There is only one version so far: every change you save adds one.")
else:
    chosen = st.selectbox("Version to bring back", numbers[1:], key=f"history_restore_pick_{head}")
    st.caption("Restoring saves that version's map again as a new version: the versions after it stay in the history.")
    if st.button(f"Restore version {chosen}", key="history_restore", type="primary"):
        save_version(
            PAGE,
            active,
            lambda svc, author: svc.restore(workspace, chosen, active.version, author=author),
            f"restored version {chosen}",
        )
