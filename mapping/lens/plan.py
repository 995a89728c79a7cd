"""The engagement plan, and where we have no trusted way in (coverage gaps).

**Engagement plan**: one row per ask to a target actor: the ask, the owner on
our side, the status, the next step and its date; the best entry path is
computed from the map, not typed. Plans are read from and written to CSV with
the same care as the map (every problem located, formula cells guarded).

**Coverage gaps**: a gap is a sector or region of the map (not an actor) that
we have no trusted way into. A **trusted route** is a chain of influence from us
(`mapping.analysis.reach.accessibility`, the strongest-path strength of
`mapping.analysis.paths`) over the map's positive ties, on the as-of date when
one is set, that

- rests on no low-confidence tie (`InfluenceOptions(skip_low_confidence=True)`),
- passes through and ends at actors we may engage (`may_engage`), and
- has a strength (the product of its ties' strengths) of at least the threshold
  (`DEFAULT_GAP_THRESHOLD`, 0.2: two ties of 0.45, or one of 0.2).

A group is a gap when no trusted route reaches any of its actors. Actors are
grouped by their sector and by their region; free-text values are grouped by
the text before any parenthesis, comma or semicolon ("media (radio)" and
"media (print, TV)" are both "media"), case ignored. "Us" belong to no group.

Each gap names the **best candidate** to work on: among the group's actors we
may engage, the one with the strongest trusted route, then the strongest route
over every tie (low-confidence ones included), then the higher influence, then
the id; none when the group holds no one we may engage. Gaps are ranked by the
**influence at stake**, the sum of the group's influence ratings (0-5; an
unrated actor counts as `UNRATED_INFLUENCE`, the middle of the scale), so that
a sector of many influential actors comes before a lone one; the first
`SHOWN_GAPS` (ten) are the ones that matter most.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace

import pandas as pd

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.paths import PathQuery, strongest_paths_from_any
from mapping.analysis.reach import accessibility
from mapping.export import csv_bytes, guard_formula
from mapping.issues import ValidationIssue
from mapping.model import Actor, StakeholderMap
from mapping.read import InputFile, read_csv
from mapping.schema import normalise_token
from mapping.values import parse_partial_date

__all__ = [
    "DEFAULT_GAP_THRESHOLD",
    "PLAN_STATUSES",
    "SHOWN_GAPS",
    "UNRATED_INFLUENCE",
    "CoverageGap",
    "PlanItem",
    "coverage_gaps",
    "entry_path",
    "gaps_table",
    "group_label",
    "is_proscribed",
    "may_engage",
    "plan_csv_bytes",
    "plan_from_records",
    "plan_table",
    "read_plan",
    "trusted_options",
]

PLAN_STATUSES = ("planned", "in progress", "waiting", "done", "dropped")
DEFAULT_GAP_THRESHOLD = 0.2
"""The strength a trusted route must reach for a sector or region not to be a gap (see the module docstring)."""
UNRATED_INFLUENCE = 2.5
"""An actor with no influence rating counts for the middle of the 0-5 scale in a gap's influence at stake."""
SHOWN_GAPS = 10
"""How many gaps a plan shows first: the ones with the most influence at stake."""
_PROSCRIBED_NAME = re.compile(r"\b(proscribed|outlawed|banned|terrorist (group|organi[sz]ation))\b", re.IGNORECASE)
_PROSCRIBED_NOTE = re.compile(r"\b(proscribed|outlawed)\b|(^|[.;]\s*)banned\b", re.IGNORECASE)


@dataclass(frozen=True)
class PlanItem:
    """One planned engagement. `target` is an actor id; `due` is YYYY-MM-DD or blank."""

    target: str
    ask: str
    owner: str = ""
    status: str = "planned"
    next_step: str = ""
    due: str = ""


PLAN_COLUMNS = tuple(f.name for f in fields(PlanItem))


def entry_path(
    smap: StakeholderMap,
    us: Sequence[str],
    target: str,
    network: InfluenceNetwork | None = None,
    name_of: Callable[[str], str] | None = None,
) -> str:
    """The strongest route from us to the target, in words ('none' if unreachable).

    `network` is the influence network to walk (default tie options when None);
    `name_of` gives an actor's name as shown (people by role when names are hidden).
    """
    if not us:
        return "choose us"
    network = network if network is not None else influence_network(smap)
    paths = strongest_paths_from_any(smap, us, target, PathQuery(k=1, influence=network.options), network)
    if not paths:
        return "none"
    name = name_of or (lambda actor_id: smap.actor(actor_id).name)
    return " → ".join(name(i) for i in paths[0].actor_ids) + f" ({paths[0].strength:.2f})"


def read_plan(smap: StakeholderMap, file: InputFile) -> tuple[list[PlanItem], list[ValidationIssue]]:
    """A plan from CSV; targets by id or name; every problem reported, good rows kept."""
    table, issues = read_csv(file)
    if table is None:
        return [], issues
    position = {normalise_token(h): i for i, h in enumerate(table.headers)}
    missing = [c for c in ("target", "ask") if c not in position]
    if missing:
        message = f"The plan needs the columns {', '.join(PLAN_COLUMNS)}; missing: {', '.join(missing)}."
        return [], [*issues, ValidationIssue(file.name, 1, missing[0], "missing-column", message)]
    records = [
        (number, {c: cells[position[c]].strip() if c in position else "" for c in PLAN_COLUMNS})
        for number, cells in table.rows
    ]
    items, record_issues = plan_from_records(smap, records, file.name)
    return items, issues + record_issues


def plan_from_records(
    smap: StakeholderMap, records: Iterable[tuple[int, dict[str, object]]], label: str = "plan"
) -> tuple[list[PlanItem], list[ValidationIssue]]:
    """Plan items from numbered rows (a CSV or the app's table editor); problems located by row."""
    items, issues = [], []
    for number, record in records:
        values = {c: "" if record.get(c) is None else str(record.get(c)).strip() for c in PLAN_COLUMNS}
        if not values["target"] and not values["ask"]:
            continue
        item = _plan_item(smap, label, number, values, issues)
        if item is not None:
            items.append(item)
    return items, issues


def plan_table(
    smap: StakeholderMap,
    items: Iterable[PlanItem],
    us: Sequence[str],
    options: InfluenceOptions | None = None,
    name_of: Callable[[str], str] | None = None,
) -> pd.DataFrame:
    """The plan with target names and computed entry paths (under the tie options, e.g. a date), for display.

    `name_of` gives an actor's name as shown (people by role when names are hidden).
    """
    network = influence_network(smap, options or InfluenceOptions())
    name = name_of or (lambda actor_id: smap.actor(actor_id).name)
    rows = [
        {
            "target": name(i.target),
            "ask": i.ask,
            "status": i.status,
            "entry path": entry_path(smap, us, i.target, network, name),
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=["target", "ask", "status", "entry path"])


def gaps_table(
    smap: StakeholderMap, gaps: Iterable[CoverageGap], name_of: Callable[[str], str] | None = None
) -> pd.DataFrame:
    """Coverage gaps for display: the group, its influence at stake, why it is a gap, and the best candidate.

    `name_of` gives an actor's name as shown (people by role when names are hidden).
    """
    name = name_of or (lambda actor_id: smap.actor(actor_id).name)
    columns = ["by", "group", "influence at stake", "actors", "why a gap", "best candidate", "we reach it at"]
    rows = [
        {
            "by": gap.dimension,
            "group": gap.value,
            "influence at stake": round(gap.at_stake, 1),
            "actors": len(gap.actors),
            "why a gap": gap.why,
            "best candidate": name(gap.best_candidate) if gap.best_candidate else "no one we may engage",
            "we reach it at": round(gap.best_candidate_access, 2),
        }
        for gap in gaps
    ]
    return pd.DataFrame(rows, columns=columns)


def _plan_item(
    smap: StakeholderMap, file: str, number: int, values: dict[str, str], issues: list[ValidationIssue]
) -> PlanItem | None:
    if not values["ask"]:
        issues.append(ValidationIssue(file, number, "ask", "missing-value", "Say what we will ask of the target."))
        return None
    actor = smap.find(values["target"])
    if actor is None:
        hint = ", ".join(repr(s) for s in smap.suggest(values["target"]))
        message = f"'{values['target']}' is not on this map." + (f" Closest: {hint}." if hint else "")
        issues.append(ValidationIssue(file, number, "target", "unknown-actor", message))
        return None
    status = values["status"].lower() or "planned"
    if status not in PLAN_STATUSES:
        message = f"'{values['status']}' is not a plan status. Allowed: {', '.join(PLAN_STATUSES)}."
        issues.append(ValidationIssue(file, number, "status", "unknown-value", message))
        return None
    if values["due"]:
        try:
            values["due"] = str(parse_partial_date(values["due"]))
        except ValueError as err:
            issues.append(ValidationIssue(file, number, "due", "invalid-date", f"{err}."))
            return None
    return PlanItem(actor.id, values["ask"], values["owner"], status, values["next_step"], values["due"])


def plan_csv_bytes(
    smap: StakeholderMap,
    items: Iterable[PlanItem],
    us: Sequence[str] = (),
    scrub: Callable[[str], str] = str,
    options: InfluenceOptions | None = None,
) -> bytes:
    """The plan as a guarded CSV, with the target's name and the computed entry path.

    `scrub` rewrites the text that names actors (e.g. people by role when redacting).
    """
    headers = [*PLAN_COLUMNS, "target name", "entry path"]
    network = influence_network(smap, options or InfluenceOptions())
    rows = [
        [guard_formula(scrub(str(getattr(item, c)))) for c in PLAN_COLUMNS]
        + [
            guard_formula(scrub(smap.actor(item.target).name)),
            guard_formula(scrub(entry_path(smap, us, item.target, network))),
        ]
        for item in items
    ]
    return csv_bytes(headers, rows)


@dataclass(frozen=True)
class CoverageGap:
    """A sector or region with no trusted route from us to any of its actors.

    `best_trusted` is the strongest trusted-route strength to any actor of the group
    (below the threshold); `best_candidate` is None when no actor of the group may be
    engaged, and `best_candidate_access` is its trusted-route strength; `at_stake` is
    the group's influence at stake (see the module docstring).
    """

    dimension: str  # "sector" or "region"
    value: str
    actors: tuple[str, ...]
    best_candidate: str | None
    best_candidate_access: float
    why: str
    at_stake: float = 0.0
    best_trusted: float = 0.0


def is_proscribed(actor: Actor) -> bool:
    """Whether the map marks the actor as proscribed (banned, outlawed) by the state.

    The contract has no column for it, so it is read from the words a map uses: the
    name or subtype says "proscribed", "outlawed", "banned" or "terrorist group"
    ("Mungiki (proscribed gang)", "banned sect"), or the notes say "proscribed",
    "outlawed" or open a sentence with "Banned" ("Banned in 2002; ..."). A note that
    the actor *announced* a ban ("the ban on live broadcasts") does not count.

    >>> [is_proscribed(Actor("a", n, "civil_society", subtype=s, notes=t)) for n, s, t in [
    ...     ("Mungiki (proscribed gang)", "", ""), ("Sect", "banned sect", ""), ("Gang", "", "Banned in 2002."),
    ...     ("Ministry", "", "Announced the ban on live broadcasts.")]]
    [True, True, True, False]
    """
    return bool(_PROSCRIBED_NAME.search(f"{actor.name} {actor.subtype}") or _PROSCRIBED_NOTE.search(actor.notes))


def may_engage(actor: Actor) -> bool:
    """Whether an actor may be proposed as a partner or a way in: not armed, not opposed, not proscribed.

    >>> [may_engage(Actor("a", n, k, subtype=s)) for n, k, s in
    ...  [("Chamber", "association", ""), ("Mungiki", "civil_society", "banned sect"), ("Militia", "armed_group", "")]]
    [True, False, False]
    """
    return actor.kind != "armed_group" and actor.stance != "opposed" and not is_proscribed(actor)


def trusted_options(
    smap: StakeholderMap, us: Sequence[str], options: InfluenceOptions | None = None
) -> InfluenceOptions:
    """The tie options of trusted routes: no low-confidence tie, no one we may not engage (us excepted).

    The date and any scenario of `options` are kept.
    """
    base = options or InfluenceOptions()
    barred = frozenset(a.id for a in smap.actors if not may_engage(a) and a.id not in us)
    return replace(base, skip_low_confidence=True, removed_actors=base.removed_actors | barred)


def coverage_gaps(
    smap: StakeholderMap,
    us: Sequence[str],
    threshold: float = DEFAULT_GAP_THRESHOLD,
    options: InfluenceOptions | None = None,
    limit: int | None = SHOWN_GAPS,
) -> list[CoverageGap]:
    """The sectors and regions no trusted route from us reaches at `threshold` or more (see the module docstring).

    `options` frames the routes (an as-of date, a scenario); trusted routes add their
    own rules to it. Ranked by influence at stake, the most first (ties by dimension and
    name); the first `limit` (ten) by default, all with `limit=None`.

    Examples
    --------
    >>> from mapping.model import Relationship
    >>> smap = StakeholderMap(
    ...     [Actor("us", "Us", "prevention_network"), Actor("b", "Bank", "business", sector="banking"),
    ...      Actor("m", "Mill", "business", sector="textiles")],
    ...     [Relationship("us", "b", "dialogue", 0.6), Relationship("us", "m", "dialogue", 0.9, confidence="low")],
    ... )
    >>> [(g.value, g.best_candidate, g.why) for g in coverage_gaps(smap, ["us"])]
    [('textiles', 'm', 'reached only through low-confidence ties or actors we may not engage')]
    """
    base = options or InfluenceOptions()
    trusted = accessibility(influence_network(smap, trusted_options(smap, us, base)), us) if us else {}
    anyhow = accessibility(influence_network(smap, base), us) if us else {}
    gaps = []
    for dimension in ("sector", "region"):
        groups: dict[str, list[str]] = {}
        for actor in smap.actors:
            value = group_label(getattr(actor, dimension))
            if value and actor.id not in us:
                groups.setdefault(value, []).append(actor.id)
        for value, members in sorted(groups.items()):
            best_trusted = max(trusted.get(m, 0.0) for m in members)
            if best_trusted < threshold:
                gaps.append(_gap(smap, dimension, value, members, (trusted, anyhow), best_trusted))
    ranked = sorted(gaps, key=lambda gap: (-gap.at_stake, gap.dimension, gap.value))
    return ranked if limit is None else ranked[:limit]


def group_label(value: str) -> str:
    """The main term of a free-text sector or region: 'Media (radio)' -> 'media'."""
    return re.split(r"[(;,]", value, maxsplit=1)[0].strip().lower()


def _gap(
    smap: StakeholderMap,
    dimension: str,
    value: str,
    members: list[str],
    access: tuple[dict[str, float], dict[str, float]],
    best_trusted: float,
) -> CoverageGap:
    trusted, anyhow = access
    engageable = [m for m in members if may_engage(smap.actor(m))]

    def placed(m: str) -> tuple[float, float, float, str]:
        return trusted.get(m, 0.0), anyhow.get(m, 0.0), _influence(smap.actor(m)), m

    best = max(engageable, key=placed) if engageable else None
    if best_trusted > 0:
        why = f"trusted routes reach it only at {best_trusted:.2f}"
    elif max(anyhow.get(m, 0.0) for m in members) > 0:
        why = "reached only through low-confidence ties or actors we may not engage"
    else:
        why = "no route from us"
    at_stake = sum(_influence(smap.actor(m)) for m in members)
    access_of_best = trusted.get(best, 0.0) if best else 0.0
    return CoverageGap(dimension, value, tuple(members), best, access_of_best, why, at_stake, best_trusted)


def _influence(actor: Actor) -> float:
    return actor.influence if actor.influence is not None else UNRATED_INFLUENCE
