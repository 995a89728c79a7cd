"""Form fields for one actor or one relationship, laid out from the data contract (`mapping.schema`).

Closed vocabularies (kinds, stances, directions...) are choices; actor references are
choices of the map's actors; numbers, dates and free text are typed as in a
spreadsheet cell, so the contract checks them exactly as it checks an upload (an
influence of 9 is refused with the same `out-of-range` issue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from mapping.model import StakeholderMap
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, Column

__all__ = ["actor_fields", "relationship_fields", "tie_label"]

# Shown first; the other columns wait in "More fields" to keep the form short on a shared screen.
_MAIN_ACTOR_COLUMNS = ("id", "name", "kind", "subtype", "parent", "role", "seniority", "influence", "stance")
_MAIN_TIE_COLUMNS = ("source", "target", "kind", "strength", "direction", "sign", "confidence", "since", "until")
_BLANK = ""

FieldKey = Callable[[str], str]


def actor_fields(smap: StakeholderMap, record: Mapping[str, str], key: FieldKey) -> dict[str, object]:
    """Inputs for every actor column, filled from `record`; returns {column: value} to hand to an edit."""
    return _fields(ACTOR_COLUMNS, _MAIN_ACTOR_COLUMNS, smap, record, key)


def relationship_fields(smap: StakeholderMap, record: Mapping[str, str], key: FieldKey) -> dict[str, object]:
    """Inputs for every relationship column, filled from `record`; returns {column: value}."""
    return _fields(RELATIONSHIP_COLUMNS, _MAIN_TIE_COLUMNS, smap, record, key)


def tie_label(smap: StakeholderMap, record: Mapping[str, str]) -> str:
    """'Kenya Association of Manufacturers → KEPSA · member of' for a row of the relationships table."""
    source, target = (
        smap.actor(record[end]).name if record[end] in smap else record[end] for end in ("source", "target")
    )
    return f"{source} → {target} · {record['kind'].replace('_', ' ')}"


def _fields(
    columns: Sequence[Column], main: Sequence[str], smap: StakeholderMap, record: Mapping[str, str], key: FieldKey
) -> dict[str, object]:
    values: dict[str, object] = {}
    first = [c for c in columns if c.name in main]
    rest = [c for c in columns if c.name not in main]
    grid = st.columns(3)
    for position, column in enumerate(first):
        with grid[position % 3]:
            values[column.name] = _field(column, smap, record.get(column.name, ""), key(column.name))
    with st.expander("More fields"):
        grid = st.columns(3)
        for position, column in enumerate(rest):
            with grid[position % 3]:
                values[column.name] = _field(column, smap, record.get(column.name, ""), key(column.name))
    return values


def _field(column: Column, smap: StakeholderMap, current: str, key: str) -> object:
    """One input for one column: a choice for closed vocabularies and actor references, else a text box."""
    label = column.name.replace("_", " ") + (" *" if column.required else "")
    if column.value_type in ("kind", "enum", "actor_ref"):
        if column.value_type == "actor_ref":
            options = [a.id for a in smap.actors]
            names = {a.id: f"{a.name} ({a.id})" for a in smap.actors}
        else:
            options = [term.name for term in column.vocabulary]
            names = {term.name: term.label for term in column.vocabulary}
        if not column.required:
            options = [_BLANK, *options]
        index = options.index(current) if current in options else (0 if options else None)
        return st.selectbox(
            label,
            options,
            index=index,
            format_func=lambda option: names.get(option, "(blank)"),
            key=key,
            help=column.description,
        )
    if column.value_type == "list" and not column.open_vocabulary:
        names = {term.name: term.label for term in column.vocabulary}
        chosen = [item for item in current.split(";") if item in names]
        return st.multiselect(label, list(names), default=chosen, format_func=names.__getitem__, key=key)
    return st.text_input(label, value=current, key=key, help=column.description, placeholder=column.example)
