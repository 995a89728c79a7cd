"""Checking raw tables against the data contract and turning them into records.

`validate_actors` and `validate_relationships` read every row, collect every
problem as a `ValidationIssue` (never stopping at the first) and return typed
`Actor` and `Relationship` records for the rows that are sound. Callers build a
`StakeholderMap` only when no issue is an error (see `mapping.load`).

Every row is parsed the same way. What a cell's text means in its column does
not depend on its row, so reading a cell is a pure function from the text (and
the column) to a `_Reading`: the value, and the problems found. Those functions
are cached with `functools.lru_cache`, since a national map repeats a few
spellings of kinds, strengths and confidence over thousands of rows; the row
then reports the reading's problems itself, so that a bad value repeated on many
rows is reported on each of them. Readings hold only immutable values, so rows
(and the app's sessions, in their threads) can share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

from mapping.issues import Severity, ValidationIssue
from mapping.model import Actor, ActorIndex, Relationship
from mapping.read import RawTable
from mapping.schema import (
    ACTOR_COLUMNS,
    ACTOR_KINDS,
    ALL_PHASES_ALIASES,
    BUSINESS_SUBTYPES,
    DEFAULT_CONFIDENCE,
    DEFAULT_ENGAGEMENT_STATUS,
    DEFAULT_STANCE,
    PHASES,
    RELATIONSHIP_COLUMNS,
    RELATIONSHIP_KINDS,
    RISK_FACTOR_COUNT,
    RISK_ROLES,
    Column,
    Term,
    back_strength,
    normalise_token,
)
from mapping.values import (
    PartialDate,
    closest_matches,
    format_number,
    match_term,
    parse_number,
    parse_partial_date,
    split_list,
)

T = TypeVar("T")

__all__ = ["HeaderMap", "match_headers", "validate_actors", "validate_relationships"]

_RELATIONSHIP_KIND = {kind.name: kind for kind in RELATIONSHIP_KINDS}

# --- headers ------------------------------------------------------------------------


@dataclass
class HeaderMap:
    """Which position of a table holds which contract column, and which are custom fields."""

    fields: dict[str, int] = field(default_factory=dict)
    custom: dict[str, int] = field(default_factory=dict)


def match_headers(
    table: RawTable, columns: Sequence[Column], foreign: bool = False
) -> tuple[HeaderMap, list[ValidationIssue]]:
    """Map a table's headers to contract columns by name or alias (case and spacing ignored).

    With `foreign` (a file another tool wrote), only our columns' own names count:
    another tool's `status` or `Code` means what that tool means, not our
    engagement status or id, so it stays an extra column, and one `extra-fields`
    warning lists them instead of guessing at misspellings. (Each importer first
    renames the fields its tool documents for one of our columns: Gephi's `label`,
    Kumu's `Description`.)

    Headers that match no column are kept as custom fields; when one looks like a
    misspelt column a warning says so. A required column that is absent, or two
    headers naming the same column, is an error. A borrowed alias names its second
    column when another header already names its first (`Column.borrowed_aliases`):
    `id,name,label` has a short name, Gephi's `Id,Label` only a name.
    """
    names = (lambda col: (col.name,)) if foreign else (lambda col: (col.name, *col.aliases))
    spellings = {normalise_token(s): col.name for col in columns for s in names(col)}
    tokens = [normalise_token(header) for header in table.headers]
    borrowed = {} if foreign else _borrowed_headers(tokens, spellings, columns)
    headers = HeaderMap()
    issues: list[ValidationIssue] = []
    for position, header in enumerate(table.headers):
        name = borrowed.get(position) or spellings.get(tokens[position])
        if name is None:
            _add_custom_field(table, headers, position, header, {} if foreign else spellings, issues)
        elif name in headers.fields:
            first = table.headers[headers.fields[name]]
            issues.append(
                _issue(
                    table,
                    1,
                    header,
                    "duplicate-column",
                    f"Headers '{first}' and '{header}' both mean the column '{name}'. Keep one of them.",
                )
            )
        else:
            headers.fields[name] = position
    for column in columns:
        if column.required and column.name not in headers.fields:
            issues.append(_missing_column(table, column))
    custom = headers.custom.items() if foreign else ()
    filled = [name for name, at in custom if any(cells[at] for _, cells in table.rows)]
    if filled:
        issues.append(_extra_fields(table, filled))
    return headers, issues


def _extra_fields(table: RawTable, names: list[str]) -> ValidationIssue:
    """One warning naming the file's own fields, kept as extra columns."""
    shown = ", ".join(f"'{name}'" for name in names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    message = (
        f"Kept as extra columns, as the file names them (shown in each profile and written back on export): {shown}. "
        "They are not read as our columns; rename one to a column of ours to use it so."
    )
    return _issue(table, None, None, "extra-fields", message, "warning")


def _borrowed_headers(tokens: Sequence[str], spellings: dict[str, str], columns: Sequence[Column]) -> dict[int, str]:
    """Positions of headers read by a borrowed alias, and the column each names there.

    A header is borrowed when it is a borrowed alias and another header, spelled
    differently, names the column the alias first belongs to.

    >>> from mapping.schema import ACTOR_COLUMNS
    >>> spellings = {normalise_token(s): c.name for c in ACTOR_COLUMNS for s in (c.name, *c.aliases)}
    >>> [_borrowed_headers(tokens, spellings, ACTOR_COLUMNS) for tokens in (["id", "name", "label"], ["id", "label"])]
    [{2: 'short_name'}, {}]
    """
    second = {normalise_token(s): col.name for col in columns for s in col.borrowed_aliases}
    found: dict[int, str] = {}
    for position, token in enumerate(tokens):
        owner = spellings.get(token)
        if token in second and owner and any(spellings.get(other) == owner and other != token for other in tokens):
            found[position] = second[token]
    return found


def _add_custom_field(
    table: RawTable,
    headers: HeaderMap,
    position: int,
    header: str,
    spellings: dict[str, str],
    issues: list[ValidationIssue],
) -> None:
    label = header or f"column {position + 1}"
    if not header and not any(cells[position] for _, cells in table.rows):
        return
    headers.custom[label] = position
    guess = closest_matches(header, spellings, 1, cutoff=0.8) if header else []
    if guess:
        issues.append(
            _issue(
                table,
                1,
                label,
                "unknown-column",
                f"'{header}' is not a column of the contract; did you mean '{spellings[guess[0]]}'? "
                "It is kept as a custom field. Rename the header if you meant the contract column.",
                "warning",
            )
        )


def _missing_column(table: RawTable, column: Column) -> ValidationIssue:
    found = ", ".join(h for h in table.headers if h) or "none"
    accepted = ", ".join((column.name, *column.aliases[:3]))
    return _issue(
        table,
        1,
        column.name,
        "missing-column",
        f"The required column '{column.name}' is missing (headers found: {found}). "
        f"Add a column headed '{column.name}' (also accepted: {accepted}).",
    )


# --- cells --------------------------------------------------------------------------

# The contract's columns by table ("actors" or "relationships") and name: actors and ties share
# column names ("kind", "risk_factors") that mean different things.
_COLUMN: dict[tuple[str, str], Column] = {
    **{("actors", column.name): column for column in ACTOR_COLUMNS},
    **{("relationships", column.name): column for column in RELATIONSHIP_COLUMNS},
}

# The closed vocabulary a column's cells are matched against. A subtype is checked only
# for businesses (see `_subtype`), against the business scales.
_VOCABULARY: dict[tuple[str, str], tuple[Term, ...]] = {
    **{key: column.vocabulary for key, column in _COLUMN.items() if column.vocabulary},
    ("actors", "subtype"): BUSINESS_SUBTYPES,
}

_CACHE_SIZE = 8192
"""Distinct cell texts each reading function remembers (least recently used forgotten first).

A column of a real map repeats a few spellings; dates and lists vary more. The
bound keeps a long-running app's memory flat whatever its users upload.
"""


class _Problem(NamedTuple):
    """What is wrong with a cell's text, before it is placed at a row and column."""

    code: str
    message: str
    severity: Severity = "error"


class _Reading(NamedTuple, Generic[T]):
    """What a cell's text means in its column: the value (None when unusable) and the problems found."""

    value: T | None
    problems: tuple[_Problem, ...] = ()


def _problem(code: str, message: str, severity: Severity = "error") -> _Reading:
    """A reading with no usable value and one problem."""
    return _Reading(None, (_Problem(code, message, severity),))


@lru_cache(maxsize=_CACHE_SIZE)
def _term_reading(text: str, table: str, column: str) -> _Reading[str]:
    """The canonical name of the term a cell names in its column's vocabulary, or an unknown-value problem.

    Keyed on the table and column names, whose hashes are cached by Python: hashing
    the vocabulary itself (a tuple of terms) on every cell would cost more than matching.
    """
    vocabulary = _VOCABULARY[table, column]
    name = match_term(text, vocabulary)
    if name is None:
        return _problem("unknown-value", unknown_value_message(text, column, vocabulary))
    return _Reading(name)


@lru_cache(maxsize=_CACHE_SIZE)
def _number_reading(text: str, table: str, column: str) -> _Reading[float]:
    """A number within the column's range, or why the text is not one (the columns' ranges differ)."""
    spec = _COLUMN[table, column]
    try:
        value = parse_number(text)
    except ValueError as err:
        return _problem("invalid-number", f"{err}. {spec.description}")
    if not _in_range(value, spec):
        return _problem("out-of-range", _range_message(text, spec))
    return _Reading(value)


@lru_cache(maxsize=_CACHE_SIZE)
def _date_reading(text: str) -> _Reading[PartialDate]:
    """A partial date, or why the text is not one; the same in every date column (the message names none)."""
    try:
        return _Reading(parse_partial_date(text))
    except ValueError as err:
        reason = str(err)
        return _problem("invalid-date", f"{reason[0].upper()}{reason[1:]}.")


class _Row:
    """One row's cells, found by column name, with the location needed for messages.

    `role` is the contract table the row belongs to ("actors" or "relationships"),
    which says what a column name means; `positions` (shared by the table's rows)
    says where each contract column is among the cells. Problems are reported on
    the row as they are found and collected in `issues`.
    """

    __slots__ = ("_cells", "_positions", "custom", "issues", "lenient", "role", "row_number", "table")

    def __init__(
        self,
        table: RawTable,
        role: str,
        number: int,
        cells: tuple[str, ...],
        positions: dict[str, int],
        custom: tuple[tuple[str, str], ...] = (),
        lenient: bool = False,
    ) -> None:
        self.table = table
        self.role = role
        self.row_number = number
        self._cells = cells
        self._positions = positions
        self.custom = custom
        self.lenient = lenient
        self.issues: list[ValidationIssue] = []

    def text(self, column: str) -> str:
        """The cell's text; '' when the table has no such column."""
        position = self._positions.get(column)
        return "" if position is None else self._cells[position]

    def report(self, column: str | None, code: str, message: str, severity: Severity = "error") -> None:
        self.issues.append(_issue(self.table, self.row_number, column, code, message, severity))

    def take(self, column: str, reading: _Reading[T]) -> T | None:
        """The reading's value, once its problems are reported at this row and column.

        In a lenient row (a file another tool wrote), a value that does not fit
        is not an error: the text is kept as an extra column (`_keep_as_extra`).
        """
        value, problems = reading
        if self.lenient and any(problem.severity == "error" for problem in problems):
            self._keep_as_extra(column, problems)
            return None
        for problem in problems:
            self.report(column, *problem)
        return value

    def _keep_as_extra(self, column: str, problems: tuple[_Problem, ...]) -> None:
        header = self.table.headers[self._positions[column]]
        extra = f"{header} (as written)"
        self.custom = (*self.custom, (extra, self.text(column)))
        why = " ".join(problem.message for problem in problems if problem.severity == "error")
        message = f"{why} The value is kept as the extra column '{extra}', and {column} is left blank."
        self.report(column, "kept-as-extra", message, "warning")

    def required(self, column: str) -> str | None:
        """The cell's text; a missing-value error when it is empty (and the table has the column)."""
        value = self.text(column)
        if not value and column in self._positions:
            self.report(column, "missing-value", f"'{column}' is required: {_COLUMN[self.role, column].description}")
        return value or None

    def term(self, column: str) -> str | None:
        text = self.text(column)
        return self.take(column, _term_reading(text, self.role, column)) if text else None

    def number(self, column: str) -> float | None:
        text = self.text(column)
        return self.take(column, _number_reading(text, self.role, column)) if text else None

    def date(self, column: str) -> PartialDate | None:
        text = self.text(column)
        return self.take(column, _date_reading(text)) if text else None

    def items(self, column: str, read: Callable[[str], _Reading[tuple[T, ...]]]) -> tuple[T, ...]:
        """The items of a list cell as `read` finds them (several problems may come from one cell)."""
        text = self.text(column)
        if not text:
            return ()
        return self.take(column, read(text)) or ()


def _rows(table: RawTable, headers: HeaderMap, role: str, lenient: bool = False) -> Iterator[_Row]:
    """The table's rows one by one: a generator, so that a row nobody keeps is freed once parsed."""
    custom = tuple(headers.custom.items())
    for number, cells in table.rows:
        yield _Row(table, role, number, cells, headers.fields, _custom_cells(custom, cells), lenient)


def _custom_cells(custom: tuple[tuple[str, int], ...], cells: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The row's non-empty custom fields, as (header, text) pairs."""
    return tuple((name, cells[position]) for name, position in custom if cells[position]) if custom else ()


def unknown_value_message(raw: str, column: str, vocabulary: Sequence[Term]) -> str:
    """'x' is not an allowed kind; the closest allowed value; and the list of all of them."""
    spelled = {s: term.name for term in vocabulary for s in (term.name, term.label, *term.aliases)}
    guess = closest_matches(raw, spelled, 1)
    hint = f" Did you mean '{spelled[guess[0]]}'?" if guess else ""
    allowed = ", ".join(term.name for term in vocabulary)
    return f"'{raw}' is not an allowed value of {column}.{hint} Allowed: {allowed}."


def _in_range(value: float, column: Column) -> bool:
    if column.minimum is not None and (
        value < column.minimum or (column.minimum_exclusive and value == column.minimum)
    ):
        return False
    return column.maximum is None or value <= column.maximum


def _range_message(raw: str, column: Column) -> str:
    low = "above" if column.minimum_exclusive else "from"
    message = (
        f"{raw} is out of range for {column.name}: use a number {low} {column.minimum:g} up to {column.maximum:g}."
    )
    if column.name == "strength":
        message += " A 1-5 rating can be divided by 5; a tie with no influence has strength 0."
    return message


# --- actors -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ParsedActor:
    """An actor read from a row; `kind` may be empty when the row's kind was unusable."""

    row: _Row
    actor: Actor
    parent_reference: str


def validate_actors(table: RawTable, foreign: bool = False) -> tuple[list[Actor], list[ValidationIssue]]:
    """Check the actors table and return its actors, with parents resolved to ids.

    Every problem is reported: required columns and values, allowed values with
    the closest match, number ranges, dates, duplicate ids, and unknown, ambiguous
    or circular parents. Rows with no name yield no actor. Rows with other errors
    (an unknown kind, say) still yield one, so that relationships naming them are
    not reported as unknown too; build a map only when no issue is an error.

    With `foreign` (a file another tool wrote), headers are matched by our names
    only and a value that does not fit its column is kept as an extra column with
    a warning (`match_headers`, `_Row.take`).
    """
    headers, issues = match_headers(table, ACTOR_COLUMNS, foreign)
    if not table.rows:
        issues.append(_issue(table, None, None, "no-rows", "The actors table has no rows: add one actor per row."))
    if any(issue.code == "missing-column" for issue in issues):
        return [], issues
    # kept: duplicates and parents are reported after all are read
    rows = list(_rows(table, headers, "actors", foreign))
    parsed = _without_duplicate_ids([p for p in map(_parse_actor, rows) if p is not None])
    index = ActorIndex(p.actor for p in parsed)
    resolved = [_with_resolved_parent(p, index) for p in parsed]
    _report_parent_cycles(resolved)
    issues += [issue for row in rows for issue in row.issues]
    return [p.actor for p in resolved], issues


def _parse_actor(row: _Row) -> _ParsedActor | None:
    """One actor from one row; None when the row has no name to know it by."""
    name = row.required("name")
    kind, subtype, seniority = _actor_class(row)
    active_from, active_until = _period(row, "active_from", "active_until", "actor")
    actor = Actor(
        id=row.text("id") or name or "",
        name=name or "",
        kind=kind or "",
        subtype=subtype,
        sector=row.text("sector"),
        country=row.text("country"),
        region=row.text("region"),
        parent=row.text("parent") or None,  # the reference as written, until `_with_resolved_parent`
        role=row.text("role"),
        seniority=seniority,
        influence=row.number("influence"),
        stance=row.term("stance") or DEFAULT_STANCE,
        integrity=row.number("integrity"),
        neutrality=row.number("neutrality"),
        phases=row.items("phases", _phases_reading),
        capabilities=row.items("capabilities", _capabilities_reading),
        engagement_status=row.term("engagement_status") or DEFAULT_ENGAGEMENT_STATUS,
        notes=row.text("notes"),
        source=row.text("source"),
        last_verified=row.date("last_verified"),
        risk_factors=row.items("risk_factors", _risk_factors_reading),
        interest=row.number("interest"),
        active_from=active_from,
        active_until=active_until,
        short_name=row.text("short_name"),
        map_x=row.number("map_x"),
        map_y=row.number("map_y"),
        attributes=row.custom,  # last: a value kept as an extra column joins the row's custom fields as it is read
    )
    return _ParsedActor(row, actor, row.text("parent")) if name else None


def _period(row: _Row, start: str, end: str, what: str) -> tuple[PartialDate | None, PartialDate | None]:
    """The row's start and end dates; a date-order error when the end comes before the start.

    The same check for a tie's `since`/`until` and an actor's `active_from`/`active_until`.
    """
    since, until = row.date(start), row.date(end)
    if since and until and until.end < since.start:
        row.report(end, "date-order", f"The {what} ends ({until}) before it starts ({since}). Swap or fix the dates.")
    return since, until


def _actor_class(row: _Row) -> tuple[str | None, str, str | None]:
    """The actor's kind, subtype and seniority, which are checked against each other."""
    kind, implied_subtype = _actor_kind(row)
    seniority = row.term("seniority")
    if seniority and kind and kind != "person":
        row.report("seniority", "not-applicable", "Seniority applies to people only; it is kept but unused.", "warning")
    return kind, _subtype(row, kind, implied_subtype), seniority


def _actor_kind(row: _Row) -> tuple[str | None, str]:
    """The actor's kind and the subtype its spelling implies ("Multinational" -> business, multinational)."""
    raw = row.required("kind")
    if raw is None:
        return None, ""
    implied = _SUBTYPE_ALIASES.get(normalise_token(raw))
    if implied is not None:
        return implied
    return row.term("kind"), ""


_SUBTYPE_ALIASES = {
    normalise_token(alias): (kind.name, subtype) for kind in ACTOR_KINDS for alias, subtype in kind.subtype_aliases
}


def _subtype(row: _Row, kind: str | None, implied: str) -> str:
    """The subtype; for businesses it must be one of the business scales."""
    raw = row.text("subtype")
    if kind != "business" or not raw:
        return raw or implied
    return row.term("subtype") or raw


_ALL_PHASES_TOKENS = frozenset(normalise_token(alias) for alias in ALL_PHASES_ALIASES)


@lru_cache(maxsize=_CACHE_SIZE)
def _phases_reading(text: str) -> _Reading[tuple[str, ...]]:
    """The phases a cell names, in the framework's order ("all" and its aliases name every phase)."""
    phases: list[str] = []
    problems: list[_Problem] = []
    for item in split_list(text):
        if normalise_token(item) in _ALL_PHASES_TOKENS:
            phases += [phase.name for phase in PHASES]
            continue
        name = match_term(item, PHASES)
        if name is None:
            problems.append(_Problem("unknown-value", unknown_value_message(item, "phases", PHASES)))
        else:
            phases.append(name)
    return _Reading(tuple(p.name for p in PHASES if p.name in phases), tuple(problems))


@lru_cache(maxsize=_CACHE_SIZE)
def _capabilities_reading(text: str) -> _Reading[tuple[str, ...]]:
    """Known capability tags by their canonical name; other tags kept, normalised, with a warning."""
    vocabulary = _VOCABULARY["actors", "capabilities"]
    tags: list[str] = []
    problems: list[_Problem] = []
    for item in split_list(text):
        name = match_term(item, vocabulary)
        if name is None:
            name = normalise_token(item)
            guess = closest_matches(item, [t.name for t in vocabulary], 1)
            hint = f" Did you mean '{guess[0]}'?" if guess else ""
            message = f"'{item}' is not a known capability; it is kept as '{name}'.{hint}"
            problems.append(_Problem("unknown-tag", message, "warning"))
        tags.append(name)
    return _Reading(tuple(dict.fromkeys(tags)), tuple(problems))


_RISK_CODE = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}))?$")
_RISK_HELP = "write each as factor:role, e.g. 8.7:mitigator or 7.5:enabler (factors 1-14, or indicators like 8.7)"


@lru_cache(maxsize=_CACHE_SIZE)
def _risk_factors_reading(text: str) -> _Reading[tuple[tuple[str, str], ...]]:
    """UN Framework factor or indicator codes with their role, e.g. (("8.7", "mitigator"),).

    The same for actors and ties: both tables call the column risk_factors.
    """
    tags: list[tuple[str, str]] = []
    problems: list[_Problem] = []
    for item in split_list(text):
        parts = re.split(r"\s*[:=]\s*|\s+", item, maxsplit=1)
        tag = _risk_tag(item, parts[0], parts[1] if len(parts) > 1 else "")
        if isinstance(tag, _Problem):
            problems.append(tag)
        else:
            tags.append(tag)
    return _Reading(tuple(dict.fromkeys(tags)), tuple(problems))


def _risk_tag(item: str, code: str, role_text: str) -> tuple[str, str] | _Problem:
    """One item's (code, role), or what is wrong with it."""
    match = _RISK_CODE.match(code)
    if match is None or not 1 <= int(match.group(1)) <= RISK_FACTOR_COUNT:
        return _Problem("unknown-value", f"'{item}' names no risk factor of the UN Framework; {_RISK_HELP}.")
    role = match_term(role_text, RISK_ROLES) if role_text else None
    if role is None:
        return _Problem("unknown-value", f"'{item}' needs a role, mitigator or enabler; {_RISK_HELP}.")
    return code, role


def _without_duplicate_ids(parsed: list[_ParsedActor]) -> list[_ParsedActor]:
    """The first actor of each id; later ones are reported and dropped."""
    first_row: dict[str, int] = {}
    kept = []
    for p in parsed:
        if p.actor.id in first_row:
            p.row.report("id", "duplicate-id", _duplicate_id_message(p, first_row[p.actor.id]))
            continue
        first_row[p.actor.id] = p.row.row_number
        kept.append(p)
    return kept


def _duplicate_id_message(p: _ParsedActor, first: int) -> str:
    if p.row.text("id"):
        return f"The id '{p.actor.id}' is already used on row {first}. Give each actor its own id."
    return (
        f"An actor named '{p.actor.name}' already appears on row {first} and neither has an id. "
        "Remove the repeated row, or give both an id to keep them apart."
    )


def _with_resolved_parent(p: _ParsedActor, index: ActorIndex) -> _ParsedActor:
    """The actor with its `parent` reference replaced by the parent's id (or None)."""
    reference = p.parent_reference
    if not reference:
        return p
    parent_id = _resolve(p.row, "parent", reference, index)
    if parent_id == p.actor.id:
        p.row.report("parent", "self-loop", f"'{p.actor.name}' names itself as its parent. Clear the parent cell.")
        parent_id = None
    if parent_id == reference:  # named by its id: the actor already holds it
        return p
    return _ParsedActor(p.row, replace(p.actor, parent=parent_id), reference)


def _report_parent_cycles(parsed: list[_ParsedActor]) -> None:
    """Report each actor whose chain of parents leads back to itself."""
    parent_of = {p.actor.id: p.actor.parent for p in parsed}
    for p in parsed:
        chain = [p.actor.id]
        current = parent_of.get(p.actor.id)
        while current is not None and current not in chain:
            chain.append(current)
            current = parent_of.get(current)
        if current == p.actor.id and len(chain) > 1:
            loop = " -> ".join([*chain, p.actor.id])
            p.row.report("parent", "parent-cycle", f"The parents loop back to this actor ({loop}). Break the loop.")


def _resolve(row: _Row, column: str, reference: str, index: ActorIndex) -> str | None:
    """The id of the actor a cell names, or None with an issue on the row."""
    matches = index.matches(reference)
    if len(matches) == 1:
        return matches[0]
    if matches:
        row.report(
            column,
            "ambiguous-actor",
            f"'{reference}' matches {len(matches)} actors (ids: {', '.join(matches)}). Use the id instead.",
        )
        return None
    guesses = index.closest(reference)
    hint = f" Closest: {', '.join(repr(g) for g in guesses)}." if guesses else ""
    row.report(
        column,
        "unknown-actor",
        f"'{reference}' is not an actor in the actors table.{hint} Add it to the actors table or fix the spelling.",
    )
    return None


# --- relationships ------------------------------------------------------------------


def validate_relationships(
    table: RawTable, actors: Sequence[Actor] | None, *, self_loops: str = "skip", foreign: bool = False
) -> tuple[list[Relationship], list[ValidationIssue]]:
    """Check the relationships table against the actors and return its ties.

    A tie from an actor to itself is left out with a warning (`self_loops="skip"`: files
    from other tools have them, and one must not stop the import), or refused with an error
    (`"error"`: a tie typed into the app's editor).

    With `actors=None` (the actors table itself could not be read) the references
    are not checked, so that the report does not repeat one problem on every row.
    Blank strength and sign take the kind's documented default; the back strength
    follows `mapping.schema.back_strength` from what the row writes. `foreign` is
    as for `validate_actors`.
    """
    headers, issues = match_headers(table, RELATIONSHIP_COLUMNS, foreign)
    if not table.rows:
        issues.append(
            _issue(table, None, None, "no-rows", "The relationships table has no rows yet.", severity="warning")
        )
    if any(issue.code == "missing-column" for issue in issues):
        return [], issues
    index = ActorIndex(actors) if actors is not None else None
    ties: list[Relationship] = []
    numbers: list[int] = []  # each tie's row, for the duplicate warnings
    for row in _rows(table, headers, "relationships", foreign):
        tie = _parse_relationship(row, index, self_loops)
        issues += row.issues
        if tie is not None:
            ties.append(tie)
            numbers.append(row.row_number)
    issues += _duplicate_tie_warnings(table, zip(numbers, ties, strict=True))
    return ties, issues


def _parse_relationship(row: _Row, index: ActorIndex | None, self_loops: str = "skip") -> Relationship | None:
    """One tie from one row; None when an end or the kind is unusable, or the tie loops on one actor."""
    source = _endpoint(row, "source", index)
    target = _endpoint(row, "target", index)
    terms = _tie_terms(row)
    if source and target and source == target:
        if self_loops == "error":
            row.report("target", "self-loop", f"The tie links '{source}' to itself. Remove the row or fix the target.")
        else:
            message = f"The tie links '{source}' to itself, so it is left out: a tie joins two actors."
            row.report("target", "self-loop", message, "warning")
        return None
    if not (source and target and terms):
        return None
    return Relationship(
        source=source,
        target=target,
        notes=row.text("notes"),
        source_ref=row.text("source_ref"),
        attributes=row.custom,
        **terms,
    )


def _tie_terms(row: _Row) -> dict[str, object] | None:
    """The tie's kind, strength, direction, sign, confidence, dates and risk tags, with the kind's defaults.

    None when the kind is missing or unknown (reported on the row).
    """
    kind = row.term("kind") if row.required("kind") else None
    written = row.number("strength")
    written_back = row.number("strength_back")
    direction = row.term("direction")
    sign = _sign(row, kind)
    confidence = row.term("confidence") or DEFAULT_CONFIDENCE
    since, until = _period(row, "since", "until", "tie")
    risk_factors = row.items("risk_factors", _risk_factors_reading)
    _check_direction(row, direction, written_back)
    if not kind:
        return None
    spec = _RELATIONSHIP_KIND[kind]
    strength = written if written is not None else spec.default_strength
    if written == 0:
        message = (
            "Strength 0: the tie is kept and drawn, but it carries no influence (routes and rankings leave it out)."
        )
        row.report("strength", "no-influence", message, "warning")
    return {
        "kind": kind,
        "strength": strength,
        "strength_back": back_strength(spec, strength, direction, written_back),
        "sign": sign or spec.sign,
        "confidence": confidence,
        "since": since,
        "until": until,
        "risk_factors": risk_factors,
    }


def _check_direction(row: _Row, direction: str | None, written_back: float | None) -> None:
    """A warning when `direction` says influence does (or does not) run back and `strength_back` says otherwise.

    `strength_back` holds (see `mapping.schema.back_strength`); a `mutual` tie with a
    back strength of its own is no contradiction: it only refines "the same strength".
    """
    if direction is None or written_back is None or (direction == "mutual") == (written_back > 0):
        return
    said = "no influence back" if direction == "directed" else "influence back"
    message = (
        f"direction '{direction}' says {said}, but strength_back is {format_number(written_back)}; "
        "strength_back holds. Clear one of the two cells, or make them agree."
    )
    row.report("strength_back", "direction-conflict", message, "warning")


def _endpoint(row: _Row, column: str, index: ActorIndex | None) -> str | None:
    reference = row.required(column)
    if reference is None or index is None:
        return reference
    if reference in index.ids:  # the common case, a plain id: one set lookup instead of the name search
        return reference
    return _resolve(row, column, reference, index)


def _sign(row: _Row, kind: str | None) -> str | None:
    """The tie's sign; a '+' on a kind that is always negative is an error."""
    sign = row.term("sign")
    if kind and sign == "+" and _RELATIONSHIP_KIND[kind].sign == "-":
        row.report(
            "sign",
            "sign-conflict",
            f"A '{kind}' tie is always negative but this row says '+'. "
            "Use sign '-' or a positive kind such as 'influences'.",
        )
        return None
    return sign


def _duplicate_tie_warnings(table: RawTable, parsed: Iterable[tuple[int, Relationship]]) -> list[ValidationIssue]:
    """A warning on each row repeating an earlier row's tie (a symmetric tie matches either direction)."""
    seen: dict[tuple[str, str, str], int] = {}
    warnings = []
    for number, rel in parsed:
        key = (rel.source, rel.target, rel.kind)
        reverse = (rel.target, rel.source, rel.kind) if rel.is_symmetric else None
        first = seen.get(key)
        if first is None and reverse is not None:
            first = seen.get(reverse)
        if first is not None:
            message = (
                f"This {rel.kind} tie from '{rel.source}' to '{rel.target}' repeats row {first}; "
                "both are kept and the stronger one counts in paths. Remove one if it is a copy."
            )
            warnings.append(_issue(table, number, None, "duplicate-relationship", message, "warning"))
        seen.setdefault(key, number)
        if reverse is not None:
            seen.setdefault(reverse, number)
    return warnings


# --- shared -------------------------------------------------------------------------


def _issue(
    table: RawTable, row: int | None, column: str | None, code: str, message: str, severity: str = "error"
) -> ValidationIssue:
    return ValidationIssue(table.label, row, column, code, message, severity)  # type: ignore[arg-type]
