"""The active map is settled once per run: one list of the workspaces, shared by the sidebar and the page.

A spy counts the calls the app makes to `WorkspaceService` during one rerun of a page with a
workspace open. The fixtures and helpers are those of tests/test_workspace_pages.py (a fresh
SQLite data folder per test, AppTest through app.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from mapping.model import StakeholderMap
from mapping.store import StoreUnavailable, Workspace, WorkspaceService, update_actor
from tests.test_workspace_pages import AUTHOR, metric, run, service, small, start, texts  # noqa: F401

COUNTED = ("list_workspaces", "get")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the app called each counted `WorkspaceService` method since the test last cleared it."""
    counts: Counter[str] = Counter()
    for name in COUNTED:
        monkeypatch.setattr(WorkspaceService, name, _counting(name, getattr(WorkspaceService, name), counts))
    return counts


def _counting(name: str, method: Callable[..., Any], counts: Counter[str]) -> Callable[..., Any]:
    def spy(self: WorkspaceService, *args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return method(self, *args, **kwargs)

    return spy


# What each page shows of the open workspace "Small map", to check that the counted run showed it.
SHOWN = {
    "home": lambda app: app.subheader[0].value == "Small map",
    "map": lambda app: any("Small map" in m.value for m in app.markdown),
    "edit": lambda app: "Editing **Small map**, version 2" in texts(app.markdown),
    "history": lambda app: "Every change to **Small map** is a version" in texts(app.markdown),
}


@pytest.mark.parametrize("page", list(SHOWN))
def test_one_rerun_lists_the_workspaces_once(
    service: WorkspaceService,  # noqa: F811 - the fixture imported above
    small: StakeholderMap,  # noqa: F811
    calls: Counter[str],
    page: str,
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    service.save(ws, update_actor(small, "ngo", {"stance": "opposed"}), 1, author="Juma", description="NGO turned")
    app = start(f"views/{page}.py", ws)
    calls.clear()
    run(app)
    assert calls["list_workspaces"] == 1, f"{page}: {dict(calls)}"
    assert calls["get"] <= 1, f"{page}: {dict(calls)}"
    assert SHOWN[page](app), f"{page} does not show the open workspace"


def test_reload_reads_the_latest_version_once(
    service: WorkspaceService,  # noqa: F811
    small: StakeholderMap,  # noqa: F811
    calls: Counter[str],
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = run(start(workspace=ws))
    service.save(ws, update_actor(small, "ngo", {"name": "Peace Network"}), 1, author="Juma", description="Renamed")
    run(app)
    assert "version 2 was saved since" in texts(app.sidebar.warning)
    calls.clear()
    app.sidebar.button(key="sidebar_reload").click()
    run(app)
    assert (calls["list_workspaces"], calls["get"]) == (1, 1)
    assert app.session_state["workspace_versions"] == {ws.id: 2}
    assert "version 2, the latest" in texts(app.sidebar.caption)


def _delete(store: WorkspaceService, ws: Workspace) -> None:
    store.for_user("amina").delete(ws)


def _unshare(store: WorkspaceService, ws: Workspace) -> None:
    store.for_user("amina").set_role(ws, "bob", None)


@pytest.mark.parametrize("lose", [_delete, _unshare], ids=["deleted", "unshared"])
def test_a_workspace_lost_elsewhere_falls_back_to_the_sample(
    service: WorkspaceService,  # noqa: F811
    small: StakeholderMap,  # noqa: F811
    lose: Callable[[WorkspaceService, Workspace], None],
) -> None:
    owner = service.for_user("amina")
    ws = owner.create("Shared map", small, author="Amina")
    owner.set_role(ws, "bob", "editor")
    app = start(workspace=ws, author="Bob")
    app.session_state["signed_in_user"] = "bob"
    run(app)
    assert metric(app, "Actors") == "10" and "version 2, the latest" in texts(
        app.sidebar.caption
    )  # version 2: the sharing
    lose(service, ws)
    run(app)
    assert metric(app, "Actors") == "91", "the pages fall back to the sample"
    assert "deleted or is no longer shared" in texts(app.sidebar.warning)
    assert "Workspace: Shared map" not in app.sidebar.selectbox(key="map_picker").options


def test_a_database_lost_after_opening_is_announced_as_out_of_reach(
    service: WorkspaceService,  # noqa: F811
    small: StakeholderMap,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = service.create("Small map", small, author=AUTHOR)
    app = run(start(workspace=ws))

    def lost(self: WorkspaceService) -> list[Any]:
        raise StoreUnavailable("The database server closed the connection.")

    monkeypatch.setattr(WorkspaceService, "list_workspaces", lost)
    run(app)
    assert metric(app, "Actors") == "91", "the pages fall back to the sample"
    assert "your workspace is not shown" in texts(app.sidebar.warning)
    assert "closed the connection" in texts(app.warning), "the Home page says why workspaces are unavailable"
    app.switch_page("views/edit.py")
    run(app)
    assert "Workspaces are not available right now" in texts(app.warning)
