"""Coverage gaps a program officer can act on: sectors and regions with no trusted way in, ranked by influence
at stake, ten first, never an armed, opposed or proscribed candidate; the plan page names actors, never by id."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from mapping.lens.plan import (
    DEFAULT_GAP_THRESHOLD,
    SHOWN_GAPS,
    UNRATED_INFLUENCE,
    coverage_gaps,
    gaps_table,
    is_proscribed,
    may_engage,
)
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.samples import load_sample
from mapping.view import display_names
from tests.test_pages_lens import open_page

SAMPLES = {"kenya_2008_2013": ["uwiano"], "kenya_private_security_2023": ["psra"]}


def influence(actor: Actor) -> float:
    return actor.influence if actor.influence is not None else UNRATED_INFLUENCE


@pytest.mark.parametrize("key", SAMPLES)
def test_the_ten_gaps_that_matter_most_come_first_ranked_by_influence_at_stake(key: str) -> None:
    smap = load_sample(key).map
    shown, every = coverage_gaps(smap, SAMPLES[key]), coverage_gaps(smap, SAMPLES[key], limit=None)
    assert 0 < len(shown) <= SHOWN_GAPS == 10
    assert shown == every[: len(shown)]
    stakes = [gap.at_stake for gap in every]
    assert stakes == sorted(stakes, reverse=True)
    for gap in every:
        assert gap.at_stake == pytest.approx(sum(influence(smap.actor(a)) for a in gap.actors))
        assert gap.best_trusted < DEFAULT_GAP_THRESHOLD


@pytest.mark.parametrize("key", SAMPLES)
def test_no_candidate_is_armed_opposed_or_proscribed(key: str) -> None:
    smap = load_sample(key).map
    gaps = coverage_gaps(smap, SAMPLES[key], limit=None)
    candidates = [smap.actor(gap.best_candidate) for gap in gaps if gap.best_candidate]
    assert candidates
    for gap in gaps:
        assert gap.best_candidate is None or gap.best_candidate in gap.actors
    for actor in candidates:
        assert actor.kind != "armed_group" and actor.stance != "opposed" and not is_proscribed(actor), actor.name
    assert not any("mungiki" in actor.name.lower() for actor in candidates)


def test_the_samples_mark_mungiki_as_proscribed_and_a_ministry_announcing_a_ban_is_not() -> None:
    smap = load_sample("kenya_2008_2013").map
    mungiki = [a for a in smap.actors if "mungiki" in a.name.lower()]
    assert mungiki and all(is_proscribed(a) and not may_engage(a) for a in mungiki)
    announced = [a for a in smap.actors if "ban on live broadcasts" in a.notes]
    assert not any(is_proscribed(a) for a in announced)


def small_map(bank_tie: Relationship) -> StakeholderMap:
    """Us, a bank (banking) reached by the tie given, a gang (transport) reached strongly, a sacco (transport)
    reached only through the gang, and a union (labour) reached by a trusted route of two hops."""
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("bank", "Bank", "business", sector="banking", stance="neutral", influence=4),
        Actor("gang", "Gang", "armed_group", sector="transport", influence=3),
        Actor("sacco", "Matatu Sacco", "business", sector="transport", stance="supportive"),
        Actor("hub", "Hub", "association", sector="labour", influence=1),
        Actor("union", "Union", "union", sector="labour", influence=2),
    ]
    ties = [
        bank_tie,
        Relationship("us", "gang", "dialogue", 0.9, confidence="high"),
        Relationship("gang", "sacco", "influences", 0.9, confidence="high"),
        Relationship("us", "hub", "dialogue", 0.5, confidence="high"),
        Relationship("hub", "union", "dialogue", 0.5, confidence="high"),
    ]
    return StakeholderMap(actors, ties)


@pytest.mark.parametrize(
    ("strength", "confidence", "threshold", "gap"),
    [
        (0.9, "low", DEFAULT_GAP_THRESHOLD, True),  # strong, but only a low-confidence tie
        (0.6, "medium", DEFAULT_GAP_THRESHOLD, False),  # a trusted route
        (0.6, "high", DEFAULT_GAP_THRESHOLD, False),
        (0.1, "high", DEFAULT_GAP_THRESHOLD, True),  # trusted but too weak
        (0.1, "high", 0.05, False),  # the threshold is a parameter
    ],
)
def test_a_sector_is_a_gap_when_no_trusted_route_reaches_it(
    strength: float, confidence: str, threshold: float, gap: bool
) -> None:
    smap = small_map(Relationship("us", "bank", "dialogue", strength, confidence=confidence))
    gaps = {g.value: g for g in coverage_gaps(smap, ["us"], threshold)}
    assert ("banking" in gaps) is gap
    if gap:
        assert gaps["banking"].best_candidate == "bank"
    assert "labour" not in gaps  # 0.5 x 0.5 = 0.25: a trusted way in of two hops


def test_an_armed_group_is_never_a_way_in_nor_a_candidate() -> None:
    smap = small_map(Relationship("us", "bank", "dialogue", 0.6, confidence="high"))
    transport = next(g for g in coverage_gaps(smap, ["us"]) if g.value == "transport")
    # The gang is reached at 0.9 and the sacco through it at 0.81, but neither is a trusted way in.
    assert transport.why == "reached only through low-confidence ties or actors we may not engage"
    assert transport.best_candidate == "sacco"
    assert transport.at_stake == 3 + UNRATED_INFLUENCE


def test_the_table_names_people_as_shown_and_says_when_no_one_may_be_engaged() -> None:
    smap = StakeholderMap(
        [Actor("us", "Us", "prevention_network"), Actor("g", "Gang", "armed_group", sector="transport")], []
    )
    table = gaps_table(smap, coverage_gaps(smap, ["us"]), lambda actor_id: f"<{actor_id}>")
    assert list(table["best candidate"]) == ["no one we may engage"]
    assert list(table["why a gap"]) == ["no route from us"]
    assert list(table.columns)[:3] == ["by", "group", "influence at stake"]


def plan_page(key: str, redact: bool = False) -> AppTest:
    return open_page("views/plan.py", f"sample:{key}", us=SAMPLES[key], map_redact=redact)


@pytest.mark.parametrize("key", SAMPLES)
def test_the_plan_page_shows_the_ten_gaps_that_matter_most_and_the_rest_on_request(key: str) -> None:
    app = plan_page(key)
    smap = load_sample(key).map
    tables = [d.value for d in app.dataframe if "influence at stake" in d.value.columns]
    first, everything = tables[0], tables[-1]
    assert len(first) <= SHOWN_GAPS
    assert list(first["influence at stake"]) == sorted(first["influence at stake"], reverse=True)
    if len(everything) > SHOWN_GAPS:
        assert any(e.label == f"All {len(everything)} gaps" for e in app.expander)
    mungiki = {a.name for a in smap.actors if "mungiki" in a.name.lower()}
    assert not mungiki & set(everything["best candidate"])
    caption = next(c.value for c in app.caption if "influence at stake" in c.value)
    assert f"{DEFAULT_GAP_THRESHOLD:.2f}" in caption and "low-confidence" in caption and "all dates" in caption


@pytest.mark.parametrize("key", SAMPLES)
@pytest.mark.parametrize("redact", [False, True])
def test_the_plan_pickers_show_names_as_shown_never_ids(key: str, redact: bool) -> None:
    app = plan_page(key, redact)
    smap = load_sample(key).map
    names = display_names(smap, redact)
    us = app.multiselect[0]
    assert us.value == SAMPLES[key]
    assert all(label.startswith(names.of(a.id)) for label, a in zip(us.options, smap.actors, strict=True))
    editors = [d for d in app.dataframe if "target" in d.proto.columns]
    if redact:  # the editor would send every actor's id (often a name) to the browser: the plan is shown, not edited
        assert editors == [] and any("shown, not edited" in i.value for i in app.info)
        return
    options = json.loads(editors[0].proto.columns)["target"]["type_config"]["options"]
    assert [o["value"] for o in options] == [a.id for a in smap.actors]
    assert [o["label"] for o in options] == [names.of(a.id) for a in smap.actors]
