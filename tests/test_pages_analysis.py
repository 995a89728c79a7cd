"""The Influence paths, Leaders and Scenarios pages, run headless through AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SAMPLES = ["sample:kenya_2008_2013", "sample:kenya_private_security_2023"]
ANALYSIS_PAGES = ["views/paths.py", "views/leaders.py", "views/scenarios.py", "views/measures.py"]


def open_page(page: str, source: str = SAMPLES[0], **state: object) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.session_state["active_map_source"] = source
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def upload_small_map(app: AppTest) -> None:
    app.switch_page("views/data.py").run()
    files = [
        ("actors.csv", SMALL_ACTORS.encode(), "text/csv"),
        ("relationships.csv", SMALL_RELATIONSHIPS.encode(), "text/csv"),
    ]
    app.file_uploader(key="upload_files").set_value(files).run()
    assert app.session_state["active_map_source"] == "upload"


def frame(app: AppTest, column: str):
    """The first dataframe shown that has the column."""
    return next(df.value for df in app.dataframe if column in df.value.columns)


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
@pytest.mark.parametrize("source", SAMPLES)
def test_page_renders_on_each_sample(page: str, source: str) -> None:
    app = open_page(page, source)
    assert app.title[0].value
    assert any("How is this computed" in e.label for e in app.expander)


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_page_renders_on_an_uploaded_map(page: str) -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    upload_small_map(app)
    app.session_state["us"] = ["ngo"]
    app.session_state["target"] = "ministry"
    app.switch_page(page).run()
    assert not app.exception, app.exception


def test_paths_page_shows_routes_summary_and_critical_brokers() -> None:
    app = open_page("views/paths.py", us=["uwiano"], target="odm")
    routes = frame(app, "route")
    assert len(routes) == 3
    assert list(routes["strength"]) == sorted(routes["strength"], reverse=True)
    assert "Kenya Private Sector Alliance (KEPSA)" in routes["brokers"].iloc[0]
    summary = next(md.value for md in app.markdown if md.value.startswith("The strongest route"))
    assert "Orange Democratic Movement \\(ODM\\)" in summary  # names are shown as text: Markdown escaped
    assert "broker" in frame(app, "broker").columns
    labels = {button.proto.label for button in app.get("download_button")}
    assert "Download the analysis workbook (.xlsx)" in labels
    drawing = json.loads(app.get("bidi_component")[0].proto.json)
    assert drawing["picture"]["title"].startswith("Route 1 to Orange Democratic Movement (ODM)")
    route = routes["route"].iloc[0].split(" → ")
    assert [step["step"] for step in drawing["steps"]] == list(range(1, len(route)))
    assert len(drawing["fit"]) == len(route)  # the view is zoomed to the route
    dimmed = [node for node in drawing["nodes"] if node.get("dim")]
    assert dimmed and len(dimmed) == len(drawing["nodes"]) - len(route)  # the rest is dimmed
    chain = next(element.proto.body for element in app.get("html") if "route-chain" in element.proto.body)
    assert chain.count('class="route-actor"') == len(route) and chain.count('class="route-hop"') == len(route) - 1
    assert "Orange Democratic Movement (ODM)" in chain and "confidence" in chain


def test_opening_a_route_on_the_map_page_works_in_a_fresh_session() -> None:
    app = open_page("views/paths.py", us=["uwiano"], target="odm")  # the Map page was never opened
    route = tuple(frame(app, "route")["route"].iloc[0].split(" → "))
    app.button(key="paths_open_on_map").click().run()
    assert not app.exception, app.exception
    assert len(app.session_state["map_path"]) == len(route)
    drawing = json.loads(app.get("bidi_component")[0].proto.json)
    assert [step["step"] for step in drawing["steps"]] == list(range(1, len(route)))
    assert any("Highlighted path" in info.value for info in app.info)


def test_paths_page_avoiding_a_broker_changes_the_routes() -> None:
    app = open_page("views/paths.py", us=["uwiano"], target="odm")
    before = frame(app, "route")
    app.multiselect(key="avoid_actors").set_value(["kepsa"]).run()
    after = frame(app, "route")
    assert not after["brokers"].str.contains("KEPSA").any()
    assert after["strength"].iloc[0] <= before["strength"].iloc[0]


def test_paths_page_asks_for_inputs_first() -> None:
    app = open_page("views/paths.py")
    assert any("Choose who" in info.value for info in app.info)


def test_leaders_page_ranks_organisations_and_people() -> None:
    app = open_page("views/leaders.py", us=["uwiano"])
    organisations = frame(app, "reason")
    assert organisations["name"].iloc[0] == "Kenya Private Sector Alliance (KEPSA)"
    assert {"reach", "accessibility", "brokerage", "convening", "alignment", "trust"} <= set(organisations.columns)
    people = frame(app, "seniority factor")
    assert people["name"].iloc[0] == "Chair, KEPSA"
    assert app.get("plotly_chart")


def test_leaders_page_weights_change_the_ranking() -> None:
    app = open_page("views/leaders.py", us=["uwiano"])
    before = list(frame(app, "reason")["name"][:5])
    for component in ("reach", "brokerage", "convening", "alignment", "trust"):
        app.slider(key=f"weight_all_{component}").set_value(0.0)
    app.run()
    after = list(frame(app, "reason")["name"][:5])
    assert after != before, "ranking by accessibility alone must differ"


def test_scenario_example_removes_civil_society_and_faith() -> None:
    app = open_page("views/scenarios.py", us=["uwiano"])
    assert any("Choose actors" in info.value for info in app.info)
    app.button[0].click().run()
    assert not app.exception
    changes = frame(app, "scenario rank")
    removed = set(changes.loc[changes["change"] == "removed", "name"])
    assert "Concerned Citizens for Peace (CCP)" in removed
    assert "Kenya Private Sector Alliance (KEPSA)" not in removed
    bridges = frame(app, "share after")
    # Over all time the AU Panel's mediation, running both ways, carries the routes between the sides (issue 16).
    assert "AU Panel of Eminent African Personalities" in set(bridges["broker"].head(3))


def test_scenario_removing_an_actor_changes_the_ranking_shown() -> None:
    app = open_page("views/scenarios.py", us=["uwiano"])
    app.multiselect(key="scenario_remove").set_value(["kepsa"]).run()
    changes = frame(app, "scenario rank")
    assert changes.loc[changes["name"] == "Kenya Private Sector Alliance (KEPSA)", "change"].item() == "removed"
    assert changes["change"].str.startswith("up").any()


def test_us_and_target_persist_across_pages() -> None:
    app = open_page("views/paths.py", us=["uwiano"], target="odm")
    app.switch_page("views/leaders.py").run()
    app.switch_page("views/paths.py").run()
    assert app.multiselect[0].value == ["uwiano"]
    assert app.selectbox[0].value == "odm"


def test_the_sidebar_date_frames_the_ranking_and_the_routes() -> None:
    """As of 2008-02-01 the Mkenya Daima campaign (2012) carries no route: the date reaches every page."""
    import datetime as dt

    on_day = {"as_of_on": True, "as_of": dt.date(2008, 2, 1), "us": ["kepsa"], "target": "odm"}
    paths = frame(open_page("views/paths.py", **on_day), "route")
    assert not paths["route"].str.contains("Mkenya Daima").any()
    whole = frame(open_page("views/leaders.py", us=["kepsa"]), "score")
    dated = frame(open_page("views/leaders.py", **on_day), "score")
    assert not whole.equals(dated)
    assert not dated["name"].str.contains("Mkenya Daima").any()


def test_leaders_shows_rank_ranges_decision_makers_and_folded_units() -> None:
    app = open_page("views/leaders.py", us=["uwiano"])
    organisations = frame(app, "rank range")
    assert organisations["rank range"].iloc[0].startswith("1st")
    assert "Mkenya Daima campaign" in " ".join(organisations["includes"])
    assert not organisations["name"].isin(["Party of National Unity (PNU)", "Office of the President"]).any()
    makers = frame(app, "decision-maker")
    assert {"Party of National Unity (PNU)", "Orange Democratic Movement (ODM)"} <= set(makers["decision-maker"])
    assert any("top 5 are the same" in m.value for m in app.markdown)


def test_on_a_large_map_rank_ranges_wait_for_a_click() -> None:
    from mapping.model import Actor, Relationship, StakeholderMap

    firms = [Actor(f"f{i}", f"Firm {i}", "business") for i in range(320)]
    ties = [Relationship(f.id, "gov", "dialogue", 0.5, "directed") for f in firms]
    big = StakeholderMap([*firms, Actor("gov", "Ministry", "government")], ties, title="big")
    app = open_page("views/leaders.py", source="upload", uploaded_map=big)
    assert "rank range" not in frame(app, "score").columns
    app.button(key="ranges_compute").click().run()
    assert not app.exception
    assert "rank range" in frame(app, "score").columns


def test_leaders_compare_two_dates() -> None:
    import datetime as dt

    app = open_page("views/leaders.py", us=["kepsa"])
    assert not [d for d in app.date_input if d.key == "leaders_dates_first"], "asked for, not run on every change"
    app.toggle(key="leaders_dates_on").set_value(True).run()
    app.date_input(key="leaders_dates_first").set_value(dt.date(2008, 2, 1)).run()
    app.date_input(key="leaders_dates_second").set_value(dt.date(2013, 2, 15)).run()
    assert not app.exception
    changes = frame(app, "2008-02-01 rank")
    assert "2013-02-15 rank" in changes.columns and len(changes) > 10
