"""The positive influence graph: which ties carry influence, in which direction, and how strongly."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import networkx as nx
import pytest

from mapping.analysis.influence import (
    CONFIDENCE_FACTORS,
    MIN_DISTANCE,
    InfluenceNetwork,
    InfluenceOptions,
    counted_relationships,
    distance_of,
    influence_network,
    kept_actors,
    strength_of,
)
from mapping.load import LoadResult
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.values import PartialDate


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


def two_actor_map(*ties: Relationship, sources: tuple[str, str] = ("report", "report")) -> StakeholderMap:
    actors = [Actor("a", "A", "business", source=sources[0]), Actor("b", "B", "association", source=sources[1])]
    return StakeholderMap(actors, ties)


def influence_graph(smap: StakeholderMap, options: InfluenceOptions | None = None) -> nx.DiGraph:
    """The network as networkx sees it, to read its edges with networkx's own accessors."""
    return influence_network(smap, options or InfluenceOptions()).graph


def edge(smap: StakeholderMap, u: str, v: str, options: InfluenceOptions | None = None) -> dict | None:
    return influence_graph(smap, options).get_edge_data(u, v)


def test_distance_is_minus_log_and_adding_distances_multiplies_strengths() -> None:
    assert distance_of(1.0) == 0.0
    assert strength_of(distance_of(0.9) + distance_of(0.5)) == pytest.approx(0.45)
    assert strength_of(distance_of(0.3)) == pytest.approx(0.3)


def test_a_directed_tie_runs_from_source_to_target_only() -> None:
    smap = two_actor_map(tie("a", "b", 0.7))
    assert edge(smap, "a", "b")["strength"] == 0.7
    assert edge(smap, "b", "a") is None


def test_a_mutual_tie_walks_both_ways_with_the_same_strength() -> None:
    smap = two_actor_map(tie("a", "b", 0.6, "dialogue", direction="mutual"))
    assert edge(smap, "a", "b")["strength"] == edge(smap, "b", "a")["strength"] == 0.6


@pytest.mark.parametrize("kind", ["opposes", "rivals", "influences"])
def test_negative_ties_carry_no_influence(kind: str) -> None:
    smap = two_actor_map(tie("a", "b", 0.9, kind, sign="-", direction="mutual"))
    graph = influence_graph(smap)
    assert graph.number_of_edges() == 0
    assert set(graph) == {"a", "b"}
    assert counted_relationships(smap, InfluenceOptions()) == ()


def test_the_strongest_of_several_ties_on_one_ordered_pair_counts() -> None:
    smap = two_actor_map(
        tie("a", "b", 0.5, "member_of", direction="mutual"),
        tie("a", "b", 0.8, "influences"),
        tie("a", "b", 0.3, "funds"),
    )
    forward, backward = edge(smap, "a", "b"), edge(smap, "b", "a")
    assert (forward["strength"], forward["kind"], forward["index"]) == (0.8, "influences", 1)
    assert forward["distance"] == pytest.approx(-math.log(0.8))
    # Only the mutual membership runs back.
    assert (backward["strength"], backward["kind"]) == (0.5, "member_of")


def test_a_stronger_negative_tie_does_not_hide_a_weaker_positive_one() -> None:
    smap = two_actor_map(tie("a", "b", 0.9, "opposes", sign="-"), tie("a", "b", 0.2))
    assert edge(smap, "a", "b")["strength"] == 0.2


def test_every_strength_lies_in_zero_to_one() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in "abcd"],
        [tie("a", "b", 1.0), tie("b", "c", 0.01), tie("c", "d", 0.5, "dialogue", direction="mutual")],
    )
    strengths = [data["strength"] for _, _, data in influence_graph(smap).edges(data=True)]
    assert strengths and all(0 < s <= 1 for s in strengths)
    assert all(data["distance"] >= 0 for _, _, data in influence_graph(smap).edges(data=True))


def test_confidence_factors_are_the_documented_ones() -> None:
    assert CONFIDENCE_FACTORS == {"high": 1.0, "medium": 0.7, "low": 0.4}


@pytest.mark.parametrize(("confidence", "expected"), [("high", 0.5), ("medium", 0.35), ("low", 0.2)])
def test_confidence_weighting_multiplies_strength(confidence: str, expected: float) -> None:
    smap = two_actor_map(tie("a", "b", 0.5, confidence=confidence))
    assert edge(smap, "a", "b")["strength"] == 0.5
    assert edge(smap, "a", "b", InfluenceOptions(weight_by_confidence=True))["strength"] == pytest.approx(expected)


def test_confidence_weighting_can_change_which_tie_is_strongest() -> None:
    smap = two_actor_map(tie("a", "b", 0.6, confidence="low"), tie("a", "b", 0.5, "funds", confidence="high"))
    assert edge(smap, "a", "b")["kind"] == "influences"
    assert edge(smap, "a", "b", InfluenceOptions(weight_by_confidence=True))["kind"] == "funds"


def test_skip_low_confidence_drops_low_ties_only() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in "abc"],
        [tie("a", "b", 0.5, confidence="low"), tie("b", "c", 0.5, confidence="medium")],
    )
    graph = influence_graph(smap, InfluenceOptions(skip_low_confidence=True))
    assert list(graph.edges) == [("b", "c")]
    assert set(graph) == {"a", "b", "c"}


def test_verified_only_drops_low_ties_and_actors_without_a_source() -> None:
    actors = [
        Actor("a", "A", "business", source="annual report"),
        Actor("b", "B", "business", source="  "),
        Actor("c", "C", "business", source="press"),
        Actor("d", "D", "business", source="press"),
    ]
    ties = [
        tie("a", "b", 0.5, confidence="high"),
        tie("a", "c", 0.5, confidence="low"),
        tie("a", "d", 0.5, confidence="medium"),
    ]
    smap = StakeholderMap(actors, ties)
    options = InfluenceOptions(verified_only=True)
    assert kept_actors(smap, options) == {"a", "c", "d"}
    assert list(influence_graph(smap, options).edges) == [("a", "d")]


def dated_map() -> StakeholderMap:
    return StakeholderMap(
        [Actor(i, i.upper(), "business") for i in "abcd"],
        [
            tie("a", "b", 0.5, since=PartialDate(2008, 1, 18)),
            tie("a", "c", 0.5, until=PartialDate(2008, 2)),
            tie("a", "d", 0.5, since=PartialDate(2008), until=PartialDate(2008)),
        ],
    )


@pytest.mark.parametrize(
    ("day", "reached"),
    [
        (dt.date(2007, 12, 31), {"c"}),
        (dt.date(2008, 1, 1), {"c", "d"}),
        (dt.date(2008, 1, 18), {"b", "c", "d"}),
        (dt.date(2008, 2, 29), {"b", "c", "d"}),
        (dt.date(2008, 3, 1), {"b", "d"}),
        (dt.date(2008, 12, 31), {"b", "d"}),
        (dt.date(2009, 1, 1), {"b"}),
        (None, {"b", "c", "d"}),
    ],
)
def test_as_of_keeps_ties_active_from_the_first_day_of_since_to_the_last_of_until(
    day: dt.date | None, reached: set[str]
) -> None:
    graph = influence_graph(dated_map(), InfluenceOptions(as_of=day))
    assert set(graph.successors("a")) == reached


def test_removed_actors_and_kinds_leave_the_graph_with_their_ties() -> None:
    smap = StakeholderMap(
        [Actor("a", "A", "business"), Actor("b", "B", "faith"), Actor("c", "C", "business")],
        [tie("a", "b", 0.5), tie("b", "c", 0.5), tie("a", "c", 0.2)],
    )
    assert list(influence_graph(smap, InfluenceOptions(removed_kinds=frozenset({"faith"}))).edges) == [("a", "c")]
    without_c = influence_graph(smap, InfluenceOptions(removed_actors=frozenset({"c"})))
    assert set(without_c) == {"a", "b"}
    assert list(without_c.edges) == [("a", "b")]


def test_removed_ties_are_taken_off_by_index() -> None:
    smap = two_actor_map(tie("a", "b", 0.8), tie("a", "b", 0.3, "funds"))
    assert edge(smap, "a", "b", InfluenceOptions(removed_ties=frozenset({0})))["strength"] == 0.3


def test_weakening_multiplies_by_each_weakened_endpoint() -> None:
    smap = StakeholderMap(
        [Actor(i, i.upper(), "business") for i in "abc"],
        [tie("a", "b", 0.8), tie("b", "c", 0.5)],
    )
    options = InfluenceOptions(weakened=(("a", 0.5), ("b", 0.5)))
    graph = influence_graph(smap, options)
    assert graph["a"]["b"]["strength"] == pytest.approx(0.8 * 0.5 * 0.5)
    assert graph["b"]["c"]["strength"] == pytest.approx(0.25)


def test_implied_parent_ties_carry_influence() -> None:
    smap = StakeholderMap(
        [Actor("org", "Org", "business"), Actor("ceo", "CEO", "person", parent="org", seniority="top")], []
    )
    graph = influence_graph(smap)
    assert graph["ceo"]["org"]["kind"] == graph["org"]["ceo"]["kind"] == "leads"


def test_the_networkx_graph_is_frozen_and_its_copy_is_the_caller_s() -> None:
    graph = influence_graph(two_actor_map(tie("a", "b", 0.5)))
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        graph.add_edge("b", "a")
    copy = graph.copy()
    copy.add_edge("b", "a")
    assert not graph.has_edge("b", "a")


def test_the_three_forms_of_the_network_hold_the_same_edges(kenya_map: StakeholderMap) -> None:
    network = influence_network(kenya_map, InfluenceOptions(weight_by_confidence=True))
    from_networkx = sorted((u, v, d["distance"]) for u, v, d in network.graph.edges(data=True))
    ig = network.igraph
    from_igraph = sorted((network.actors[e.source], network.actors[e.target], e["distance"]) for e in ig.es)
    matrix = network.forward.tocoo()
    from_matrix = sorted(
        (network.actors[u], network.actors[v], d) for u, v, d in zip(matrix.row, matrix.col, matrix.data, strict=True)
    )
    assert from_networkx == from_igraph == from_matrix
    assert len(from_networkx) == network.edge_count > 0
    assert ig.vcount() == len(network.graph) == len(network)


def test_a_tie_of_strength_one_is_a_tiny_positive_distance_in_the_algorithms() -> None:
    network = influence_network(two_actor_map(tie("a", "b", 1.0)))
    assert network.edge("a", "b").strength == 1.0
    assert network.distances.tolist() == [MIN_DISTANCE]
    assert network.forward.nnz == 1, "a sparse matrix would drop a zero distance and lose the tie"


def test_the_network_does_not_depend_on_the_order_of_the_rows() -> None:
    actors = [Actor(i, i.upper(), "business") for i in "abc"]
    ties = [tie("a", "c", 0.2), tie("c", "b", 0.5), tie("a", "b", 0.5, "dialogue", direction="mutual")]
    forward = influence_network(StakeholderMap(actors, ties))
    backward = influence_network(StakeholderMap(actors[::-1], ties[::-1]))
    assert forward.actors == backward.actors == ("a", "b", "c")
    edges = [
        (network.actors[u], network.actors[v])
        for network in (forward, backward)
        for u, v in zip(network.sources, network.targets, strict=True)
    ]
    assert edges[:4] == edges[4:] == [("a", "b"), ("a", "c"), ("b", "a"), ("c", "b")]


def test_equally_strong_ties_on_one_pair_keep_the_first_written() -> None:
    smap = two_actor_map(tie("a", "b", 0.5, "funds"), tie("a", "b", 0.5, "dialogue"))
    assert influence_network(smap).edge("a", "b") == (0.5, "funds", 0)


def test_a_network_built_by_hand_reads_like_one_built_from_a_map() -> None:
    network = InfluenceNetwork.from_edges(
        ["b", "a", "c"], [("b", "c", 0.4, "funds", 7), ("a", "b", 0.9, "dialogue", 3)]
    )
    assert network.actors == ("a", "b", "c")
    assert network.edge("a", "b") == (0.9, "dialogue", 3)
    assert network.edge("c", "b") is None
    assert network.predecessors("c") == ["b"]
    assert "a" in network and "z" not in network


# --- influence in each direction: the contract's rule, through loading, into the network ---------

# A row's kind, strength, direction and strength_back as written -> (a -> b, b -> a) in the network (None: no edge).
DIRECTION_RULE = {
    # 1. strength_back written: it holds, whatever the direction or the kind says.
    "written back on a two-way kind": (("member_of", "0.6", "", "0.1"), (0.6, 0.1)),
    "written back on a one-way kind": (("regulates", "0.6", "", "0.2"), (0.6, 0.2)),
    "written back of zero on a two-way kind": (("dialogue", "0.5", "", "0"), (0.5, None)),
    "written back beside mutual": (("mediates", "0.6", "mutual", "0.2"), (0.6, 0.2)),
    # 2. direction written: mutual is the same strength back, directed is none.
    "written mutual on a two-way kind": (("member_of", "0.6", "mutual", ""), (0.6, 0.6)),
    "written mutual on a one-way kind": (("funds", "0.5", "mutual", ""), (0.5, 0.5)),
    "written directed on a two-way kind": (("dialogue", "0.5", "directed", ""), (0.5, None)),
    "written directed, blank strength": (("leads", "", "directed", ""), (0.9, None)),
    # 3. both blank: the kind's default, min(1, strength x back ratio).
    "blank, one-way regulates": (("regulates", "", "", ""), (0.6, None)),
    "blank, one-way oversees": (("oversees", "", "", ""), (0.5, None)),
    "blank, one-way advises": (("advises", "", "", ""), (0.4, None)),
    "blank, one-way influences": (("influences", "", "", ""), (0.5, None)),
    "blank member_of": (("member_of", "", "", ""), (0.4, 0.6)),
    "blank leads": (("leads", "", "", ""), (0.9, 0.45)),
    "blank employs": (("employs", "", "", ""), (0.5, 0.15)),
    "blank part_of": (("part_of", "", "", ""), (0.4, 0.7)),
    "blank owns": (("owns", "", "", ""), (0.8, 0.2)),
    "blank supplies": (("supplies", "", "", ""), (0.3, 0.3)),
    "blank funds": (("funds", "", "", ""), (0.6, 0.15)),
    "blank dialogue": (("dialogue", "", "", ""), (0.4, 0.4)),
    "blank partners_with": (("partners_with", "", "", ""), (0.5, 0.5)),
    "blank mediates": (("mediates", "", "", ""), (0.6, 0.6)),
    "blank direction, written strength": (("member_of", "0.2", "", ""), (0.2, 0.3)),
    "blank direction, back capped at 1": (("part_of", "0.8", "", ""), (0.8, 1.0)),
    "blank, negative rivals": (("rivals", "", "", ""), (None, None)),
}
_DIRECTION_ACTORS = "id,name,kind\na,A,business\nb,B,association\n"


@pytest.mark.parametrize(("row", "edges"), DIRECTION_RULE.values(), ids=DIRECTION_RULE.keys())
def test_each_written_row_gives_the_influence_back_the_rule_says(
    load_text: Callable[..., LoadResult], row: tuple[str, str, str, str], edges: tuple[float | None, float | None]
) -> None:
    kind, strength, direction, back = row
    ties = f"source,target,kind,strength,direction,strength_back\na,b,{kind},{strength},{direction},{back}\n"
    result = load_text(_DIRECTION_ACTORS, ties)
    assert result.map is not None, result.errors
    network = influence_network(result.map)
    found = tuple(None if e is None else e.strength for e in (network.edge("a", "b"), network.edge("b", "a")))
    assert found == pytest.approx(edges)
    [tie] = result.map.relationships
    assert tie.strength_back == pytest.approx(edges[1] or 0.0) or tie.sign == "-"
    assert tie.is_mutual == (tie.strength_back > 0)


def test_the_back_strength_is_weighted_by_confidence_and_weakened_like_the_strength() -> None:
    smap = two_actor_map(tie("a", "b", 0.4, "member_of", strength_back=0.6, confidence="low"))
    weighted = InfluenceOptions(weight_by_confidence=True)
    assert edge(smap, "a", "b", weighted)["strength"] == pytest.approx(0.4 * 0.4)
    assert edge(smap, "b", "a", weighted)["strength"] == pytest.approx(0.6 * 0.4)
    weakened = InfluenceOptions(weakened=(("a", 0.5),))
    assert edge(smap, "b", "a", weakened)["strength"] == pytest.approx(0.3)
    capped = two_actor_map(tie("a", "b", 0.4, "part_of", strength_back=0.9))
    assert edge(capped, "b", "a", InfluenceOptions(weakened=(("a", 2.0),)))["strength"] == 1.0


def test_the_back_edge_names_the_tie_that_gives_it_and_the_strongest_back_wins() -> None:
    smap = two_actor_map(
        tie("a", "b", 0.9, "member_of", strength_back=0.2),
        tie("b", "a", 0.3, "dialogue", direction="directed"),
        tie("a", "b", 0.4, "funds", strength_back=0.5),
    )
    assert edge(smap, "b", "a")["strength"] == 0.5
    assert (edge(smap, "b", "a")["kind"], edge(smap, "b", "a")["index"]) == ("funds", 2)


def test_implied_parent_ties_take_their_kind_s_strength_each_way() -> None:
    smap = StakeholderMap(
        [
            Actor("org", "Org", "business"),
            Actor("ceo", "CEO", "person", parent="org", seniority="top"),
            Actor("officer", "CSR officer", "person", parent="org", seniority="csr"),
            Actor("desk", "Peace desk", "business", parent="org"),
        ],
        [],
    )
    graph = influence_graph(smap)
    assert (graph["ceo"]["org"]["strength"], graph["org"]["ceo"]["strength"]) == (0.9, 0.45)
    assert (graph["org"]["officer"]["strength"], graph["officer"]["org"]["strength"]) == (0.5, 0.15)
    assert (graph["desk"]["org"]["strength"], graph["org"]["desk"]["strength"]) == (0.4, 0.7)


# --- actors in time ------------------------------------------------------------------------------


def founded_map() -> StakeholderMap:
    """a always there; a campaign founded 30 Jan 2012; a commission from May 2008 to Oct 2008; ties to both."""
    return StakeholderMap(
        [
            Actor("a", "A", "association"),
            Actor("campaign", "Campaign", "prevention_network", active_from=PartialDate(2012, 1, 30)),
            Actor(
                "inquiry", "Inquiry", "government", active_from=PartialDate(2008, 5), active_until=PartialDate(2008, 10)
            ),
            Actor("b", "B", "business"),
        ],
        [
            tie("a", "campaign", 0.5, "partners_with", direction="mutual"),  # undated: the actor's dates decide
            tie("campaign", "b", 0.5),
            tie("inquiry", "b", 0.5, "oversees"),
            tie("a", "b", 0.2),
        ],
    )


@pytest.mark.parametrize(
    ("day", "actors", "edges"),
    [
        (dt.date(2008, 2, 1), {"a", "b"}, {("a", "b")}),
        (dt.date(2008, 5, 1), {"a", "b", "inquiry"}, {("a", "b"), ("inquiry", "b")}),
        (dt.date(2008, 10, 31), {"a", "b", "inquiry"}, {("a", "b"), ("inquiry", "b")}),
        (dt.date(2012, 1, 29), {"a", "b"}, {("a", "b")}),
        (
            dt.date(2012, 1, 30),
            {"a", "b", "campaign"},
            {("a", "b"), ("a", "campaign"), ("campaign", "a"), ("campaign", "b")},
        ),
    ],
)
def test_as_of_leaves_out_actors_not_yet_founded_or_already_gone_and_their_ties(
    day: dt.date, actors: set[str], edges: set[tuple[str, str]]
) -> None:
    smap = founded_map()
    options = InfluenceOptions(as_of=day)
    network = influence_network(smap, options)
    assert set(network.actors) == actors == kept_actors(smap, options)
    assert set(network.graph.edges) == edges
    counted = {(c.tie.source, c.tie.target) for c in counted_relationships(smap, options)}
    assert counted == {(r.source, r.target) for r in smap.relationships if {r.source, r.target} <= actors}


def test_over_all_time_every_actor_counts_whatever_its_dates() -> None:
    assert set(influence_network(founded_map()).actors) == {"a", "b", "campaign", "inquiry"}
