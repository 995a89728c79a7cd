"""Where each actor sits on the map: a deterministic layout computed once per map.

Facilitators screen-share the map while people talk about it, so it must not
jump: the same map always gets the same positions (fixed seed, actors in id
order), and filters hide actors without moving the others.

Two layouts: `layout_positions` lets the ties alone place the actors;
`grouped_positions` first gives each group of actors (by kind, sector, coalition,
...) its own box, so that a room reads the map by groups: business associations
over here, government over there, and the ties that cross between them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import igraph
import networkx as nx

from mapping.model import StakeholderMap

__all__ = [
    "GROUP_GAP",
    "LAYOUT_SEED",
    "NO_GROUP",
    "grouped_positions",
    "groups_by_kind",
    "groups_by_sector",
    "layout_positions",
]

LAYOUT_SEED = 7
Position = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, width, height, in pixels (y grows downwards)


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
    scale = _drawing_scale(len(ids))
    small = len(ids) <= NETWORKX_UP_TO
    raw = _networkx_layout(ids, edges, seed, scale) if small else _igraph_layout(ids, edges, seed)
    return _fitted(raw, (-scale, -scale, 2 * scale, 2 * scale))


NETWORKX_UP_TO = 150
# Pixels between the drawings of two groups: two thirds of an actor's spacing in the
# ungrouped layout (90 px per sqrt(n) across half the drawing: ~180 px a side per
# actor), so that groups read as apart on a shared screen without starving their boxes.
GROUP_GAP = 120
NO_GROUP = ""  # actors with no group: one box, drawn last


def grouped_positions(
    smap: StakeholderMap, group_of: Mapping[str, str], seed: int = LAYOUT_SEED
) -> dict[str, Position]:
    """Pixel positions that place each group of actors in its own box (Group-in-a-Box).

    A facilitator reads a map by groups (business associations apart from
    government, faith bodies apart from the media) and then by the ties that
    cross between them. The force layout of `layout_positions` mixes the groups
    wherever ties pull them together; here each group keeps its own area.

    Group-in-a-Box (Rodrigues et al. 2011, as in NodeXL):

    1. Each group gets a rectangle: a squarified treemap (Bruls et al. 2000) of
       the whole drawing, area proportional to the group's number of actors,
       largest group first (ties by group name), actors without a group last.
    2. Inside its rectangle, a group is laid out on its own ties only (ties
       between groups are ignored for placement) by the seeded igraph
       Fruchterman-Reingold of `layout_positions`, then fitted, keeping its
       proportions, into the rectangle less `GROUP_GAP / 2` on every side: the
       drawings of two groups are at least `GROUP_GAP` px apart (less 1 px for
       rounding to whole pixels). A small group beside a much larger one would
       get a strip too thin for that, so its box is widened (`_group_boxes`).

    igraph draws every group, even on small maps where `layout_positions` uses
    networkx: within a group most actors have few ties to each other (people tie
    to organisations), and networkx's `spring_layout` flung the unconnected
    ones to the box's edges and squeezed the connected ones into a knot (six
    people on one spot in the Kenya sample), where igraph's grid version spreads
    them evenly. It also takes about a millisecond per small group, not 10-250.

    The drawing spans the same ±(90 px per sqrt(n), at least 250) as
    `layout_positions`; above `NETWORKX_UP_TO` actors a single group gives its
    very positions. Boxes depend only on the groups' names and sizes, and a
    group's drawing only on its own actors and ties: a tie changed inside one
    group moves no actor of another group.

    Parameters
    ----------
    smap : StakeholderMap
        The map.
    group_of : Mapping[str, str]
        Actor id -> group name (`groups_by_kind`, `groups_by_sector`, a coalition
        per actor, ...). Actors missing from it, or mapped to `NO_GROUP`, form
        one group drawn last; ids not on the map are ignored.
    seed : int
        The force layout's seed, the same for every group.

    Returns
    -------
    dict[str, Position]
        Every actor's (x, y) in whole pixels.

    Examples
    --------
    >>> from mapping.model import Actor, StakeholderMap
    >>> smap = StakeholderMap([Actor("bank", "Bank", "business"), Actor("ministry", "Ministry", "government")], [])
    >>> grouped_positions(smap, groups_by_kind(smap))
    {'bank': (0, -155), 'ministry': (0, 155)}
    """
    ids = sorted(a.id for a in smap.actors)
    if not ids:
        return {}
    members = _members_by_group(ids, group_of)
    ties = _ties_by_group(smap, group_of, members)
    scale = _drawing_scale(len(ids))
    edge = scale + GROUP_GAP / 2
    boxes = _group_boxes([len(group_ids) for group_ids in members.values()], (-edge, -edge, 2 * edge, 2 * edge))
    positions: dict[str, Position] = {}
    for (group, group_ids), box in zip(members.items(), boxes, strict=True):
        raw = _igraph_layout(group_ids, ties[group], seed) if len(group_ids) > 1 else {group_ids[0]: (0.0, 0.0)}
        positions.update(_fitted(raw, _inside(box, GROUP_GAP / 2)))
    return positions


def groups_by_kind(smap: StakeholderMap) -> dict[str, str]:
    """Actor id -> its kind: the grouping a facilitator reads first (business, government, faith, ...).

    For `grouped_positions`: each kind of actor gets its own box, so the room
    sees at a glance which kinds are crowded, which are thin, and which ties
    cross from business to government.
    """
    return {actor.id: actor.kind for actor in smap.actors}


def groups_by_sector(smap: StakeholderMap) -> dict[str, str]:
    """Actor id -> its sector, for actors that have one: the business community read by industry.

    For `grouped_positions`: firms and associations of one sector (banking,
    telecommunications, ...) share a box; actors without a sector are left out
    and so drawn together, last.
    """
    return {actor.id: actor.sector for actor in smap.actors if actor.sector}


def _drawing_scale(count: int) -> float:
    """Half the drawing's side in pixels: 90 px per sqrt(actors), at least 250."""
    return max(250.0, 90.0 * count**0.5)


def _members_by_group(ids: list[str], group_of: Mapping[str, str]) -> dict[str, list[str]]:
    """Group -> its actor ids (sorted), in treemap order: largest first, ties by name, no group last."""
    members: dict[str, list[str]] = {}
    for actor_id in ids:
        members.setdefault(group_of.get(actor_id, NO_GROUP), []).append(actor_id)
    order = sorted(members, key=lambda group: (group == NO_GROUP, -len(members[group]), group))
    return {group: members[group] for group in order}


def _ties_by_group(
    smap: StakeholderMap, group_of: Mapping[str, str], members: Mapping[str, list[str]]
) -> dict[str, list[tuple[str, str]]]:
    """Group -> the ties (source, target) between two of its own actors, sorted."""
    ties: dict[str, list[tuple[str, str]]] = {group: [] for group in members}
    for source, target in sorted({(r.source, r.target) for r in smap.relationships}):
        group = group_of.get(source, NO_GROUP)
        if group == group_of.get(target, NO_GROUP):
            ties[group].append((source, target))
    return ties


def _group_boxes(sizes: list[int], box: Box) -> list[Box]:
    """Squarified boxes for groups of these sizes, none thinner than `MIN_BOX_SIDE` where room allows.

    A treemap gives a small group beside a much larger one a thin strip (one actor
    beside a thousand: 6 px), too thin to hold the gap. Such a group's share grows
    by the shortfall, and the treemap is drawn again, at most `WIDENING_ROUNDS`
    times; the order of the boxes never changes, so neither does the outcome.
    """
    shares = [float(size) for size in sizes]
    boxes = _squarified(shares, box)
    for _ in range(WIDENING_ROUNDS):
        thinnest = [min(width, height) for _, _, width, height in boxes]
        if min(thinnest) >= MIN_BOX_SIDE:
            break
        shares = [share * max(1.0, MIN_BOX_SIDE / side) for share, side in zip(shares, thinnest, strict=True)]
        boxes = _squarified(shares, box)
    return boxes


# A box holds the gap and at least a small drawing; the widening settles within a few rounds on real maps.
MIN_BOX_SIDE = GROUP_GAP + 60
WIDENING_ROUNDS = 10


def _squarified(sizes: list[float], box: Box) -> list[Box]:
    """A squarified treemap (Bruls, Huizing and van Wijk 2000): one box per size, in order, tiling `box`.

    Areas are proportional to the sizes. Boxes are laid out in strips along the
    remaining space's shorter side; a strip takes the next size for as long as
    that does not worsen its most elongated box, which keeps boxes close to squares.
    """
    left, top, width, height = box
    unit = width * height / sum(sizes)
    areas = [size * unit for size in sizes]
    boxes: list[Box] = []
    start = 0
    while start < len(areas):
        side = min(width, height)
        end, total, smallest, largest = start + 1, areas[start], areas[start], areas[start]
        worst = _worst(total, smallest, largest, side)
        while end < len(areas):
            area = areas[end]
            longer = _worst(total + area, min(smallest, area), max(largest, area), side)
            if longer > worst:
                break
            end, total, worst = end + 1, total + area, longer
            smallest, largest = min(smallest, area), max(largest, area)
        depth = total / side if end < len(areas) else max(width, height)  # the last strip fills what is left
        across = width >= height  # the strip is a column at the left, else a row at the top
        offset = 0.0
        for area in areas[start:end]:
            length = area / depth
            boxes.append((left, top + offset, depth, length) if across else (left + offset, top, length, depth))
            offset += length
        if across:
            left, width = left + depth, width - depth
        else:
            top, height = top + depth, height - depth
        start = end
    return boxes


def _worst(total: float, smallest: float, largest: float, side: float) -> float:
    """The largest aspect ratio (long side / short side) among the boxes of a strip laid along `side`.

    A strip of total area `total` is `total / side` deep; its most elongated box is its
    largest (too long) or its smallest (too thin) one.
    """
    return max(side * side * largest / (total * total), total * total / (side * side * smallest))


def _inside(box: Box, margin: float) -> Box:
    """`box` less `margin` on every side; a side too short for two margins shrinks to nothing."""
    left, top, width, height = box
    inner_width, inner_height = max(0.0, width - 2 * margin), max(0.0, height - 2 * margin)
    return (left + (width - inner_width) / 2, top + (height - inner_height) / 2, inner_width, inner_height)


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


def _fitted(raw: dict[str, Position], box: Box) -> dict[str, Position]:
    """Positions centred in `box` and stretched, keeping their proportions, to fit it; whole pixels.

    In a square box centred on 0 the arithmetic is exactly that of the earlier
    `_fitted(raw, scale)`, so `layout_positions` keeps its pixels. A box with no
    width or height (one that could not be widened) gets every actor at its centre.
    """
    left, top, width, height = box
    centre = (left + width / 2, top + height / 2)
    if not width or not height:
        return {node: (round(centre[0]), round(centre[1])) for node in raw}
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    raw_centre_x, raw_centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    # The raw half-extent that half the box's width must hold: the height counts at the box's aspect ratio.
    span = max((max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2 * (width / height)) or 1.0
    half = width / 2
    return {
        node: (round(centre[0] + (x - raw_centre_x) / span * half), round(centre[1] + (y - raw_centre_y) / span * half))
        for node, (x, y) in raw.items()
    }
