"""Coverage gaps a program officer can act on: ranked by influence at stake, ten first, never a proscribed candidate."""

from __future__ import annotations

import pytest

from mapping.lens.plan import SHOWN_GAPS, UNRATED_INFLUENCE, coverage_gaps, gaps_table, may_engage
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.samples import load_sample
from tests.test_app import start

SAMPLES = {"kenya_2008_2013": ["uwiano"], "kenya_private_security_2023": ["psra"]}


@pytest.mark.parametrize("key", SAMPLES)
def test_gaps_are_ranked_by_influence_at_stake_and_no_candidate_is_armed_opposed_or_proscribed(key: str) -> None:
    smap = load_sample(key).map
    gaps = coverage_gaps(smap, SAMPLES[key])
    assert gaps, "the samples have sectors we do not reach"
    stakes = [gap.at_stake for gap in gaps]
    assert stakes == sorted(stakes, reverse=True)
    candidates = [smap.actor(gap.best_candidate) for gap in gaps if gap.best_candidate]
    assert candidates and all(may_engage(actor) for actor in candidates)
    assert "mungiki" not in {actor.id for actor in candidates}


def test_a_sector_with_only_a_gang_has_no_candidate_rather_than_the_gang() -> None:
    smap = load_sample("kenya_2008_2013").map
    gaps = {(gap.dimension, gap.value): gap for gap in coverage_gaps(smap, ["uwiano"])}
    mungiki = smap.actor("mungiki")
    assert not may_engage(mungiki)
    for gap in gaps.values():
        if "mungiki" in gap.actors:
            assert gap.best_candidate != "mungiki"


def small_map(strength: float) -> StakeholderMap:
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("bank", "Bank", "business", sector="banking", stance="supportive", influence=4),
        Actor("gang", "Gang", "armed_group", sector="transport", influence=3),
        Actor("sacco", "Matatu Sacco", "business", sector="transport", stance="neutral"),
    ]
    ties = [Relationship("us", "bank", "dialogue", strength), Relationship("us", "gang", "dialogue", 0.9)]
    return StakeholderMap(actors, ties)


def test_a_sector_reached_only_below_the_threshold_is_a_gap_and_above_it_is_not() -> None:
    weak = {gap.value: gap for gap in coverage_gaps(small_map(0.1), ["us"])}
    strong = {gap.value: gap for gap in coverage_gaps(small_map(0.6), ["us"])}
    assert "banking" in weak and "banking" not in strong
    assert weak["banking"].best_candidate == "bank"
    # The gang is reached strongly, but it is never the way in: the sacco is, though we do not reach it.
    assert strong["transport"].best_candidate == "sacco"
    assert strong["transport"].at_stake == 3 + UNRATED_INFLUENCE


def test_the_table_names_people_as_shown_and_says_when_no_one_may_be_engaged() -> None:
    smap = StakeholderMap(
        [Actor("us", "Us", "prevention_network"), Actor("g", "Gang", "armed_group", sector="transport")], []
    )
    table = gaps_table(smap, coverage_gaps(smap, ["us"]), lambda actor_id: f"<{actor_id}>")
    assert list(table["best candidate"]) == ["no one we may engage"]
    assert list(table.columns)[:3] == ["by", "group", "influence at stake"]


def test_the_plan_page_shows_the_ten_gaps_that_matter_most_and_the_rest_on_request() -> None:
    app = start()
    app.session_state["us"] = ["uwiano"]
    app.switch_page("views/plan.py").run()
    assert not app.exception, app.exception
    tables = [d.value for d in app.dataframe if "influence at stake" in d.value.columns]
    first, everything = tables[0], tables[-1]
    assert len(first) == SHOWN_GAPS and len(everything) > SHOWN_GAPS
    assert "Mungiki (proscribed gang)" not in set(everything["best candidate"])
    assert any("All " in e.label and "gaps" in e.label for e in app.expander)
    assert any("influence at stake" in c.value for c in app.caption)
