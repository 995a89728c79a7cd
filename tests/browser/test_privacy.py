"""Privacy by default: every page opened in a real Chromium, and nothing leaves the machine.

With "Hide people's names" on, no name reaches the browser either: a map naming people
in notes, roles, sources (`source`) and tie sources (`source_ref`) is uploaded, the
switch is turned on, and nothing the server sends afterwards, nor the files downloaded,
may hold any part of a name.

The app is started here as a user starts it, with the shipped `.streamlit/config.toml`
and no command-line overrides (the shared `app_url` fixture turns usage statistics off
on its command line, which would hide a config that forgot to). Every request the pages
and their iframes make is recorded, and any to another host is refused; the pages'
HTML is searched for references to other hosts; and the session's settings, as the
server sends them to the browser, must say usage statistics are off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import CHROMIUM, ROOT, streamlit_app
from tests.browser.test_browser import DRAW_TIMEOUT_S, map_frame, wait_for_app
from tests.conftest import ACTORS_HEADER, RELATIONSHIPS_HEADER

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about", "javascript"}


def page_landmark(page: Any, title: str) -> Any:
    """What shows a page has opened: its heading, or for the Map page (no heading: the map starts at the top,
    under its control bar) the map itself."""
    if title == "Map":
        return page.get_by_role("img", name="Stakeholder map")
    return page.get_by_role("heading", name=title, exact=True)


# The host Streamlit sends usage statistics to when they are on (named in failure messages).
TELEMETRY_HOST = "data.streamlit.io"
# Every page of the menu, by its link, and the title it shows once opened.
PAGES = [
    ("Home", "Stakeholder map for atrocity prevention"),
    ("Map", "Map"),
    ("Edit map", "Edit map"),
    ("History", "History"),
    ("Influence paths", "Influence paths"),
    ("Leaders to engage", "Leaders to engage"),
    ("Scenarios", "Scenarios"),
    ("Engagement brief", "Engagement brief"),
    ("Plan and coverage gaps", "Engagement plan and coverage gaps"),
    ("Country context", "Country context and risk factors"),
    ("Data: upload and templates", "Data"),
]
# Every address an element makes the browser load (not <a href>, which loads nothing until clicked),
# and the url(...) of inline styles and stylesheets.
LOADED_REFERENCES = """() => {
  const found = [];
  const loads = 'link[href], script[src], img, iframe[src], source, video, audio, embed, object, image, use, track';
  for (const el of document.querySelectorAll(loads)) {
    for (const name of ['src', 'href', 'srcset', 'data', 'poster', 'xlink:href']) {
      const value = el.getAttribute(name);
      if (value) { found.push(...value.split(',').map(part => part.trim().split(' ')[0])); }
    }
  }
  const css = [...document.querySelectorAll('style')].map(s => s.textContent);
  css.push(...[...document.querySelectorAll('[style]')].map(el => el.getAttribute('style')));
  for (const text of css) {
    for (const match of text.matchAll(/url\\(\\s*['"]?([^'")]+)/g)) { found.push(match[1]); }
    for (const match of text.matchAll(/@import\\s+['"]([^'"]+)/g)) { found.push(match[1]); }
  }
  return found.map(address => new URL(address, document.baseURI).href);
}"""


# People named in their notes, roles and sources, and in the sources of ties.
NAMED_PARTS = ("amina", "wanjiru", "baraka", "kiptoo")
NAMED_ACTORS = f"""{ACTORS_HEADER},role,notes,source
tumaini,Tumaini Peace Network,civil_society,,,,4,champion,,,,,,Chaired by Amina Wanjiru.,Interview with A. Wanjiru
amina_wanjiru,Amina Wanjiru,person,,tumaini,top,4,champion,,,,,Chair,Met Amina on Monday.,amina.wanjiru@example.org
baraka,Baraka Kiptoo,person,,tumaini,senior,3,supportive,,,,,Aide to Amina Wanjiru,Kiptoo's notes.,Baraka's diary
"""
NAMED_RELATIONSHIPS = f"""{RELATIONSHIPS_HEADER},notes,source_ref
baraka,amina_wanjiru,advises,0.5,,,,,,Baraka briefs Wanjiru.,"Interview Amina Wanjiru, 2024"
tumaini,baraka,employs,,,,,,,,https://example.org/people/baraka-kiptoo
"""


def is_local(address: str) -> bool:
    parts = urlsplit(address)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="module")
def shipped_app_url(output_dir: Path) -> Iterator[str]:
    """The app started with nothing but its shipped settings, in its own process group, killed afterwards."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("STREAMLIT_")}
    with streamlit_app(output_dir / "streamlit_privacy.log", environment=environment) as (url, _):
        yield url


class Recorder:
    """Every request and WebSocket of a browser context; requests to other hosts are refused, not sent."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.sockets: list[str] = []
        self.session_configs: list[Any] = []

    def __enter__(self) -> Recorder:
        self.context.on("request", self._request)
        self.context.route("**/*", self._route)
        return self

    def __exit__(self, *_: object) -> None:
        self.context.unroute("**/*", self._route)
        self.context.remove_listener("request", self._request)

    def watch(self, page: Any) -> None:
        page.on("websocket", self._websocket)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)

    def _route(self, route: Any) -> None:
        if is_local(route.request.url):
            route.fallback()
        else:
            self.refused.append(route.request.url)
            route.abort("blockedbyclient")

    def _websocket(self, socket: Any) -> None:
        self.sockets.append(socket.url)
        socket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "new_session":
                self.session_configs.append(message.new_session.config)


def external_references(page: Any) -> dict[str, list[str]]:
    """For each frame of the page, the addresses its HTML makes the browser load from other hosts."""
    found: dict[str, list[str]] = {}
    for frame in page.frames:
        try:
            addresses = frame.evaluate(LOADED_REFERENCES)
        except PlaywrightError:  # a frame may navigate or detach while we look
            continue
        external = sorted({a for a in addresses if not is_local(a)})
        if external:
            found[frame.url[:80]] = external
    return found


def test_no_page_sends_anything_off_the_machine(browser: Any, shipped_app_url: str, output_dir: Path) -> None:
    page = browser.new_page()
    references: dict[str, dict[str, list[str]]] = {}
    try:
        with Recorder(browser) as recorder:
            recorder.watch(page)
            page.goto(shipped_app_url)
            menu = page.locator('[data-testid="stSidebarNav"]')
            for link, title in PAGES:
                menu.get_by_role("link", name=link, exact=True).click()
                crashed = page.get_by_test_id("stException")
                heading = page_landmark(page, title)
                heading.or_(crashed).first.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
                wait_for_app(page)
                assert crashed.count() == 0, f"{link} failed: {crashed.first.inner_text()[:500]}"
                page.wait_for_timeout(1500)  # iframes draw, fonts and images load
                references[link] = external_references(page)
                page.screenshot(path=str(output_dir / "privacy_last_page.png"))
    finally:
        page.close()

    assert len(recorder.requests) > len(PAGES), "the recorder saw the pages load"
    outside = sorted({r for r in recorder.requests if not is_local(r)} | set(recorder.refused))
    assert outside == [], f"requests to other hosts (usage statistics go to {TELEMETRY_HOST}): {outside}"
    assert {link: found for link, found in references.items() if found} == {}
    assert recorder.sockets and all(is_local(s) for s in recorder.sockets), recorder.sockets
    assert recorder.session_configs, "the server sent the session's settings"
    assert not any(config.gather_usage_stats for config in recorder.session_configs), "usage statistics are on"


def test_the_shipped_config_turns_usage_statistics_off() -> None:
    """What `streamlit run` reads from the checkout's .streamlit/config.toml, with no overrides."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("STREAMLIT_")}
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "\ngatherUsageStats = false\n" in shown
    assert '\naddress = "127.0.0.1"\n' in shown  # this machine only; no public-address lookup at start


def test_hidden_names_never_reach_the_browser(browser: Any, shipped_app_url: str, output_dir: Path) -> None:
    page = browser.new_page()
    received: list[bytes] = []
    recording = [False]

    def frame(payload: bytes | str) -> None:
        if recording[0]:
            received.append(payload if isinstance(payload, bytes) else payload.encode("utf-8"))

    page.on("websocket", lambda socket: socket.on("framereceived", frame))
    try:
        page.goto(shipped_app_url)
        menu = page.locator('[data-testid="stSidebarNav"]')
        menu.get_by_role("link", name="Data: upload and templates", exact=True).click()
        page.locator("input[type=file]").set_input_files(
            [
                {"name": "actors.csv", "mimeType": "text/csv", "buffer": NAMED_ACTORS.encode()},
                {"name": "relationships.csv", "mimeType": "text/csv", "buffer": NAMED_RELATIONSHIPS.encode()},
            ]
        )
        page.get_by_text("It is now the active map").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
        menu.get_by_role("link", name="Map", exact=True).click()
        page_landmark(page, "Map").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
        map_frame(page)
        wait_for_app(page)  # the run that shows the names has finished sending
        recording[0] = True
        page.get_by_role("button", name="Display").click()
        page.get_by_text("Hide people's names", exact=True).click()
        wait_for_app(page)
        page.keyboard.press("Escape")  # close the Display popover
        drawn = map_frame(page)
        save_view = page.get_by_role("button", name="Download this view (HTML)")
        with page.expect_download() as map_download:
            save_view.click()
        page.screenshot(path=str(output_dir / "privacy_hidden_names.png"))
        recording[0] = False
        assert drawn.evaluate("network.body.data.nodes.length") == 3
        tooltips = drawn.evaluate("network.body.data.nodes.get().map(n => n.title).join(' ')")
        assert "Chair, Tumaini Peace Network" in tooltips and "Aide to Chair, Tumaini Peace Network" in tooltips

        menu.get_by_role("link", name="Data: upload and templates", exact=True).click()
        page.get_by_text("Hide people's names in these downloads").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
        downloads = {}
        for label in ("actors.csv", "relationships.csv"):
            with page.expect_download() as download:
                page.get_by_role("button", name=label, exact=True).last.click()
            downloads[download.value.suggested_filename] = Path(download.value.path()).read_bytes()
    finally:
        page.close()

    assert received, "the recorder saw the redacted page arrive"
    sent = [part for part in NAMED_PARTS if any(part.encode() in payload.lower() for payload in received)]
    assert sent == [], f"the server sent names to the browser: {sent}"
    downloads["map.html"] = Path(map_download.value.path()).read_bytes()
    for name, data in downloads.items():
        assert [part for part in NAMED_PARTS if part in data.decode("utf-8-sig").lower()] == [], name
    assert b"Chair, Tumaini Peace Network" in downloads["map.html"]
    assert b"source_ref" in next(data for name, data in downloads.items() if name.endswith("relationships.csv"))
