"""Which groups hang together, and which are kept apart? Coalitions on signed ties.

A coalition is a group of actors more tied to each other than to the rest and not
set against each other. Three steps, each documented so that a group can be
defended in a meeting:

1. **Signed community detection.** The undirected graph of positive ties (a pair's
   weight is the stronger of its two directions) and the graph of negative ties
   (opposes, rivals; a pair's weight is its strongest negative tie) are split
   together by maximising signed modularity, Q = Q(positive) - Q(negative)
   (Gómez, Jensen & Arenas 2009; Traag & Bruggeman 2009), with the Leiden
   algorithm of `leidenalg` (`Optimiser.optimise_partition_multiplex` with layer
   weights +1 and -1, the method its documentation gives for negative links).
   Opposition therefore pushes actors apart instead of being ignored.
2. **Consensus over seeded runs.** Leiden is randomised, so it runs `CONSENSUS_RUNS`
   times with the seeds `seed`, `seed + 1`, ... (each run carries its own seed; no
   process-wide generator is touched). The groups shown are those of the run that
   agrees most with all the others (highest mean normalised mutual information;
   the lowest seed among equals): a real partition, the most typical one.
3. **Opposed actors apart.** Signed modularity may still keep two opposed actors
   together when positive ties outweigh the opposition. A repair step then moves,
   one at a time, the member with the most opposition inside its group to the
   group it has the most net ties with (positive minus negative) among the groups
   holding nobody it opposes, or alone. Each move removes at least one opposed
   pair from inside a group, so it ends; afterwards no group holds two actors with
   a negative tie between them.

Each coalition's **stability** is the share of the seeded runs that kept its
members together, averaged over its internal positive ties (a lone actor: the share
of runs that left it alone). Each lists its members by kind, is named after its
most influential organisation, lists its strongest **bridges** (positive ties from
a member to another coalition) and the coalitions it **opposes** (negative ties).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import igraph as ig
import leidenalg
import networkx as nx

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network, opposed_pairs
from mapping.model import StakeholderMap, trailing_acronym

__all__ = [
    "COALITION_SEED",
    "CONSENSUS_RUNS",
    "Bridge",
    "Coalition",
    "find_coalitions",
    "signed_partition",
    "undirected_strengths",
]

COALITION_SEED = 2013
CONSENSUS_RUNS = 20
CONSENSUS_ROUNDS = 3
BRIDGES_SHOWN = 5

Pair = frozenset[str]
Partition = tuple[int, ...]


@dataclass(frozen=True)
class Bridge:
    """A positive tie between two coalitions."""

    inside: str
    outside: str
    outside_coalition: int
    strength: float


@dataclass(frozen=True)
class Coalition:
    """A group of actors more tied to each other than to the rest, none opposed to another.

    `stability` is the share of seeded runs that kept the members together (0-1);
    `opposes` the indexes of the coalitions a member has a negative tie with.
    """

    index: int
    name: str
    members: tuple[str, ...]
    kinds: dict[str, int]
    bridges: tuple[Bridge, ...]
    stability: float = 1.0
    opposes: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """The coalition in a few words for a picker: name (by its acronym when it has one), size and stability.

        >>> Coalition(0, "Kenya Private Sector Alliance (KEPSA) group", ("a", "b"), {}, (), 0.97).label
        'KEPSA group · 2 actors · together in 97% of runs'
        """
        acronym = trailing_acronym(self.name.removesuffix(" group"))
        name = f"{acronym} group" if acronym else self.name
        return f"{name} · {len(self.members)} actors · together in {self.stability:.0%} of runs"


@dataclass(frozen=True)
class SignedGraph:
    """The actors in id order, their positive weights (undirected) and their negative weights."""

    actors: tuple[str, ...]
    positive: nx.Graph
    negative: dict[Pair, float]

    @cached_property
    def position(self) -> dict[str, int]:
        """Each actor's index in `actors`."""
        return {actor: i for i, actor in enumerate(self.actors)}

    @cached_property
    def opponents(self) -> dict[str, frozenset[str]]:
        """Each actor with a negative tie, and the actors it has one with."""
        found: dict[str, set[str]] = {}
        for pair in self.negative:
            a, b = sorted(pair)
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
        return {actor: frozenset(others) for actor, others in found.items()}


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
    runs: int = CONSENSUS_RUNS,
    progress: Callable[[int, int], None] | None = None,
) -> list[Coalition]:
    """The map's coalitions, largest first (see the module docstring).

    `progress(done, total)` hears of each seeded run, for a progress bar on large maps.
    """
    network = influence_network(smap, options)
    graph = SignedGraph(network.actors, undirected_strengths(network), opposed_pairs(smap, options))
    total = runs * (1 + CONSENSUS_ROUNDS)
    partitions = []
    for run in range(runs):
        partitions.append(signed_partition(graph, seed + run))
        if progress is not None:
            progress(run + 1, total)
    chosen = _repaired(graph, _consensus(graph, partitions, seed, progress, total))
    groups = _ordered_groups(graph.actors, chosen)
    coalition_of = {member: i for i, members in enumerate(groups) for member in members}
    sizes = [Counter(partition) for partition in partitions]
    return [
        _coalition(smap, graph, i, members, coalition_of, _stability(graph, members, partitions, sizes))
        for i, members in enumerate(groups)
    ]


def signed_partition(graph: SignedGraph, seed: int) -> Partition:
    """One seeded Leiden run maximising signed modularity: each actor's group number, in actor order."""
    index = graph.position
    positive = _igraph(len(graph.actors), ((index[u], index[v], w) for u, v, w in graph.positive.edges(data="weight")))
    negative = _igraph(len(graph.actors), ((index[u], index[v], w) for (u, v), w in _pairs(graph.negative)))
    layers = [leidenalg.ModularityVertexPartition(positive, weights="weight")]
    weights = [1.0]
    if negative.ecount():
        layers.append(leidenalg.ModularityVertexPartition(negative, weights="weight"))
        weights.append(-1.0)
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(layers, layer_weights=weights)
    return tuple(layers[0].membership)


def _consensus(
    graph: SignedGraph,
    partitions: Sequence[Partition],
    seed: int,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> Partition:
    """Consensus clustering (Lancichinetti & Fortunato 2012) on the positive ties, then the most typical run.

    Each round weights every positive tie by the share of runs that put its two ends
    together, drops ties below one half, and runs Leiden (modularity) again on that
    graph with the same seeds; it stops when every run agrees, after
    `CONSENSUS_ROUNDS` rounds at most, and returns the most typical of the last runs.
    """
    index = graph.position
    ties = [(index[u], index[v]) for u, v in graph.positive.edges]
    runs = len(partitions)
    for round_number in range(CONSENSUS_ROUNDS):
        shares = [sum(p[u] == p[v] for p in partitions) / runs for u, v in ties]
        if all(share in (0.0, 1.0) for share in shares):
            break
        agreed = _igraph(len(graph.actors), ((u, v, w) for (u, v), w in zip(ties, shares, strict=True) if w >= 0.5))
        partitions = [_modularity_partition(agreed, seed + run) for run in range(runs)]
        if progress is not None:
            progress(runs * (round_number + 2), total)
    return _most_typical(partitions)


def _modularity_partition(graph: ig.Graph, seed: int) -> Partition:
    partition = leidenalg.ModularityVertexPartition(graph, weights="weight")
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition(partition)
    return tuple(partition.membership)


def _igraph(size: int, weighted_edges: Iterable[tuple[int, int, float]]) -> ig.Graph:
    edges = list(weighted_edges)
    graph = ig.Graph(n=size, edges=[(u, v) for u, v, _ in edges])
    graph.es["weight"] = [w for _, _, w in edges]
    return graph


def _pairs(negative: dict[Pair, float]) -> list[tuple[tuple[str, str], float]]:
    return sorted((tuple(sorted(pair)), weight) for pair, weight in negative.items())  # type: ignore[misc]


def _most_typical(partitions: Sequence[Partition]) -> Partition:
    """The partition with the highest mean NMI with the others; the earliest among equals."""
    if len(partitions) == 1:
        return partitions[0]
    agreement = [0.0] * len(partitions)
    for i, j in combinations(range(len(partitions)), 2):
        nmi = ig.compare_communities(partitions[i], partitions[j], method="nmi")
        agreement[i] += nmi
        agreement[j] += nmi
    best = max(range(len(partitions)), key=lambda i: (round(agreement[i], 12), -i))
    return partitions[best]


def _repaired(graph: SignedGraph, partition: Partition) -> dict[str, int]:
    """The partition with every opposed pair moved apart (step 3 of the module docstring)."""
    group = dict(zip(graph.actors, partition, strict=True))
    opponents = graph.opponents
    while True:
        worst = _most_opposed_inside(group, opponents)
        if worst is None:
            return group
        group[worst] = _best_group_without_opponents(graph, group, worst, opponents[worst])


def _most_opposed_inside(group: dict[str, int], opponents: dict[str, frozenset[str]]) -> str | None:
    """The actor with the most opponents in its own group (ties by id), or None when none has any."""
    counts = {
        actor: sum(group[other] == group[actor] for other in others) for actor, others in sorted(opponents.items())
    }
    worst = max(counts, key=lambda actor: (counts[actor], actor), default=None)
    return worst if worst is not None and counts[worst] > 0 else None


def _best_group_without_opponents(
    graph: SignedGraph, group: dict[str, int], actor: str, opponents: frozenset[str]
) -> int:
    """The group with the most net ties to `actor` that holds none of its opponents; a new group if none is > 0."""
    barred = {group[other] for other in opponents}
    net: Counter[int] = Counter()
    for neighbour, weight in graph.positive[actor].items():
        net[group[neighbour]] += weight["weight"]
    for other in opponents:
        net[group[other]] -= graph.negative[frozenset((actor, other))]
    allowed = [(score, -g) for g, score in net.items() if g not in barred and g != group[actor] and score > 0]
    if allowed:
        return -max(allowed)[1]
    return max(group.values()) + 1


def _ordered_groups(actors: Sequence[str], group: dict[str, int]) -> list[list[str]]:
    members: dict[int, list[str]] = {}
    for actor in actors:
        members.setdefault(group[actor], []).append(actor)
    return sorted((sorted(m) for m in members.values()), key=lambda m: (-len(m), m[0]))


def _stability(
    graph: SignedGraph, members: list[str], partitions: Sequence[Partition], sizes: Sequence[Counter[int]]
) -> float:
    """Share of runs keeping the group's internal positive ties together (a lone actor: left alone).

    `sizes` holds each run's group sizes, counted once for all coalitions.
    """
    position = graph.position
    if len(members) == 1:
        i = position[members[0]]
        return sum(size[p[i]] == 1 for p, size in zip(partitions, sizes, strict=True)) / len(partitions)
    ties = [(position[u], position[v]) for u, v in graph.positive.subgraph(members).edges]
    if not ties:
        return 0.0
    together = sum(p[u] == p[v] for p in partitions for u, v in ties)
    return together / (len(ties) * len(partitions))


def _coalition(
    smap: StakeholderMap,
    graph: SignedGraph,
    index: int,
    members: list[str],
    coalition_of: dict[str, int],
    stability: float,
) -> Coalition:
    positive = graph.positive
    organisations = [m for m in members if not smap.actor(m).is_person] or members
    leader = max(organisations, key=lambda m: (smap.actor(m).influence or 0.0, positive.degree(m, weight="weight"), m))
    bridges = sorted(
        (
            Bridge(u, v, coalition_of[v], data["weight"])
            for u in members
            for v, data in positive[u].items()
            if coalition_of[v] != index
        ),
        key=lambda b: (-b.strength, b.inside, b.outside),
    )
    opposes = sorted({coalition_of[other] for m in members for other in graph.opponents.get(m, ())})
    kinds = Counter(smap.actor(m).kind for m in members)
    name = f"{smap.actor(leader).name} group"
    return Coalition(
        index,
        name,
        tuple(members),
        dict(kinds.most_common()),
        tuple(bridges[:BRIDGES_SHOWN]),
        round(stability, 4),
        tuple(opposes),
    )
