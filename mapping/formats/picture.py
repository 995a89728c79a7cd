"""The map as a picture: the interactive HTML page, and a PNG of it drawn by headless Chromium.

`map_html` is the Map page's drawing (`mapping.render.network`: our own page
template with vis-network inlined, no pyvis code) at the map's fixed layout, a
file that opens offline in any browser. `map_png` opens that page in Debian's
Chromium through playwright (the python package; no browser is ever downloaded)
and screenshots the canvas. Without Chromium or playwright it raises
`PictureUnavailableError`, with what to install.
"""

from __future__ import annotations

from pathlib import Path

from mapping.layout import layout_positions
from mapping.model import StakeholderMap
from mapping.render.network import network_html
from mapping.view import placed_positions

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PictureUnavailableError", "map_html", "map_png"]

CHROMIUM = "/usr/bin/chromium"
# Headless and quiet: without the background-networking flags Chromium keeps calling home,
# which a closed network refuses.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1400, "height": 1000}
DRAW_WAIT_MS = 800  # vis-network draws on animation frames after the page loads
TIMEOUT_MS = 30_000


class PictureUnavailableError(RuntimeError):
    """A PNG cannot be made here: Chromium or playwright is missing, or the browser failed."""


def map_html(smap: StakeholderMap) -> str:
    """The map drawn as a self-contained HTML page, at its fixed layout."""
    return network_html(smap, placed_positions(layout_positions(smap), smap))


def map_png(smap: StakeholderMap, chromium: str | Path | None = None) -> bytes:
    """A PNG of the map's canvas, drawn by headless Chromium (`CHROMIUM` unless another path is given)."""
    browser_path = Path(chromium or CHROMIUM)
    if not browser_path.is_file():
        raise PictureUnavailableError(
            f"PNG export needs Chromium at {browser_path}, which is not installed. "
            "Install it (Debian: apt-get install chromium), or export html and take the picture from a browser."
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PictureUnavailableError(
            "PNG export needs the playwright package: pip install 'stakeholder-mapping[png]'."
        ) from None
    page_html = map_html(smap)
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(browser_path), args=list(CHROMIUM_ARGS))
            try:
                page = browser.new_page(viewport=VIEWPORT)
                page.set_content(page_html, wait_until="load", timeout=TIMEOUT_MS)
                page.add_style_tag(content="button { visibility: hidden !important; }")  # a picture has no buttons
                canvas = page.locator("canvas").first
                canvas.wait_for(state="visible", timeout=TIMEOUT_MS)
                page.wait_for_timeout(DRAW_WAIT_MS)
                return canvas.screenshot(type="png", timeout=TIMEOUT_MS)
            finally:
                browser.close()
    except Error as err:
        raise PictureUnavailableError(f"Chromium could not draw the map: {err.message.splitlines()[0]}") from err
