"""The workspace pages (Home's list, Edit map, History, the Data page's upload into a workspace), through AppTest.

Each test gets its own SQLite data folder (STAKEHOLDER_MAP_DATA_DIR) and a fresh cached
service. AppTest drops the sidebar after `switch_page`, so the pages keep their controls in
the main area and tests choose the active map through session state. Widget keys are listed
in ui/state.py; Edit page keys end in "_<workspace id>_v<version>".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from mapping.model import StakeholderMap
from mapping.samples import load_sample
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV, Workspace, WorkspaceService, update_actor
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.test_store_backends import store_url  # noqa: F401 - an empty database on each backend
from ui.store import configured_url, forget_services

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
AUTHOR = "Amina"
SMALL_SAMPLE = "kenya_private_security_2023"


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkspaceService]:
    """A fresh data folder for the app, and a second door to the same database for the test to look behind the page."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    forget_services()
    store = WorkspaceService()
    yield store
    store.close()
    forget_services()


@pytest.fixture
def small(small_map: StakeholderMap) -> StakeholderMap:
    """The small valid map of tests/conftest.py: 10 actors, 8 written ties."""
    return small_map


def start(page: str | None = None, workspace: Workspace | None = None, author: str | None = AUTHOR) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    if author:
        app.session_state["author_name"] = author
    if workspace is not None:
        app.session_state["active_map_source"] = f"workspace:{workspace.id}"
    if page is not None:
        app.switch_page(page).run()
        assert not app.exception, app.exception
    return app


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, app.exception
    return app


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click()
    return run(app)


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def texts(elements: object) -> str:
    return "\n".join(e.value for e in elements)  # type: ignore[attr-defined]


def head(service: WorkspaceService, workspace: Workspace) -> int:
    return service.get(workspace.id).head_version


# --- the workspace list on the Home page ------------------------------------------------


def test_home_creates_a_workspace_from_a_sample_and_opens_it(service: WorkspaceService) -> None:
    app = start()
    assert "No workspace yet" in texts(app.info)
    app.selectbox(key="ws_new_from").set_value(f"sample:{SMALL_SAMPLE}")
    app.text_input(key="ws_new_name").set_value("Nairobi roundtable")
    click(app, "ws_create")
    assert "Created 'Nairobi roundtable'" in texts(app.success)
    [summary] = service.list_workspaces()
    assert (summary.name, summary.actor_count, summary.last_change.author) == ("Nairobi roundtable", 47, AUTHOR)
    assert app.session_state["active_map_source"] == f"workspace:{summary.workspace.id}"
    assert metric(app, "Actors") == "47"
    listed = texts(app.markdown)
    assert "**Nairobi roundtable** · open" in listed and "47 actors · 84 written ties · version 1" in listed
    assert f"by {AUTHOR}: Created from 'Kenya" in listed


def test_a_workspace_needs_a_name_and_its_author(service: WorkspaceService) -> None:
    app = start(author=None)
    app.text_input(key="ws_new_name").set_value("Workshop")
    click(app, "ws_create")
    assert "Type your name" in texts(app.error) and not service.list_workspaces()
    app.text_input(key="_widget_author_name").set_value(AUTHOR)
    app.text_input(key="ws_new_name").set_value("   ")
    click(app, "ws_create")
    assert "Give the workspace a name" in texts(app.error) and not service.list_workspaces()


def test_a_workspace_can_start_from_the_uploaded_map_or_empty(service: WorkspaceService) -> None:
    app = start("views/data.py")
    files = [("actors.csv", SMALL_ACTORS.encode(), "text/csv"), ("relationships.csv", SMALL_RELATIONSHIPS.encode(), "")]
    app.file_uploader(key="upload_files").set_value(files)
    run(app)
    app.switch_page("views/home.py")
    run(app)
    app.selectbox(key="ws_new_from").set_value("upload")
    app.text_input(key="ws_new_name").set_value("From my upload")
    click(app, "ws_create")
    app.selectbox(key="ws_new_from").set_value("empty")
    app.text_input(key="ws_new_name").set_value("Blank")
    click(app, "ws_create")
    counts = {s.name: (s.actor_count, s.relationship_count) for s in service.list_workspaces()}
    assert counts == {"From my upload": (10, 8), "Blank": (0, 0)}
    assert metric(app, "Actors") == "0"  # the empty one is open now


def test_opening_a_workspace_makes_it_the_active_map_on_every_page(
    service: WorkspaceService, small: StakeholderMap
) -> None:
    mine = service.create("Small map", small, author=AUTHOR)
    app = start()
    assert metric(app, "Actors") == "91"  # the Kenya sample until a workspace is opened
    assert app.sidebar.selectbox(key="map_picker").options[-1] == "Workspace: Small map"
    click(app, f"ws_open_{mine.id}")
    assert metric(app, "Actors") == "10" and app.subheader[0].value == "Small map"
    assert app.button(key=f"ws_open_{mine.id}").disabled
    app.switch_page("views/map.py")
    run(app)
    assert '"Umbrella Business Alliance' in app.get("bidi_component")[0].proto.json
    for page in ("views/leaders.py", "views/paths.py", "views/plan.py", "views/data.py"):
        app.switch_page(page)
        run(app)


def test_rename_duplicate_and_delete_after_confirming(service: WorkspaceService, small: StakeholderMap) -> None:
    first = service.create("Small map", small, author=AUTHOR)
    app = start()
    click(app, f"ws_open_{first.id}")
    app.text_input(key=f"ws_rename_name_{first.id}").set_value("Workshop map")
    click(app, "ws_rename")
    assert "Renamed to 'Workshop map'" in texts(app.success)
    assert app.subheader[0].value == "Workshop map"
    app.text_input(key=f"ws_copy_name_{first.id}").set_value("Workshop map, day 2")
    click(app, "ws_copy")
    copy = service.get("Workshop map, day 2")
    assert service.export(copy) == service.export(first)
    assert {b.proto.label for b in app.get("download_button")} >= {
        "actors.csv",
        "relationships.csv",
        "Workbook (.xlsx)",
    }

    click(app, "ws_delete")
    assert "Delete **Workshop map**" in texts(app.warning)
    click(app, "ws_delete_cancel")
    assert len(service.list_workspaces()) == 2 and not app.warning
    click(app, "ws_delete")
    click(app, "ws_delete_confirm")
    assert [s.name for s in service.list_workspaces()] == ["Workshop map, day 2"]
    assert "Deleted 'Workshop map'. The pages are back on the sample map." in texts(app.success)
    assert metric(app, "Actors") == "91"


def test_the_pages_stay_on_their_version_until_reloaded(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = run(start(workspace=ws))
    assert "version 1, the latest" in texts(app.sidebar.caption)
    service.save(ws, update_actor(small, "ngo", {"name": "Peace Network"}), 1, author="Juma", description="Renamed")
    run(app)
    assert "version 2 was saved since" in texts(app.sidebar.warning)
    assert "Peace NGO" in app.get("iframe")[0].proto.srcdoc, "the page keeps showing the version it had"
    app.sidebar.button(key="sidebar_reload").click()
    run(app)
    assert app.session_state["workspace_versions"] == {ws.id: 2}
    assert "Peace Network" in app.get("iframe")[0].proto.srcdoc and not app.sidebar.warning


PAGES = [
    "home",
    "map",
    "edit",
    "history",
    "paths",
    "leaders",
    "scenarios",
    "measures",
    "brief",
    "plan",
    "context",
    "data",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_workspace(service: WorkspaceService, page: str) -> None:
    start(f"views/{page}.py", service.create("Blank", None, author=AUTHOR))


# --- the Edit map page ---------------------------------------------------------------------


def key(name: str, workspace: Workspace, version: int) -> str:
    return f"{name}_{workspace.id}_v{version}"


def test_a_valid_edit_saves_version_2_and_every_page_shows_it(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    app.selectbox(key=key("add_actor_kind", ws, 1)).set_value("association")
    app.text_input(key=key("add_actor_influence", ws, 1)).set_value("3")
    click(app, key("add_actor_submit", ws, 1))
    assert "Saved version 2 of 'Small map': Added actor 'Chamber of Mines'" in texts(app.success)
    assert head(service, ws) == 2 and service.history(ws)[0].author == AUTHOR
    assert service.export(ws).actor("Chamber of Mines").influence == 3
    app.switch_page("views/home.py")
    run(app)
    assert metric(app, "Actors") == "11"


def test_an_invalid_edit_is_refused_with_its_issue_and_nothing_changes(
    service: WorkspaceService, small: StakeholderMap
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    app.text_input(key=key("add_actor_influence", ws, 1)).set_value("9")
    click(app, key("add_actor_submit", ws, 1))
    assert "refused, so nothing was changed" in texts(app.error)
    issues = app.dataframe[0].value
    assert [(r.column, r.code) for r in issues.itertuples()] == [("influence", "out-of-range")]
    assert head(service, ws) == 1 and "Chamber of Mines" not in service.export(ws)
    # The form keeps what was typed, to be fixed and sent again.
    assert app.text_input(key=key("add_actor_name", ws, 1)).value == "Chamber of Mines"


def test_edits_wait_for_the_authors_name(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws, author=None)
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    click(app, key("add_actor_submit", ws, 1))
    assert "Type your name" in texts(app.error) and head(service, ws) == 1
    app.text_input(key="_widget_author_name").set_value("  Juma  ")
    run(app)
    click(app, key("add_actor_submit", ws, 1))
    assert head(service, ws) == 2 and service.history(ws)[0].author == "Juma"


def test_changing_an_actor_and_adding_a_tie(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.selectbox(key=f"edit_actor_pick_{ws.id}").set_value("bank")
    run(app)
    app.selectbox(key=key("edit_actor_bank_stance", ws, 1)).set_value("supportive")
    click(app, key("edit_actor_submit", ws, 1))
    assert service.export(ws).actor("bank").stance == "supportive"
    app.selectbox(key=key("add_tie_source", ws, 2)).set_value("bank")
    app.selectbox(key=key("add_tie_target", ws, 2)).set_value("ngo")
    app.selectbox(key=key("add_tie_kind", ws, 2)).set_value("funds")
    app.text_input(key=key("add_tie_strength", ws, 2)).set_value("0.7")
    click(app, key("add_tie_submit", ws, 2))
    smap = service.export(ws)
    assert [(t.kind, t.strength) for t in smap.explicit_relationships if t.source == "bank"][-1] == ("funds", 0.7)
    assert [v.description for v in service.history(ws)[:2]] == [
        "Added tie bank → ngo (funds)",
        "Edited actor 'National Bank'",
    ]


def test_deleting_an_actor_with_ties_needs_the_explicit_option(
    service: WorkspaceService, small: StakeholderMap
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.selectbox(key=f"delete_actor_pick_{ws.id}").set_value("chamber")
    click(app, key("delete_actor_submit", ws, 1))
    assert head(service, ws) == 1
    reasons = app.dataframe[0].value
    assert set(reasons["code"]) == {"unknown-actor"} and len(reasons) == 3  # the chamber's three ties
    assert "delete the actor together with its ties" in reasons["message"].iloc[0]
    app.checkbox(key=key("delete_actor_cascade", ws, 1)).check()
    click(app, key("delete_actor_submit", ws, 1))
    smap = service.export(ws)
    assert "chamber" not in smap and len(smap.explicit_relationships) == 5
    assert service.history(ws)[0].description == "Deleted actor 'Chamber of Commerce' and its ties"


def test_editing_and_deleting_a_tie(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.selectbox(key=f"edit_tie_pick_{ws.id}").set_value(6)  # party_a rivals party_b
    run(app)
    app.selectbox(key=key("edit_tie_6_confidence", ws, 1)).set_value("low")
    click(app, key("edit_tie_submit", ws, 1))
    assert service.export(ws).explicit_relationships[6].confidence == "low"
    click(app, key("delete_tie_submit", ws, 2))
    assert len(service.export(ws).explicit_relationships) == 7 and head(service, ws) == 3


def test_the_table_editors_save_once_per_version(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    assert len(app.data_editor) == 2
    app.session_state[key("actors_table", ws, 1)] = {
        "edited_rows": {1: {"name": "Chamber of Commerce and Industry", "influence": "5"}},
        "added_rows": [{"id": "union", "name": "Workers' Union", "kind": "civil_society"}],
        "deleted_rows": [],
    }
    app.session_state[key("ties_table", ws, 1)] = {
        "edited_rows": {},
        "added_rows": [{"source": "union", "target": "ministry", "kind": "dialogue"}],
        "deleted_rows": [7],
    }
    run(app)
    click(app, key("tables_save", ws, 1))
    assert head(service, ws) == 2
    smap = service.export(ws)
    assert smap.actor("chamber").name == "Chamber of Commerce and Industry" and smap.actor("chamber").influence == 5
    assert smap.actor("union").kind == "civil_society"
    assert ("union", "ministry") in {(t.source, t.target) for t in smap.explicit_relationships}
    assert ("ngo", "party_b") not in {(t.source, t.target) for t in smap.explicit_relationships}
    assert service.history(ws)[0].description == "Table edit: 1 actor added, 1 edited; 1 tie added, 1 removed"
    # The new version starts fresh editors: nothing is applied twice, and more reruns save nothing.
    run(app)
    assert head(service, ws) == 2 and len(app.data_editor[0].value) == 11
    click(app, key("tables_save", ws, 2))
    assert head(service, ws) == 2 and "Nothing changed" in texts(app.info)


def test_an_invalid_table_is_refused_with_located_issues(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.session_state[key("actors_table", ws, 1)] = {
        "edited_rows": {3: {"kind": "spaceship"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    run(app)
    click(app, key("tables_save", ws, 1))
    issues = app.dataframe[0].value
    assert ("5", "kind", "unknown-value") in {(r.row, r.column, r.code) for r in issues.itertuples()}
    assert head(service, ws) == 1


# --- conflicts and roles --------------------------------------------------------------------


def test_a_save_behind_the_pages_back_is_never_overwritten(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    # Someone else saves version 2 in another session.
    service.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 1, author="Juma", description="NGO turned")
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    click(app, key("add_actor_submit", ws, 1))
    message = texts(app.error)
    assert "changed by Juma at" in message and "reload to see it" in message and "nothing was overwritten" in message
    assert head(service, ws) == 2
    assert service.export(ws).actor("ngo").stance == "opposed" and "Chamber of Mines" not in service.export(ws)
    click(app, "workspace_reload")
    assert not app.error and app.session_state["workspace_versions"] == {ws.id: 2}
    assert "version 2" in texts(app.markdown)
    app.text_input(key=key("add_actor_name", ws, 2)).set_value("Chamber of Mines")
    click(app, key("add_actor_submit", ws, 2))
    smap = service.export(ws)
    assert "Chamber of Mines" in smap and smap.actor("ngo").stance == "opposed"


def test_a_viewer_is_told_why_a_save_is_refused(service: WorkspaceService, small: StakeholderMap) -> None:
    owner = service.for_user("amina")
    ws = owner.create("Shared map", small, author="Amina")
    owner.set_role(ws, "bob", "viewer")
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.session_state["signed_in_user"] = "bob"
    app.session_state["author_name"] = "Bob"
    run(app)
    click(app, f"ws_open_{ws.id}")
    app.switch_page("views/edit.py")
    run(app)
    assert "You are a **viewer**" in texts(app.info)
    app.text_input(key=key("add_actor_name", ws, 2)).set_value("Chamber of Mines")  # version 2: the sharing
    click(app, key("add_actor_submit", ws, 2))
    assert "bob is a viewer on 'Shared map' and cannot save changes" in texts(app.error)
    assert head(service, ws) == 2


# --- the History page -----------------------------------------------------------------------


def test_history_shows_what_changed_and_restores_exactly(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    service.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 1, author="Juma", description="NGO turned")
    app = start("views/history.py", ws)
    versions = app.dataframe[0].value
    assert list(versions["version"]) == [2, 1] and list(versions["author"]) == ["Juma", AUTHOR]
    changes = app.dataframe[1].value
    assert changes.to_dict("records") == [
        {
            "change": "actor edited",
            "item": "Peace NGO (ngo)",
            "field": "stance",
            "before": "champion",
            "after": "opposed",
        }
    ]
    assert "1 actor edited" in texts(app.markdown)

    app.selectbox(key="history_restore_pick_2").set_value(1)
    click(app, "history_restore")
    assert "Saved version 3" in texts(app.success)
    hashes = {v.number: v.tables_digest for v in service.history(ws)}
    assert hashes[3] == hashes[1] != hashes[2]
    assert service.history(ws)[0].restored_from == 1


def test_a_restore_waits_for_the_authors_name(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    service.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 1, author="Juma", description="NGO turned")
    app = start("views/history.py", ws, author=None)
    click(app, "history_restore")
    assert "Type your name in **Your name** first" in texts(app.error) and head(service, ws) == 2
    app.text_input(key="_widget_author_name").set_value("Juma")
    run(app)
    click(app, "history_restore")
    assert "Saved version 3" in texts(app.success) and service.history(ws)[0].author == "Juma"


def test_undo_is_one_click_and_can_itself_be_undone(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = start("views/edit.py", ws)
    assert app.button(key="workspace_undo").disabled  # nothing to undo in version 1
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    click(app, key("add_actor_submit", ws, 1))
    click(app, "workspace_undo")
    hashes = {v.number: v.tables_digest for v in service.history(ws)}
    assert head(service, ws) == 3 and hashes[3] == hashes[1]
    app.switch_page("views/history.py")
    run(app)
    assert "Undid version 2" in app.dataframe[0].value["description"].iloc[0]
    click(app, "workspace_undo")
    assert "Chamber of Mines" in service.export(ws) and head(service, ws) == 4


# --- uploading into a workspace ---------------------------------------------------------------

UPLOAD_ACTORS = """id,name,kind,influence,stance
bank,National Bank,business,4,supportive
mines,Chamber of Mines,association,3,
umbrella,Umbrella Business Alliance,association,,
"""
UPLOAD_RELATIONSHIPS = """source,target,kind
mines,umbrella,member_of
"""


def upload_into(app: AppTest, actors: str = UPLOAD_ACTORS, relationships: str = UPLOAD_RELATIONSHIPS) -> AppTest:
    app.switch_page("views/data.py")
    run(app)
    files = [("actors.csv", actors.encode(), "text/csv"), ("relationships.csv", relationships.encode(), "text/csv")]
    app.file_uploader(key="upload_files").set_value(files)
    return run(app)


def test_merging_an_upload_shows_the_preview_then_applies_it(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = upload_into(start(workspace=ws))
    assert app.session_state["active_map_source"] == f"workspace:{ws.id}", "the workspace stays active"
    assert "The open workspace stays the active map" in texts(app.success)
    click(app, "upload_preview_button")
    changes = app.dataframe[-1].value
    assert {(r.change, r.item, r.field, r.after) for r in changes.itertuples()} == {
        ("actor added", "Chamber of Mines (mines)", "", ""),
        ("actor edited", "National Bank (bank)", "influence", "4"),
        ("actor edited", "National Bank (bank)", "stance", "supportive"),
        ("tie added", "mines → umbrella (member_of)", "", ""),
    }
    assert head(service, ws) == 1, "a preview saves nothing"
    click(app, "upload_apply")
    assert head(service, ws) == 2
    smap = service.export(ws)
    assert len(smap) == 11 and smap.actor("bank").stance == "supportive" and "party_a" in smap
    assert service.history(ws)[0].description.startswith("Merged upload")
    assert "upload_preview" not in app.session_state


def test_replacing_with_an_upload(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = upload_into(start(workspace=ws))
    app.radio(key="upload_mode").set_value("replace")
    run(app)
    click(app, "upload_preview_button")
    assert "1 actor added, 2 edited, 8 removed" in texts(app.markdown)
    click(app, "upload_apply")
    smap = service.export(ws)
    assert sorted(a.id for a in smap.actors) == ["bank", "mines", "umbrella"] and smap.title == "Small map"


def test_a_stale_preview_gets_the_conflict_message(service: WorkspaceService, small: StakeholderMap) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = upload_into(start(workspace=ws))
    click(app, "upload_preview_button")
    service.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 1, author="Juma", description="NGO turned")
    click(app, "upload_apply")
    assert "changed by Juma" in texts(app.error) and head(service, ws) == 2
    assert "mines" not in service.export(ws)


# --- the database: configured by the environment, on each backend, or out of reach -----------------


class FakeSecrets:
    """Stands in for `st.secrets`: None plays a missing secrets.toml (reading it would raise)."""

    def __init__(self, values: dict[str, str] | None) -> None:
        self.values = values

    def load_if_toml_exists(self) -> bool:
        return self.values is not None

    def get(self, key: str, default: object = None) -> object:
        if self.values is None:
            raise FileNotFoundError("no secrets.toml")
        return self.values.get(key, default)


@pytest.mark.parametrize(
    ("secrets", "environment", "expected"),
    [
        ({"database_url": "postgres://s@db/maps"}, "sqlite:////srv/env.sqlite3", "postgresql+psycopg://s@db/maps"),
        ({"other": "x"}, "sqlite:////srv/env.sqlite3", "sqlite:////srv/env.sqlite3"),
        (None, "sqlite:////srv/env.sqlite3", "sqlite:////srv/env.sqlite3"),
        (None, "", "sqlite:///{data}/stakeholder_map.sqlite3"),
    ],
)
def test_the_database_comes_from_secrets_then_the_environment_then_the_data_folder(
    secrets: dict[str, str] | None, environment: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streamlit, "secrets", FakeSecrets(secrets))
    monkeypatch.setenv(DATABASE_URL_ENV, environment)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "maps"))
    assert configured_url() == expected.format(data=tmp_path / "maps")


def test_the_pages_use_the_database_named_in_the_environment(
    store_url: str,  # noqa: F811 - the fixture imported above
    small: StakeholderMap,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, store_url)
    forget_services()
    other = WorkspaceService(store_url)
    try:
        ws = other.create("Small map", small, author=AUTHOR)
        app = start("views/edit.py", ws)
        app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
        click(app, key("add_actor_submit", ws, 1))
        assert head(other, ws) == 2 and "Chamber of Mines" in other.export(ws)
        other.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 2, author="Juma", description="NGO turned")
        click(app, key("delete_tie_submit", ws, 2))
        assert "changed by Juma" in texts(app.error) and head(other, ws) == 3
    finally:
        other.close()
        forget_services()


# --- the database out of reach ------------------------------------------------------------------


def test_without_the_database_the_samples_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://x:y@127.0.0.1:1/none")
    forget_services()
    try:
        app = start()
        assert app.subheader[0].value == load_sample("kenya_2008_2013").map.title
        assert metric(app, "Actors") == "91"
        warning = texts(app.warning)
        assert "Workspaces are not available right now" in warning and "127.0.0.1:1" in warning
        assert "y@" not in warning, "the password is never shown"
        for page in ("views/edit.py", "views/history.py"):
            app.switch_page(page)
            run(app)
            assert "Workspaces are not available right now" in texts(app.warning)
    finally:
        forget_services()


def test_an_open_workspace_out_of_reach_is_announced(
    service: WorkspaceService, small: StakeholderMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = run(start(workspace=ws))
    assert metric(app, "Actors") == "10"
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql+psycopg://x:y@127.0.0.1:1/none")
    forget_services()
    run(app)
    assert metric(app, "Actors") == "91", "the pages fall back to the sample"
    assert "your workspace is not shown" in texts(app.sidebar.warning)
    monkeypatch.delenv(DATABASE_URL_ENV)
    forget_services()
    run(app)
    assert metric(app, "Actors") == "10" and not app.sidebar.warning, "and come back to the workspace"
