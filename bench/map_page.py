"""Time the Map page as a user meets it, in Chromium, on a generated map: first paint and click to profile.

    python bench/map_page.py                 # 3,000 actors, 3 runs; prints the figures
    python bench/map_page.py --actors 300 --runs 5 --output bench/map_page.json

Each run is a fresh browser session on one running app: upload the map (Data
page), click "Map" and wait until the canvas shows the network (first paint),
then click five actors in turn and wait for each one's profile heading (click to
profile). Figures are whole-page timings from the click, as a user waits; the
medians and the ranges are printed. The map comes from `bench/generate.py`
(seeded), drawn at the Map page's level of detail (300 actors by default).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import write  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_app  # noqa: E402
from tests.browser.test_browser import DRAW_TIMEOUT_S, map_frame, open_page, wait_for_app  # noqa: E402

CLICKS = 5


def one_run(browser: object, url: str, folder: Path) -> dict[str, object]:
    """Upload, open the Map page (first paint), then click actors (click to profile)."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_page(page, url, "Data: upload and templates")
        files = [str(folder / "actors.csv"), str(folder / "relationships.csv")]
        page.locator("input[type=file]").set_input_files(files)
        page.get_by_text("It is now the active map").wait_for(timeout=DRAW_TIMEOUT_S * 4000)
        wait_for_app(page)
        started = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Map", exact=True).click()
        drawn = map_frame(page)
        first_paint = time.perf_counter() - started
        wait_for_app(page)
        clicks = []
        ids = drawn.evaluate("network.body.data.nodes.getIds().slice(0, 40)")
        for node in ids:
            if len(clicks) == CLICKS:
                break
            centre = f"network.getPositions(['{node}'])['{node}']"
            drawn.evaluate(f"network.moveTo({{position: {centre}, animation: false}})")  # on screen
            spot = drawn.evaluate(f"network.canvasToDOM({centre})")
            if drawn.evaluate(f"network.getNodeAt({{x: {spot['x']}, y: {spot['y']}}})") != node:
                continue  # another actor lies on top of it here: a click would open that one
            name = drawn.evaluate(f"network.body.data.nodes.get('{node}').title.split('\\n')[0]")
            started = time.perf_counter()
            drawn.holder.locator("canvas").click(position=spot)
            page.get_by_role("heading", name=name, exact=True).wait_for(timeout=DRAW_TIMEOUT_S * 1000)
            clicks.append(time.perf_counter() - started)
            wait_for_app(page)
            drawn = map_frame(page)
        return {"first_paint_s": first_paint, "click_to_profile_s": clicks}
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = write(args.actors, Path(tempfile.mkdtemp()) / f"map{args.actors}")
    runs = []
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    with streamlit_app(log, ["--server.headless", "true"]) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            runs = [one_run(browser, url, folder) for _ in range(args.runs)]
        finally:
            browser.close()
    paints = [r["first_paint_s"] for r in runs]
    clicks = [c for r in runs for c in r["click_to_profile_s"]]
    figures = {
        "actors": args.actors,
        "runs": args.runs,
        "first_paint_median_s": round(statistics.median(paints), 2),
        "first_paint_range_s": [round(min(paints), 2), round(max(paints), 2)],
        "click_to_profile_median_s": round(statistics.median(clicks), 2),
        "click_to_profile_range_s": [round(min(clicks), 2), round(max(clicks), 2)],
        "clicks": len(clicks),
    }
    print(json.dumps(figures, indent=2))
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
