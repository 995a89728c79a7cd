"""Which brokers can we not afford to lose between us and a target?

For a source s and target t, with best(s, t) the strongest path strength:

- the **minimum node cut**: the smallest set of intermediaries whose removal leaves
  no positive route from s to t (empty when s and t are tied directly, or when t
  is already unreachable). It is a maximum flow in igraph (`Graph.mincut`, in C)
  on the network's split graph (`InfluenceNetwork.node_split`: each actor a unit
  of capacity);
- for each **candidate broker** x (every intermediary of the `CANDIDATE_PATHS`
  strongest paths, and every member of the cut): the best strength without x,
  best(s, t | x removed), and the **drop** = best(s, t) - best(s, t | x removed).
  A broker whose removal drops the strength to 0 cuts us off.

Brokers are listed by drop, largest first, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.paths import InfluencePath, PathQuery, strongest_paths
from mapping.model import StakeholderMap

__all__ = ["CANDIDATE_PATHS", "CriticalBroker", "CriticalBrokers", "critical_brokers", "minimum_node_cut"]

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
    network: InfluenceNetwork | None = None,
) -> CriticalBrokers:
    """The brokers between source and target and what each one's loss costs (see module docstring)."""
    origin, goal = smap.resolve(source).id, smap.resolve(target).id
    network = network if network is not None else influence_network(smap, options)
    paths = strongest_paths(smap, origin, goal, PathQuery(k=CANDIDATE_PATHS, influence=options), network)
    best = paths[0] if paths else None
    cut = minimum_node_cut(network, origin, goal) if best else ()
    candidates = dict.fromkeys([b for p in paths for b in p.brokers] + list(cut))
    base = best.strength if best else 0.0
    brokers = []
    for broker in candidates:
        again = strongest_paths(smap, origin, goal, PathQuery(k=1, avoid=frozenset({broker})), network)
        without = again[0].strength if again else 0.0
        brokers.append(
            CriticalBroker(
                broker, smap.actor(broker).name, without, base - without, broker in cut, next(iter(again), None)
            )
        )
    brokers.sort(key=lambda b: (-b.drop, b.name, b.id))
    return CriticalBrokers(origin, goal, best, tuple(sorted(cut)), tuple(brokers))


def minimum_node_cut(network: InfluenceNetwork, source: str, target: str) -> tuple[str, ...]:
    """A smallest set of intermediaries whose removal leaves no route source -> target, in id order.

    Empty when source is tied to target directly (no intermediary can cut that)
    or cannot reach it at all.

    >>> ties = [("s", "a", 0.5, "dialogue", 0), ("a", "t", 0.5, "dialogue", 1), ("s", "b", 0.5, "dialogue", 2),
    ...         ("b", "a", 0.5, "dialogue", 3)]
    >>> minimum_node_cut(InfluenceNetwork.from_edges("abst", ties), "s", "t")
    ('a',)
    """
    s, t = network.index[source], network.index[target]
    if network.edge(source, target) is not None or network.igraph.distances(s, t)[0][0] == float("inf"):
        return ()
    cut = network.node_split.mincut(source=2 * s + 1, target=2 * t, capacity=network.node_split_capacity)
    return tuple(sorted(network.actors[edge] for edge in cut.cut if edge < len(network)))
