"""A saved view outlives a restart of the app: saved in the workspace from the Map page, there after a restart.

The app runs twice, one process after the other, on the same data folder (SQLite): in
the first, a browser opens the workspace by its address, types a name and saves a view;
the app is stopped; in the second, a new browser session on the same address finds the
view. Screenshots go to tests/output/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from mapping.samples import load_sample
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV, WorkspaceService
from tests.browser.conftest import streamlit_app
from tests.browser.test_browser import DRAW_TIMEOUT_S, map_frame, wait_for_app
from ui.store import forget_services

WAIT_MS = DRAW_TIMEOUT_S * 1000


def test_a_view_saved_in_a_workspace_is_there_after_a_restart(
    browser: Any, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    forget_services()
    store = WorkspaceService()
    try:
        workspace = store.create("Restart drill", load_sample("kenya_private_security_2023").map, author="Amina")
    finally:
        store.close()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("STREAMLIT_")}
    options = ["--server.headless", "true", "--browser.gatherUsageStats", "false"]

    with streamlit_app(output_dir / "restart_1.log", options, environment) as (url, _):
        page = browser.new_page()
        try:
            page.goto(f"{url}/map?map=workspace:{workspace.id}")
            map_frame(page)
            wait_for_app(page)
            name = page.get_by_role("textbox", name="Your name (recorded with every change you save)")
            name.fill("Amina")
            name.press("Enter")
            wait_for_app(page)
            view = page.get_by_role("textbox", name="Name this view")
            view.fill("Day 1: everyone")
            view.press("Enter")
            wait_for_app(page)
            page.get_by_role("button", name="Save view").click()
            page.get_by_text("Saved version 2 of 'Restart drill': Saved view 'Day 1: everyone'").wait_for(
                timeout=WAIT_MS
            )
        finally:
            page.close()

    with streamlit_app(output_dir / "restart_2.log", options, environment) as (url, _):
        page = browser.new_page()  # a new session on a new process
        try:
            page.goto(f"{url}/map?map=workspace:{workspace.id}")
            map_frame(page)
            wait_for_app(page)
            # The whole map is what the view saved, so the slide picker and the map's title name it.
            page.get_by_text("Restart drill: Day 1: everyone").first.wait_for(timeout=WAIT_MS)
            assert page.get_by_role("button", name="Next ▶").is_visible()  # the slides are back
            page.screenshot(path=str(output_dir / "restart_saved_view.png"))
        finally:
            page.close()
    forget_services()
