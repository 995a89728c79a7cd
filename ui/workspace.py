"""The session's workspace: who saves, which workspace and version the pages show, and saving with a clear outcome.

A workspace is opened by making "workspace:<id>" the active map source (`open_workspace`);
every page then works on it through `ui.state.active_map()`, at the version this session
works on (`ui.state.workspace_version`). What the database said about it this run (its
record, the user's role) comes from the run's `ui.state.map_choice()`, read once by the
router, so the pages and the sidebar do not ask again. Every change goes through
`mapping.store`, which checks it against the data contract and against that version:
`attempt` runs one change and turns the outcome into a `Notice` the page shows after a
rerun (saved; refused with the issues; changed by someone else, with a Reload button; not
allowed; database unavailable; a name needed first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from mapping.issues import ValidationIssue
from mapping.lens.brief import escape_markdown as md
from mapping.model import StakeholderMap
from mapping.store import (
    ConflictError,
    EditRejected,
    StoreError,
    StoreUnavailable,
    UploadPreview,
    VersionInfo,
    Workspace,
    WorkspaceService,
    diff_maps,
)
from mapping.store.config import backend_label, display_url
from mapping.store.settings import WorkspaceSettings
from ui.auth import auth_mode
from ui.components import issues_frame, names_for
from ui.state import (
    ACTIVE_MAP_SOURCE,
    AUTHOR,
    DELETE_PENDING,
    UPLOAD_PREVIEW,
    WORKSPACE_NOTICE,
    MapChoice,
    active_map,
    active_workspace_id,
    map_choice,
    open_version,
    redact_names,
    set_open_version,
    signed_in_user,
    workspace_source,
    workspace_version,
)
from ui.store import configured_url, workspace_service

__all__ = [
    "ActiveWorkspace",
    "Notice",
    "UploadPlan",
    "active_workspace",
    "after_event",
    "attempt",
    "author_input",
    "author_prompt",
    "create_workspace",
    "database_caption",
    "edit_key",
    "open_workspace",
    "reload_workspace",
    "require_workspace",
    "save_edit",
    "save_settings_version",
    "save_version",
    "session_service",
    "show_notice",
    "shown_store_text",
    "unavailable_message",
    "undo_button",
    "workspace_status",
]

NoticeKind = Literal["success", "info", "refused", "conflict", "error"]
_AUTHOR_WIDGET = f"_widget_{AUTHOR}"


@dataclass(frozen=True)
class Notice:
    """The outcome of a workspace action, shown once on the page that ran it (a conflict stays until reloaded)."""

    kind: NoticeKind
    message: str
    issues: tuple[ValidationIssue, ...] = ()


@dataclass(frozen=True)
class ActiveWorkspace:
    """The workspace that is the active map: its record now, the version this session works on, that map."""

    workspace: Workspace
    version: int
    map: StakeholderMap
    role: str | None

    @property
    def is_latest(self) -> bool:
        return self.version == self.workspace.head_version


@dataclass(frozen=True)
class UploadPlan:
    """A preview of bringing an upload into a workspace, with the upload it was made for."""

    upload_hash: str
    preview: UploadPreview

    def is_for(self, upload_hash: str, active: ActiveWorkspace, mode: str) -> bool:
        """True if it previews this upload, in this mode, on the version of the workspace on screen."""
        made_for = (self.upload_hash, self.preview.workspace_id, self.preview.mode, self.preview.base_version)
        return made_for == (upload_hash, active.workspace.id, mode, active.version)


def session_service() -> WorkspaceService:
    """The workspace service acting as the signed-in user (single-user mode when nobody is)."""
    return workspace_service(signed_in_user())


def active_workspace() -> ActiveWorkspace | None:
    """The active workspace as this run's map choice lists it, or None when the active map is a sample or an upload.

    The record and the role come from the run's one list of workspaces: no further query.
    """
    summary = map_choice().workspace
    if summary is None:
        return None
    workspace = summary.workspace
    return ActiveWorkspace(workspace, workspace_version(workspace), active_map(), summary.role)


def edit_key(name: str, active: ActiveWorkspace) -> str:
    """A widget key tied to the workspace's version: a new version starts its forms and tables afresh."""
    return f"{name}_{active.workspace.id}_v{active.version}"


def unavailable_message(err: StoreError) -> None:
    """Say that workspaces cannot be used now, why, and what still works."""
    st.warning(
        f"**Workspaces are not available right now.** {err}\n\n"
        "You can still explore the sample maps and upload a map on the Data page, but nothing is saved until "
        "the database is back. Saved workspaces are not lost: they come back when it is."
    )


def require_workspace(page: str, task: str) -> ActiveWorkspace:
    """The active workspace; otherwise explain why there is none, offer to create one, and stop the page.

    `page` names the page for its notices; `task` says what needs a workspace ("Editing").
    """
    store_error = map_choice().store_error
    if store_error is not None:  # says first whether workspaces can be used at all
        unavailable_message(store_error)
        st.stop()
    active = active_workspace()
    if active is None:
        smap = active_map()
        show_notice(page)
        st.info(
            f"**{task} works on a workspace**: a map saved in the database, where every change is a version. "
            f"Open one on the Home page, or save the active map (**{smap.title}**) as a new workspace here."
        )
        name = st.text_input("Name of the new workspace", value=smap.title, key="ws_save_as_name")
        author_input()
        if st.button("Save as a new workspace", key="ws_save_as", type="primary"):
            create_workspace(page, name, smap, f"Created from '{smap.title}'")
        st.stop()
    if active.role == "viewer":
        st.info(
            "You are a **viewer** of this workspace: you can look at it and its history; saving needs the editor role."
        )
    return active


def author_input() -> str:
    """The name that signs every version saved in this session: typed once, kept in session state."""
    st.session_state[_AUTHOR_WIDGET] = st.session_state.get(AUTHOR, "")

    def remember() -> None:
        st.session_state[AUTHOR] = " ".join(st.session_state[_AUTHOR_WIDGET].split())

    return st.text_input(
        "Your name (recorded with every change you save)",
        key=_AUTHOR_WIDGET,
        on_change=remember,
        placeholder="e.g. Jo, facilitator",
        help="Typed once per session. The history shows who made each change, and someone saving at the same "
        "time sees your name in the conflict message.",
    )


def author_prompt(where: str) -> None:
    """A "Your name" box beside a save button elsewhere than the pages that have one, shown only until the
    session has a name. Each place has its own widget key (`where`), so two on one page never clash."""
    if st.session_state.get(AUTHOR):
        return
    key = f"_author_{where}"

    def remember() -> None:
        st.session_state[AUTHOR] = " ".join(st.session_state[key].split())

    st.text_input(
        "Your name (recorded with every change you save)",
        key=key,
        on_change=remember,
        placeholder="e.g. Jo, facilitator",
        help="Typed once per session: the history shows who made each change.",
    )


def attempt(page: str, action: Callable[[], Notice | str]) -> None:
    """Run one change through the store and rerun; its message, or the store's refusal, is the page's notice.

    The rerun ends the script run here, so the page is drawn again with the change (or
    the refusal) in place; nothing after the call runs.
    """
    try:
        outcome = action()
        # A message as text holds workspace names, authors and descriptions: user data, shown as text.
        notice = outcome if isinstance(outcome, Notice) else Notice("success", md(outcome))
    except EditRejected as err:
        notice = Notice(
            "refused",
            "This change was refused, so nothing was changed: the problems are listed below. Fix them and try again.",
            err.issues,
        )
    except ConflictError as err:
        notice = Notice("conflict", md(str(err)))
    except StoreError as err:
        notice = Notice("error", md(str(err)))
    st.session_state[WORKSPACE_NOTICE] = (page, notice)
    st.rerun()


def show_notice(page: str) -> None:
    """The outcome of the last action taken on this page, if any.

    Always takes one slot on the page, shown or not, so that the elements below keep
    their place between reruns (the browser would otherwise reset their state, such as
    the open tab).
    """
    area = st.container()
    entry = st.session_state.get(WORKSPACE_NOTICE)
    if not entry or entry[0] != page:
        return
    notice: Notice = entry[1]
    if notice.kind != "conflict":
        del st.session_state[WORKSPACE_NOTICE]
    if notice.kind in ("success", "info"):
        (area.success if notice.kind == "success" else area.info)(notice.message)
        return
    area.error(notice.message)
    if notice.issues:
        area.dataframe(issues_frame(notice.issues), hide_index=True, width="stretch")
    workspace_id = active_workspace_id()
    if notice.kind == "conflict" and workspace_id is not None:
        area.button(
            "Reload the latest version",
            key="workspace_reload",
            type="primary",
            on_click=reload_workspace,
            args=(workspace_id,),
            help="Shows what was saved meanwhile. Then make your change again.",
        )


_NAME_FIRST = Notice("error", "Type your name in **Your name** first: every saved version records who made it.")


def _signing_author() -> str | None:
    """The name that signs this session's saves, or None until the user has typed one."""
    return st.session_state.get(AUTHOR) or None


def _attempt_signed(page: str, action: Callable[[str], Notice | str]) -> None:
    """`attempt` a change signed with the author's name; without a name nothing is tried and the notice asks for one.

    The check gives `attempt` an outcome rather than ending the run itself, so the one
    place that reruns after an action stays `attempt`.
    """
    author = _signing_author()
    if author is None:
        attempt(page, lambda: _NAME_FIRST)
    else:
        attempt(page, lambda: action(author))


def save_version(page: str, active: ActiveWorkspace, make: Callable[[WorkspaceService, str], int], what: str) -> None:
    """Create a version with `make(service, author)` (restore, undo, upload); the session moves to it."""
    _attempt_signed(page, lambda author: _moved_to(active, make(session_service(), author), what))


def save_settings_version(page: str, active: ActiveWorkspace, settings: WorkspaceSettings, what: str) -> None:
    """Save the workspace's settings (saved views, plan, us and target...) as a new version with the same map."""
    save_version(
        page,
        active,
        lambda service, author: service.save_settings(active.workspace.id, settings, active.version, author, what),
        what,
    )


def save_edit(
    page: str, active: ActiveWorkspace, edit: Callable[[StakeholderMap], StakeholderMap], what: str | None = None
) -> None:
    """Apply an edit (a `mapping.store` edit function) to the version on screen and save the result as a new version.

    `what` describes the change in the history; None describes it by what changed
    ("Table edit: 1 actor edited; 2 ties added"). An edit that changes nothing saves nothing.
    """

    def action(author: str) -> Notice | str:
        edited = edit(active.map)
        changes = diff_maps(active.map, edited)
        if changes.is_empty:
            return Notice("info", "Nothing changed, so no new version was saved.")
        description = what or f"Table edit: {changes.summary()}"
        service = session_service()
        number = service.save(active.workspace.id, edited, active.version, author=author, description=description)
        return _moved_to(active, number, description)

    _attempt_signed(page, action)


def _moved_to(active: ActiveWorkspace, number: int, what: str) -> str:
    set_open_version(active.workspace.id, number)
    st.session_state.pop(UPLOAD_PREVIEW, None)
    return f"Saved version {number} of '{active.workspace.name}': {what}."


def undo_button(page: str, active: ActiveWorkspace, last: VersionInfo | None = None) -> None:
    """One click undoes the last change (it saves the version before it again, as a new version)."""
    said = (
        f": '{shown_store_text(last.description)}' by {shown_store_text(last.author or 'someone')}"
        if last and last.number == active.version
        else ""
    )
    detail = md(said)  # a button label is Markdown: a description or name must not become a link or an image
    if st.button(
        f"Undo the last change (version {active.version}{detail})",
        key="workspace_undo",
        icon=":material/undo:",
        disabled=active.version <= 1,
        help="Brings back the version before it. Undo adds a version, so nothing is lost: undo again to redo.",
    ):
        save_version(
            page,
            active,
            lambda service, author: service.undo(active.workspace.id, active.version, author=author),
            f"undid version {active.version}",
        )


def open_workspace(workspace: Workspace) -> None:
    """Make the workspace the active map of every page, at its latest version."""
    st.session_state[ACTIVE_MAP_SOURCE] = workspace_source(workspace.id)
    set_open_version(workspace.id, workspace.head_version)
    st.session_state.pop(UPLOAD_PREVIEW, None)
    st.session_state.pop(DELETE_PENDING, None)


def after_event(workspace: Workspace, was_head: int) -> None:
    """After this session renamed or shared a workspace (a version of its own), stay on the latest version if the
    session was on the one before: the map did not change, so there is nothing to reload."""
    if open_version(workspace.id) == was_head:
        reload_workspace(workspace.id)


def reload_workspace(workspace_id: int) -> None:
    """Move the session to the workspace's latest version (after a conflict, or someone else's save)."""
    try:
        head = session_service().get(workspace_id).head_version
    except StoreError:
        return
    set_open_version(workspace_id, head)
    st.session_state.pop(WORKSPACE_NOTICE, None)
    st.session_state.pop(UPLOAD_PREVIEW, None)


def shown_store_text(text: str) -> str:
    """A description or author from the store as it may be shown: with names hidden, the open map's people by role.

    Descriptions are written by editors ("Deleted tie Baraka Kiptoo → Amina Wanjiru")
    and stored as written; they are scrubbed when shown, with the names of the map open
    in this session.
    """
    if not redact_names():
        return text
    return names_for(active_map()).scrub(text)


def create_workspace(page: str, name: str, smap: StakeholderMap | None, description: str) -> None:
    """Save a new workspace (version 1 holds `smap`, or an empty map) and open it."""

    def action(author: str) -> str:
        workspace = session_service().create(name, smap, author=author, description=description)
        open_workspace(workspace)
        return f"Created '{workspace.name}' and opened it: every page now works on it, and every change is saved."

    _attempt_signed(page, action)


def workspace_status() -> None:
    """In the sidebar: the version of the open workspace the pages show, and a Reload button if a newer one exists.

    When the workspace the user opened cannot be shown (database out of reach, workspace
    deleted or no longer shared), it says so: the pages then show a sample map.
    """
    choice = map_choice()
    if choice.workspace is None:
        if choice.workspace_missing:
            _explain_missing_workspace(choice)
        return
    workspace = choice.workspace.workspace
    version = workspace_version(workspace)
    if version == workspace.head_version:
        st.sidebar.caption(f"Saved in the database: version {version}, the latest.")
        return
    st.sidebar.warning(f"You are looking at version {version}; version {workspace.head_version} was saved since.")
    st.sidebar.button(
        "Reload the latest version", key="sidebar_reload", on_click=reload_workspace, args=(workspace.id,)
    )


def _explain_missing_workspace(choice: MapChoice) -> None:
    if isinstance(choice.store_error, StoreUnavailable):
        st.sidebar.warning(
            "The database cannot be reached, so your workspace is not shown: the pages show a sample map until it "
            "is back. Nothing saved is lost."
        )
        return
    st.sidebar.warning("The workspace you opened was deleted or is no longer shared with you; choose another map.")


def database_caption() -> str:
    """Where workspaces are saved, for the Home page: the file or server on one's own machine, only the kind once
    sign-in is configured (every signed-in user reads Home; where the data lives is for whoever runs the server)."""
    url = configured_url()
    return display_url(url) if auth_mode() == "single" else backend_label(url)
