"""Loading a stakeholder map from the files a user gives: CSV pairs, workbooks, folders.

The one entry point for every way data arrives (the upload page, the command line,
the bundled samples): `load_files` for bytes already in hand, `load_paths` for
paths on disk. Both return a `LoadResult` holding either a map or every issue
found, and never raise for anything wrong in the user's data. Files over the
limits of `mapping.limits` are refused with an issue naming the limit; a file on
disk over the size limit is not even read.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mapping.issues import ValidationIssue, group_issues, has_errors, sort_issues
from mapping.kinds import KindChoices, KindMatch, settle_kinds
from mapping.limits import Limits, file_too_large
from mapping.model import StakeholderMap
from mapping.read import InputFile, RawTable, read_csv, read_workbook, sheet_role
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, normalise_token
from mapping.validate import validate_actors, validate_relationships

__all__ = ["TEXT_SUFFIXES", "LoadResult", "files_from_paths", "load_files", "load_paths", "validated_map"]

TEXT_SUFFIXES = ("csv", "tsv", "txt")
WORKBOOK_SUFFIXES = ("xlsx", "xlsm")
ACTORS_FILE = "actors.csv"
RELATIONSHIPS_FILE = "relationships.csv"


@dataclass(frozen=True)
class LoadResult:
    """A loaded map, or None and the errors that prevented it; warnings either way."""

    map: StakeholderMap | None
    issues: tuple[ValidationIssue, ...]
    kinds: tuple[KindMatch, ...] = ()
    """Every distinct type the files gave actors and ties, and the kind each became (`mapping.kinds`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "issues", tuple(group_issues(self.issues)))  # one finding per distinct problem

    @property
    def ok(self) -> bool:
        return self.map is not None

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "warning"]


def load_paths(
    paths: Sequence[str | Path], title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """Load a map from a folder (actors.csv + relationships.csv), two files, or one workbook."""
    limits = limits or Limits.from_env()
    files, issues = files_from_paths(paths, limits)
    if issues:
        return LoadResult(None, tuple(issues))
    return load_files(files, title or _title_from_paths(paths), limits, kinds)


def files_from_paths(
    paths: Sequence[str | Path], limits: Limits | None = None
) -> tuple[list[InputFile], list[ValidationIssue]]:
    """The files a set of command-line paths stands for, read into memory (none over the size limit)."""
    limits = limits or Limits.from_env()
    files: list[InputFile] = []
    issues: list[ValidationIssue] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, missing = _files_in_folder(path, limits)
            files += found
            issues += missing
        elif path.is_file():
            files += _read_file(path, issues, limits)
        else:
            message = f"{path} does not exist. Give a folder, two CSV files or one .xlsx workbook."
            issues.append(ValidationIssue(str(path), None, None, "file-not-found", message))
    return files, issues


def _files_in_folder(folder: Path, limits: Limits) -> tuple[list[InputFile], list[ValidationIssue]]:
    """actors.csv and relationships.csv from a folder (names matched case-insensitively)."""
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    files, issues = [], []
    for wanted in (ACTORS_FILE, RELATIONSHIPS_FILE):
        if wanted in by_name:
            files += _read_file(by_name[wanted], issues, limits)
        else:
            message = f"The folder {folder} has no {wanted}. Put {ACTORS_FILE} and {RELATIONSHIPS_FILE} in it."
            issues.append(ValidationIssue(str(folder), None, None, "missing-file", message))
    return files, issues


def _read_file(path: Path, issues: list[ValidationIssue], limits: Limits) -> list[InputFile]:
    """The file's bytes, or nothing and an issue when it is over the size limit or the system refuses to read it."""
    try:
        too_large = file_too_large(path.name, path.stat().st_size, limits)
        if too_large is not None:
            issues.append(too_large)
            return []
        return [InputFile(path.name, path.read_bytes())]
    except OSError as err:
        message = f"{path} cannot be read ({err.strerror or err}). Check that the file is not open elsewhere."
        issues.append(ValidationIssue(str(path), None, None, "unreadable-file", message))
        return []


def load_files(
    files: Sequence[InputFile], title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """Load a map from uploaded files: an actors and a relationships CSV, or one workbook.

    Which table is which is decided by file or sheet name ("actors", "relationships"
    and common synonyms) and, failing that, by the headers (a table with source and
    target columns holds relationships). When a file or sheet could not be read
    (over a limit, say), the table it held is not reported missing as well.
    Blank and foreign kinds are settled by `kinds` (`mapping.kinds`; the defaults when None).
    """
    if not files:
        message = "No files were given. Give actors and relationships CSV files, or one .xlsx workbook."
        return LoadResult(None, (ValidationIssue("(none)", None, None, "missing-file", message),))
    tables, issues = _read_tables(files, limits or Limits.from_env())
    actors_table, relationships_table, table_issues = _pick_tables(tables, files)
    issues += [i for i in table_issues if i.code not in _MISSING_TABLE] if has_errors(issues) else table_issues
    if actors_table is None or relationships_table is None:
        return LoadResult(None, tuple(sort_issues(issues)))
    title = title or _title_from_files(files)
    return validated_map(actors_table, relationships_table, issues, title, kinds=kinds or KindChoices())


def validated_map(
    actors_table: RawTable,
    relationships_table: RawTable,
    issues: Sequence[ValidationIssue] = (),
    title: str = "",
    self_loops: str = "skip",
    kinds: KindChoices | None = None,
    foreign: bool = False,
) -> LoadResult:
    """Validate an actors and a relationships table and build the map if no issue is an error.

    `issues` are problems already found (while reading, say); any error among them
    means no map. Relationships are checked against the actors unless the actors
    table lacks a required column, so one missing column is not reported on every tie.
    A tie from an actor to itself is left out with a warning, or refused (`self_loops="error"`,
    for edits: see `mapping.validate.validate_relationships`).

    With `kinds` (every import), a blank or foreign kind becomes one of ours first
    (`mapping.kinds.settle_kinds`), so that an import never fails only for kinds;
    without (the app's editors), it is an error, as the contract says. `foreign`
    (a file another tool wrote) reads only our columns' own names and keeps a
    value that does not fit as an extra column (`mapping.validate.validate_actors`).
    """
    matches: tuple[KindMatch, ...] = ()
    if kinds is not None:
        actors_table, actor_kinds, actor_kind_issues = settle_kinds(actors_table, "actors", kinds)
        relationships_table, tie_kinds, tie_kind_issues = settle_kinds(relationships_table, "relationships", kinds)
        matches = actor_kinds + tie_kinds
        issues = [*issues, *actor_kind_issues, *tie_kind_issues]
    actors, actor_issues = validate_actors(actors_table, foreign)
    actors_usable = not any(i.code == "missing-column" for i in actor_issues)
    usable = actors if actors_usable else None
    relationships, rel_issues = validate_relationships(
        relationships_table, usable, self_loops=self_loops, foreign=foreign
    )
    found = [*issues, *actor_issues, *rel_issues]
    if has_errors(found):
        return LoadResult(None, tuple(sort_issues(found)), matches)
    return LoadResult(StakeholderMap(actors, relationships, title=title), tuple(sort_issues(found)), matches)


_MISSING_TABLE = ("missing-file", "missing-sheet")


def _read_tables(
    files: Sequence[InputFile], limits: Limits
) -> tuple[list[tuple[str | None, RawTable]], list[ValidationIssue]]:
    """Every table in the files, with the role its file or sheet name suggests."""
    tables: list[tuple[str | None, RawTable]] = []
    issues: list[ValidationIssue] = []
    for file in files:
        if file.suffix in WORKBOOK_SUFFIXES:
            sheets, sheet_issues = read_workbook(file, limits)
            issues += sheet_issues
            tables += [(sheet_role(title), table) for title, table in sheets.items()]
        elif file.suffix in TEXT_SUFFIXES:
            table, csv_issues = read_csv(file, limits)
            issues += csv_issues
            if table is not None:
                tables.append((_role_from_file_name(file.name), table))
        else:
            message = f"{file.name} is not a CSV or .xlsx file. Save the tables as CSV or as one Excel workbook."
            issues.append(ValidationIssue(file.name, None, None, "unsupported-file", message))
    return tables, issues


def _role_from_file_name(name: str) -> str | None:
    token = normalise_token(name.rsplit(".", 1)[0])
    if any(word in token for word in ("relationship", "relation", "tie", "edge", "connection", "link")):
        return "relationships"
    if any(word in token for word in ("actor", "node", "element", "stakeholder", "organisation", "organization")):
        return "actors"
    return None


def _role_from_headers(table: RawTable) -> str | None:
    """Relationships if the table has source and target columns, actors if it has a name column."""
    headers = {normalise_token(h) for h in table.headers}

    def has(columns: tuple, name: str) -> bool:
        column = next(c for c in columns if c.name == name)
        return bool(headers & {normalise_token(s) for s in (column.name, *column.aliases)})

    if has(RELATIONSHIP_COLUMNS, "source") and has(RELATIONSHIP_COLUMNS, "target"):
        return "relationships"
    if has(ACTOR_COLUMNS, "name"):
        return "actors"
    return None


def _pick_tables(
    tables: list[tuple[str | None, RawTable]], files: Sequence[InputFile]
) -> tuple[RawTable | None, RawTable | None, list[ValidationIssue]]:
    """The actors table and the relationships table, or issues saying which is missing or doubled."""
    by_role: dict[str, list[RawTable]] = {"actors": [], "relationships": []}
    for role, table in tables:
        role = role or _role_from_headers(table)
        if role is not None:
            by_role[role].append(table)
    issues = []
    picked = []
    for role in ("actors", "relationships"):
        found = by_role[role]
        if len(found) > 1:
            names = " and ".join(t.label for t in found)
            message = f"Both {names} look like the {role} table. Give only one {role} table."
            issues.append(ValidationIssue(found[1].label, None, None, "duplicate-table", message))
        if not found and files:
            issues.append(_missing_table(role, files))
        picked.append(found[0] if found else None)
    return picked[0], picked[1], issues


def _missing_table(role: str, files: Sequence[InputFile]) -> ValidationIssue:
    names = ", ".join(f.name for f in files)
    if any(f.suffix in WORKBOOK_SUFFIXES for f in files):
        sheet = role.capitalize()
        message = f"No {sheet} sheet found in {names}. Name one sheet '{sheet}' (see the template workbook)."
        return ValidationIssue(names, None, None, "missing-sheet", message)
    message = f"No {role} table among {names}. Add {role}.csv " + (
        "(it may hold only the header row)." if role == "relationships" else "with one actor per row."
    )
    return ValidationIssue(names, None, None, "missing-file", message)


def _title_from_paths(paths: Sequence[str | Path]) -> str:
    first = Path(paths[0]) if paths else Path("map")
    return first.name if first.is_dir() else first.stem


GENERIC_STEMS = frozenset(
    {"actors", "relationships", "nodes", "edges", "elements", "connections", "map", "data", "export"}
    | {"stakeholder map template", "template", "untitled", "book1", "workbook"}
)
CORE_PROPERTIES = "docProps/core.xml"
_CORE_LIMIT = 64 * 1024  # a workbook's document properties are a few hundred bytes


def _title_from_files(files: Sequence[InputFile]) -> str:
    """A title a person would give the map: the workbook's own title (File > Info > Title), else the file's
    name in words, else "Uploaded map" (for a pair of files, or names like actors.csv that say nothing).

    >>> [_title_from_files([InputFile(name, b"")]) for name in ("kenya_workshop-2026.csv", "actors.csv")]
    ['kenya workshop 2026', 'Uploaded map']
    """
    if len(files) != 1:
        return "Uploaded map"
    file = files[0]
    titled = workbook_title(file.data) if file.name.lower().endswith(".xlsx") else ""
    if titled:
        return titled
    stem = " ".join(file.name.rsplit(".", 1)[0].replace("_", " ").replace("-", " ").split())
    return "Uploaded map" if not stem or stem.lower() in GENERIC_STEMS else stem


def workbook_title(data: bytes) -> str:
    """The title in an .xlsx workbook's document properties, or "" (none, or anything odd about the file).

    The properties part is read only when small, and parsed with defusedxml (no entities, no DTD).
    """
    import zipfile

    import defusedxml.ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(CORE_PROPERTIES)
            if info.file_size > _CORE_LIMIT:
                return ""
            root = defusedxml.ElementTree.fromstring(archive.read(info), forbid_dtd=True)
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, defusedxml.DefusedXmlException, SyntaxError):
        return ""
    title = next((element.text for element in root.iter() if element.tag.endswith("}title")), None) or ""
    return " ".join(title.split())[:200]
