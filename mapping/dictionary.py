"""The data dictionary and blank templates, generated from the contract in `schema.py`.

`sample_data/templates/` holds the generated files; a test checks they are
current, and `mapping templates DIR` writes them again after the contract changes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from mapping.export import ACTOR_HEADERS, RELATIONSHIP_HEADERS, csv_bytes, fill_sheet, guard_formula
from mapping.issues import ISSUE_CODES
from mapping.model import relationship_kind
from mapping.schema import (
    ACTOR_COLUMNS,
    ACTOR_KINDS,
    BUSINESS_SUBTYPES,
    CAPABILITIES,
    CONFIDENCE_LEVELS,
    ENGAGEMENT_STATUSES,
    IMPLIED_TIE_RULES,
    PHASES,
    RELATIONSHIP_COLUMNS,
    RELATIONSHIP_KINDS,
    SENIORITY_LEVELS,
    STANCES,
    Column,
    Term,
)
from mapping.values import format_number

__all__ = ["data_dictionary_markdown", "template_files", "template_workbook_bytes", "write_templates"]


def data_dictionary_markdown() -> str:
    """The whole contract as a Markdown document for analysts."""
    sections = [
        _INTRO,
        "## Actors table (`actors.csv`, sheet `Actors`)\n\n" + _columns_table(ACTOR_COLUMNS),
        "## Relationships table (`relationships.csv`, sheet `Relationships`)\n\n"
        + _columns_table(RELATIONSHIP_COLUMNS),
        "## Actor kinds\n\n" + _terms_table(ACTOR_KINDS),
        "## Business subtypes\n\n" + _terms_table(BUSINESS_SUBTYPES),
        "## Relationship kinds and their defaults\n\n" + _relationship_kinds_table(),
        "## Influence in each direction\n\n" + _direction_rule_text(),
        "## Ties implied by `parent`\n\n" + _implied_ties_text(),
        "## Seniority\n\n" + _terms_table(SENIORITY_LEVELS),
        "## Stance toward prevention\n\n" + _terms_table(STANCES),
        "## Prevention phases\n\n" + _terms_table(PHASES),
        "## Capabilities (known tags; others are kept)\n\n" + _terms_table(CAPABILITIES),
        "## Engagement status\n\n" + _terms_table(ENGAGEMENT_STATUSES),
        "## Confidence\n\n" + _terms_table(CONFIDENCE_LEVELS),
        "## Problems the validator reports\n\n" + _issue_codes_table(),
    ]
    return "\n\n".join(sections) + "\n"


_INTRO = """# Data dictionary

A stakeholder map is two tables: **actors** (one row per organisation, unit or person)
and **relationships** (one row per tie). Give them as `actors.csv` and
`relationships.csv`, or as one Excel workbook with sheets named `Actors` and
`Relationships`. Sheets with "(ignore)" in their name are skipped.

What the reader accepts:
- headers in any case and spacing, and the aliases listed below (e.g. `Type` for `kind`,
  `From`/`To` for `source`/`target`, `influence` or `weight` for a tie's `strength`);
- UTF-8 with or without a byte-order mark, Excel's UTF-16 and latin-1 exports;
  `,`, `;`, tab or `|` as the delimiter; decimal commas (`0,7`); percentages (`70%`); blank rows;
- values by name, label or alias, in any case (`Business Association`, `NGO`, `Company`);
- dates as `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or with a month name (`28 Feb 2008`);
  slashed dates such as `03/04/2008` are refused because day and month order differ by country;
- lists (`phases`, `capabilities`) separated by `;`, `|` or `,`.

Rows are numbered as in a spreadsheet: the header is row 1, the first actor is row 2.
Other columns are kept as custom fields and written back on export.
Cells starting with `=`, `+`, `-`, `@`, tab or carriage return are written with a leading
apostrophe on export so that spreadsheets show them as text; reading strips it again.
"""


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number_range(column: Column) -> str:
    """'>= 0 and <= 5', '> 0 and <= 1', or 'any number' for an unbounded column (a position on the map)."""
    low = f"{'>' if column.minimum_exclusive else '>='} {column.minimum:g}" if column.minimum is not None else ""
    high = f"<= {column.maximum:g}" if column.maximum is not None else ""
    return " and ".join(part for part in (low, high) if part) or "any number"


def _columns_table(columns: Sequence[Column]) -> str:
    lines = ["| column | required | type | meaning | allowed values | also accepted as | example |", "|---" * 7 + "|"]
    for column in columns:
        allowed = ", ".join(f"`{t.name}`" for t in column.vocabulary)
        if column.value_type == "number":
            allowed = _number_range(column)
        if column.open_vocabulary:
            allowed += " (and any other tag)"
        borrowed = (f"`{a}` (when the table also has the column it usually names)" for a in column.borrowed_aliases)
        aliases = ", ".join([*(f"`{a}`" for a in column.aliases), *borrowed])
        required = "yes" if column.required else ""
        cells = (f"`{column.name}`", required, column.value_type, column.description, allowed, aliases, column.example)
        lines.append("| " + " | ".join(_escape(c) for c in cells) + " |")
    return "\n".join(lines)


def _terms_table(terms: Sequence[Term]) -> str:
    lines = ["| value | meaning | also accepted as |", "|---|---|---|"]
    for term in terms:
        aliases = ", ".join(f"`{a}`" for a in (term.label, *term.aliases) if a != term.name)
        lines.append(f"| `{term.name}` | {_escape(term.description)} | {_escape(aliases)} |")
    return "\n".join(lines)


def _relationship_kinds_table() -> str:
    lines = [
        "Blank `strength` and `sign` take these defaults, and so does the back strength when `strength_back` "
        "and `direction` are both blank (see the next section). They are documented starting points for a "
        "workshop, not measurements: rate each tie where you can.\n",
        "| kind | meaning | source | target | default strength | back ratio | default strength_back | sign "
        "| why | also accepted as |",
        "|---" * 10 + "|",
    ]
    for kind in RELATIONSHIP_KINDS:
        aliases = ", ".join(f"`{a}`" for a in kind.aliases)
        cells = (
            f"`{kind.name}`",
            kind.description,
            kind.source_hint or "any actor",
            kind.target_hint or "any actor",
            f"{kind.default_strength:g}",
            f"{kind.back_ratio:g}" if kind.back_ratio else "0 (one way)",
            f"{kind.default_back(kind.default_strength):g}",
            kind.sign,
            kind.rationale,
            aliases,
        )
        lines.append("| " + " | ".join(_escape(c) for c in cells) + " |")
    return "\n".join(lines)


_DIRECTION_RULE = """A tie's `strength` is how strongly the source moves the target; its back strength is how
strongly the target moves the source, from 0 (no influence back) to 1. The back strength is:

1. `strength_back`, when the row gives it;
2. else, when the row gives `direction`: `mutual` = the tie's `strength` (both ways with the same
   strength), `directed` = 0;
3. else the kind's default: min(1, `strength` x the kind's back ratio), rounded to 6 decimals, 0 for a
   one-way kind (a `member_of` tie of strength 0.4 gives 0.6 back: the association moves its member more
   than the member moves it).

A `direction` that contradicts a written `strength_back` (`directed` with influence back, or `mutual`
with none) is a `direction-conflict` warning, and `strength_back` holds. Exports write `strength` and
`strength_back` explicitly, and `direction` as `mutual` exactly when influence runs back, so a map reads
back the same whatever the defaults become. Analyses use the back strength as an edge target -> source,
weighted by confidence and weakened like the forward strength."""


def _direction_rule_text() -> str:
    return _DIRECTION_RULE


def _implied_ties_text() -> str:
    lines = [
        "When an actor names a `parent` and the relationships table holds no tie between the two, the map "
        "adds one with its kind's default strength and back strength, so that people and units are never "
        "isolated:\n"
    ]
    for key, rule in IMPLIED_TIE_RULES.items():
        who = key.replace("_", " ").replace("person other", "person (mid, csr or no seniority)")
        kind = relationship_kind(rule.kind)
        ends = ("parent", "actor") if rule.reverse else ("actor", "parent")
        strengths = (
            f"{ends[0]} -> {ends[1]} {kind.default_strength:g}, "
            f"{ends[1]} -> {ends[0]} {kind.default_back(kind.default_strength):g}"
        )
        lines.append(f"- {who}: `{rule.kind}` ({strengths}): {rule.reason}.")
    lines.append("\nExports leave implied ties out; loading the file again derives them again.")
    return "\n".join(lines)


def _issue_codes_table() -> str:
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {_escape(meaning)} |" for code, meaning in ISSUE_CODES.items()]
    return "\n".join(lines)


# --- templates ----------------------------------------------------------------------


def template_workbook_bytes() -> bytes:
    """A blank workbook: Actors and Relationships sheets, plus allowed values to copy from."""
    workbook = Workbook()
    actors = workbook.active
    actors.title = "Actors"
    fill_sheet(actors, ACTOR_HEADERS, [])
    fill_sheet(workbook.create_sheet("Relationships"), RELATIONSHIP_HEADERS, [])
    fill_sheet(workbook.create_sheet("Allowed values (ignore)"), *_allowed_values_rows())
    fill_sheet(workbook.create_sheet("Tie defaults (ignore)"), *_tie_defaults_rows())
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _allowed_values_rows() -> tuple[list[str], list[list[str]]]:
    vocabularies = {
        "kind (actors)": ACTOR_KINDS,
        "subtype (businesses)": BUSINESS_SUBTYPES,
        "seniority": SENIORITY_LEVELS,
        "stance": STANCES,
        "phases": PHASES,
        "capabilities": CAPABILITIES,
        "engagement_status": ENGAGEMENT_STATUSES,
        "kind (relationships)": RELATIONSHIP_KINDS,
        "confidence": CONFIDENCE_LEVELS,
    }
    rows = [[column, term.name, term.description] for column, terms in vocabularies.items() for term in terms]
    return ["column", "value", "meaning"], rows


def _tie_defaults_rows() -> tuple[list[str], list[list[str]]]:
    """Each relationship kind's defaults and why, for the workbook template (see `_DIRECTION_RULE`)."""
    headers = ["kind", "default strength", "back ratio", "default strength_back", "sign", "why"]
    rows = [
        [
            kind.name,
            format_number(kind.default_strength),
            format_number(kind.back_ratio),
            format_number(kind.default_back(kind.default_strength)),
            guard_formula(kind.sign),
            kind.rationale,
        ]
        for kind in RELATIONSHIP_KINDS
    ]
    return headers, rows


def template_files() -> dict[str, bytes]:
    """Every template file by name: the blank CSVs, the workbook and the data dictionary."""
    return {
        "actors.csv": csv_bytes(ACTOR_HEADERS, []),
        "relationships.csv": csv_bytes(RELATIONSHIP_HEADERS, []),
        "stakeholder_map_template.xlsx": template_workbook_bytes(),
        "DATA_DICTIONARY.md": data_dictionary_markdown().encode("utf-8"),
    }


def write_templates(folder: str | Path) -> list[Path]:
    """Write every template file into a folder; returns the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in template_files().items():
        path = target / name
        path.write_bytes(data)
        written.append(path)
    return written
