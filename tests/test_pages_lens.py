"""The prevention-lens pages (brief, plan, country context), the phase switch and redaction on analysis pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.lens.plan import PlanItem
from mapping.samples import load_sample
from mapping.view import display_names

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SAMPLES = ["sample:kenya_2008_2013", "sample:kenya_private_security_2023"]


def open_page(page: str, source: str = SAMPLES[0], **state: object) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.session_state["active_map_source"] = source
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("page", ["views/brief.py", "views/plan.py", "views/context.py"])
@pytest.mark.parametrize("source", SAMPLES)
def test_lens_pages_render_on_each_sample(page: str, source: str) -> None:
    open_page(page, source, us=["uwiano"] if "2008" in source else [])


def test_brief_page_shows_the_real_route_and_offers_downloads() -> None:
    app = open_page("views/brief.py", us=["uwiano"], phase="acute")
    app.selectbox(key="brief_actor").set_value("safaricom").run()
    text = "\n".join(md.value for md in app.markdown)
    assert "Engagement brief: Safaricom" in text
    assert "Uwiano Platform for Peace →" in text
    assert "language of atrocities" in text  # acute framing
    labels = {b.proto.label for b in app.get("download_button")}
    assert {"Download (Markdown)", "Download (printable HTML)"} <= labels


def test_phase_switch_changes_the_leaders_ranking() -> None:
    every = open_page("views/leaders.py", us=["uwiano"])
    acute = open_page("views/leaders.py", us=["uwiano"], phase="acute")

    def top(app: AppTest) -> list[str]:
        table = next(df.value for df in app.dataframe if "reason" in df.value.columns)
        return list(table["name"][:6])

    assert top(every) != top(acute)
    assert any(df.value.columns.__contains__("capability") for df in acute.dataframe)


def test_context_page_shows_kenya_risk_and_the_framework() -> None:
    app = open_page("views/context.py")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Country of the map"] == "Kenya"
    assert metrics["Rank"] == "43 of 168"
    factors = next(df.value for df in app.dataframe if "code" in df.value.columns)
    assert {"1", "14", "8.7"} <= set(factors["code"])
    hate_speech = factors.loc[factors["code"] == "8.7"].iloc[0]
    assert "Safaricom" in hate_speech["mitigators on the map"]
    assert "Vernacular FM stations" in hate_speech["enablers on the map"]


def test_plan_page_shows_entry_paths_and_coverage_gaps() -> None:
    plan = [PlanItem("safaricom", "Peace SMS", "Amina", "planned", "Call", "2013-01-15")]
    app = open_page("views/plan.py", us=["uwiano"], plan=plan)
    tables = [df.value for df in app.dataframe]
    paths = next(t for t in tables if "entry path" in t.columns)
    assert paths["entry path"].iloc[0].startswith("Uwiano Platform for Peace →")
    gaps = next(t for t in tables if "why a gap" in t.columns)
    assert len(gaps) > 0
    assert "gaps that matter most:" in app.get("iframe")[0].proto.srcdoc


def test_redaction_hides_people_on_the_analysis_pages() -> None:
    app = open_page("views/leaders.py", us=["uwiano"], map_redact=True)
    people = next(df.value for df in app.dataframe if "seniority factor" in df.value.columns)
    kenya = load_sample("kenya_2008_2013").map
    shown = set(people["name"])
    names = display_names(kenya, redact=True)
    ranked = rank_leaders(kenya, rank_actors(kenya, RankingQuery(us=("uwiano",))))
    assert shown == {names.of(leader.id) for leader in ranked}
    real = {p.name for p in kenya.actors_of_kind("person")} - {names.of(p.id) for p in kenya.actors_of_kind("person")}
    assert "CEO, Safaricom" in real and not shown & real
