"""Plain-language summaries of analysis results, for program officers and briefs.

The words are generated from the numbers, never the other way round: every
figure in a sentence is one the tables show next to it.
"""

from __future__ import annotations

from mapping.analysis.critical import CriticalBrokers
from mapping.analysis.paths import InfluencePath
from mapping.model import StakeholderMap

__all__ = ["route_summary"]


def route_summary(
    smap: StakeholderMap, target: str, paths: list[InfluencePath], critical: CriticalBrokers | None
) -> str:
    """'The strongest route to X runs through A and B (0.42); without A, the next best is 0.18 via C.'

    Examples
    --------
    >>> from mapping.model import Actor, Relationship, StakeholderMap
    >>> from mapping.analysis.paths import strongest_paths
    >>> from mapping.analysis.critical import critical_brokers
    >>> smap = StakeholderMap(
    ...     [Actor("us", "Us", "prevention_network"), Actor("c", "Chamber", "association"),
    ...      Actor("m", "Ministry", "government"), Actor("n", "NGO", "civil_society")],
    ...     [Relationship("us", "c", "dialogue", 0.7), Relationship("c", "m", "dialogue", 0.6),
    ...      Relationship("us", "n", "dialogue", 0.6), Relationship("n", "m", "dialogue", 0.3)],
    ... )
    >>> route_summary(smap, "m", strongest_paths(smap, "us", "m"), critical_brokers(smap, "us", "m"))
    'The strongest route to Ministry runs through Chamber (0.42). Without Chamber, the next best is 0.18 via NGO.'
    """
    name = smap.actor(target).name
    if not paths:
        return f"No positive route reaches {name} with these options: look for a first contact among its neighbours."
    best = paths[0]
    if not best.brokers:
        text = f"We are tied to {name} directly ({best.strength:.2f})."
    else:
        text = f"The strongest route to {name} runs through {_join(best.broker_names)} ({best.strength:.2f})."
    if critical is None or not critical.brokers:
        return text
    key = critical.brokers[0]
    if key.cuts_off:
        return text + f" {key.name} is indispensable: without it, {name} cannot be reached at all."
    if key.next_best is not None and key.drop > 0:
        via = _join(key.next_best.broker_names) or "a direct tie"
        return text + f" Without {key.name}, the next best is {key.strength_without:.2f} via {via}."
    return text


def _join(names: tuple[str, ...] | list[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
