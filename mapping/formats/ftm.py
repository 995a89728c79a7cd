"""FollowTheMoney entities (OpenSanctions, Aleph) as actors and relationships.

A FollowTheMoney file holds one JSON entity per line:
`{"id": ..., "schema": "Company", "properties": {"name": ["..."], ...}}`, every
property a list of strings (or, in nested exports, of entities). The schemata
that make sense on a stakeholder map become actors and ties; the others
(Sanction, Address, Vessel...) are left out with one `skipped-record` warning per
schema. Lines that are not JSON or not an entity are `unreadable-record` errors
naming the line; lines nested deeper than the limit are `nested-too-deeply`
(`mapping.limits`). The file may hold as many entities (lines) as a table may
hold rows, and the ties one link makes (every owner with every asset) count too.

Actors (`ACTOR_SCHEMATA`): Company -> business, PublicBody -> government,
Person -> person, Organization -> civil_society and LegalEntity -> business,
unless the entity's `classification` or `legalForm` names one of our kinds (by
the kinds' aliases: "Political party" -> political, "Trade union" ->
civil_society, "Chamber of commerce" -> association). Columns: `id` = entity id,
`name` = first name (else first and last name, alias, id), `country` = first of
country, jurisdiction, mainCountry, nationality; `sector`, `role` (= position),
`notes` (= description, summary, notes), `source` (= sourceUrl, else the
datasets), `last_verified` (= the entity's `last_seen` day), `active_from` and
`active_until` (= incorporationDate and dissolutionDate, the day). Every other
property, and the further values of a mapped one, is kept as a custom field
named `ftm:<property>`, plus `ftm:schema`.

Relationships (`LINK_SCHEMATA`), with documented defaults:

| schema | from -> to | our kind | strength | back strength, confidence |
|---|---|---|---|---|
| Ownership | owner -> asset | owns | max(0.1, percentage/100), else 0.8 | kind default (x 0.25), medium |
| Directorship | director -> organization | leads | 0.9 | kind default (0.45), medium |
| Membership | member -> organization | member_of | 0.4 | kind default (0.6), medium |
| Employment | employer -> employee (reversed) | employs | 0.5 | kind default (0.15), medium |
| Representation | agent -> client | advises | 0.4 | none (one way), medium |
| Family | person - relative | influences | 0.5 | mutual (0.5), low |
| Associate | person - associate | influences | 0.5 | mutual (0.5), low |
| UnknownLink | subject -> object | influences | 0.5 | none (one way), low |

`since` and `until` come from startDate and endDate, `notes` from role,
relationship, description and summary, `source_ref` from sourceUrl. A link to an
entity that was left out (a Vessel, say) is left out too; a link to an id that
is not in the file is an `unknown-actor` error. The row of every issue is the
line number in the file.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mapping.formats.jsonsafe import NestedTooDeeplyError, parse_json
from mapping.formats.tables import bounded_table, load_tables
from mapping.issues import ValidationIssue, sort_issues
from mapping.kinds import KindChoices
from mapping.limits import Limits, file_too_large, nested_too_deeply, too_many_rows
from mapping.load import LoadResult
from mapping.read import InputFile, decode_text
from mapping.schema import ACTOR_KINDS
from mapping.values import format_number, match_term, parse_number

__all__ = ["ACTOR_SCHEMATA", "LINK_SCHEMATA", "LinkSchema", "looks_like_ftm", "read_ftm"]

ACTOR_SCHEMATA: dict[str, str] = {
    "Company": "business",
    "PublicBody": "government",
    "Organization": "civil_society",
    "LegalEntity": "business",
    "Person": "person",
}
ATTRIBUTE_PREFIX = "ftm:"
OWNERSHIP_FLOOR = 0.1


@dataclass(frozen=True)
class LinkSchema:
    """How one FollowTheMoney relationship schema becomes a tie.

    `reverse` swaps the ends (an Employment runs employee -> employer; our
    `employs` runs employer -> employee). Blank direction and strength take our
    kind's default; `percentage_strength` derives strength from Ownership's
    percentage.
    """

    source: str
    target: str
    kind: str
    reverse: bool = False
    direction: str = ""
    confidence: str = ""
    percentage_strength: bool = False


LINK_SCHEMATA: dict[str, LinkSchema] = {
    "Ownership": LinkSchema("owner", "asset", "owns", percentage_strength=True),
    "Directorship": LinkSchema("director", "organization", "leads"),
    "Membership": LinkSchema("member", "organization", "member_of"),
    "Employment": LinkSchema("employee", "employer", "employs", reverse=True),
    "Representation": LinkSchema("agent", "client", "advises"),
    "Family": LinkSchema("person", "relative", "influences", direction="mutual", confidence="low"),
    "Associate": LinkSchema("person", "associate", "influences", direction="mutual", confidence="low"),
    "UnknownLink": LinkSchema("subject", "object", "influences", confidence="low"),
}

_ACTOR_FIELDS = {
    "name": ("name",),
    "country": ("country", "jurisdiction", "mainCountry", "nationality"),
    "sector": ("sector",),
    "role": ("position",),
    "source": ("sourceUrl",),
    "active_from": ("incorporationDate",),
    "active_until": ("dissolutionDate",),
}
_DATE_COLUMNS = {"active_from", "active_until"}  # FollowTheMoney dates may carry a time: the day is kept
_NOTE_PROPERTIES = ("description", "summary", "notes")
_LINK_NOTE_PROPERTIES = ("role", "relationship", "description", "summary")
_KIND_HINT_PROPERTIES = ("classification", "legalForm")


@dataclass(frozen=True)
class _Entity:
    line: int
    id: str
    schema: str
    properties: Mapping[str, list]
    top: Mapping[str, object]


def looks_like_ftm(text: str) -> bool:
    """True when the first non-blank line is a JSON object with a schema and properties."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        entity = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(entity, dict) and "schema" in entity and "properties" in entity


def read_ftm(
    file: InputFile, title: str = "", limits: Limits | None = None, kinds: KindChoices | None = None
) -> LoadResult:
    """A map from a FollowTheMoney JSON-lines file (see the module docstring for the mapping)."""
    limits = limits or Limits.from_env()
    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return LoadResult(None, (too_large,))
    try:
        text = decode_text(file.data)
    except UnicodeDecodeError as err:
        message = f"{file.name} cannot be read: its text encoding is not recognised ({err.reason}). Save it as UTF-8."
        return LoadResult(None, (ValidationIssue(file.name, None, None, "unreadable-file", message),))
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) > limits.max_rows:
        return LoadResult(None, (too_many_rows(file.name, lines[limits.max_rows][0], limits),))
    entities, issues = _entities(file.name, lines, limits)
    actor_rows = [(e.line, _actor_record(e)) for e in entities if e.schema in ACTOR_SCHEMATA]
    skipped = {e.id for e in entities if e.schema not in ACTOR_SCHEMATA}
    tie_rows, link_issues = _tie_rows(file.name, entities, skipped, limits)
    issues += link_issues + _skipped_schema_issues(file.name, entities)
    actors, actor_issues = bounded_table(f"{file.name}, actors", actor_rows, ("id", "name", "kind"), limits)
    ties, tie_issues = bounded_table(f"{file.name}, links", tie_rows, ("source", "target", "kind"), limits)
    if actors is None or ties is None:
        return LoadResult(None, tuple(sort_issues([*issues, *actor_issues, *tie_issues])))
    return load_tables(actors, ties, issues, title or file.name.split(".", 1)[0], kinds)


# --- lines --------------------------------------------------------------------------


def _entities(
    name: str, lines: Sequence[tuple[int, str]], limits: Limits
) -> tuple[list[_Entity], list[ValidationIssue]]:
    entities, issues = [], []
    for number, line in lines:
        try:
            entity, problem = _entity(line, number, limits)
        except NestedTooDeeplyError:
            issues.append(nested_too_deeply(name, number, limits))
            continue
        if problem:
            issues.append(ValidationIssue(name, number, None, "unreadable-record", f"Line {number} {problem}"))
        elif entity is not None:
            entities.append(entity)
    return entities, issues


def _entity(line: str, number: int, limits: Limits) -> tuple[_Entity | None, str]:
    """The entity on one line, or a reason it cannot be read (`NestedTooDeeplyError` when nested past the limit)."""
    try:
        value = parse_json(line, limits.max_json_depth)
    except ValueError as err:
        return None, f"is not valid JSON ({_json_error(err)}). Fix or remove the line."
    if not (isinstance(value, dict) and isinstance(value.get("properties"), dict) and value.get("schema")):
        return None, "is not a FollowTheMoney entity: it needs 'id', 'schema' and 'properties'. Fix or remove it."
    if not value.get("id"):
        return None, "is an entity without an 'id', so no tie can name it. Add an id or remove the line."
    properties = {k: v if isinstance(v, list) else [v] for k, v in value["properties"].items()}
    return _Entity(number, str(value["id"]), str(value["schema"]), properties, value), ""


def _json_error(err: ValueError) -> str:
    """What the JSON parser said, and where ('Expecting value at column 3')."""
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}"
    return str(err).split(";")[0]


def _texts(values: list) -> list[str]:
    """A property's values as text; a nested entity stands for its id."""
    texts = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("id", "")
        text = str(value).strip() if value is not None else ""
        if text:
            texts.append(text)
    return texts


# --- actors -------------------------------------------------------------------------


def _actor_record(entity: _Entity) -> dict[str, str]:
    props = {key: _texts(values) for key, values in entity.properties.items()}
    used: set[str] = set()
    record = {"id": entity.id, "name": _name(props, entity.id, used), "kind": _kind(entity.schema, props)}
    for column, candidates in _ACTOR_FIELDS.items():
        if column == "name":
            continue
        found = next((p for p in candidates if props.get(p)), None)
        if found:
            record[column] = props[found][0][:10] if column in _DATE_COLUMNS else props[found][0]
            if len(props[found]) == 1:
                used.add(found)
    notes = [text for p in _NOTE_PROPERTIES for text in props.get(p, [])]
    if notes:
        record["notes"] = " ".join(notes)
        used.update(_NOTE_PROPERTIES)
    if "source" not in record and isinstance(entity.top.get("datasets"), list):
        record["source"] = "; ".join(str(d) for d in entity.top["datasets"])
    last_seen = entity.top.get("last_seen")
    if isinstance(last_seen, str) and last_seen:
        record["last_verified"] = last_seen[:10]
    record[f"{ATTRIBUTE_PREFIX}schema"] = entity.schema
    record |= _attributes(props, used)
    return record


def _name(props: Mapping[str, list[str]], entity_id: str, used: set[str]) -> str:
    """The first name; else first and last name; else an alias; else the id."""
    if props.get("name"):
        if len(props["name"]) == 1:
            used.add("name")
        return props["name"][0]
    full = " ".join(props.get("firstName", [])[:1] + props.get("lastName", [])[:1])
    return full or (props.get("alias") or [entity_id])[0]


def _kind(schema: str, props: Mapping[str, list[str]]) -> str:
    """Our kind: the first classification or legal form naming one of our kinds, else the schema's."""
    if schema != "Person":
        for value in (v for p in _KIND_HINT_PROPERTIES for v in props.get(p, [])):
            kind = match_term(value, ACTOR_KINDS)
            if kind is not None and kind != "person":
                return kind
    return ACTOR_SCHEMATA[schema]


def _attributes(props: Mapping[str, list[str]], used: set[str]) -> dict[str, str]:
    return {
        f"{ATTRIBUTE_PREFIX}{key}": "; ".join(values) for key, values in props.items() if key not in used and values
    }


# --- links --------------------------------------------------------------------------


def _tie_rows(
    name: str, entities: Sequence[_Entity], skipped: set[str], limits: Limits
) -> tuple[list[tuple[int, dict[str, str]]], list[ValidationIssue]]:
    """One row per tie (a link names several owners and assets: one tie per pair), up to the row limit."""
    rows: list[tuple[int, dict[str, str]]] = []
    issues: list[ValidationIssue] = []
    left_out: dict[str, list[int]] = defaultdict(list)
    for entity in entities:
        spec = LINK_SCHEMATA.get(entity.schema)
        if spec is None:
            continue
        props = {key: _texts(values) for key, values in entity.properties.items()}
        sources, targets = props.get(spec.source, [""]), props.get(spec.target, [""])
        if len(rows) + len(sources) * len(targets) > limits.max_rows:
            return rows, [*issues, too_many_rows(f"{name}, links", entity.line, limits)]
        pairs = list(itertools.product(sources, targets))
        if any(end in skipped for pair in pairs for end in pair):
            left_out[entity.schema].append(entity.line)
            continue
        base, problem = _tie_fields(entity, spec, props)
        if problem:
            issues.append(problem.located(name, entity.line))
        for source, target in pairs:
            ends = {"source": target, "target": source} if spec.reverse else {"source": source, "target": target}
            rows.append((entity.line, ends | base))
    issues += [
        ValidationIssue(
            name,
            lines[0],
            None,
            "skipped-record",
            f"{len(lines)} {schema} link(s) (first on line {lines[0]}) join entities that are not actors on the map "
            "(see the other warnings); they are left out too.",
            "warning",
        )
        for schema, lines in left_out.items()
    ]
    return rows, issues


@dataclass(frozen=True)
class _Problem:
    column: str
    code: str
    message: str

    def located(self, name: str, line: int) -> ValidationIssue:
        return ValidationIssue(name, line, self.column, self.code, self.message)


def _tie_fields(
    entity: _Entity, spec: LinkSchema, props: Mapping[str, list[str]]
) -> tuple[dict[str, str], _Problem | None]:
    used = {spec.source, spec.target, "startDate", "endDate", *_LINK_NOTE_PROPERTIES}
    fields = {"kind": spec.kind, "direction": spec.direction, "confidence": spec.confidence}
    problem = None
    if spec.percentage_strength and props.get("percentage"):
        strength, problem = _ownership_strength(props["percentage"][0])
        fields["strength"] = strength
    fields["since"] = (props.get("startDate") or [""])[0][:10]
    fields["until"] = (props.get("endDate") or [""])[0][:10]
    fields["notes"] = "; ".join(text for p in _LINK_NOTE_PROPERTIES for text in props.get(p, []))
    fields["source_ref"] = (props.get("sourceUrl") or [""])[0]
    if len(props.get("sourceUrl", [])) == 1:
        used.add("sourceUrl")
    fields[f"{ATTRIBUTE_PREFIX}schema"] = entity.schema
    fields[f"{ATTRIBUTE_PREFIX}id"] = entity.id
    return fields | _attributes(props, used), problem


def _ownership_strength(raw: str) -> tuple[str, _Problem | None]:
    """max(0.1, percentage / 100): a majority owner moves the asset strongly, a 2% holder a little."""
    try:
        percentage = parse_number(raw.rstrip("% "))
    except ValueError:
        return "", _Problem("percentage", "invalid-number", f"Ownership percentage '{raw}' is not a number.")
    if not 0 <= percentage <= 100:
        message = f"Ownership percentage {raw} is not between 0 and 100."
        return "", _Problem("percentage", "out-of-range", message)
    return format_number(max(OWNERSHIP_FLOOR, percentage / 100)), None


def _skipped_schema_issues(name: str, entities: Sequence[_Entity]) -> list[ValidationIssue]:
    lines: dict[str, list[int]] = defaultdict(list)
    for entity in entities:
        if entity.schema not in ACTOR_SCHEMATA and entity.schema not in LINK_SCHEMATA:
            lines[entity.schema].append(entity.line)
    return [
        ValidationIssue(
            name,
            found[0],
            None,
            "skipped-record",
            f"{len(found)} {schema} entit{'y' if len(found) == 1 else 'ies'} (first on line {found[0]}) left out: "
            f"the map holds organisations, people and the links between them ({', '.join(ACTOR_SCHEMATA)}; "
            f"{', '.join(LINK_SCHEMATA)}).",
            "warning",
        )
        for schema, found in lines.items()
    ]
