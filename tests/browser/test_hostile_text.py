"""Markdown and HTML in names and workspace fields are shown as text on every page, in a real Chromium.

A workspace whose name, description and author, and whose actors' names and notes,
carry a Markdown image (`![](http://evil.example/x.png)`, which would make every
viewer's browser contact that host), a Markdown link (`[sign in again](...)`, a live
phishing link), HTML tags (`<a href>`, `<img src>`, which Plotly draws in its charts),
a bare address, a `www.` host and an e-mail address (which Markdown turns into links by
itself) is opened on every page. Every request is recorded and any to another host
refused; afterwards no page, nor any frame inside it, may hold a link or a loaded
reference to that host, and the payload must still be readable as text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from mapping.links import actor_token
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV, WorkspaceService
from tests.browser.conftest import CHROMIUM, streamlit_app
from tests.browser.test_browser import DRAW_TIMEOUT_S, choose, wait_for_app
from tests.browser.test_privacy import Recorder, external_references, is_local

EVIL = "evil.example"
IMAGE = f"![](http://{EVIL}/md.png)"
PHISH = f"[sign in again](http://{EVIL}/login)"
ANCHOR = f'<a href="http://{EVIL}/a">open</a>'
PICTURE = f'<img src="http://{EVIL}/img.png">'
BARE = f"http://{EVIL}/bare and www.{EVIL} and help@{EVIL}"
PAYLOAD = f"{PHISH} {IMAGE} {ANCHOR} {PICTURE} {BARE}"

# Every page by its address, and what shows it has opened.
PAGES = [
    ("", "Stakeholder map for atrocity prevention"),
    ("map", None),
    ("edit", "Edit map"),
    ("history", "History"),
    ("paths", "Influence paths"),
    ("leaders", "Leaders to engage"),
    ("scenarios", "Scenarios"),
    ("measures", "Network measures"),
    ("brief", "Engagement brief"),
    ("plan", "Engagement plan and coverage gaps"),
    ("context", "Country context and risk factors"),
    ("data", "Data"),
]
# Every link of a frame, HTML (href) and SVG (xlink:href, as Plotly writes its <a> tags).
LINKS = """() => [...document.querySelectorAll('a')]
  .map(a => [a.getAttribute('href') || a.getAttribute('xlink:href'), a.closest('[data-testid]')])
  .filter(([address]) => address)
  .map(([address, holder]) => [new URL(address, document.baseURI).href,
    holder ? holder.getAttribute('data-testid') + ': ' + holder.innerText.slice(0, 60) : ''])"""


def hostile_map() -> StakeholderMap:
    """Us, an association and a company named with the payload, a leader whose role carries it, and ties."""
    actors = [
        Actor("us", "Peace Network", "prevention_network", stance="champion", influence=3),
        Actor("chamber", f"Chamber {PAYLOAD}", "association", stance="supportive", influence=4, notes=PAYLOAD),
        Actor("mill", f"Mill {ANCHOR} {PICTURE}", "business", stance="neutral", influence=3, sector=PHISH),
        Actor("chair", "Chair of the Chamber", "person", parent="chamber", role=PAYLOAD, seniority="top", influence=3),
        Actor("ministry", f"Ministry {IMAGE}", "government", stance="neutral", influence=5, region=ANCHOR),
    ]
    ties = [
        Relationship("us", "chamber", "dialogue", 0.7, notes=PAYLOAD),
        Relationship("chamber", "mill", "member_of", 0.6),
        Relationship("chamber", "ministry", "influences", 0.5, source_ref=BARE),
        Relationship("mill", "ministry", "dialogue", 0.4),
    ]
    return StakeholderMap(actors, ties, title="hostile")


@pytest.fixture(scope="module")
def hostile_app(output_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The app on a data folder holding one workspace whose every field carries the payload."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    data = tmp_path_factory.mktemp("hostile_data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_DIR_ENV, str(data))
        patch.delenv(DATABASE_URL_ENV, raising=False)
        store = WorkspaceService()
        workspace = store.create(f"{PHISH} {IMAGE}", hostile_map(), author=f"{IMAGE} Amina", description=PAYLOAD)
        store.close()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k != DATABASE_URL_ENV}
    environment[DATA_DIR_ENV] = str(data)
    with streamlit_app(output_dir / "streamlit_hostile_text.log", environment=environment) as (url, _):
        yield url, workspace.id


def links_to_other_hosts(page: Any) -> list[str]:
    """The links of every frame of the page that point off the machine, each with where it is."""
    found: list[str] = []
    for frame in page.frames:
        try:
            found += [f"{link} (in {where})" for link, where in frame.evaluate(LINKS) if not is_local(link)]
        except PlaywrightError:  # a frame may detach while we look
            continue
    return found


def all_text(page: Any) -> str:
    """The text of every frame, without the invisible word joiners that keep addresses from becoming links."""
    texts = [frame.evaluate("() => document.body ? document.body.innerText : ''") for frame in page.frames]
    return " ".join(texts).replace("\u2060", "")


def open_page(page: Any, address: str, landmark: str | None) -> None:
    page.goto(address)
    crashed = page.get_by_test_id("stException")
    shown = (
        page.get_by_role("img", name="Stakeholder map")
        if landmark is None
        else page.get_by_role("heading", name=landmark, exact=True)
    )
    shown.or_(crashed).first.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    wait_for_app(page)
    assert crashed.count() == 0, f"{address} failed: {crashed.first.inner_text()[:500]}"


def test_markdown_and_html_in_names_stay_text_on_every_page(
    browser: Any, hostile_app: tuple[str, int], output_dir: Path
) -> None:
    url, workspace_id = hostile_app
    query = f"?map=workspace:{workspace_id}&us={actor_token('us')}&target={actor_token('ministry')}"
    page = browser.new_page()
    live: dict[str, list[str]] = {}
    loads: dict[str, dict[str, list[str]]] = {}
    texts: dict[str, str] = {}
    try:
        with Recorder(browser) as recorder:
            recorder.watch(page)
            for path, landmark in PAGES:
                open_page(page, f"{url}/{path}{query}", landmark)
                if path == "brief":
                    choose(page, "Brief on", "Chamber [sign in again]")
                if path == "leaders":
                    page.get_by_text("What makes up each score").first.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
                page.wait_for_timeout(1500)  # iframes draw, charts and images load
                live[path or "home"] = links_to_other_hosts(page)
                loads[path or "home"] = external_references(page)
                texts[path or "home"] = all_text(page)
                page.screenshot(path=str(output_dir / f"hostile_{path or 'home'}.png"), full_page=True)
    finally:
        page.close()

    linked = [f"{page_path}: {link}" for page_path, found in live.items() for link in found]
    assert not linked, "live links to another host:\n" + "\n".join(linked)
    assert {p: found for p, found in loads.items() if found} == {}, "references the browser would load"
    outside = sorted({r for r in recorder.requests if not is_local(r)} | set(recorder.refused))
    assert outside == [], f"requests off the machine: {outside}"
    # The payload was shown, as text: the link's words, the image's address, the tags.
    assert "sign in again" in texts["home"] and f"http://{EVIL}/md.png" in texts["home"]
    assert "<a href=" in texts["brief"] and f"help@{EVIL}" in texts["brief"]
    assert "Chamber" in texts["leaders"] and "<img src=" in texts["leaders"]
