"""What part of a map is on screen, and how actors are named there.

A facilitator narrows a big map down to what the room is discussing: some kinds
of actor, one sector or region, the ties in force on a date, the neighbourhood
of one actor, one coalition. `visible` answers "which actors and which ties are
shown" as two sets; drawing them is `mapping.render.network`'s job, and the
layout never changes, so hiding actors never moves the others.

People can be endangered by appearing on a shared screen. `display_names`
gives every actor the name to show: with `redact=True`, a person is shown by
role and organisation, never by name, and `DisplayNames.scrub` replaces
people's names inside free text. They live in `mapping.redact`, with
`redacted_map`, and are importable from here too.

A `SavedView` is a named snapshot of a filter, a search and a highlighted
path, which a facilitator steps through like slides.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from mapping.lens.factors import tagged_ids
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.redact import DisplayNames, display_name, display_names, redacted_map
from mapping.schema import CONFIDENCE_LEVELS, normalise_token

__all__ = [
    "DisplayNames",
    "SavedView",
    "ViewFilter",
    "VisibleView",
    "actor_passes",
    "date_span",
    "describe_view",
    "display_name",
    "display_names",
    "filter_choices",
    "limit_detail",
    "neighbourhood",
    "path_relationships",
    "placed_positions",
    "redacted_map",
    "search_actors",
    "visible",
    "visible_actor_rows",
]

_CONFIDENCE_RANK = {term.name: rank for rank, term in enumerate(CONFIDENCE_LEVELS)}


@dataclass(frozen=True)
class ViewFilter:
    """What to show. Every empty choice means "no restriction".

    Parameters
    ----------
    kinds, sectors, regions, stances : keep actors whose value is one of these.
    phases : keep actors active in at least one of these phases.
    min_confidence : hide ties rated below this (`low`, `medium`, `high`).
    as_of : hide actors and ties not in force on this date (`Actor.in_force`,
        `Relationship.in_force`); a tie also goes when either end is hidden.
    hide_people : hide every actor of kind `person`.
    coalition : keep only these actors (one coalition found by the analysis).
    focus, focus_steps : keep only actors within `focus_steps` shown ties of `focus`.
    risk_factor : keep only actors tagged with this UN Framework factor or indicator
        ("8" also matches "8.7"), as mitigator or enabler, and the two ends of tagged ties.
    """

    kinds: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    stances: frozenset[str] = frozenset()
    min_confidence: str = "low"
    as_of: dt.date | None = None
    hide_people: bool = False
    coalition: frozenset[str] | None = None
    focus: str | None = None
    focus_steps: int = 1
    risk_factor: str | None = None


@dataclass(frozen=True)
class VisibleView:
    """The actors (ids) and ties (indices into `StakeholderMap.relationships`) on screen."""

    actors: frozenset[str]
    relationships: frozenset[int]


@dataclass(frozen=True)
class SavedView:
    """A named snapshot of what is on screen, shown again like a slide."""

    name: str
    filter: ViewFilter = ViewFilter()
    search: str = ""
    path: tuple[str, ...] = ()
    size_by: str = ""
    colour_by: str = ""
    arrange: str = ""


def actor_passes(actor: Actor, view_filter: ViewFilter) -> bool:
    """True when the actor's own fields pass the filter's actor choices (not focus), its dates included."""
    f = view_filter
    return actor.in_force(f.as_of) and not (
        (f.kinds and actor.kind not in f.kinds)
        or (f.sectors and actor.sector not in f.sectors)
        or (f.regions and actor.region not in f.regions)
        or (f.stances and actor.stance not in f.stances)
        or (f.phases and not f.phases.intersection(actor.phases))
        or (f.hide_people and actor.is_person)
        or (f.coalition is not None and actor.id not in f.coalition)
    )


def neighbourhood(
    smap: StakeholderMap, actor_id: str, steps: int, relationships: Collection[int] | None = None
) -> set[str]:
    """Ids of actors within `steps` ties of the actor, ignoring direction (itself included).

    Only the ties in `relationships` (indices) are walked, so that a focused view
    shows exactly the actors the visible ties connect to the focus; None walks all.
    """
    if actor_id not in smap:
        raise KeyError(actor_id)
    adjacency: dict[str, set[str]] = {}
    for index, rel in enumerate(smap.relationships):
        if relationships is None or index in relationships:
            adjacency.setdefault(rel.source, set()).add(rel.target)
            adjacency.setdefault(rel.target, set()).add(rel.source)
    reached = {actor_id: 0}
    queue = deque([actor_id])
    while queue:
        current = queue.popleft()
        if reached[current] == steps:
            continue
        for other in adjacency.get(current, ()):
            if other not in reached:
                reached[other] = reached[current] + 1
                queue.append(other)
    return set(reached)


def visible(smap: StakeholderMap, view_filter: ViewFilter = ViewFilter()) -> VisibleView:
    """The actors and ties a filter leaves on screen.

    Actors pass on their own fields and dates; ties pass on confidence and date
    and need both ends shown; a focus then keeps only what the shown ties connect
    to the focus within `focus_steps`. The focused actor is shown even if its own
    fields would hide it, since the user asked for it by name, but not on a day
    it did not exist: then nothing is shown.
    """
    f = view_filter
    actors = {a.id for a in smap.actors if actor_passes(a, f)}
    if f.risk_factor:
        actors &= tagged_ids(smap, f.risk_factor)
    if f.focus is not None and f.focus in smap and not smap.actor(f.focus).in_force(f.as_of):
        return VisibleView(frozenset(), frozenset())
    if f.focus is not None:
        actors.add(f.focus)
    least = _CONFIDENCE_RANK.get(f.min_confidence, 0)
    ties = {
        index
        for index, rel in enumerate(smap.relationships)
        if rel.source in actors
        and rel.target in actors
        and _CONFIDENCE_RANK.get(rel.confidence, 1) >= least
        and rel.in_force(f.as_of)
    }
    if f.focus is not None:
        actors = neighbourhood(smap, f.focus, f.focus_steps, ties)
        ties = {i for i in ties if {smap.relationships[i].source, smap.relationships[i].target} <= actors}
    return VisibleView(frozenset(actors), frozenset(ties))


def limit_detail(
    view: VisibleView, measure: Mapping[str, float], top_n: int, keep: Iterable[str] = ()
) -> tuple[VisibleView, int]:
    """At most `top_n` actors of the view, largest `measure` first, plus the actors in `keep`.

    For maps too large to draw whole: the user chooses N and the measure, and the
    focus, search hits and highlighted path stay visible. Returns the reduced view
    and how many actors it hides. Unrated actors (absent from `measure`) come last;
    equal values are ordered by id, so the same N always shows the same actors.

    >>> view = VisibleView(frozenset("abcd"), frozenset())
    >>> smaller, hidden = limit_detail(view, {"a": 1, "b": 5, "c": 3}, 2, keep=["d"])
    >>> sorted(smaller.actors), hidden
    (['b', 'c', 'd'], 1)
    """
    if len(view.actors) <= top_n:
        return view, 0
    ordered = sorted(view.actors, key=lambda a: (a not in measure, -measure.get(a, 0.0), a))
    shown = set(ordered[:top_n]) | (set(keep) & view.actors)
    hidden = len(view.actors) - len(shown)
    return VisibleView(frozenset(shown), view.relationships), hidden


def filter_choices(smap: StakeholderMap) -> dict[str, list[str]]:
    """The values present in the map for each filter that depends on the data, sorted."""
    actors = smap.actors
    return {
        "kinds": sorted({a.kind for a in actors}),
        "sectors": sorted({a.sector for a in actors if a.sector}, key=str.casefold),
        "regions": sorted({a.region for a in actors if a.region}, key=str.casefold),
        "phases": sorted({p for a in actors for p in a.phases}),
        "stances": sorted({a.stance for a in actors}),
        "risk_factors": sorted(
            {code for r in (*actors, *smap.relationships) for code, _ in r.risk_factors},
            key=lambda code: [int(part) for part in code.split(".")],
        ),
    }


def date_span(smap: StakeholderMap) -> tuple[dt.date, dt.date] | None:
    """The first and last day any tie's or actor's dates cover, or None if nothing is dated."""
    periods = [(r.since, r.until) for r in smap.relationships] + [(a.active_from, a.active_until) for a in smap.actors]
    dates = [d for period in periods for d in period if d is not None]
    if not dates:
        return None
    return min(d.start for d in dates), max(d.end for d in dates)


def describe_view(smap: StakeholderMap, view_filter: ViewFilter, view: VisibleView, names: DisplayNames) -> str:
    """One line saying what a view shows, for captions and exported titles.

    For example "29 of 91 actors, 60 of 190 ties; focus: KEPSA, 1 step".
    """
    f = view_filter
    parts = [f"{len(view.actors)} of {len(smap)} actors, {len(view.relationships)} of {len(smap.relationships)} ties"]
    if f.focus is not None and f.focus in smap:
        parts.append(f"focus: {names.of(f.focus)}, {f.focus_steps} step{'s' if f.focus_steps != 1 else ''}")
    if f.as_of is not None:
        parts.append(f"as of {f.as_of.isoformat()}")
    if f.min_confidence != "low":
        parts.append(f"{f.min_confidence} confidence or more")
    if f.coalition is not None:
        parts.append("one coalition")
    if f.hide_people:
        parts.append("people hidden")
    return "; ".join(parts)


def visible_actor_rows(
    smap: StakeholderMap, view: VisibleView, names: DisplayNames, measure: tuple[str, Mapping[str, float]]
) -> list[dict[str, object]]:
    """The actors on screen as table rows (display names only), largest `measure` first."""
    label, values = measure
    rows = [
        {
            "name": names.of(a.id),
            "kind": a.kind,
            "stance": a.stance,
            label: values.get(a.id),
            "sector": names.scrub(a.sector),
            "region": names.scrub(a.region),
            "engagement": a.engagement_status,
        }
        for a in smap.actors
        if a.id in view.actors
    ]
    return sorted(rows, key=lambda row: -(row[label] if row[label] is not None else -1.0))


# --- search and paths --------------------------------------------------------------------


def search_actors(smap: StakeholderMap, query: str, names: DisplayNames) -> list[str]:
    """Ids of actors whose display name contains the query (case and accents ignored), in map order.

    Only display names are searched, so with redaction on, typing a person's
    real name finds nothing and reveals nothing.
    """
    wanted = normalise_token(query)
    if not wanted:
        return []
    return [a.id for a in smap.actors if wanted in normalise_token(names.of(a.id))]


def path_relationships(smap: StakeholderMap, path: Sequence[str], shown: Iterable[int] | None = None) -> list[int]:
    """For each step a -> b of a path, the index of the tie that carries it, in path order.

    The strongest positive tie that goes from a to b (or joins them mutually)
    is preferred; failing that, any tie between them. Steps with no tie among
    the `shown` indices (None: all ties) are skipped.
    """
    allowed = set(range(len(smap.relationships))) if shown is None else set(shown)
    chosen = []
    for a, b in pairwise(path):
        candidates = sorted(i for i in allowed if smap.relationships[i].joins(a, b))
        if candidates:
            chosen.append(max(candidates, key=lambda i: _carries(smap.relationships[i], a, b)))
    return chosen


def _carries(rel: Relationship, a: str, b: str) -> tuple[bool, bool, float]:
    forward = rel.source == a or rel.is_mutual
    return rel.is_positive, forward, rel.strength


def placed_positions(
    positions: Mapping[str, tuple[float, float]],
    smap: StakeholderMap,
    moved: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """The layout's positions, with actors pinned in the map (`map_x`, `map_y`) and those `moved` in this
    session where they were put. The others keep the layout's place: pinning one actor moves nobody else.
    """
    pinned = {a.id: a.pinned for a in smap.actors if a.pinned is not None}
    return {**positions, **pinned, **(moved or {})}
