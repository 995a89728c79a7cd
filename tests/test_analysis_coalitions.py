"""Coalitions: signed Leiden on positive and negative ties, a consensus of seeded runs, opposed actors apart."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import igraph as ig
import networkx as nx
import pytest

from mapping.analysis.coalitions import find_coalitions, undirected_strengths
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.model import Actor, Relationship, StakeholderMap


def groups(found: list) -> list[list[str]]:
    """Coalitions (or networkx communities) as sorted member lists, in a fixed order."""
    return sorted(sorted(getattr(group, "members", group)) for group in found)


def tie(source: str, target: str, strength: float, kind: str = "influences", **fields: object) -> Relationship:
    return Relationship(source, target, kind, strength, **fields)


@pytest.fixture
def two_camps() -> StakeholderMap:
    """Two tight triangles joined by one weak tie, and a rivalry that carries nothing."""
    actors = [
        Actor("p1", "Party One", "political", influence=5),
        Actor("p2", "Youth Wing One", "political", influence=2),
        Actor("p3", "Donor One", "international", influence=3),
        Actor("q1", "Party Two", "political", influence=4),
        Actor("q2", "Youth Wing Two", "political", influence=2),
        Actor("q3", "Church Two", "faith", influence=1),
        Actor("leader", "Leader of Party Two", "person", parent="q1", seniority="top", influence=5),
    ]
    ties = [
        tie("p1", "p2", 0.9, "partners_with", direction="mutual"),
        tie("p2", "p3", 0.8, "partners_with", direction="mutual"),
        tie("p3", "p1", 0.7, "funds"),
        tie("q1", "q2", 0.9, "partners_with", direction="mutual"),
        tie("q2", "q3", 0.8, "partners_with", direction="mutual"),
        tie("q3", "q1", 0.7, "dialogue", direction="mutual"),
        tie("p3", "q3", 0.2, "dialogue"),
        tie("p1", "q1", 0.9, "rivals", sign="-", direction="mutual"),
    ]
    return StakeholderMap(actors, ties)


def test_two_camps_are_two_coalitions_named_after_their_most_influential_organisation(
    two_camps: StakeholderMap,
) -> None:
    coalitions = find_coalitions(two_camps)
    assert groups(coalitions) == [["leader", "q1", "q2", "q3"], ["p1", "p2", "p3"]]
    by_member = {m: c for c in coalitions for m in c.members}
    assert by_member["p1"].name == "Party One group"
    # The person is more influential, but a coalition is named after an organisation.
    assert by_member["q1"].name == "Party Two group"
    assert by_member["q1"].kinds == {"political": 2, "faith": 1, "person": 1}


def test_coalitions_are_listed_largest_first(two_camps: StakeholderMap) -> None:
    coalitions = find_coalitions(two_camps)
    assert [len(c.members) for c in coalitions] == [4, 3]
    assert [c.index for c in coalitions] == [0, 1]


def test_bridges_are_the_positive_ties_between_coalitions(two_camps: StakeholderMap) -> None:
    coalitions = find_coalitions(two_camps)
    by_member = {m: c for c in coalitions for m in c.members}
    bridges = by_member["p3"].bridges
    assert [(b.inside, b.outside, b.strength) for b in bridges] == [("p3", "q3", 0.2)]
    assert bridges[0].outside_coalition == by_member["q3"].index
    # The bridge is seen from both sides; the rivalry is not a bridge.
    assert [(b.inside, b.outside) for b in by_member["q3"].bridges] == [("q3", "p3")]


def test_undirected_weight_is_the_stronger_direction() -> None:
    smap = StakeholderMap(
        [Actor("a", "A", "business"), Actor("b", "B", "business")], [tie("a", "b", 0.3), tie("b", "a", 0.6)]
    )
    undirected = undirected_strengths(influence_network(smap))
    assert undirected["a"]["b"]["weight"] == 0.6


def signed_random_map(seed: int, size: int = 40) -> StakeholderMap:
    """A seeded random map: directed positive ties of random strength and about one negative tie in six."""
    rng = random.Random(seed)
    skeleton = nx.gnp_random_graph(size, 0.12, seed=seed, directed=True)
    ties = [
        tie(f"n{u:02d}", f"n{v:02d}", round(rng.uniform(0.1, 1.0), 2))
        if rng.random() > 1 / 6
        else tie(f"n{u:02d}", f"n{v:02d}", round(rng.uniform(0.3, 1.0), 2), "opposes", sign="-")
        for u, v in skeleton.edges
    ]
    return StakeholderMap([Actor(f"n{i:02d}", f"N{i}", "business", influence=3) for i in skeleton], ties)


def opposed(smap: StakeholderMap) -> set[frozenset[str]]:
    return {frozenset((r.source, r.target)) for r in smap.relationships if not r.is_positive}


@pytest.mark.parametrize("seed", range(8))
def test_no_coalition_holds_two_opposed_actors_and_everyone_is_in_exactly_one(seed: int) -> None:
    smap = signed_random_map(seed)
    coalitions = find_coalitions(smap)
    members = [m for c in coalitions for m in c.members]
    assert sorted(members) == sorted(a.id for a in smap.actors)
    for coalition in coalitions:
        inside = set(coalition.members)
        assert not any(pair <= inside for pair in opposed(smap)), coalition
        assert 0.0 <= coalition.stability <= 1.0


def test_opposition_splits_what_positive_ties_alone_would_join() -> None:
    """Two parties both tied to a mediator and to each other, but opposed: not one group."""
    actors = [Actor(x, x.upper(), "political", influence=3) for x in ("a", "b", "m")]
    friendly = [tie("a", "m", 0.9, "dialogue"), tie("b", "m", 0.9, "dialogue"), tie("a", "b", 0.5, "dialogue")]
    assert groups(find_coalitions(StakeholderMap(actors, friendly))) == [["a", "b", "m"]]
    found = find_coalitions(StakeholderMap(actors, [*friendly, tie("a", "b", 0.9, "opposes", sign="-")]))
    assert not any({"a", "b"} <= set(members) for members in groups(found))


def test_a_coalition_names_the_coalitions_it_has_opponents_in(two_camps: StakeholderMap) -> None:
    by_member = {m: c for c in find_coalitions(two_camps) for m in c.members}
    assert by_member["p1"].opposes == (by_member["q1"].index,)
    assert by_member["q1"].opposes == (by_member["p1"].index,)
    # Two clear camps: every seeded run keeps each together.
    assert by_member["p1"].stability == by_member["q1"].stability == 1.0
    assert by_member["p1"].label == "Party One group · 3 actors · together in 100% of runs"


def test_karate_club_reaches_the_known_maximum_modularity() -> None:
    """Zachary's karate club: the best partition has modularity 0.4198 (Brandes et al. 2008), four groups."""
    karate = nx.karate_club_graph()
    smap = StakeholderMap(
        [Actor(f"k{n:02d}", f"K{n}", "business") for n in karate],
        [tie(f"k{u:02d}", f"k{v:02d}", 1.0, "dialogue") for u, v in karate.edges],
    )
    found = find_coalitions(smap)
    partition = [{int(m[1:]) for m in c.members} for c in found]
    assert len(found) == 4
    assert nx.community.modularity(karate, partition, weight=None) == pytest.approx(0.4198, abs=5e-4)


def test_same_map_same_coalitions_whatever_the_row_order() -> None:
    smap = signed_random_map(44)
    rng = random.Random(5)
    actors, ties = list(smap.actors), list(smap.relationships)
    rng.shuffle(actors)
    rng.shuffle(ties)
    assert groups(find_coalitions(smap)) == groups(find_coalitions(StakeholderMap(actors, ties)))
    assert find_coalitions(smap) == find_coalitions(smap)


def test_options_change_the_coalitions(two_camps: StakeholderMap) -> None:
    without_bridge = find_coalitions(two_camps, InfluenceOptions(removed_actors=frozenset({"p3"})))
    assert all("p3" not in c.members for c in without_bridge)
    assert all(c.bridges == () for c in without_bridge)


def test_progress_hears_of_every_run(two_camps: StakeholderMap) -> None:
    heard: list[tuple[int, int]] = []
    find_coalitions(two_camps, runs=5, progress=lambda done, total: heard.append((done, total)))
    assert [done for done, _ in heard[:5]] == [1, 2, 3, 4, 5]
    assert all(done <= total for done, total in heard)


ACUTE = dt.date(2008, 2, 1)
ELECTION = dt.date(2013, 2, 15)


@pytest.mark.parametrize("seed", [0, 7, 100, 2013, 5000])
def test_kenya_2008_pnu_and_odm_are_never_in_one_group(kenya_map: StakeholderMap, seed: int) -> None:
    coalitions = find_coalitions(kenya_map, InfluenceOptions(as_of=ACUTE), seed=seed)
    by_member = {m: c for c in coalitions for m in c.members}
    assert by_member["pnu"] is not by_member["odm"]
    assert by_member["president_pnu"] is not by_member["odm_leader"]
    assert by_member["odm"].index in by_member["pnu"].opposes


@pytest.mark.parametrize("as_of", [None, ACUTE, ELECTION])
def test_kenya_coalitions_hardly_move_with_the_seed(kenya_map: StakeholderMap, as_of: dt.date | None) -> None:
    """Different seeds give the same groups up to a few borderline actors (NMI >= 0.85; Louvain alone moved more)."""
    ids = [a.id for a in kenya_map.actors if a.in_force(as_of)]
    partitions = []
    for seed in (0, 100, 2013):
        group = {
            m: c.index for c in find_coalitions(kenya_map, InfluenceOptions(as_of=as_of), seed=seed) for m in c.members
        }
        partitions.append([group[i] for i in ids])
    for first, second in itertools.combinations(partitions, 2):
        assert ig.compare_communities(first, second, method="nmi") >= 0.85


def test_kenya_2008_coalitions_hold_only_actors_that_existed(kenya_map: StakeholderMap) -> None:
    members = {m for c in find_coalitions(kenya_map, InfluenceOptions(as_of=ACUTE)) for m in c.members}
    assert members == {a.id for a in kenya_map.actors if a.in_force(ACUTE)}
    assert "mkenya_daima" not in members and "jubilee" not in members
