"""The app's home and data pages, run headless through Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from mapping.samples import DEFAULT_SAMPLE, load_sample
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def start() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    return app


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def open_data_page(app: AppTest) -> AppTest:
    app.switch_page("views/data.py")
    app.run()
    assert not app.exception, app.exception
    return app


def uploader(app: AppTest) -> Any:
    """The Data page's uploader as it is now (it gets a new key, empty, after each upload that loads)."""
    round_number = app.session_state.get("upload_round", 0)
    return app.file_uploader(key="upload_files" if round_number == 0 else f"upload_files_{round_number}")


def upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    uploader(app).set_value([(name, data, "text/csv") for name, data in files])
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_corrected_file_replaces_the_one_before_and_only_its_findings_show() -> None:
    app = open_data_page(start())
    bad_actors = SMALL_ACTORS + "x,X,Compnay,,,,9,,,,,\n"
    upload(app, ("actors.csv", bad_actors.encode()), ("relationships.csv", SMALL_RELATIONSHIPS.encode()))
    assert app.error and len(uploader(app).value) == 2  # a failed upload keeps its files, to be fixed
    # The corrected actors.csv is dropped beside the old files: the uploader holds three, the check uses two.
    upload(
        app,
        ("actors.csv", bad_actors.encode()),
        ("relationships.csv", SMALL_RELATIONSHIPS.encode()),
        ("actors.csv", SMALL_ACTORS.encode()),
    )
    assert not app.error and any("Loaded" in s.value for s in app.success)
    reports = [d.value for d in app.dataframe if "severity" in d.value.columns]
    assert all(r.severity != "error" for report in reports for r in report.itertuples())
    assert not uploader(app).value  # emptied: the next upload starts afresh and replaces this one
    assert any("Loaded from: relationships.csv, actors.csv" in c.value for c in app.caption)


def test_removing_the_files_of_a_failed_upload_clears_its_findings() -> None:
    app = open_data_page(start())
    upload(
        app, ("actors.csv", (SMALL_ACTORS + "umbrella,Another Umbrella,business,,,,,,,,,\n").encode())
    )  # a second id
    assert app.error
    upload(app)  # every file removed with its ×
    assert not app.error and not app.dataframe
    app.switch_page("views/home.py").run()
    assert metric(app, "Actors") != "0"  # the map that was active is still there


def test_home_shows_the_kenya_sample_with_counts_and_a_map() -> None:
    app = start()
    kenya = load_sample(DEFAULT_SAMPLE).map
    assert app.subheader[0].value == kenya.title
    assert metric(app, "Actors") == str(len(kenya))
    assert metric(app, "Relationships") == str(len(kenya.relationships))
    frames = app.get("iframe")
    assert frames, "the map preview is missing"
    html = frames[0].proto.srcdoc
    assert "vis.Network" in html and kenya.actors[0].name.split(" (")[0] in html
    assert len(app.get("plotly_chart")) == 2


def test_sidebar_switches_between_samples() -> None:
    app = start()
    app.sidebar.selectbox(key="map_picker").set_value("sample:kenya_private_security_2023").run()
    assert not app.exception
    assert app.subheader[0].value == load_sample("kenya_private_security_2023").map.title


def test_valid_upload_becomes_the_active_map() -> None:
    app = open_data_page(start())
    upload(app, ("actors.csv", SMALL_ACTORS.encode()), ("relationships.csv", SMALL_RELATIONSHIPS.encode()))
    assert app.success and "10 actors" in app.success[0].value
    assert app.session_state["active_map_source"] == "upload"
    app.switch_page("views/home.py").run()
    assert metric(app, "Actors") == "10"


def test_invalid_upload_lists_every_problem_and_keeps_the_current_map() -> None:
    app = open_data_page(start())
    upload(app, ("actors.csv", SMALL_ACTORS.encode()), ("relationships.csv", SMALL_RELATIONSHIPS.encode()))
    bad_actors = SMALL_ACTORS + "x,X,Compnay,,,,9,,,,,\n"
    upload(app, ("actors.csv", bad_actors.encode()), ("relationships.csv", SMALL_RELATIONSHIPS.encode()))
    assert app.error and "Nothing was changed" in app.error[0].value
    report = next(d.value for d in app.dataframe if "code" in d.value.columns)
    assert {(r.row, r.column, r.code) for r in report.itertuples()} >= {
        ("12", "kind", "default-kind"),
        ("12", "influence", "out-of-range"),
    }
    app.switch_page("views/home.py").run()
    assert metric(app, "Actors") == "10", "the last good map must survive a failed upload"


def test_data_page_offers_templates_and_the_dictionary() -> None:
    app = open_data_page(start())
    labels = {button.proto.label for button in app.get("download_button")}
    assert {"actors.csv", "relationships.csv", "stakeholder_map_template.xlsx", "DATA_DICTIONARY.md"} <= labels
    assert "Workbook (.xlsx)" in labels
    assert any("Data dictionary" in md.value for md in app.markdown)


@pytest.mark.parametrize("page", ["views/home.py", "views/data.py"])
def test_every_page_renders_on_every_sample(page: str) -> None:
    app = start()
    # AppTest drops the sidebar after switch_page, so the choice is made through session state.
    for source in ("sample:kenya_2008_2013", "sample:kenya_private_security_2023"):
        app.session_state["active_map_source"] = source
        app.switch_page(page).run()
        assert not app.exception, (page, source, app.exception)


def test_data_page_imports_another_tools_file_and_offers_exports() -> None:
    import io

    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node("kepsa", label="KEPSA", kind="association")
    graph.add_node("telco", label="Telco", kind="business")
    graph.add_edge("telco", "kepsa", kind="member_of", weight=0.6)
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    app = open_data_page(start())
    app.file_uploader(key="upload_files").set_value([("gephi.gexf", buffer.getvalue(), "application/xml")]).run()
    assert not app.exception
    assert app.success and "2 actors" in app.success[0].value
    labels = {button.proto.label for button in app.get("download_button")}
    assert any(label.startswith("Download (") for label in labels)
