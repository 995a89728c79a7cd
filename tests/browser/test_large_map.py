"""A 3,000-actor map in a real Chromium: uploaded, drawn at the Map page's level of detail, and timed.

The map is the benchmark's generated one (`bench/generate.py`, seeded). The time
from clicking the Map page to a painted canvas is printed and written to
tests/output/large_map_draw.json; it is a measurement, not a pass mark (speed
targets live in `bench/run.py`). The test asserts what a user needs: the map
draws, with the actors the level of detail keeps, and says how many are hidden.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from tests.browser.test_browser import DRAW_TIMEOUT_S, map_frame, open_page, wait_for_app

ROOT = Path(__file__).resolve().parent.parent.parent
ACTORS = 3000
DRAWN_BY_DEFAULT = 300


def generated_map(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import write
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return write(ACTORS, folder)


def test_a_3000_actor_map_draws_at_its_level_of_detail(
    page: Any, app_url: str, output_dir: Path, tmp_path: Path
) -> None:
    folder = generated_map(tmp_path / "map3000")
    open_page(page, app_url, "Data: upload and templates")
    page.locator("input[type=file]").set_input_files([str(folder / "actors.csv"), str(folder / "relationships.csv")])
    page.get_by_text("It is now the active map").wait_for(timeout=DRAW_TIMEOUT_S * 4000)
    wait_for_app(page)

    started = time.monotonic()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Map", exact=True).click()
    frame = map_frame(page)
    drawn_after = time.monotonic() - started

    page.get_by_text(f"{ACTORS - DRAWN_BY_DEFAULT} of {ACTORS} actors are hidden").wait_for()
    assert frame.evaluate("network.body.data.nodes.length") == DRAWN_BY_DEFAULT
    assert frame.evaluate("network.physics.physicsEnabled") is False  # fixed positions: no stabilisation storm
    page.screenshot(path=str(output_dir / "large_map.png"))
    (output_dir / "large_map_draw.json").write_text(
        json.dumps({"actors": ACTORS, "drawn_after_s": round(drawn_after, 2)})
    )
    print(f"3,000-actor map: canvas drawn {drawn_after:.1f} s after clicking Map")
