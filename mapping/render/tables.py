"""Analysis results as tables (pandas), for the pages, CSV downloads and workbooks.

Every function takes a `name_of` callable that turns an actor id into the name
shown, and the tables with free text (reasons) a `scrub` callable that replaces
people's names in it, so that a redacted view (people shown by role, see
`mapping.view.display_names`) flows through every table and download.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from mapping.analysis.critical import CriticalBrokers
from mapping.analysis.leaders import RankedLeader
from mapping.analysis.paths import InfluencePath, Step
from mapping.analysis.ranking import Ranking
from mapping.analysis.robustness import Robustness
from mapping.analysis.scenarios import RankChange, ScenarioComparison
from mapping.markdown import escape_markdown
from mapping.model import StakeholderMap

__all__ = [
    "critical_table",
    "decision_makers_table",
    "group_brokers_table",
    "leaders_table",
    "markdown_table",
    "name_lookup",
    "path_changes_table",
    "paths_table",
    "rank_changes_table",
    "ranking_table",
]

NameOf = Callable[[str], str]
Scrub = Callable[[str], str]


def _unchanged(text: str) -> str:
    return text


def name_lookup(smap: StakeholderMap) -> NameOf:
    """The default: an actor's name as written in the map."""
    return lambda actor_id: smap.actor(actor_id).name


def _route(path: InfluencePath | None, name_of: NameOf) -> str:
    return " → ".join(name_of(i) for i in path.actor_ids) if path else "none"


def paths_table(paths: Sequence[InfluencePath], name_of: NameOf) -> pd.DataFrame:
    """One row per route: strength, hops, the actors, the tie kinds and the brokers."""
    rows = [
        {
            "#": number,
            "strength": round(path.strength, 3),
            "hops": path.hops,
            "route": _route(path, name_of),
            "ties": " → ".join(_hop(step) for step in path.steps),
            "brokers": ", ".join(name_of(b) for b in path.brokers) or "(direct)",
            "weakest confidence": path.weakest_confidence,
            "periods": path.period_note() or "ties in force together",
        }
        for number, path in enumerate(paths, start=1)
    ]
    columns = ["#", "strength", "hops", "route", "ties", "brokers", "weakest confidence", "periods"]
    return pd.DataFrame(rows, columns=columns)


def _hop(step: Step) -> str:
    """'dialogue 0.7 (high, since 2008-01-18)': a tie as evidence."""
    details = ", ".join(part for part in (step.confidence, step.dates()) if part)
    return f"{step.tie_kind.replace('_', ' ')} {step.tie_strength:.2g} ({details})"


def critical_table(critical: CriticalBrokers, name_of: NameOf) -> pd.DataFrame:
    """One row per broker: the best strength without it, the drop, and the next best route."""
    rows = [
        {
            "broker": name_of(b.id),
            "strength without it": round(b.strength_without, 3),
            "drop": round(b.drop, 3),
            "cuts us off": b.cuts_off,
            "in minimum cut": b.in_minimum_cut,
            "next best route": _route(b.next_best, name_of),
        }
        for b in critical.brokers
    ]
    columns = ["broker", "strength without it", "drop", "cuts us off", "in minimum cut", "next best route"]
    return pd.DataFrame(rows, columns=columns)


def ranking_table(
    ranking: Ranking, name_of: NameOf, scrub: Scrub = _unchanged, robustness: Robustness | None = None
) -> pd.DataFrame:
    """One row per channel: rank (and its range, when known), score, each component, the reason and the flags."""
    ranges = robustness.by_id() if robustness is not None else {}
    rows = []
    for row in ranking.actors:
        record: dict[str, object] = {"rank": row.rank}
        if ranges:
            record["rank range"] = ranges[row.id].describe()
        record |= {"id": row.id, "name": name_of(row.id), "kind": row.kind, "score": round(row.score, 3)}
        record |= {component: round(value, 3) for component, value in row.components.items()}
        record["includes"] = "; ".join(f"{name_of(unit)} ({share:.0%} of its ties)" for unit, share in row.units)
        record |= {"reason": scrub(row.reason), "flags": "; ".join(row.flags)}
        rows.append(record)
    return pd.DataFrame(rows)


def decision_makers_table(ranking: Ranking, name_of: NameOf) -> pd.DataFrame:
    """One row per target: how strongly we reach it, through whom, and how many channels reach it."""
    rows = [
        {
            "decision-maker": name_of(maker.id),
            "kind": maker.kind,
            "we reach it at": None if maker.access is None else round(maker.access, 3),
            "through": " → ".join(name_of(a) for a in maker.route[1:-1]) or ("(directly)" if maker.route else ""),
            "channels that reach it": maker.reached_by,
        }
        for maker in ranking.decision_makers
    ]
    columns = ["decision-maker", "kind", "we reach it at", "through", "channels that reach it"]
    return pd.DataFrame(rows, columns=columns)


def leaders_table(leaders: Sequence[RankedLeader], name_of: NameOf, scrub: Scrub = _unchanged) -> pd.DataFrame:
    """One row per person: rank, score, organisation, seniority, the score's parts and the reason.

    No id column: a person's id may be their name.
    """
    rows = [
        {
            "rank": leader.rank,
            "name": name_of(leader.id),
            "role": leader.role,
            "organisation": name_of(leader.organisation_id) if leader.organisation_id else "",
            "seniority": leader.seniority or "",
            "score": round(leader.score, 3),
            "organisation score": round(leader.components["organisation"], 3),
            "seniority factor": leader.components["seniority"],
            "own ties": round(leader.components["own_ties"], 3),
            "reason": scrub(leader.reason),
        }
        for leader in leaders
    ]
    return pd.DataFrame(rows)


def rank_changes_table(
    ranks: Sequence[RankChange], name_of: NameOf, before: str = "base", after: str = "scenario"
) -> pd.DataFrame:
    """Rank and score before against after, with the change in words ("up 3", "removed", "new")."""
    columns = ["name", f"{before} rank", f"{after} rank", "change", f"{before} score", f"{after} score"]
    rows = [
        [
            name_of(c.id),
            c.base_rank,
            c.scenario_rank,
            _movement(c.moved, c.base_rank is None, c.scenario_rank is None),
            round(c.base_score, 3),
            round(c.scenario_score, 3),
        ]
        for c in ranks
    ]
    return pd.DataFrame(rows, columns=columns).astype({columns[1]: "Int64", columns[2]: "Int64"})


def _movement(moved: int | None, new: bool, removed: bool) -> str:
    if new:
        return "new"
    if removed:
        return "removed"
    if not moved:
        return "same"
    return f"up {moved}" if moved > 0 else f"down {-moved}"


def path_changes_table(comparison: ScenarioComparison, name_of: NameOf) -> pd.DataFrame:
    """For each route from us to a target: lost, weakened, rerouted, kept or gained."""
    rows = [
        {
            "from": name_of(c.source),
            "to": name_of(c.target),
            "change": c.status,
            "before": round(c.before.strength, 3) if c.before else 0.0,
            "after": round(c.after.strength, 3) if c.after else 0.0,
            "route before": _route(c.before, name_of),
            "route after": _route(c.after, name_of),
        }
        for c in comparison.paths
    ]
    return pd.DataFrame(rows)


def group_brokers_table(comparison: ScenarioComparison, name_of: NameOf) -> pd.DataFrame:
    """Who bridges the two chosen groups: each broker's share of their strongest routes, before and after."""
    rows = [
        {"broker": name_of(actor), "share before": round(before, 3), "share after": round(after, 3)}
        for actor, before, after in comparison.brokers_between_groups
    ]
    return pd.DataFrame(rows, columns=["broker", "share before", "share after"])


def markdown_table(table: pd.DataFrame, columns: Mapping[str, str], rows: int | None = None) -> str:
    """The first `rows` rows of `table` as a Markdown table of the chosen `columns` (column: heading).

    For reading rather than sorting: a Markdown table wraps long text within the page's
    width, where a dataframe keeps each cell on one line and scrolls sideways. Every cell
    is escaped (names come from users); a column that is empty in every row shown is left out.
    """
    shown = table.head(rows) if rows is not None else table
    kept = {c: heading for c, heading in columns.items() if c in shown and shown[c].map(_cell).any()}
    lines = ["| " + " | ".join(map(_cell, kept.values())) + " |", "|" + "---|" * len(kept)]
    lines += ["| " + " | ".join(_cell(row[c]) for c in kept) + " |" for _, row in shown.iterrows()]
    return "\n".join(lines)


def _cell(value: object) -> str:
    """A cell as Markdown text: escaped (Streamlit's math marker `$` included), on one line.

    Scores are shown to three decimals, as the tables round them.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    return escape_markdown(text)
