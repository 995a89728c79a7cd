"""The Data page's "their types -> our kinds" tables: what each of another tool's types became, to change and re-read.

An import never fails only for kinds (`mapping.kinds`): every type a file gives
that is not one of ours is read as a suggested kind or the default. Here the user
sees each such type with its count and how it was read, picks another kind in
the table, and reads the same files again with those choices; the map, its
findings and the tables follow.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from mapping.kinds import KindChoices, KindMatch, Role
from mapping.load import LoadResult
from mapping.schema import ACTOR_KINDS, RELATIONSHIP_KINDS
from ui.uploads import CHECKED_INPUT, adopt_checked, checked_files

__all__ = ["kinds_panel"]

_KINDS = {"actors": ACTOR_KINDS, "relationships": RELATIONSHIP_KINDS}
_LABELS = {kind.name: kind.label for kind in (*ACTOR_KINDS, *RELATIONSHIP_KINDS)}
_TITLES = {"actors": "Actor types", "relationships": "Tie types"}
_HOW = {"suggested": "closest match", "default": "default", "chosen": "your choice"}
NO_KIND = "(no kind)"


def kinds_panel(result: LoadResult) -> None:
    """The types of the checked files that are not ours, each with the kind it became, editable; then 'Read again'."""
    changed = [match for match in result.kinds if match.how != "ours"]
    if not changed or CHECKED_INPUT not in st.session_state:
        return
    st.subheader("Their types → our kinds")
    st.caption(
        "These types are not kinds of ours, so each was read as its closest match or the default. Choose the kind "
        "that fits and read the files again; the type as written stays in the column 'original type'."
    )
    version = hashlib.sha256(repr(changed).encode()).hexdigest()[:10]  # a new upload gets fresh tables
    chosen: dict[Role, dict[str, str]] = {}
    roles: list[Role] = [role for role in ("actors", "relationships") if any(m.role == role for m in changed)]
    for column, role in zip(st.columns(2), roles, strict=False):
        with column:
            matches = [match for match in changed if match.role == role]
            chosen[role] = _choices_table(role, matches, f"kinds_{role}_{version}")
    if st.button("Read the files again with these kinds", type="primary", key=f"kinds_apply_{version}"):
        files, chosen_format = st.session_state[CHECKED_INPUT]
        with st.spinner("Reading your files again…"):
            again = checked_files(list(files), chosen_format, kinds=_kind_choices(chosen))
        adopt_checked(again)
        st.rerun()


def _choices_table(role: Role, matches: list[KindMatch], key: str) -> dict[str, str]:
    """One editable table of a role's types; returns their type -> the kind now chosen."""
    frame = pd.DataFrame(
        {
            "Their type": [match.their or NO_KIND for match in matches],
            "Rows": [match.count for match in matches],
            "Read as": [_HOW[match.how] for match in matches],
            "Our kind": [match.kind for match in matches],
        }
    )
    options = [kind.name for kind in _KINDS[role]]
    st.markdown(f"**{_TITLES[role]}**")
    edited = st.data_editor(
        frame,
        key=key,
        hide_index=True,
        width="stretch",
        disabled=["Their type", "Rows", "Read as"],
        column_config={
            "Our kind": st.column_config.SelectboxColumn(
                "Our kind", options=options, required=True, format_func=lambda name: _LABELS.get(name, name)
            ),
            "Rows": st.column_config.NumberColumn(format="%d"),
        },
        num_rows="fixed",
    )
    return dict(zip(frame["Their type"], edited["Our kind"], strict=True))


def _kind_choices(chosen: dict[Role, dict[str, str]]) -> KindChoices:
    """The tables as `KindChoices`: the '(no kind)' row sets the default, every other row a choice."""
    actors = dict(chosen.get("actors", {}))
    ties = dict(chosen.get("relationships", {}))
    defaults = KindChoices()
    return KindChoices(
        default_actor=actors.pop(NO_KIND, defaults.default_actor),
        default_tie=ties.pop(NO_KIND, defaults.default_tie),
        actors=actors,
        ties=ties,
    )
