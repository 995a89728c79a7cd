"""Convening power: how many actors an actor can bring to the table, weighted by their weight.

The actors an actor x can convene, C(x), are:
1. its members (actors with a positive `member_of` tie to x);
2. the members of those members that have members themselves, at any depth: an
   umbrella body of associations reaches the associations' firms;
3. the organisations its people lead: a person tied to x (leader, staff, or x as
   `parent`) who also `leads` another organisation brings that organisation.

Convening power = sum over y in C(x) of w(y), where w(y) = influence(y) / 5 and an
actor with no influence rating counts as `DEFAULT_INFLUENCE` / 5 (= 0.5). The
ranking turns it into a component on a fixed scale, C / (C + 5) (see `ranking`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from mapping.analysis.influence import InfluenceNetwork
from mapping.model import Relationship, StakeholderMap

__all__ = ["DEFAULT_INFLUENCE", "Convening", "actor_weights", "convening_power", "merged"]

DEFAULT_INFLUENCE = 2.5


@dataclass(frozen=True)
class Convening:
    """What an actor can convene: the total weight and how it is made up."""

    power: float
    direct_members: tuple[str, ...]
    indirect_members: tuple[str, ...]
    member_bodies: tuple[str, ...]
    led_by_its_people: tuple[str, ...]

    @property
    def reached(self) -> int:
        return len(self.direct_members) + len(self.indirect_members) + len(self.led_by_its_people)

    def describe(self) -> str:
        """'41 members (12 direct, 29 via 6 member bodies); 2 organisations led by its people'."""
        parts = []
        members = len(self.direct_members) + len(self.indirect_members)
        if members:
            text = f"{members} members"
            if self.indirect_members:
                text += (
                    f" ({len(self.direct_members)} direct, {len(self.indirect_members)} via "
                    f"{len(self.member_bodies)} member bodies)"
                )
            parts.append(text)
        if self.led_by_its_people:
            parts.append(f"{len(self.led_by_its_people)} organisations led by its people")
        return "; ".join(parts) or "no members"


def convening_power(smap: StakeholderMap, network: InfluenceNetwork) -> dict[str, Convening]:
    """Convening power of every actor of the map, over the ties that count in the network.

    Examples
    --------
    >>> from mapping.analysis.influence import influence_network
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> smap = StakeholderMap(
    ...     [Actor("apex", "Apex", "association"), Actor("assoc", "Assoc", "association", influence=5),
    ...      Actor("firm", "Firm", "business", influence=2.5)],
    ...     [Relationship("assoc", "apex", "member_of", 0.5), Relationship("firm", "assoc", "member_of", 0.5)],
    ... )
    >>> power = convening_power(smap, influence_network(smap))
    >>> power["apex"].power, power["apex"].describe()
    (1.5, '2 members (1 direct, 1 via 1 member bodies)')
    """
    ties = [counted.tie for counted in network.counted]
    members = _members_by_body(ties)
    leads = _organisations_led(smap, ties)
    people = _people_by_organisation(smap, ties)
    weight = actor_weights(smap)
    tied = {end for rel in ties for end in (rel.source, rel.target)}
    nobody = Convening(0.0, (), (), (), ())
    return {a.id: _convening_of(a.id, members, leads, people, weight) if a.id in tied else nobody for a in smap.actors}


def actor_weights(smap: StakeholderMap, influence: Mapping[str, float] | None = None) -> dict[str, float]:
    """w(y) = influence(y) / 5 for every actor, `DEFAULT_INFLUENCE` / 5 when unrated.

    `influence` overrides the ratings (e.g. drawn within their range when testing how sure a ranking is).
    """
    ratings = influence or {}
    return {
        a.id: ratings.get(a.id, a.influence if a.influence is not None else DEFAULT_INFLUENCE) / 5 for a in smap.actors
    }


def merged(parts: Sequence[Convening], group: Collection[str], weight: Mapping[str, float]) -> Convening:
    """What a group of actors (an organisation and its units) can convene together, each actor counted once.

    The group's own actors are not among what it convenes; an actor a part
    reaches directly stays direct even if another part reaches it indirectly.
    """
    inside = set(group)
    direct = _unique(m for part in parts for m in part.direct_members if m not in inside)
    indirect = _unique(m for part in parts for m in part.indirect_members if m not in inside and m not in direct)
    led = _unique(
        m for part in parts for m in part.led_by_its_people if m not in inside and m not in direct and m not in indirect
    )
    bodies = _unique(b for part in parts for b in part.member_bodies if b not in inside)
    power = sum(weight[x] for x in (*direct, *indirect, *led))
    return Convening(power, direct, indirect, bodies, led)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _members_by_body(ties: Iterable[Relationship]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for rel in ties:
        if rel.kind == "member_of":
            members[rel.target].append(rel.source)
    return members


def _organisations_led(smap: StakeholderMap, ties: Iterable[Relationship]) -> dict[str, list[str]]:
    led: dict[str, list[str]] = defaultdict(list)
    for rel in ties:
        if rel.kind == "leads" and smap.actor(rel.source).is_person:
            led[rel.source].append(rel.target)
    return led


def _people_by_organisation(smap: StakeholderMap, ties: Iterable[Relationship]) -> dict[str, set[str]]:
    """People tied to each organisation by leads, employs, or their parent column."""
    people: dict[str, set[str]] = defaultdict(set)
    for rel in ties:
        if rel.kind == "leads" and smap.actor(rel.source).is_person:
            people[rel.target].add(rel.source)
        if rel.kind == "employs" and smap.actor(rel.target).is_person:
            people[rel.source].add(rel.target)
    for actor in smap.actors:
        if actor.is_person and actor.parent:
            people[actor.parent].add(actor.id)
    return people


def _convening_of(
    actor_id: str,
    members: dict[str, list[str]],
    leads: dict[str, list[str]],
    people: dict[str, set[str]],
    weight: dict[str, float],
) -> Convening:
    direct = list(dict.fromkeys(members.get(actor_id, [])))
    seen = {actor_id, *direct}
    indirect: list[str] = []
    bodies: list[str] = []
    frontier = [m for m in direct if members.get(m)]
    while frontier:
        body = frontier.pop(0)
        bodies.append(body)
        for member in members[body]:
            if member not in seen:
                seen.add(member)
                indirect.append(member)
                if members.get(member):
                    frontier.append(member)
    led = [org for person in sorted(people.get(actor_id, ())) for org in leads.get(person, []) if org not in seen]
    led = list(dict.fromkeys(led))
    power = sum(weight[x] for x in (*direct, *indirect, *led))
    return Convening(power, tuple(direct), tuple(indirect), tuple(bodies), tuple(led))
