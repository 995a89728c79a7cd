"""The Home page's workspaces: the list with Open buttons, a new workspace, and rename, duplicate, download, delete."""

from __future__ import annotations

import streamlit as st

from mapping.formats import export_files
from mapping.lens.brief import escape_markdown as md
from mapping.model import StakeholderMap
from mapping.store import StoreError, Workspace, WorkspaceSummary
from mapping.store.service import RESTORABLE_DAYS
from ui.downloads import file_slug, redaction_notice
from ui.sharing import sharing_panel
from ui.state import (
    ACTIVE_MAP_SOURCE,
    DELETE_PENDING,
    UPLOADED_MAP,
    active_workspace_id,
    map_choice,
    map_sources,
    redact_names,
    sample_map,
)
from ui.store import version_map
from ui.workspace import (
    after_event,
    attempt,
    author_input,
    create_workspace,
    database_caption,
    open_workspace,
    session_service,
    show_notice,
    shown_store_text,
    unavailable_message,
)

__all__ = ["workspace_list"]

_EMPTY = "empty"


def workspace_list(page: str) -> None:
    """Every workspace the user may see, with its size and last change, and what can be done with them.

    The list is the one the router read at the start of this run (`map_choice`): an action
    on it reruns the app, which reads it afresh.
    """
    st.header("Workspaces")
    show_notice(page)
    choice = map_choice()
    if choice.store_error is not None:
        unavailable_message(choice.store_error)
        return
    summaries = list(choice.workspaces)
    st.caption(
        f"Named maps saved in the database ({database_caption()}); every change is a version you can go back to."
    )
    if not summaries:
        st.info("No workspace yet. Create one below from a sample, your uploaded map, or an empty map.")
    for summary in summaries:
        _row(summary)
    with st.expander("New workspace", expanded=not summaries):
        _create(page)
    if summaries:
        with st.expander("Rename, duplicate, download or delete a workspace"):
            _manage(page, summaries)
    _deleted(page)


def _row(summary: WorkspaceSummary) -> None:
    last = summary.last_change
    is_open = active_workspace_id() == summary.workspace.id
    col_text, col_open = st.columns([5, 1], vertical_alignment="center")
    if redact_names() and not is_open:  # its map is not loaded here to scrub its description: say nothing of it
        change = f"last change {last.time_label} (who and what hidden with people's names; open it to see)"
    else:
        author, description = shown_store_text(last.author or "someone"), shown_store_text(last.description)
        change = f"last change {last.time_label} by {md(author)}: {md(description)}"
    col_text.markdown(
        f"**{md(summary.name)}**{' · open' if is_open else ''}  \n"
        f"{summary.actor_count} actors · {summary.relationship_count} written ties · version {last.number} · {change}"
    )
    if col_open.button("Open", key=f"ws_open_{summary.workspace.id}", disabled=is_open, width="stretch"):
        open_workspace(summary.workspace)
        st.rerun()


def _starting_maps() -> dict[str, str]:
    """What a new workspace can start from: {source: label}; samples, the uploaded map, or nothing."""
    sources = {key: label for key, label in map_sources().items() if key.startswith("sample:") or key == "upload"}
    return {**sources, _EMPTY: "An empty map"}


def _starting_map(source: str) -> StakeholderMap | None:
    if source == _EMPTY:
        return None
    if source == "upload":
        return st.session_state[UPLOADED_MAP]
    return sample_map(source.removeprefix("sample:"))


def _create(page: str) -> None:
    starts = _starting_maps()
    source = st.selectbox("Start from", list(starts), format_func=starts.__getitem__, key="ws_new_from")
    name = st.text_input("Name", key="ws_new_name", placeholder="e.g. Kenya workshop, May 2026")
    author_input()
    if st.button("Create the workspace", key="ws_create", type="primary"):
        smap = _starting_map(source)
        what = "Created empty" if smap is None else f"Created from '{starts[source].split(': ', 1)[-1]}'"
        create_workspace(page, name, smap, what)


def _manage(page: str, summaries: list[WorkspaceSummary]) -> None:
    by_id = {s.workspace.id: s for s in summaries}
    active_id = active_workspace_id()
    ids = list(by_id)
    chosen = st.selectbox(
        "Workspace",
        ids,
        index=ids.index(active_id) if active_id in by_id else 0,
        format_func=lambda i: by_id[i].name,
        key="ws_manage",
    )
    workspace = by_id[chosen].workspace

    col_rename, col_copy = st.columns(2)
    new_name = col_rename.text_input("New name", value=workspace.name, key=f"ws_rename_name_{chosen}")
    if col_rename.button("Rename", key="ws_rename"):
        attempt(page, lambda: _rename(workspace, new_name))
    copy_name = col_copy.text_input("Name of the copy", value=f"{workspace.name} (copy)", key=f"ws_copy_name_{chosen}")
    if col_copy.button("Duplicate", key="ws_copy"):
        attempt(page, lambda: f"Copied to '{session_service().duplicate(workspace, copy_name).name}' (version 1).")

    _downloads(workspace)
    sharing_panel(page, workspace)

    if st.session_state.get(DELETE_PENDING) != chosen:
        if st.button("Delete this workspace…", key="ws_delete"):
            st.session_state[DELETE_PENDING] = chosen
            st.rerun()
        return
    st.warning(
        f"Delete **{workspace.name}** and its {workspace.head_version} version(s)? It disappears from every list and "
        "cannot be opened again from the app (the database keeps its rows)."
    )
    col_yes, col_no = st.columns(2)
    if col_yes.button("Yes, delete it", key="ws_delete_confirm", type="primary"):
        st.session_state.pop(DELETE_PENDING, None)
        was_open = active_id == workspace.id
        attempt(page, lambda: _delete(workspace, was_open))
    if col_no.button("Cancel", key="ws_delete_cancel"):
        st.session_state.pop(DELETE_PENDING, None)
        st.rerun()


def _downloads(workspace: Workspace) -> None:
    """The latest version's files, redacted when names are hidden, with what to check before sharing them."""
    st.markdown("**Download the latest version**" + (" (people by role: names hidden)" if redact_names() else ""))
    service = session_service()  # the files are made on another thread, which has no session
    hide_names = redact_names()
    title = workspace.name
    if hide_names:  # what to check before sharing is shown before the buttons, so the version is read now
        try:
            title = redaction_notice(version_map(service, workspace, workspace.head_version))
        except StoreError as err:
            st.error(f"The latest version cannot be read, so it cannot be checked for names: {err}")
            return
    slug = file_slug(title, "workspace")

    def part(export_format: str, name: str | None = None) -> bytes:
        return export_files(service.export(workspace.id), export_format, redact=hide_names).file(name)

    col_actors, col_ties, col_book = st.columns(3)
    # The files are made when a button is pressed, not at every rerun.
    col_actors.download_button("actors.csv", lambda: part("csv", "actors.csv"), f"{slug}_actors.csv", on_click="ignore")
    col_ties.download_button(
        "relationships.csv", lambda: part("csv", "relationships.csv"), f"{slug}_relationships.csv", on_click="ignore"
    )
    col_book.download_button("Workbook (.xlsx)", lambda: part("xlsx"), f"{slug}.xlsx", on_click="ignore")


def _deleted(page: str) -> None:
    """The workspaces this user deleted (or owns and someone deleted) in the last days, each with Restore."""
    try:
        deleted = session_service().deleted_workspaces()
    except StoreError:
        return
    if not deleted:
        return
    with st.expander(f"Deleted workspaces ({len(deleted)}; restorable for {RESTORABLE_DAYS} days)"):
        for workspace in deleted:
            col_text, col_button = st.columns([5, 1], vertical_alignment="center")
            when = workspace.updated_at.strftime("%Y-%m-%d %H:%M UTC")  # the deletion is its last change
            col_text.markdown(f"**{md(workspace.name)}**, deleted {when}")
            if col_button.button("Restore", key=f"ws_undelete_{workspace.id}", width="stretch"):
                attempt(page, lambda w=workspace: f"Restored '{session_service().undelete(w.id).name}'.")


def _rename(workspace: Workspace, new_name: str) -> str:
    renamed = session_service().rename(workspace, new_name)
    after_event(workspace, workspace.head_version)
    return f"Renamed to '{renamed.name}'."


def _delete(workspace: Workspace, was_open: bool) -> str:
    """Delete the workspace as the user saw it listed: if someone saved since, nothing is deleted (ConflictError)."""
    session_service().delete(workspace.id, expected_version=workspace.head_version)
    name = workspace.name
    restore = f" Its owners can restore it for {RESTORABLE_DAYS} days (Deleted workspaces, below)."
    if not was_open:
        return f"Deleted '{name}'.{restore}"
    st.session_state.pop(ACTIVE_MAP_SOURCE, None)
    return f"Deleted '{name}'. The pages are back on the sample map.{restore}"
