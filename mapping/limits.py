"""How much a user's file may hold, and the issues that say when it holds more.

A shared deployment must not be brought down by one file: a 2 GB upload, a table
of ten million rows, a cell holding a novel, JSON nested a million levels deep, or
a 40 KB workbook that unpacks to 40 GB (a zip bomb). Every reader checks these
limits as it goes, stops at the first breach without reading the rest, and
reports it as a `ValidationIssue` saying which limit, where, and what to do.

| limit | default | environment variable | issue code |
|---|---|---|---|
| size of one file | 50 MB | `STAKEHOLDER_MAP_MAX_FILE_MB` | `file-too-large` |
| data rows in one table | 200,000 | `STAKEHOLDER_MAP_MAX_ROWS` | `too-many-rows` |
| columns in one table | 200 | `STAKEHOLDER_MAP_MAX_COLUMNS` | `too-many-columns` |
| cells in one table (rows times columns) | 3,000,000 | `STAKEHOLDER_MAP_MAX_CELLS` | `too-many-cells` |
| characters in one cell | 10,000 | `STAKEHOLDER_MAP_MAX_CELL_CHARS` | `cell-too-long` |
| nesting of a JSON record | 12 levels | `STAKEHOLDER_MAP_MAX_JSON_DEPTH` | `nested-too-deeply` |
| unpacked size of a workbook | 200 MB | `STAKEHOLDER_MAP_MAX_UNZIPPED_MB` | `unsafe-archive` |
| parts in a workbook | 1,000 | `STAKEHOLDER_MAP_MAX_ZIP_MEMBERS` | `unsafe-archive` |
| compression of a part over 10 MB | 100:1 | `STAKEHOLDER_MAP_MAX_COMPRESSION_RATIO` | `unsafe-archive` |
| unpacked shared strings of a workbook | 20 MB | `STAKEHOLDER_MAP_MAX_SHARED_STRINGS_MB` | `unsafe-archive` |
| time to check one upload (web app) | 120 s | `STAKEHOLDER_MAP_MAX_PARSE_SECONDS` | `took-too-long` |
| memory to check one upload (web app) | 2,000 MB | `STAKEHOLDER_MAP_MAX_PARSE_MEMORY_MB` | `needs-too-much-memory` |

A megabyte here is 1,000,000 bytes, as Streamlit's uploader counts it, so that
`server.maxUploadSize` in `.streamlit/config.toml` (50) and `max_file_mb` are one
limit: the Data page passes `max_file_mb` to its uploader, and a test compares the
two. A value in the environment that is not a positive finite number is ignored,
with a logged warning, and the default applies.

A workbook's shared strings (the text of every cell, in one part) are read whole
before its first row, so their unpacked size is checked from the archive's
directory before the workbook is opened: 20 MB of them take openpyxl about 3 s and
300 MB of memory; the 190 MB of a 20 MB hostile workbook, which passed every
other limit, took minutes.
"""

from __future__ import annotations

import io
import logging
import math
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from mapping.issues import ValidationIssue

__all__ = [
    "ENV_PREFIX",
    "EXCEL_MAX_ROWS",
    "Limits",
    "archive_issues",
    "cell_too_long",
    "file_too_large",
    "long_cells",
    "nested_too_deeply",
    "too_many_cells",
    "too_many_columns",
    "too_many_rows",
]

ENV_PREFIX = "STAKEHOLDER_MAP_"
MEGABYTE = 1_000_000
"""Decimal, as Streamlit's uploader counts (on every system but Windows), so one number is one limit."""
EXCEL_MAX_ROWS = 1_048_576
"""The last row an Excel sheet can have; a workbook claiming rows beyond it is not one Excel wrote."""
RATIO_CHECKED_ABOVE_MB = 10
"""Small parts may compress very well (a sheet of empty rows); only parts unpacking to more are judged by ratio."""
_ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
"""The only compression methods Excel writes; others (bzip2, lzma) can expand without bound in one step."""

REPORTED_CELLS = 10
"""How many over-long cells are named one by one; the rest are counted in one more issue."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """The limits on what one file may hold (see the module docstring for the table).

    `Limits.from_env()` reads them from `STAKEHOLDER_MAP_<FIELD IN CAPITALS>`,
    e.g. `STAKEHOLDER_MAP_MAX_FILE_MB=100`; tests and callers may also pass their own.

    >>> Limits().max_file_mb, Limits(max_rows=10).max_rows
    (50.0, 10)
    """

    max_file_mb: float = 50.0
    max_rows: int = 200_000
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_json_depth: int = 12
    max_unzipped_mb: float = 200.0
    max_zip_members: int = 1_000
    max_compression_ratio: float = 100.0
    max_cells: int = 3_000_000
    max_shared_strings_mb: float = 20.0
    max_parse_seconds: float = 120.0
    max_parse_memory_mb: float = 2_000.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits set in the environment, each missing or unusable one at its default."""
        environ = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for field in fields(cls):
            name = _env(field.name)
            raw = environ.get(name, "").strip()
            if not raw:
                continue
            convert = int if field.type == "int" else float
            try:
                value = convert(raw)
            except ValueError:
                value = 0
            if 0 < value < math.inf:  # "inf" or "1e999" would overflow the byte counts
                values[field.name] = value
            else:
                _log.warning("%s=%r is not a positive number; the default %s applies.", name, raw, field.default)
        return cls(**values)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MEGABYTE)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * MEGABYTE)

    @property
    def max_shared_strings_bytes(self) -> int:
        return int(self.max_shared_strings_mb * MEGABYTE)

    @property
    def max_parse_memory_bytes(self) -> int:
        return int(self.max_parse_memory_mb * MEGABYTE)


def _env(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


def _size(size: int) -> str:
    """'52.3 MB', '812 KB' or '96 bytes'."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:,.1f} MB"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} bytes"


# --- the issues, one code per limit ---------------------------------------------------------


def file_too_large(name: str, size: int, limits: Limits) -> ValidationIssue | None:
    """An issue when a file of `size` bytes is over the size limit, else None (check before reading it)."""
    if size <= limits.max_file_bytes:
        return None
    message = (
        f"{name} is {_size(size)}; the limit is {limits.max_file_mb:g} MB. Split the map into smaller files, "
        f"remove embedded pictures, or ask whoever runs the tool to raise {_env('max_file_mb')} "
        "(and server.maxUploadSize in .streamlit/config.toml for uploads)."
    )
    return ValidationIssue(name, None, None, "file-too-large", message)


def too_many_rows(label: str, row: int | None, limits: Limits) -> ValidationIssue:
    """A table goes past the row limit; `row` is where reading stopped."""
    stopped = f" (reading stopped at row {row:,})" if row is not None else ""
    message = (
        f"{label} has more than {limits.max_rows:,} rows{stopped}. Split it into smaller maps, "
        f"or raise {_env('max_rows')}. An Excel sheet that is not part of the map can be skipped "
        "by adding '(ignore)' to its name."
    )
    return ValidationIssue(label, row, None, "too-many-rows", message)


def too_many_cells(label: str, row: int, limits: Limits) -> ValidationIssue:
    """A table goes past the budget of cells at `row` (its rows times their columns, counted as read)."""
    message = (
        f"{label} holds more than {limits.max_cells:,} cells (reading stopped at row {row:,}); a map of "
        f"30,000 actors needs under a million. Remove the columns the map does not use, split it into smaller "
        f"maps, or raise {_env('max_cells')}."
    )
    return ValidationIssue(label, row, None, "too-many-cells", message)


def too_many_columns(label: str, row: int, width: int, limits: Limits) -> ValidationIssue:
    """A row reaches column `width`, past the column limit."""
    message = (
        f"Row {row:,} has a value in column {width:,}; a table may have at most {limits.max_columns:,} columns. "
        f"Delete the unused columns (check for stray values far to the right), or raise {_env('max_columns')}."
    )
    return ValidationIssue(label, row, None, "too-many-columns", message)


def cell_too_long(label: str, row: int | None, column: str | None, length: int, limits: Limits) -> ValidationIssue:
    """A cell holds more characters than the limit."""
    size = f"{length:,} characters" if length else "more characters than can be read"
    message = (
        f"This cell holds {size}; the limit is {limits.max_cell_chars:,}. Shorten it (keep long notes in a "
        f"document and give its link or name), or raise {_env('max_cell_chars')}."
    )
    return ValidationIssue(label, row, column, "cell-too-long", message)


def long_cells(
    label: str, headers: Sequence[str], rows: Iterable[tuple[int | None, Sequence[str]]], limits: Limits
) -> list[ValidationIssue]:
    """The cells over the length limit, by row and column (the first `REPORTED_CELLS`, then a count of the rest).

    `rows` may include the header row; a cell is named by its header, or by its
    position when the header itself is the long cell or the column has none.
    """
    limit = limits.max_cell_chars
    found = [
        (number, position, len(cell))
        for number, cells in rows
        if max(map(len, cells), default=0) > limit
        for position, cell in enumerate(cells)
        if len(cell) > limit
    ]

    def column(position: int) -> str:
        header = headers[position] if position < len(headers) else ""
        return header if header and len(header) <= limit else f"column {position + 1}"

    issues = [cell_too_long(label, number, column(at), length, limits) for number, at, length in found[:REPORTED_CELLS]]
    if len(found) > REPORTED_CELLS:
        more = len(found) - REPORTED_CELLS
        message = f"{more:,} more cell(s) of {label} hold more than {limit:,} characters."
        issues.append(ValidationIssue(label, None, None, "cell-too-long", message))
    return issues


def nested_too_deeply(name: str, row: int | None, limits: Limits) -> ValidationIssue:
    """A JSON record nests objects and lists deeper than the limit."""
    where = f"Line {row}" if row is not None else name
    message = (
        f"{where} nests objects and lists more than {limits.max_json_depth} levels deep; a map's records "
        f"never need more than 6. It is left out: fix or remove it, or raise {_env('max_json_depth')}."
    )
    return ValidationIssue(name, row, None, "nested-too-deeply", message)


# --- zip archives (.xlsx) ---------------------------------------------------------------------


def archive_issues(name: str, data: bytes, limits: Limits) -> list[ValidationIssue]:
    """Why a workbook's zip archive must not be opened: too many parts, too big unpacked, or a bomb.

    Reads only the archive's directory, never a part's content. Sizes are the
    ones the directory declares; Python's zipfile never unpacks more than that
    (a part that holds more fails its checksum). An archive that cannot be
    opened at all yields no issue here: the workbook reader reports it.
    """
    # Counting directory signatures is cheap; parsing a directory of a million entries is not.
    if data.count(b"PK\x01\x02") > limits.max_zip_members:
        return [_unsafe(name, f"it holds more than {limits.max_zip_members:,} parts", _env("max_zip_members"))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return []
    if len(members) > limits.max_zip_members:
        return [_unsafe(name, f"it holds {len(members):,} parts", _env("max_zip_members"))]
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        reason = f"it would unpack to {_size(total)}, more than the limit of {limits.max_unzipped_mb:g} MB"
        return [_unsafe(name, reason, _env("max_unzipped_mb"))]
    strings = _shared_strings_issue(name, members, limits)
    if strings is not None:
        return [strings]
    return [issue for member in members if (issue := _member_issue(name, member, limits)) is not None][:1]


def _shared_strings_issue(name: str, members: Sequence[zipfile.ZipInfo], limits: Limits) -> ValidationIssue | None:
    """The workbook's shared strings unpack to more than the limit (they are read whole before any row)."""
    size = sum(m.file_size for m in members if m.filename.lower().rsplit("/", 1)[-1] == "sharedstrings.xml")
    if size <= limits.max_shared_strings_bytes:
        return None
    reason = (
        f"the text of its cells (its shared strings) would unpack to {_size(size)}, more than the "
        f"{limits.max_shared_strings_mb:g} MB a map needs and that can be read without holding up everyone else"
    )
    return _unsafe(name, reason, _env("max_shared_strings_mb"))


def _member_issue(name: str, member: zipfile.ZipInfo, limits: Limits) -> ValidationIssue | None:
    if member.compress_type not in _ZIP_METHODS:
        return _unsafe(name, f"its part {member.filename} uses a compression method Excel never writes", None)
    if member.file_size <= RATIO_CHECKED_ABOVE_MB * MEGABYTE:
        return None
    ratio = member.file_size / max(member.compress_size, 1)
    if ratio <= limits.max_compression_ratio:
        return None
    reason = (
        f"its part {member.filename} would unpack from {_size(member.compress_size)} to {_size(member.file_size)} "
        f"({ratio:,.0f} times; the limit is {limits.max_compression_ratio:g}), as zip bombs do"
    )
    return _unsafe(name, reason, _env("max_compression_ratio"))


def _unsafe(name: str, reason: str, variable: str | None) -> ValidationIssue:
    raise_it = f", or raise {variable} if you trust the file" if variable else ""
    message = (
        f"{name} is refused unopened: {reason}. Open it in Excel and save it again as a new .xlsx "
        f"(or export the tables as CSV){raise_it}."
    )
    return ValidationIssue(name, None, None, "unsafe-archive", message)
