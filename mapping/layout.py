"""Where each actor sits on the map: a deterministic layout computed once per map.

Facilitators screen-share the map while people talk about it, so it must not
jump: the same map always gets the same positions (fixed seed, actors in id
order), and filters hide actors without moving the others.
"""

from __future__ import annotations

import random

import igraph
import networkx as nx

from mapping.model import StakeholderMap

__all__ = ["LAYOUT_SEED", "layout_positions"]

LAYOUT_SEED = 7
Position = tuple[float, float]


def layout_positions(smap: StakeholderMap, seed: int = LAYOUT_SEED) -> dict[str, Position]:
    """Pixel positions for every actor from a seeded force-directed layout.

    The drawing spans about 90 px per square root of the number of actors, so
    that labels stay readable when the whole map is fitted on one screen.

    A Fruchterman-Reingold layout over the undirected ties. Every tie pulls
    equally: weighting by strength packed the dense core of real maps into an
    unreadable knot. Negative ties still hold actors near the ones they oppose,
    so that conflict is visible. Positions are whole pixels.

    Up to `NETWORKX_UP_TO` actors networkx's `spring_layout` draws it; above, its
    all-pairs forces cost minutes (139 s at 3,000 actors here), so igraph's
    grid-based Fruchterman-Reingold (in C) draws it, seeded the same way.
    """
    ids = sorted(a.id for a in smap.actors)
    if not ids:
        return {}
    edges = sorted({(r.source, r.target) for r in smap.relationships})
    count = len(ids)
    scale = max(250.0, 90.0 * count**0.5)
    small = count <= NETWORKX_UP_TO
    raw = _networkx_layout(ids, edges, seed, scale) if small else _igraph_layout(ids, edges, seed)
    return _fitted(raw, scale)


NETWORKX_UP_TO = 150


def _networkx_layout(ids: list[str], edges: list[tuple[str, str]], seed: int, scale: float) -> dict[str, Position]:
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(edges)
    spacing = 3.0 / len(ids) ** 0.5
    raw = nx.spring_layout(graph, k=spacing, weight=None, seed=seed, scale=scale, iterations=300)
    return {node: (float(x), float(y)) for node, (x, y) in raw.items()}


def _igraph_layout(ids: list[str], edges: list[tuple[str, str]], seed: int) -> dict[str, Position]:
    """igraph's grid Fruchterman-Reingold, seeded: igraph draws from Python's `random` module."""
    index = {actor_id: i for i, actor_id in enumerate(ids)}
    graph = igraph.Graph(n=len(ids), edges=[(index[u], index[v]) for u, v in edges], directed=False)
    saved = random.getstate()
    try:
        random.seed(seed)
        layout = graph.layout_fruchterman_reingold(niter=500, grid="grid")
    finally:
        random.setstate(saved)
    return {actor_id: (float(x), float(y)) for actor_id, (x, y) in zip(ids, layout.coords, strict=True)}


def _fitted(raw: dict[str, Position], scale: float) -> dict[str, Position]:
    """Positions centred and stretched to +-scale, rounded to whole pixels."""
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {
        node: (round((x - centre_x) / span * scale), round((y - centre_y) / span * scale))
        for node, (x, y) in raw.items()
    }
