"""The app's download buttons with people's names hidden: the files `export_files` makes, and findings first.

Buttons are pressed for real (the callable Streamlit registers is run, as on a
click). The Data page gets the planted map as a workbook named after a person
(its title comes from the file name); the workspace download gets a map with an
uncertain word, whose finding must show above the buttons without the word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from mapping.export import workbook_bytes
from mapping.formats import EXPORT_FORMATS, export_files
from mapping.model import StakeholderMap
from mapping.store import WorkspaceService
from tests.redaction_maps import AMINA_SHOWN, names_in, planted_map
from tests.test_redaction import text_of, uncertain_map
from tests.test_redaction_cli import content
from tests.test_workspace_pages import service  # noqa: F401 - a fresh workspace database per test

APP = str(Path(__file__).resolve().parent.parent / "app.py")
Pressed = Callable[[AppTest, str], tuple[str, bytes]]


@pytest.fixture
def press(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pressed]:
    """Press a download button by its label: the file name it offers and the bytes it gives."""
    registered: dict[str, tuple[Callable[[], object], str | None]] = {}
    original = MediaFileManager.add_deferred

    def keep(self: MediaFileManager, data: Callable[[], object], mimetype: str | None, *args, **kwargs) -> str:
        file_id = original(self, data, mimetype, *args, **kwargs)
        registered[file_id] = (data, kwargs.get("file_name", args[1] if len(args) > 1 else None))
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)

    def pressed(app: AppTest, label: str) -> tuple[str, bytes]:
        deferred = [b.proto.deferred_file_id for b in app.get("download_button") if b.proto.label == label]
        assert deferred and deferred[-1], f"no deferred download button {label!r}"
        data, name = registered[deferred[-1]]
        made = data()
        return name or "", made.encode("utf-8") if isinstance(made, str) else bytes(made)

    yield pressed


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, app.exception
    return app


def test_every_data_page_download_is_the_redacted_export(press: Pressed, tmp_path: Path) -> None:
    app = run(AppTest.from_file(APP, default_timeout=120))
    app.session_state["map_redact"] = True
    run(app.switch_page("views/data.py"))
    workbook = workbook_bytes(planted_map(tmp_path / "planted"))
    app.file_uploader(key="upload_files").set_value(
        [("Interview Amina Wanjiru.xlsx", workbook, "application/vnd.ms-excel")]
    )
    run(app)
    uploaded: StakeholderMap = app.session_state["uploaded_map"]
    assert "wanjiru" in names_in(uploaded.title), "the title comes from the file name"
    switch = next(c for c in app.checkbox if c.label == "Hide people's names in these downloads")
    assert switch.value, "the downloads follow the Map page's switch"

    expected = {"actors.csv": ("csv", "actors.csv"), "relationships.csv": ("csv", "relationships.csv")}
    expected |= {"Workbook (.xlsx)": ("xlsx", None)}
    for label, (export_format, part) in expected.items():
        name, data = press(app, label)
        assert content(data) == content(export_files(uploaded, export_format, redact=True).file(part)), label
        assert names_in(name) == [] and names_in(text_of(data)) == [], label
    for export_format in [f for f in EXPORT_FORMATS if f not in ("csv", "xlsx", "png")]:
        next(box for box in app.selectbox if box.label == "For another tool").set_value(export_format)
        run(app)
        name, data = press(app, f"Download ({export_format})")
        assert content(data) == content(export_files(uploaded, export_format, redact=True).file()), export_format
        assert names_in(name) == [] and names_in(text_of(data)) == [] and AMINA_SHOWN in text_of(data)


def test_the_workspace_download_shows_what_to_check_before_the_buttons(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    press: Pressed,
) -> None:
    workspace = service.create("Notes from Li Wei", uncertain_map(), author="Juma")
    app = run(AppTest.from_file(APP, default_timeout=120))
    app.session_state["map_redact"] = True
    run(app)
    warning = next(w.value for w in app.warning if "before sharing" in w.value)
    assert warning.startswith("Check 4 place(s) before sharing")
    findings = next(df.value for df in app.dataframe if list(df.value.columns) == ["where", "what"])
    assert list(findings["where"]) == [
        "actors row 3, name",
        "actors row 4, notes",
        "actors row 5, source",
        "relationships row 2, source_ref",
    ]
    assert not re.search(r"(?i)\b(grace|kenyatta|li|wei|amina|wanjiru)\b", findings.to_string())
    name, data = press(app, "actors.csv")
    assert name == "notes_from_analyst_actors.csv"  # the title is the workspace's name
    assert content(data) == content(export_files(service.export(workspace), "csv", redact=True).file("actors.csv"))
