"""Briefs as decision documents: whom to call, who introduces us (never the target's own people, never an armed,
opposed or proscribed actor), and what could go wrong, on both samples."""

from __future__ import annotations

import pytest

from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.lens.brief import Brief, build_brief
from mapping.lens.plan import may_engage
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.samples import load_sample


def brief_for(key: str, us: str, target: str, phase: str) -> tuple[StakeholderMap, Brief]:
    smap = load_sample(key).map
    ranking = rank_actors(smap, RankingQuery(us=(us,), phase=phase))
    return smap, build_brief(smap, target, ranking, rank_leaders(smap, ranking), (), (), phase)


def section(brief: Brief, heading: str) -> list[str]:
    found = next(s for s in brief.sections if s.heading.startswith(heading))
    return [found.lead, *found.bullets]


def test_kepsas_brief_names_whom_to_call_and_counts_its_talks_with_both_sides_as_an_asset() -> None:
    _, brief = brief_for("kenya_2008_2013", "uwiano", "kepsa", "acute")
    contacts = section(brief, "Whom to contact")
    assert any("Chair, KEPSA" in line for line in contacts) and any("CEO, KEPSA" in line for line in contacts)
    harms = section(brief, "Do no harm")
    assert any(line.startswith("Asset, not a risk") and "PNU" in line and "ODM" in line for line in harms)
    assert not any(line.startswith("Partisan") for line in harms)


def test_g4s_brief_flags_its_police_ties_and_its_seat_on_the_regulator() -> None:
    _, brief = brief_for("kenya_private_security_2023", "usalama", "g4s_kenya", "upstream")
    harms = " ".join(section(brief, "Do no harm"))
    assert "National Police Service" in harms
    assert "Regulatory capture" in harms and "Private Security Regulatory Authority" in harms
    assert "Managing Director, G4S Kenya" in " ".join(section(brief, "Whom to contact"))


@pytest.mark.parametrize(
    ("key", "us", "target", "phase"),
    [
        ("kenya_2008_2013", "uwiano", "kepsa", "acute"),
        ("kenya_2008_2013", "uwiano", "safaricom", "acute"),
        ("kenya_private_security_2023", "usalama", "g4s_kenya", "upstream"),
        ("kenya_private_security_2023", "usalama", "kk_security", "upstream"),
    ],
)
def test_no_introducer_is_the_target_its_own_people_or_someone_we_may_not_engage(
    key: str, us: str, target: str, phase: str
) -> None:
    smap, brief = brief_for(key, us, target, phase)
    introducers = [line for line in section(brief, "How to reach") if line.startswith("Ask for an introduction")]
    for line in introducers:
        name = line.removeprefix("Ask for an introduction: ").split(" (")[0]
        actor = next(a for a in smap.actors if a.name.split(" (")[0] == name)
        assert actor.id != target and actor.parent != target and may_engage(actor), line


def test_a_brief_warns_about_data_on_communities_and_stale_facts() -> None:
    actors = [
        Actor("us", "Us", "prevention_network"),
        Actor("telco", "Telco", "business", capabilities=("local_data",)),
        Actor("staff", "Head of sales, Telco", "person", parent="telco", seniority="csr"),
        Actor("gang", "Gang", "armed_group"),
    ]
    ties = [
        Relationship("us", "gang", "dialogue", 0.9),
        Relationship("gang", "telco", "influences", 0.9),
        Relationship("staff", "telco", "leads", 0.9),
    ]
    smap = StakeholderMap(actors, ties)
    ranking = rank_actors(smap, RankingQuery(us=("us",)))
    brief = build_brief(smap, "telco", ranking)
    harms = " ".join(section(brief, "Do no harm"))
    assert "Data on communities" in harms and "privacy" in harms
    assert "never verified" in harms and "armed group" in harms
    assert not any("Gang" in line for line in section(brief, "How to reach") if "introduction" in line)
    assert "may lack the authority" in " ".join(section(brief, "Whom to contact"))


def test_kk_securitys_route_says_it_rests_on_low_confidence_ties_hop_by_hop() -> None:
    _, brief = brief_for("kenya_private_security_2023", "usalama", "kk_security", "upstream")
    reach = section(brief, "How to reach")
    # since the sample ties the firms that attended the 2023 roundtable (assumed, low confidence),
    # the best route is that one assumed tie; before, it was two assumed association ties
    assert "rests on 1 low-confidence tie" in reach[0]
    hops = [line for line in reach if line.startswith("Hop ")]
    assert len(hops) == 1 and all("check it: a low-confidence tie" in hop for hop in hops)
    assert all("strength" in hop and "confidence" in hop and ("source:" in hop or "no source" in hop) for hop in hops)
