"""Who stands for whom in an organisation ranking: units, campaigns and people folded into their parent.

A campaign, a branch or a person with a `parent` acts through that parent: the
Mkenya Daima campaign is KEPSA's, a company's chair speaks for the company.
Ranked side by side, a unit tied 0.9 to its parent inherits the parent's reach
and the two take two places at the top of the list. So, for the organisation
ranking, every actor is **folded** into its topmost ancestor (following `parent`
while the parent is an organisation): the network is contracted so that the
group is one actor whose ties are all its members' ties (the strongest per
ordered pair, ties inside the group dropped), and nothing counts twice.

A folded unit's **share** is the share of the group's ties with the rest of the
map (positive, counted ties) that are the unit's own: how much of the group's
reach comes through the unit. Folding can be switched off to rank units
separately.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from mapping.analysis.influence import InfluenceNetwork
from mapping.model import StakeholderMap

__all__ = ["Folding", "contracted", "folding", "unit_shares"]


@dataclass(frozen=True)
class Folding:
    """Which actor stands for which: `representative[actor] = the id that stands for it` (itself if not folded)."""

    representative: dict[str, str]
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, actor_id: str) -> str:
        """The id that stands for the actor."""
        return self.representative.get(actor_id, actor_id)

    def units_of(self, representative: str, smap: StakeholderMap) -> tuple[str, ...]:
        """The organisations (not people) folded into a representative, in map order."""
        return tuple(m for m in self.members.get(representative, ()) if not smap.actor(m).is_person)


def folding(smap: StakeholderMap, fold: bool = True, present: Collection[str] | None = None) -> Folding:
    """Each actor's representative: its topmost organisation ancestor by `parent`, or itself (`fold=False`: itself).

    `present` are the actors still on the map (a scenario or a date may remove some):
    an actor is folded only into a parent that is present, so nobody is folded into
    an organisation taken off the map.

    >>> from mapping.model import Actor
    >>> smap = StakeholderMap([Actor("org", "Org", "association"), Actor("camp", "Campaign", "prevention_network",
    ...     parent="org"), Actor("chair", "Chair", "person", parent="org")], [])
    >>> folding(smap).representative
    {'org': 'org', 'camp': 'org', 'chair': 'org'}
    """
    if not fold:
        return Folding({a.id: a.id for a in smap.actors})
    here = set(present) if present is not None else {a.id for a in smap.actors}
    representative = {a.id: _top(smap, a.id, here) for a in smap.actors}
    members: dict[str, list[str]] = {}
    for actor_id, rep in representative.items():
        if rep != actor_id and actor_id in here:  # a unit not on the map (not yet founded, removed) is not included
            members.setdefault(rep, []).append(actor_id)
    return Folding(representative, {rep: tuple(ids) for rep, ids in members.items()})


def _top(smap: StakeholderMap, actor_id: str, present: Collection[str]) -> str:
    """Climb `parent` while it names an organisation present (validation forbids cycles; guarded anyway)."""
    seen = {actor_id}
    current = actor_id
    while True:
        parent = smap.actor(current).parent
        if parent is None or parent not in present or parent in seen or smap.actor(parent).is_person:
            return current
        seen.add(parent)
        current = parent


def contracted(network: InfluenceNetwork, fold: Folding) -> InfluenceNetwork:
    """The network with each group made one actor: edges between groups, the strongest per ordered pair."""
    if all(fold.of(a) == a for a in network.actors):
        return network
    strongest: dict[tuple[str, str], tuple[float, str, int]] = {}
    columns = zip(network.sources.tolist(), network.targets.tolist(), network.strengths.tolist(), strict=True)
    for (u, v, strength), kind, tie in zip(columns, network.kinds, network.ties, strict=True):
        pair = (fold.of(network.actors[u]), fold.of(network.actors[v]))
        if pair[0] != pair[1] and (pair not in strongest or strength > strongest[pair][0]):
            strongest[pair] = (strength, kind, tie)
    actors = {fold.of(a) for a in network.actors}
    edges = ((u, v, s, kind, tie) for (u, v), (s, kind, tie) in strongest.items())
    return InfluenceNetwork.from_edges(actors, edges, network.options, network.counted)


def unit_shares(network: InfluenceNetwork, fold: Folding) -> dict[str, float]:
    """Each folded actor's share of its group's counted ties with actors outside the group."""
    outward: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for counted in network.counted:
        ends = (counted.tie.source, counted.tie.target)
        groups = {fold.of(end) for end in ends}
        if len(groups) < 2:
            continue
        for end in ends:
            outward[fold.of(end)] += 1
            own[end] += 1
    return {
        member: own[member] / outward[rep] if outward[rep] else 0.0
        for rep, members in fold.members.items()
        for member in members
    }
