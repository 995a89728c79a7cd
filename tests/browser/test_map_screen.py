"""The Map page on a shared screen, at 1280x720 and 1920x1080: what a room sees, measured in Chromium.

Each test opens the Kenya sample's Map page in a window of one size and
measures the page as drawn: the labels written on the canvas (their size on
screen and their boxes), the legend's box against the map's, the map's height
against the window's, and what a click or a search does. Screenshots go to
tests/output/; the README's docs/map.png is map_profile_1920.png and docs/route.png is
route_chain_1920.png.
"""

from __future__ import annotations

import base64
import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from mapping.render.labels_script import MIN_LABEL_PX
from tests.browser.conftest import OUTPUT
from tests.browser.test_browser import (
    DRAW_TIMEOUT_S,
    DrawnMap,
    choose,
    map_frame,
    open_page,
    png_size,
    wait_for_app,
)

SIZES = [(1280, 720), (1920, 1080)]


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def screen(request: pytest.FixtureRequest, page: Any) -> tuple[int, int]:
    """The window size of this run; the page is set to it."""
    width, height = request.param
    page.set_viewport_size({"width": width, "height": height})
    return width, height


def box_of(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def labels_when_settled(drawn: DrawnMap) -> list[dict[str, float]]:
    """The labels of the last frame, once two reads a moment apart agree (the fit may still be drawing)."""
    before = None
    for _ in range(20):
        now = drawn.evaluate("holder.labels.drawn")
        if now and now == before:
            return now
        before = now
        drawn.page.wait_for_timeout(250)
    raise AssertionError("the labels did not settle")


def node_of(drawn: DrawnMap, prefix: str) -> str:
    """The node id of the first actor whose label starts with `prefix`."""
    return drawn.evaluate(
        f"network.body.data.nodes.getIds().find(id => (network.body.data.nodes.get(id).text || '')"
        f".startsWith({prefix!r}))"
    )


def test_labels_are_large_apart_and_inside_the_map(page: Any, app_url: str, screen: tuple, output_dir: Path) -> None:
    open_page(page, app_url, "Map")
    drawn = map_frame(page)
    labels = labels_when_settled(drawn)
    width, height = drawn.evaluate("[canvas.clientWidth, canvas.clientHeight]")
    page.screenshot(path=str(output_dir / f"map_labels_{screen[0]}.png"))
    assert len(labels) >= 8, [label["text"] for label in labels]  # the room sees names, not only dots
    for label in labels:
        assert label["font"] >= MIN_LABEL_PX, label
        assert label["x"] >= 0 and label["x"] + label["w"] <= width, label  # never cut at the edge
        assert label["y"] >= 0 and label["y"] + label["h"] <= height, label
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            assert not overlaps(first, second), (first["text"], second["text"])
    # The font the canvas really used: the canvas context draws at the size written in the labels.
    assert drawn.evaluate("canvas.getContext('2d').font") is not None

    # Zooming in draws more labels, still apart and still at least 14 px.
    drawn.evaluate("network.moveTo({scale: network.getScale() * 2.5, animation: false})")
    zoomed = labels_when_settled(drawn)
    assert len(zoomed) > len(labels) // 2 and all(label["font"] >= MIN_LABEL_PX for label in zoomed)


def test_the_legend_and_the_map_fill_the_screen_side_by_side(page: Any, app_url: str, screen: tuple) -> None:
    open_page(page, app_url, "Map")
    drawn = map_frame(page)
    wait_for_app(page)
    holder = drawn.holder.bounding_box()
    legend = box_of(page, "#map-legend-strip")
    to_box = {"w": "width", "h": "height"}
    as_box = {short: box[long] for box in (holder,) for short, long in to_box.items()} | {
        "x": holder["x"],
        "y": holder["y"],
    }
    legend_box = {"x": legend["x"], "y": legend["y"], "w": legend["width"], "h": legend["height"]}
    assert not overlaps(as_box, legend_box)  # beside the map, never over an actor
    assert legend["x"] >= holder["x"] + holder["width"]
    # The map starts high and runs to the bottom of the window.
    assert holder["y"] < 0.3 * screen[1], holder
    assert abs(holder["y"] + holder["height"] - screen[1]) <= 24, holder


def test_a_click_opens_the_profile_and_search_selects_and_zooms(page: Any, app_url: str, screen: tuple) -> None:
    open_page(page, app_url, "Map")
    drawn = map_frame(page)
    wait_for_app(page)
    kepsa = node_of(drawn, "KEPSA")
    position = drawn.evaluate(f"network.canvasToDOM(network.getPositions(['{kepsa}'])['{kepsa}'])")
    started = time.monotonic()
    drawn.holder.locator("canvas").click(position=position)
    page.get_by_role("heading", name="Kenya Private Sector Alliance (KEPSA)").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    print(f"click to profile: {time.monotonic() - started:.2f} s at {screen[0]}x{screen[1]}")
    assert page.get_by_role("button", name="Open its brief").is_visible()
    wait_for_app(page)
    page.mouse.move(5, screen[1] - 5)  # no tooltip over the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT / f"map_profile_{screen[0]}.png"))

    whole = drawn.evaluate("network.getScale()")
    search = page.get_by_role("textbox", name="Find an actor")
    search.fill("Safaricom")
    search.press("Enter")
    page.get_by_role("heading", name="Safaricom").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    drawn = map_frame(page)
    safaricom = node_of(drawn, "Safaricom")
    deadline = time.monotonic() + 10
    while drawn.evaluate("network.getScale()") <= whole * 1.2:
        assert time.monotonic() < deadline, "the view did not zoom to the match"
        page.wait_for_timeout(200)
    assert drawn.evaluate("network.getSelectedNodes()") == [safaricom]
    spot = drawn.evaluate(f"network.canvasToDOM(network.getPositions(['{safaricom}'])['{safaricom}'])")
    size = drawn.evaluate("[canvas.clientWidth, canvas.clientHeight]")
    assert 0 < spot["x"] < size[0] and 0 < spot["y"] < size[1]
    assert any(label["id"] == safaricom for label in labels_when_settled(drawn))


def test_presentation_mode_fits_the_map_to_the_window(page: Any, app_url: str, screen: tuple, output_dir: Path) -> None:
    open_page(page, app_url, "Map")
    map_frame(page)
    wait_for_app(page)
    page.get_by_role("button", name="Display").click()
    page.get_by_text("Presentation mode").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSidebar\"]')?.checkVisibility()")
    drawn = map_frame(page)
    wait_for_app(page)
    page.wait_for_timeout(500)
    holder = drawn.holder.bounding_box()
    page.screenshot(path=str(output_dir / f"map_presenting_{screen[0]}.png"))
    assert holder["y"] + holder["height"] <= screen[1] + 1, holder  # nothing cut off at the bottom
    assert holder["height"] >= 0.6 * screen[1], holder
    labels = labels_when_settled(drawn)
    assert labels and min(label["font"] for label in labels) >= 20  # large labels for the back of the room


# Every text element of an SVG drawn in the page: its box, and the SVG's size.
SVG_TEXT_BOXES = """(svgText) => {
  const holder = document.createElement('div');
  holder.innerHTML = '';
  const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  document.body.appendChild(holder);
  holder.appendChild(document.importNode(svg, true));
  const drawn = holder.querySelector('svg');
  const boxes = [...drawn.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height};
  });
  const size = [drawn.width.baseVal.value, drawn.height.baseVal.value];
  holder.remove();
  return {size, boxes};
}"""


def test_pictures_for_slides_are_full_size_with_nothing_cut(page: Any, app_url: str, screen: tuple) -> None:
    open_page(page, app_url, "Map")
    drawn = map_frame(page)
    wait_for_app(page)
    view = drawn.evaluate("[network.getScale(), network.getViewPosition()]")
    png = drawn.evaluate("holder.mapPicture()")
    assert png_size(base64.b64decode(png.split(",", 1)[1])) == (1920, 1080)
    double = drawn.evaluate("holder.mapPicture(3840, 2160, 2)")
    assert png_size(base64.b64decode(double.split(",", 1)[1])) == (3840, 2160)
    assert drawn.evaluate("[network.getScale(), network.getViewPosition()]") == view  # the screen view is back

    svg = drawn.evaluate("holder.mapSvg()")
    assert "<script" not in svg and "foreignObject" not in svg
    measured = page.evaluate(SVG_TEXT_BOXES, svg)
    assert measured["size"] == [1920, 1080]
    texts = [box["text"] for box in measured["boxes"]]
    assert any(text.startswith("Kenya 2008-2013") for text in texts)  # the title
    assert "Actor kind (fill)" in texts and "Business association" in texts  # the legend
    assert len(texts) > 40  # labels, steps, legend
    for box in measured["boxes"]:  # nothing cut at the picture's edges
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["w"] <= 1920 and box["y"] + box["h"] <= 1080, box
    (OUTPUT / f"map_picture_{screen[0]}.svg").write_text(svg, encoding="utf-8")
    (OUTPUT / f"map_picture_{screen[0]}.png").write_bytes(base64.b64decode(png.split(",", 1)[1]))


def test_a_route_reads_left_to_right_and_opens_on_the_map_in_a_fresh_session(
    page: Any, app_url: str, screen: tuple, output_dir: Path
) -> None:
    # A new tab is a new session: the Map page has never been opened in it.
    open_page(page, app_url, "Influence paths")
    choose(page, "Us (our organisation or network)", "Uwiano", multiple=True)
    choose(page, "Target (the decision-maker to reach)", "Orange Democratic")
    chain = page.locator(".route-chain").first
    chain.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    chain.scroll_into_view_if_needed()
    cards = chain.locator(".route-actor")
    roles = [cards.nth(i).get_attribute("data-role") for i in range(cards.count())]
    assert roles[0] == "us" and roles[-1] == "target" and set(roles[1:-1]) == {"broker"}
    hops = chain.locator(".route-hop")
    hop_count = hops.count()
    assert hop_count == cards.count() - 1
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    for before, after in itertools.pairwise(boxes):  # left to right, row by row
        same_row = abs(before["y"] - after["y"]) < before["height"]
        assert (same_row and after["x"] > before["x"]) or after["y"] > before["y"]
    assert all(box["x"] + box["width"] <= screen[0] for box in boxes)  # nothing off the side
    for i in range(hops.count()):
        assert "confidence" in hops.nth(i).inner_text() and "strength" in hops.nth(i).inner_text()
    route = page.locator(".stakeholder-map").first
    route_map = DrawnMap(page)
    steps = route_map.evaluate("holder.labels.stepBoxes.length")
    assert steps == hop_count
    page.get_by_role("heading", name="Strongest routes").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(output_dir / f"route_chain_{screen[0]}.png"))  # the chain and the route's map

    assert route.count()
    page.get_by_role("button", name="Open this route on the Map page").click()
    drawn = map_frame(page)
    page.get_by_text("Highlighted path:").first.wait_for(timeout=DRAW_TIMEOUT_S * 1000)  # the note, not the legend
    wait_for_app(page)
    drawn = map_frame(page)
    numbered = drawn.evaluate("holder.labels.stepBoxes.length")
    width, height = drawn.evaluate("[canvas.clientWidth, canvas.clientHeight]")
    assert numbered == hop_count  # the route is on the Map page, every step numbered and on screen
    for box in drawn.evaluate("holder.labels.stepBoxes"):
        assert box["x"] >= 0 and box["x"] + box["w"] <= width and box["y"] >= 0 and box["y"] + box["h"] <= height
    dimmed = drawn.evaluate("network.body.data.nodes.get().filter(n => n.dim).length")
    assert dimmed > 0
    page.screenshot(path=str(output_dir / f"route_on_map_{screen[0]}.png"))


def test_a_reload_and_a_copied_link_reopen_the_same_view(
    page: Any, browser: Any, app_url: str, screen: tuple, output_dir: Path
) -> None:
    open_page(page, app_url, "Map")
    map_frame(page)
    wait_for_app(page)
    choose(page, "Colour by", "Sector")
    search = page.get_by_role("textbox", name="Find an actor")
    search.fill("Safaricom")
    search.press("Enter")
    page.get_by_role("heading", name="Safaricom").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    wait_for_app(page)
    address = page.url
    assert "colour=sector" in address and "sel=" in address and "safaricom" not in address.lower().split("q=")[0]

    def same_view(tab: Any) -> None:
        tab.get_by_role("heading", name="Safaricom").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
        drawn = map_frame(tab)
        wait_for_app(tab)
        assert tab.get_by_role("textbox", name="Find an actor").input_value() == "Safaricom"
        assert drawn.evaluate("network.getSelectedNodes().length") == 1
        assert tab.locator("#map-legend-strip").first.inner_text().startswith("Sector (fill)")

    page.reload()
    same_view(page)
    colleague = browser.new_page()  # a new tab is a new session, as a colleague's browser would be
    try:
        colleague.set_viewport_size({"width": screen[0], "height": screen[1]})
        colleague.goto(address)
        same_view(colleague)
        colleague.screenshot(path=str(output_dir / f"map_from_link_{screen[0]}.png"))
    finally:
        colleague.close()
