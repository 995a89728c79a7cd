"""Edit map: add, change and delete the open workspace's actors and ties; every save is checked, then versioned."""

import pandas as pd
import streamlit as st

from mapping.export import ACTOR_HEADERS, RELATIONSHIP_HEADERS
from mapping.markdown import escape_markdown as md
from mapping.store import (
    add_actor,
    add_relationship,
    delete_actor,
    delete_relationship,
    records_of,
    replace_tables,
    update_actor,
    update_relationship,
)
from ui.edit_forms import actor_fields, relationship_fields, tie_label
from ui.pickers import actor_labels
from ui.state import redact_names
from ui.workspace import author_input, edit_key, require_workspace, save_edit, show_notice, undo_button

PAGE = "edit"

st.title("Edit map")
active = require_workspace(PAGE, "Editing")
smap, workspace_id = active.map, active.workspace.id
st.markdown(
    f"Editing **{md(active.workspace.name)}**, version {active.version}. Every change is checked against the data "
    "contract, as an upload is, and saved as a new version: compare or restore versions on the History page."
)
show_notice(PAGE)
author_input()
undo_button(PAGE, active)
if redact_names():  # editing shows the map as it is: names, ids, notes, sources
    st.info(
        "People's names are hidden (Map page, Display), so the map's tables are not shown here: editing needs the "
        "map as it is. Turn the switch off on a screen only your team sees, then edit."
    )
    st.stop()
actors, ties = records_of(smap)
actor_ids = [a.id for a in smap.actors]

# Tracked, so the open tab survives the rerun after each save or cell edit.
tab_actors, tab_ties, tab_tables = st.tabs(["Actors", "Relationships", "Tables"], key="edit_tab", on_change="rerun")

with tab_actors:
    st.subheader("Add an actor")
    with st.form(edit_key("add_actor", active)):
        new_actor = actor_fields(smap, {}, lambda column: edit_key(f"add_actor_{column}", active))
        if st.form_submit_button("Add the actor", key=edit_key("add_actor_submit", active), type="primary"):
            save_edit(PAGE, active, lambda m: add_actor(m, new_actor), f"Added actor '{new_actor['name']}'")

    if actor_ids:
        st.subheader("Change an actor")
        chosen = st.selectbox(
            "Actor to change",
            actor_ids,
            format_func=actor_labels(smap).__getitem__,
            key=f"edit_actor_pick_{workspace_id}",
        )
        record = next(r for r in actors if r["id"] == chosen)
        with st.form(edit_key(f"edit_actor_{chosen}", active)):
            changes = actor_fields(smap, record, lambda column: edit_key(f"edit_actor_{chosen}_{column}", active))
            if st.form_submit_button("Save the changes", key=edit_key("edit_actor_submit", active), type="primary"):
                save_edit(PAGE, active, lambda m: update_actor(m, chosen, changes), f"Edited actor '{record['name']}'")

        st.subheader("Delete an actor")
        doomed = st.selectbox(
            "Actor to delete",
            actor_ids,
            format_func=actor_labels(smap).__getitem__,
            key=f"delete_actor_pick_{workspace_id}",
        )
        cascade = st.checkbox(
            "Also delete its ties (and clear it as the parent of other actors)",
            key=edit_key("delete_actor_cascade", active),
            help="Without this, an actor that ties or other actors still name is not deleted: you are told which.",
        )
        if st.button("Delete the actor", key=edit_key("delete_actor_submit", active)):
            name = smap.actor(doomed).name
            what = f"Deleted actor '{name}'" + (" and its ties" if cascade else "")
            save_edit(PAGE, active, lambda m: delete_actor(m, doomed, cascade=cascade), what)

with tab_ties:
    if not actor_ids:
        st.info("Add actors first: a relationship ties two of them.")
    else:
        st.subheader("Add a relationship")
        with st.form(edit_key("add_tie", active)):
            new_tie = relationship_fields(smap, {}, lambda column: edit_key(f"add_tie_{column}", active))
            if st.form_submit_button("Add the relationship", key=edit_key("add_tie_submit", active), type="primary"):
                what = f"Added tie {new_tie['source']} → {new_tie['target']} ({new_tie['kind']})"
                save_edit(PAGE, active, lambda m: add_relationship(m, new_tie), what)

    if ties:
        st.subheader("Change or delete a relationship")
        index = st.selectbox(
            "Relationship",
            range(len(ties)),
            format_func=lambda i: tie_label(smap, ties[i]),
            key=f"edit_tie_pick_{workspace_id}",
        )
        with st.form(edit_key(f"edit_tie_{index}", active)):
            tie_changes = relationship_fields(
                smap, ties[index], lambda column: edit_key(f"edit_tie_{index}_{column}", active)
            )
            if st.form_submit_button("Save the changes", key=edit_key("edit_tie_submit", active), type="primary"):
                what = f"Edited tie {tie_label(smap, ties[index])}"
                save_edit(PAGE, active, lambda m: update_relationship(m, index, tie_changes), what)
        if st.button("Delete this relationship", key=edit_key("delete_tie_submit", active)):
            what = f"Deleted tie {tie_label(smap, ties[index])}"
            save_edit(PAGE, active, lambda m: delete_relationship(m, index), what)

with tab_tables:
    st.caption(
        "Edit cells, add rows at the bottom, select rows and press Delete to remove them; then **Save the tables**. "
        "Both tables are checked together, as an upload is; if anything is wrong, nothing is saved."
    )
    # The editors apply their edits to the table they are given, so that table stays fixed for a
    # version (the key names it): a save makes a new version and starts fresh editors.
    st.markdown("**Actors**")
    actor_table = st.data_editor(
        pd.DataFrame(actors, columns=list(actors[0]) if actors else list(ACTOR_HEADERS)),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=edit_key("actors_table", active),
    )
    st.markdown("**Relationships**")
    tie_table = st.data_editor(
        pd.DataFrame(ties, columns=list(ties[0]) if ties else list(RELATIONSHIP_HEADERS)),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=edit_key("ties_table", active),
    )
    if st.button("Save the tables", key=edit_key("tables_save", active), type="primary"):
        edited_actors, edited_ties = actor_table.to_dict("records"), tie_table.to_dict("records")
        save_edit(PAGE, active, lambda m: replace_tables(m, edited_actors, edited_ties))
