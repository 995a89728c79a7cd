"""Briefs as decision documents, on both samples and on small maps built for one rule each.

Whom to call (leaders first, CSR last); who introduces us (never the target, its own people, nor an armed,
opposed or proscribed actor); the route as evidence (hops marked, periods named, the "as of" date kept); what
could go wrong (force ties, partisan ties, regulatory capture, exposure, data on communities, freshness); asks for
the phase; no internal references. Asserts rest on actors and tie kinds, not the wording of notes, since the
samples' notes and sources are being corrected.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mapping.analysis.coalitions import find_coalitions
from mapping.analysis.influence import InfluenceOptions
from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.lens.brief import Brief, brief_html, brief_markdown, build_brief, scrub_brief, strip_internal_references
from mapping.lens.contacts import own_people
from mapping.lens.plan import may_engage
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.samples import load_sample
from mapping.values import PartialDate
from mapping.view import display_names

KEPSA = ("kenya_2008_2013", "uwiano", "kepsa", "acute")
G4S = ("kenya_private_security_2023", "usalama", "g4s_kenya", "upstream")
KK = ("kenya_private_security_2023", "usalama", "kk_security", "upstream")
SAFARICOM = ("kenya_2008_2013", "uwiano", "safaricom", "acute")


def brief_for(key: str, us: str, target: str, phase: str, as_of: dt.date | None = None) -> tuple[StakeholderMap, Brief]:
    smap = load_sample(key).map
    query = RankingQuery(us=(us,), phase=phase, influence=InfluenceOptions(as_of=as_of))
    ranking = rank_actors(smap, query)
    return smap, build_brief(smap, target, ranking, rank_leaders(smap, ranking), (), (), phase, query.influence)


def section(brief: Brief, heading: str) -> list[str]:
    found = next(s for s in brief.sections if s.heading.startswith(heading))
    return [found.lead, *found.bullets]


def organisations(key: str) -> list[str]:
    return [a.id for a in load_sample(key).map.actors if a.kind in ("business", "association")]


def introducer_ids(smap: StakeholderMap, brief: Brief) -> list[str]:
    names = {a.name: a.id for a in smap.actors}
    found = [re.match(r"Ask for an introduction: (.*) \([^()]*\), route worth", line) for line in section(brief, "How")]
    return [names[match.group(1)] for match in found if match]


def small_brief(actors: list[Actor], ties: list[Relationship], target: str, phase: str | None = None) -> Brief:
    smap = StakeholderMap(actors, ties)
    return build_brief(smap, target, rank_actors(smap, RankingQuery(us=("us",))), phase=phase)


# --- whom to contact ------------------------------------------------------------------


def test_kepsas_brief_names_its_chair_and_ceo_first() -> None:
    _, brief = brief_for(*KEPSA)
    contacts = section(brief, "Whom to contact")[1:]
    assert [line.split(" — ")[0] for line in contacts[:2]] == ["Chair, KEPSA", "CEO, KEPSA"]


def test_g4s_brief_names_its_managing_director_to_call_but_never_as_introducer() -> None:
    smap, brief = brief_for(*G4S)
    assert any(line.startswith("Managing Director, G4S Kenya") for line in section(brief, "Whom to contact"))
    assert "md_g4s" not in introducer_ids(smap, brief) and introducer_ids(smap, brief)


def test_csr_appointees_come_after_leaders_whatever_their_rank() -> None:
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("co", "Co", "business"),
        Actor("csr", "CSR head, Co", "person", parent="co", seniority="csr", influence=5),
        Actor("ceo", "CEO, Co", "person", parent="co", seniority="top", influence=2),
    ]
    ties = [Relationship("us", "csr", "dialogue", 0.9), Relationship("csr", "co", "employs", 0.5)]
    contacts = section(small_brief(actors, ties, "co"), "Whom to contact")[1:]
    assert contacts[0].startswith("CEO, Co") and contacts[1].startswith("CSR head, Co")
    assert "may lack the authority" in contacts[1]


@pytest.mark.parametrize(
    ("key", "us", "phase"),
    [("kenya_2008_2013", "uwiano", "acute"), ("kenya_private_security_2023", "usalama", "upstream")],
)
def test_no_introducer_or_broker_is_the_target_its_people_or_someone_we_may_not_engage(
    key: str, us: str, phase: str
) -> None:
    smap = load_sample(key).map
    ranking = rank_actors(smap, RankingQuery(us=(us,), phase=phase))
    leaders = rank_leaders(smap, ranking)
    barred = [a.name for a in smap.actors if not may_engage(a)]
    assert barred or "private_security" in key  # Mungiki, armed and proscribed, is in the 2008 sample
    for target in organisations(key):
        brief = build_brief(smap, target, ranking, leaders, (), (), phase)
        own = own_people(smap, smap.actor(target))
        for found in introducer_ids(smap, brief):
            assert found not in own and may_engage(smap.actor(found)), (target, found)
        routes = [line for line in section(brief, "How to reach") if not line.startswith("Ask for")]
        assert not any(name in line for name in barred for line in routes), target


# --- the route as evidence -------------------------------------------------------------


def test_kk_securitys_route_is_marked_as_resting_on_low_confidence_ties() -> None:
    _, brief = brief_for(*KK)
    reach = section(brief, "How to reach")
    assert re.search(r"rests on \d+ low-confidence ties?", reach[0])
    hops = [line for line in reach if line.startswith("Hop ")]
    assert any("check it: a low-confidence tie" in hop for hop in hops)
    assert all(re.search(r"strength \d\.\d\d; (low|medium|high) confidence", hop) for hop in hops)
    assert all("source: " in hop or "no source" in hop for hop in hops)


def dated_map() -> tuple[list[Actor], list[Relationship]]:
    actors = [Actor("us", "Us", "prevention_network")] + [Actor(i, i.upper(), "business") for i in ("old", "new", "co")]
    ties = [
        Relationship("us", "old", "dialogue", 0.5, since=PartialDate(2007), until=PartialDate(2008, 6)),
        Relationship("old", "co", "dialogue", 0.5, since=PartialDate(2008)),
        Relationship("us", "new", "dialogue", 0.9, since=PartialDate(2012)),
        Relationship("new", "co", "dialogue", 0.9, since=PartialDate(2012), until=PartialDate(2013)),
    ]
    return actors, ties


def test_a_route_names_its_period_and_the_as_of_date_picks_another() -> None:
    actors, ties = dated_map()
    smap = StakeholderMap(actors, ties)
    assert "in force 2012 to 2013" in section(small_brief(actors, ties, "co"), "How to reach")[0]
    options = InfluenceOptions(as_of=dt.date(2008, 3, 1))
    ranking = rank_actors(smap, RankingQuery(us=("us",), influence=options))
    brief = build_brief(smap, "co", ranking, options=options)
    assert "as of 2008-03-01" in brief.subtitle
    assert "Us → OLD → CO" in section(brief, "How to reach")[0]


def test_a_route_whose_ties_never_held_together_is_marked() -> None:
    actors, ties = dated_map()
    ties[1] = Relationship("old", "co", "dialogue", 0.99, since=PartialDate(2010))
    ties = ties[:2]
    assert "mixes periods" in section(small_brief(actors, ties, "co"), "How to reach")[0]


# --- do no harm -------------------------------------------------------------------------


def test_kepsas_talks_with_both_parties_are_an_asset_not_a_risk() -> None:
    _, brief = brief_for(*KEPSA)
    harms = " ".join(section(brief, "Do no harm"))
    assert "Party of National Unity" not in harms and "Orange Democratic Movement" not in harms
    assets = [line for line in section(brief, "Why them") if "rival sides" in line]
    assert assets and "PNU" in assets[0] and "ODM" in assets[0]


def test_the_office_of_the_president_as_introducer_comes_with_warnings() -> None:
    _, brief = brief_for(*KEPSA)
    for line in section(brief, "How to reach"):
        if line.startswith("Ask for an introduction: Office of the President"):
            assert "state body" in line and "partisan" in line


def test_g4s_brief_flags_its_police_ties_and_its_seat_on_the_regulator() -> None:
    _, brief = brief_for(*G4S)
    harms = section(brief, "Do no harm")
    assert any(line.startswith("Security forces") and "National Police Service" in line for line in harms)
    capture = [line for line in harms if line.startswith("Regulatory capture")]
    assert any(
        "Managing Director, G4S Kenya" in line and "Private Security Regulatory Authority" in line for line in capture
    )
    assert any(line.startswith("Exposure") for line in harms)


@pytest.mark.parametrize("case", [G4S, KK])
def test_a_data_ask_comes_with_privacy_and_consent(case: tuple[str, str, str, str]) -> None:
    _, brief = brief_for(*case)
    if any("data" in ask.lower() for ask in section(brief, "What to ask")):
        harms = " ".join(section(brief, "Do no harm"))
        assert "privacy" in harms and "consent" in harms


def test_armed_opposed_and_proscribed_actors_are_risks_never_ways_in() -> None:
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("co", "Co", "business", capabilities=("local_data",)),
        Actor("gang", "Gang", "armed_group"),
        Actor("sect", "Sect (proscribed)", "civil_society"),
        Actor("foe", "Foe", "business", stance="opposed"),
        Actor("reg", "Regulator", "government"),
        Actor("official", "Minister", "person", parent="reg", seniority="top"),
    ]
    ties = [Relationship("us", other, "dialogue", 0.9) for other in ("gang", "sect", "foe", "reg")]
    ties += [Relationship(other, "co", "influences", 0.9) for other in ("gang", "sect", "foe")]
    ties += [Relationship("reg", "co", "regulates", 0.5), Relationship("official", "co", "owns", 0.5)]
    brief = small_brief(actors, ties, "co", "acute")
    harms = " ".join(section(brief, "Do no harm"))
    assert "Armed group: Gang" in harms and "Sect (proscribed)" in harms and "Foe" in harms
    assert "Regulatory capture: Minister owns Co" in harms and "privacy" in harms and "never verified" in harms
    introducers = [line for line in section(brief, "How to reach") if "introduction" in line]
    assert introducers and not any(name in " ".join(introducers) for name in ("Gang", "Sect", "Foe"))


def test_facts_verified_over_a_year_ago_are_flagged() -> None:
    old = PartialDate(2020, 5)
    actors = [Actor("us", "Us", "prevention_network"), Actor("co", "Co", "business", last_verified=old)]
    harms = " ".join(section(small_brief(actors, [Relationship("us", "co", "dialogue", 0.5)], "co"), "Do no harm"))
    assert "over a year ago: Co (2020-05)" in harms


# --- asks, wording, references -------------------------------------------------------------


@pytest.mark.parametrize(("case", "words"), [(KEPSA, ("diplomacy", "peace message")), (G4S, ("Inclusive", "risk"))])
def test_asks_fit_the_phase(case: tuple[str, str, str, str], words: tuple[str, ...]) -> None:
    asks = " ".join(section(brief_for(*case)[1], "What to ask"))
    assert all(word.lower() in asks.lower() for word in words)


def test_an_organisation_is_not_called_a_member_of_its_own_group() -> None:
    smap = load_sample("kenya_2008_2013").map
    ranking = rank_actors(smap, RankingQuery(us=("uwiano",), phase="acute"))
    brief = build_brief(smap, "kepsa", ranking, (), find_coalitions(smap), (), "acute")
    text = brief_markdown(brief)
    assert "KEPSA\\) group" not in text and "Member of" not in text


@pytest.mark.parametrize("case", [KEPSA, SAFARICOM, G4S, KK])
def test_no_internal_reference_reaches_a_brief(case: tuple[str, str, str, str]) -> None:
    text = brief_html(brief_for(*case)[1])
    assert not re.search(r"FACTS\.md|\bseeds?\b|\.md\b|\d{3}_[0-9a-f]{8}", text, re.IGNORECASE)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Waki report (FACTS.md §3)", "Waki report"),
        ("Seed 000; Waki report, 15 Oct 2008", "Waki report, 15 Oct 2008"),
        ("Chapter summary (seeds/000_94db34fbdac843d1.txt), p. 4", "Chapter summary, p. 4"),
        ("https://example.org/report.pdf", "https://example.org/report.pdf"),
        ("Seeded 2013 runs", "Seeded 2013 runs"),
    ],
)
def test_internal_references_are_stripped_and_real_sources_kept(raw: str, shown: str) -> None:
    assert strip_internal_references(raw) == shown


def test_a_brief_keeps_people_by_role_when_names_are_redacted() -> None:
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("co", "Co", "business"),
        Actor("p", "Jane Wanjiru", "person", parent="co", role="CEO", seniority="top"),
    ]
    smap = StakeholderMap(actors, [Relationship("us", "p", "dialogue", 0.9), Relationship("p", "co", "leads", 0.9)])
    brief = build_brief(smap, "co", rank_actors(smap, RankingQuery(us=("us",))), phase="acute")
    assert "Jane Wanjiru" in brief_markdown(brief)
    redacted = brief_markdown(scrub_brief(brief, display_names(smap, redact=True).scrub))
    assert "Jane Wanjiru" not in redacted and "Wanjiru" not in redacted


# --- on screen ------------------------------------------------------------------------


@pytest.mark.parametrize("case", [KEPSA, G4S])
def test_who_they_are_stays_short_so_whom_to_contact_is_near_the_top(case: tuple[str, str, str, str]) -> None:
    _, brief = brief_for(*case)
    assert [s.heading for s in brief.sections][:2] == ["Who they are", "Whom to contact"]
    assert len(section(brief, "Who they are")) <= 8  # the notes and at most seven dense lines


def test_on_a_page_the_brief_sits_under_the_pages_own_title() -> None:
    _, brief = brief_for(*KEPSA)
    headings = [line for line in brief_markdown(brief, title_level=3).splitlines() if line.startswith("#")]
    assert headings[0].startswith("### Engagement brief: ")
    assert all(h.startswith("#### ") for h in headings[1:]) and len(headings) > 5
    assert brief_markdown(brief).startswith("# Engagement brief: ")  # a downloaded file keeps its own title
