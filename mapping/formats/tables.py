"""Turning a foreign file's nodes and links into the contract's two tables, then loading them.

Every importer ends here: it builds `RawTable`s whose headers are our column names
(or the file's own names, matched by the contract's aliases) and hands them to
`load_tables`, which runs `mapping.validate` exactly as for a CSV pair, so every
format gets the same checks and the same messages.

The helpers below settle what foreign tools write differently from us:

- a `label` that is a display caption next to a real kind or name column
  (`settle_label`);
- ties that our own exports add only for drawing, flagged `implied`
  (`drop_implied`): loading derives them again from `parent`;
- strengths on another scale (`rescale_strength`, see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mapping.issues import ValidationIssue, sort_issues
from mapping.kinds import KindChoices
from mapping.limits import Limits, long_cells, too_many_columns, too_many_rows
from mapping.load import LoadResult, validated_map
from mapping.read import RawTable
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, Column, normalise_token
from mapping.values import format_number, match_term, parse_number

__all__ = [
    "ACTOR",
    "RELATIONSHIP",
    "Record",
    "bounded_table",
    "column_position",
    "declare_missing_nodes",
    "drop_implied",
    "field_text",
    "fill_names_from_ids",
    "graph_strengths",
    "list_items",
    "load_graph",
    "load_tables",
    "renamed",
    "rescale_strength",
    "settle_label",
    "table_from_records",
]

Record = Mapping[str, str]
ACTOR = {column.name: column for column in ACTOR_COLUMNS}
RELATIONSHIP = {column.name: column for column in RELATIONSHIP_COLUMNS}
_TRUE = {"true", "yes", "1", "y"}
"""Spellings of yes in a flag column."""


def table_from_records(label: str, records: Iterable[tuple[int, Record]], leading: Sequence[str] = ()) -> RawTable:
    """A raw table from numbered records; headers are `leading`, then every other key in first-seen order.

    >>> table = table_from_records("t", [(2, {"name": "A", "x": "1"}), (3, {"name": "B", "y": " 2 "})])
    >>> table.headers, table.rows[1]
    (('name', 'x', 'y'), (3, ('B', '', '2')))
    """
    numbered = list(records)
    headers = list(dict.fromkeys([*leading, *(key for _, record in numbered for key in record)]))
    rows = tuple((number, tuple(str(record.get(h, "")).strip() for h in headers)) for number, record in numbered)
    return RawTable(label, tuple(headers), rows)


def bounded_table(
    label: str, records: Sequence[tuple[int, Record]], leading: Sequence[str], limits: Limits
) -> tuple[RawTable | None, list[ValidationIssue]]:
    """`table_from_records` within the limits, or None and the issue saying which limit was passed.

    Rows and columns (the distinct keys of the records) are counted before the
    table is built: a few thousand records with a few thousand different keys
    each would otherwise make a table of millions of cells.
    """
    if len(records) > limits.max_rows:
        return None, [too_many_rows(label, records[limits.max_rows][0], limits)]
    keys = dict.fromkeys(leading)
    for number, record in records:
        keys.update(dict.fromkeys(record))
        if len(keys) > limits.max_columns:
            return None, [too_many_columns(label, number, len(keys), limits)]
    table = table_from_records(label, records, leading)
    too_long = long_cells(label, table.headers, [(None, table.headers), *table.rows], limits)
    return (None, too_long) if too_long else (table, [])


def column_position(table: RawTable, column: Column, exclude: Iterable[str] = ()) -> int | None:
    """Where the table holds a contract column (by name or alias), or None."""
    skipped = {normalise_token(s) for s in exclude}
    spellings = {normalise_token(s) for s in (column.name, *column.aliases)} - skipped
    return next((i for i, h in enumerate(table.headers) if normalise_token(h) in spellings), None)


def _replace(table: RawTable, headers: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]) -> RawTable:
    return RawTable(table.label, tuple(headers), tuple((n, tuple(cells)) for n, cells in rows))


def settle_label(table: RawTable, column: Column, kept_as: str) -> RawTable:
    """Decide what a `label` header means when the table also has a proper `column`.

    Drawing tools write a caption as `label` (an alias of our name and kind
    columns). Alone, it is that column. Next to a real one (`kind`, `type`,
    `name`...), it is a caption: renamed `kept_as` and kept as a custom field,
    except in rows where it only repeats the proper column (our own exports write
    the kind's label there), where it is dropped.
    """
    label_at = next((i for i, h in enumerate(table.headers) if normalise_token(h) == "label"), None)
    proper_at = column_position(table, column, exclude=("label",))
    if label_at is None or proper_at is None:
        return table
    headers = list(table.headers)
    headers[label_at] = kept_as
    rows = []
    for number, cells in table.rows:
        row = list(cells)
        if _same_value(row[label_at], row[proper_at], column):
            row[label_at] = ""
        rows.append((number, row))
    return _replace(table, headers, rows)


def _same_value(caption: str, value: str, column: Column) -> bool:
    if normalise_token(caption) == normalise_token(value):
        return True
    if not column.vocabulary or not caption:
        return False
    return match_term(caption, column.vocabulary) == match_term(value, column.vocabulary) is not None


def fill_names_from_ids(table: RawTable) -> RawTable:
    """Nodes of drawing tools often carry only an id: the id is then the name, as Gephi shows it."""
    id_at, name_at = column_position(table, ACTOR["id"]), column_position(table, ACTOR["name"])
    if id_at is None:
        return table
    if name_at is None:
        headers = [*table.headers, "name"]
        return _replace(table, headers, ((n, [*cells, cells[id_at]]) for n, cells in table.rows))
    rows = []
    for number, cells in table.rows:
        row = list(cells)
        row[name_at] = row[name_at] or row[id_at]
        rows.append((number, row))
    return _replace(table, table.headers, rows)


def drop_implied(table: RawTable) -> RawTable:
    """Leave out the ties our exports flag `implied` (loading derives them again from `parent`)."""
    at = next((i for i, h in enumerate(table.headers) if normalise_token(h) == "implied"), None)
    if at is None:
        return table
    headers = [h for i, h in enumerate(table.headers) if i != at]
    rows = [
        (n, [c for i, c in enumerate(cells) if i != at])
        for n, cells in table.rows
        if normalise_token(cells[at]) not in _TRUE
    ]
    return _replace(table, headers, rows)


def rescale_strength(
    table: RawTable, *, uniform_one_is_default: bool = False, name: str = "strength"
) -> tuple[RawTable, list[ValidationIssue]]:
    """Bring strengths written on another scale to ours (above 0, at most 1), with a warning.

    Kumu's Strength and Gephi's weight have no fixed scale. Looking at the largest
    value m in the column:

    - m <= 1: already our scale, nothing changes;
    - 1 < m <= 5: read as a 1-5 rating, every value divided by 5;
    - 5 < m <= 10: read as a 0-10 rating, divided by 10;
    - m > 10: divided by m, so the strongest tie is 1.

    With `uniform_one_is_default`, a column where every tie weighs exactly 1 (what
    Gephi writes when nobody set a weight) carries no information: it is cleared,
    so each tie takes its kind's default strength. A `strength_back` column is on
    the same scale as the strength beside it: it is divided by the same number.
    Cells that are not numbers are left for validation to report.
    """
    at = _named_position(table, name)
    if at is None:
        return table, []
    values = [_number(cells[at]) for _, cells in table.rows]
    numbers = [v for v in values if v is not None]
    if not numbers:
        return table, []
    header = table.headers[at]
    if uniform_one_is_default and all(v == 1 for v in numbers):
        message = (
            f"Every tie has {header} 1, which drawing tools write when no weight was set: "
            "each tie takes its kind's default strength instead. Add strengths (above 0, up to 1) to rate them."
        )
        return _with_column(table, at, [""] * len(values)), [_rescaled(table, header, message)]
    largest = max(numbers)
    if largest <= 1:
        return table, []
    divisor, scale = _scale(largest)
    message = (
        f"{header} runs up to {format_number(largest)}, so it was read as {scale} and divided by "
        f"{format_number(divisor)} (e.g. {format_number(largest)} -> {format_number(largest / divisor)}). "
        "Our strengths are above 0 and at most 1: check the converted values."
    )
    rescaled = _divided(table, at, divisor)
    back_at = _named_position(table, "strength_back")
    if back_at is not None:
        rescaled = _divided(rescaled, back_at, divisor)
    return rescaled, [_rescaled(table, header, message)]


def _named_position(table: RawTable, name: str) -> int | None:
    """Where the table holds the column of exactly this name (no aliases: other tools' files), or None."""
    return next((i for i, h in enumerate(table.headers) if normalise_token(h) == name), None)


def _divided(table: RawTable, at: int, divisor: float) -> RawTable:
    """The table with the numbers of one column divided by `divisor` (other cells as they are)."""
    column = [
        format_number(value / divisor) if (value := _number(cells[at])) is not None else cells[at]
        for _, cells in table.rows
    ]
    return _with_column(table, at, column)


def _scale(largest: float) -> tuple[float, str]:
    """The divisor for a column whose largest value is above 1, and the scale it implies."""
    if largest <= 5:
        return 5.0, "a 1-5 scale"
    if largest <= 10:
        return 10.0, "a 0-10 scale"
    return largest, f"a 0-{format_number(largest)} scale (the strongest tie becomes 1)"


def _number(text: str) -> float | None:
    try:
        return parse_number(text) if text else None
    except ValueError:
        return None


def _with_column(table: RawTable, at: int, column: Sequence[str]) -> RawTable:
    rows = []
    for (number, cells), value in zip(table.rows, column, strict=True):
        row = list(cells)
        row[at] = value
        rows.append((number, row))
    return _replace(table, table.headers, rows)


def _rescaled(table: RawTable, header: str, message: str) -> ValidationIssue:
    return ValidationIssue(table.label, None, header, "rescaled-value", message, "warning")


def load_tables(
    actors: RawTable,
    relationships: RawTable,
    issues: Sequence[ValidationIssue] = (),
    title: str = "",
    kinds: KindChoices | None = None,
) -> LoadResult:
    """Validate an actors and a relationships table another tool wrote, and build the map if sound.

    As `mapping.load` does for our files, with the rules for other tools' files:
    blank and foreign kinds are settled by `kinds` (`mapping.kinds`), only our
    columns' own names fill our columns, and a value that does not fit one is
    kept as an extra column with a warning (`mapping.validate`, `foreign`).
    `issues` are the problems the importer already found (unreadable lines,
    skipped records); any error among them, or from validation, means no map.
    """
    return validated_map(actors, relationships, issues, title, kinds=kinds or KindChoices(), foreign=True)


def renamed(table: RawTable, names: Mapping[str, str]) -> RawTable:
    """The table with the fields a tool documents for one of our columns renamed to it (`Description` -> notes).

    A field is renamed only when the table has no column of that name already;
    names compare after `normalise_token`.

    >>> renamed(RawTable("t", ("Label", "Description"), ()), {"label": "name", "description": "notes"}).headers
    ('name', 'notes')
    """
    tokens = {normalise_token(h) for h in table.headers}
    wanted = {normalise_token(theirs): ours for theirs, ours in names.items() if normalise_token(ours) not in tokens}
    headers = tuple(wanted.get(normalise_token(h), h) for h in table.headers)
    return RawTable(table.label, headers, table.rows)


def load_graph(
    name: str,
    nodes: Sequence[Record],
    edges: Sequence[Record],
    issues: Sequence[ValidationIssue] = (),
    title: str = "",
    ours: bool = False,
    limits: Limits | None = None,
    kinds: KindChoices | None = None,
) -> LoadResult:
    """A drawing tool's nodes and edges (keyed by our column names or theirs) as a map.

    Row N of a reported issue is the Nth node (or edge) in the file. A node's
    `label` is its name (its id when it has none; a `label` beside a real name is
    kept as a custom field); an edge's `weight` is its strength (`graph_strengths`);
    ties flagged `implied` are skipped; an edge to a node the file never declares
    adds that node, as Gephi does (`declare_missing_nodes`). Nodes and edges are
    two tables, each within the limits of `mapping.limits`; then `load_tables`.
    """
    limits = limits or Limits.from_env()
    nodes, added = declare_missing_nodes(nodes, edges)
    node_headers, edge_headers = (
        _headers(nodes, ("id",), ACTOR_COLUMNS),
        _headers(edges, ("source", "target"), RELATIONSHIP_COLUMNS),
    )
    actors, actor_issues = bounded_table(f"{name}, nodes", list(enumerate(nodes, start=1)), node_headers, limits)
    ties, tie_issues = bounded_table(f"{name}, edges", list(enumerate(edges, start=1)), edge_headers, limits)
    if actors is None or ties is None:
        return LoadResult(None, tuple(sort_issues([*issues, *actor_issues, *tie_issues])))
    added_issues = [_added_nodes(actors.label, added)] if added else []
    actors = renamed(settle_label(actors, ACTOR["name"], "node label"), {"label": "name"})
    actors = fill_names_from_ids(actors)
    ties = drop_implied(settle_label(ties, RELATIONSHIP["kind"], "edge label"))
    if "schema" in {normalise_token(h) for h in (*actors.headers, *ties.headers)}:  # FollowTheMoney's graph export
        actors, ties = renamed(actors, FTM_ACTOR_DATES), renamed(ties, FTM_TIE_DATES)
    ties, scale_issues = graph_strengths(ties, ours)
    return load_tables(actors, ties, [*issues, *added_issues, *scale_issues], title, kinds)


FTM_ACTOR_DATES = {"incorporationDate": "active_from", "dissolutionDate": "active_until"}
"""FollowTheMoney's own names for our columns, in the graph files its `export-gexf` writes (nodes and edges
carry their `schema`)."""
FTM_TIE_DATES = {"startDate": "since", "endDate": "until"}


def declare_missing_nodes(nodes: Sequence[Record], edges: Sequence[Record]) -> tuple[list[Record], list[str]]:
    """The nodes, with one more for each edge end the file never declares; and the ids added.

    Gephi and graphology create such nodes on import; refusing the file for them
    would lose everything else in it.

    >>> declare_missing_nodes([{"id": "a"}], [{"source": "a", "target": "b"}])
    ([{'id': 'a'}, {'id': 'b'}], ['b'])
    """
    declared = {str(node.get(key, "")) for node in nodes for key in ("id", "name", "label")}
    added = [
        end
        for end in dict.fromkeys(str(edge.get(side, "")) for edge in edges for side in ("source", "target"))
        if end and end not in declared
    ]
    return [*nodes, *({"id": end} for end in added)], added


def _added_nodes(label: str, added: Sequence[str]) -> ValidationIssue:
    shown = ", ".join(f"'{end}'" for end in added[:8]) + (f" and {len(added) - 8} more" if len(added) > 8 else "")
    message = (
        f"{len(added)} edge end(s) name nodes the file does not declare ({shown}): each was added as an actor "
        "named by its id, as Gephi does. Check them: a typo in an id shows up here."
    )
    return ValidationIssue(label, None, "id", "unknown-actor", message, "warning")


def graph_strengths(ties: RawTable, ours: bool) -> tuple[RawTable, list[ValidationIssue]]:
    """An edge's `weight` as our strength, by one rule for GEXF, GraphML and JSON graphs.

    1. A missing weight is 1: GEXF's default (Gephi leaves it out) and networkx's.
       So the same graph gets the same strengths whatever format carries it.
    2. Then `rescale_strength`: a file where every weight is 1 carries no rating, so
       each tie takes its kind's default (unless we wrote the file, `ours`); weights
       above 1 are brought to our scale; a weight of 0 stays 0, no influence.

    A `strength` column (ours, or Kumu's) is read as it is, blanks taking the kind's default.
    """
    tokens = [normalise_token(h) for h in ties.headers]
    if "weight" not in tokens or "strength" in tokens:
        return rescale_strength(ties, uniform_one_is_default=not ours)
    at = tokens.index("weight")
    ties = _with_column(ties, at, [cells[at] or "1" for _, cells in ties.rows])
    ties, issues = rescale_strength(ties, uniform_one_is_default=not ours, name="weight")
    return renamed(ties, {"weight": "strength"}), issues


def _headers(records: Sequence[Record], leading: Sequence[str], columns: Sequence[Column]) -> tuple[str, ...]:
    """The leading headers; with no records, every required column too: a graph with no edges lacks no column."""
    required = () if records else tuple(c.name for c in columns if c.required and c.name not in leading)
    return (*leading, *required)


def list_items(value: tuple) -> list[str]:
    """A list field's items as text; a risk-factor tag ('8.7', 'mitigator') reads '8.7:mitigator'.

    >>> list_items(("convening",)), list_items((("8.7", "mitigator"),))
    (['convening'], ['8.7:mitigator'])
    """
    return [":".join(item) if isinstance(item, tuple) else str(item) for item in value]


def field_text(value: object) -> str:
    """A field of an actor or tie as text: lists `;`-joined, numbers in their shortest form, dates as ISO.

    >>> field_text(("upstream", "acute")), field_text(4.0), field_text(None)
    ('upstream;acute', '4', '')
    """
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(list_items(value))
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
