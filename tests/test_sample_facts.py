"""The sample maps say what their public sources say, and name those sources, not our working files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapping.samples import SAMPLE_DATA_DIR
from tests.test_brief_decisions import brief_for

SAMPLES = ["kenya_2008_2013", "kenya_private_security_2023"]
INTERNAL = re.compile(r"FACTS\.md|\b[Ss]eeds? ?\d{3}\b|shared/domain")


@pytest.mark.parametrize("sample", SAMPLES)
def test_no_internal_file_or_seed_is_named_in_a_sample(sample: str) -> None:
    for path in sorted((Path(SAMPLE_DATA_DIR) / sample).iterdir()):
        found = INTERNAL.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found[:3])


@pytest.mark.parametrize(
    ("key", "us", "target", "phase"),
    [("kenya_2008_2013", "uwiano", "kepsa", "acute"), ("kenya_private_security_2023", "usalama", "g4s_kenya", None)],
)
def test_no_internal_reference_reaches_a_brief(key: str, us: str, target: str, phase: str | None) -> None:
    _, brief = brief_for(key, us, target, phase or "upstream")
    text = " ".join([brief.title, *(line for s in brief.sections for line in (s.lead, *s.bullets))])
    assert not INTERNAL.search(text)


def test_the_reference_tables_name_public_documents_not_our_files() -> None:
    reference = Path(__file__).parent.parent / "mapping" / "reference"
    for path in sorted(reference.glob("*.csv")):
        found = INTERNAL.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found[:3])


@pytest.mark.parametrize(
    ("key", "target", "phase", "expected"),
    [
        ("kenya_2008_2013", "kepsa", "acute", ("Quiet meetings with the leaders", "joint peace message")),
        ("kenya_2008_2013", "safaricom", "acute", ("hate speech",)),
        ("kenya_2008_2013", "kepsa", "recovery", ("reconciliation",)),
        ("kenya_private_security_2023", "g4s_kenya", "upstream", ("International Code of Conduct",)),
    ],
)
def test_the_asks_are_for_the_phase(key: str, target: str, phase: str, expected: tuple[str, ...]) -> None:
    us = "uwiano" if key == "kenya_2008_2013" else "usalama"
    _, brief = brief_for(key, us, target, phase)
    asks = " ".join(next(s for s in brief.sections if s.heading == "What to ask").bullets)
    assert all(text in asks for text in expected), asks


def _kenya():
    from mapping.samples import load_sample

    return load_sample("kenya_2008_2013").map


def _security():
    from mapping.samples import load_sample

    return load_sample("kenya_private_security_2023").map


def _texts(smap) -> list[str]:
    return [a.notes for a in smap.actors] + [r.notes for r in smap.relationships]


# --- Kenya 2008-2013 -------------------------------------------------------------------


def test_the_2008_talks_were_mediated_by_the_au_panel_not_brokered_by_kepsa() -> None:
    smap = _kenya()
    mediations = {(r.source, r.target) for r in smap.relationships if r.kind == "mediates"}
    assert {("au_panel", "pnu"), ("au_panel", "odm")} <= mediations
    assert "Panel of Eminent African Personalities" in smap.actor("au_panel").name
    assert {r.source for r in smap.relationships if r.kind == "mediates"} <= {"au_panel", "chair_au_panel"}
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert "brokered talks" not in readme and "brokered the talks" not in readme


def test_kepsa_met_both_principals_on_18_january_2008() -> None:
    smap = _kenya()
    met = {r.target for r in smap.relationships if r.source == "kepsa" and str(r.since) == "2008-01-18"}
    assert {"president_pnu", "odm_leader"} <= met


def test_the_talks_at_kepsas_behest_are_a_single_source_claim_of_low_confidence() -> None:
    smap = _kenya()
    behest = [r for r in smap.relationships if r.source == "kepsa" and "behest" in r.notes]
    assert {r.target for r in behest} == {"pnu", "odm"}
    assert all(r.confidence == "low" and "Single-source claim" in r.notes and r.kind != "mediates" for r in behest)
    assert not any(r.source == "kepsa" and r.kind == "mediates" for r in smap.relationships)


def test_the_broadcast_ban_and_its_risk_tag_name_the_same_ministry() -> None:
    """The ban of 30 Dec 2007 was announced by the Internal Security ministry: tag, ties and notes agree."""
    smap = _kenya()
    tagged = {a.id for a in smap.actors if ("7.6", "enabler") in a.risk_factors}
    ban = {r.source for r in smap.relationships if r.kind == "opposes" and "live broadcasts" in r.notes}
    announced = {a.id for a in smap.actors if "Announced the ban on live broadcasts" in a.notes}
    assert tagged == ban == announced == {"min_internal_security"}
    readme = (Path(SAMPLE_DATA_DIR) / "kenya_2008_2013" / "README.md").read_text()
    line = next(x for x in readme.splitlines() if "(7.6)" in x)
    assert "Internal Security" in line and "Ministry of Information (the 2008 ban" not in line


@pytest.mark.parametrize("load", [_kenya, _security])
def test_no_bulk_verification_stamp(load) -> None:
    from collections import Counter

    actors = load().actors
    dates = Counter(str(a.last_verified) for a in actors if a.last_verified)
    assert not dates or max(dates.values()) <= len(actors) / 3
    assert "2026-11-24" not in dates


@pytest.mark.parametrize(
    ("load", "actor_id", "date"), [(_kenya, "admin_police", "2008-10-15"), (_kenya, "kbc", "2008-04")]
)
def test_a_verification_date_is_the_date_of_the_rows_source(load, actor_id: str, date: str) -> None:
    assert str(load().actor(actor_id).last_verified) == date


def test_claims_beyond_the_sources_are_marked_unverified() -> None:
    smap = _kenya()
    claims = [t for t in _texts(smap) if "50 million" in t or "built the" in t.lower()]
    assert len(claims) >= 2 and all("unverified" in t for t in claims), claims
    resting = [r for r in smap.relationships if "50 million" in r.notes or "built the" in r.notes.lower()]
    assert resting and all(r.confidence != "high" for r in resting)


@pytest.mark.parametrize(
    ("actor_id", "active_from", "active_until"),
    [
        ("sisi_ni_amani", "2010", None),
        ("uwiano", "2010", None),
        ("ncic", "2008-12-24", None),
        ("office_pm", "2008-04-17", "2013-04-09"),  # the grand coalition's Prime Minister
        ("mkenya_daima", "2012-01-30", None),
        ("jubilee", "2012-12-04", None),
        ("cord", "2012-12-04", None),
    ],
)
def test_actors_carry_the_dates_their_sources_give(actor_id: str, active_from: str, active_until: str | None) -> None:
    actor = _kenya().actor(actor_id)
    assert str(actor.active_from) == active_from
    assert (str(actor.active_until) if actor.active_until else None) == active_until


def test_the_2008_and_2013_slices_hold_the_actors_of_their_day() -> None:
    import datetime as dt

    smap = _kenya()
    in_2008 = {a.id for a in smap.actors if a.in_force(dt.date(2008, 2, 1))}
    in_2013 = {a.id for a in smap.actors if a.in_force(dt.date(2013, 2, 15))}
    later = {"ncic", "uwiano", "sisi_ni_amani", "mkenya_daima", "office_pm", "jubilee", "cord", "iebc"}
    assert not later & in_2008 and later <= in_2013
    assert "eck" in in_2008 and not {"eck", "cipev"} & in_2013  # the Waki Commission sat May-October 2008
    assert {"au_panel", "kepsa", "pnu", "odm"} <= in_2008


# --- Kenya private security 2023 ------------------------------------------------------


def test_private_security_companies_are_businesses_and_board_seats_are_not_memberships() -> None:
    smap = _security()
    companies = [
        a
        for a in smap.actors
        if a.sector == "private security" and a.kind not in ("government", "person", "association")
    ]
    assert len(companies) >= 8 and all(a.kind == "business" for a in companies)
    assert not any(a.kind == "security" and a.sector == "private security" for a in smap.actors)
    assert smap.actor("nps").kind == "security"
    assert not any(
        r.kind == "member_of" and ("seat" in r.notes or "Board Director" in r.notes) for r in smap.relationships
    )
    assert not any(r.target == "psra" and r.kind == "member_of" for r in smap.relationships)


def test_the_union_is_seated_on_the_regulators_board_once() -> None:
    smap = _security()
    union = {"knpswu", *(a.id for a in smap.actors if a.parent == "knpswu")}
    seats = [r for r in smap.relationships if r.target == "psra" and r.source in union and r.kind == "leads"]
    assert len(seats) == 1


def test_a_one_day_event_is_not_the_strongest_tie() -> None:
    smap = _security()
    strongest = max(r.strength for r in smap.explicit_relationships)
    one_day = [r for r in smap.explicit_relationships if r.since and r.since == r.until]
    assert one_day and all(r.strength < strongest for r in one_day)


def test_the_companies_that_attended_are_tied_to_the_roundtable_as_assumed() -> None:
    smap = _security()
    attended = {
        r.source: r
        for r in smap.relationships
        if r.target == "usalama" and str(r.since) == "2023-02-28" and smap.actor(r.source).kind == "business"
    }
    assert {"g4s_kenya", "kk_security", "sga_security", "wells_fargo_ke"} <= set(attended)
    assert all(r.confidence == "low" for r in attended.values())  # the report does not name them


def test_the_media_the_report_would_sensitise_and_the_foreign_ministry_are_on_the_map() -> None:
    smap = _security()
    assert sum(a.kind == "media" for a in smap.actors) >= 2
    foreign = smap.actor("min_foreign")
    assert foreign.kind == "government" and "Switzerland" in foreign.notes and "Montreux" in foreign.notes
    assert any(foreign.id in (r.source, r.target) for r in smap.relationships)


def test_risk_tags_prevention_networks_political_actors_and_negative_ties() -> None:
    smap = _security()
    tags = {factor for a in smap.actors for factor, _ in a.risk_factors}
    assert {"7.4", "7.5", "8.8"} <= tags
    assert sum(a.kind == "prevention_network" for a in smap.actors) >= 2
    assert sum(a.kind == "political" for a in smap.actors) >= 2
    assert any(not r.is_positive for r in smap.relationships)


# --- both -----------------------------------------------------------------------------


@pytest.mark.parametrize("load", [_kenya, _security])
def test_every_row_names_a_public_source(load) -> None:
    smap = load()
    assert all(a.source.strip() for a in smap.actors if a.kind != "person" or a.source)
    assert all(r.source_ref.strip() for r in smap.explicit_relationships)
    for text in [*(a.source for a in smap.actors), *(r.source_ref for r in smap.explicit_relationships)]:
        assert not INTERNAL.search(text), text
