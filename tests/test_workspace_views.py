"""Saved views belong to the workspace: saved as versions, seen by every session, covered by History and undo."""

from __future__ import annotations

from mapping.model import StakeholderMap
from mapping.store import WorkspaceService
from tests.test_workspace_pages import service, start  # noqa: F401 - `service`: a fresh database per test

MAP_PAGE = "views/map.py"


def save_view(app: object, name: str) -> None:
    app.text_input(key="map_view_name").set_value(name).run()  # type: ignore[attr-defined]
    app.button(key="map_save_view").click().run()  # type: ignore[attr-defined]
    assert not app.exception, app.exception  # type: ignore[attr-defined]


def test_a_view_saved_in_a_workspace_is_a_version_every_session_sees(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start(MAP_PAGE, workspace)
    app.multiselect(key="_widget_map_kinds").set_value(["association"]).run()
    save_view(app, "Associations")
    assert any("Saved version 2 of 'Workshop': Saved view 'Associations'" in s.value for s in app.success)
    assert service.history(workspace)[0].description == "Saved view 'Associations'"
    assert [v.name for v in service.settings(workspace, 2).views] == ["Associations"]
    assert service.load_version(workspace, 2).relationships == service.load_version(workspace, 1).relationships

    colleague = start(MAP_PAGE, workspace)  # another session: a colleague, or the app after a restart
    assert colleague.selectbox(key="map_view_picker").options == ["Not saved (1 saved view)", "Associations"]

    app.button(key="map_delete_view").click().run()
    assert [v.name for v in service.settings(workspace, 3).views] == []
    app.switch_page("views/history.py").run()
    app.button(key="workspace_undo").click().run()  # undo the deletion
    assert [v.name for v in service.settings(workspace, 4).views] == ["Associations"]
    app.run()  # the History page, on version 4: what changed from version 3
    said = " ".join(md.value for md in app.markdown)
    assert "Saved views and settings:" in said and "Saved view 'Associations' added" in said


def test_without_a_workspace_views_last_for_the_session(small_map: StakeholderMap) -> None:
    app = start(MAP_PAGE)
    save_view(app, "Everyone")
    assert app.selectbox(key="map_view_picker").value == "Everyone"


PLAN_CSV = "target,ask,owner,status,next_step,due\numbrella,Host the talks,Amina,planned,Call the chair,2026-12-10\n"


def test_the_engagement_plan_is_saved_in_the_workspace_and_read_by_another_session(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start("views/plan.py", workspace)
    assert app.button(key="plan_save_workspace").proto.disabled  # nothing to save yet
    app.file_uploader(key="plan_upload").set_value([("plan.csv", PLAN_CSV.encode(), "text/csv")]).run()
    app.button(key="plan_replace").click().run()
    assert not app.exception, app.exception
    app.button(key="plan_save_workspace").click().run()
    assert any("Saved the engagement plan: 1 row" in s.value for s in app.success)
    stored = service.settings(workspace, 2).plan
    assert [(item.target, item.ask, item.due) for item in stored] == [("umbrella", "Host the talks", "2026-12-10")]

    colleague = start("views/plan.py", workspace)  # another session sees the saved plan
    shown = colleague.dataframe[0].value
    assert list(shown["ask"]) == ["Host the talks"]
    assert colleague.button(key="plan_save_workspace").proto.disabled


def test_us_and_the_target_are_kept_in_the_workspace_and_a_new_session_starts_from_them(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start("views/paths.py", workspace)
    assert not any(b.key == "keep_choices" for b in app.sidebar.button)  # nothing chosen: nothing to keep
    app.session_state["us"] = ["ngo"]
    app.session_state["target"] = "ministry"
    app.run()
    app.sidebar.button(key="keep_choices").click().run()
    assert not app.exception, app.exception
    kept = service.settings(workspace, 2)
    assert (kept.us, kept.target) == (("ngo",), "ministry")
    assert service.history(workspace)[0].description == "Kept 'us' and the target"
    assert not any(b.key == "keep_choices" for b in app.sidebar.button)  # kept: the button goes

    colleague = start("views/paths.py", workspace)
    assert colleague.session_state["us"] == ["ngo"] and colleague.session_state["target"] == "ministry"


def test_the_r2p_status_is_kept_in_the_workspace(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start("views/context.py", workspace)
    r2p_box(app).set_value("imminent risk").run()
    app.button(key="keep_r2p").click().run()
    assert not app.exception, app.exception
    assert [status for _, status, _ in service.settings(workspace, 2).r2p] == ["imminent risk"]
    colleague = start("views/context.py", workspace)
    assert r2p_box(colleague).value == "imminent risk"


def r2p_box(app: object) -> object:
    return next(box for box in app.selectbox if box.label.startswith("R2P Monitor status"))  # type: ignore[attr-defined]


def test_notes_on_a_brief_are_added_to_it_and_kept_in_the_workspace(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start("views/brief.py", workspace)
    app.session_state["brief_actor"] = "umbrella"
    app.run()
    box = next(area for area in app.text_area if area.label == "Our notes for this brief")
    box.set_value("Met the chair on 3 May.\\nAsk about the <script> fund").run()
    assert "Met the chair on 3 May." in " ".join(md.value for md in app.markdown)  # in the brief at once
    app.button(key="keep_brief_notes").click().run()
    assert not app.exception, app.exception
    assert (
        service.settings(workspace, 2).notes_on("umbrella") == "Met the chair on 3 May.\\nAsk about the <script> fund"
    )
    assert service.history(workspace)[0].description == "Kept notes on a brief"

    colleague = start("views/brief.py", workspace)
    colleague.session_state["brief_actor"] = "umbrella"
    colleague.run()
    shown = " ".join(md.value for md in colleague.markdown)
    assert "Our notes" in shown and "Met the chair on 3 May." in shown and "<script>" not in shown


def test_the_map_page_asks_for_a_name_before_a_view_is_saved_in_the_workspace(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Workshop", small_map, author="Amina")
    app = start(MAP_PAGE, workspace, author=None)
    app.text_input(key="_author_saved_views").set_value("  Bob  ").run()
    save_view(app, "Everyone")
    assert service.history(workspace)[0].author == "Bob"
    assert not any(t.key == "_author_saved_views" for t in app.text_input)  # asked once per session
