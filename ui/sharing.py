"""Who may see and change a workspace: its members and their roles, set by its owners.

Shown only when someone is signed in (a shared deployment, see ui.auth). The
service enforces the roles (viewer: read; editor: change; owner: also share and
delete); this panel only calls it, so a refusal is the service's own message.
"""

from __future__ import annotations

import streamlit as st

from mapping.store import ROLES, Workspace
from ui.state import signed_in_user
from ui.workspace import after_event, attempt, session_service

__all__ = ["sharing_panel"]


def sharing_panel(page: str, workspace: Workspace) -> None:
    """The members of a workspace and, for its owners, a form to add, change or remove one."""
    if signed_in_user() is None:
        return
    service = session_service()
    members = service.members(workspace)
    with st.expander(f"Sharing ({len(members)} member{'s' if len(members) != 1 else ''})"):
        if members:
            st.dataframe([{"user": m.user, "role": m.role} for m in members], hide_index=True)
        else:
            st.caption("Nobody is a member yet: anyone signed in may open it until an owner shares it.")
        if service.role_of(workspace, signed_in_user()) not in (None, "owner") and members:
            st.caption("Only an owner can change who is a member.")
            return
        col_user, col_role, col_go = st.columns([2, 1, 1], vertical_alignment="bottom")
        user = col_user.text_input("User name", key=f"share_user_{workspace.id}")
        role = col_role.selectbox("Role", [*ROLES, "remove"], key=f"share_role_{workspace.id}")
        if col_go.button("Apply", key=f"share_apply_{workspace.id}") and user.strip():
            chosen = None if role == "remove" else role
            attempt(page, lambda: _set(workspace, user.strip(), chosen))


def _set(workspace: Workspace, user: str, role: str | None) -> str:
    session_service().set_role(workspace, user, role)
    after_event(workspace, workspace.head_version)
    return f"{user} is now {'not a member' if role is None else f'a {role}'} of '{workspace.name}'."
