"""The Network measures page: the grid, the figures, each actor's position and who could stand in."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from tests.test_map_page import NAMED_ACTORS, NAMED_RELATIONSHIPS, NAMES
from tests.test_pages_analysis import APP, frame, open_page

PAGE = "views/measures.py"


def test_the_page_shows_the_grid_the_summary_the_table_and_stand_ins() -> None:
    app = open_page(PAGE)
    labels = {m.label: m.value for m in app.metric}
    assert labels["Actors"] == "91" and "Density" in labels and "Centralisation" in labels
    assert [c for c in app.get("plotly_chart")], "the power-interest chart"
    grid = frame(app, "quadrant")
    assert set(grid["quadrant"]) <= {"manage closely", "keep satisfied", "keep informed", "monitor"}
    assert (grid["interest is"] == "estimated from stance").all()  # the sample rates no interest
    positions = frame(app, "eigenvector")
    assert len(positions) == 91
    assert {"constraint", "effective size"} <= set(positions.columns)
    assert {"coordinator", "liaison"} <= set(frame(app, "liaison").columns)
    stand_in = frame(app, "could stand in")
    assert app.selectbox(key="stand_in_for").value == "kepsa" and len(stand_in) == 5
    definitions = " ".join(c.value for c in app.caption)
    assert "Mendelow" in definitions and "cosine similarity" in definitions


def test_the_sidebar_date_frames_the_measures() -> None:
    app = open_page(PAGE, as_of_on=True, as_of=dt.date(2008, 2, 1))
    positions = frame(app, "eigenvector")
    assert "Mkenya Daima campaign" not in set(positions["actor"])
    assert frame(app, "could stand in")["could stand in"].iloc[0] == "AU Panel of Eminent African Personalities"


def test_hidden_names_stay_hidden_on_the_page() -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page("views/data.py").run()
    files = [
        ("actors.csv", NAMED_ACTORS.encode(), "text/csv"),
        ("relationships.csv", NAMED_RELATIONSHIPS.encode(), "text/csv"),
    ]
    app.file_uploader(key="upload_files").set_value(files).run()
    app.session_state["map_redact"] = True
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    shown = " ".join(
        [
            *frame(app, "eigenvector")["actor"],
            *frame(app, "quadrant")["actor"],
            *map(str, app.selectbox(key="stand_in_for").options),
        ]
    )
    assert "Chair" in shown
    assert not [name for name in NAMES if name in shown]
