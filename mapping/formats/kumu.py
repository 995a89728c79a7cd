"""Kumu spreadsheets in and out: an Elements and a Connections sheet.

Reading (`read_kumu`) takes an .xlsx workbook or CSV files laid out as Kumu's
import guide describes, and turns them into our two tables:

| Kumu | our column |
|---|---|
| Elements: `ID`, `Label`, `Type`, `Description` | `id`, `name`, `kind` (by the kinds' aliases), `notes` |
| Elements: `Tags`, `Image`, `URL`, `Email`, other fields | custom fields |
| Connections: `From`, `To` | `source`, `target`; `A|B` makes one tie per actor named |
| Connections: `Type`, `direction`, `Strength` | `kind`, `direction` (`undirected` = mutual), `strength` |
| Connections: `Description` | `notes` |
| Connections: `Label` next to `Type`, `Tags`, other fields | custom fields (`Label` kept as `Kumu label`) |

A field named like a contract column (`Country`, `Influence`, `Since`...) fills
that column. Types are matched to our kinds by the same alias table as every file
(`mapping.schema`); a type that matches none is an `unknown-value` error naming
the closest kind, never dropped. Strength on another scale is converted with a
warning (`tables.rescale_strength`: above 1, read as 1-5 or 0-10). Sheets with
"(ignore)" in their name are skipped, as Kumu does. The ties that `A|B` cells
make count towards the row limit (`mapping.limits`).

Writing (`kumu_workbook_bytes`) produces a workbook Kumu imports as it is:
Elements with `ID` first (so connections use ids), `Label`, `Type` (the kind's
label) and `Description`, every other column as a custom field with
multi-values `|`-joined; Connections with `From`, `To`, `Type`, `direction`,
`Strength` and `Description`. Ties implied by `parent` are included so that Kumu
draws them, flagged in an `Implied` field that reading skips. Every text cell is
guarded against formula injection.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from mapping.formats.sheets import workbook_from_sheets
from mapping.formats.tables import (
    ACTOR,
    RELATIONSHIP,
    column_position,
    drop_implied,
    list_items,
    load_tables,
    renamed,
    rescale_strength,
    settle_label,
)
from mapping.issues import ValidationIssue, has_errors, sort_issues
from mapping.kinds import KindChoices
from mapping.limits import Limits, too_many_rows
from mapping.load import TEXT_SUFFIXES, LoadResult
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.read import InputFile, RawTable, read_csv, read_workbook, sheet_role
from mapping.schema import ACTOR_COLUMNS, ACTOR_KINDS, RELATIONSHIP_COLUMNS, RELATIONSHIP_KINDS, normalise_token

__all__ = ["CONNECTION_FIELDS", "ELEMENT_FIELDS", "kumu_workbook_bytes", "looks_like_kumu", "read_kumu"]

KUMU_SHEETS = ("elements", "connections")
MULTI_VALUE_SEPARATOR = "|"

# Kumu's built-in fields; every other column of ours is written as a custom field named like
# "Engagement Status", which reading matches back to the column.
_ELEMENT_BUILT_IN = {"id": "ID", "name": "Label", "kind": "Type", "notes": "Description"}
_CONNECTION_BUILT_IN = {
    "source": "From",
    "target": "To",
    "kind": "Type",
    "direction": "direction",
    "strength": "Strength",
    "notes": "Description",
}


ELEMENT_DOCUMENTED = {"label": "name", "description": "notes"}
"""Kumu's built-in element fields that are one of our columns under another name (`Type` is the kind, see
`mapping.kinds`); every other field fills our column only when it has our column's name."""
CONNECTION_DOCUMENTED = {"from": "source", "to": "target", "description": "notes"}


def _field_name(column: str) -> str:
    """'engagement_status' -> 'Engagement Status'."""
    return column.replace("_", " ").title()


ELEMENT_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (_field_name(c.name), c.name) for c in ACTOR_COLUMNS if c.name not in _ELEMENT_BUILT_IN
)
"""Our actor columns written as Kumu custom fields: (Kumu field, column)."""
CONNECTION_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (_field_name(c.name), c.name) for c in RELATIONSHIP_COLUMNS if c.name not in _CONNECTION_BUILT_IN
)
"""Our relationship columns written as Kumu custom fields: (Kumu field, column)."""
_KIND_LABELS = {kind.name: kind.label for kind in ACTOR_KINDS}
_TIE_LABELS = {kind.name: kind.label for kind in RELATIONSHIP_KINDS}


# --- reading ------------------------------------------------------------------------


def looks_like_kumu(tables: Sequence[str]) -> bool:
    """True when a workbook's sheet names are Kumu's (Elements, Connections)."""
    return any(normalise_token(title) in KUMU_SHEETS for title in tables)


def read_kumu(
    files: Sequence[InputFile], title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from a Kumu workbook, or from Kumu elements and connections CSV files."""
    limits = limits or Limits.from_env()
    tables, issues = _read_tables(files, limits)
    elements, connections, pick_issues = _pick_tables(tables, files)
    # A table that could not be read (over a limit, say) is not reported missing as well.
    issues += pick_issues if not has_errors(issues) else [i for i in pick_issues if i.code == "duplicate-table"]
    if elements is None:
        return LoadResult(None, tuple(sort_issues(issues)))
    if connections is None:
        connections = RawTable(f"{files[0].name}, sheet Connections", ("From", "To", "Type"), ())
    elements = renamed(elements, ELEMENT_DOCUMENTED)
    connections = renamed(
        drop_implied(settle_label(connections, RELATIONSHIP["kind"], "Kumu label")), CONNECTION_DOCUMENTED
    )
    connections, expand_issues = _expand_endpoints(connections, limits)
    if expand_issues:
        return LoadResult(None, tuple(sort_issues(issues + expand_issues)))
    connections, scale_issues = rescale_strength(connections)
    return load_tables(elements, connections, issues + scale_issues, title or files[0].name.rsplit(".", 1)[0], kinds)


def _read_tables(files: Sequence[InputFile], limits: Limits) -> tuple[list[RawTable], list[ValidationIssue]]:
    tables: list[RawTable] = []
    issues: list[ValidationIssue] = []
    for file in files:
        if file.suffix in TEXT_SUFFIXES:
            table, found = read_csv(file, limits)
            tables += [table] if table is not None else []
        elif file.suffix == "xlsx":
            sheets, found = read_workbook(file, limits)
            tables += list(sheets.values())
        else:
            message = f"{file.name} is not a Kumu spreadsheet: give an .xlsx workbook or CSV files."
            found = [ValidationIssue(file.name, None, None, "unsupported-file", message)]
        issues += found
    return tables, issues


def _role(table: RawTable) -> str | None:
    """Connections if the sheet's name or its From/To headers say so, elements if it has labels."""
    sheet = table.label.rsplit("sheet ", 1)[-1] if ", sheet " in table.label else table.label.rsplit(".", 1)[0]
    role = sheet_role(sheet)
    if role is None and any(word in normalise_token(sheet) for word in ("connection", "relationship", "edge")):
        role = "relationships"
    if role is not None:
        return role
    if column_position(table, RELATIONSHIP["source"]) is not None:
        return "relationships"
    return "actors" if column_position(table, ACTOR["name"]) is not None else None


def _pick_tables(
    tables: list[RawTable], files: Sequence[InputFile]
) -> tuple[RawTable | None, RawTable | None, list[ValidationIssue]]:
    by_role: dict[str, list[RawTable]] = {"actors": [], "relationships": []}
    for table in tables:
        role = _role(table)
        if role is not None:
            by_role[role].append(table)
    issues = []
    for role, kumu_name in (("actors", "Elements"), ("relationships", "Connections")):
        if len(by_role[role]) > 1:
            names = " and ".join(t.label for t in by_role[role])
            message = (
                f"Both {names} look like Kumu's {kumu_name} sheet. Keep one, or add '(ignore)' to the other's name."
            )
            issues.append(ValidationIssue(by_role[role][1].label, None, None, "duplicate-table", message))
    if not by_role["actors"]:
        names = ", ".join(f.name for f in files)
        code = "missing-sheet" if any(f.suffix == "xlsx" for f in files) else "missing-file"
        message = (
            f"No Elements table found in {names}. A Kumu import needs an Elements sheet with a Label and a Type "
            "column (one element per row), and a Connections sheet with From, To and Type."
        )
        issues.append(ValidationIssue(names, None, None, code, message))
    first = [found[0] if found else None for found in by_role.values()]
    return first[0], first[1], issues


def _expand_endpoints(table: RawTable, limits: Limits) -> tuple[RawTable, list[ValidationIssue]]:
    """One tie per actor named in a `A|B` From or To cell, each keeping the row's number; up to the row limit."""
    source_at = column_position(table, RELATIONSHIP["source"])
    target_at = column_position(table, RELATIONSHIP["target"])
    if source_at is None or target_at is None:
        return table, []
    rows = []
    for number, cells in table.rows:
        sources = _split(cells[source_at])
        targets = _split(cells[target_at])
        if len(rows) + len(sources) * len(targets) > limits.max_rows:
            return table, [too_many_rows(table.label, number, limits)]
        for source, target in itertools.product(sources, targets):
            row = list(cells)
            row[source_at], row[target_at] = source, target
            rows.append((number, tuple(row)))
    return RawTable(table.label, table.headers, tuple(rows)), []


def _split(cell: str) -> list[str]:
    items = [item.strip() for item in cell.split(MULTI_VALUE_SEPARATOR) if item.strip()]
    return items or [cell]


# --- writing ------------------------------------------------------------------------


def kumu_workbook_bytes(smap: StakeholderMap) -> bytes:
    """The map as a Kumu-ready .xlsx workbook (see the module docstring)."""
    return workbook_from_sheets([("Elements", *_element_rows(smap)), ("Connections", *_connection_rows(smap))])


def _kumu_value(value: object) -> object:
    """A field as Kumu takes it: lists `|`-joined, dates as text, numbers as numbers."""
    if isinstance(value, tuple):
        return MULTI_VALUE_SEPARATOR.join(list_items(value))
    if value is None or isinstance(value, str | float | int):
        return value
    return str(value)


def _custom_names(records: Sequence[Actor | Relationship]) -> list[str]:
    return list(dict.fromkeys(name for record in records for name, _ in record.attributes))


def _element_rows(smap: StakeholderMap) -> tuple[list[str], list[list[object]]]:
    custom = _custom_names(smap.actors)
    headers = [*_ELEMENT_BUILT_IN.values(), *(field for field, _ in ELEMENT_FIELDS), *custom]
    rows = []
    for actor in smap.actors:
        fixed = [actor.id, actor.name, _KIND_LABELS.get(actor.kind, actor.kind), actor.notes]
        fields = [_kumu_value(getattr(actor, name)) for _, name in ELEMENT_FIELDS]
        extra = dict(actor.attributes)
        rows.append(fixed + fields + [extra.get(name, "") for name in custom])
    return headers, rows


def _connection_rows(smap: StakeholderMap) -> tuple[list[str], list[list[object]]]:
    ties = smap.relationships
    custom = _custom_names(ties)
    implied = ["Implied"] if any(rel.implied for rel in ties) else []
    headers = [*_CONNECTION_BUILT_IN.values(), *(field for field, _ in CONNECTION_FIELDS), *implied, *custom]
    rows = []
    for rel in ties:
        fixed = [rel.source, rel.target, _TIE_LABELS.get(rel.kind, rel.kind), rel.direction, rel.strength, rel.notes]
        fields = [_kumu_value(getattr(rel, name)) for _, name in CONNECTION_FIELDS]
        flag = ["yes" if rel.implied else ""] if implied else []
        extra = dict(rel.attributes)
        rows.append(fixed + fields + flag + [extra.get(name, "") for name in custom])
    return headers, rows
