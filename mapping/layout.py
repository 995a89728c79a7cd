"""Where each actor sits on the map: a deterministic layout computed once per map.

Facilitators screen-share the map while people talk about it, so it must not
jump: the same map always gets the same positions (fixed seed, actors in id
order), and filters hide actors without moving the others.
"""

from __future__ import annotations

import networkx as nx

from mapping.model import StakeholderMap

__all__ = ["LAYOUT_SEED", "layout_positions"]

LAYOUT_SEED = 7
Position = tuple[float, float]


def layout_positions(smap: StakeholderMap, seed: int = LAYOUT_SEED) -> dict[str, Position]:
    """Pixel positions for every actor from a seeded force-directed layout.

    The drawing spans about 90 px per square root of the number of actors, so
    that labels stay readable when the whole map is fitted on one screen.

    A Fruchterman-Reingold layout (networkx `spring_layout`) over the undirected
    ties. Every tie pulls equally: weighting by strength packed the dense core of
    real maps into an unreadable knot. Negative ties still hold actors near the
    ones they oppose, so that conflict is visible. Positions are whole pixels.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(a.id for a in smap.actors))
    graph.add_edges_from(sorted((r.source, r.target) for r in smap.relationships))
    if graph.number_of_nodes() == 0:
        return {}
    count = graph.number_of_nodes()
    spacing = 3.0 / count**0.5
    scale = max(250.0, 90.0 * count**0.5)
    raw = nx.spring_layout(graph, k=spacing, weight=None, seed=seed, scale=scale, iterations=300)
    return {node: (round(float(x)), round(float(y))) for node, (x, y) in raw.items()}
