"""Which groups hang together? Coalitions found on the positive ties.

Louvain community detection (networkx `louvain_communities`, seeded with
`COALITION_SEED` so that the same map always gives the same groups) on the
undirected graph of positive ties, each pair weighted by the stronger of its two
directions. Each coalition lists its members by kind, is named after its most
influential organisation, and lists its strongest **bridges**: positive ties
from a member to an actor in another coalition, strongest first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.model import StakeholderMap

__all__ = ["COALITION_SEED", "Bridge", "Coalition", "find_coalitions", "undirected_strengths"]

COALITION_SEED = 2013
BRIDGES_SHOWN = 5


@dataclass(frozen=True)
class Bridge:
    """A positive tie between two coalitions."""

    inside: str
    outside: str
    outside_coalition: int
    strength: float


@dataclass(frozen=True)
class Coalition:
    """A group of actors more tied to each other than to the rest."""

    index: int
    name: str
    members: tuple[str, ...]
    kinds: dict[str, int]
    bridges: tuple[Bridge, ...]


def undirected_strengths(network: InfluenceNetwork) -> nx.Graph:
    """The influence network without direction; a pair's weight is its stronger direction."""
    undirected = nx.Graph()
    undirected.add_nodes_from(network.actors)
    for u, v, strength in zip(
        network.sources.tolist(), network.targets.tolist(), network.strengths.tolist(), strict=True
    ):
        a, b = network.actors[u], network.actors[v]
        current = undirected.get_edge_data(a, b, {}).get("weight", 0.0)
        undirected.add_edge(a, b, weight=max(current, strength))
    return undirected


def find_coalitions(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    seed: int = COALITION_SEED,
) -> list[Coalition]:
    """The map's coalitions, largest first (see the module docstring)."""
    undirected = undirected_strengths(influence_network(smap, options))
    groups = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    ordered = sorted((sorted(g) for g in groups), key=lambda members: (-len(members), members[0]))
    coalition_of = {member: i for i, members in enumerate(ordered) for member in members}
    return [_coalition(smap, undirected, i, members, coalition_of) for i, members in enumerate(ordered)]


def _coalition(
    smap: StakeholderMap, graph: nx.Graph, index: int, members: list[str], coalition_of: dict[str, int]
) -> Coalition:
    organisations = [m for m in members if not smap.actor(m).is_person] or members
    leader = max(organisations, key=lambda m: (smap.actor(m).influence or 0.0, graph.degree(m, weight="weight"), m))
    bridges = sorted(
        (
            Bridge(u, v, coalition_of[v], data["weight"])
            for u in members
            for v, data in graph[u].items()
            if coalition_of[v] != index
        ),
        key=lambda b: (-b.strength, b.inside, b.outside),
    )
    kinds = Counter(smap.actor(m).kind for m in members)
    name = f"{smap.actor(leader).name} group"
    return Coalition(index, name, tuple(members), dict(kinds.most_common()), tuple(bridges[:BRIDGES_SHOWN]))
