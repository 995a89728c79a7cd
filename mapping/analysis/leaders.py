"""Which people should we approach? Leaders ranked through the organisations they move.

Policy research is blunt about it: top-level buy-in is crucial, and a CSR
appointee often lacks the authority to move a company. So a person's score is

    leader score = 0.8 * seniority factor * organisation score + 0.2 * own ties

- organisation score: the engagement score (`ranking.py`) of the best-scoring
  organisation the person belongs to (their `parent`, or one they lead or work for;
  a unit scores as the organisation it is folded into);
- seniority factor: `SENIORITY_FACTORS` (top 1.0, senior 0.8, mid 0.5, csr 0.3;
  unknown 0.6);
- own ties: min(1, sum of the strengths of the person's positive ties to actors
  other than their own organisations) - a chair who also sits in other rooms.

People of the targets (the decision-makers themselves) and of "us" (our own
staff) are not ranked: they are not channels.

`member_leaders` answers the question the research asks of an association: which
leaders of its member companies can bring the others along.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapping.analysis.convening import convening_power
from mapping.analysis.influence import CountedTie, InfluenceNetwork, influence_network
from mapping.analysis.ranking import Ranking
from mapping.model import Actor, Relationship, StakeholderMap

__all__ = [
    "ORGANISATION_SHARE",
    "SENIORITY_FACTORS",
    "RankedLeader",
    "member_leaders",
    "rank_leaders",
]

SENIORITY_FACTORS: dict[str | None, float] = {"top": 1.0, "senior": 0.8, "mid": 0.5, "csr": 0.3, None: 0.6}
ORGANISATION_SHARE = 0.8


@dataclass(frozen=True)
class RankedLeader:
    """One ranked person with the organisation that carries them and the parts of the score."""

    rank: int
    id: str
    name: str
    role: str
    seniority: str | None
    organisation_id: str | None
    organisation_name: str
    score: float
    components: dict[str, float]
    reason: str

    def as_dict(self) -> dict[str, object]:
        row: dict[str, object] = {"rank": self.rank, "id": self.id, "name": self.name, "role": self.role}
        row |= {"seniority": self.seniority, "organisation": self.organisation_id, "score": round(self.score, 6)}
        row |= {f"{name}_component": round(value, 6) for name, value in self.components.items()}
        row["reason"] = self.reason
        return row


def rank_leaders(
    smap: StakeholderMap, ranking: Ranking, network: InfluenceNetwork | None = None
) -> tuple[RankedLeader, ...]:
    """Rank every person on the map (see the module docstring for the formula).

    Their ties count under the ranking's tie options, and people or organisations
    the options leave out (removed, or not in being on `as_of`) are not counted; `network` is
    `influence_network(smap, ranking.options)` when the caller already has it.
    """
    network = network if network is not None else influence_network(smap, ranking.options)
    fold = ranking.folding
    scores = {row.id: row.score for row in ranking.actors}
    by_person = _ties_by_person(smap, network.counted)
    on_map = set(network.actors)  # kept under the options: a person or organisation not yet in being is left out
    rows = []
    for person in smap.actors_of_kind("person"):
        if person.id not in on_map:
            continue
        ties = by_person.get(person.id, [])
        organisations = [o for o in _organisations_of(smap, person, [rel for rel, _ in ties]) if o in on_map]
        if _decision_maker_or_ours(person, organisations, ranking):
            continue
        best = max(organisations, key=lambda o: (scores.get(fold.of(o), 0.0), o), default=None)
        org_score = scores.get(fold.of(best), 0.0) if best else 0.0
        factor = SENIORITY_FACTORS.get(person.seniority, SENIORITY_FACTORS[None])
        own = min(1.0, sum(_outside_strengths(person, organisations, ties)))
        score = ORGANISATION_SHARE * factor * org_score + (1 - ORGANISATION_SHARE) * own
        components = {"organisation": org_score, "seniority": factor, "own_ties": own}
        rows.append((score, person, best, components))
    rows.sort(key=lambda r: (-round(r[0], 12), r[1].name.casefold(), r[1].id))
    return tuple(
        RankedLeader(
            rank=i,
            id=person.id,
            name=person.name,
            role=person.role,
            seniority=person.seniority,
            organisation_id=best,
            organisation_name=smap.actor(best).name if best else "",
            score=score,
            components=components,
            reason=_reason(smap, person, best, components),
        )
        for i, (score, person, best, components) in enumerate(rows, start=1)
    )


def _decision_maker_or_ours(person: Actor, organisations: list[str], ranking: Ranking) -> bool:
    """A target, one of a target's people or one of ours: not a channel to engage.

    Judged by the organisation the person is folded into (their `parent`), or, for
    someone without one, by all the organisations they lead or work for.
    """
    blocked = {*ranking.targets, *ranking.us}
    fold = ranking.folding
    if fold.of(person.id) in blocked:
        return True
    return fold.of(person.id) == person.id and bool(organisations) and {fold.of(o) for o in organisations} <= blocked


def member_leaders(
    smap: StakeholderMap,
    association: str,
    leaders: tuple[RankedLeader, ...],
    network: InfluenceNetwork | None = None,
) -> list[RankedLeader]:
    """People in any of the association's members (direct or via member bodies), best first.

    A person counts if any organisation they belong to is a member, not only the
    one that carries their score: a member firm's CEO who also chairs the
    association is listed.
    """
    body = smap.resolve(association).id
    network = network if network is not None else influence_network(smap)
    reach = convening_power(smap, network)[body]
    members = set(reach.direct_members) | set(reach.indirect_members)
    by_person = _ties_by_person(smap, network.counted)

    def organisations(person_id: str) -> set[str]:
        ties = [rel for rel, _ in by_person.get(person_id, [])]
        return set(_organisations_of(smap, smap.actor(person_id), ties))

    return [leader for leader in leaders if members & organisations(leader.id)]


def _ties_by_person(
    smap: StakeholderMap, counted: tuple[CountedTie, ...]
) -> dict[str, list[tuple[Relationship, float]]]:
    """Each person's counted ties with their strengths: one pass over the ties, not one per person."""
    by_person: dict[str, list[tuple[Relationship, float]]] = {}
    for _, rel, strength in counted:
        for end in {rel.source, rel.target}:
            if smap.actor(end).is_person:
                by_person.setdefault(end, []).append((rel, strength))
    return by_person


def _organisations_of(smap: StakeholderMap, person: Actor, ties: list[Relationship]) -> list[str]:
    """The organisations a person belongs to: parent, and those they lead or work for."""
    organisations = [person.parent] if person.parent else []
    for rel in ties:
        if rel.kind == "leads" and rel.source == person.id:
            organisations.append(rel.target)
        if rel.kind == "employs" and rel.target == person.id:
            organisations.append(rel.source)
    return [o for o in dict.fromkeys(organisations) if not smap.actor(o).is_person]


def _outside_strengths(person: Actor, organisations: list[str], ties: list[tuple[Relationship, float]]) -> list[float]:
    """Strengths of the person's ties to actors other than their own organisations."""
    own = {person.id, *organisations}
    return [strength for rel, strength in ties if not {rel.source, rel.target} <= own]


def _reason(smap: StakeholderMap, person: Actor, organisation: str | None, components: dict[str, float]) -> str:
    level = person.seniority or "unranked"
    if organisation is None:
        return f"{level} person with no organisation on the map"
    text = f"{level} in {smap.actor(organisation).name} (organisation score {components['organisation']:.2f})"
    if person.seniority == "csr":
        text += "; a CSR appointee may lack the authority to commit the company"
    if components["own_ties"] > 0:
        text += f"; own ties outside it worth {components['own_ties']:.2f}"
    return text + "."
