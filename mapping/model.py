"""The stakeholder map: actors and the relationships between them, as typed records.

`StakeholderMap` is built only from validated records (see `mapping.load`). It
holds the actors in the user's order and the relationships (the written ones,
then those implied by an actor's `parent`), with lookups by id and name and the
ties at each actor. It holds no graph: each analysis builds the graph it walks
from these records (`mapping.analysis.influence` for who can move whom), and a
relationship is always named by its index in `StakeholderMap.relationships`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property
from operator import attrgetter

from mapping.schema import IMPLIED_TIE_RULES, RELATIONSHIP_KINDS, ImpliedTieRule, RelationshipKind, normalise_token
from mapping.values import PartialDate, closest_matches, closest_of

__all__ = [
    "Actor",
    "ActorIndex",
    "Relationship",
    "StakeholderMap",
    "UnknownActorError",
    "default_strength",
    "implied_tie_rule",
    "relationship_kind",
    "trailing_acronym",
]

Attributes = tuple[tuple[str, str], ...]
# (factor or indicator code, role): ("8.7", "mitigator") - see schema.RISK_ROLES.
RiskTags = tuple[tuple[str, str], ...]


def _in_period(day: dt.date | None, start: PartialDate | None, end: PartialDate | None) -> bool:
    """True when `day` falls between `start` and `end`, read generously; None is any day.

    Open ends are unbounded. A partial date covers its whole period: a start of 2008
    holds from 1 January 2008, an end of 2008-02 to 29 February 2008. The one rule
    for ties (`Relationship.in_force`) and actors (`Actor.in_force`).
    """
    if day is None:
        return True
    started = start is None or start.start <= day
    ongoing = end is None or day <= end.end
    return started and ongoing


# A bracket at the very end of a name holding 2-12 letters, digits, '&', '-' or '.', no space.
_TRAILING_BRACKET = re.compile(r"\(([A-Za-z0-9&.\-]{2,12})\)\s*$")


def trailing_acronym(name: str) -> str | None:
    """The acronym a name ends with in brackets, or None: "Kenya Private Sector Alliance (KEPSA)" -> "KEPSA".

    The bracket must hold a plausible acronym: 2 to 12 letters, digits, '&', '-' or
    '.', no space, at least two capitals. So "(Kenya)" and "(proscribed gang)" are
    not acronyms.

    >>> [trailing_acronym(n) for n in ["Kenya Private Sector Alliance (KEPSA)", "Mungiki (Kenya)", "Cord"]]
    ['KEPSA', None, None]
    >>> trailing_acronym("Kenya Association of Manufacturers (KAM) "), trailing_acronym("Bank (I&M)")
    ('KAM', 'I&M')
    """
    found = _TRAILING_BRACKET.search(name)
    if found is None or sum(ch.isupper() for ch in found.group(1)) < 2:
        return None
    return found.group(1)


@dataclass(frozen=True, slots=True)
class Actor:
    """One organisation, unit or person on the map. Fields mirror the actors table.

    `active_from` and `active_until` bound the actor's existence (founded, dissolved);
    `interest` (1-5) is how much it cares about the prevention question, None when unrated.
    `short_name` is the short label as written (may be empty); `short_label` is the one to draw.
    `map_x`, `map_y` pin the actor where someone placed it on the map (pixels); None: the layout places it.
    """

    id: str
    name: str
    kind: str
    subtype: str = ""
    sector: str = ""
    country: str = ""
    region: str = ""
    parent: str | None = None
    role: str = ""
    seniority: str | None = None
    influence: float | None = None
    stance: str = "unknown"
    integrity: float | None = None
    neutrality: float | None = None
    phases: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    engagement_status: str = "not_contacted"
    notes: str = ""
    source: str = ""
    last_verified: PartialDate | None = None
    risk_factors: RiskTags = ()
    attributes: Attributes = ()
    interest: float | None = None
    active_from: PartialDate | None = None
    active_until: PartialDate | None = None
    short_name: str = ""
    map_x: float | None = None
    map_y: float | None = None

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def pinned(self) -> tuple[float, float] | None:
        """Where someone pinned the actor on the map, or None when the layout places it.

        >>> Actor("a", "A", "business", map_x=10, map_y=-5).pinned, Actor("a", "A", "business", map_x=10).pinned
        ((10, -5), None)
        """
        return (self.map_x, self.map_y) if self.map_x is not None and self.map_y is not None else None

    @property
    def short_label(self) -> str:
        """The label to draw: the written `short_name`; else, for an organisation, the acronym
        its name ends with in brackets (`trailing_acronym`); else the name.

        A person's name never gives an acronym: "Chair, Kenya Private Sector Alliance
        (KEPSA)" is the chair, not KEPSA.

        >>> Actor("kepsa", "Kenya Private Sector Alliance (KEPSA)", "association").short_label
        'KEPSA'
        >>> Actor("ncic", "National Cohesion and Integration Commission", "government", short_name="NCIC").short_label
        'NCIC'
        >>> Actor("chair", "Chair, Kenya Private Sector Alliance (KEPSA)", "person").short_label
        'Chair, Kenya Private Sector Alliance (KEPSA)'
        """
        if self.short_name:
            return self.short_name
        acronym = None if self.is_person else trailing_acronym(self.name)
        return acronym or self.name

    def in_force(self, day: dt.date | None) -> bool:
        """True when the actor exists on `day`: founded by then (or undated) and not yet gone; None is any day.

        Read as generously as a tie's dates (`Relationship.in_force`): an actor
        `active_from` 2012-01 exists from 1 January 2012.

        >>> campaign = Actor("c", "Campaign", "prevention_network", active_from=PartialDate(2012, 1, 30))
        >>> [campaign.in_force(dt.date(*d)) for d in [(2012, 1, 29), (2012, 1, 30)]], campaign.in_force(None)
        ([False, True], True)
        """
        return _in_period(day, self.active_from, self.active_until)

    def attribute(self, name: str) -> str | None:
        """A custom field kept from the user's file, or None."""
        return dict(self.attributes).get(name)


@dataclass(frozen=True, slots=True)
class Relationship:
    """One tie between two actors. Fields mirror the relationships table.

    `strength` is how strongly the source moves the target; `strength_back` how
    strongly the target moves the source back (0: not at all), already resolved by
    the contract's rule (`mapping.schema.back_strength`), so analyses need no rule.
    Built without `strength_back`, a tie takes it from `direction` as a written row
    would: `mutual` gives the strength back, `directed` (the default) nothing. Given
    `strength_back`, `direction` follows it: `mutual` exactly when influence runs
    back; a `direction` that contradicts it is a programming error (ValueError).

    `implied` marks a tie derived from an actor's `parent` rather than written in
    the relationships table; exports leave those out because loading re-derives them.
    """

    source: str
    target: str
    kind: str
    strength: float
    direction: str | None = None
    sign: str = "+"
    confidence: str = "medium"
    since: PartialDate | None = None
    until: PartialDate | None = None
    notes: str = ""
    source_ref: str = ""
    risk_factors: RiskTags = ()
    implied: bool = False
    attributes: Attributes = ()
    strength_back: float | None = None

    def __post_init__(self) -> None:
        back = self.strength_back
        if back is None:
            back = self.strength if self.direction == "mutual" else 0.0
            object.__setattr__(self, "strength_back", back)
        direction = "mutual" if back > 0 else "directed"
        if self.direction not in (None, direction):
            raise ValueError(f"a {self.direction} tie cannot have strength_back {back!r}")
        object.__setattr__(self, "direction", direction)

    @property
    def is_mutual(self) -> bool:
        """True when influence runs back from target to source (`strength_back` above 0)."""
        return self.direction == "mutual"

    @property
    def is_symmetric(self) -> bool:
        """True when influence runs back exactly as strongly: the tie reads the same from either end.

        Only then is a row with source and target swapped the same tie (a dialogue written twice);
        a funding that runs back at a quarter of its strength is not the reversed funding.
        """
        return self.strength_back == self.strength

    @property
    def is_positive(self) -> bool:
        return self.sign == "+"

    def joins(self, a: str, b: str) -> bool:
        """True when the tie links actors a and b, in either direction."""
        return {self.source, self.target} == {a, b}

    def in_force(self, day: dt.date | None) -> bool:
        """True when the tie holds on `day`: started by then (or undated) and not yet ended; None is any day.

        Partial dates count generously: a tie `since` 2008 holds from 1 January
        2008, and one `until` 2008-02 holds to 29 February 2008.

        >>> tie = Relationship("a", "b", "dialogue", 0.4, since=PartialDate(2008), until=PartialDate(2013, 3))
        >>> [tie.in_force(dt.date(*d)) for d in [(2007, 12, 31), (2008, 1, 1), (2013, 3, 31), (2013, 4, 1)]]
        [False, True, True, False]
        """
        return _in_period(day, self.since, self.until)


class UnknownActorError(LookupError):
    """A user named an actor the map does not hold (or a name several actors share)."""

    def __init__(self, reference: str, ambiguous: list[str], suggestions: list[str]) -> None:
        self.reference = reference
        self.suggestions = suggestions
        if ambiguous:
            message = f"'{reference}' matches several actors ({', '.join(ambiguous)}); use the id."
        else:
            hint = f" Closest: {', '.join(repr(s) for s in suggestions)}." if suggestions else ""
            message = f"No actor '{reference}' on this map.{hint}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class StakeholderMap:
    """A validated stakeholder map: its actors and ties, with typed accessors.

    Parameters
    ----------
    actors : the actors, in the order the user gave them.
    relationships : the ties written in the relationships table. Ties implied by
        actors' `parent` column are added here, after these, unless a tie between
        the two already exists.
    title : a human name for the map ("Kenya 2008-2013", "my_upload.xlsx").

    Raises
    ------
    ValueError
        If ids repeat or a tie names an unknown actor: validation must have
        caught that already, so reaching here is a programming error.
    """

    def __init__(self, actors: Iterable[Actor], relationships: Iterable[Relationship], title: str = "") -> None:
        self.title = title
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self._actors:
                raise ValueError(f"duplicate actor id {actor.id!r}")
            self._actors[actor.id] = actor
        explicit = tuple(relationships)
        for rel in explicit:
            if rel.source not in self._actors or rel.target not in self._actors:
                raise ValueError(f"relationship {rel.source!r} -> {rel.target!r} names an unknown actor")
        self._relationships = explicit + tuple(self._implied_ties(explicit))

    # --- construction --------------------------------------------------------------

    def _implied_ties(self, explicit: Sequence[Relationship]) -> Iterator[Relationship]:
        """Ties implied by `parent`, for actors whose tie to their parent is not written."""
        parented = {actor.id for actor in self._actors.values() if actor.parent is not None}
        linked = {frozenset((r.source, r.target)) for r in explicit if r.source in parented or r.target in parented}
        for actor in self._actors.values():
            if actor.parent is None or frozenset((actor.id, actor.parent)) in linked:
                continue
            rule = implied_tie_rule(actor)
            kind = relationship_kind(rule.kind)
            source, target = (actor.parent, actor.id) if rule.reverse else (actor.id, actor.parent)
            yield Relationship(
                source=source,
                target=target,
                kind=rule.kind,
                strength=kind.default_strength,
                strength_back=kind.default_back(kind.default_strength),
                notes=f"Implied by the parent column: {rule.reason}.",
                source_ref=actor.source,
                implied=True,
            )

    # --- whole-map views -----------------------------------------------------------
    def as_of(self, day: dt.date) -> StakeholderMap:
        """The map as it stood on `day`: the actors and written ties in force then, for an export of one date.

        A tie goes with either end; an actor whose parent was not yet (or no longer)
        there keeps its place with no parent, so no tie to an absent actor is implied.
        The title says the date.

        >>> m = StakeholderMap([Actor("a", "A", "business"), Actor("b", "B", "association",
        ...     active_from=PartialDate(2012))], [Relationship("a", "b", "member_of", 0.5)], "Kenya")
        >>> m.as_of(dt.date(2008, 2, 1))
        StakeholderMap('Kenya (as of 2008-02-01)', 1 actors, 0 relationships)
        """
        kept = {a.id for a in self._actors.values() if a.in_force(day)}
        actors = [
            a if a.parent is None or a.parent in kept else replace(a, parent=None)
            for a in self._actors.values()
            if a.id in kept
        ]
        ties = [r for r in self.explicit_relationships if r.source in kept and r.target in kept and r.in_force(day)]
        title = f"{self.title} (as of {day.isoformat()})" if self.title else f"As of {day.isoformat()}"
        return StakeholderMap(actors, ties, title)

    @property
    def actors(self) -> tuple[Actor, ...]:
        return tuple(self._actors.values())

    @property
    def relationships(self) -> tuple[Relationship, ...]:
        """Every tie: the written ones first, then the ones implied by `parent`."""
        return self._relationships

    @property
    def explicit_relationships(self) -> tuple[Relationship, ...]:
        """The ties the user wrote (what an export writes back)."""
        return tuple(r for r in self._relationships if not r.implied)

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StakeholderMap):
            return NotImplemented
        return self.actors == other.actors and self.relationships == other.relationships

    def __repr__(self) -> str:
        return f"StakeholderMap({self.title!r}, {len(self._actors)} actors, {len(self._relationships)} relationships)"

    def actor_counts_by_kind(self) -> Counter[str]:
        return Counter(actor.kind for actor in self._actors.values())

    def relationship_counts_by_kind(self) -> Counter[str]:
        return Counter(rel.kind for rel in self._relationships)

    def content_hash(self) -> str:
        """A SHA-256 of the map's content, stable across runs and row order.

        Used as the cache key for everything computed from the map. The title is
        left out: the same data under two names gives the same results.
        """
        return self._content_hash

    @cached_property
    def _content_hash(self) -> str:
        actors = _records(Actor, self._actors.values())
        ties = _records(Relationship, self._relationships)
        lines = ["actors", *actors, "relationships", *ties]
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    # --- single actors -------------------------------------------------------------

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id; KeyError if there is none."""
        return self._actors[actor_id]

    def find(self, reference: str) -> Actor | None:
        """The actor a user means by an id or a name, or None (see `ActorIndex`)."""
        matches = self._index.matches(reference)
        return self._actors[matches[0]] if len(matches) == 1 else None

    @cached_property
    def _index(self) -> ActorIndex:
        return ActorIndex(self._actors.values())

    def resolve(self, reference: str) -> Actor:
        """The actor a user means, or UnknownActorError naming the closest actors."""
        actor = self.find(reference)
        if actor is None:
            raise UnknownActorError(reference, self._index.matches(reference), self.suggest(reference))
        return actor

    def suggest(self, reference: str, count: int = 3) -> list[str]:
        """Names of the actors most like `reference`, for 'did you mean' messages."""
        names = [a.name for a in self._actors.values()] + list(self._actors)
        return closest_matches(reference, names, count)

    def actors_of_kind(self, *kinds: str) -> list[Actor]:
        return [a for a in self._actors.values() if a.kind in kinds]

    def relationships_of(self, actor_id: str) -> list[Relationship]:
        """Every tie that starts or ends at the actor."""
        return [self._relationships[i] for i in self._ties_at.get(actor_id, ())]

    @cached_property
    def _ties_at(self) -> dict[str, tuple[int, ...]]:
        """Indices of the ties at each actor, so per-actor questions do not scan every tie."""
        at: dict[str, list[int]] = {}
        for index, rel in enumerate(self._relationships):
            at.setdefault(rel.source, []).append(index)
            if rel.target != rel.source:
                at.setdefault(rel.target, []).append(index)
        return {actor: tuple(indices) for actor, indices in at.items()}

    def members_of(self, organisation_id: str) -> list[Actor]:
        """Actors with a `member_of` tie to the organisation (direct members only)."""
        return self._sources_of(organisation_id, "member_of")

    def leaders_of(self, organisation_id: str) -> list[Actor]:
        """People with a `leads` tie to the organisation, written or implied."""
        return [a for a in self._sources_of(organisation_id, "leads") if a.is_person]

    def _sources_of(self, target_id: str, kind: str) -> list[Actor]:
        ids = [r.source for r in self.relationships_of(target_id) if r.kind == kind and r.target == target_id]
        return [self._actors[i] for i in dict.fromkeys(ids)]


def implied_tie_rule(actor: Actor) -> ImpliedTieRule:
    """Which tie an actor's `parent` implies (see `schema.IMPLIED_TIE_RULES`)."""
    if not actor.is_person:
        return IMPLIED_TIE_RULES["unit"]
    if actor.seniority in ("top", "senior"):
        return IMPLIED_TIE_RULES[f"person_{actor.seniority}"]
    return IMPLIED_TIE_RULES["person_other"]


_RELATIONSHIP_KINDS = {kind.name: kind for kind in RELATIONSHIP_KINDS}


def relationship_kind(name: str) -> RelationshipKind:
    """The contract's declaration of a relationship kind (its defaults); KeyError for an unknown name."""
    return _RELATIONSHIP_KINDS[name]


def default_strength(kind: str) -> float:
    """The documented default strength of a relationship kind."""
    return relationship_kind(kind).default_strength


class ActorIndex:
    """Finds the actors a user means by a reference: an id or a name.

    Looked up in order, stopping at the first step that matches anything: the exact
    id, the exact name, then the id and the name with case, accents and spacing
    ignored. More than one match means the reference is ambiguous.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._by_id: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        self._ids_and_names = [(actor.id, actor.name) for actor in actors]
        for actor_id, name in self._ids_and_names:
            self._by_id.setdefault(actor_id, actor_id)
            self._by_name.setdefault(name, []).append(actor_id)
        # Every id, for callers that check a plain id before searching names (loading 150,000 ties).
        self.ids = self._by_id.keys()
        self._hints: dict[str, list[str]] = {}
        self._compared = 0

    @cached_property
    def _folded(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Ids and names with case, accents and spacing ignored: built on the first reference that needs them.

        Most files name actors by id, so a 30,000-actor map usually never needs them.
        """
        folded_ids: dict[str, list[str]] = {}
        folded_names: dict[str, list[str]] = {}
        for actor_id, name in self._ids_and_names:
            folded_ids.setdefault(normalise_token(actor_id), []).append(actor_id)
            folded_names.setdefault(normalise_token(name), []).append(actor_id)
        return folded_ids, folded_names

    HINT_COMPARISONS = 2_000_000
    """Spellings compared, over all the 'closest match' hints one index gives: about 4 s of difflib. A file of
    200,000 actors whose ties name hundreds of unknown actors would otherwise take many minutes on hints alone."""

    def spellings(self) -> list[str]:
        """Every id and name, for 'closest match' hints."""
        return list(self._by_id) + list(self._by_name)

    def closest(self, reference: str, count: int = 3) -> list[str]:
        """The ids and names most like `reference` (a 'did you mean' hint), or [] once the hints' budget is spent.

        Each distinct reference is compared once; the comparisons of all hints are
        bounded by `HINT_COMPARISONS`, so the first unknown references of a large file
        get hints and the rest are reported without one.
        """
        if reference in self._hints:
            return self._hints[reference]
        if self._compared + len(self._hint_tokens) > self.HINT_COMPARISONS:
            return []
        self._compared += len(self._hint_tokens)
        self._hints[reference] = closest_of(reference, self._hint_tokens, count)
        return self._hints[reference]

    @cached_property
    def _hint_tokens(self) -> dict[str, str]:
        return {normalise_token(spelling): spelling for spelling in dict.fromkeys(self.spellings())}

    def matches(self, reference: str) -> list[str]:
        """Ids of the actors the reference could mean: one, several (ambiguous) or none."""
        text = reference.strip()
        if text in self._by_id:
            return [text]
        if text in self._by_name:
            return list(dict.fromkeys(self._by_name[text]))
        token = normalise_token(text)
        for step in self._folded:
            ids = list(dict.fromkeys(step.get(token, [])))
            if ids:
                return ids
        return []


def _records(kind: type[Actor] | type[Relationship], items: Iterable[Actor | Relationship]) -> list[str]:
    """A canonical text of each record, sorted, for hashing: the repr of its field values in field order.

    Every field holds a str, number, bool, None, PartialDate or tuple of those, whose
    repr is the same in every run and never spans lines. Six times faster than a JSON
    text per record (0.8 s against 4.8 s for the 30,000-actor bench map), and every
    cache waits for it on a new map.
    """
    values_of = attrgetter(*(f.name for f in fields(kind)))
    return sorted(map(repr, map(values_of, items)))
