"""Workspaces in a real Chromium: create one on Home, edit it in a form and in the table editor, see its history.

The table editor is the part AppTest cannot drive: here a cell is typed into the real
grid, saved once, and the new version starts a fresh editor. Screenshots go to tests/output/.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from mapping.store import WorkspaceService
from tests.browser.test_browser import DRAW_TIMEOUT_S, choose, map_frame, wait_for_app

NAME = f"Browser workshop {int(time.time())}"
WAIT_MS = DRAW_TIMEOUT_S * 1000


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab (a new session) that records every dialog (an alert would mean a script ran)."""
    tab = browser.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    tab.close()


def go_to(page: Any, link: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True).click()
    wait_for_app(page)


def type_into(page: Any, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True).first
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def create_on_home(page: Any, app_url: str, name: str) -> None:
    """Create a workspace from the private-security sample on the Home page, signed by Amina; it opens."""
    page.goto(app_url)
    page.get_by_role("heading", name="Workspaces").wait_for(timeout=WAIT_MS)
    wait_for_app(page)
    start_from = page.get_by_role("combobox", name="Start from")
    if not start_from.is_visible():  # the expander is closed when other workspaces exist
        page.get_by_text("New workspace", exact=True).click()
    choose(page, "Start from", "Sample: Kenya 2023: private security")
    type_into(page, "Name", name)
    type_into(page, "Your name (recorded with every change you save)", "Amina")
    page.get_by_role("button", name="Create the workspace").click()
    page.get_by_text(f"Created '{name}'").wait_for(timeout=WAIT_MS)


def open_first_name_cell(page: Any) -> Any:
    """Open the editor of the actors table's first "name" cell (the grid is a canvas: click, then Enter)."""
    cell = page.locator("textarea.gdg-input")
    for _ in range(5):  # the page may still be settling after a rerun
        grid = page.locator('[data-testid="stDataFrame"] canvas').first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        # The header and each row are about 35 px tall; "id" is the first column, "name" the second.
        page.mouse.click(box["x"] + 250, box["y"] + 35 + 17)
        page.keyboard.press("Enter")
        try:
            cell.wait_for(timeout=3000)
            return cell
        except PlaywrightError:
            page.keyboard.press("Escape")
            wait_for_app(page)
    raise AssertionError("the table editor's cell did not open")


def test_a_workspace_is_created_edited_and_versioned(page: Any, app_url: str, output_dir: Path) -> None:
    create_on_home(page, app_url, NAME)
    page.get_by_text("47 actors · 84 written ties · version 1").first.wait_for()
    page.screenshot(path=str(output_dir / "workspaces_home.png"), full_page=True)

    go_to(page, "Edit map")
    page.get_by_role("heading", name="Edit map").wait_for(timeout=WAIT_MS)
    page.get_by_label("name *", exact=True).first.fill("Chamber of Mines")
    page.get_by_role("button", name="Add the actor").click()
    page.get_by_text(f"Saved version 2 of '{NAME}': Added actor 'Chamber of Mines'").wait_for(timeout=WAIT_MS)

    page.get_by_role("tab", name="Tables").click()
    wait_for_app(page)  # the tabs rerun the page, and the notice of the last save goes
    cell = open_first_name_cell(page)
    cell.fill("Renamed in the grid")
    cell.press("Enter")
    wait_for_app(page)
    page.screenshot(path=str(output_dir / "workspaces_tables.png"), full_page=True)
    page.get_by_role("button", name="Save the tables").click()
    page.get_by_text(f"Saved version 3 of '{NAME}': Table edit: 1 actor edited.").wait_for(timeout=WAIT_MS)

    go_to(page, "History")
    page.get_by_role("heading", name="History").wait_for(timeout=WAIT_MS)
    page.get_by_text("The pages show version 3 (the latest).").wait_for(timeout=WAIT_MS)
    page.screenshot(path=str(output_dir / "workspaces_history.png"), full_page=True)
    assert not page.dialogs
    # Behind the app: the cell was saved once, exactly as typed, and the other pages' reruns saved nothing more.
    store = WorkspaceService()
    try:
        versions = store.history(NAME)
        assert [v.number for v in versions] == [3, 2, 1]
        assert store.export(NAME).actors[0].name == "Renamed in the grid"
    finally:
        store.close()


def drag_node(page: Any, drawn: Any, node: str, by: tuple[int, int]) -> None:
    """Drag a node of the map by `by` pixels on screen, as a hand would."""
    spot = drawn.evaluate(f"network.canvasToDOM(network.getPositions(['{node}'])['{node}'])")
    box = drawn.holder.bounding_box()
    x, y = box["x"] + spot["x"], box["y"] + spot["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + by[0] * step / 10, y + by[1] * step / 10)
    page.mouse.up()


def test_an_actor_dragged_on_the_map_is_pinned_in_the_workspace(page: Any, app_url: str, output_dir: Path) -> None:
    name = f"Pinned map {int(time.time())}"
    page.set_viewport_size({"width": 1280, "height": 720})
    create_on_home(page, app_url, name)

    go_to(page, "Map")
    drawn = map_frame(page)
    wait_for_app(page)
    node = drawn.evaluate("network.body.data.nodes.getIds()[0]")
    before = drawn.evaluate(f"network.getPositions(['{node}'])['{node}']")
    drag_node(page, drawn, node, (120, 60))
    page.get_by_text(f"Saved version 2 of '{name}': Moved").wait_for(timeout=WAIT_MS)
    drawn = map_frame(page)
    after = drawn.evaluate(f"network.getPositions(['{node}'])['{node}']")
    assert after != before  # redrawn from the saved version, the actor stays where it was dropped
    page.screenshot(path=str(output_dir / "map_pinned.png"))

    store = WorkspaceService()
    try:
        first = store.export(name).actors[0]
        assert first.pinned == (round(after["x"]), round(after["y"]))
        assert [v.number for v in store.history(name)] == [2, 1]
    finally:
        store.close()
    assert not page.dialogs
