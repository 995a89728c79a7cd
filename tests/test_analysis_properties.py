"""Properties of the scores on small random maps (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.analysis.brokerage import brokerage
from mapping.analysis.coalitions import find_coalitions
from mapping.analysis.influence import InfluenceOptions, influence_network
from mapping.analysis.paths import PathQuery, strongest_paths
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.analysis.reach import accessibility
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.values import PartialDate

FAST = settings(max_examples=50, deadline=None)
KINDS = ("business", "association", "government", "political", "civil_society")


@st.composite
def small_maps(draw: st.DrawFn) -> StakeholderMap:
    """Two to six actors and up to a dozen ties, positive or negative, directed or mutual."""
    count = draw(st.integers(min_value=2, max_value=6))
    ids = [f"a{i}" for i in range(count)]
    actors = [
        Actor(i, f"Actor {i}", draw(st.sampled_from(KINDS)), influence=draw(st.none() | st.integers(0, 5))) for i in ids
    ]
    ties = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        source, target = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        strength = draw(st.floats(min_value=0.01, max_value=1.0))
        positive = draw(st.booleans()) or draw(st.booleans())
        kind = draw(st.sampled_from(["influences", "member_of", "dialogue"])) if positive else "opposes"
        direction = draw(st.sampled_from(["directed", "mutual"]))
        ties.append(Relationship(source, target, kind, strength, direction, "+" if positive else "-"))
    return StakeholderMap(actors, ties)


def positive_strengths(smap: StakeholderMap, u: str, v: str) -> set[float]:
    """Strengths of the positive ties that let u move v."""
    return {
        r.strength
        for r in smap.relationships
        if r.is_positive and ((r.source, r.target) == (u, v) or (r.is_mutual and (r.target, r.source) == (u, v)))
    }


@FAST
@given(small_maps())
def test_path_strength_is_in_unit_interval_and_never_increases_with_a_hop(smap: StakeholderMap) -> None:
    ids = [a.id for a in smap.actors]
    for source, target in itertools.permutations(ids[:3], 2):
        paths = strongest_paths(smap, source, target, PathQuery(k=3))
        strengths = [p.strength for p in paths]
        assert strengths == sorted(strengths, reverse=True)
        for path in paths:
            assert 0 <= path.strength <= 1
            prefix = 1.0
            for (u, v), step in zip(itertools.pairwise(path.actor_ids), path.steps, strict=True):
                # Each hop is the strongest positive tie from u to v; a prefix is never weaker than the path.
                assert step.tie_strength == max(positive_strengths(smap, u, v))
                assert prefix * step.tie_strength <= prefix
                prefix *= step.tie_strength
            assert prefix == pytest.approx(path.strength)
            assert len(set(path.actor_ids)) == len(path.actor_ids)


@FAST
@given(small_maps())
def test_removing_an_actor_never_raises_anyone_elses_accessibility(smap: StakeholderMap) -> None:
    us = smap.actors[0].id
    before = accessibility(influence_network(smap), [us])
    for removed in [a.id for a in smap.actors[1:]]:
        after = accessibility(influence_network(smap, InfluenceOptions(removed_actors=frozenset({removed}))), [us])
        assert removed not in after
        for actor, value in after.items():
            assert value <= before[actor] + 1e-12


@FAST
@given(small_maps(), st.randoms(use_true_random=False))
def test_scores_are_invariant_to_the_order_of_input_rows(smap: StakeholderMap, rng: random.Random) -> None:
    actors, ties = list(smap.actors), list(smap.explicit_relationships)
    rng.shuffle(actors)
    rng.shuffle(ties)
    reordered = StakeholderMap(actors, ties)
    query = RankingQuery(us=(smap.actors[0].id,))
    base, again = rank_actors(smap, query), rank_actors(reordered, query)
    assert [row.id for row in again.actors] == [row.id for row in base.actors]
    assert [row.score for row in again.actors] == pytest.approx([row.score for row in base.actors], abs=1e-12)


@FAST
@given(small_maps())
def test_every_component_and_score_lies_in_zero_to_one(smap: StakeholderMap) -> None:
    ranking = rank_actors(smap, RankingQuery(us=(smap.actors[0].id,)))
    for row in ranking.actors:
        assert 0 <= row.score <= 1 + 1e-12
        assert all(0 <= value <= 1 + 1e-12 for value in row.components.values())
    assert all(0 <= value <= 1 for value in brokerage(influence_network(smap), smap).values())


LATER = PartialDate(2020)
AS_OF = dt.date(2010, 6, 1)


def with_later_additions(smap: StakeholderMap) -> StakeholderMap:
    """The map plus what did not exist on `AS_OF`: an actor founded later with strong ties to everyone, and
    strong ties between the first actors that began later or had ended before."""
    first, second = smap.actors[0].id, smap.actors[1].id
    late = Actor("late", "Founded later", "association", influence=5, active_from=LATER)
    ties = [Relationship("late", a.id, "partners_with", 1.0, "mutual") for a in smap.actors]
    ties += [
        Relationship(first, second, "influences", 1.0, "mutual", since=LATER),
        Relationship(second, first, "funds", 1.0, until=PartialDate(2009)),
        Relationship(first, second, "opposes", 1.0, sign="-", since=LATER),
    ]
    return StakeholderMap([*smap.actors, late], [*smap.explicit_relationships, *ties])


@FAST
@given(small_maps())
def test_an_actor_or_tie_outside_the_date_never_changes_any_answer(smap: StakeholderMap) -> None:
    extended = with_later_additions(smap)
    options = InfluenceOptions(as_of=AS_OF)
    query = RankingQuery(us=(smap.actors[0].id,), influence=options)
    base, again = rank_actors(smap, query), rank_actors(extended, query)
    assert [(row.id, row.score, row.reason) for row in again.actors] == [
        (row.id, row.score, row.reason) for row in base.actors
    ]
    assert again.decision_makers == base.decision_makers and again.not_connected == base.not_connected
    assert brokerage(influence_network(extended, options), extended) == brokerage(
        influence_network(smap, options), smap
    )
    last = smap.actors[-1].id
    assert [p.steps for p in strongest_paths(extended, smap.actors[0].id, last, PathQuery(k=3, influence=options))] == [
        p.steps for p in strongest_paths(smap, smap.actors[0].id, last, PathQuery(k=3, influence=options))
    ]
    assert find_coalitions(extended, options, runs=3) == find_coalitions(smap, options, runs=3)


@FAST
@given(small_maps())
def test_removing_an_actor_on_no_route_never_changes_the_others_brokerage(smap: StakeholderMap) -> None:
    """An actor tied to the others only by opposition carries no route and ends none."""
    loner = Actor("loner", "Opposed to all", "political", influence=5)
    opposition = [Relationship("loner", a.id, "opposes", 0.9, sign="-") for a in smap.actors]
    with_loner = StakeholderMap([*smap.actors, loner], [*smap.explicit_relationships, *opposition])
    shares = brokerage(influence_network(with_loner), with_loner)
    without = brokerage(
        influence_network(with_loner, InfluenceOptions(removed_actors=frozenset({"loner"}))), with_loner
    )
    assert shares.pop("loner") == 0
    assert shares == pytest.approx(without, abs=1e-12)
