"""The standard views of a network that analysts expect, on the map's positive ties.

Each measure is the textbook one, computed by networkx where networkx has it, on
one of two graphs built from the influence network (`influence_network`, so the
"as of" date, removed actors and tie filters apply as everywhere else):

- the **directed graph**: an edge u -> v where influence runs from u to v (a tie
  that runs both ways gives both edges); used for density, reciprocity and the
  Gould-Fernandez brokerage roles;
- the **undirected graph**: u - v where influence runs either way, weighted by the
  stronger direction; used for degree, closeness and eigenvector centrality (the
  unweighted graph: who is tied to whom) and for Burt's constraint and effective
  size (weighted by strength, as Burt defines proportional tie strength).

Negative ties (opposes, rivals) carry no influence and are in neither graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np

from mapping.analysis.coalitions import undirected_strengths
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network, kept_actors
from mapping.analysis.units import folding
from mapping.model import Actor, StakeholderMap

__all__ = [
    "BROKERAGE_ROLES",
    "DEFINITIONS",
    "ActorStructure",
    "GridPoint",
    "NetworkSummary",
    "StandIn",
    "actor_structure",
    "actors_in_view",
    "brokerage_roles",
    "closeness_centrality",
    "degree_centralisation",
    "network_summary",
    "power_interest_grid",
    "stand_ins",
]

BROKERAGE_ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")

DEFINITIONS: dict[str, str] = {
    "density": "Share of ordered pairs of actors where influence runs from one to the other (directed ties).",
    "reciprocity": "Share of directed ties that run back the other way too (networkx reciprocity).",
    "centralisation": "Freeman degree centralisation: 1 when one actor holds every tie (a star), 0 when all "
    "hold as many.",
    "degree": "Share of the other actors an actor is tied to, either way (networkx degree centrality).",
    "closeness": "How few steps an actor is from everyone it can reach (networkx closeness, Wasserman-Faust "
    "for maps in pieces).",
    "eigenvector": "Tied to actors who are themselves well tied (networkx eigenvector centrality; on a map in "
    "pieces, actors outside the main piece score near 0).",
    "constraint": "Burt's constraint: how much an actor's ties run to actors tied to each other; high = "
    "no room to broker (networkx constraint, ties weighted by strength).",
    "effective_size": "Burt's effective size: the actor's contacts less their redundancy; high = many "
    "non-redundant contacts (networkx effective size).",
    "coordinator": "Gould-Fernandez: brokers between two actors of its own kind.",
    "itinerant": "Gould-Fernandez (also 'consultant'): brokers between two actors of one kind, not its own.",
    "gatekeeper": "Gould-Fernandez: lets an outsider's influence into its own kind.",
    "representative": "Gould-Fernandez: carries its own kind's influence to an outsider.",
    "liaison": "Gould-Fernandez: brokers between two kinds, neither its own.",
    "stand_in": "Structural equivalence: cosine similarity of two actors' tie strengths to and from every "
    "other actor (1 = the same ties).",
    "power_interest": "Mendelow's grid: influence (rating 0-5) against interest in prevention (1-5); "
    "3 or more is high on each.",
}

# Interest (1-5) estimated from stance when the map does not rate it: those for or against prevention care
# about it; a sceptical actor ("doubts that prevention is its business", schema.STANCES) is by that
# definition not interested, and a neutral or unassessed one is placed low too. The grid marks the estimate.
INTEREST_FROM_STANCE = {"champion": 5.0, "supportive": 4.0, "opposed": 4.0, "sceptical": 2.0, "neutral": 2.0}
INTEREST_UNKNOWN = 2.0
HIGH = 3.0  # on both axes, 3 or more is "high"
QUADRANTS = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}


@dataclass(frozen=True)
class NetworkSummary:
    """The whole network in a few figures (see `DEFINITIONS`)."""

    actors: int
    directed_ties: int
    density: float
    reciprocity: float
    centralisation: float
    components: int
    largest_component: int


@dataclass(frozen=True)
class ActorStructure:
    """One actor's position: centralities, Burt's measures and Gould-Fernandez role counts."""

    id: str
    degree: float
    closeness: float
    eigenvector: float
    constraint: float | None
    effective_size: float | None
    roles: dict[str, int]


@dataclass(frozen=True)
class StandIn:
    """An actor whose ties are most like another's."""

    id: str
    similarity: float
    shared: int


@dataclass(frozen=True)
class GridPoint:
    """An actor on the power-interest grid; `interest_estimated` when taken from its stance."""

    id: str
    power: float | None
    interest: float
    interest_estimated: bool
    quadrant: str


def directed_graph(network: InfluenceNetwork) -> nx.DiGraph:
    """The directed positive-influence graph (edge attribute `strength`)."""
    return network.graph


def undirected_graph(network: InfluenceNetwork) -> nx.Graph:
    """The undirected graph: a pair tied either way, weighted by its stronger direction."""
    return undirected_strengths(network)


def network_summary(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    network: InfluenceNetwork | None = None,
) -> NetworkSummary:
    """Density, reciprocity, degree centralisation and components of the map's positive ties."""
    network = network if network is not None else influence_network(smap, options)
    directed = directed_graph(network)
    undirected = undirected_graph(network)
    pieces = [len(c) for c in nx.connected_components(undirected)]
    return NetworkSummary(
        actors=directed.number_of_nodes(),
        directed_ties=directed.number_of_edges(),
        density=nx.density(directed),
        reciprocity=nx.reciprocity(directed) if directed.number_of_edges() else 0.0,
        centralisation=degree_centralisation(undirected),
        components=len(pieces),
        largest_component=max(pieces, default=0),
    )


def degree_centralisation(graph: nx.Graph) -> float:
    """Freeman's degree centralisation: sum of (max degree - degree) over its maximum, (n-1)(n-2).

    >>> degree_centralisation(nx.star_graph(4)), degree_centralisation(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in graph.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def actor_structure(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    network: InfluenceNetwork | None = None,
) -> dict[str, ActorStructure]:
    """Every actor's centralities, Burt's constraint and effective size, and brokerage role counts.

    Empty when no actor is on the map that day (networkx's Burt measures refuse an empty graph).
    """
    network = network if network is not None else influence_network(smap, options)
    if not network.actors:
        return {}
    undirected = undirected_graph(network)
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else dict.fromkeys(undirected, 0.0)
    closeness = closeness_centrality(undirected)
    eigenvector = _eigenvector(undirected)
    constraint = nx.constraint(undirected, weight="weight")
    effective = nx.effective_size(undirected, weight="weight")
    roles = brokerage_roles(directed_graph(network), {a.id: a.kind for a in smap.actors})
    return {
        actor: ActorStructure(
            id=actor,
            degree=degree[actor],
            closeness=closeness[actor],
            eigenvector=eigenvector[actor],
            constraint=_number(constraint[actor]),
            effective_size=_number(effective[actor]),
            roles=roles[actor],
        )
        for actor in network.actors
    }


def closeness_centrality(graph: nx.Graph) -> dict[str, float]:
    """networkx's closeness centrality (Wasserman-Faust for maps in pieces), by igraph's breadth-first searches.

    networkx's own takes 4 s at 3,000 actors. igraph's normalised closeness is (r - 1) /
    (sum of distances to the r - 1 actors reached); times (r - 1) / (n - 1) it is the
    Wasserman-Faust form networkx gives. Equal to networkx's (tested).
    """
    import igraph as ig

    nodes = list(graph)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    pieces = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in graph.edges])
    component_size = dict.fromkeys(range(n), 1)
    for piece in pieces.connected_components():
        component_size.update(dict.fromkeys(piece, len(piece)))
    raw = pieces.closeness(normalized=True)
    return {
        node: 0.0 if raw[i] != raw[i] else raw[i] * (component_size[i] - 1) / (n - 1) for i, node in enumerate(nodes)
    }


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    """networkx's eigenvector centrality of the whole graph; 0 for everyone on a map with no ties.

    On a map in pieces the leading eigenvector lives on the piece with the largest
    eigenvalue: its actors share the scores and actors in other pieces score about 0.
    That is the textbook measure (and networkx's); scores compare actors within the
    main piece, which on a real map holds nearly everyone (90 of 91 in the Kenya sample).
    When power iteration is too slow to settle (long chains), `_eigenvector_by_pieces`
    gives the vector it was heading for.
    """
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0)
    try:
        return nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:
        return _eigenvector_by_pieces(graph)


def _eigenvector_by_pieces(graph: nx.Graph) -> dict[str, float]:
    """The limit of networkx's power iteration, computed piece by piece.

    networkx's dense solver refuses a graph in pieces (the leading eigenvector may
    be shared between pieces), so: each piece's own leading vector v (networkx, unit
    length) and eigenvalue (the Rayleigh quotient v'Av); the pieces with the largest
    eigenvalue keep v times sum(v), its share of networkx's uniform starting vector,
    the others 0; then unit length overall, as networkx's. On a connected map this
    is networkx's `eigenvector_centrality_numpy`, given the ARPACK iterations a long
    chain needs (its default 50 fail at 300 actors; a 3,000-actor chain takes 3 s).
    """
    scores = dict.fromkeys(graph, 0.0)
    pieces = []
    for nodes in nx.connected_components(graph):
        if len(nodes) > 1:
            piece = graph.subgraph(nodes)
            vector = nx.eigenvector_centrality_numpy(piece, max_iter=max(1000, 10 * len(piece)))
            pieces.append((2 * sum(vector[u] * vector[v] for u, v in piece.edges), vector))
    top = max(value for value, _ in pieces)
    for value, vector in pieces:
        if value >= top * (1 - 1e-9):
            share = sum(vector.values())
            scores.update({node: x * share for node, x in vector.items()})
    length = float(np.sqrt(sum(x * x for x in scores.values())))
    return {node: x / length for node, x in scores.items()}


def _number(value: float) -> float | None:
    """networkx gives NaN for an actor with no ties (constraint, effective size undefined): None."""
    return None if value != value else float(value)  # NaN is the only value unequal to itself


def brokerage_roles(graph: nx.DiGraph, group_of: dict[str, str]) -> dict[str, dict[str, int]]:
    """Gould and Fernandez (1989): for every two-step path a -> b -> c with no tie a -> c, b brokers.

    The role depends on the groups (here, actor kinds) of a, b and c: coordinator (all
    one group), itinerant (a and c one group, b another), gatekeeper (b and c one group,
    a outside), representative (a and b one group, c outside), liaison (all different).

    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> brokerage_roles(g, {"a": "x", "b": "y", "c": "y"})["b"]["gatekeeper"]
    1
    """
    counts: dict[str, Counter[str]] = {node: Counter() for node in graph}
    for broker in graph:
        for source in graph.predecessors(broker):
            for target in graph.successors(broker):
                if target == source or graph.has_edge(source, target):
                    continue
                counts[broker][_role(group_of[source], group_of[broker], group_of[target])] += 1
    return {node: {role: counts[node][role] for role in BROKERAGE_ROLES} for node in graph}


def _role(source: str, broker: str, target: str) -> str:
    if source == broker == target:
        return "coordinator"
    if source == target:
        return "itinerant"
    if broker == target:
        return "gatekeeper"
    if source == broker:
        return "representative"
    return "liaison"


def stand_ins(
    smap: StakeholderMap,
    actor_id: str,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    top: int = 5,
    network: InfluenceNetwork | None = None,
) -> list[StandIn]:
    """The actors whose ties are most like `actor_id`'s: who could stand in for it.

    Structural equivalence as cosine similarity of the two actors' tie profiles: the
    strengths of their ties to every other actor and from every other actor, leaving
    out the ties between the two themselves. Organisations only when the actor is one,
    and never its own units, parent or people: they share its ties because they are
    part of it, not because they could replace it.
    """
    network = network if network is not None else influence_network(smap, options)
    if actor_id not in network.index:
        return []
    matrix = _profiles(network)
    me = network.index[actor_id]
    organisation_only = not smap.actor(actor_id).is_person
    family = folding(smap, present=network.index)
    found = []
    for other, other_id in enumerate(network.actors):
        if other == me or family.of(other_id) == family.of(actor_id):
            continue
        if organisation_only and smap.actor(other_id).is_person:
            continue
        similarity, shared = _cosine(matrix, me, other)
        if similarity > 0:
            found.append(StandIn(other_id, similarity, shared))
    found.sort(key=lambda s: (-round(s.similarity, 12), s.id))
    return found[:top]


def _profiles(network: InfluenceNetwork) -> np.ndarray:
    """Row i: strengths from i to every actor, then from every actor to i."""
    size = len(network.actors)
    out = np.zeros((size, size))
    out[network.sources, network.targets] = network.strengths
    return np.hstack([out, out.T])


def _cosine(matrix: np.ndarray, i: int, j: int) -> tuple[float, int]:
    """Cosine similarity of rows i and j without the entries about i and j; and how many ties they share."""
    size = matrix.shape[0]
    keep = np.ones(2 * size, dtype=bool)
    keep[[i, j, size + i, size + j]] = False
    a, b = matrix[i, keep], matrix[j, keep]
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    shared = int(np.count_nonzero((a > 0) & (b > 0)))
    return (float(a @ b) / norm if norm else 0.0), shared


def actors_in_view(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
) -> list[Actor]:
    """The actors on the map under the options (`kept_actors`: the date, removals), in the map's order."""
    kept = kept_actors(smap, options)
    return [actor for actor in smap.actors if actor.id in kept]


def power_interest_grid(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
) -> list[GridPoint]:
    """Each actor on Mendelow's grid: power = its influence rating, interest = its interest rating.

    Only the actors on the map under the options (`actors_in_view`: in force on
    `as_of`, not removed). Interest left blank is estimated from stance
    (`INTEREST_FROM_STANCE`) and marked; an actor with no influence rating has no
    power on the grid (None) and is listed as "influence not rated" rather than
    placed by guess. High on either axis means `HIGH` (3, the middle of 1-5) or more.

    >>> from mapping.model import Actor, StakeholderMap
    >>> [point] = power_interest_grid(StakeholderMap([Actor("a", "A", "business", influence=4, stance="opposed")], []))
    >>> point.quadrant, point.interest, point.interest_estimated
    ('manage closely', 4.0, True)
    """
    points = []
    for actor in actors_in_view(smap, options):
        estimated = actor.interest is None
        interest = actor.interest if not estimated else INTEREST_FROM_STANCE.get(actor.stance, INTEREST_UNKNOWN)
        power = actor.influence
        quadrant = "influence not rated" if power is None else QUADRANTS[(power >= HIGH, interest >= HIGH)]
        points.append(GridPoint(actor.id, power, float(interest), estimated, quadrant))
    return points
