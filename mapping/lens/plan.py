"""The engagement plan, and where we have no trusted way in (coverage gaps).

**Engagement plan**: one row per ask to a target actor: the ask, the owner on
our side, the status, the next step and its date; the best entry path is
computed from the map, not typed. Plans are read from and written to CSV with
the same care as the map (every problem located, formula cells guarded).

**Coverage gaps**: for every sector and region on the map, is there an entry
point: an actor of that sector or region whose stance is supportive or champion
and whom we reach with a strongest-path strength of at least the threshold
(default 0.2)? Sectors and regions with none are gaps, listed with the best
candidate we could work on. Free-text values are grouped by the text before any
parenthesis, comma or semicolon ("media (radio)" and "media (print, TV)" are
both "media"), case ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

import pandas as pd

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.paths import PathQuery, strongest_paths_from_any
from mapping.analysis.reach import accessibility
from mapping.export import csv_bytes, guard_formula
from mapping.issues import ValidationIssue
from mapping.model import StakeholderMap
from mapping.read import InputFile, read_csv
from mapping.schema import normalise_token
from mapping.values import parse_partial_date

__all__ = [
    "DEFAULT_GAP_THRESHOLD",
    "PLAN_STATUSES",
    "CoverageGap",
    "PlanItem",
    "coverage_gaps",
    "entry_path",
    "gaps_table",
    "group_label",
    "plan_csv_bytes",
    "plan_from_records",
    "plan_table",
    "read_plan",
]

PLAN_STATUSES = ("planned", "in progress", "waiting", "done", "dropped")
DEFAULT_GAP_THRESHOLD = 0.2
FRIENDLY_STANCES = ("supportive", "champion")


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


def entry_path(smap: StakeholderMap, us: Sequence[str], target: str, network: InfluenceNetwork | None = None) -> str:
    """The strongest route from us to the target, in words ('none' if unreachable).

    `network` is the influence network to walk (default tie options when None).
    """
    if not us:
        return "choose us"
    network = network if network is not None else influence_network(smap)
    paths = strongest_paths_from_any(smap, us, target, PathQuery(k=1, influence=network.options), network)
    if not paths:
        return "none"
    return " → ".join(smap.actor(i).name for i in paths[0].actor_ids) + f" ({paths[0].strength:.2f})"


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
    smap: StakeholderMap, items: Iterable[PlanItem], us: Sequence[str], options: InfluenceOptions | None = None
) -> pd.DataFrame:
    """The plan with target names and computed entry paths (under the tie options, e.g. a date), for display."""
    network = influence_network(smap, options or InfluenceOptions())
    rows = [
        {
            "target": smap.actor(i.target).name,
            "ask": i.ask,
            "status": i.status,
            "entry path": entry_path(smap, us, i.target, network),
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=["target", "ask", "status", "entry path"])


def gaps_table(smap: StakeholderMap, gaps: Iterable[CoverageGap]) -> pd.DataFrame:
    """Coverage gaps for display: the group, why it is a gap, and the best candidate to work on."""
    rows = [
        {
            "by": gap.dimension,
            "group": gap.value,
            "actors": len(gap.actors),
            "why a gap": gap.why,
            "best candidate": smap.actor(gap.best_candidate).name if gap.best_candidate else "",
            "we reach it at": round(gap.best_candidate_access, 2),
        }
        for gap in gaps
    ]
    return pd.DataFrame(rows, columns=["by", "group", "actors", "why a gap", "best candidate", "we reach it at"])


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
    """A sector or region with no trusted, supportive entry point we can reach."""

    dimension: str  # "sector" or "region"
    value: str
    actors: tuple[str, ...]
    best_candidate: str | None
    best_candidate_access: float
    why: str


def coverage_gaps(
    smap: StakeholderMap,
    us: Sequence[str],
    threshold: float = DEFAULT_GAP_THRESHOLD,
    options: InfluenceOptions | None = None,
) -> list[CoverageGap]:
    """Sectors and regions without a supportive or champion actor we reach at `threshold` or more."""
    network = influence_network(smap, options or InfluenceOptions())
    access = accessibility(network, us) if us else {}
    gaps = []
    for dimension in ("sector", "region"):
        groups: dict[str, list[str]] = {}
        for actor in smap.actors:
            value = group_label(getattr(actor, dimension))
            if value and actor.id not in us:
                groups.setdefault(value, []).append(actor.id)
        for value, members in sorted(groups.items()):
            gap = _gap(smap, dimension, value, members, access, threshold)
            if gap is not None:
                gaps.append(gap)
    return gaps


def group_label(value: str) -> str:
    """The main term of a free-text sector or region: 'Media (radio)' -> 'media'."""
    return re.split(r"[(;,]", value, maxsplit=1)[0].strip().lower()


def _gap(
    smap: StakeholderMap, dimension: str, value: str, members: list[str], access: dict[str, float], threshold: float
) -> CoverageGap | None:
    friendly = [m for m in members if smap.actor(m).stance in FRIENDLY_STANCES]
    if any(access.get(m, 0.0) >= threshold for m in friendly):
        return None
    pool = friendly or members
    best = max(pool, key=lambda m: (access.get(m, 0.0), m))
    why = f"supportive actors only reachable below {threshold:g}" if friendly else "no supportive or champion actor"
    return CoverageGap(dimension, value, tuple(members), best, access.get(best, 0.0), why)
