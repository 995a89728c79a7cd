"""Data: upload a map (ours or another tool's), see every problem, bring it into a workspace, download it."""

import streamlit as st

from mapping.dictionary import data_dictionary_markdown, template_files
from mapping.export import frame_csv_bytes
from mapping.formats import IMPORT_FORMATS
from mapping.markdown import escape_markdown as md
from ui.changes import show_changes
from ui.components import ISSUE_COLUMNS, issues_frame, map_preview, names_for
from ui.downloads import map_downloads
from ui.kind_choices import kinds_panel
from ui.state import (
    UPLOAD_PREVIEW,
    UPLOAD_RESULT,
    UPLOADED_MAP,
    active_map,
    active_workspace_id,
)
from ui.uploads import check_uploads, offer_to_keep, upload_limit_mb, uploader_key
from ui.workspace import (
    Notice,
    UploadPlan,
    active_workspace,
    attempt,
    author_input,
    reload_workspace,
    save_version,
    session_service,
    show_notice,
)

PAGE = "data"
KEEP_PAGE = "data_keep"  # the notice of saving an upload as a workspace
UPLOAD_MODES = {
    "merge": "Merge: add new actors and ties, update the ones that match (nothing is removed)",
    "replace": "Replace: the workspace's map becomes the uploaded map",
}

st.title("Data")
st.markdown(
    "Upload **actors** and **relationships** as two CSV files, or as one Excel workbook with sheets "
    "named `Actors` and `Relationships` — or a file from Kumu, Gephi (GEXF), yEd or Cytoscape (GraphML), "
    "OpenSanctions or Aleph (FollowTheMoney JSON lines), or networkx (node-link JSON). Every problem is listed "
    "with its file, row and column; if anything is wrong, nothing is loaded and your current map stays as it was."
)

col_files, col_format = st.columns([3, 1])
uploads = col_files.file_uploader(
    "Your map files",
    type=["csv", "tsv", "txt", "xlsx", "json", "jsonl", "ndjson", "ijson", "ftm", "gexf", "graphml", "xml"],
    accept_multiple_files=True,
    key=uploader_key(),
    max_upload_size=upload_limit_mb(),
    help=f"Up to {upload_limit_mb()} MB per file: a larger file is left out, with a note under its name. A new "
    "upload replaces the one before. A file with the same name as one already here replaces it.",
)
chosen_format = col_format.selectbox(
    "Format",
    ["", *IMPORT_FORMATS],
    format_func=lambda key: IMPORT_FORMATS.get(key, "Recognise it from the files"),
    key="upload_format",
)
check_uploads(uploads or [], chosen_format)
show_notice(KEEP_PAGE)
result = st.session_state.get(UPLOAD_RESULT)
if result is not None:
    if result.map is not None:
        counts = f"{len(result.map)} actors and {len(result.map.relationships)} relationships"
        loaded = f"Loaded **{result.map.title}**: {counts}."
        if active_workspace_id() is None:
            st.success(f"{loaded} It is now the active map (see the sidebar).")
            offer_to_keep(KEEP_PAGE, result.map)
        else:
            st.success(
                f"{loaded} The open workspace stays the active map: bring the upload into it below, or choose "
                "**Your map** in the sidebar to look at it on its own."
            )
        map_preview(result.map, height_px=380)
    else:
        st.error(
            f"{len(result.errors)} problem(s) stop this upload from loading. Nothing was changed: the active "
            f"map is still **{active_map().title}**. Fix the rows below and upload again."
        )
    kinds_panel(result)
    if result.issues:
        report = issues_frame(result.issues)
        st.dataframe(report, hide_index=True, width="stretch", column_config=ISSUE_COLUMNS)
        st.download_button("Download this report (CSV)", frame_csv_bytes(report), "validation_report.csv")

uploaded = st.session_state.get(UPLOADED_MAP)
active = active_workspace()
if uploaded is not None and active is not None and uploaded.content_hash() != active.map.content_hash():
    st.header(f"Bring your map into '{md(active.workspace.name)}'")
    st.markdown(
        f"Your uploaded map **{md(uploaded.title)}** can be merged into the workspace or replace its map, as one new "
        "version (undo brings the workspace back). Actors are matched by id, then by name (ignoring case, accents "
        "and spacing); ties by source, target and kind. Preview the changes first; nothing is saved until **Apply**."
    )
    show_notice(PAGE)
    mode = st.radio("How", list(UPLOAD_MODES), format_func=UPLOAD_MODES.__getitem__, key="upload_mode")
    plan = st.session_state.get(UPLOAD_PREVIEW)
    upload_hash = uploaded.content_hash()
    if plan is not None and plan.is_for(upload_hash, active, mode):
        preview = plan.preview
        st.subheader(f"What {mode} would change in version {preview.base_version}")
        show_changes(preview.changes, names_for(active.map))
        author_input()
        if st.button("Apply", key="upload_apply", type="primary", disabled=preview.changes.is_empty):
            save_version(
                PAGE,
                active,
                lambda service, author: service.apply_upload(preview, author=author),
                preview.description(),
            )
    elif not active.is_latest:
        st.warning(
            f"You are looking at version {active.version}; version {active.workspace.head_version} was saved since. "
            "Reload it before bringing your map in."
        )
        st.button(
            "Reload the latest version", key="upload_reload", on_click=reload_workspace, args=(active.workspace.id,)
        )
    elif st.button("Preview the changes", key="upload_preview_button", type="primary"):

        def make_preview() -> Notice:
            preview = session_service().preview_upload(active.workspace.id, uploaded, mode)
            st.session_state[UPLOAD_PREVIEW] = UploadPlan(upload_hash, preview)
            return Notice("info", f"Preview against version {preview.base_version}: nothing is saved until Apply.")

        attempt(PAGE, make_preview)

st.header("Templates and data dictionary")
st.markdown("Start from a blank template; the data dictionary lists every column and allowed value.")
template_columns = st.columns(4)
for column, (name, data) in zip(template_columns, template_files().items(), strict=True):
    column.download_button(name, data, file_name=name, key=f"template_{name}")
with st.expander("Read the data dictionary here"):
    st.markdown(data_dictionary_markdown())

st.header("Download the active map")
smap = active_map()
map_downloads(smap)
