"""The Map page in a real Chromium: the map draws offline, exports a PNG, and hostile labels stay text.

Screenshots of each step are saved under tests/output/ (the README's pictures come from
tests/browser/test_map_screen.py).
"""

from __future__ import annotations

import base64
import struct
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from mapping import cli
from mapping.samples import SAMPLE_DATA_DIR
from tests.conftest import ACTORS_HEADER, RELATIONSHIPS_HEADER

DRAW_TIMEOUT_S = 30
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Counts the canvas pixels that are painted and not near-white.
COUNT_PAINTED = """() => {
  const canvas = document.querySelector('#mynetwork canvas');
  if (!canvas || !canvas.width) { return 0; }
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) { painted++; }
  }
  return painted;
}"""

# True when the view is the one `fit` gives for the canvas as it is now: the whole map, as large as fits.
COUNT_PAINTED_IN = COUNT_PAINTED.replace("() => {", "(holder) => {", 1).replace(
    "document.querySelector('#mynetwork canvas')", "holder.querySelector('canvas')"
)
WHOLE_MAP_IN_VIEW = """() => {
  const canvas = document.querySelector('#mynetwork canvas');
  if (canvas.width !== Math.round(canvas.clientWidth * window.devicePixelRatio)) { return false; }
  const scale = network.getScale(), position = network.getViewPosition();
  network.fit({ animation: false });
  const fitted = network.getScale();
  network.moveTo({ position: position, scale: scale });
  return Math.abs(fitted - scale) < 1e-6 * fitted;
}"""

HOSTILE_SCRIPT = "<script>window.__xss=1;alert('xss')</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__xss=1;alert('xss')\">"
HOSTILE_LINK = '<a href="javascript:window.__xss=1">click</a>'
HOSTILE_ACTORS = f"""{ACTORS_HEADER}
script,"{HOSTILE_SCRIPT.replace('"', '""')}",business,,,,4,champion,,,,
img,"{HOSTILE_IMG.replace('"', '""')}",association,,,,3,opposed,,,,
link,"{HOSTILE_LINK.replace('"', '""')}",media,,,,2,neutral,,,,
"""
HOSTILE_RELATIONSHIPS = f"""{RELATIONSHIPS_HEADER}
script,img,funds,0.6,,,,,
img,link,opposes,0.5,,,,,
"""


class DrawnMap:
    """The Map page's interactive map (a component in the page's own DOM, under a shadow root).

    `evaluate(expression)` runs a JavaScript expression with `network` (its vis-network),
    `holder` (its element) and `canvas` in scope.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.holder = page.locator(".stakeholder-map").first

    def evaluate(self, expression: str) -> Any:
        return self.holder.evaluate(
            "(holder) => { const network = holder.network; const canvas = holder.querySelector('canvas');"
            f" return ({expression}); }}"
        )

    def painted(self) -> int:
        return self.holder.evaluate(COUNT_PAINTED_IN)


def map_frame(page: Any, min_height_px: int = 0) -> DrawnMap:
    """The Map page's interactive map, once its canvas has painted pixels (and is at least that tall)."""
    deadline = time.monotonic() + DRAW_TIMEOUT_S
    drawn = DrawnMap(page)
    while time.monotonic() < deadline:
        try:
            if (
                drawn.holder.count()
                and drawn.evaluate("holder.clientHeight") >= min_height_px
                and drawn.painted() > 500
            ):
                return drawn
        except PlaywrightError:  # the component may re-render while we look
            pass
        page.wait_for_timeout(200)
    raise AssertionError(f"no map canvas painted within {DRAW_TIMEOUT_S} s")


def open_page(page: Any, app_url: str, link: str) -> None:
    """Open the app at its root, then a page through the sidebar menu, as a user would."""
    page.goto(app_url)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True).click()


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE), data[:16]
    return struct.unpack(">II", data[16:24])


def test_the_map_page_draws_offline_and_exports_a_png(page: Any, app_url: str, output_dir: Path) -> None:
    started = time.monotonic()
    open_page(page, app_url, "Map")
    frame = map_frame(page)
    drawn_after = time.monotonic() - started
    page.get_by_text("Find an actor").wait_for()
    canvas = frame.evaluate("[canvas.width, canvas.height]")
    assert frame.painted() > 0.005 * canvas[0] * canvas[1]
    assert frame.evaluate("network.body.data.nodes.length") == 91
    page.set_viewport_size({"width": 1400, "height": 1450})
    page.wait_for_timeout(500)
    page.screenshot(path=str(output_dir / "map_page.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})

    picture = frame.evaluate("holder.mapPicture()")
    assert picture.startswith("data:image/png;base64,")
    data = base64.b64decode(picture.split(",", 1)[1])
    width, height = png_size(data)
    assert (width, height) == (1920, 1080)  # a picture for slides, whatever the window
    with page.expect_download() as download_info:
        page.locator(".save-png").first.click()
    download = download_info.value
    saved = Path(download.path()).read_bytes()
    assert download.suggested_filename.endswith(".png") and png_size(saved) == (width, height)
    (output_dir / "map_export.png").write_bytes(saved)

    page.get_by_role("button", name="Display").click()
    page.get_by_text("Presentation mode").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSidebar\"]')?.checkVisibility()")
    frame = map_frame(page, min_height_px=700)  # the presentation map fills the window's height
    page.screenshot(path=str(output_dir / "map_presenting.png"))
    assert not page.dialogs
    print(f"map drawn {drawn_after:.1f} s after navigation")


def test_hostile_labels_never_run_as_script(page: Any, app_url: str, output_dir: Path) -> None:
    open_page(page, app_url, "Data: upload and templates")
    page.locator("input[type=file]").set_input_files(
        [
            {"name": "actors.csv", "mimeType": "text/csv", "buffer": HOSTILE_ACTORS.encode()},
            {"name": "relationships.csv", "mimeType": "text/csv", "buffer": HOSTILE_RELATIONSHIPS.encode()},
        ]
    )
    page.get_by_text("It is now the active map").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Map", exact=True).click()
    page.get_by_text("Find an actor").wait_for()
    frame = map_frame(page)
    assert frame.evaluate("network.body.data.nodes.length") == 3
    # The labels are written on the canvas as text: each hostile name, as written (long ones shortened).
    written = frame.evaluate("holder.labels.drawn.map(label => label.text)")
    hostile = (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_LINK)
    assert len(written) == 3 and all(any(h.startswith(w.rstrip("…")) for h in hostile) for w in written)

    # Hover the <script> actor and the <a href> one: their tooltips must show the labels as text, not run them.
    for node, label in (("n2", HOSTILE_LINK), ("n0", HOSTILE_SCRIPT)):
        assert tooltip_of(frame, node).startswith(label)
    # Click the <script> actor: its profile names it as text.
    position = frame.evaluate("network.canvasToDOM(network.getPositions(['n0'])['n0'])")
    frame.holder.locator("canvas").click(position=position)
    page.get_by_role("heading", name=HOSTILE_SCRIPT).wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    # The map component lives under a shadow root, which document.querySelectorAll does not enter.
    assert frame.evaluate("holder.getRootNode().querySelectorAll('img[src=x], a[href^=javascript]').length") == 0
    page.screenshot(path=str(output_dir / "hostile_map.png"))

    # The Network measures page writes the names into Plotly's chart and into tables: still text.
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Network measures").click()
    page.get_by_role("heading", name="Each actor's position").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    page.screenshot(path=str(output_dir / "hostile_measures.png"))
    assert page.locator(".js-plotly-plot a").count() == 0

    for each in page.frames:
        assert each.evaluate("window.__xss") is None, each.url
        assert each.evaluate("document.querySelectorAll('img[src=x], a[href^=javascript]').length") == 0
    assert not page.dialogs


def tooltip_of(drawn: DrawnMap, node: str) -> str:
    """The text of a node's tooltip, after hovering it; fails if the tooltip holds any element but line breaks."""
    position = drawn.evaluate(f"network.canvasToDOM(network.getPositions(['{node}'])['{node}'])")
    drawn.holder.locator("canvas").hover(position=position)  # scrolled into view first, if need be
    expected = drawn.evaluate(f"network.body.data.nodes.get('{node}').title.split('\\n')[0]")
    read = (
        "(holder) => { const t = holder.querySelector('.vis-tooltip');"
        " if (!t || getComputedStyle(t).visibility !== 'visible') { return null; }"
        " return [t.innerText, [...t.children].filter(c => c.tagName !== 'BR').length]; }"
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        shown = drawn.holder.evaluate(read)
        if shown and shown[0].startswith(expected):
            text, elements = shown
            assert elements == 0, text  # text and line breaks only
            return text
        drawn.page.wait_for_timeout(100)
    raise AssertionError(f"no tooltip for {node}")


def test_the_exported_html_file_draws_offline_by_itself(page: Any, output_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "kenya.html"
    kenya = str(SAMPLE_DATA_DIR / "kenya_2008_2013")
    assert cli.main(["export", kenya, "--format", "html", "--output", str(exported)]) == 0
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(exported.as_uri())
    deadline = time.monotonic() + DRAW_TIMEOUT_S
    while page.evaluate(COUNT_PAINTED) < 500:
        assert time.monotonic() < deadline, "the exported map did not draw"
        page.wait_for_timeout(200)
    assert page.evaluate("network.body.data.nodes.length") == 91
    assert page.evaluate("network.physics.physicsEnabled") is False
    assert requests == [exported.as_uri()]  # the file itself: no script, style or font from anywhere else
    assert png_size(base64.b64decode(page.evaluate("window.mapPicture()").split(",", 1)[1]))[0] > 0
    page.screenshot(path=str(output_dir / "exported_html.png"))
    page.wait_for_function(WHOLE_MAP_IN_VIEW, timeout=DRAW_TIMEOUT_S * 1000)
    page.set_viewport_size({"width": 900, "height": 1000})  # vis-network alone keeps the old view, rescaled
    page.wait_for_function(WHOLE_MAP_IN_VIEW, timeout=DRAW_TIMEOUT_S * 1000)
    assert not page.dialogs


def wait_for_app(page: Any) -> None:
    """Wait until Streamlit has finished rerunning the script (its status widget is gone)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=DRAW_TIMEOUT_S * 1000)


def choose(page: Any, label: str, text: str, *, multiple: bool = False) -> None:
    """Pick an option in a Streamlit select box (or multiselect, whose list stays open) by typing part of it."""
    wait_for_app(page)
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    option = page.get_by_role("option", name=text)  # substring match
    option.first.wait_for()
    option.first.click()
    if multiple:
        page.keyboard.press("Escape")
    wait_for_app(page)


def test_influence_paths_shows_a_path_table(page: Any, app_url: str, output_dir: Path) -> None:
    open_page(page, app_url, "Influence paths")
    page.get_by_text("How can we reach this decision-maker?").wait_for()
    choose(page, "Us (our organisation or network)", "Uwiano", multiple=True)
    choose(page, "Target (the decision-maker to reach)", "Orange Democratic")
    page.get_by_role("heading", name="Strongest routes").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    page.screenshot(path=str(output_dir / "influence_paths.png"), full_page=True)
    page.get_by_text("The strongest route to Orange Democratic Movement (ODM) runs through").wait_for()
    tables = page.locator('[data-testid="stDataFrame"]')
    tables.first.wait_for()
    assert tables.count() >= 2  # routes and critical brokers
    page.screenshot(path=str(output_dir / "influence_paths.png"), full_page=True)
    assert not page.dialogs


def test_a_bookmarked_page_keeps_the_menu_and_map_picker(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/leaders")
    page.get_by_role("heading", name="Leaders to engage").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Active map").wait_for()
    assert sidebar.get_by_role("link", name="Influence paths", exact=True).count() == 1
