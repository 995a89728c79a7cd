"""With "Hide people's names" on, no page sends a name to the browser: every page, the history included.

A workspace holds a map naming people in their names, roles ("Aide to Amina
Wanjiru"), notes, sources (an e-mail address, a URL slug) and tie sources, and a
second version whose description names two of them ("Deleted tie Baraka Kiptoo →
Amina Wanjiru", as the editor writes it). The app is opened on that workspace by a
shared link with the switch on (`redact=1`), "us" and the target set to people, and
every page of the menu is visited in Chromium. Every frame the server sends is
recorded, and every file each page offers for download is downloaded; none may hold
any part of a name, in any case, nor their ids.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from mapping.links import actor_token
from mapping.load import load_files
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV, WorkspaceService
from tests.browser.conftest import CHROMIUM, streamlit_app
from tests.browser.test_browser import wait_for_app
from tests.browser.test_hostile_text import PAGES, open_page
from tests.browser.test_privacy import NAMED_ACTORS, NAMED_PARTS, NAMED_RELATIONSHIPS

# The planted people's ids hold their names too ("amina_wanjiru").
PLANTED = (*NAMED_PARTS, "amina_wanjiru")


def named_map() -> StakeholderMap:
    result = load_files(
        [
            InputFile("actors.csv", NAMED_ACTORS.encode()),
            InputFile("relationships.csv", NAMED_RELATIONSHIPS.encode()),
        ]
    )
    assert result.map is not None, result.errors
    return result.map


@pytest.fixture(scope="module")
def named_workspace_app(output_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The app on a data folder holding one workspace of two versions, the second described by names."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    data = tmp_path_factory.mktemp("named_data")
    smap = named_map()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(data))
        patch.delenv(DATABASE_URL_ENV, raising=False)
        store = WorkspaceService()
        workspace = store.create("Tumaini network", smap, author="facilitator")
        fewer = StakeholderMap(smap.actors, smap.explicit_relationships[1:], title=smap.title)
        store.save(
            workspace.id, fewer, 1, author="facilitator", description="Deleted tie Baraka Kiptoo → Amina Wanjiru"
        )
        store.close()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k != DATABASE_URL_ENV}
    environment[DATA_DIR_ENV] = str(data)
    with streamlit_app(output_dir / "streamlit_redaction_pages.log", environment=environment) as (url, _):
        yield url, workspace.id


def test_no_page_sends_a_name_with_the_switch_on(
    browser: Any, named_workspace_app: tuple[str, int], output_dir: Path
) -> None:
    url, workspace_id = named_workspace_app
    query = f"?map=workspace:{workspace_id}&redact=1&us={actor_token('tumaini')}&target={actor_token('amina_wanjiru')}"
    page = browser.new_page()
    received: dict[str, list[bytes]] = {}
    downloaded: dict[str, bytes] = {}
    current = ["start"]

    def frame(payload: bytes | str) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        received.setdefault(current[0], []).append(data.lower())

    page.on("websocket", lambda socket: socket.on("framereceived", frame))
    try:
        for path, landmark in PAGES:
            current[0] = path or "home"
            open_page(page, f"{url}/{path}{query}", landmark)
            page.wait_for_timeout(1500)  # iframes draw
            page.screenshot(path=str(output_dir / f"redacted_{path or 'home'}.png"), full_page=True)
            downloaded.update(download_everything(page, path or "home"))
    finally:
        page.close()

    assert set(received) >= {"home", "history", "plan", "edit"}, "the recorder saw the pages arrive"
    (output_dir / "redaction_downloads.txt").write_text("\n".join(sorted(downloaded)), encoding="utf-8")
    assert len(downloaded) >= 8, sorted(downloaded)  # the map view, tables, workbooks, briefs, plans
    in_files = {name: sorted({part for part in PLANTED if part.encode() in text}) for name, text in downloaded.items()}
    assert {name: parts for name, parts in in_files.items() if parts} == {}
    leaks = {
        where: sorted({part for part in PLANTED for data in frames if part.encode() in data})
        for where, frames in received.items()
    }
    context = {
        f"{where}/{part}": sorted({_around(data, part) for data in received[where] if part.encode() in data})[:3]
        for where, parts in leaks.items()
        for part in parts
    }
    (output_dir / "redaction_leaks.txt").write_text(
        "\n".join(f"{key}: {shown!r}" for key, values in context.items() for shown in values), encoding="utf-8"
    )
    assert {where: parts for where, parts in leaks.items() if parts} == {}, "see tests/output/redaction_leaks.txt"


def download_everything(page: Any, where: str) -> dict[str, bytes]:
    """Press every download button of the page; each file's text, lower-cased (a workbook's parts unzipped)."""
    files: dict[str, bytes] = {}
    closed = page.locator("[data-testid=stExpander] details:not([open]) > summary")
    while closed.count():  # open every expander: downloads hide in some ("Rename, duplicate, download...")
        closed.first.click()
        page.wait_for_timeout(300)
    wait_for_app(page)
    buttons = page.get_by_test_id("stDownloadButton").locator("button")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        if not (button.is_visible() and button.is_enabled()):
            continue
        label = button.inner_text()
        name, data = _downloaded(page, button, f"{where}: '{label}'")
        files[f"{where}/{name}"] = _text_of(data)
    return files


def _downloaded(page: Any, button: Any, what: str, tries: int = 2) -> tuple[str, bytes]:
    """Press a download button once the app is idle; once more if the browser cancelled the file (a rerun
    replaced the button while it was being fetched)."""
    for attempt in range(tries):
        wait_for_app(page)
        try:
            with page.expect_download(timeout=60_000) as download:
                button.click()
            return download.value.suggested_filename, Path(download.value.path()).read_bytes()
        except PlaywrightError as err:
            if attempt == tries - 1:
                raise AssertionError(f"{what} gave no file") from err
    raise AssertionError(what)


def _text_of(data: bytes) -> bytes:
    if data.startswith(b"PK"):  # a workbook: the text is in its XML parts
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b" ".join(archive.read(name) for name in archive.namelist()).lower()
    return data.lower()


def _around(data: bytes, part: str) -> str:
    """Forty bytes either side of the first place the part was sent, to say where the name leaked."""
    at = data.index(part.encode())
    return data[max(0, at - 40) : at + len(part) + 40].decode("utf-8", "replace")
