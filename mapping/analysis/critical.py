"""Which brokers can we not afford to lose between us and a target?

For a source s and target t, with best(s, t) the strongest path strength:

- the **minimum node cut**: the smallest set of intermediaries whose removal leaves
  no positive route from s to t (networkx `minimum_node_cut`; empty when s and t
  are tied directly, or when t is already unreachable);
- for each **candidate broker** x (every intermediary of the `CANDIDATE_PATHS`
  strongest paths, and every member of the cut): the best strength without x,
  best(s, t | x removed), and the **drop** = best(s, t) - best(s, t | x removed).
  A broker whose removal drops the strength to 0 cuts us off.

Brokers are listed by drop, largest first, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mapping.analysis.brokerage import COMPILED_FROM
from mapping.analysis.compiled import compile_graph
from mapping.analysis.influence import InfluenceOptions, influence_graph
from mapping.analysis.paths import InfluencePath, PathQuery, strongest_paths
from mapping.model import StakeholderMap

__all__ = ["CANDIDATE_PATHS", "CriticalBroker", "CriticalBrokers", "critical_brokers"]

CANDIDATE_PATHS = 5


@dataclass(frozen=True)
class CriticalBroker:
    """An intermediary and what is lost without it."""

    id: str
    name: str
    strength_without: float
    drop: float
    in_minimum_cut: bool
    next_best: InfluencePath | None

    @property
    def cuts_off(self) -> bool:
        return self.strength_without == 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "strength_without": round(self.strength_without, 6),
            "drop": round(self.drop, 6),
            "in_minimum_cut": self.in_minimum_cut,
            "cuts_off": self.cuts_off,
        }


@dataclass(frozen=True)
class CriticalBrokers:
    """The base route, the minimum cut, and every candidate broker with its drop."""

    source: str
    target: str
    best: InfluencePath | None
    minimum_cut: tuple[str, ...]
    brokers: tuple[CriticalBroker, ...]


def critical_brokers(
    smap: StakeholderMap,
    source: str,
    target: str,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    graph: nx.DiGraph | None = None,
) -> CriticalBrokers:
    """The brokers between source and target and what each one's loss costs (see module docstring)."""
    origin, goal = smap.resolve(source).id, smap.resolve(target).id
    graph = graph if graph is not None else influence_graph(smap, options)
    paths = strongest_paths(smap, origin, goal, PathQuery(k=CANDIDATE_PATHS, influence=options), graph)
    best = paths[0] if paths else None
    cut = _minimum_cut(graph, origin, goal) if best else ()
    candidates = dict.fromkeys([b for p in paths for b in p.brokers] + list(cut))
    base = best.strength if best else 0.0
    brokers = []
    for broker in candidates:
        again = strongest_paths(smap, origin, goal, PathQuery(k=1, avoid=frozenset({broker})), graph)
        without = again[0].strength if again else 0.0
        brokers.append(
            CriticalBroker(
                broker, smap.actor(broker).name, without, base - without, broker in cut, next(iter(again), None)
            )
        )
    brokers.sort(key=lambda b: (-b.drop, b.name, b.id))
    return CriticalBrokers(origin, goal, best, tuple(sorted(cut)), tuple(brokers))


def _minimum_cut(graph: nx.DiGraph, source: str, target: str) -> tuple[str, ...]:
    if graph.has_edge(source, target) or not nx.has_path(graph, source, target):
        return ()
    if graph.number_of_nodes() >= COMPILED_FROM:
        # networkx's flow runs in Python (0.7 s per pair at 3,000 actors); igraph's in C.
        return tuple(compile_graph(graph).minimum_node_cut(source, target))
    # networkx answers "no cut" whenever t -> s is an edge, even in a directed graph;
    # that edge is never on a route from s to t, so leave it out.
    view = nx.restricted_view(graph, [], [(target, source)])
    return tuple(sorted(nx.minimum_node_cut(view, source, target)))
