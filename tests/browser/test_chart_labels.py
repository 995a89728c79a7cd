"""Issue 17, point 6, in a real Chromium: no chart cuts its labels, and Leaders reads at 1280 px.

At 1280x720 and 1920x1080 windows: the Scenarios rank chart's labels sit whole inside
its SVG, none over another, shortened with "…" only when a name is too long for two
lines; on Leaders, the first organisation's and the first person's reason sit beside
the name, inside the window, with nothing to scroll sideways. Screenshots go to tests/output/.
"""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from mapping.analysis.scenarios import RankChange
from mapping.render.analysis_charts import rank_slope
from mapping.render.charts import LABEL_LINE, LABEL_LINES, axis_label
from tests.browser.test_browser import DRAW_TIMEOUT_S, HOSTILE_IMG, HOSTILE_LINK, choose, open_page, wait_for_app

WINDOWS = [(1280, 720), (1920, 1080)]

# Every y-axis tick label of a Plotly chart (both sides), as its lines, with its box and the chart's SVG box.
TICK_LABELS = """(plot) => {
  const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
  return [...plot.querySelectorAll('g.ytick text, g.y2tick text')].map(t => {
    const lines = [...t.querySelectorAll('tspan.line')].map(l => l.textContent);
    const b = t.getBoundingClientRect();
    return {text: lines.length ? lines.join(' ') : t.textContent, box: [b.left, b.top, b.right, b.bottom],
            svg: [svg.left, svg.top, svg.right, svg.bottom], axis: t.closest('g.y2tick') ? 'right' : 'left'};
  });
}"""
# The full names the chart was given (its hover data), as Plotly holds them.
CHART_NAMES = "(plot) => plot.data.flatMap(t => (t.customdata || []).map(row => Array.isArray(row) ? row[0] : row))"


def assert_labels_whole(plot: Any) -> list[dict[str, Any]]:
    """Every tick label inside the chart's SVG, none over another, shortened with "…" only when too long."""
    labels = plot.evaluate(TICK_LABELS)
    names = {html.unescape(name) for name in plot.evaluate(CHART_NAMES)}
    assert labels and names
    for label in labels:
        left, top, right, bottom = label["box"]
        svg_left, svg_top, svg_right, svg_bottom = label["svg"]
        assert svg_left - 0.5 <= left < right <= svg_right + 0.5, label
        assert svg_top - 0.5 <= top < bottom <= svg_bottom + 0.5, label
        if "…" in label["text"]:
            prefix = re.match(r"(\d+\. |removed: )?", label["text"]).group(0)
            full = [n for n in names if " ".join(html.unescape(axis_label(prefix + n)).split("<br>")) == label["text"]]
            assert full, f"{label['text']!r} is no chart name shortened"
            assert len(textwrap.wrap(prefix + full[0], LABEL_LINE)) > LABEL_LINES, label["text"]
    for side in ("left", "right"):
        boxes = sorted((label["box"] for label in labels if label["axis"] == side), key=lambda box: box[1])
        assert all(upper[3] <= lower[1] + 0.5 for upper, lower in itertools.pairwise(boxes)), f"{side} labels overlap"
    return labels


@pytest.mark.parametrize(("width", "height"), WINDOWS)
def test_the_scenario_rank_chart_shows_whole_labels(
    page: Any, app_url: str, output_dir: Path, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, app_url, "Scenarios")
    page.get_by_role("heading", name="Scenarios").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    choose(page, "Us (our organisation or network)", "Uwiano", multiple=True)
    page.get_by_role("button", name="Example:").click()
    wait_for_app(page)
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # Plotly lays out once more after measuring its labels (automargin)
    labels = assert_labels_whole(plot)
    assert {label["axis"] for label in labels} == {"left", "right"}
    assert "1. Kenya Private Sector Alliance (KEPSA)" in {label["text"] for label in labels}
    assert plot.evaluate("p => p.getBoundingClientRect().right") <= width
    page.screenshot(path=str(output_dir / f"scenarios_rank_chart_{width}.png"))
    widest = max(label["box"][2] - label["box"][0] for label in labels)
    print(f"{width}x{height}: {len(labels)} labels inside the SVG, widest {widest:.0f} px")
    assert not page.dialogs


def cell(table: Any, heading: str, row: int = 0) -> dict[str, Any]:
    """The text and horizontal extent of a Markdown table's cell in the column with this heading."""
    return table.evaluate(
        """(table, [heading, row]) => {
          const column = [...table.querySelectorAll('thead th')].findIndex(th => th.textContent.trim() === heading);
          const found = table.querySelectorAll('tbody tr')[row].children[column];
          const box = found.getBoundingClientRect();
          return {text: found.textContent.trim(), left: box.left, right: box.right};
        }""",
        [heading, row],
    )


@pytest.mark.parametrize(("width", "height"), WINDOWS)
def test_leaders_shows_each_reason_beside_the_name_without_sideways_scrolling(
    page: Any, app_url: str, output_dir: Path, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, app_url, "Leaders to engage")
    page.get_by_role("heading", name="Leaders to engage").wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    wait_for_app(page)
    for heading, name_column, reason_column in (
        ("Organisations to engage: the channels", "organisation", "why engage them"),
        ("People", "person", "why them"),
    ):
        table = page.get_by_role("heading", name=heading, exact=True).locator("xpath=following::table[1]")
        table.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
        name, reason = cell(table, name_column), cell(table, reason_column)
        assert name["text"] and len(reason["text"]) > 20, (name, reason)
        assert 0 <= name["left"] < name["right"] <= reason["left"] < reason["right"] <= width, (width, name, reason)
        print(
            f"{width}x{height} {heading}: name {name['left']:.0f}-{name['right']:.0f} px, reason to {reason['right']:.0f} px"
        )
    main = page.locator('[data-testid="stMain"]')
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth"), "the page scrolls sideways"
    page.get_by_role("heading", name="Organisations to engage: the channels").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / f"leaders_{width}.png"))
    assert not page.dialogs


def test_a_chart_shows_markup_in_a_name_as_text(page: Any, tmp_path: Path) -> None:
    ranks = [RankChange("link", HOSTILE_LINK, 1, 2, 0.5, 0.4), RankChange("img", HOSTILE_IMG, 2, 1, 0.4, 0.5)]
    chart = tmp_path / "chart.html"
    chart.write_text(rank_slope(ranks).to_html(include_plotlyjs=True), encoding="utf-8")
    page.goto(chart.as_uri())
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=DRAW_TIMEOUT_S * 1000)
    shown = " ".join(label["text"] for label in assert_labels_whole(plot))
    assert "<a href=" in shown and "<img src=x" in shown  # the tags as text
    # (the modebar's buttons are links of Plotly's own; none is in the drawing or points at script)
    assert plot.evaluate("p => p.querySelectorAll('svg a, img, a[href^=javascript]').length") == 0
    assert page.evaluate("window.__xss") is None and not page.dialogs
