"""One shape for every problem found in a user's data.

A `ValidationIssue` names the file, the spreadsheet row (the header is row 1, so the
first data row is row 2, as the user sees it in Excel), the column, a stable code and
a message that says what is wrong and what to do. Checks yield issues; loading
collects all of them instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Literal

__all__ = [
    "ISSUE_CODES",
    "Severity",
    "ValidationIssue",
    "group_issues",
    "has_errors",
    "row_ranges",
    "sort_issues",
]

Severity = Literal["error", "warning"]

# Every code the program can emit, with what it means. Pinned by a test so that the
# README, the data dictionary and the code never drift apart.
ISSUE_CODES: dict[str, str] = {
    "file-not-found": "A path given does not exist.",
    "unsupported-file": "The file is not a CSV or an Excel (.xlsx) workbook.",
    "unreadable-file": "The file could not be read as text or as a workbook.",
    "missing-file": "The actors or the relationships table is missing.",
    "duplicate-table": "Two files or sheets both look like the actors (or the relationships) table.",
    "missing-sheet": "A workbook has no Actors or no Relationships sheet.",
    "empty-file": "A file or sheet holds no header row.",
    "no-rows": "A table has a header but no data rows.",
    "missing-column": "A required column is absent.",
    "duplicate-column": "Two headers name the same column.",
    "extra-cells": "A row has more cells than there are headers; the extra cells are ignored.",
    "unknown-column": "A header looks like a misspelt contract column; it is kept as a custom field.",
    "missing-value": "A required cell is empty.",
    "unknown-value": "A value is not in the column's allowed list.",
    "unknown-tag": "A capability tag is not in the known list; it is kept.",
    "invalid-number": "A cell that must hold a number holds something else.",
    "out-of-range": "A number is outside the column's range.",
    "invalid-date": "A date is not in a recognised form.",
    "date-order": "A tie or an actor ends before it starts.",
    "duplicate-id": "Two actors share an id.",
    "unknown-actor": "A relationship or parent names an actor that is not in the actors table.",
    "ambiguous-actor": "A name matches several actors; use the id instead.",
    "self-loop": "A relationship links an actor to itself (a file's is left out with a warning; the editor's refused).",
    "parent-cycle": "Actors are each other's parents.",
    "sign-conflict": "A positive sign on a kind that is always negative (opposes, rivals).",
    "duplicate-relationship": "The same tie (source, target, kind) appears twice.",
    "not-applicable": "A value was given where it has no meaning (e.g. seniority for an organisation).",
    "direction-conflict": "A tie's direction and its strength_back disagree on whether influence runs back; "
    "strength_back holds.",
    "unsafe-xml": "An XML file, or the XML inside an .xlsx workbook, declares a DTD or entities (as "
    "entity-expansion and external-entity attacks do); GEXF, GraphML and Excel never need them, so the file "
    "is refused.",
    "unreadable-record": "A line or record of a JSON file cannot be read (invalid JSON, not an entity); "
    "it is named by its line number.",
    "file-too-large": "A file is larger than the size limit (50 MB unless STAKEHOLDER_MAP_MAX_FILE_MB says otherwise); "
    "it is not read.",
    "too-many-rows": "A table has more rows than the limit (200,000 unless STAKEHOLDER_MAP_MAX_ROWS says otherwise); "
    "reading stopped there.",
    "too-many-columns": "A row has a value beyond the column limit (200 unless STAKEHOLDER_MAP_MAX_COLUMNS says "
    "otherwise).",
    "cell-too-long": "A cell holds more characters than the limit (10,000 unless STAKEHOLDER_MAP_MAX_CELL_CHARS says "
    "otherwise).",
    "nested-too-deeply": "A JSON record nests objects and lists deeper than the limit (12 levels unless "
    "STAKEHOLDER_MAP_MAX_JSON_DEPTH says otherwise); it is left out.",
    "unsafe-archive": "An .xlsx workbook's zip archive would unpack to too much, has too many parts, compresses "
    "like a zip bomb, holds more shared strings than the limit or uses a compression Excel never writes; it is "
    "refused unopened.",
    "too-many-cells": "A table holds more cells (rows times columns) than the limit (3,000,000 unless "
    "STAKEHOLDER_MAP_MAX_CELLS says otherwise); reading stopped there.",
    "took-too-long": "Checking an upload took longer than the web app allows one upload (120 s unless "
    "STAKEHOLDER_MAP_MAX_PARSE_SECONDS says otherwise); it was stopped.",
    "needs-too-much-memory": "Checking an upload needed more memory than the web app allows one upload (2,000 MB "
    "unless STAKEHOLDER_MAP_MAX_PARSE_MEMORY_MB says otherwise); it was stopped.",
    "skipped-record": "A record the map cannot hold (e.g. a FollowTheMoney Sanction or Address) was left out.",
    "rescaled-value": "Strengths on another scale (Kumu's Strength, Gephi's weight) were converted to ours, 0 to 1.",
    "no-influence": "A tie has strength 0 (a weight of 0 in a graph file): it is kept on the map but carries no "
    "influence.",
    "default-kind": "An actor had no kind, or one the contract does not know (another tool's type): it was given a "
    "kind (a suggested match or the default) and its own type was kept.",
    "kept-as-extra": "A value does not fit our column (a word where a number belongs, say): it is kept as an extra "
    "column instead.",
    "extra-fields": "A file's own fields that are not ours are kept as extra columns (shown in profiles, exported "
    "back).",
    "dropped-content": "Part of a file the map cannot hold (hyperedges, values that change over time, ...) was left "
    "out; the warning names what and how much.",
}


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One problem in the user's data, located as precisely as we can.

    A problem repeated on many rows (the same message in the same column) is one
    issue (`group_issues`): `row` is its first row and `rows` all of them, so a
    file where 254 ties lack a kind reads as one finding, not 254.
    """

    file: str
    row: int | None
    column: str | None
    code: str
    message: str
    severity: Severity = "error"
    rows: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.code not in ISSUE_CODES:
            raise ValueError(f"undeclared issue code {self.code!r}")

    def as_dict(self) -> dict[str, object]:
        """The machine-readable form used by `mapping validate --json` (`rows` a list, as JSON has no tuples)."""
        return asdict(self) | {"rows": list(self.rows)}

    @property
    def count(self) -> int:
        """How many rows have this problem (1 for a problem of one row or of the whole file)."""
        return max(1, len(self.rows))

    @property
    def row_text(self) -> str:
        """The rows as a person reads them: '7', or '2-255 (254 rows)'; '' for the whole file."""
        if len(self.rows) > 1:
            return f"{row_ranges(self.rows)} ({len(self.rows)} rows)"
        return "" if self.row is None else str(self.row)

    @property
    def location(self) -> str:
        """'actors.csv, row 7, column kind' (or 'rows 2-255 (254 rows)') — for messages shown to people."""
        parts = [self.file]
        if len(self.rows) > 1:
            parts.append(f"rows {self.row_text}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


def row_ranges(rows: tuple[int, ...] | list[int], shown: int = 6) -> str:
    """Rows as runs, the first few of them: '2-255', '3, 7, 9-12 and 40 more'.

    >>> row_ranges([2, 3, 4, 7, 9, 10]), row_ranges(list(range(2, 256))), row_ranges([1, 3, 5, 7, 9], shown=2)
    ('2-4, 7, 9-10', '2-255', '1, 3 and 3 more')
    """
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs[:shown])
    hidden = sum(b - a + 1 for a, b in runs[shown:])
    return f"{text} and {hidden} more" if hidden else text


def group_issues(issues: list[ValidationIssue] | tuple[ValidationIssue, ...]) -> list[ValidationIssue]:
    """One issue per distinct problem: the same message, code and column in the same file, with all its rows.

    Kept in the order of each problem's first appearance; an issue met once is
    returned as it was.

    >>> same = [ValidationIssue("t.csv", r, "kind", "missing-value", "No kind.") for r in (2, 3, 4)]
    >>> [(i.row, i.rows, i.location) for i in group_issues(same)]
    [(2, (2, 3, 4), 't.csv, rows 2-4 (3 rows), column kind')]
    """
    grouped: dict[tuple, list[ValidationIssue]] = {}
    for issue in issues:
        key = (issue.file, issue.column, issue.code, issue.severity, issue.message)
        grouped.setdefault(key, []).append(issue)
    result = []
    for members in grouped.values():
        rows = tuple(sorted({r for m in members for r in (m.rows or ((m.row,) if m.row is not None else ()))}))
        first = members[0]
        if len(rows) <= 1:
            result.append(first)
        else:
            result.append(replace(first, row=rows[0], rows=rows))
    return result


def has_errors(issues: list[ValidationIssue]) -> bool:
    """True when any issue blocks loading (warnings do not)."""
    return any(issue.severity == "error" for issue in issues)


def sort_issues(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """Errors first, then by file, row and column, as a user would read them."""
    return sorted(
        issues,
        key=lambda i: (i.severity != "error", i.file, i.row if i.row is not None else -1, i.column or ""),
    )
