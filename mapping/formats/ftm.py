"""FollowTheMoney entities (OpenSanctions, Aleph) as actors and relationships.

A FollowTheMoney file (`.ftm.json`, `.jsonl`, Aleph's `.ijson` entity streams)
holds one JSON entity per line:
`{"id": ..., "schema": "Company", "properties": {"name": ["..."], ...}}`, every
property a list of strings (or, in nested exports, of entities). The schemata
that make sense on a stakeholder map become actors and ties; the others
(Sanction, Address, Vessel...) are left out with one `skipped-record` warning per
schema. Lines that are not JSON or not an entity are `unreadable-record` errors
naming the line; lines nested deeper than the limit are `nested-too-deeply`
(`mapping.limits`). The file may hold as many entities (lines) as a table may
hold rows, and the ties one link makes (every owner with every asset) count too.

Actors (`ACTOR_SCHEMATA`): Company -> business, PublicBody -> government,
Person -> person, Organization -> civil_society and LegalEntity -> business.
A Person stays a person; for the others, the first of these that names a kind wins:

1. `topics` (`TOPIC_KINDS`, the more specific first): pol.party -> political,
   pol.union -> civil_society, mil and gov.security -> security, gov.igo ->
   international, gov.soe -> business, rel and gov.religion -> faith, any other
   gov.* -> government;
2. `classification` or `legalForm`, by our kinds' aliases ("Political party" ->
   political, "Trade union" -> civil_society, "Chamber of commerce" -> association);
3. for an Organization or LegalEntity, a name or alias saying party as a whole
   word (`PARTY_NAME`: Party, Parti, Partei and German compounds such as
   Piratenpartei, Partido, Partito, Partij) -> political. Parties known only by
   an acronym ("SPD") need the topic.

Columns: `id` = entity id, `name` = first name (else first and last name, alias,
id), `country` = first of country, jurisdiction, mainCountry, nationality;
`sector`, `role` (= position), `notes` (= description, summary, notes), `source`
(= sourceUrl, else the datasets), `last_verified` (= the entity's `last_seen`
day), `active_from` and `active_until` (= incorporationDate and dissolutionDate,
the day). Every other property, and the further values of a mapped one, is kept
as a custom field named `ftm:<property>`, plus `ftm:schema`.

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
| Payment | payer -> beneficiary | funds | 0.3 + 0.6 x share, else 0.6 | kind default (x 0.25), medium |

Payments are gathered by (payer, beneficiary): one `funds` tie per pair, however
many payments, so repeated donations are one tie and no duplicate warning. Its
`notes` read "3 payments, total 300,000 EUR, 2009-03-01 to 2011-12-29", then the
first few distinct purposes, programmes and descriptions; `ftm:id` is the first
payment's id and `ftm:payments` the count (a lone payment also keeps its other
properties as `ftm:*` fields). A payment's amount is `amount` in its `currency`,
else `amountEur`, else `amountUsd`; one that is not a number, or negative, is a
warning and the payment counts without it. The pair's share is what it paid over
everything the beneficiary received in the file, when all of that is in one
currency (else the strength is left to the kind's default, 0.6): the sole funder
gets 0.9, a payer of a quarter 0.45, a small donor near 0.3. `since` is the
earliest `date` or startDate; `until` is the latest endDate when every payment
has one, else blank: a donation made is not a tie that ends. (A payment naming
several payers or beneficiaries counts in full for each pair.)

For the other links, `since` and `until` come from startDate and endDate, `notes`
from role, relationship, description and summary, `source_ref` from sourceUrl.
A link naming several ids at one end makes a tie for every pair, except a pair of
one actor with itself: merged entities give owners [A, B] and assets [B, A], and A
owning A is not in the data, so it is dropped without a word; a link naming one
actor at both ends is left out with the validator's `self-loop` warning. A link to
an entity that was left out (a Vessel, say) is left out too; a link to an id that
is not in the file is an `unknown-actor` error. The row of every issue is the
line number in the file.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mapping.formats.jsonsafe import NestedTooDeeplyError, parse_json
from mapping.formats.tables import bounded_table, load_tables
from mapping.issues import Severity, ValidationIssue, sort_issues
from mapping.kinds import KindChoices
from mapping.limits import Limits, file_too_large, nested_too_deeply, too_many_rows
from mapping.load import LoadResult
from mapping.read import InputFile, decode_text
from mapping.schema import ACTOR_KINDS
from mapping.values import format_number, match_term, parse_number

__all__ = ["ACTOR_SCHEMATA", "LINK_SCHEMATA", "PARTY_NAME", "TOPIC_KINDS", "LinkSchema", "looks_like_ftm", "read_ftm"]

ACTOR_SCHEMATA: dict[str, str] = {
    "Company": "business",
    "PublicBody": "government",
    "Organization": "civil_society",
    "LegalEntity": "business",
    "Person": "person",
}
TOPIC_KINDS: tuple[tuple[str, str], ...] = (
    ("pol.party", "political"),
    ("pol.union", "civil_society"),
    ("mil", "security"),
    ("gov.security", "security"),
    ("gov.igo", "international"),
    ("gov.soe", "business"),
    ("gov.religion", "faith"),
    ("rel", "faith"),
    ("gov", "government"),
)
"""FollowTheMoney topics that name one of our kinds, the more specific first.

An entry matches its topic and every topic under it (`gov` matches `gov.muni`);
the first entry any of the entity's topics matches wins. Topics that describe
people (`role.*`) or risks (`sanction`, `crime.*`) name no kind of organisation.
"""
PARTY_NAME = re.compile(r"\b(?:party|parti|partido|partito|partij|\w*partei)\b", re.IGNORECASE)
"""A name that says "party" in one of the languages of party registers (and German compounds: Piratenpartei)."""
_NAMED_PARTY_SCHEMATA = ("Organization", "LegalEntity")  # a Company named "Party Supplies Ltd" is no party
ATTRIBUTE_PREFIX = "ftm:"
OWNERSHIP_FLOOR = 0.1
FUNDS_FLOOR, FUNDS_SPAN = 0.3, 0.6
"""A `funds` tie's strength is FUNDS_FLOOR + FUNDS_SPAN x the payer's share of what the beneficiary received."""
PAYMENT_NOTES_KEPT = 5
"""How many distinct purposes (and programmes, descriptions) a `funds` tie's notes quote from its payments."""


@dataclass(frozen=True)
class LinkSchema:
    """How one FollowTheMoney relationship schema becomes a tie.

    `reverse` swaps the ends (an Employment runs employee -> employer; our
    `employs` runs employer -> employee). Blank direction and strength take our
    kind's default; `percentage_strength` derives strength from Ownership's
    percentage; `payments` gathers the links between one pair into one tie
    (see the Payment rule in the module docstring).
    """

    source: str
    target: str
    kind: str
    reverse: bool = False
    direction: str = ""
    confidence: str = ""
    percentage_strength: bool = False
    payments: bool = False


LINK_SCHEMATA: dict[str, LinkSchema] = {
    "Ownership": LinkSchema("owner", "asset", "owns", percentage_strength=True),
    "Directorship": LinkSchema("director", "organization", "leads"),
    "Membership": LinkSchema("member", "organization", "member_of"),
    "Employment": LinkSchema("employee", "employer", "employs", reverse=True),
    "Representation": LinkSchema("agent", "client", "advises"),
    "Family": LinkSchema("person", "relative", "influences", direction="mutual", confidence="low"),
    "Associate": LinkSchema("person", "associate", "influences", direction="mutual", confidence="low"),
    "UnknownLink": LinkSchema("subject", "object", "influences", confidence="low"),
    "Payment": LinkSchema("payer", "beneficiary", "funds", payments=True),
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
_AMOUNT_PROPERTIES = (("amount", ""), ("amountEur", "EUR"), ("amountUsd", "USD"))  # amount's currency: `currency`
_PAYMENT_NOTE_PROPERTIES = ("purpose", "programme", "description", "summary")


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
    """Our kind: by topic, else by classification or legal form, else a party by name, else the schema's."""
    if schema == "Person":
        return ACTOR_SCHEMATA[schema]
    return (
        _topic_kind(props.get("topics", []))
        or _hinted_kind(props)
        or _party_by_name(schema, props)
        or ACTOR_SCHEMATA[schema]
    )


def _topic_kind(topics: list[str]) -> str | None:
    """The kind of the first `TOPIC_KINDS` entry that one of the topics matches."""
    for topic, kind in TOPIC_KINDS:
        if any(t == topic or t.startswith(f"{topic}.") for t in topics):
            return kind
    return None


def _hinted_kind(props: Mapping[str, list[str]]) -> str | None:
    """The first classification or legal form naming one of our kinds (other than person)."""
    for value in (v for p in _KIND_HINT_PROPERTIES for v in props.get(p, [])):
        kind = match_term(value, ACTOR_KINDS)
        if kind is not None and kind != "person":
            return kind
    return None


def _party_by_name(schema: str, props: Mapping[str, list[str]]) -> str | None:
    names = props.get("name", []) + props.get("alias", [])
    if schema in _NAMED_PARTY_SCHEMATA and any(PARTY_NAME.search(name) for name in names):
        return "political"
    return None


def _attributes(props: Mapping[str, list[str]], used: set[str]) -> dict[str, str]:
    return {
        f"{ATTRIBUTE_PREFIX}{key}": "; ".join(values) for key, values in props.items() if key not in used and values
    }


# --- links --------------------------------------------------------------------------


def _tie_rows(
    name: str, entities: Sequence[_Entity], skipped: set[str], limits: Limits
) -> tuple[list[tuple[int, dict[str, str]]], list[ValidationIssue]]:
    """One row per tie (a link names several owners and assets: one tie per pair), up to the row limit.

    Payments are gathered by (payer, beneficiary) first and become one row per pair
    (`_payment_rows`).
    """
    rows: list[tuple[int, dict[str, str]]] = []
    issues: list[ValidationIssue] = []
    payments: dict[tuple[str, str], list[_Payment]] = {}
    left_out: dict[str, list[int]] = defaultdict(list)
    for entity in entities:
        spec = LINK_SCHEMATA.get(entity.schema)
        if spec is None:
            continue
        props = {key: _texts(values) for key, values in entity.properties.items()}
        sources, targets = _ends(props, spec.source), _ends(props, spec.target)
        if len(rows) + len(payments) + len(sources) * len(targets) > limits.max_rows:
            return rows, [*issues, too_many_rows(f"{name}, links", entity.line, limits)]
        pairs = _pairs(sources, targets)
        if any(end in skipped for pair in pairs for end in pair):
            left_out[entity.schema].append(entity.line)
            continue
        if spec.payments:
            payment, problem = _payment(entity, props)
            for pair in pairs:
                payments.setdefault(pair, []).append(payment)
        else:
            fields, problem = _tie_fields(entity, spec, props)
            for source, target in pairs:
                ends = {"source": target, "target": source} if spec.reverse else {"source": source, "target": target}
                rows.append((entity.line, ends | fields))
        if problem:
            issues.append(problem.located(name, entity.line))
    rows = sorted([*rows, *_payment_rows(payments)], key=lambda row: row[0])
    return rows, issues + [_left_out_issue(name, schema, lines) for schema, lines in left_out.items()]


def _ends(props: Mapping[str, list[str]], prop: str) -> list[str]:
    """The ids one end of a link names, each once (a blank end stays, for the validator to name)."""
    return list(dict.fromkeys(props.get(prop) or [""]))


def _pairs(sources: list[str], targets: list[str]) -> list[tuple[str, str]]:
    """Every source with every target, without the self-loops that only the product makes.

    Merged entities give links such as owners [A, B] and assets [B, A]: A owning A is
    not in the data, so it is dropped here. A link naming one actor at both ends says so
    itself; it is kept for the validator, which leaves it out with a `self-loop` warning.
    """
    pairs = list(itertools.product(sources, targets))
    return pairs if len(pairs) == 1 else [(source, target) for source, target in pairs if source != target]


def _left_out_issue(name: str, schema: str, lines: list[int]) -> ValidationIssue:
    return ValidationIssue(
        name,
        lines[0],
        None,
        "skipped-record",
        f"{len(lines)} {schema} link(s) (first on line {lines[0]}) join entities that are not actors on the map "
        "(see the other warnings); they are left out too.",
        "warning",
    )


@dataclass(frozen=True)
class _Problem:
    column: str
    code: str
    message: str
    severity: Severity = "error"

    def located(self, name: str, line: int) -> ValidationIssue:
        return ValidationIssue(name, line, self.column, self.code, self.message, self.severity)


def _tie_fields(
    entity: _Entity, spec: LinkSchema, props: Mapping[str, list[str]]
) -> tuple[dict[str, str], _Problem | None]:
    used = {spec.source, spec.target, "startDate", "endDate", *_LINK_NOTE_PROPERTIES}
    fields = {"kind": spec.kind, "direction": spec.direction, "confidence": spec.confidence}
    problem = None
    if spec.percentage_strength and props.get("percentage"):
        strength, problem = _ownership_strength(props["percentage"][0])
        fields["strength"] = strength
    fields["since"] = _day(props, "startDate")
    fields["until"] = _day(props, "endDate")
    fields["notes"] = "; ".join(text for p in _LINK_NOTE_PROPERTIES for text in props.get(p, []))
    fields["source_ref"] = (props.get("sourceUrl") or [""])[0]
    if len(props.get("sourceUrl", [])) == 1:
        used.add("sourceUrl")
    fields[f"{ATTRIBUTE_PREFIX}schema"] = entity.schema
    fields[f"{ATTRIBUTE_PREFIX}id"] = entity.id
    return fields | _attributes(props, used), problem


def _day(props: Mapping[str, list[str]], prop: str) -> str:
    """The property's first date, to the day (FollowTheMoney dates may carry a time)."""
    return (props.get(prop) or [""])[0][:10]


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


# --- payments -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Payment:
    """What one Payment adds to its pair's `funds` tie."""

    line: int
    id: str
    amount: float | None
    currency: str
    start: str
    end: str
    notes: tuple[str, ...]
    source_ref: str
    attributes: Mapping[str, str]


def _payment(entity: _Entity, props: Mapping[str, list[str]]) -> tuple[_Payment, _Problem | None]:
    """One payment; an amount that is not a positive number is left out with a warning (the tie is kept)."""
    prop, currency = next(((p, c) for p, c in _AMOUNT_PROPERTIES if props.get(p)), ("", ""))
    used = {"payer", "beneficiary", "date", "startDate", "endDate", *_PAYMENT_NOTE_PROPERTIES}
    amount, problem = None, None
    if prop:
        used.add(prop)
        if prop == "amount":
            currency = (props.get("currency") or [""])[0].upper()
            used.add("currency")
        amount, problem = _amount(prop, props[prop][0])
    if len(props.get("sourceUrl", [])) == 1:
        used.add("sourceUrl")
    payment = _Payment(
        line=entity.line,
        id=entity.id,
        amount=amount,
        currency=currency,
        start=min((day for day in (_day(props, "date"), _day(props, "startDate")) if day), default=""),
        end=_day(props, "endDate"),
        notes=tuple(text for p in _PAYMENT_NOTE_PROPERTIES for text in props.get(p, [])),
        source_ref=(props.get("sourceUrl") or [""])[0],
        attributes=_attributes(props, used),
    )
    return payment, problem


def _amount(prop: str, raw: str) -> tuple[float | None, _Problem | None]:
    try:
        amount = parse_number(raw)
    except ValueError:
        message = f"Payment {prop} '{raw}' is not a number; the payment counts without it."
        return None, _Problem(prop, "invalid-number", message, "warning")
    if amount < 0:
        message = f"Payment {prop} {raw} is negative; the payment counts without it."
        return None, _Problem(prop, "out-of-range", message, "warning")
    return amount, None


def _payment_rows(payments: Mapping[tuple[str, str], list[_Payment]]) -> list[tuple[int, dict[str, str]]]:
    """One `funds` row per (payer, beneficiary), on the line of its first payment (rule in the module docstring)."""
    received: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (_, beneficiary), group in payments.items():
        for payment in group:
            if payment.amount is not None:
                received[beneficiary][payment.currency] += payment.amount
    rows = []
    for (payer, beneficiary), group in payments.items():
        first = group[0]
        ends = [payment.end for payment in group]
        record = {
            "source": payer,
            "target": beneficiary,
            "kind": "funds",
            "strength": _funds_strength(group, received[beneficiary]),
            "since": min((p.start for p in group if p.start), default=""),
            "until": max(ends) if all(ends) else "",
            "notes": _payment_notes(group),
            "source_ref": next((p.source_ref for p in group if p.source_ref), ""),
            f"{ATTRIBUTE_PREFIX}schema": "Payment",
            f"{ATTRIBUTE_PREFIX}id": first.id,
            f"{ATTRIBUTE_PREFIX}payments": str(len(group)),
        }
        rows.append((first.line, record | (dict(first.attributes) if len(group) == 1 else {})))
    return rows


def _funds_strength(group: Sequence[_Payment], received: Mapping[str, float]) -> str:
    """0.3 + 0.6 x the pair's share of what the beneficiary received; blank (kind default) when not comparable."""
    paid = sum(payment.amount for payment in group if payment.amount is not None)
    total = sum(received.values())
    if len(received) != 1 or total <= 0:
        return ""
    return format_number(round(FUNDS_FLOOR + FUNDS_SPAN * paid / total, 2))


def _payment_notes(group: Sequence[_Payment]) -> str:
    """'3 payments, total 250,000 EUR, 2009-03-01 to 2011-12-29; Donation' (the first few distinct notes)."""
    totals: dict[str, float] = defaultdict(float)
    for payment in group:
        if payment.amount is not None:
            totals[payment.currency] += payment.amount
    money = " + ".join(f"{_money(amount)} {currency}".strip() for currency, amount in totals.items())
    parts = [f"{len(group)} payments" if len(group) > 1 else "1 payment"]
    if money:
        parts.append(f"total {money}" if len(group) > 1 else money)
    dates = sorted(day for payment in group for day in (payment.start, payment.end) if day)
    if dates:
        parts.append(dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}")
    texts = list(dict.fromkeys(text for payment in group for text in payment.notes))[:PAYMENT_NOTES_KEPT]
    return "; ".join([", ".join(parts), *texts])


def _money(amount: float) -> str:
    """1234567.5 -> '1,234,567.50'; whole amounts without cents."""
    return f"{amount:,.2f}".removesuffix(".00")


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
