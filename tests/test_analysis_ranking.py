"""The engagement score: hand-computed on a tiny map, weights, missing inputs, reasons, flags,
channels rather than targets, folded units and fixed scales.

The tiny map (all ties directed and high-confidence, so that the uncertainty of
tie strengths never changes which route is strongest):

    us --0.8--> alpha --0.5--> gov          beta --member 0.5--> alpha
    us --0.6--> gamma --0.5--> beta --0.1--> gov

Targets default to the government actor, so gov is a decision-maker, not a
channel; us is not ranked either. Ten ordered pairs are connected (us reaches 4,
alpha 1, beta 2, gamma 3, gov none). By hand:

| actor | reach (to gov)  | access (from us) | brokerage (of 10 pairs)        | convening    | align | trust |
|-------|-----------------|------------------|--------------------------------|--------------|-------|-------|
| alpha | 0.5             | 0.8              | 3: us>gov, beta>gov, gamma>gov | 0.4/(0.4+5)  | 1.0   | 1.0   |
| beta  | 0.5 x 0.5       | 0.6 x 0.5 = 0.3  | 2: gamma>alpha, gamma>gov      | 0            | 0.8   | 0.5   |
| gamma | 0.5 x 0.5 x 0.5 | 0.6              | 1: us>beta                     | 0            | (0.5) | (0.5) |

(0.5) marks an unknown value counted as neutral. No component is divided by a
maximum: each keeps its meaning from map to map.
"""

from __future__ import annotations

import pytest

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.ranking import COMPONENTS, CONVENING_HALF, DEFAULT_WEIGHTS, RankingQuery, rank_actors
from mapping.analysis.scenarios import Scenario
from mapping.model import Actor, Relationship, StakeholderMap, UnknownActorError

TINY_ACTORS = [
    Actor("us", "Our Network", "prevention_network", source="own"),
    Actor("gov", "Ministry of Interior", "government", stance="sceptical", integrity=2, neutrality=2, source="gazette"),
    Actor(
        "alpha",
        "Alpha Chamber",
        "association",
        influence=4,
        stance="champion",
        integrity=5,
        neutrality=5,
        source="report",
    ),
    Actor("beta", "Zeta Traders", "business", influence=2, stance="supportive", integrity=3, source="report"),
    Actor("gamma", "Gamma Peace Group", "civil_society"),
]


def tie(source: str, target: str, strength: float, kind: str = "influences") -> Relationship:
    return Relationship(source, target, kind, strength, "directed", confidence="high")


TINY_TIES = [
    tie("us", "alpha", 0.8),
    tie("alpha", "gov", 0.5),
    tie("beta", "alpha", 0.5, "member_of"),
    tie("beta", "gov", 0.1),
    tie("us", "gamma", 0.6),
    tie("gamma", "beta", 0.5),
]

ALPHA_CONVENING = 0.4 / (0.4 + CONVENING_HALF)  # beta (influence 2 -> weight 0.4) is its member
EXPECTED = {
    "alpha": {
        "reach": 0.5,
        "accessibility": 0.8,
        "brokerage": 3 / 10,
        "convening": ALPHA_CONVENING,
        "alignment": 1.0,
        "trust": 1.0,
    },
    "beta": {
        "reach": 0.25,
        "accessibility": 0.3,
        "brokerage": 2 / 10,
        "convening": 0.0,
        "alignment": 0.8,
        "trust": 0.5,
    },
    "gamma": {
        "reach": 0.125,
        "accessibility": 0.6,
        "brokerage": 1 / 10,
        "convening": 0.0,
        "alignment": 0.5,
        "trust": 0.5,
    },
}


@pytest.fixture
def tiny_map() -> StakeholderMap:
    return StakeholderMap(TINY_ACTORS, TINY_TIES, title="tiny")


def weighted(components: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights[c] * components[c] for c in weights) / sum(weights.values())


def test_components_by_hand(tiny_map: StakeholderMap) -> None:
    rows = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    assert set(rows) == {"alpha", "beta", "gamma"}
    for actor_id, expected in EXPECTED.items():
        assert rows[actor_id].components == pytest.approx(expected), actor_id


def test_raw_values_by_hand(tiny_map: StakeholderMap) -> None:
    rows = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    assert rows["beta"].raw == pytest.approx(EXPECTED["beta"])
    assert rows["alpha"].raw["convening"] == pytest.approx(0.4)


def test_engagement_score_by_hand(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",)))
    rows = ranking.by_id()
    # 0.25 x 0.25 + 0.15 x 0.3 + 0.20 x 0.2 + 0.20 x 0 + 0.10 x 0.8 + 0.10 x 0.5
    assert rows["beta"].score == pytest.approx(0.0625 + 0.045 + 0.04 + 0.08 + 0.05)
    assert rows["alpha"].score == pytest.approx(0.125 + 0.12 + 0.06 + 0.2 * ALPHA_CONVENING + 0.1 + 0.1)
    assert rows["gamma"].score == pytest.approx(0.03125 + 0.09 + 0.02 + 0.05 + 0.05)
    assert [row.id for row in ranking.actors] == ["alpha", "beta", "gamma"]
    assert [row.rank for row in ranking.actors] == [1, 2, 3]
    assert ranking.weights == DEFAULT_WEIGHTS


def test_the_targets_are_decision_makers_not_channels(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",)))
    assert "gov" not in ranking.by_id()
    (gov,) = ranking.decision_makers
    assert (gov.id, gov.route, gov.reached_by) == ("gov", ("us", "alpha", "gov"), 3)
    assert gov.access == pytest.approx(0.4)


def test_people_and_us_are_not_ranked() -> None:
    smap = StakeholderMap([*TINY_ACTORS, Actor("chair", "Chair", "person", parent="alpha", seniority="top")], TINY_TIES)
    ranked = {row.id for row in rank_actors(smap, RankingQuery(us=("us",))).actors}
    assert ranked == {"alpha", "beta", "gamma"}


def test_an_organisation_with_no_tie_is_listed_apart_not_ranked_from_its_ratings(tiny_map: StakeholderMap) -> None:
    forum = Actor("forum", "Well-Rated Forum", "international", stance="champion", integrity=5, neutrality=5)
    ranking = rank_actors(StakeholderMap([*TINY_ACTORS, forum], TINY_TIES), RankingQuery(us=("us",)))
    assert "forum" not in ranking.by_id()
    assert ranking.not_connected == ("forum",)
    assert any("no tie that carries influence" in note for note in ranking.notes)


def test_a_unit_is_folded_into_its_parent_and_inherits_nothing_twice() -> None:
    campaign = Actor("campaign", "Alpha Campaign", "prevention_network", parent="alpha", stance="champion")
    ties = [*TINY_TIES, tie("campaign", "gov", 0.9)]
    smap = StakeholderMap([*TINY_ACTORS, campaign], ties)
    folded = rank_actors(smap, RankingQuery(us=("us",)))
    alpha = folded.by_id()["alpha"]
    assert "campaign" not in folded.by_id()
    assert alpha.units[0][0] == "campaign" and 0 < alpha.units[0][1] < 1
    assert alpha.raw["reach"] == pytest.approx(0.9), "the group reaches the target through its campaign's tie"
    assert "Alpha Campaign" in alpha.reason
    separate = rank_actors(smap, RankingQuery(us=("us",), fold_units=False)).by_id()
    assert {"alpha", "campaign"} <= set(separate)
    # Ranked separately, both take a place on the campaign's tie: the double counting folding avoids.
    assert separate["campaign"].raw["reach"] == pytest.approx(0.9)
    assert separate["alpha"].raw["reach"] > 0.5


def test_scores_are_on_fixed_scales_so_weakening_an_actor_never_raises_it(tiny_map: StakeholderMap) -> None:
    """With scores divided by the map's maximum, weakening everyone's best channel raised the others' scores."""
    base = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    weakened = Scenario(weaken_actors={"alpha": 0.5}).apply(tiny_map)
    after = rank_actors(tiny_map, RankingQuery(us=("us",), influence=weakened)).by_id()
    for actor in ("alpha", "beta", "gamma"):
        assert after[actor].score <= base[actor].score + 1e-12
    assert after["gamma"].components["accessibility"] == base["gamma"].components["accessibility"]


@pytest.mark.parametrize(
    ("weights", "order"),
    [
        ({"alignment": 1.0}, ["alpha", "beta", "gamma"]),
        ({"accessibility": 1.0}, ["alpha", "gamma", "beta"]),
        ({"brokerage": 1.0}, ["alpha", "beta", "gamma"]),
        ({"reach": 1.0}, ["alpha", "beta", "gamma"]),
        # Gamma Peace Group and Zeta Traders tie at 0.5: the name decides, not the id.
        ({"trust": 1.0}, ["alpha", "gamma", "beta"]),
    ],
)
def test_single_component_weights_rank_by_that_component(
    tiny_map: StakeholderMap, weights: dict[str, float], order: list[str]
) -> None:
    only = {c: 0.0 for c in COMPONENTS} | weights
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), weights=only))
    assert [row.id for row in ranking.actors] == order
    assert ranking.weights == weights


def test_changing_weights_changes_the_order_as_expected(tiny_map: StakeholderMap) -> None:
    default = [row.id for row in rank_actors(tiny_map, RankingQuery(us=("us",))).actors]
    assert default.index("beta") < default.index("gamma")
    access_heavy = DEFAULT_WEIGHTS | {"accessibility": 2.0}
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), weights=access_heavy))
    order = [row.id for row in ranking.actors]
    assert order.index("gamma") < order.index("beta")
    beta = ranking.by_id()["beta"]
    assert beta.score == pytest.approx(weighted(EXPECTED["beta"], access_heavy))


def test_a_zero_weight_removes_the_component(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), weights={"convening": 0.0}))
    assert "convening" not in ranking.weights
    beta = ranking.by_id()["beta"]
    assert "convening" not in beta.components
    rest = {c: w for c, w in DEFAULT_WEIGHTS.items() if c != "convening"}
    assert beta.score == pytest.approx(weighted(EXPECTED["beta"], rest))


def test_missing_weights_take_their_default(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), weights={"reach": 0.5}))
    assert ranking.weights == DEFAULT_WEIGHTS | {"reach": 0.5}


def test_all_weights_zero_falls_back_to_alignment_with_a_note(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), weights=dict.fromkeys(COMPONENTS, 0.0)))
    assert ranking.weights == {"alignment": 1.0}
    assert any("alignment" in note for note in ranking.notes)


def test_without_us_accessibility_is_left_out_with_a_note(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map)
    assert "accessibility" not in ranking.weights
    assert any("accessibility" in note for note in ranking.notes)
    beta = ranking.by_id()["beta"]
    assert "accessibility" not in beta.components
    rest = {c: w for c, w in DEFAULT_WEIGHTS.items() if c != "accessibility"}
    assert beta.score == pytest.approx(weighted(EXPECTED["beta"], rest))
    # Without us, "us" is ranked as an organisation like any other.
    assert "us" in ranking.by_id()
    assert ranking.decision_makers[0].access is None


def test_targets_default_to_government_and_political_actors(tiny_map: StakeholderMap) -> None:
    smap = StakeholderMap([*TINY_ACTORS, Actor("party", "Party", "political")], [*TINY_TIES, tie("beta", "party", 0.4)])
    ranking = rank_actors(smap, RankingQuery(us=("us",)))
    assert set(ranking.targets) == {"gov", "party"}
    assert any("government and political" in note for note in ranking.notes)
    # beta reaches gov at 0.25 and the party at 0.4.
    assert ranking.by_id()["beta"].raw["reach"] == pytest.approx((0.25 + 0.4) / 2)


def test_named_targets_replace_the_default(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), targets=("Alpha Chamber",)))
    assert ranking.targets == ("alpha",)
    assert ranking.by_id()["gamma"].raw["reach"] == pytest.approx(0.25)
    assert not any("government and political" in note for note in ranking.notes)


def test_target_kinds_choose_targets(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), target_kinds=("association",)))
    assert ranking.targets == ("alpha",)


def test_without_any_target_reach_is_left_out_and_the_ranking_still_works() -> None:
    actors = [a for a in TINY_ACTORS if a.id != "gov"]
    ties = [t for t in TINY_TIES if "gov" not in (t.source, t.target)]
    ranking = rank_actors(StakeholderMap(actors, ties), RankingQuery(us=("us",)))
    assert ranking.targets == ()
    assert "reach" not in ranking.weights
    assert any("no target" in note for note in ranking.notes)
    assert ranking.actors[0].id == "alpha"
    assert all("reach" not in row.components for row in ranking.actors)
    assert all(0 <= row.score <= 1 for row in ranking.actors)


def test_every_row_has_its_components_under_their_own_names(tiny_map: StakeholderMap) -> None:
    for row in rank_actors(tiny_map, RankingQuery(us=("us",))).actors:
        assert set(row.components) == set(COMPONENTS)
        assert set(row.raw) == set(COMPONENTS)
        assert all(0 <= v <= 1 for v in row.components.values())
        assert row.as_dict()["trust"] == pytest.approx(row.components["trust"])


def test_reasons_cite_concrete_evidence(tiny_map: StakeholderMap) -> None:
    rows = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    # Alpha's biggest contribution is reach: it names the target and the strength.
    assert "Ministry of Interior" in rows["alpha"].reason
    assert "0.50" in rows["alpha"].reason
    # Beta's strongest route to the target runs through Alpha Chamber at 0.25.
    assert "Ministry of Interior" in rows["beta"].reason
    assert "Alpha Chamber" in rows["beta"].reason
    assert "0.25" in rows["beta"].reason


def test_reason_with_accessibility_names_the_route_from_us(tiny_map: StakeholderMap) -> None:
    only_access = dict.fromkeys(COMPONENTS, 0.0) | {"accessibility": 1.0}
    rows = rank_actors(tiny_map, RankingQuery(us=("us",), weights=only_access)).by_id()
    assert "0.30" in rows["beta"].reason
    assert "Gamma Peace Group" in rows["beta"].reason


def test_reason_for_convening_names_the_members(tiny_map: StakeholderMap) -> None:
    only_convening = dict.fromkeys(COMPONENTS, 0.0) | {"convening": 1.0}
    alpha = rank_actors(tiny_map, RankingQuery(weights=only_convening)).by_id()["alpha"]
    assert "1 members" in alpha.reason


def test_flags_mark_guessed_inputs(tiny_map: StakeholderMap) -> None:
    rows = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    gamma = " | ".join(rows["gamma"].flags)
    assert "stance unknown" in gamma
    assert "integrity and neutrality not rated" in gamma
    assert "influence not rated" in gamma
    assert "no source" in gamma
    assert rows["alpha"].flags == ()
    assert rows["gamma"].components["alignment"] == rows["gamma"].components["trust"] == 0.5


def test_unknown_us_or_target_raises_with_suggestions(tiny_map: StakeholderMap) -> None:
    with pytest.raises(UnknownActorError, match="Alpha Chamber"):
        rank_actors(tiny_map, RankingQuery(us=("Alpha Chambr",)))
    with pytest.raises(UnknownActorError, match="Ministry of Interior"):
        rank_actors(tiny_map, RankingQuery(targets=("Ministry of Interio",)))


def test_influence_options_reach_the_ranking(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",), influence=InfluenceOptions(verified_only=True)))
    # Gamma has no source: it leaves the map, and with it our route to beta.
    assert "gamma" not in ranking.by_id()
    assert ranking.by_id()["beta"].raw["accessibility"] == 0.0


def test_ties_in_score_are_broken_by_name_then_id() -> None:
    actors = [Actor(i, name, "business") for i, name in (("b2", "Same"), ("z", "Alpha"), ("b1", "Same"))]
    hub = Actor("hub", "Hub", "business")
    ties = [Relationship(a.id, "hub", "dialogue", 0.5, "directed") for a in actors]
    ranking = rank_actors(StakeholderMap([*actors, hub], ties), RankingQuery(weights={"alignment": 1.0}))
    assert len({row.score for row in ranking.actors}) == 1
    assert [row.id for row in ranking.actors] == ["z", "hub", "b1", "b2"]
