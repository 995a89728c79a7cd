"""Do no harm: what could go wrong in engaging an actor, read from the map's own ties and kinds.

Each check returns plain sentences (unescaped). The checks: negative ties; ties to armed groups and security
forces; ties to actors we may not engage (opposed or proscribed); partisan ties (political actors of one side
only; ties to rival sides are an asset, reported by `political_assets`); regulatory capture (the actor's people
leading or sitting in its regulator, the regulator's people leading it, officials owning it); exposure of the
contact people; data on communities; stale or missing verification.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from mapping.lens.plan import may_engage
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.values import format_number

__all__ = ["first_sentence", "freshness", "harms", "partisan", "political_assets"]

STALE_AFTER_DAYS = 365
"""A fact not verified for a year is flagged: maps of a crisis age quickly."""
REGULATOR_TIES = ("regulates", "oversees")
CAPTURE_TIES = ("leads", "member_of", "advises", "employs")
STATE_KINDS = ("government", "security")


def harms(
    smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor], phase: str | None, asks_data: bool, today: dt.date
) -> list[str]:
    """Every risk of engaging the actor, most serious first, without repeats."""
    found = [*_opposition(smap, actor), *_force_ties(smap, actor), *_unengageable_ties(smap, actor)]
    found += [partisan(smap, actor)] if partisan(smap, actor) else []
    found += _capture(smap, actor, contacts)
    found += _exposure(smap, actor, contacts, phase, exposed=bool(found))
    if asks_data or "local_data" in actor.capabilities:
        found.append(
            "Data on communities: before anything is shared, agree privacy, consent, who sees the data and how it "
            "is kept; early-warning data can put people at risk"
        )
    if actor.stance in ("opposed", "sceptical"):
        found.append(f"Stance toward prevention is {actor.stance}")
    if actor.neutrality is not None and actor.neutrality <= 2:
        found.append(f"Low neutrality ({format_number(actor.neutrality)}/5): may be seen as taking sides")
    if actor.seniority == "csr":
        found.append("A CSR appointee may lack the authority to commit the company: seek a top leader too")
    found += [f"Enabler of risk factor {code}" for code, role in actor.risk_factors if role == "enabler"]
    found += freshness([actor, *contacts], today)
    return list(dict.fromkeys(found))


def first_sentence(text: str) -> str:
    """The first sentence of a note, enough to say what a tie is ('Armed police escorts for ...')."""
    return re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0].rstrip(".;") if text.strip() else ""


def _ties(smap: StakeholderMap, actor: Actor, positive: bool) -> list[tuple[Relationship, Actor]]:
    """The actor's ties of one sign, each with the actor at its other end."""
    return [
        (rel, smap.actor(rel.target if rel.source == actor.id else rel.source))
        for rel in smap.relationships_of(actor.id)
        if rel.is_positive == positive and rel.source != rel.target
    ]


def _phrase(smap: StakeholderMap, rel: Relationship, what: str = "") -> str:
    """'National Police Service supplies G4S Kenya (Armed police escorts ...)': the tie in its own direction.

    `what` is said of the target ('which regulates it') before the note's first sentence.
    """
    note = first_sentence(rel.notes)
    text = f"{smap.actor(rel.source).name} {rel.kind.replace('_', ' ')} {smap.actor(rel.target).name}"
    text += f", {what}" if what else ""
    return f"{text} ({note})" if note else text


def _opposition(smap: StakeholderMap, actor: Actor) -> list[str]:
    return [f"Opposition: {_phrase(smap, rel)}" for rel, _ in _ties(smap, actor, positive=False)]


def _force_ties(smap: StakeholderMap, actor: Actor) -> list[str]:
    """Ties to armed groups and security forces: engaging the actor touches them."""
    lines = []
    for rel, other in _ties(smap, actor, positive=True):
        if other.kind == "armed_group":
            lines.append(f"Armed group: {_phrase(smap, rel)}; never a partner or a channel")
        elif other.kind == "security":
            lines.append(f"Security forces: {_phrase(smap, rel)}; engaging it must not lend them cover")
    return lines


def _unengageable_ties(smap: StakeholderMap, actor: Actor) -> list[str]:
    """Positive ties to opposed or proscribed actors (armed groups are reported above)."""
    return [
        f"Tie to an actor we may not engage ({other.stance} or proscribed): {_phrase(smap, rel)}"
        for rel, other in _ties(smap, actor, positive=True)
        if other.kind != "armed_group" and not may_engage(other)
    ]


def _parties(smap: StakeholderMap, actor: Actor) -> dict[str, Actor]:
    return {other.id: other for _, other in _ties(smap, actor, positive=True) if other.kind == "political"}


def _rivals(smap: StakeholderMap, parties: dict[str, Actor]) -> bool:
    return any(r.source in parties and r.target in parties and not r.is_positive for r in smap.relationships)


def political_assets(smap: StakeholderMap, actor: Actor) -> list[str]:
    """Talks with rival political sides: an asset (a channel to both), not a risk."""
    parties = _parties(smap, actor)
    if not parties or not _rivals(smap, parties):
        return []
    return [f"Ties to rival sides ({', '.join(p.name for p in parties.values())}): a channel to both; keep it even"]


def partisan(smap: StakeholderMap, actor: Actor) -> str:
    """Why the actor may be seen as one side's: its political ties are all on one side, or its leader leads a party.

    '' when neither holds.
    """
    parties = _parties(smap, actor)
    if parties and not _rivals(smap, parties):
        return f"Partisan: tied to one side only ({', '.join(p.name for p in parties.values())})"
    leaders = {r.source for r in smap.relationships_of(actor.id) if r.kind == "leads" and r.target == actor.id}
    leaders |= {a.id for a in smap.actors if a.parent == actor.id and a.seniority == "top"}
    for rel in smap.relationships:
        if rel.source in leaders and rel.kind in ("leads", "member_of") and smap.actor(rel.target).kind == "political":
            return f"Partisan: led by {smap.actor(rel.source).name}, who {rel.kind.replace('_', ' ')} " + (
                f"{smap.actor(rel.target).name}"
            )
    return ""


def _capture(smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor]) -> list[str]:
    """Regulatory capture: the actor or its people lead or sit in its regulator; officials lead or own it."""
    ties = smap.relationships_of(actor.id)
    regulators = {r.source for r in ties if r.target == actor.id and r.kind in REGULATOR_TIES}
    ours = {actor.id, *(p.id for p in contacts)}
    officials = {a.id for a in smap.actors if a.parent in regulators or (a.parent and _is_state(smap, a.parent))}
    lines = []
    for rel in smap.relationships:
        if not rel.is_positive:
            continue
        if rel.source in ours and rel.target in regulators and rel.kind in CAPTURE_TIES:
            lines.append(f"Regulatory capture: {_phrase(smap, rel, 'its own regulator')}")
        elif rel.target == actor.id and rel.kind in ("leads", "owns") and (rel.source in officials | regulators):
            lines.append(f"Regulatory capture: {_phrase(smap, rel, 'an official or regulator holding it')}")
    return lines


def _is_state(smap: StakeholderMap, actor_id: str) -> bool:
    return smap.actor(actor_id).kind in STATE_KINDS


def _exposure(
    smap: StakeholderMap, actor: Actor, contacts: Sequence[Actor], phase: str | None, exposed: bool
) -> list[str]:
    """In a crisis, or when the actor has risky ties, meeting us can expose the people we meet."""
    if not contacts or not (phase == "acute" or exposed):
        return []
    names = " and ".join(p.name for p in contacts[:2])
    return [
        f"Exposure: meeting us can expose {names}; keep their names out of shared notes (people by role) and "
        "agree with them how and where contact is made"
    ]


def freshness(actors: Sequence[Actor], today: dt.date) -> list[str]:
    """One line on the facts to re-check: actors never verified, or verified over a year before `today`."""
    never = [a.name for a in actors if a.last_verified is None]
    stale = [
        f"{a.name} ({a.last_verified})"
        for a in actors
        if a.last_verified is not None and (today - a.last_verified.end).days > STALE_AFTER_DAYS
    ]
    lines = []
    if never:
        lines.append(f"Freshness: never verified: {'; '.join(never)}; check before the meeting")
    if stale:
        lines.append(f"Freshness: last verified over a year ago: {'; '.join(stale)}; check before the meeting")
    return lines
