"""Critical brokers: the drop in best strength without each intermediary, and the minimum node cut."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from mapping.analysis.critical import critical_brokers
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.model import Actor, Relationship, StakeholderMap, UnknownActorError
from tests.tied_maps import networkx_routes, tied_map


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


def make_map(ids: str, *ties: Relationship) -> StakeholderMap:
    return StakeholderMap([Actor(i, f"Actor {i.upper()}", "business") for i in ids.split()], ties)


def test_two_routes_each_broker_costs_the_difference_to_the_other() -> None:
    # us -> a -> t = 0.45, us -> b -> t = 0.36
    smap = make_map("us a b t", tie("us", "a", 0.9), tie("a", "t", 0.5), tie("us", "b", 0.6), tie("b", "t", 0.6))
    found = critical_brokers(smap, "us", "t")
    assert found.best.actor_ids == ("us", "a", "t")
    assert found.minimum_cut == ("a", "b")
    by_id = {b.id: b for b in found.brokers}
    assert by_id["a"].strength_without == pytest.approx(0.36)
    assert by_id["a"].drop == pytest.approx(0.09)
    assert by_id["b"].drop == pytest.approx(0.0)
    assert by_id["a"].next_best.actor_ids == ("us", "b", "t")
    assert not any(b.cuts_off for b in found.brokers)
    assert [b.id for b in found.brokers] == ["a", "b"]  # largest drop first
    assert all(b.in_minimum_cut for b in found.brokers)


def test_a_broker_whose_loss_disconnects_cuts_off() -> None:
    smap = make_map("us a b t", tie("us", "a", 0.9), tie("a", "t", 0.5), tie("a", "b", 0.9), tie("b", "t", 0.9))
    found = critical_brokers(smap, "us", "t")
    assert found.best.actor_ids == ("us", "a", "b", "t")
    assert found.minimum_cut == ("a",)
    by_id = {b.id: b for b in found.brokers}
    assert by_id["a"].cuts_off and by_id["a"].strength_without == 0.0
    assert by_id["a"].drop == pytest.approx(0.729)
    assert by_id["a"].next_best is None
    assert not by_id["b"].cuts_off
    assert by_id["b"].drop == pytest.approx(0.729 - 0.45)
    assert [b.id for b in found.brokers] == ["a", "b"]


def test_a_direct_tie_has_an_empty_cut_and_nobody_cuts_off() -> None:
    smap = make_map("us a t", tie("us", "a", 0.9), tie("a", "t", 0.9), tie("us", "t", 0.1))
    found = critical_brokers(smap, "us", "t")
    assert found.minimum_cut == ()
    assert [(b.id, b.cuts_off) for b in found.brokers] == [("a", False)]
    assert found.brokers[0].strength_without == pytest.approx(0.1)


def test_an_unreachable_target_has_no_route_cut_or_broker() -> None:
    smap = make_map("us a t", tie("us", "a", 0.9), tie("a", "t", 0.9, "opposes", sign="-"))
    found = critical_brokers(smap, "us", "t")
    assert (found.best, found.minimum_cut, found.brokers) == (None, (), ())


def test_options_change_the_critical_brokers() -> None:
    smap = make_map(
        "us a b t", tie("us", "a", 0.9), tie("a", "t", 0.9), tie("us", "b", 0.5), tie("b", "t", 0.5, confidence="low")
    )
    assert not any(b.cuts_off for b in critical_brokers(smap, "us", "t").brokers)
    strict = critical_brokers(smap, "us", "t", InfluenceOptions(skip_low_confidence=True))
    assert [(b.id, b.cuts_off) for b in strict.brokers] == [("a", True)]


def test_a_tie_back_from_the_target_does_not_hide_the_cut() -> None:
    # The target influences us directly, but we reach it only through a.
    smap = make_map("us a t", tie("us", "a", 0.9), tie("a", "t", 0.5), tie("t", "us", 0.7))
    found = critical_brokers(smap, "us", "t")
    assert found.minimum_cut == ("a",)
    assert found.brokers[0].in_minimum_cut and found.brokers[0].cuts_off


def test_names_resolve_and_unknown_names_raise() -> None:
    smap = make_map("us a t", tie("us", "a", 0.9), tie("a", "t", 0.9))
    assert critical_brokers(smap, "Actor US", "Actor T").brokers[0].id == "a"
    with pytest.raises(UnknownActorError, match="Actor T"):
        critical_brokers(smap, "us", "Actor Q")


@pytest.mark.parametrize("seed", [31, 32, 33, 34])
def test_minimum_cut_matches_networkx_minimum_node_cut(seed: int) -> None:
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(12, 0.25, seed=seed, directed=True)
    reference = nx.DiGraph()
    reference.add_nodes_from(f"n{i}" for i in skeleton)
    ties = []
    for u, v in skeleton.edges:
        strength = rng.uniform(0.1, 1.0)
        ties.append(tie(f"n{u}", f"n{v}", strength))
        reference.add_edge(f"n{u}", f"n{v}", weight=-math.log(strength))
    smap = StakeholderMap([Actor(f"n{i}", f"N{i}", "business") for i in skeleton], ties)
    checked = 0
    for target in ("n1", "n2", "n3", "n4"):
        if reference.has_edge("n0", target) or not nx.has_path(reference, "n0", target):
            continue
        found = critical_brokers(smap, "n0", target)
        # networkx gives no cut when t -> s is an edge; such an edge is never on a route from s to t.
        one_way = nx.restricted_view(reference, [], [(target, "n0")])
        expected = nx.minimum_node_cut(one_way, "n0", target)
        assert len(found.minimum_cut) == len(expected) > 0
        cut_off = reference.subgraph(set(reference) - set(found.minimum_cut))
        assert not nx.has_path(cut_off, "n0", target)
        checked += 1
        # Every broker's drop is the best strength minus the best strength without it.
        best = math.exp(-nx.dijkstra_path_length(reference, "n0", target))
        for broker in found.brokers:
            without = reference.subgraph(set(reference) - {broker.id})
            try:
                again = math.exp(-nx.dijkstra_path_length(without, "n0", target))
            except nx.NetworkXNoPath:
                again = 0.0
            assert broker.drop == pytest.approx(best - again)
            assert broker.cuts_off == (again == 0.0)
    assert checked > 0


def test_the_network_can_be_passed_in() -> None:
    smap = make_map("us a t", tie("us", "a", 0.9), tie("a", "t", 0.9))
    network = influence_network(smap)
    assert critical_brokers(smap, "us", "t", network=network) == critical_brokers(smap, "us", "t")


# --- correct answers where many routes are equally strong ----------------------------------


def networkx_best(graph: nx.DiGraph, source: str, target: str, without: frozenset[str] = frozenset()) -> float:
    """The strongest route's strength without some actors, from networkx (0 when none is left)."""
    routes = networkx_routes(graph, source, target, 1, without)
    return math.exp(-nx.path_weight(graph, routes[0], "distance")) if routes else 0.0


def assert_networkx_brokers(smap: StakeholderMap, graph: nx.DiGraph, source: str, target: str) -> int:
    """critical_brokers against networkx's strengths and cuts; returns how many brokers were compared.

    Which of several equally strong routes is shown may differ, so the reference is
    what cannot: the best strength, each broker's strength without it, and the cut's size.
    """
    found = critical_brokers(smap, source, target)
    best = networkx_best(graph, source, target)
    assert (found.best.strength if found.best else 0.0) == pytest.approx(best, rel=1e-9)
    for broker in found.brokers:
        assert broker.strength_without == pytest.approx(
            networkx_best(graph, source, target, frozenset({broker.id})), rel=1e-9
        )
        assert broker.drop == pytest.approx(best - broker.strength_without, abs=1e-12)
        assert broker.in_minimum_cut == (broker.id in found.minimum_cut)
    if found.minimum_cut:
        remaining = graph.subgraph(set(graph) - set(found.minimum_cut))
        assert not nx.has_path(remaining, source, target), "the cut cuts"
        view = nx.restricted_view(graph, [], [(target, source)])
        assert len(found.minimum_cut) == len(nx.minimum_node_cut(view, source, target)), "and is a smallest one"
    return len(found.brokers)


@pytest.mark.parametrize("seed", range(6))
def test_critical_brokers_on_tied_maps_have_networkx_strengths(seed: int) -> None:
    smap = tied_map(seed)
    graph = influence_network(smap).graph
    rng = random.Random(seed)
    pairs = (rng.sample(sorted(graph), 2) for _ in range(15))
    assert sum(assert_networkx_brokers(smap, graph, source, target) for source, target in pairs) > 0


def test_critical_brokers_on_the_kenya_sample_have_networkx_strengths(kenya_map: StakeholderMap) -> None:
    graph = influence_network(kenya_map).graph
    rng = random.Random(2008)
    pairs = (rng.sample(sorted(graph), 2) for _ in range(40))
    assert sum(assert_networkx_brokers(kenya_map, graph, source, target) for source, target in pairs) > 0
