"""Whom to contact in an organisation, and who may introduce us to it.

The people come first by the Leaders ranking, then by seniority (top and senior before CSR appointees, who
often lack the authority to commit a company). An introducer is an actor tied to the target whom we reach
well; it is never the target itself, its own people (whose parent it is, who lead it or whom it employs), nor an
actor we may not propose as a way in (armed, opposed or proscribed: `mapping.lens.plan.may_engage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mapping.analysis.influence import InfluenceNetwork
from mapping.analysis.leaders import RankedLeader
from mapping.analysis.reach import accessibility
from mapping.lens.plan import may_engage
from mapping.model import Actor, StakeholderMap

__all__ = ["Introducer", "contact_people", "introducers", "not_a_way_in", "own_people"]

SENIORITY_ORDER = {"top": 0, "senior": 1, "mid": 2, "csr": 3}
"""Whom to call first: top and senior leaders before staff, and CSR appointees last."""
STATE_KINDS = ("government", "security")
INTRODUCER_KINDS = {
    "business": ("association", "government", "media"),
    "association": ("government", "business", "international"),
}
"""Kinds preferred as introducers to a kind of target (peers and officials first)."""
STAFF_TIES = ("leads", "employs")


@dataclass(frozen=True)
class Introducer:
    """An actor that can introduce us to the target; `worth` is our access to it times its tie to the target."""

    id: str
    name: str
    kind: str
    worth: float


def contact_people(smap: StakeholderMap, actor: Actor, leaders: Sequence[RankedLeader] = ()) -> list[Actor]:
    """The organisation's people to call, first first: by the Leaders ranking, then seniority (CSR last).

    Its people are those whose parent it is, and those who lead it or whom it employs.
    """
    if actor.is_person:
        return [actor]
    rank = {leader.id: leader.rank for leader in leaders}
    people = [smap.actor(i) for i in own_people(smap, actor) if smap.actor(i).is_person]
    return sorted(
        people,
        key=lambda p: (SENIORITY_ORDER.get(p.seniority or "", 2) == 3, rank.get(p.id, len(rank) + 1),
                       SENIORITY_ORDER.get(p.seniority or "", 2), p.name),
    )  # fmt: skip


def own_people(smap: StakeholderMap, actor: Actor) -> set[str]:
    """The actor, its units and people (parent is the actor), those who lead it or whom it employs, its parent."""
    own = {actor.id, *(a.id for a in smap.actors if a.parent == actor.id)}
    if actor.parent:
        own.add(actor.parent)
    for rel in smap.relationships_of(actor.id):
        if rel.kind == "leads" and rel.target == actor.id:
            own.add(rel.source)
        elif rel.kind == "employs" and rel.source == actor.id:
            own.add(rel.target)
    return own


def not_a_way_in(smap: StakeholderMap) -> frozenset[str]:
    """Actors never proposed as a partner, broker or introducer: armed, opposed or proscribed."""
    return frozenset(a.id for a in smap.actors if not may_engage(a))


def introducers(
    smap: StakeholderMap, actor: Actor, us: Sequence[str], network: InfluenceNetwork, k: int = 3
) -> list[Introducer]:
    """Actors tied to the target whom we reach best, preferred kinds first (peers or officials for a company)."""
    if actor.id not in network:
        return []
    access = accessibility(network, us)
    excluded = own_people(smap, actor) | not_a_way_in(smap) | set(us)
    preferred = INTRODUCER_KINDS.get(actor.kind, ())
    found = []
    for source in network.predecessors(actor.id):
        edge = network.edge(source, actor.id)
        worth = access.get(source, 0.0) * (edge.strength if edge else 0.0)
        if source not in excluded and worth > 0:
            candidate = smap.actor(source)
            found.append(Introducer(source, candidate.name, candidate.kind, worth))
    found.sort(key=lambda i: (i.kind not in preferred, -i.worth, i.name))
    return found[:k]
