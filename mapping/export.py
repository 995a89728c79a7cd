"""Writing a map back out as the contract's tables: CSV pair and Excel workbook.

What is written reads back to an equal map (`load_files(export(m)) == m`): ties
implied by `parent` are left out because loading derives them again, and custom
fields come back as custom columns. Text cells that a spreadsheet would run as a
formula are neutralised with a leading apostrophe, which loading strips again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS
from mapping.values import FORMULA_PREFIXES, PartialDate, format_number

__all__ = [
    "actor_rows",
    "csv_bytes",
    "frame_csv_bytes",
    "guard_formula",
    "relationship_rows",
    "workbook_bytes",
    "write_csv_pair",
]

ACTOR_HEADERS = tuple(column.name for column in ACTOR_COLUMNS)
RELATIONSHIP_HEADERS = tuple(column.name for column in RELATIONSHIP_COLUMNS)
NUMERIC_COLUMNS = frozenset(
    column.name for column in (*ACTOR_COLUMNS, *RELATIONSHIP_COLUMNS) if column.value_type == "number"
)
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def guard_formula(text: str) -> str:
    """Neutralise a text cell that a spreadsheet would evaluate as a formula.

    Cells starting with '=', '@', tab or carriage return, and cells starting with
    '+' or '-' that are more than a bare sign or a plain number, get a leading
    apostrophe (OWASP's advice for CSV injection). A lone '-' (a tie's sign) or
    '-0.5' cannot run anything and is left as it is.

    >>> guard_formula("=HYPERLINK(\\"http://x\\")"), guard_formula("-"), guard_formula("Chair")
    ('\\'=HYPERLINK("http://x")', '-', 'Chair')
    """
    if not text or text[0] not in FORMULA_PREFIXES:
        return text
    if text[0] in "+-" and (len(text) == 1 or _PLAIN_NUMBER.match(text)):
        return text
    return "'" + text


def _cell(value: object) -> str:
    """One value as the text the contract's tables hold."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, tuple):  # a list cell is guarded as a whole: its first item may be a formula
        return guard_formula(";".join(":".join(item) if isinstance(item, tuple) else item for item in value))
    if isinstance(value, PartialDate):
        return str(value)
    return guard_formula(str(value))


def _custom_headers(records: Iterable[Actor | Relationship]) -> list[str]:
    return list(dict.fromkeys(name for record in records for name, _ in record.attributes))


def actor_rows(smap: StakeholderMap) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the actors table, custom fields after the contract's columns."""
    custom = _custom_headers(smap.actors)
    rows = []
    for actor in smap.actors:
        values = [_cell(getattr(actor, name)) for name in ACTOR_HEADERS]
        extra = dict(actor.attributes)
        rows.append(values + [guard_formula(extra.get(name, "")) for name in custom])
    return [*ACTOR_HEADERS, *(guard_formula(c) for c in custom)], rows


def relationship_rows(smap: StakeholderMap) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the relationships table: the written ties, not the implied ones."""
    ties = smap.explicit_relationships
    custom = _custom_headers(ties)
    rows = []
    for rel in ties:
        values = [_cell(getattr(rel, name)) for name in RELATIONSHIP_HEADERS]
        extra = dict(rel.attributes)
        rows.append(values + [guard_formula(extra.get(name, "")) for name in custom])
    return [*RELATIONSHIP_HEADERS, *(guard_formula(c) for c in custom)], rows


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A UTF-8 CSV with a byte-order mark, so that Excel opens accents correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def frame_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Any table (a ranking, a report) as a guarded UTF-8 CSV: text cells cannot run as formulas."""
    headers = [guard_formula(str(column)) for column in frame.columns]
    rows = [[_table_cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    return csv_bytes(headers, rows)


def _table_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN is blank
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value)
    return guard_formula(str(value))


def write_csv_pair(smap: StakeholderMap, folder: str | Path) -> tuple[Path, Path]:
    """Write actors.csv and relationships.csv into a folder (created if needed)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    actors_path, relationships_path = target / "actors.csv", target / "relationships.csv"
    actors_path.write_bytes(csv_bytes(*actor_rows(smap)))
    relationships_path.write_bytes(csv_bytes(*relationship_rows(smap)))
    return actors_path, relationships_path


def workbook_bytes(smap: StakeholderMap) -> bytes:
    """The map as one .xlsx workbook with an Actors and a Relationships sheet."""
    workbook = Workbook()
    actors_sheet = workbook.active
    actors_sheet.title = "Actors"
    fill_sheet(actors_sheet, *actor_rows(smap))
    fill_sheet(workbook.create_sheet("Relationships"), *relationship_rows(smap))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_sheet(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a header row (bold, frozen) and rows; numeric columns as numbers, the rest as text.

    Text cells arrive already guarded (see `guard_formula`), so openpyxl never
    stores one as a formula.
    """
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    numeric = [header in NUMERIC_COLUMNS for header in headers]
    for row in rows:
        sheet.append([float(v) if is_number and v else v for v, is_number in zip(row, numeric, strict=False)])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(40, len(header) + 4))
