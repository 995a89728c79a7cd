"""Reading the bytes of a user's file into raw tables of text cells.

Real spreadsheets arrive in many shapes: UTF-8 with or without a byte-order mark,
Excel's UTF-16 "Unicode text" and latin-1 exports, commas, semicolons or tabs as
delimiters, blank rows, and Excel workbooks whose cells hold numbers and dates.
This module turns all of them into `RawTable`s of strings, keeping the row number
the user sees in their spreadsheet, and reports what it cannot read as issues.
Interpreting the cells is `mapping.validate`'s job.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from mapping.issues import ValidationIssue
from mapping.schema import normalise_token
from mapping.values import format_number, unguard_formula

__all__ = [
    "DELIMITERS",
    "InputFile",
    "RawTable",
    "decode_text",
    "read_csv",
    "read_workbook",
    "sheet_role",
    "sniff_delimiter",
]

DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class InputFile:
    """A file as the user gave it: its name (for messages) and its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""


@dataclass(frozen=True)
class RawTable:
    """A table of text cells before interpretation.

    `label` names the table in messages ("actors.csv", "map.xlsx, sheet Actors");
    `rows` pairs each non-blank data row with its spreadsheet row number.
    """

    label: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def decode_text(data: bytes) -> str:
    """Text from bytes in the encodings spreadsheet programs write.

    A byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8 if the bytes are
    valid UTF-8, UTF-16 if they look like it (many NUL bytes), else Windows-1252,
    the superset of latin-1 that Excel uses on Western systems.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    if data.count(b"\x00") > len(data) // 4:
        little_endian = data[1:2] == b"\x00"
        return data.decode("utf-16-le" if little_endian else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter of a delimited text: the candidate found most often in its first line.

    Quoted parts of the line are ignored so that "Chair, KEPSA" in quotes does not
    count as a comma. A one-column file has no delimiter; ',' is returned.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    outside_quotes = "".join(part for i, part in enumerate(first_line.split('"')) if i % 2 == 0)
    counts = {d: outside_quotes.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(file: InputFile) -> tuple[RawTable | None, list[ValidationIssue]]:
    """A delimited text file as a raw table, or an issue saying why it cannot be read."""
    try:
        text = decode_text(file.data)
    except UnicodeDecodeError as err:
        return None, [_unreadable(file.name, f"its text encoding is not recognised ({err.reason})")]
    if "\x00" in text:
        return None, [_unreadable(file.name, "it looks like a binary file, not text")]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as err:
        return None, [_unreadable(file.name, f"it is not valid delimited text ({err})")]
    return _table_from_records(file.name, records)


def read_workbook(file: InputFile) -> tuple[dict[str, RawTable], list[ValidationIssue]]:
    """Every sheet of an .xlsx workbook as raw tables, keyed by sheet name.

    Sheets with "(ignore)" in their name are skipped, as Kumu does. Formulas are
    read as their last computed values, never evaluated.
    """
    try:
        workbook = load_workbook(io.BytesIO(file.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        return {}, [_unreadable(file.name, f"it is not a valid Excel .xlsx workbook ({type(err).__name__})")]
    tables: dict[str, RawTable] = {}
    issues: list[ValidationIssue] = []
    try:
        for sheet in workbook.worksheets:
            if "(ignore)" in sheet.title.lower():
                continue
            records = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            table, sheet_issues = _table_from_records(f"{file.name}, sheet {sheet.title}", records)
            issues += sheet_issues
            if table is not None:
                tables[sheet.title] = table
    finally:
        workbook.close()
    return tables, issues


def _cell_text(value: object) -> str:
    """A workbook cell as the text a user would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def _table_from_records(label: str, records: list[list[str]]) -> tuple[RawTable | None, list[ValidationIssue]]:
    """Header and numbered non-blank rows from parsed records (header = first non-blank row)."""
    numbered = [(number, [unguard_formula(cell.strip()) for cell in record]) for number, record in _numbered(records)]
    if not numbered:
        issue = ValidationIssue(label, None, None, "empty-file", f"{label} is empty: it needs a header row.")
        return None, [issue]
    headers = numbered[0][1]
    width = _trimmed_width(headers)
    issues = []
    rows = []
    for number, cells in numbered[1:]:
        extra = [c for c in cells[width:] if c]
        if extra:
            issues.append(_extra_cells_issue(label, number, width, extra))
        rows.append((number, tuple(cells[:width]) + ("",) * (width - len(cells[:width]))))
    return RawTable(label, tuple(headers[:width]), tuple(rows)), issues


def _numbered(records: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Records with their 1-based row numbers, blank rows dropped."""
    for number, record in enumerate(records, start=1):
        if any(cell.strip() for cell in record):
            yield number, record


def _trimmed_width(headers: list[str]) -> int:
    """The number of columns, ignoring empty headers at the right edge."""
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    return width


def _extra_cells_issue(label: str, row: int, width: int, extra: list[str]) -> ValidationIssue:
    return ValidationIssue(
        label,
        row,
        None,
        "extra-cells",
        f"This row has {len(extra)} value(s) beyond the {width} headed columns ({', '.join(extra[:3])!s}); "
        "they are ignored. Add a header for them or check for an unquoted delimiter in a cell.",
        "warning",
    )


def _unreadable(name: str, reason: str) -> ValidationIssue:
    return ValidationIssue(
        name, None, None, "unreadable-file", f"{name} cannot be read: {reason}. Save it as CSV (UTF-8) or .xlsx."
    )


def sheet_role(title: str) -> str | None:
    """Whether a sheet's name says it holds actors or relationships."""
    token = normalise_token(title)
    if token in _ACTOR_SHEET_NAMES:
        return "actors"
    if token in _RELATIONSHIP_SHEET_NAMES:
        return "relationships"
    return None


_ACTOR_SHEET_NAMES = {
    "actors",
    "actor",
    "elements",
    "nodes",
    "stakeholders",
    "organisations",
    "organizations",
    "entities",
}
_RELATIONSHIP_SHEET_NAMES = {
    "relationships",
    "relationship",
    "connections",
    "edges",
    "ties",
    "links",
    "relations",
}
