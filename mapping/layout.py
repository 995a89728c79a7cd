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


def layout_positions(smap: StakeholderMap, scale: float = 1000.0, seed: int = LAYOUT_SEED) -> dict[str, Position]:
    """Pixel positions for every actor from a seeded force-directed layout.

    A Fruchterman-Reingold layout (networkx `spring_layout`) over the undirected
    ties, where stronger ties pull harder (weight = the strongest tie between the
    pair). Negative ties still hold actors near the ones they oppose, so that
    conflict is visible. Positions are rounded to whole pixels.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(a.id for a in smap.actors))
    for rel in sorted(smap.relationships, key=lambda r: (r.source, r.target, r.kind)):
        current = graph.get_edge_data(rel.source, rel.target, {}).get("weight", 0.0)
        graph.add_edge(rel.source, rel.target, weight=max(current, rel.strength))
    if graph.number_of_nodes() == 0:
        return {}
    spacing = 1.8 / max(1, graph.number_of_nodes()) ** 0.5
    raw = nx.spring_layout(graph, k=spacing, weight="weight", seed=seed, scale=scale, iterations=200)
    return {node: (round(float(x)), round(float(y))) for node, (x, y) in raw.items()}
