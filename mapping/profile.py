"""An actor's profile, as the Map page's panel shows it when the actor is clicked: who, and every tie.

Plain data (label-value pairs and table rows) built from the map and the display
names, so people appear by role when names are hidden, and free text is scrubbed
of names (`DisplayNames.scrub`). Ties are listed both ways: a tie written from
the other actor to this one is "in", its back strength is how strongly this actor
moves the other through it.
"""

from __future__ import annotations

import datetime as dt

from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.palette import kind_label, relationship_label, stance_label
from mapping.values import format_number
from mapping.view import DisplayNames

__all__ = ["extra_fields", "profile_fields", "tie_rows"]


def profile_fields(smap: StakeholderMap, actor: Actor, names: DisplayNames) -> list[tuple[str, str]]:
    """(label, value) pairs describing the actor, empty values left out."""
    rated = {
        "Influence": actor.influence,
        "Interest": actor.interest,
        "Integrity": actor.integrity,
        "Neutrality": actor.neutrality,
    }
    existence = " to ".join(str(d) for d in (actor.active_from, actor.active_until) if d is not None)
    short = names.short(actor.id)
    fields = [
        ("On the map as", short if short != names.of(actor.id) else ""),
        ("Kind", kind_label(actor.kind) + (f" ({names.scrub(actor.subtype)})" if actor.subtype else "")),
        ("Role", names.scrub(actor.role)),
        ("Part of", names.of(actor.parent) if actor.parent and actor.parent in smap else ""),
        ("Stance", stance_label(actor.stance)),
        *((label, f"{format_number(value)}/5") for label, value in rated.items() if value is not None),
        ("Sector", names.scrub(actor.sector)),
        ("Region", names.scrub(actor.region)),
        ("Phases", ", ".join(actor.phases)),
        ("Engagement", actor.engagement_status.replace("_", " ")),
        ("Exists", existence),
        ("Notes", names.scrub(actor.notes)),
        ("Source", names.scrub(actor.source)),
        ("Pinned at", f"{format_number(actor.pinned[0])}, {format_number(actor.pinned[1])}" if actor.pinned else ""),
    ]
    return [(label, value) for label, value in fields if value]


def extra_fields(actor: Actor, names: DisplayNames) -> list[tuple[str, str]]:
    """The actor's extra columns (the file's own fields, kept as they were written), names scrubbed.

    >>> from mapping.view import display_names
    >>> a = Actor("a", "A", "business", attributes=(("Code", "ABQ"), ("original type", "Airport")))
    >>> extra_fields(a, display_names(StakeholderMap([a], []), redact=False))
    [('Code', 'ABQ'), ('original type', 'Airport')]
    """
    return [(names.scrub(name), names.scrub(value)) for name, value in actor.attributes if value]


def tie_rows(
    smap: StakeholderMap, actor_id: str, names: DisplayNames, as_of: dt.date | None = None
) -> list[dict[str, object]]:
    """One row per tie of the actor (in force on `as_of`, with both ends existing then), strongest first."""
    rows = []
    for rel in smap.relationships:
        if actor_id not in (rel.source, rel.target) or rel.source == rel.target:
            continue
        other = rel.target if rel.source == actor_id else rel.source
        if not (rel.in_force(as_of) and smap.actor(other).in_force(as_of)):
            continue
        rows.append(_row(rel, actor_id, other, names))
    rows.sort(key=lambda row: (-float(row["it moves them"] or 0), -float(row["they move it"] or 0), str(row["with"])))
    return rows


def _row(rel: Relationship, actor_id: str, other: str, names: DisplayNames) -> dict[str, object]:
    outgoing = rel.source == actor_id
    forward, back = rel.strength, rel.strength_back or 0.0
    dates = " to ".join(str(d) for d in (rel.since, rel.until) if d is not None)
    negative = not rel.is_positive
    return {
        "with": names.of(other),
        "tie": relationship_label(rel.kind)
        + (" (negative)" if negative else "")
        + (" (implied)" if rel.implied else ""),
        "written": "from this actor" if outgoing else "to this actor",
        # How strongly this actor moves the other through the tie, and how strongly it is moved back.
        "it moves them": None if negative else round(forward if outgoing else back, 2),
        "they move it": None if negative else round(back if outgoing else forward, 2),
        "confidence": rel.confidence,
        "dates": dates,
        "source": names.scrub(rel.source_ref),
    }
