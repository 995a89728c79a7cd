"""The prevention lens: reference tables, country risk, phases, briefs, the plan and coverage gaps."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from mapping import reference
from mapping.analysis.coalitions import find_coalitions
from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import PHASE_COMPONENTS, RankingQuery, rank_actors
from mapping.lens.brief import brief_html, brief_markdown, build_brief, escape_markdown, matching_asks
from mapping.lens.country_risk import country_code, read_ewp
from mapping.lens.plan import PlanItem, coverage_gaps, plan_csv_bytes, read_plan
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.samples import SAMPLE_DATA_DIR

EWP_2025 = SAMPLE_DATA_DIR / "reference" / "ewp_2025_final_forecasts.csv"
REFERENCE_TABLES = sorted(p.name for p in Path(reference.FOLDER).glob("*.csv"))


@pytest.mark.parametrize("name", REFERENCE_TABLES)
def test_every_reference_row_has_a_source(name: str) -> None:
    rows = reference.read_table(name)
    assert rows, name
    source_column = "source" if "source" in rows[0] else "note"
    if source_column == "note":  # country aliases document spellings; the ISO code is the reference
        assert all(r["iso3"] for r in rows)
        return
    assert [i for i, r in enumerate(rows) if not r["source"].strip()] == []


def test_framework_has_fourteen_factors_and_the_business_indicators() -> None:
    factors = reference.risk_factors()
    assert [f.number for f in factors] == list(range(1, 15))
    assert {i.indicator for i in reference.business_indicators()} == {
        "7.4",
        "7.5",
        "7.6",
        "7.7",
        "8.7",
        "8.8",
        "8.9",
        "8.10",
        "9.4",
    }


def test_phase_weights_cover_every_component() -> None:
    for phase, weights in reference.phase_weights().items():
        assert set(weights) == set(PHASE_COMPONENTS), phase
        assert sum(weights.values()) == pytest.approx(1.0)


def test_ewp_2025_file_as_published() -> None:
    table, issues = read_ewp(InputFile(EWP_2025.name, EWP_2025.read_bytes()))
    assert issues == []
    assert table.risk_column == "risk.2025and2026.from2024"
    assert table.rank_column == "rank.2025and2026.from2025"
    assert len(table.rows) == 168
    kenya = table.for_country("Kenya")
    assert (kenya.rank, kenya.risk, kenya.period, kenya.year) == (43, pytest.approx(0.02123), "2025-2026", "2024")
    assert table.for_country("Myanmar").rank == 1  # EWP's "Burma/Myanmar"
    assert table.for_country("KGZ").name == "Kyrgystan"


def test_older_ewp_files_and_unmatched_countries() -> None:
    data = b"country,SFTGcode,COW,risk_in_2022,risk_in_2022_23\nMyanmar,MYA,775,0.1,0.15\nKenya,KEN,501,0.02,0.03\nAtlantis,ATL,0,1,1\n"
    table, issues = read_ewp(InputFile("ewp2022.csv", data))
    assert table.risk_column == "risk_in_2022_23"
    assert table.for_country("Kenya").rank == 2  # ranked by risk when the file has no rank column
    assert [(i.row, i.code) for i in issues] == [(4, "unknown-value")]
    assert "Atlantis" in issues[0].message


def test_not_an_ewp_file() -> None:
    table, issues = read_ewp(InputFile("x.csv", b"a,b\n1,2\n"))
    assert table is None and issues[0].code == "missing-column"


@pytest.mark.parametrize(
    "name, code", [("Kenya", "KEN"), ("Côte d'Ivoire", "CIV"), ("Kosovo", "XKX"), ("Narnia", None)]
)
def test_country_codes_are_exact_never_fuzzy(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_phase_view_changes_the_ranking_where_it_should(kenya_map: StakeholderMap) -> None:
    base = rank_actors(kenya_map, RankingQuery(us=("uwiano",)))
    acute = rank_actors(kenya_map, RankingQuery(us=("uwiano",), phase="acute"))
    upstream = rank_actors(kenya_map, RankingQuery(us=("uwiano",), phase="upstream"))
    assert "capability" in acute.weights and "capability" not in base.weights
    assert acute.weights["reach"] > upstream.weights["reach"]
    assert upstream.weights["trust"] > acute.weights["trust"]
    position = {row.id: row.rank for row in acute.actors}
    assert position["safaricom"] < base.by_id()["safaricom"].rank  # content moderation, peace messaging count in acute
    declared_elsewhere = [a.id for a in kenya_map.actors if a.phases and "acute" not in a.phases and not a.is_person]
    assert declared_elsewhere and not set(declared_elsewhere) & set(position)


@pytest.fixture(scope="module")
def safaricom_brief(kenya_map: StakeholderMap):
    query = RankingQuery(us=("uwiano",), phase="acute")
    ranking = rank_actors(kenya_map, query)
    leaders = rank_leaders(kenya_map, ranking)
    plan = [PlanItem("safaricom", "Bulk-SMS hate-speech filtering", "Amina", "planned", "Call the CEO", "2013-01-15")]
    return ranking, build_brief(kenya_map, "safaricom", ranking, leaders, find_coalitions(kenya_map), plan, "acute")


def test_brief_holds_the_real_paths_components_asks_and_plan(safaricom_brief, kenya_map: StakeholderMap) -> None:
    ranking, brief = safaricom_brief
    sections = {s.heading: s for s in brief.sections}
    row = ranking.by_id()["safaricom"]
    assert f"Ranked {row.rank} of {len(ranking.actors)}" in sections["Why them"].lead
    assert f"reach {row.components['reach']:.2f}" in " ".join(sections["Why them"].bullets)
    assert sections["How to reach them"].lead.startswith("Strongest route from us: Uwiano Platform for Peace →")
    assert any("hate speech" in b for b in sections["What to ask"].bullets)
    assert any("language of atrocities" in b for b in sections["How to frame it"].bullets)
    assert any("Bulk-SMS hate-speech filtering" in b for b in sections["Engagement plan"].bullets)


def test_brief_flags_risks_plainly(kenya_map: StakeholderMap) -> None:
    ranking = rank_actors(kenya_map, RankingQuery(us=("uwiano",)))
    brief = build_brief(kenya_map, "csr_kcb", ranking)
    risks = next(s for s in brief.sections if s.heading.startswith("Do no harm"))
    assert any("CSR appointee" in b for b in risks.bullets)
    radio = build_brief(kenya_map, "vernacular_fm", ranking)
    harms = next(s for s in radio.sections if s.heading.startswith("Do no harm")).bullets
    assert any("Opposition" in b for b in harms)


def test_asks_match_sector_kind_and_phase(kenya_map: StakeholderMap) -> None:
    asks = [ask for ask, _ in matching_asks(kenya_map.actor("kepsa"), "acute")]
    assert any("private diplomacy" in a for a in asks)
    assert not any("Inclusive business practices" in a for a in matching_asks(kenya_map.actor("safaricom"), "acute"))


def test_hostile_labels_stay_text_in_briefs(load_text) -> None:
    payload = "<script>alert(1)</script> [x](javascript:alert(1)) # heading"
    actors = f'name,kind,notes\n"{payload}",business,"{payload}"\nUs,prevention_network,\n'
    smap = load_text(actors, f'source,target,kind\nUs,"{payload}",dialogue\n').map
    ranking = rank_actors(smap, RankingQuery(us=("Us",)))
    brief = build_brief(smap, payload, ranking)
    page = brief_html(brief)
    assert "<script>" not in page and html.escape("<script>") in page
    markdown = brief_markdown(brief)
    assert "[x](javascript" not in markdown and "\\[x\\]\\(javascript" in markdown
    assert escape_markdown("# heading").startswith("\\#")


def test_plan_round_trips_through_csv(kenya_map: StakeholderMap) -> None:
    items = [PlanItem("safaricom", "=HYPERLINK(1)", "Amina", "in progress", "Call", "2013-01-15")]
    data = plan_csv_bytes(kenya_map, items, ["uwiano"])
    assert b"'=HYPERLINK" in data
    again, issues = read_plan(kenya_map, InputFile("plan.csv", data))
    assert issues == [] and again == items


def test_plan_problems_are_located(kenya_map: StakeholderMap) -> None:
    data = b"target,ask,status,due\nSafaricomm,x,planned,\nkepsa,y,someday,\nkepsa,z,done,03/04/2013\n"
    items, issues = read_plan(kenya_map, InputFile("plan.csv", data))
    assert items == []
    assert [(i.row, i.column, i.code) for i in issues] == [
        (2, "target", "unknown-actor"),
        (3, "status", "unknown-value"),
        (4, "due", "invalid-date"),
    ]


def test_coverage_gaps_on_a_small_map(load_text) -> None:
    actors = (
        "id,name,kind,sector,region,stance\n"
        "us,Us,prevention_network,,,champion\n"
        "bank,Bank,business,banking,North,supportive\n"
        "mill,Mill,business,manufacturing (textiles),South,neutral\n"
        "far,Far Telco,business,telecoms,North,champion\n"
    )
    relationships = "source,target,kind,strength\nus,bank,dialogue,0.6\nus,mill,dialogue,0.9\nmill,far,supplies,0.1\n"
    smap = load_text(actors, relationships).map
    gaps = {(g.dimension, g.value): g for g in coverage_gaps(smap, ["us"], threshold=0.2)}
    # A trusted route to any actor we may engage is a way in, whatever its stance: the neutral mill (0.9) is one.
    assert set(gaps) == {("sector", "telecoms")}
    assert gaps[("sector", "telecoms")].why == "trusted routes reach it only at 0.09"
    assert gaps[("sector", "telecoms")].best_candidate == "far"
