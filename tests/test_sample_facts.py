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


def test_the_2008_talks_were_mediated_by_the_au_panel_not_brokered_by_kepsa() -> None:
    smap = _kenya()
    mediations = {(r.source, r.target) for r in smap.relationships if r.kind == "mediates"}
    assert {("au_panel", "pnu"), ("au_panel", "odm")} <= mediations
    assert not any(r.source == "kepsa" and r.kind == "mediates" and r.confidence == "high" for r in smap.relationships)
    assert "brokered talks" not in (Path(__file__).parent.parent / "README.md").read_text()


def test_the_broadcast_ban_and_its_risk_tag_name_the_same_ministry() -> None:
    smap = _kenya()
    tagged = {a.id for a in smap.actors if ("7.6", "enabler") in a.risk_factors}
    ban = {r.source for r in smap.relationships if "live broadcasts" in r.notes and r.kind == "opposes"}
    assert tagged == ban == {"min_internal_security"}


@pytest.mark.parametrize("load", [_kenya, _security])
def test_no_bulk_verification_stamp(load) -> None:
    from collections import Counter

    dates = Counter(str(a.last_verified) for a in load().actors if a.last_verified)
    assert not dates or max(dates.values()) <= len(load().actors) / 3


def test_claims_beyond_the_sources_are_marked_unverified() -> None:
    smap = _kenya()
    texts = [a.notes for a in smap.actors] + [r.notes for r in smap.relationships]
    for text in texts:
        if "50 million" in text or "built the" in text.lower():
            assert "unverified" in text, text


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
    assert not any(r.target == "psra" and r.kind == "member_of" for r in smap.relationships)
    union = {"knpswu", *(a.id for a in smap.actors if a.parent == "knpswu")}
    seats = [r for r in smap.relationships if r.target == "psra" and r.source in union and r.kind == "leads"]
    assert len(seats) == 1  # the union holds its seats once, not again through its secretary general


def test_a_one_day_event_is_not_the_strongest_tie() -> None:
    smap = _security()
    strongest = max(r.strength for r in smap.explicit_relationships)
    one_day = [r for r in smap.explicit_relationships if r.since and r.since == r.until]
    assert one_day and all(r.strength < strongest for r in one_day)
