"""The engagement plan of the open workspace: read from its version, saved as a new one on request.

The plan table is edited freely (every keystroke would be a version otherwise); the
button "Save the plan in the workspace" saves the edited rows as a new version with the
same map ("Saved the engagement plan: 3 rows"), which every member then sees and History,
undo and restore cover (`mapping.store.settings`). Without a workspace the plan lasts for
the session, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from mapping.lens.plan import PlanItem
from mapping.markdown import escape_markdown as md
from ui.store import version_settings
from ui.workspace import ActiveWorkspace, active_workspace, author_input, save_settings_version, session_service

__all__ = ["plan_save_button", "stored_plan"]


def stored_plan() -> tuple[ActiveWorkspace | None, list[PlanItem] | None]:
    """The open workspace and its version's plan; (None, None) on a sample or an upload."""
    active = active_workspace()
    if active is None:
        return None, None
    return active, list(version_settings(session_service(), active.workspace, active.version).plan)


def plan_save_button(page: str, active: ActiveWorkspace, stored: Sequence[PlanItem], items: Sequence[PlanItem]) -> None:
    """Save the edited plan as a new version of the workspace, when it differs from the stored one."""
    changed = list(items) != list(stored)
    author_input()
    what = f"Saved the engagement plan: {len(items)} row{'s' if len(items) != 1 else ''}"
    if st.button(
        "Save the plan in the workspace",
        key="plan_save_workspace",
        type="primary",
        disabled=not changed,
        help="Every member sees the saved plan; History, undo and restore cover it.",
    ):
        settings = version_settings(session_service(), active.workspace, active.version)
        save_settings_version(page, active, replace(settings, plan=tuple(items)), what)
    if not changed:
        st.caption(f"The plan is saved in '{md(active.workspace.name)}', version {active.version}.")
