"""Simple routes in order of distance, exactly as networkx ranks them, at a fraction of its cost.

`strongest_paths` asks networkx's `shortest_simple_paths` (Yen's algorithm) for
the k strongest routes, and a critical-broker question asks it once per
(us, target) pair: on a 30,000-actor map that is about a second a pair, most of
it spent in the per-tie overhead of networkx's search (a weight function and two
filtering generators per tie, a list copied per relaxed actor) and in spur
searches Yen repeats unchanged.

This module computes the same routes in the same order, equally strong routes
included:

- `route_search` is networkx's bidirectional Dijkstra step for step (the same
  alternation of directions, the same heap order with its insertion counter, the
  same neighbour order and the same float sums), over adjacency lists built once
  per frozen graph instead of a weight function called per tie;
- `ranked_routes` is networkx's `shortest_simple_paths` loop, with its candidate
  buffer (ties between equal lengths go to the first pushed), and remembers each
  spur search by what it depends on (the root and the ties hidden at the spur
  actor), so a search Yen repeats is answered from memory with the same result.

networkx stays the reference: the tests compare both functions with
`nx.shortest_simple_paths` and `nx.bidirectional_dijkstra` on maps full of
equal strengths.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Collection, Iterator, Mapping
from heapq import heappop, heappush

import networkx as nx

__all__ = ["Adjacency", "adjacency", "ranked_routes", "route_search"]

Route = list[str]


class _Ties(dict[str, list[tuple[str, float]]]):
    """actor -> [(neighbour, distance), ...] in the graph's adjacency order, each list built on first use.

    A search visits a small part of a large map; building only what it visits
    keeps a one-off question cheap, and keeping the lists makes the next one cheaper.
    """

    def __init__(self, neighbours: Mapping[str, Mapping[str, dict]]) -> None:
        super().__init__()
        self._neighbours = neighbours

    def __missing__(self, actor: str) -> list[tuple[str, float]]:
        # networkx's weight function for weight="distance" is data.get("distance", 1).
        ties = [(neighbour, data.get("distance", 1)) for neighbour, data in self._neighbours[actor].items()]
        self[actor] = ties
        return ties


class Adjacency:
    """The ties out of (`succ`) and into (`pred`) each actor, with their distances.

    It holds the graph's adjacency dictionaries, never the graph itself, so that
    the cache below (keyed weakly by the graph) lets a graph go.
    """

    def __init__(self, graph: nx.DiGraph) -> None:
        self.succ = _Ties(graph.succ)
        self.pred = _Ties(graph.pred)


_frozen: weakref.WeakKeyDictionary[nx.DiGraph, Adjacency] = weakref.WeakKeyDictionary()
_frozen_lock = threading.Lock()


def adjacency(graph: nx.DiGraph) -> Adjacency:
    """The adjacency lists of `graph`, shared while a frozen graph lives (it cannot change).

    An unfrozen graph gets fresh lists on every call, so a change to it is never missed.
    """
    if not nx.is_frozen(graph):
        return Adjacency(graph)
    with _frozen_lock:
        found = _frozen.get(graph)
        if found is None:
            found = _frozen[graph] = Adjacency(graph)
    return found


def route_search(
    ties: Adjacency,
    source: str,
    target: str,
    hidden: Collection[str] = frozenset(),
    skipped: Collection[str] = frozenset(),
) -> tuple[float, Route] | None:
    """(length, route) of the shortest route source -> target, as networkx's bidirectional Dijkstra finds it.

    `hidden` actors are never entered; `skipped` are neighbours of the source whose
    tie from the source is not taken (the ties Yen's algorithm hides at a spur
    actor). Returns None when no route is left.

    The steps are those of networkx's `_bidirectional_dijkstra` (and of the public
    `bidirectional_dijkstra`, which expands the same actors in the same order), so
    among equally short routes the same one is found. Distances are never negative
    (-ln of a strength in (0, 1]), so an actor already settled can never be
    relaxed again and networkx's check for that case is left out.
    """
    if source in hidden or target in hidden:
        return None
    if source == target:
        return 0, [source]
    succ, pred = ties.succ, ties.pred
    settled: tuple[dict[str, float], dict[str, float]] = ({}, {})
    seen: tuple[dict[str, float], dict[str, float]] = ({source: 0}, {target: 0})
    previous: tuple[dict[str, str | None], dict[str, str | None]] = ({source: None}, {target: None})
    fringe: tuple[list, list] = ([(0, 0, source)], [(0, 1, target)])
    pushed = 1
    best: float | None = None
    meeting: tuple[str, str | None, str | None] | None = None
    direction = 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        dist, _, actor = heappop(fringe[direction])
        here = settled[direction]
        if actor in here:
            continue
        here[actor] = dist
        if actor in settled[1 - direction]:
            return best, _joined(previous, meeting)
        near, far, back = seen[direction], seen[1 - direction], previous[direction]
        heap = fringe[direction]
        for neighbour, distance in _around(succ, pred, direction, actor, source, skipped):
            if neighbour in hidden:
                continue
            length = dist + distance
            known = near.get(neighbour)
            if known is None or length < known:
                near[neighbour] = length
                pushed += 1
                heappush(heap, (length, pushed, neighbour))
                back[neighbour] = actor
                other = far.get(neighbour)
                if other is not None and (best is None or best > length + other):
                    best = length + other
                    meeting = (neighbour, previous[0][neighbour], previous[1][neighbour])
    return None


def _around(
    succ: _Ties, pred: _Ties, direction: int, actor: str, source: str, skipped: Collection[str]
) -> list[tuple[str, float]]:
    """The ties a search scans from `actor`: out of it forward, into it backward, minus the skipped ties."""
    if direction == 0:
        ties = succ[actor]
        if skipped and actor == source:
            return [tie for tie in ties if tie[0] not in skipped]
        return ties
    ties = pred[actor]
    if skipped and actor in skipped:
        return [tie for tie in ties if tie[0] != source]
    return ties


def _joined(
    previous: tuple[dict[str, str | None], dict[str, str | None]], meeting: tuple[str, str | None, str | None] | None
) -> Route:
    """The route through the meeting actor, from the predecessors it had when it was chosen.

    networkx copies the two half routes at that moment; the actors behind them
    are settled, so their predecessors never change and following them later
    gives the same routes.
    """
    assert meeting is not None  # a settled actor seen from both sides always set one
    actor, forward, backward = meeting
    head = [actor]
    while forward is not None:
        head.append(forward)
        forward = previous[0][forward]
    head.reverse()
    while backward is not None:
        head.append(backward)
        backward = previous[1][backward]
    return head


class _Candidates:
    """networkx's `PathBuffer`: routes by length, equal lengths first pushed first, each route once."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Route]] = []
        self._held: set[tuple[str, ...]] = set()
        self._pushed = 0

    def __bool__(self) -> bool:
        return bool(self._heap)

    def push(self, length: float, route: Route) -> None:
        key = tuple(route)
        if key not in self._held:
            heappush(self._heap, (length, self._pushed, route))
            self._pushed += 1
            self._held.add(key)

    def pop(self) -> Route:
        _, _, route = heappop(self._heap)
        self._held.remove(tuple(route))
        return route


def ranked_routes(
    graph: nx.DiGraph,
    source: str,
    target: str,
    hidden: Collection[str] = frozenset(),
    skipped: Collection[str] = frozenset(),
) -> Iterator[Route]:
    """Simple routes source -> target by `distance`, shortest first: `nx.shortest_simple_paths` on `graph`
    without the `hidden` actors and without the ties from the source to the `skipped` actors.

    Parameters
    ----------
    graph : networkx.DiGraph
        Edges carry `distance` (a missing one counts 1, as in networkx).
    source, target : str
        Actors of the graph, neither of them hidden.
    hidden : collection of str
        Actors no route passes through (a restricted view's removed nodes).
    skipped : collection of str
        Actors the source's direct ties to are not taken (a restricted view's
        removed edges, all of which start at the source).

    Yields
    ------
    list of str
        The routes networkx would yield, in its order; nothing when the target
        cannot be reached.

    Examples
    --------
    >>> graph = nx.DiGraph()
    >>> graph.add_weighted_edges_from([("a", "b", 0.1), ("b", "c", 0.1), ("a", "c", 0.3)], weight="distance")
    >>> list(ranked_routes(graph, "a", "c"))
    [['a', 'b', 'c'], ['a', 'c']]
    >>> list(ranked_routes(graph, "a", "c", hidden={"b"}))
    [['a', 'c']]

    Notes
    -----
    Yen's algorithm: after yielding route P, for each spur actor P[i-1] it
    searches the shortest route to the target that avoids the root P[:i-1] and
    the ties out of P[i-1] that earlier routes with the same root took, and keeps
    root + spur as a candidate. That search depends only on the root and on those
    ties (the ties out of earlier root actors cannot be reached), so it is
    remembered under them: the candidates pushed, and so the order, are networkx's.
    """
    ties = adjacency(graph)
    hidden = frozenset(hidden)
    first = route_search(ties, source, target, hidden, skipped)
    if first is None:
        return
    candidates = _Candidates()
    candidates.push(*first)
    found: list[Route] = []
    spurs: dict[tuple[tuple[str, ...], frozenset[str]], tuple[float, Route] | None] = {}
    while candidates:
        route = candidates.pop()
        yield route
        found.append(route)
        for length, spur_route in _spur_candidates(graph, ties, route, found, hidden, skipped, spurs):
            candidates.push(length, spur_route)


def _spur_candidates(
    graph: nx.DiGraph,
    ties: Adjacency,
    route: Route,
    found: list[Route],
    hidden: frozenset[str],
    skipped: Collection[str],
    spurs: dict[tuple[tuple[str, ...], frozenset[str]], tuple[float, Route] | None],
) -> Iterator[tuple[float, Route]]:
    """The candidates networkx pushes after yielding `route`, in its order: one per spur actor reaching the target."""
    target = route[-1]
    for i in range(1, len(route)):
        root = tuple(route[:i])
        spur = root[-1]
        taken = frozenset(path[i] for path in found if tuple(path[:i]) == root)
        if spur == route[0]:
            taken |= frozenset(skipped)
        key = (root, taken)
        if key not in spurs:
            spurs[key] = route_search(ties, spur, target, hidden | set(root[:-1]), taken)
        if spurs[key] is not None:
            length, rest = spurs[key]
            yield _length(graph, root) + length, list(root[:-1]) + rest


def _length(graph: nx.DiGraph, route: tuple[str, ...]) -> float:
    """The sum of the route's distances, added up as networkx does (so equal routes compare equal)."""
    return sum(graph.succ[u][v].get("distance", 1) for u, v in itertools.pairwise(route))
