"""Writing tables into Excel sheets that can never run a formula.

Text cells go through `mapping.export.guard_formula` (a leading apostrophe before
`=`, `+`, `-`, `@`, tab or carriage return), so openpyxl stores every label as
text, never as a formula; numbers stay numbers; characters Excel cannot hold
(control characters) are removed rather than failing the whole export.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from numbers import Real

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from mapping.export import guard_formula

__all__ = ["safe_cell", "workbook_from_sheets", "write_table"]

Cell = str | float | int | bool | None


def safe_cell(value: object) -> Cell:
    """A value as a cell that cannot run: numbers as numbers, everything else as guarded text.

    >>> safe_cell("=1+1"), safe_cell(0.5), safe_cell(None), safe_cell(True)
    ("'=1+1", 0.5, None, 'TRUE')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Real):
        number = float(value)
        return None if math.isnan(number) else (int(number) if number.is_integer() else number)
    return guard_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def write_table(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A bold, frozen header row and the rows below it, every cell made safe."""
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(40, len(str(header)) + 4))


def workbook_from_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """An .xlsx workbook with one sheet per (title, headers, rows), in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        write_table(workbook.create_sheet(title), headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
