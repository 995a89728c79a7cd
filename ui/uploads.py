"""The Data page's uploader: each upload is checked once, and a new upload replaces the one before.

Streamlit's multi-file uploader keeps every file dropped on it, so correcting a file
and uploading it again used to check the old and the new together ("4 problems",
"Both actors.csv and actors.csv look like Kumu's Elements sheet"). Here:

- files with the same name: the one uploaded last counts (a corrected file replaces its
  first version);
- once an upload has loaded, the uploader is emptied (a new widget key), so the next
  upload starts afresh and replaces it; the page names the files the map came from;
- an upload that did not load keeps its files, so a missing file can be added or a
  corrected one dropped in; removing files checks the rest again, and removing them all
  clears the findings. The map that was active stays active throughout.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

import streamlit as st

from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile
from ui.bounded import import_files_bounded
from ui.state import UPLOAD_RESULT, adopt_upload
from ui.upload_store import KEPT_UPLOADS
from ui.workspace import author_input, create_workspace

__all__ = [
    "CHECKED_INPUT",
    "adopt_checked",
    "check_uploads",
    "checked_files",
    "latest_by_name",
    "offer_to_keep",
    "upload_limit_mb",
    "uploader_key",
]

LAST_UPLOAD = "last_upload_signature"  # what the last check saw, so the same files are checked once
UPLOADER_ROUND = "upload_round"  # bumped to empty the uploader after an upload loads
CHECKED_FILES = "upload_checked_files"  # the names of the files the shown findings are about
CHECKED_FILES_LOADED = "upload_checked_files_loaded"  # whether they loaded (then the uploader was emptied)
CHECKED_INPUT = "upload_checked_input"  # the files and format last checked, to read again with other kinds


def uploader_key() -> str:
    """The uploader's widget key: "upload_files", then a new one after each upload that loaded."""
    round_number = st.session_state.get(UPLOADER_ROUND, 0)
    return "upload_files" if round_number == 0 else f"upload_files_{round_number}"


CHECKS_AT_ONCE = 1
"""Uploads checked at the same time, each in its own process: on a two-core server one core stays for the pages."""


@st.cache_resource
def _check_slots() -> threading.BoundedSemaphore:
    """The server's turns for checking uploads, shared by every session (a resource of the UI, not of `mapping`)."""
    return threading.BoundedSemaphore(CHECKS_AT_ONCE)


def checked_files(files: Sequence[InputFile], chosen_format: str, kinds: KindChoices | None = None) -> LoadResult:
    """The files read and checked in a child process bounded in time and memory, one upload at a time.

    Another session's upload being checked makes this one wait its turn, with a
    spinner saying so, instead of both competing for the server.
    """
    slots = _check_slots()
    if not slots.acquire(blocking=False):
        with st.spinner("Another upload is being checked; yours is next…"):
            slots.acquire()
    try:
        return import_files_bounded(files, chosen_format or None, kinds=kinds)
    finally:
        slots.release()


def upload_limit_mb() -> int:
    """The largest file the uploader takes, in MB: the reader's own limit, so that one number governs both."""
    return max(1, int(Limits.from_env().max_file_mb))


def latest_by_name(files: Sequence[InputFile]) -> list[InputFile]:
    """One file per name, the last uploaded, in upload order.

    >>> [f.data for f in latest_by_name([InputFile("a.csv", b"1"), InputFile("b.csv", b"2"), InputFile("a.csv", b"3")])]
    [b'2', b'3']
    """
    last = {file.name: position for position, file in enumerate(files)}
    return [file for position, file in enumerate(files) if last[file.name] == position]


def check_uploads(uploads: Sequence[object], chosen_format: str) -> None:
    """Check the uploader's files when they change; empty it once they load; clear findings when none remain."""
    state = st.session_state
    files = latest_by_name([InputFile(f.name, f.getvalue()) for f in uploads])  # type: ignore[attr-defined]
    if not files:
        if state.get(LAST_UPLOAD) is not None and not state.get(CHECKED_FILES_LOADED):
            state.pop(UPLOAD_RESULT, None)  # the files were removed: so are their findings
            state.pop(CHECKED_FILES, None)
        state[LAST_UPLOAD] = None
        _show_checked()
        return
    signature = hashlib.sha256(chosen_format.encode() + b"".join(f.name.encode() + f.data for f in files)).hexdigest()
    if state.get(LAST_UPLOAD) == signature:
        _show_checked()
        return
    state[LAST_UPLOAD] = signature
    with st.spinner("Checking your files…"):
        result = checked_files(files, chosen_format)
    state[CHECKED_INPUT] = (tuple(files), chosen_format)
    adopt_checked(result)
    st.rerun()


def adopt_checked(result: LoadResult) -> None:
    """Take the result of checking the uploaded files: its map becomes the upload; once loaded, the uploader empties."""
    state = st.session_state
    adopt_upload(result)
    files, _ = state[CHECKED_INPUT]
    state[CHECKED_FILES] = [f.name for f in files]
    state[CHECKED_FILES_LOADED] = result.map is not None
    if result.map is not None:
        state[UPLOADER_ROUND] = state.get(UPLOADER_ROUND, 0) + 1  # the next upload starts afresh
        state[LAST_UPLOAD] = None


def _show_checked() -> None:
    names = st.session_state.get(CHECKED_FILES)
    if not names:
        return
    if st.session_state.get(CHECKED_FILES_LOADED):
        st.caption("Loaded from: " + ", ".join(names) + ". A new upload replaces them.")
    else:
        st.caption(
            "Checked: " + ", ".join(names) + ". Drop a corrected file with the same name to replace it, add a "
            "missing one, or remove files with ×: the findings below follow."
        )


def offer_to_keep(page: str, smap: StakeholderMap) -> None:
    """Say how long an upload lasts, and save it as a workspace in one click (named from its title by default)."""
    st.info(
        "This map is kept while the app runs: a reload of the page finds it again, but a restart of the app, or "
        f"{KEPT_UPLOADS} newer uploads, forget it. Save it as a workspace to keep it, share it and see its history."
    )
    name_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    name = name_column.text_input("Workspace name", value=smap.title, key="upload_workspace_name")
    author_input()
    if button_column.button("Save as a workspace", key="upload_save_workspace", type="primary", width="stretch"):
        create_workspace(page, name, smap, "Created from an upload")
