"""The engagement score: hand-computed on a tiny map, weights, missing inputs, reasons and flags.

The tiny map (all ties directed):

    us --0.8--> alpha --0.5--> gov          beta --member 0.5--> alpha
    us --0.6--> gamma --0.5--> beta --0.2--> gov

Targets default to the government actor. By hand, over the ranked actors
gov, alpha, beta, gamma:

| actor | reach (to gov) | access (from us) | brokerage (routes of 12 pairs) | convening | align | trust |
|-------|----------------|------------------|--------------------------------|-----------|-------|-------|
| alpha | 0.5            | 0.8              | 3: us>gov, beta>gov, gamma>gov | 2/5       | 1.0   | 1.0   |
| beta  | max(0.2, 0.25) | 0.6 x 0.5 = 0.3  | 2: gamma>alpha, gamma>gov      | 0         | 0.8   | 0.5   |
| gamma | 0.5 x 0.25     | 0.6              | 1: us>beta                     | 0         | (0.5) | (0.5) |
| gov   | 0 (no other)   | 0.8 x 0.5 = 0.4  | 0                              | 0         | 0.3   | 0.25  |

(0.5) marks an unknown value counted as neutral. Network components are divided
by their maximum over these four actors.
"""

from __future__ import annotations

import pytest

from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.ranking import COMPONENTS, DEFAULT_WEIGHTS, RankingQuery, rank_actors
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
    return Relationship(source, target, kind, strength, "directed")


TINY_TIES = [
    tie("us", "alpha", 0.8),
    tie("alpha", "gov", 0.5),
    tie("beta", "alpha", 0.5, "member_of"),
    tie("beta", "gov", 0.2),
    tie("us", "gamma", 0.6),
    tie("gamma", "beta", 0.5),
]

# Normalised components by hand (see the module docstring).
EXPECTED = {
    "alpha": {"reach": 1.0, "accessibility": 1.0, "brokerage": 1.0, "convening": 1.0, "alignment": 1.0, "trust": 1.0},
    "beta": {
        "reach": 0.5,
        "accessibility": 0.375,
        "brokerage": 2 / 3,
        "convening": 0.0,
        "alignment": 0.8,
        "trust": 0.5,
    },
    "gamma": {
        "reach": 0.25,
        "accessibility": 0.75,
        "brokerage": 1 / 3,
        "convening": 0.0,
        "alignment": 0.5,
        "trust": 0.5,
    },
    "gov": {"reach": 0.0, "accessibility": 0.5, "brokerage": 0.0, "convening": 0.0, "alignment": 0.3, "trust": 0.25},
}


@pytest.fixture
def tiny_map() -> StakeholderMap:
    return StakeholderMap(TINY_ACTORS, TINY_TIES, title="tiny")


def weighted(components: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights[c] * components[c] for c in weights) / sum(weights.values())


def test_components_by_hand(tiny_map: StakeholderMap) -> None:
    rows = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()
    assert set(rows) == {"alpha", "beta", "gamma", "gov"}
    for actor_id, expected in EXPECTED.items():
        assert rows[actor_id].components == pytest.approx(expected), actor_id


def test_raw_values_by_hand(tiny_map: StakeholderMap) -> None:
    beta = rank_actors(tiny_map, RankingQuery(us=("us",))).by_id()["beta"]
    assert beta.raw == pytest.approx(
        {"reach": 0.25, "accessibility": 0.3, "brokerage": 2 / 12, "convening": 0.0, "alignment": 0.8, "trust": 0.5}
    )


def test_engagement_score_by_hand(tiny_map: StakeholderMap) -> None:
    ranking = rank_actors(tiny_map, RankingQuery(us=("us",)))
    rows = ranking.by_id()
    # 0.25 x 0.5 + 0.15 x 0.375 + 0.20 x 2/3 + 0.20 x 0 + 0.10 x 0.8 + 0.10 x 0.5
    assert rows["beta"].score == pytest.approx(0.125 + 0.05625 + 0.4 / 3 + 0.08 + 0.05)
    assert rows["alpha"].score == pytest.approx(1.0)
    assert rows["gamma"].score == pytest.approx(0.0625 + 0.1125 + 0.2 / 3 + 0.05 + 0.05)
    assert rows["gov"].score == pytest.approx(0.075 + 0.03 + 0.025)
    assert [row.id for row in ranking.actors] == ["alpha", "beta", "gamma", "gov"]
    assert [row.rank for row in ranking.actors] == [1, 2, 3, 4]
    assert ranking.weights == DEFAULT_WEIGHTS


def test_people_and_us_are_not_ranked() -> None:
    smap = StakeholderMap([*TINY_ACTORS, Actor("chair", "Chair", "person", parent="alpha", seniority="top")], TINY_TIES)
    ranked = {row.id for row in rank_actors(smap, RankingQuery(us=("us",))).actors}
    assert ranked == {"alpha", "beta", "gamma", "gov"}


@pytest.mark.parametrize(
    ("weights", "order"),
    [
        ({"alignment": 1.0}, ["alpha", "beta", "gamma", "gov"]),
        ({"accessibility": 1.0}, ["alpha", "gamma", "gov", "beta"]),
        ({"brokerage": 1.0}, ["alpha", "beta", "gamma", "gov"]),
        ({"reach": 1.0}, ["alpha", "beta", "gamma", "gov"]),
        # Gamma Peace Group and Zeta Traders tie at 0.5: the name decides, not the id.
        ({"trust": 1.0}, ["alpha", "gamma", "beta", "gov"]),
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
    ranking = rank_actors(StakeholderMap(actors, []))
    assert len({row.score for row in ranking.actors}) == 1
    assert [row.id for row in ranking.actors] == ["z", "b1", "b2"]
