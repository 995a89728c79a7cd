"""People by role, never by name: on screen, and in everything that leaves the room.

People can be endangered when their names leave a workshop. `display_names(smap,
redact=True)` gives every person the name to show, their role and organisation
(`display_name`), and `DisplayNames.scrub` replaces their names inside any free
text. `redact_map(smap)` applies both to every record of a map and returns the
map as it may leave, with the findings the user should check before sharing it;
every export, from the app's download buttons and from `mapping export
--redact`, goes through it (`mapping.formats.export_files`).

What is redacted
----------------
- A person's name becomes their display name; their id becomes "person_1",
  "person_2"... in row order (the next free number if an organisation already
  holds one), and every reference to them (parents, ties) follows. Their
  `short_name` is dropped: initials or a surname would give the name away, and
  their short label on screen is a short form of the display name
  (`DisplayNames.short`).
- Every free-text field of every actor and tie is scrubbed: each text column of
  the contract except `id` and `name` (notes, source, source_ref, role, subtype,
  sector, country, region, an organisation's short_name), the open list
  `capabilities`, the custom fields (their names and values), and the map's title
  (often a file name, "Interview Amina Wanjiru.xlsx"). Organisations keep their
  names and ids.
- A role that names another person ("Aide to Amina Wanjiru") is scrubbed before
  it makes a display name ("Aide to Chair, Tumaini Peace Network").

What is found in free text (`mapping.person_names` says which words of a name count)
-------------------------------------------------------------------------------------
Replaced by the person's display name, or by "[name removed]" when the words fit
several people (two Johns), whatever the case, accents and separators:

- the whole name ("Amina Wanjiru", "AMINA  WANJIRU", "Amina_Wanjiru",
  "amina.wanjiru", "amina-wanjiru", "AminaWanjiru"), first and last swapped
  ("Wanjiru, Amina"), and first and last without the middle names;
- each name part alone ("Amina", "Wanjiru"), possessives included ("Amina's");
- capital initials before the last word ("A. Wanjiru", "A Wanjiru", "A.N.
  Wanjiru") and an initial joined to it ("awanjiru", "a.wanjiru");
- the person's id when it holds a word of their name ("amina_w");
- the person's short name ("AW", "Mama Amina"), unless it only names a post
  ("Chair"); two letters long, it is uncertain (below);
- a whole e-mail address holding any of these ("amina.wanjiru@example.org",
  "awanjiru2020@example.org").

A person named by a post ("Chair, KEPSA", as the sample maps name people) has no
name parts: only that whole name is replaced. Organisation names written out in
full are never changed: "Amina Wanjiru Foundation" stays as it is.

The rule for uncertain matches
------------------------------
A word of a personal name is uncertain when it is two letters long ("Li",
"Ng"), also a word of an organisation's name or id on the map ("Kenyatta"
beside "Kenyatta University"), or also a word of the person's own role.
Replacing it everywhere would garble the text (every "Kenyatta" would become a
role, Kenyatta University included), and leaving it silently could leak the
name. So where it stands alone it is left as it is and reported before the
export: an `uncertain-name-part` finding names the table, row and field, and the
person by neutral id and row ("person_2 (actors row 5)"), never the word itself
nor a display name that could give it away. It is still replaced wherever it is
part of a longer spelling ("Grace Kenyatta", "G. Kenyatta"). An organisation
whose name holds a person's whole personal name is reported as
`name-in-organisation`: organisation names are exported as they are, so the
file shows it. Findings are warnings: the export is still written (the app
shows them above its download buttons, `mapping export --redact` prints them on
stderr and exits 0), so that a person decides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import count
from typing import TypeVar

from mapping.model import Actor, Attributes, Relationship, StakeholderMap
from mapping.person_names import NEUTRAL_MARK, NameForms, NameScrubber, Scrubbed, name_keys
from mapping.schema import ACTOR_COLUMNS, RELATIONSHIP_COLUMNS, normalise_token

__all__ = [
    "ACTOR_FREE_TEXT",
    "FINDING_CODES",
    "NEUTRAL_MARK",
    "RELATIONSHIP_FREE_TEXT",
    "DisplayNames",
    "Redaction",
    "RedactionFinding",
    "display_name",
    "display_names",
    "redact_map",
    "redacted_map",
    "redaction_findings",
]

R = TypeVar("R", Actor, Relationship)
_LIST_SEPARATORS = re.compile(r"[;|,]")  # as mapping.values.split_list reads multi-value cells
_KEPT = ("id", "name")
# Dropped from a person's record: their short name is initials, a surname or a nickname.
_DROPPED_FOR_PEOPLE = ("short_name",)
# Every column a user types freely: scrubbed. Closed vocabularies, numbers and dates cannot hold a name.
ACTOR_FREE_TEXT = tuple(c.name for c in ACTOR_COLUMNS if c.value_type == "text" and c.name not in _KEPT)
RELATIONSHIP_FREE_TEXT = tuple(c.name for c in RELATIONSHIP_COLUMNS if c.value_type == "text")
ACTOR_OPEN_LISTS = tuple(c.name for c in ACTOR_COLUMNS if c.value_type == "list" and c.open_vocabulary)

FINDING_CODES: dict[str, str] = {
    "uncertain-name-part": "A word of a person's name that is two letters long, or also a word of an organisation's "
    "name or of their role, stands alone in a field; it was left as it is.",
    "name-in-organisation": "An organisation's name holds a person's whole name; organisation names are exported as "
    "they are.",
}


@dataclass(frozen=True, order=True)
class RedactionFinding:
    """Something to check before a redacted file is shared: where it is, and why, never the name itself.

    `table` is "actors", "relationships" or "map"; `row` the spreadsheet row (the
    first data row is 2, as `ValidationIssue` counts) or None for the map's title.
    """

    table: str
    row: int | None
    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in FINDING_CODES:
            raise ValueError(f"undeclared finding code {self.code!r}")

    @property
    def location(self) -> str:
        """'actors row 4, notes' or 'map title'."""
        return f"{self.table} row {self.row}, {self.field}" if self.row is not None else f"{self.table} {self.field}"


@dataclass(frozen=True)
class Redaction:
    """A map as it may leave the room, and what to check before sharing it."""

    map: StakeholderMap
    findings: tuple[RedactionFinding, ...]


# --- display names -------------------------------------------------------------------------


def display_name(actor: Actor, redact: bool, organisation: Actor | None = None) -> str:
    """The name to show for an actor; with `redact`, a person's role, never their name.

    A redacted person is "role, organisation" when both are known (the role alone
    if it already names the organisation), the role alone, "Person at
    organisation" without a role, or just "Person". The role must already be
    scrubbed of other people's names (`display_names` does it).

    >>> chair = Actor("jdoe", "Jane Doe", "person", role="Chair")
    >>> display_name(chair, False), display_name(chair, True, Actor("kepsa", "KEPSA", "association"))
    ('Jane Doe', 'Chair, KEPSA')
    """
    if not (redact and actor.is_person):
        return actor.name
    org = organisation.name if organisation is not None and not organisation.is_person else ""
    if actor.role and org and org.casefold() not in actor.role.casefold():
        return f"{actor.role}, {org}"
    if actor.role:
        return actor.role
    return f"Person at {org}" if org else "Person"


@dataclass(frozen=True)
class DisplayNames:
    """The names to show for every actor of one map, and the scrubbing of free text.

    `of(actor_id)` is the display name; `short(actor_id)` the short label to draw;
    `scrub(text)` replaces, when redacting, every spelling of a person's name with
    their display name (see the module docstring); `scan(text)` also says whose
    uncertain words the text still holds.
    """

    names: Mapping[str, str]
    short_names: Mapping[str, str]
    redact: bool
    scrubber: NameScrubber | None = field(default=None, repr=False, compare=False)

    def of(self, actor_id: str) -> str:
        return self.names[actor_id]

    def short(self, actor_id: str) -> str:
        """The short label to draw for an actor (`Actor.short_label`: "KEPSA" rather than its whole name).

        When redacting, a person's written short name is never used (it may be their
        initials or surname): their short label is their display name with their
        organisation by its short label ("Chair, KEPSA"), numbered like `of` when two
        look alike. An organisation's written short name is scrubbed.
        """
        return self.short_names[actor_id]

    def scrub(self, text: str) -> str:
        return self.scan(text).text

    def scan(self, text: str) -> Scrubbed:
        if not (self.redact and self.scrubber is not None):
            return Scrubbed(text)
        return self.scrubber.scan(text)


def display_names(smap: StakeholderMap, redact: bool) -> DisplayNames:
    """Display names for every actor; redacted people who would look alike get "(2)", "(3)".

    Roles are scrubbed before they name anyone, in two rounds so that two people
    whose roles name each other never loop: first with every name replaced by
    "[name removed]", then with the display names that round gave.
    """
    if not redact:
        return DisplayNames({a.id: a.name for a in smap.actors}, {a.id: a.short_label for a in smap.actors}, False)
    forms = NameForms.of(smap)
    organisations = {a.id: a.name for a in smap.actors if not a.is_person}
    first = _people_named(smap, NameScrubber(forms, {}), organisations)
    roles = NameScrubber(forms, first)
    names = _people_named(smap, roles, organisations)
    scrubber = NameScrubber(forms, names)
    short_organisations = {
        a.id: scrubber.scrub(a.short_name) if a.short_name else a.short_label for a in smap.actors if not a.is_person
    }
    short_names = _people_named(smap, roles, short_organisations)
    return DisplayNames(names, short_names, redact=True, scrubber=scrubber)


def _people_named(smap: StakeholderMap, scrubber: NameScrubber, organisations: Mapping[str, str]) -> dict[str, str]:
    """Every actor's display name: organisations as `organisations` names them, people by role (scrubbed by
    `scrubber`) and organisation so named; people who would look alike are numbered."""
    names = {
        a.id: _shown(smap, a, scrubber, organisations) if a.is_person else organisations[a.id] for a in smap.actors
    }
    seen: Counter[str] = Counter()
    repeated = {name for name, number in Counter(names.values()).items() if number > 1}
    for person in smap.actors_of_kind("person"):
        name = names[person.id]
        if name in repeated:
            seen[name] += 1
            names[person.id] = f"{name} ({seen[name]})" if seen[name] > 1 else name
    return names


def _shown(smap: StakeholderMap, person: Actor, scrubber: NameScrubber, organisations: Mapping[str, str]) -> str:
    """A person's display name, from their role scrubbed of people's names and their organisation's name as given."""
    role = scrubber.scrub(person.role)
    organisation = _organisation(smap, person)
    if organisation is not None and not organisation.is_person:
        organisation = replace(organisation, name=organisations[organisation.id])
    return display_name(person if role == person.role else replace(person, role=role), True, organisation)


def _organisation(smap: StakeholderMap, actor: Actor) -> Actor | None:
    return smap.actor(actor.parent) if actor.parent is not None and actor.parent in smap else None


# --- the map as it leaves ------------------------------------------------------------------


def redact_map(smap: StakeholderMap) -> Redaction:
    """The map as it may leave the room, and the findings to check first (see the module docstring)."""
    names = display_names(smap, redact=True)
    new_id = _neutral_ids(smap)
    people = {a.id: f"{new_id[a.id]} (actors row {row})" for row, a in enumerate(smap.actors, start=2) if a.is_person}
    check = _Check(names, people)
    actors = [_redacted_actor(actor, row, new_id, names, check) for row, actor in enumerate(smap.actors, start=2)]
    ties = [_redacted_tie(tie, row, new_id, check) for row, tie in enumerate(smap.explicit_relationships, start=2)]
    title = check.text(smap.title, "map", None, "title")
    findings = [*check.findings, *_names_in_organisations(smap, names, people)]
    return Redaction(StakeholderMap(actors, ties, title=title), tuple(sorted(set(findings), key=_reading_order)))


def redacted_map(smap: StakeholderMap) -> StakeholderMap:
    """The map as it may leave the room: people by role, never by name, anywhere in it (`redact_map`)."""
    return redact_map(smap).map


def redaction_findings(smap: StakeholderMap) -> tuple[RedactionFinding, ...]:
    """What to check before sharing the redacted map (`redact_map`)."""
    return redact_map(smap).findings


class _Check:
    """Scrubs the fields of one map and collects a finding for each field an uncertain word stays in.

    Findings name a person by their neutral id and row ("person_2, actors row 5"): a
    display name could give the word away ("Dean, Kenyatta University").
    """

    def __init__(self, names: DisplayNames, people: Mapping[str, str]) -> None:
        self.names = names
        self.people = people
        self.findings: list[RedactionFinding] = []

    def text(self, value: str, table: str, row: int | None, field_name: str) -> str:
        scrubbed = self.names.scan(value)
        if scrubbed.uncertain:
            who = " and ".join(sorted(self.people[person] for person in scrubbed.uncertain))
            message = (
                f"A word of the name of {who} stands alone here; it is two letters long, or also a word of an "
                "organisation's name or of their role, so it was left as it is. If it names the person, edit it "
                "before sharing."
            )
            self.findings.append(RedactionFinding(table, row, field_name, "uncertain-name-part", message))
        return scrubbed.text

    def attributes(self, attributes: Attributes, table: str, row: int) -> Attributes:
        """Custom fields with their names and values scrubbed; two names scrubbed alike get "(2)"."""
        kept: dict[str, str] = {}
        for name, value in attributes:
            shown = _unique(self.text(name, table, row, "custom field name"), kept)
            kept[shown] = self.text(value, table, row, shown)
        return tuple(kept.items())


def _unique(name: str, taken: Mapping[str, object]) -> str:
    return name if name not in taken else next(f"{name} ({n})" for n in count(2) if f"{name} ({n})" not in taken)


def _neutral_ids(smap: StakeholderMap) -> dict[str, str]:
    """Each actor's id as it leaves: people "person_1", "person_2"... in row order, skipping ids already taken."""
    taken = {a.id for a in smap.actors if not a.is_person}
    free = (f"person_{n}" for n in count(1) if f"person_{n}" not in taken)
    return {a.id: next(free) if a.is_person else a.id for a in smap.actors}


def _redacted_actor(actor: Actor, row: int, new_id: Mapping[str, str], names: DisplayNames, check: _Check) -> Actor:
    dropped = dict.fromkeys(_DROPPED_FOR_PEOPLE, "") if actor.is_person else {}
    texts = {
        name: check.text(getattr(actor, name), "actors", row, name) for name in ACTOR_FREE_TEXT if name not in dropped
    }
    lists = {name: tuple(_tag(check, item, row, name) for item in getattr(actor, name)) for name in ACTOR_OPEN_LISTS}
    changes = (
        texts
        | dropped
        | lists
        | {
            "id": new_id[actor.id],
            "name": names.of(actor.id) if actor.is_person else actor.name,
            "parent": new_id.get(actor.parent) if actor.parent else None,
            "attributes": check.attributes(actor.attributes, "actors", row),
        }
    )
    return _changed(actor, changes)


def _tag(check: _Check, tag: str, row: int, field_name: str) -> str:
    """A tag of an open list, scrubbed and, if that changed it, shaped as loading shapes tags ("chair_kepsa"),
    so that the export reads back to the same map (a display name holds commas, which separate tags)."""
    scrubbed = check.text(tag, "actors", row, field_name)
    return tag if scrubbed == tag else normalise_token(_LIST_SEPARATORS.sub(" ", scrubbed))


def _redacted_tie(tie: Relationship, row: int, new_id: Mapping[str, str], check: _Check) -> Relationship:
    texts = {name: check.text(getattr(tie, name), "relationships", row, name) for name in RELATIONSHIP_FREE_TEXT}
    changes = texts | {
        "source": new_id[tie.source],
        "target": new_id[tie.target],
        "attributes": check.attributes(tie.attributes, "relationships", row),
    }
    return _changed(tie, changes)


def _changed(record: R, changes: Mapping[str, object]) -> R:
    """The record with these fields, or the record itself when none differs (most ties between organisations)."""
    if all(getattr(record, name) == value for name, value in changes.items()):
        return record
    return replace(record, **changes)


def _names_in_organisations(
    smap: StakeholderMap, names: DisplayNames, people: Mapping[str, str]
) -> Iterator[RedactionFinding]:
    """A finding for each organisation whose name holds, word for word, a person's whole personal name."""
    if names.scrubber is None:
        return
    personal = names.scrubber.forms.personal
    for row, actor in enumerate(smap.actors, start=2):
        if actor.is_person:
            continue
        words = name_keys(actor.name)
        held = sorted(people[p] for p, name in personal.items() if _holds(words, name))
        if held:
            message = (
                f"This organisation's name holds the whole name of {' and '.join(held)}. Organisation names are "
                "exported as they are, so the file shows it: rename the organisation, or make sure that is safe."
            )
            yield RedactionFinding("actors", row, "name", "name-in-organisation", message)


def _holds(words: Sequence[str], name: Sequence[str]) -> bool:
    """True when `name`'s words appear one after another in `words`."""
    return bool(name) and any(tuple(words[i : i + len(name)]) == tuple(name) for i in range(len(words)))


def _reading_order(finding: RedactionFinding) -> tuple[int, int, str, str]:
    tables = {"map": 0, "actors": 1, "relationships": 2}
    return tables.get(finding.table, 3), finding.row or 0, finding.field, finding.code
