"""Leaders: 0.8 x seniority factor x organisation score + 0.2 x own ties; leaders of member companies."""

from __future__ import annotations

import pytest

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.leaders import (
    ORGANISATION_SHARE,
    SENIORITY_FACTORS,
    RankedLeader,
    member_leaders,
    rank_leaders,
)
from mapping.analysis.ranking import Ranking, RankingQuery, rank_actors
from mapping.model import Actor, Relationship, StakeholderMap


def person(actor_id: str, parent: str | None, seniority: str | None) -> Actor:
    return Actor(actor_id, actor_id.replace("_", " ").title(), "person", parent=parent, seniority=seniority)


ORGANISATIONS = [
    Actor("apex", "Apex Alliance", "association", influence=5, stance="champion"),
    Actor("alpha", "Alpha Chamber", "association", influence=4, stance="supportive"),
    Actor("beta", "Beta Telecom", "business", influence=3),
    Actor("gov", "Ministry of Interior", "government"),
]
PEOPLE = [
    person("alpha_chair", "alpha", "top"),
    person("alpha_director", "alpha", "senior"),
    person("alpha_manager", "alpha", "mid"),
    person("alpha_csr", "alpha", "csr"),
    person("beta_ceo", "beta", "top"),
    person("adviser", "alpha", None),
    person("free_agent", None, None),
]
TIES = [
    Relationship("alpha", "apex", "member_of", 0.5, "mutual"),
    Relationship("beta", "alpha", "member_of", 0.5, "mutual"),
    Relationship("alpha", "gov", "influences", 0.5),
    Relationship("apex", "gov", "influences", 0.3),
]


@pytest.fixture
def smap() -> StakeholderMap:
    return StakeholderMap(ORGANISATIONS + PEOPLE, TIES)


def leaders_of(smap: StakeholderMap) -> tuple[dict[str, RankedLeader], Ranking]:
    ranking = rank_actors(smap)
    return {leader.id: leader for leader in rank_leaders(smap, ranking)}, ranking


def test_the_documented_factors() -> None:
    assert SENIORITY_FACTORS == {"top": 1.0, "senior": 0.8, "mid": 0.5, "csr": 0.3, None: 0.6}
    assert ORGANISATION_SHARE == 0.8


def test_score_is_seniority_times_organisation_score_without_outside_ties(smap: StakeholderMap) -> None:
    leaders, ranking = leaders_of(smap)
    alpha_score = ranking.by_id()["alpha"].score
    assert alpha_score > 0
    for leader_id, factor in [
        ("alpha_chair", 1.0),
        ("alpha_director", 0.8),
        ("alpha_manager", 0.5),
        ("alpha_csr", 0.3),
        ("adviser", 0.6),
    ]:
        leader = leaders[leader_id]
        assert leader.organisation_id == "alpha"
        assert leader.components == pytest.approx({"organisation": alpha_score, "seniority": factor, "own_ties": 0.0})
        assert leader.score == pytest.approx(0.8 * factor * alpha_score)


def test_top_beats_senior_beats_mid_beats_csr_in_the_same_organisation(smap: StakeholderMap) -> None:
    ranking = rank_actors(smap)
    order = [leader.id for leader in rank_leaders(smap, ranking)]
    positions = [order.index(i) for i in ("alpha_chair", "alpha_director", "alpha_manager", "alpha_csr")]
    assert positions == sorted(positions)
    assert [leader.rank for leader in rank_leaders(smap, ranking)] == list(range(1, len(PEOPLE) + 1))


def test_own_ties_outside_the_organisation_add_a_fifth() -> None:
    outside = [*TIES, Relationship("alpha_csr", "gov", "dialogue", 0.6, "mutual")]
    busy = StakeholderMap(ORGANISATIONS + PEOPLE, outside)
    leaders, ranking = leaders_of(busy)
    csr = leaders["alpha_csr"]
    assert csr.components["own_ties"] == pytest.approx(0.6)
    assert csr.score == pytest.approx(0.8 * 0.3 * ranking.by_id()["alpha"].score + 0.2 * 0.6)
    assert "CSR appointee" in csr.reason


def test_own_ties_are_capped_at_one() -> None:
    ties = [*TIES, *(Relationship("alpha_chair", o, "dialogue", 0.7) for o in ("gov", "beta", "apex"))]
    leaders, _ = leaders_of(StakeholderMap(ORGANISATIONS + PEOPLE, ties))
    assert leaders["alpha_chair"].components["own_ties"] == 1.0


def test_the_best_scoring_organisation_carries_the_person() -> None:
    ties = [*TIES, Relationship("beta_ceo", "alpha", "leads", 0.9, "mutual")]
    board = StakeholderMap(ORGANISATIONS + PEOPLE, ties)
    leaders, ranking = leaders_of(board)
    scores = ranking.by_id()
    # Beta's CEO also leads Alpha Chamber, which scores higher than the company.
    assert scores["alpha"].score > scores["beta"].score
    assert leaders["beta_ceo"].organisation_id == "alpha"
    assert leaders["beta_ceo"].components["organisation"] == pytest.approx(scores["alpha"].score)


def test_a_person_without_organisation_scores_by_own_ties_only(smap: StakeholderMap) -> None:
    leaders, _ = leaders_of(smap)
    agent = leaders["free_agent"]
    assert agent.organisation_id is None
    assert agent.score == 0.0
    assert "no organisation" in agent.reason


def test_member_leaders_lists_leaders_of_member_companies(smap: StakeholderMap) -> None:
    leaders = rank_leaders(smap, rank_actors(smap))
    assert [leader.id for leader in member_leaders(smap, "alpha", leaders)] == ["beta_ceo"]
    # The umbrella body reaches alpha's people directly and beta's through alpha; best first.
    via_apex = member_leaders(smap, "Apex Alliance", leaders)
    assert {leader.id for leader in via_apex} == {
        "alpha_chair",
        "alpha_director",
        "alpha_manager",
        "alpha_csr",
        "adviser",
        "beta_ceo",
    }
    assert [leader.score for leader in via_apex] == sorted((leader.score for leader in via_apex), reverse=True)
    assert member_leaders(smap, "beta", leaders) == []


def test_leaders_follow_the_query_options() -> None:
    ties = [*TIES, Relationship("alpha_csr", "gov", "dialogue", 0.6, "mutual", confidence="low")]
    busy = StakeholderMap(ORGANISATIONS + PEOPLE, ties)
    query = RankingQuery(influence=InfluenceOptions(skip_low_confidence=True))
    leaders = {leader.id: leader for leader in rank_leaders(busy, rank_actors(busy, query))}
    assert leaders["alpha_csr"].components["own_ties"] == 0.0
    every_tie = {leader.id: leader for leader in rank_leaders(busy, rank_actors(busy))}
    assert every_tie["alpha_csr"].components["own_ties"] > 0.0


def test_member_leaders_lists_a_member_ceo_who_also_chairs_the_association() -> None:
    smap = StakeholderMap(
        [
            Actor("assoc", "Association", "association", influence=5),
            Actor("firm", "Firm", "business", influence=3),
            Actor("ceo", "CEO, Firm", "person", parent="firm", seniority="top"),
        ],
        [
            Relationship("firm", "assoc", "member_of", 0.5, "mutual"),
            Relationship("ceo", "assoc", "leads", 0.9, "mutual"),
        ],
    )
    ranking = rank_actors(smap, RankingQuery())
    leaders = rank_leaders(smap, ranking)
    assert [leader.id for leader in member_leaders(smap, "assoc", leaders)] == ["ceo"]


def test_equal_scores_are_ordered_by_name_ignoring_case() -> None:
    actors = [Actor("x", "delta", "business"), Actor("y", "Alpha", "business"), Actor("z", "beta", "business")]
    ties = [Relationship(a.id, "gov", "dialogue", 0.5, "directed") for a in actors]
    smap = StakeholderMap([*actors, Actor("gov", "Gov", "government")], ties)
    assert [row.name for row in rank_actors(smap, RankingQuery()).actors] == ["Alpha", "beta", "delta"]
