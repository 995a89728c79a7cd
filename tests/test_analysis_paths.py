"""Strongest influence paths: hand-computed routes, the query options, and networkx's answers as the reference.

On maps full of equally strong routes, igraph and networkx may pick different
routes of the same strength; the tests then check what the answer must be: the
same strengths, strongest first, each route real, simple and within the options.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import networkx as nx
import pytest

from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.paths import MAX_CANDIDATES, InfluencePath, PathQuery, strongest_paths
from mapping.analysis.scenarios import PRESET_SCENARIOS
from mapping.model import Actor, Relationship, StakeholderMap, UnknownActorError
from mapping.values import PartialDate
from tests.tied_maps import equally_long_neighbours, networkx_routes, tied_map


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def routes_map() -> StakeholderMap:
    """Three positive routes from us to the target, and a strong first hop into an opposing tie.

    us -> a -> t = 0.9 x 0.5 = 0.45; us -> b -> t = 0.6 x 0.6 = 0.36; us -> t = 0.3;
    us -> c is 0.8 but c only `opposes` t, so it leads nowhere.
    """
    actors = [
        Actor("us", "Our Network", "prevention_network", source="own records"),
        Actor("a", "Alpha Chamber", "association", source="annual report"),
        Actor("b", "Beta Bank", "business", stance="opposed"),
        Actor("c", "Gamma Council", "faith", source="press"),
        Actor("t", "Ministry of Interior", "government", source="gazette"),
    ]
    ties = [
        tie("us", "a", 0.9, "partners_with", confidence="high"),
        tie("a", "t", 0.5, "dialogue", confidence="low"),
        tie("us", "b", 0.6, "funds"),
        tie("b", "t", 0.6, "influences"),
        tie("us", "t", 0.3, "advises"),
        tie("us", "c", 0.8, "partners_with"),
        tie("c", "t", 0.9, "opposes", sign="-"),
    ]
    return StakeholderMap(actors, ties)


def ids(paths: list) -> list[tuple[str, ...]]:
    return [path.actor_ids for path in paths]


def test_the_three_strongest_paths_by_hand(routes_map: StakeholderMap) -> None:
    paths = strongest_paths(routes_map, "us", "t", PathQuery(k=3))
    assert ids(paths) == [("us", "a", "t"), ("us", "b", "t"), ("us", "t")]
    assert [p.strength for p in paths] == pytest.approx([0.45, 0.36, 0.3])
    assert [p.brokers for p in paths] == [("a",), ("b",), ()]
    assert [p.broker_names for p in paths] == [("Alpha Chamber",), ("Beta Bank",), ()]
    assert [p.hops for p in paths] == [2, 2, 1]
    first = paths[0]
    assert [(s.actor_id, s.actor_name, s.tie_kind, s.tie_strength) for s in first.steps] == [
        ("a", "Alpha Chamber", "partners_with", 0.9),
        ("t", "Ministry of Interior", "dialogue", 0.5),
    ]
    assert (first.origin_id, first.origin_name) == ("us", "Our Network")


def test_a_negative_tie_is_never_part_of_a_path(routes_map: StakeholderMap) -> None:
    every = strongest_paths(routes_map, "us", "t", PathQuery(k=10))
    assert len(every) == 3
    assert all("c" not in path.actor_ids for path in every)
    assert strongest_paths(routes_map, "c", "t") == []


def test_paths_are_strongest_first_and_k_caps_them(routes_map: StakeholderMap) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", PathQuery(k=1))) == [("us", "a", "t")]
    strengths = [p.strength for p in strongest_paths(routes_map, "us", "t", PathQuery(k=3))]
    assert strengths == sorted(strengths, reverse=True)


def test_actors_are_found_by_name_as_well_as_id(routes_map: StakeholderMap) -> None:
    by_name = strongest_paths(routes_map, "Our Network", "ministry of interior")
    assert ids(by_name) == ids(strongest_paths(routes_map, "us", "t"))


def test_no_route_and_same_actor_give_no_paths(routes_map: StakeholderMap) -> None:
    assert strongest_paths(routes_map, "t", "us") == []
    assert strongest_paths(routes_map, "us", "us") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PathQuery(avoid=frozenset({"a"})), [("us", "b", "t"), ("us", "t")]),
        (PathQuery(avoid=frozenset({"a", "b"})), [("us", "t")]),
        (PathQuery(avoid_kinds=frozenset({"association"})), [("us", "b", "t"), ("us", "t")]),
        (PathQuery(avoid_opposed=True), [("us", "a", "t"), ("us", "t")]),
        (PathQuery(max_hops=1), [("us", "t")]),
        (PathQuery(max_hops=2), [("us", "a", "t"), ("us", "b", "t"), ("us", "t")]),
        (PathQuery(influence=InfluenceOptions(skip_low_confidence=True)), [("us", "b", "t"), ("us", "t")]),
        # Beta Bank has no source and a -> t is low confidence: only the direct tie is verified.
        (PathQuery(influence=InfluenceOptions(verified_only=True)), [("us", "t")]),
    ],
    ids=["avoid a", "avoid a and b", "avoid kind", "avoid opposed", "max 1 hop", "max 2 hops", "skip low", "verified"],
)
def test_query_options(routes_map: StakeholderMap, query: PathQuery, expected: list[tuple[str, ...]]) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", query)) == expected


def test_avoiding_an_endpoint_still_finds_routes_to_it(routes_map: StakeholderMap) -> None:
    assert ids(strongest_paths(routes_map, "us", "t", PathQuery(k=1, avoid=frozenset({"us", "t"})))) == [
        ("us", "a", "t")
    ]


def test_confidence_weighting_reorders_paths(routes_map: StakeholderMap) -> None:
    # high 0.9 x low 0.5 -> 0.9 x 0.2 = 0.18; medium 0.6 x 0.6 -> 0.42 x 0.42 = 0.1764; medium 0.3 -> 0.21.
    query = PathQuery(k=3, influence=InfluenceOptions(weight_by_confidence=True))
    paths = strongest_paths(routes_map, "us", "t", query)
    assert ids(paths) == [("us", "t"), ("us", "a", "t"), ("us", "b", "t")]
    assert [p.strength for p in paths] == pytest.approx([0.21, 0.18, 0.1764])


@pytest.fixture
def shared_broker_map() -> StakeholderMap:
    """s -> x -> t (0.81), s -> x -> y -> t (0.729), s -> y -> t (0.45), s -> t (0.2)."""
    actors = [Actor(i, i.upper(), "business") for i in ("s", "x", "y", "t")]
    ties = [
        tie("s", "x", 0.9),
        tie("x", "t", 0.9),
        tie("x", "y", 0.9),
        tie("y", "t", 0.9),
        tie("s", "y", 0.5),
        tie("s", "t", 0.2),
    ]
    return StakeholderMap(actors, ties)


def test_independent_routes_share_no_intermediary(shared_broker_map: StakeholderMap) -> None:
    plain = strongest_paths(shared_broker_map, "s", "t", PathQuery(k=3))
    assert ids(plain) == [("s", "x", "t"), ("s", "x", "y", "t"), ("s", "y", "t")]
    independent = strongest_paths(shared_broker_map, "s", "t", PathQuery(k=4, independent=True))
    assert ids(independent) == [("s", "x", "t"), ("s", "y", "t"), ("s", "t")]
    assert [p.strength for p in independent] == pytest.approx([0.81, 0.45, 0.2])
    for first, second in itertools.combinations(independent, 2):
        assert not set(first.brokers) & set(second.brokers)


def test_mutual_ties_are_walked_both_ways() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "association") for i in "abc"],
        [tie("a", "b", 0.5, "member_of", direction="mutual"), tie("b", "c", 0.4, "dialogue", direction="mutual")],
    )
    assert ids(strongest_paths(smap, "c", "a")) == [("c", "b", "a")]
    assert strongest_paths(smap, "c", "a")[0].strength == pytest.approx(0.2)


@pytest.mark.parametrize(("source", "target"), [("Alpah Chamber", "t"), ("us", "Ministry of Interor")])
def test_unknown_actor_names_the_closest_actors(routes_map: StakeholderMap, source: str, target: str) -> None:
    with pytest.raises(UnknownActorError) as raised:
        strongest_paths(routes_map, source, target)
    message = str(raised.value)
    assert "Alpha Chamber" in message or "Ministry of Interior" in message
    assert raised.value.suggestions


def test_as_dict_lists_ids_names_and_tie_kinds_of_each_hop(routes_map: StakeholderMap) -> None:
    row = strongest_paths(routes_map, "us", "t")[0].as_dict()
    assert row["strength"] == pytest.approx(0.45)
    assert [(s["id"], s["tie_kind"]) for s in row["steps"]] == [("us", None), ("a", "partners_with"), ("t", "dialogue")]
    assert row["brokers"] == [{"id": "a", "name": "Alpha Chamber"}]


# --- agreement with networkx ----------------------------------------------------------


def random_map(seed: int, nodes: int = 10, density: float = 0.3) -> tuple[StakeholderMap, nx.DiGraph]:
    """A seeded random directed map and the same graph weighted by -ln(strength), built independently."""
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(nodes, density, seed=seed, directed=True)
    reference = nx.DiGraph()
    reference.add_nodes_from(f"n{i}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.05, 1.0)
        ties.append(tie(f"n{u}", f"n{v}", strength))
        reference.add_edge(f"n{u}", f"n{v}", weight=-math.log(strength))
    actors = [Actor(f"n{i}", f"Actor {i}", "business") for i in skeleton]
    return StakeholderMap(actors, ties), reference


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_k_strongest_paths_equal_networkx_shortest_simple_paths(seed: int) -> None:
    smap, reference = random_map(seed)
    compared = 0
    for source, target in itertools.permutations(["n0", "n1", "n2", "n3"], 2):
        if not nx.has_path(reference, source, target):
            assert strongest_paths(smap, source, target) == []
            continue
        expected = list(itertools.islice(nx.shortest_simple_paths(reference, source, target, weight="weight"), 5))
        found = strongest_paths(smap, source, target, PathQuery(k=5))
        assert [list(p.actor_ids) for p in found] == expected
        assert [p.strength for p in found] == pytest.approx(
            [math.exp(-nx.path_weight(reference, nodes, "weight")) for nodes in expected]
        )
        compared += 1
    assert compared > 0


@pytest.mark.parametrize("seed", [6, 7])
def test_hop_cap_keeps_the_strongest_paths_within_the_cap(seed: int) -> None:
    smap, reference = random_map(seed, nodes=9, density=0.4)
    for source, target in itertools.permutations(["n0", "n1", "n2"], 2):
        every = nx.shortest_simple_paths(reference, source, target, weight="weight")
        short = (nodes for nodes in every if len(nodes) - 1 <= 2)
        expected = list(itertools.islice(short, 3)) if nx.has_path(reference, source, target) else []
        found = strongest_paths(smap, source, target, PathQuery(k=3, max_hops=2))
        assert [list(p.actor_ids) for p in found] == expected


# --- correct answers where many routes are equally strong ----------------------------------


def networkx_strengths(
    graph: nx.DiGraph, source: str, target: str, k: int, avoid: frozenset[str] = frozenset()
) -> list[float]:
    """The strengths of networkx's first k routes (`shortest_simple_paths` by distance), the reference."""
    return [
        math.exp(-nx.path_weight(graph, nodes, "distance"))
        for nodes in networkx_routes(graph, source, target, k, avoid)
    ]


def assert_sound(
    found: list[InfluencePath], network: InfluenceNetwork, source: str, target: str, avoid: frozenset[str] = frozenset()
) -> None:
    """Each route runs source -> target over the network's edges, visits no actor twice and avoids `avoid`;
    routes are distinct and strongest first, equal strengths by fewer hops, then by ids."""
    for path in found:
        assert path.actor_ids[0] == source and path.actor_ids[-1] == target
        assert len(set(path.actor_ids)) == len(path.actor_ids), "simple"
        assert not set(path.brokers) & avoid
        assert [s.tie_strength for s in path.steps] == [
            network.edge(u, v).strength for u, v in itertools.pairwise(path.actor_ids)
        ]
    assert len({p.actor_ids for p in found}) == len(found)
    keys = [(-round(p.strength, 12), p.hops, p.actor_ids) for p in found]
    assert keys == sorted(keys)


def tied_queries(smap: StakeholderMap, avoided: list[str]) -> list[tuple[PathQuery, frozenset[str]]]:
    """Queries and the actors each one keeps off the route (the endpoints are never kept off)."""
    media = frozenset(a.id for a in smap.actors if a.kind == "media")
    return [
        (PathQuery(k=5), frozenset()),
        (PathQuery(k=5, avoid=frozenset(avoided)), frozenset(avoided)),
        (PathQuery(k=5, avoid_kinds=frozenset({"media"})), media),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_k_strongest_paths_on_tied_maps_have_networkx_strengths(seed: int) -> None:
    """For k=1 and k=5, the strengths are networkx's, whichever of several equally strong routes is shown."""
    smap = tied_map(seed)
    network = influence_network(smap)
    rng = random.Random(seed)
    met_ties = 0
    for _ in range(20):
        source, target, *avoided = (a.id for a in rng.sample(smap.actors, 5))
        for query, kept_off in tied_queries(smap, avoided):
            kept_off = kept_off - {source, target}
            expected = networkx_strengths(network.graph, source, target, 5, kept_off)
            for k in (1, 5):
                found = strongest_paths(smap, source, target, replace(query, k=k), network)
                assert [p.strength for p in found] == pytest.approx(expected[:k], rel=1e-9)
                assert_sound(found, network, source, target, kept_off)
            met_ties += equally_long_neighbours(
                network.graph, networkx_routes(network.graph, source, target, 5, kept_off)
            )
    assert met_ties > 0


def networkx_independent_strengths(graph: nx.DiGraph, source: str, target: str, k: int) -> list[float]:
    """Independent routes greedily, each the strongest once earlier intermediaries are removed: their strengths.

    Which of two equally strong routes is taken first can change what is left for
    the next, so the reference is only the first route's strength and the count.
    """
    routes: list[list[str]] = []
    removed: set[str] = set()
    while len(routes) < k:
        direct = [(source, target)] if any(len(r) == 2 for r in routes) else []
        first = networkx_routes(graph, source, target, 1, removed, direct)
        if not first:
            break
        routes.append(first[0])
        removed |= set(first[0][1:-1])
    return [math.exp(-nx.path_weight(graph, r, "distance")) for r in routes]


@pytest.mark.parametrize("seed", range(4))
def test_independent_routes_on_tied_maps_share_no_intermediary(seed: int) -> None:
    smap = tied_map(seed)
    network = influence_network(smap)
    rng = random.Random(seed)
    for _ in range(20):
        source, target = (a.id for a in rng.sample(smap.actors, 2))
        found = strongest_paths(smap, source, target, PathQuery(k=4, independent=True), network)
        reference = networkx_independent_strengths(network.graph, source, target, 4)
        assert bool(found) == bool(reference)
        if found:
            assert found[0].strength == pytest.approx(reference[0], rel=1e-9)
        assert_sound(found, network, source, target)
        for first, second in itertools.combinations(found, 2):
            assert not set(first.brokers) & set(second.brokers)
        assert sum(p.hops == 1 for p in found) <= 1, "the direct tie is used once"


@pytest.mark.parametrize("seed", range(3))
def test_hop_cap_on_tied_maps_keeps_the_strongest_routes_within_the_cap(seed: int) -> None:
    """Short routes are rare here, so the search has to look past hundreds of longer ones."""
    smap = tied_map(seed, actors=16, ties=40)
    network = influence_network(smap)
    rng = random.Random(seed)
    for _ in range(6):
        source, target = (a.id for a in rng.sample(smap.actors, 2))
        every = networkx_routes(network.graph, source, target, MAX_CANDIDATES)
        expected = [math.exp(-nx.path_weight(network.graph, r, "distance")) for r in every if len(r) - 1 <= 3][:3]
        found = strongest_paths(smap, source, target, PathQuery(k=3, max_hops=3), network)
        assert [p.strength for p in found] == pytest.approx(expected, rel=1e-9)
        assert all(p.hops <= 3 for p in found)
        assert_sound(found, network, source, target)


@pytest.mark.parametrize("scenario", [None, "civil_society_and_faith_lose_standing"])
def test_k_strongest_paths_on_the_kenya_sample_have_networkx_strengths(
    kenya_map: StakeholderMap, scenario: str
) -> None:
    """A real map: half its ties are 0.5 or 0.4, so equally strong routes are everywhere."""
    options = PRESET_SCENARIOS[scenario].apply(kenya_map) if scenario else InfluenceOptions()
    network = influence_network(kenya_map, options)
    rng = random.Random(2008)
    met_ties = 0
    for source, target in (rng.sample(network.actors, 2) for _ in range(120)):
        expected = networkx_strengths(network.graph, source, target, 5)
        found = strongest_paths(kenya_map, source, target, PathQuery(k=5, influence=options), network)
        assert [p.strength for p in found] == pytest.approx(expected, rel=1e-9)
        assert_sound(found, network, source, target)
        met_ties += equally_long_neighbours(network.graph, networkx_routes(network.graph, source, target, 5))
    assert met_ties > 0


def test_equally_strong_routes_come_fewer_hops_first_then_by_ids() -> None:
    """s -> t directly at 0.5 and s -> a -> t at 1.0 x 0.5: equally strong, the direct tie first."""
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in ("s", "b", "a", "t")],
        [tie("s", "t", 0.5), tie("s", "b", 1.0), tie("b", "t", 0.5), tie("s", "a", 1.0), tie("a", "t", 0.5)],
    )
    assert ids(strongest_paths(smap, "s", "t", PathQuery(k=3))) == [("s", "t"), ("s", "a", "t"), ("s", "b", "t")]


# --- what a route rests on: confidence, dates, periods -----------------------------------


def dated_route(first_until: PartialDate | None, second_since: PartialDate | None) -> StakeholderMap:
    actors = [Actor(i, i.upper(), "business") for i in "abc"]
    ties = [
        tie("a", "b", 0.9, "dialogue", since=PartialDate(2008, 1), until=first_until, confidence="high"),
        tie("b", "c", 0.8, "partners_with", since=second_since, confidence="low", source_ref="press, 2012"),
    ]
    return StakeholderMap(actors, ties)


def test_each_hop_carries_its_tie_s_confidence_dates_and_source() -> None:
    (path,) = strongest_paths(dated_route(PartialDate(2008, 2), PartialDate(2012)), "a", "c")
    first, second = path.steps
    assert (first.confidence, first.dates(), second.confidence, second.source_ref) == (
        "high",
        "2008-01 to 2008-02",
        "low",
        "press, 2012",
    )
    assert path.weakest_confidence == "low"
    assert path.as_dict()["steps"][2]["since"] == "2012"


@pytest.mark.parametrize(
    ("first_until", "second_since", "mixes"),
    [
        (PartialDate(2008, 2), PartialDate(2012), True),
        (PartialDate(2008, 2), PartialDate(2008, 2, 29), False),  # the last day of the first is the first of the second
        (None, PartialDate(2012), False),  # the first tie never ended
        (PartialDate(2008, 2), None, False),  # the second tie has no start
    ],
)
def test_a_route_whose_ties_were_never_in_force_together_says_so(
    first_until: PartialDate | None, second_since: PartialDate | None, mixes: bool
) -> None:
    (path,) = strongest_paths(dated_route(first_until, second_since), "a", "c")
    note = path.period_note()
    assert bool(note) is mixes
    if mixes:
        assert note.startswith("mixes periods: A --dialogue--> B (2008-01 to 2008-02) and B --partners with--> C")
        assert path.as_dict()["mixes_periods"] == note
