"""Data: upload a map (ours or another tool's), see every problem, download templates and exports."""

import hashlib

import streamlit as st

from mapping.dictionary import data_dictionary_markdown, template_files
from mapping.export import actor_rows, csv_bytes, frame_csv_bytes, relationship_rows, workbook_bytes
from mapping.formats import EXPORT_FORMATS, EXPORT_SUFFIXES, IMPORT_FORMATS, export_map, import_files
from mapping.read import InputFile
from ui.components import issues_frame, map_preview
from ui.state import UPLOAD_RESULT, active_map, adopt_upload

LAST_UPLOAD = "last_upload_signature"

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
    type=["csv", "tsv", "txt", "xlsx", "json", "jsonl", "ndjson", "ftm", "gexf", "graphml", "xml"],
    accept_multiple_files=True,
    key="upload_files",
)
chosen_format = col_format.selectbox(
    "Format",
    ["", *IMPORT_FORMATS],
    format_func=lambda key: IMPORT_FORMATS.get(key, "Recognise it from the files"),
    key="upload_format",
)
if uploads:
    files = [InputFile(f.name, f.getvalue()) for f in uploads]
    signature = hashlib.sha256(chosen_format.encode() + b"".join(f.name.encode() + f.data for f in files)).hexdigest()
    if st.session_state.get(LAST_UPLOAD) != signature:
        st.session_state[LAST_UPLOAD] = signature
        with st.spinner("Checking your files…"):
            adopt_upload(import_files(files, chosen_format or None))
        st.rerun()

result = st.session_state.get(UPLOAD_RESULT)
if result is not None:
    if result.map is not None:
        st.success(
            f"Loaded **{result.map.title}**: {len(result.map)} actors and {len(result.map.relationships)} "
            "relationships. It is now the active map (see the sidebar)."
        )
        map_preview(result.map, height_px=380)
    else:
        st.error(
            f"{len(result.errors)} problem(s) stop this upload from loading. Nothing was changed: the active "
            f"map is still **{active_map().title}**. Fix the rows below and upload again."
        )
    if result.issues:
        report = issues_frame(result.issues)
        st.dataframe(report, hide_index=True, width="stretch")
        st.download_button("Download this report (CSV)", frame_csv_bytes(report), "validation_report.csv")

st.header("Templates and data dictionary")
st.markdown("Start from a blank template; the data dictionary lists every column and allowed value.")
template_columns = st.columns(4)
for column, (name, data) in zip(template_columns, template_files().items(), strict=True):
    column.download_button(name, data, file_name=name, key=f"template_{name}")
with st.expander("Read the data dictionary here"):
    st.markdown(data_dictionary_markdown())

st.header("Download the active map")
smap = active_map()
slug = "".join(ch if ch.isalnum() else "_" for ch in smap.title.lower()).strip("_") or "map"
col_actors, col_ties, col_book = st.columns(3)
col_actors.download_button("actors.csv", csv_bytes(*actor_rows(smap)), f"{slug}_actors.csv")
col_ties.download_button("relationships.csv", csv_bytes(*relationship_rows(smap)), f"{slug}_relationships.csv")
col_book.download_button("Workbook (.xlsx)", workbook_bytes(smap), f"{slug}.xlsx")

formats = [f for f in EXPORT_FORMATS if f not in ("csv", "xlsx", "png")]  # PNG: "Save PNG" on the Map page
col_choice, col_export = st.columns([3, 1], vertical_alignment="bottom")
export_format = col_choice.selectbox("For another tool", formats, format_func=EXPORT_FORMATS.__getitem__)
col_export.download_button(
    f"Download ({export_format})",
    export_map(smap, export_format),
    f"{slug}.{EXPORT_SUFFIXES[export_format]}",
    key="export_other",
)
