"""What the pages' download buttons give, pressed for real.

Heavy files are made only when their button is pressed (a callable given to
`st.download_button`), so a page's reruns do not pay for them. Streamlit registers
the callable with its media file manager, which AppTest replaces on every run; the
`pressed` fixture keeps what the page registered, and `press` runs it as Streamlit
does on a click, so a broken download fails here and not in a user's hands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from mapping.read import decode_text
from tests.test_map_page import NAMED_ACTORS, NAMED_RELATIONSHIPS, NAMES
from tests.test_pages_analysis import APP, open_page

Press = Callable[[AppTest, str], bytes]


@pytest.fixture
def press(monkeypatch: pytest.MonkeyPatch) -> Iterator[Press]:
    """Press a download button by its label and return the file it gives."""
    registered: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def keep(self: MediaFileManager, data: Callable[[], object], *args: object, **kwargs: object) -> str:
        file_id = original(self, data, *args, **kwargs)
        registered[file_id] = data
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)

    def pressed(app: AppTest, label: str) -> bytes:
        # (the Data page also offers the blank templates, small static files, under the same names)
        buttons = [b for b in app.get("download_button") if b.proto.label == label]
        deferred = [b.proto.deferred_file_id for b in buttons if b.proto.deferred_file_id]
        assert buttons and deferred, f"{label} is made when pressed, not on every rerun"
        data = registered[deferred[0]]()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)

    yield pressed


def test_the_analysis_workbook_holds_the_routes_the_ranking_and_the_method(press: Press) -> None:
    app = open_page("views/paths.py", us=["uwiano"], target="odm")
    book = load_workbook(io.BytesIO(press(app, "Download the analysis workbook (.xlsx)")), read_only=True)
    assert len(book.sheetnames) >= 3
    text = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    assert "Kenya Private Sector Alliance (KEPSA)" in text and "Orange Democratic Movement (ODM)" in text
    routes = decode_text(press(app, "Download routes (CSV)"))
    assert "route" in routes.splitlines()[0].split(",") and "KEPSA" in routes


def test_the_leaders_downloads_are_the_tables_shown(press: Press) -> None:
    app = open_page("views/leaders.py", us=["uwiano"])
    organisations = decode_text(press(app, "Download organisations (CSV)")).splitlines()
    people = decode_text(press(app, "Download people (CSV)")).splitlines()
    shown = next(df.value for df in app.dataframe if "score" in df.value.columns)
    assert len(organisations) == len(shown) + 1
    assert len(people) > 1


def test_the_scenario_download_lists_the_rank_changes(press: Press) -> None:
    app = open_page("views/scenarios.py", us=["uwiano"])
    app.button[0].click().run()  # the first example scenario
    assert not app.exception, app.exception
    changes = decode_text(press(app, "Download rank changes (CSV)")).splitlines()
    assert len(changes) > 1


@pytest.mark.parametrize("hidden", [False, True])
def test_the_data_page_downloads_follow_the_hide_names_switch(press: Press, hidden: bool) -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page("views/data.py").run()
    files = [
        ("actors.csv", NAMED_ACTORS.encode(), "text/csv"),
        ("relationships.csv", NAMED_RELATIONSHIPS.encode(), "text/csv"),
    ]
    app.file_uploader(key="upload_files").set_value(files).run()
    switch = next(c for c in app.checkbox if c.label == "Hide people's names in these downloads")
    switch.set_value(hidden).run()
    assert not app.exception, app.exception
    actors = decode_text(press(app, "actors.csv"))
    book = load_workbook(io.BytesIO(press(app, "Workbook (.xlsx)")), read_only=True)
    workbook = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    for name in NAMES:
        assert (name in actors) is not hidden
        assert (name in workbook) is not hidden


def test_the_data_page_downloads_the_map_as_of_the_sidebar_date(press: Press) -> None:
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["as_of_on"] = True
    app.session_state["as_of"] = dt.date(2008, 2, 1)
    app.run()
    app.switch_page("views/data.py").run()
    assert not app.exception, app.exception
    only = next(c for c in app.checkbox if c.label.startswith("Only what was in force on"))
    assert only.label == "Only what was in force on 01 February 2008" and only.value
    ids = {row["id"] for row in csv.DictReader(io.StringIO(decode_text(press(app, "actors.csv"))))}
    assert "kepsa" in ids and "mkenya_daima" not in ids and "uwiano" not in ids
    only.set_value(False).run()
    assert "mkenya_daima" in {row["id"] for row in csv.DictReader(io.StringIO(decode_text(press(app, "actors.csv"))))}
