"""The influence graph in compiled form, for the analyses that must stay fast on large maps.

networkx is the reference: every function here computes exactly what its
networkx counterpart computes (the tests compare them), only in C:

- shortest-path passes use `scipy.sparse.csgraph.dijkstra` on a CSR matrix of
  -ln(strength) distances (one pass per target for reach, one multi-source
  pass for accessibility);
- betweenness uses igraph's Brandes implementation, with the same source
  sampling and the same rescaling as networkx's `betweenness_centrality(k=...)`.

A distance of exactly 0 (a tie of strength 1) is stored as `MIN_DISTANCE`,
because a sparse matrix drops explicit zeros and would lose the tie; the
strength this changes is below 1e-9.
"""

from __future__ import annotations

import random
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import igraph
import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from mapping.analysis.worker import betweenness_soon, igraph_graph

__all__ = ["MIN_DISTANCE", "CompiledGraph", "compile_graph"]

MIN_DISTANCE = 1e-9
TARGET_CHUNK = 256  # rows of strengths held in memory at once (chunk x actors floats)


@dataclass(frozen=True, eq=False)
class CompiledGraph:
    """A DiGraph with `distance` on its edges, as arrays. Node order is the graph's."""

    nodes: tuple[str, ...]
    index: dict[str, int]
    sources: np.ndarray
    targets: np.ndarray
    distances: np.ndarray

    @cached_property
    def forward(self) -> csr_matrix:
        n = len(self.nodes)
        return csr_matrix((self.distances, (self.sources, self.targets)), shape=(n, n))

    @cached_property
    def reverse(self) -> csr_matrix:
        return self.forward.transpose().tocsr()

    @cached_property
    def igraph(self) -> igraph.Graph:
        return igraph_graph(len(self.nodes), self.sources, self.targets, self.distances)

    def strengths_to(self, targets: Sequence[str]) -> Iterator[tuple[list[str], np.ndarray]]:
        """For chunks of targets: (targets, array[target, actor] = strongest path strength actor -> target)."""
        wanted = [t for t in targets if t in self.index]
        for start in range(0, len(wanted), TARGET_CHUNK):
            chunk = wanted[start : start + TARGET_CHUNK]
            distances = dijkstra(self.reverse, directed=True, indices=[self.index[t] for t in chunk])
            yield chunk, np.exp(-np.atleast_2d(distances))

    def strengths_from_any(self, sources: Sequence[str]) -> np.ndarray:
        """array[actor] = the strongest path strength from any of the sources (0 if none reaches it)."""
        indices = [self.index[s] for s in sources if s in self.index]
        if not indices:
            return np.zeros(len(self.nodes))
        distances = dijkstra(self.forward, directed=True, indices=indices, min_only=True)
        return np.exp(-distances)

    def route_to(self, source: str, target: str) -> list[str]:
        """The actors of one strongest route from source to target ([] if there is none).

        A reverse Dijkstra from the target gives every actor's next hop toward it,
        so routes from many actors to one target cost one pass (see `routes_to`).
        """
        return self.routes_to(target)(source)

    def routes_to(self, target: str) -> Callable[[str], list[str]]:
        """A function giving, for any actor, the actors of one strongest route to the target."""
        if target not in self.index:
            return lambda _source: []
        _, toward = dijkstra(self.reverse, directed=True, indices=self.index[target], return_predecessors=True)
        end = self.index[target]

        def route(source: str) -> list[str]:
            at = self.index.get(source)
            if at is None or (at != end and toward[at] < 0):
                return []
            hops = [at]
            while hops[-1] != end:
                hops.append(int(toward[hops[-1]]))
            return [self.nodes[i] for i in hops]

        return route

    def routes_from_any(self, sources: Sequence[str]) -> Callable[[str], list[str]]:
        """A function giving, for any actor, one strongest route to it from the nearest of the sources."""
        indices = [self.index[s] for s in sources if s in self.index]
        if not indices:
            return lambda _target: []
        _, previous, _ = dijkstra(self.forward, directed=True, indices=indices, min_only=True, return_predecessors=True)
        starts = set(indices)

        def route(target: str) -> list[str]:
            at = self.index.get(target)
            if at is None or (at not in starts and previous[at] < 0):
                return []
            hops = [at]
            while hops[-1] not in starts:
                hops.append(int(previous[hops[-1]]))
            return [self.nodes[i] for i in reversed(hops)]

        return route

    @cached_property
    def _split(self) -> tuple[igraph.Graph, list[float]]:
        """Each actor v as v_in (2v) -> v_out (2v+1) with capacity 1; each tie u_out -> v_in uncapacitated."""
        n = len(self.nodes)
        inner = [(2 * v, 2 * v + 1) for v in range(n)]
        ties = [(2 * int(u) + 1, 2 * int(v)) for u, v in zip(self.sources, self.targets, strict=True)]
        graph = igraph.Graph(n=2 * n, edges=inner + ties, directed=True)
        return graph, [1.0] * n + [float(n + 1)] * len(ties)

    def minimum_node_cut(self, source: str, target: str) -> list[str]:
        """A smallest set of intermediaries whose removal leaves no route source -> target (max flow in C)."""
        graph, capacity = self._split
        s, t = self.index[source], self.index[target]
        cut = graph.mincut(source=2 * s + 1, target=2 * t, capacity=capacity)
        n = len(self.nodes)
        return sorted(self.nodes[edge] for edge in cut.cut if edge < n)

    def betweenness(self, sample_size: int | None, seed: int) -> dict[str, float]:
        """networkx's normalised, optionally sampled, weighted betweenness, computed by igraph."""
        return self.betweenness_soon(sample_size, seed)()

    def betweenness_soon(self, sample_size: int | None, seed: int) -> Callable[[], dict[str, float]]:
        """`betweenness` started now, in the worker process on large maps (`mapping.analysis.worker`).

        Returns a function that waits for the result: the caller does its other work meanwhile.
        """
        n = len(self.nodes)
        if n < 3:
            return lambda: dict.fromkeys(self.nodes, 0.0)
        chosen = None
        if sample_size is not None and sample_size < n:
            chosen = sorted({self.index[s] for s in random.Random(seed).sample(list(self.nodes), sample_size)})
        raw = betweenness_soon(lambda: self.igraph, (n, self.sources, self.targets, self.distances), chosen)
        return lambda: self._rescaled(raw(), chosen)

    def _rescaled(self, raw: list[float], chosen: list[int] | None) -> dict[str, float]:
        """igraph's raw betweenness rescaled as networkx does (normalised; a sampled estimate scaled up)."""
        n = len(self.nodes)
        if chosen is None:
            return {node: value / ((n - 1) * (n - 2)) for node, value in zip(self.nodes, raw, strict=True)}
        # As networkx rescales a sampled estimate: a sampled actor cannot be its own source.
        sample_size, sampled = len(chosen), set(chosen)
        result = {}
        for i, (node, value) in enumerate(zip(self.nodes, raw, strict=True)):
            sources = sample_size - 1 if i in sampled else sample_size
            result[node] = value / (sources * (n - 2)) if sources else 0.0
        return result


_compiled_frozen: weakref.WeakKeyDictionary[nx.DiGraph, CompiledGraph] = weakref.WeakKeyDictionary()
_compiled_lock = threading.Lock()


def compile_graph(graph: nx.DiGraph) -> CompiledGraph:
    """Arrays of the graph's edges and `distance`s, in the graph's node and edge order.

    A frozen graph (the shared ones `influence_graph` returns) cannot change, so it
    is compiled once and kept while the graph lives, with the igraph and cut
    structures built from it: a scenario asks for ten minimum cuts on the same
    graph, and compiling a 30,000-actor graph takes a quarter of a second.
    """
    if not nx.is_frozen(graph):
        return _compile(graph)
    with _compiled_lock:
        compiled = _compiled_frozen.get(graph)
    if compiled is None:
        compiled = _compile(graph)
        with _compiled_lock:
            compiled = _compiled_frozen.setdefault(graph, compiled)
    return compiled


def _compile(graph: nx.DiGraph) -> CompiledGraph:
    """Walks the adjacency dictionaries directly: three times faster than
    `graph.edges(data=...)`, which builds a view per edge."""
    nodes = tuple(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    sources: list[int] = []
    targets: list[int] = []
    distances: list[float] = []
    for node, neighbours in graph.adjacency():
        at = index[node]
        for neighbour, data in neighbours.items():
            sources.append(at)
            targets.append(index[neighbour])
            distances.append(data["distance"])
    return CompiledGraph(
        nodes,
        index,
        np.array(sources, dtype=np.int64),
        np.array(targets, dtype=np.int64),
        np.maximum(np.array(distances, dtype=np.float64), MIN_DISTANCE),
    )
