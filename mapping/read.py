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
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from mapping.issues import ValidationIssue
from mapping.limits import (
    EXCEL_MAX_ROWS,
    Limits,
    archive_issues,
    cell_too_long,
    file_too_large,
    long_cells,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)
from mapping.schema import normalise_token
from mapping.values import format_number, unguard_formula

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = [
    "DELIMITERS",
    "InputFile",
    "RawTable",
    "decode_head",
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


def decode_text(data: bytes, errors: str = "strict") -> str:
    """Text from bytes in the encodings spreadsheet programs write.

    A byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8 if the bytes are
    valid UTF-8, UTF-16 if they look like it (many NUL bytes), else Windows-1252,
    the superset of latin-1 that Excel uses on Western systems. Bytes that a
    byte-order mark's encoding cannot decode raise `UnicodeDecodeError`, unless
    `errors="replace"`.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors=errors)
    if data.count(b"\x00") > len(data) // 4:
        little_endian = data[1:2] == b"\x00"
        return data.decode("utf-16-le" if little_endian else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")


def decode_head(data: bytes, size: int = 4096) -> str:
    """The first `size` bytes as text, to guess a file's format; never raises.

    The cut may split a character, so what cannot be decoded becomes U+FFFD.

    >>> decode_head("café".encode("utf-8-sig"), 7)
    'caf�'
    """
    return decode_text(data[:size], errors="replace")


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


def read_csv(file: InputFile, limits: Limits | None = None) -> tuple[RawTable | None, list[ValidationIssue]]:
    """A delimited text file as a raw table, or an issue saying why it cannot be read.

    Reading stops at the first limit passed (`mapping.limits`): a file over the
    size limit is not even decoded, and rows are counted as they are parsed.
    """
    limits = limits or Limits.from_env()
    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return None, [too_large]
    try:
        text = decode_text(file.data)
    except UnicodeDecodeError as err:
        return None, [_unreadable(file.name, f"its text encoding is not recognised ({err.reason})")]
    if "\x00" in text:
        return None, [_unreadable(file.name, "it looks like a binary file, not text")]
    rows = _Rows(file.name, limits)
    number = 0
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)), 1):
            if not rows.add(number, record):
                return None, [rows.issue]
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            # Python's CSV parser refuses fields over 131,072 characters: far over our cell limit too.
            return None, [cell_too_long(file.name, number + 1, None, 0, limits)]
        return None, [_unreadable(file.name, f"it is not valid delimited text ({err})")]
    return _table_from_rows(file.name, rows.read, limits)


def _damaged_workbook_errors() -> tuple[type[Exception], ...]:
    """The errors openpyxl raises on a damaged or hostile workbook, when opening it or while reading a sheet.

    A broken archive (BadZipFile, zlib.error for a corrupt part, EOFError for a cut
    one), XML that is not well-formed (ParseError) or that declares entities
    (defusedxml's refusal), parts that are missing (KeyError) or hold what they
    should not (ValueError, OSError, InvalidFileException; IndexError for a cell
    naming a shared string past the end of the table), and an archive declaring a
    zip version or feature Python's zipfile does not support (NotImplementedError).
    Caught around openpyxl's calls only: the same errors raised by our own code are
    bugs, and must not be shown to users as a damaged file. Imported here, not at the
    top of the module, so that reading CSV files never pays for importing openpyxl.
    """
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    return (
        zipfile.BadZipFile,
        NotImplementedError,
        zlib.error,
        EOFError,
        ParseError,
        InvalidFileException,
        DefusedXmlException,
        KeyError,
        IndexError,
        OSError,
        ValueError,
    )


class _DamagedSheetError(Exception):
    """openpyxl could not read a sheet's rows; the error it raised is the `__cause__`."""


def read_workbook(file: InputFile, limits: Limits | None = None) -> tuple[dict[str, RawTable], list[ValidationIssue]]:
    """Every sheet of an .xlsx workbook as raw tables, keyed by sheet name.

    Sheets with "(ignore)" in their name are skipped, as Kumu does. Formulas are
    read as their last computed values, never evaluated. Before openpyxl opens
    the archive, its directory is checked for zip bombs (`limits.archive_issues`);
    openpyxl parses the XML inside with defusedxml, so a part declaring entities
    is refused (`unsafe-xml`), never expanded. Each sheet stops at the first
    limit it passes; that sheet is left out and the others are still read.
    """
    limits = limits or Limits.from_env()
    refused = _refused_workbook(file, limits)
    if refused:
        return {}, refused
    from openpyxl import load_workbook  # see _damaged_workbook_errors

    try:
        workbook = load_workbook(io.BytesIO(file.data), read_only=True, data_only=True)
    except _damaged_workbook_errors() as err:
        return {}, [_damaged(file.name, err, "it is not a valid Excel .xlsx workbook")]
    try:
        return _read_sheets(file.name, workbook, limits)
    except _DamagedSheetError as err:
        return {}, [_damaged(file.name, err.__cause__, "a sheet of it is damaged")]
    finally:
        workbook.close()


def _read_sheets(name: str, workbook: Workbook, limits: Limits) -> tuple[dict[str, RawTable], list[ValidationIssue]]:
    """The workbook's sheets as raw tables, except those whose name says to ignore them."""
    tables: dict[str, RawTable] = {}
    issues: list[ValidationIssue] = []
    for sheet in workbook.worksheets:
        if "(ignore)" in sheet.title.lower():
            continue
        table, sheet_issues = _read_sheet(f"{name}, sheet {sheet.title}", sheet, limits)
        issues += sheet_issues
        if table is not None:
            tables[sheet.title] = table
    return tables, issues


def _damaged(name: str, err: BaseException | None, reason: str) -> ValidationIssue:
    """The issue for a workbook openpyxl could not read: refused XML, or unreadable for `reason`."""
    refused = _defused(err)
    if refused is not None:
        return _unsafe_xml(name, refused)
    return _unreadable(name, f"{reason} ({type(err).__name__})")


def _defused(err: BaseException | None) -> Exception | None:
    """defusedxml's refusal behind an error, if any: openpyxl wraps it in a ValueError when opening a workbook."""
    from defusedxml import DefusedXmlException

    seen = err
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _refused_workbook(file: InputFile, limits: Limits) -> list[ValidationIssue]:
    """Why a workbook must not be opened at all: too large, a zip bomb, or no safe XML parser."""
    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return [too_large]
    unsafe = archive_issues(file.name, file.data, limits)
    if unsafe:
        return unsafe
    import openpyxl.xml  # see _damaged_workbook_errors

    if not openpyxl.xml.DEFUSEDXML:
        reason = (
            "workbooks can only be read with defusedxml, and openpyxl is not using it here (is "
            "OPENPYXL_DEFUSEDXML set to False?). Ask whoever runs the tool to fix that, or give CSV files"
        )
        return [ValidationIssue(file.name, None, None, "unreadable-file", f"{file.name} is not read: {reason}.")]
    return []


def _read_sheet(label: str, sheet: ReadOnlyWorksheet, limits: Limits) -> tuple[RawTable | None, list[ValidationIssue]]:
    """One worksheet, trusting only the cells it holds, not the size it declares."""
    # Excel may declare a sheet as A1:XFD1048576; openpyxl would then pad every row to 16,384 cells.
    sheet.reset_dimensions()
    rows = _Rows(label, limits)
    for number, record in enumerate(_sheet_records(sheet), 1):
        if number > EXCEL_MAX_ROWS:
            return None, [too_many_rows(label, number, limits)]
        if not rows.add(number, record, _cell_text):
            return None, [rows.issue]
    return _table_from_rows(label, rows.read, limits)


def _sheet_records(sheet: ReadOnlyWorksheet) -> Iterator[tuple[object, ...]]:
    """The sheet's rows of cell values as openpyxl parses them, one at a time.

    openpyxl reads the sheet's XML part as it goes, so a damaged part raises in
    the middle of the loop: that error becomes `_DamagedSheetError`, and only that one
    (what the caller does with each row is our code, whose errors are bugs).
    """
    damaged = _damaged_workbook_errors()
    try:
        records = sheet.iter_rows(values_only=True)
    except damaged as err:
        raise _DamagedSheetError from err
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except damaged as err:
            raise _DamagedSheetError from err
        yield record


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


@dataclass
class _Rows:
    """A table's non-blank records, cleaned, with their row numbers, read until a limit is passed.

    `add` takes one record at a time, so that reading stops at the first row past
    a limit instead of after the whole file; `issue` then says which limit.
    """

    label: str
    limits: Limits
    read: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    issue: ValidationIssue | None = None
    cells: int = 0

    def add(self, number: int, record: Sequence[object], text: Callable[[object], str] | None = None) -> bool:
        """Keep the record, cleaned, if it holds anything; False (and `issue` set) when it passes a limit.

        `text` turns a cell into text; None when the cells already are (a CSV's).
        """
        if text is None and len(record) <= self.limits.max_columns:
            cells = _clean_cells(record)  # the common case, a CSV row within the column limit
        else:
            width = _filled_width(record, self.limits.max_columns)
            if width > self.limits.max_columns:
                self.issue = too_many_columns(self.label, number, width, self.limits)
                return False
            cells = _clean_cells(record[:width] if text is None else [text(value) for value in record[:width]])
        if not any(cells):
            return True
        if len(self.read) > self.limits.max_rows:  # the header and max_rows rows are in
            self.issue = too_many_rows(self.label, number, self.limits)
            return False
        self.cells += len(cells)
        if self.cells > self.limits.max_cells:
            self.issue = too_many_cells(self.label, number, self.limits)
            return False
        self.read.append((number, cells))
        return True


def _filled_width(record: Sequence[object], limit: int) -> int:
    """The column of the record's last non-empty cell; past `limit`, the first non-empty column beyond it.

    Blank cells (None, '') past the limit are counted in C, not looked at one by
    one: a damaged workbook may pad each of a million rows to 16,384 cells.

    >>> _filled_width(["a", "", None], 5), _filled_width(["a", *[""] * 9, "b"], 5)
    (1, 11)
    """
    beyond = record[limit:]
    if beyond and beyond.count(None) + beyond.count("") < len(beyond):
        return limit + 1 + next(i for i, value in enumerate(beyond) if value is not None and value != "")
    width = min(len(record), limit)
    while width and (record[width - 1] is None or record[width - 1] == ""):
        width -= 1
    return width


def _table_from_rows(
    label: str, numbered: list[tuple[int, tuple[str, ...]]], limits: Limits
) -> tuple[RawTable | None, list[ValidationIssue]]:
    """Header and numbered rows (header = first non-blank row), or the cells over the length limit."""
    if not numbered:
        issue = ValidationIssue(label, None, None, "empty-file", f"{label} is empty: it needs a header row.")
        return None, [issue]
    headers = numbered[0][1]
    too_long = long_cells(label, headers, numbered, limits)
    if too_long:
        return None, too_long
    width = _trimmed_width(headers)
    issues = []
    rows = []
    for row in numbered[1:]:
        number, cells = row
        if len(cells) == width:  # the common case
            rows.append(row)
            continue
        extra = [c for c in cells[width:] if c]
        if extra:
            issues.append(_extra_cells_issue(label, number, width, extra))
        rows.append((number, cells[:width] + ("",) * (width - len(cells[:width]))))
    return RawTable(label, tuple(headers[:width]), tuple(rows)), issues


def _clean_cells(cells: Sequence[str]) -> tuple[str, ...]:
    """The cells stripped of surrounding spaces, with our export's formula guard removed.

    Stripping runs in C (`map`); only a row holding an apostrophe is looked at cell
    by cell, since only a cell starting with one can carry the guard. At 150,000
    rows a per-cell Python loop was a third of reading the file. A tuple, not a
    list: the garbage collector stops looking at a tuple of strings once it has
    seen it, but walks every list on each full pass while the table is read.
    """
    stripped = tuple(map(str.strip, cells))
    if "'" in "".join(stripped):
        return tuple(unguard_formula(cell) if cell[:1] == "'" else cell for cell in stripped)
    return stripped


def _trimmed_width(headers: Sequence[str]) -> int:
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


def _unsafe_xml(name: str, err: Exception) -> ValidationIssue:
    message = (
        f"{name} is refused: XML inside it declares entities ({type(err).__name__}). Excel never writes them, "
        "and they are how entity-expansion and external-entity attacks work. Open it in Excel and save it as a "
        "new workbook, or export the tables as CSV."
    )
    return ValidationIssue(name, None, None, "unsafe-xml", message)


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
