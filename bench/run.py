"""Time every step a user waits for, at 300, 3,000 and 30,000 actors, against the naive way.

    python bench/run.py                    # all sizes; prints a table, writes bench/results.json
    python bench/run.py --sizes 300 3000   # some sizes
    python bench/run.py --no-pages         # skip the AppTest page runs

Each size runs in its own process (so its peak memory is its own), on a map
from `bench/generate.py` (seeded). Steps:

- load: read and validate the two CSV files (`mapping.load.load_paths`);
- network: the positive influence network and its igraph form (what paths and brokerage walk);
- layout: the fixed positions of the Map page;
- ranking: every component for every organisation, with an "us";
- path query: the 3 strongest paths between random pairs (mean of 20), network built once;
- scenario: civil society and faith removed, compared with the base ranking;
- coalitions (up to 3,000 actors): signed Leiden, 20 seeded runs and their consensus;
- rank ranges (300 actors): the ranking again 50 times within the data's uncertainty;
- map html: the Map page's drawing of what it shows (level of detail above 400 actors);
- canvas draw: that HTML opened in Chromium until its canvas shows the network (and,
  on the 3,000 map, the drawing of every actor, which the page offers with its slider);
- pages: a full AppTest run of each page on the map, a rerun with nothing changed, then a rerun
  after a widget change;
- command line (3,000 actors): `python -X importtime -c "import mapping.cli"` (the import's own
  total, median of 5) and whole processes of `mapping paths` and `mapping rank` on the map
  (median of 5 runs, each a fresh process).

"naive" does the same work the straightforward way: networkx's spring_layout,
exact networkx betweenness, one networkx Dijkstra per target, a route search per
reason. Naive steps that would take longer than `NAIVE_BUDGET_S` on the largest
map are estimated from the smaller ones and marked so, not run.
The brokerage approximation's error is measured on the 3,000 map (sampled
against exact).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import networkx as nx  # noqa: E402
from generate import write  # noqa: E402

from mapping.analysis.brokerage import BROKERAGE_SEED, DRAWS, brokerage, route_shares, sources_per_draw  # noqa: E402
from mapping.analysis.coalitions import find_coalitions  # noqa: E402
from mapping.analysis.influence import InfluenceNetwork, influence_network  # noqa: E402
from mapping.analysis.paths import PathQuery, strongest_paths  # noqa: E402
from mapping.analysis.ranking import RankingQuery, rank_actors  # noqa: E402
from mapping.analysis.robustness import rank_ranges  # noqa: E402
from mapping.analysis.scenarios import PRESET_SCENARIOS, compare_scenario  # noqa: E402
from mapping.analysis.uncertainty import StrengthDraws  # noqa: E402
from mapping.layout import layout_positions  # noqa: E402
from mapping.load import load_paths  # noqa: E402
from mapping.render.network import network_html  # noqa: E402
from mapping.render.sizes import influence_values  # noqa: E402
from mapping.view import VisibleView, limit_detail  # noqa: E402

SIZES = (300, 3000, 30000)
PAIRS = 20
NAIVE_BUDGET_S = 120
PAGES = ("views/home.py", "views/map.py", "views/paths.py", "views/leaders.py", "views/scenarios.py")


COALITIONS_UP_TO = 3000  # signed coalitions (20 seeded Leiden runs and a consensus): minutes at 30,000
RANGES_UP_TO = 300  # rank ranges come with the Leaders page up to 300 actors


def timed(step: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def measure(size: int, pages: bool) -> dict[str, object]:
    """Every step at one size (run in a child process)."""
    folder = write(size, Path(tempfile.mkdtemp()) / f"map{size}")
    row: dict[str, object] = {"actors": size}
    row["load_s"], result = timed(lambda: load_paths([folder]))
    smap = result.map
    row["ties"] = len(smap.relationships)
    row["network_s"], network = timed(lambda: _built(influence_network(smap)))
    row["layout_s"], positions = timed(lambda: layout_positions(smap))
    us = (smap.actors_of_kind("prevention_network")[0].id,)
    row["ranking_s"], _ = timed(lambda: rank_actors(smap, RankingQuery(us=us)))
    pairs = _pairs(smap, PAIRS)
    row["path_query_s"] = _mean_time(lambda s, t: strongest_paths(smap, s, t, PathQuery(k=3), network), pairs)
    scenario = PRESET_SCENARIOS["civil_society_and_faith_lose_standing"]
    row["scenario_s"], _ = timed(lambda: compare_scenario(smap, scenario, RankingQuery(us=us)))
    if size <= COALITIONS_UP_TO:
        row["coalitions_s"], _ = timed(lambda: find_coalitions(smap))
    if size <= RANGES_UP_TO:
        row["rank_ranges_s"], _ = timed(lambda: rank_ranges(smap, RankingQuery(us=us)))
    row["map_html_s"], html = timed(lambda: _map_html(smap, positions))
    row["map_html_mb"] = round(len(html) / 1e6, 2)
    row["map_canvas_draw_s"] = _canvas_draw(html)
    if size == 3000:
        every_actor = network_html(smap, positions)
        row["map_all_actors_canvas_draw_s"] = _canvas_draw(every_actor)
    row.update(_naive(smap, network, us, size))
    if size == 3000:
        row.update(_brokerage_error(network, smap))
        row.update(_command_line(folder, us[0], smap.actors_of_kind("government")[0].id))
    if pages:
        row.update(_pages(smap))
    row["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def _built(network: InfluenceNetwork) -> InfluenceNetwork:
    """The network with the igraph form every path query and brokerage uses already built."""
    network.igraph  # noqa: B018 - built here so that the path queries time the search alone
    return network


def _pairs(smap, count: int) -> list[tuple[str, str]]:
    rng = random.Random(2013)
    organisations = [a.id for a in smap.actors if not a.is_person]
    return [tuple(rng.sample(organisations, 2)) for _ in range(count)]


def _mean_time(query: Callable[[str, str], object], pairs: list[tuple[str, str]]) -> float:
    times = []
    for source, target in pairs:
        started = time.perf_counter()
        query(source, target)
        times.append(time.perf_counter() - started)
    return statistics.mean(times)


def _map_html(smap, positions) -> str:
    view = VisibleView(frozenset(a.id for a in smap.actors), frozenset(range(len(smap.relationships))))
    if len(view.actors) > 400:
        view, _ = limit_detail(view, influence_values(smap), 300)
    return network_html(smap, positions, visible=set(view.actors), relationships=set(view.relationships))


def _naive(smap, network: InfluenceNetwork, us: tuple[str, ...], size: int) -> dict[str, object]:
    """The same work done the straightforward networkx way, where it fits in the budget."""
    graph = network.graph
    targets = [a.id for a in smap.actors if a.kind in ("government", "political")]
    out: dict[str, object] = {}
    if size <= 3000:
        nodes = graph.number_of_nodes()
        out["naive_layout_s"], _ = timed(lambda: nx.spring_layout(nx.Graph(graph), seed=7, iterations=300))
        out["naive_brokerage_s"], _ = timed(lambda: nx.betweenness_centrality(graph, weight="distance"))
        reverse = graph.reverse(copy=False)
        out["naive_reach_s"], _ = timed(
            lambda: [nx.single_source_dijkstra_path_length(reverse, t, weight="distance") for t in targets]
        )
        out["naive_route_per_reason_s"], _ = timed(
            lambda: [strongest_paths(smap, us[0], t, PathQuery(k=1), network) for t in list(graph)[: min(nodes, 100)]]
        )
    else:
        out["naive_note"] = f"naive steps not run at {size} actors: estimated from 3,000 (O(n^2) to O(nm))"
    return out


def _brokerage_error(network: InfluenceNetwork, smap) -> dict[str, object]:
    """Brokerage as large maps get it (sources sampled per draw) against every source in every draw.

    Connectivity does not depend on the strengths, so every draw counts the same
    connected pairs and the exact expected route share is the mean of the draws'
    exact route shares.
    """
    sampled = brokerage(network, smap)
    draws = StrengthDraws(network, smap, BROKERAGE_SEED)
    exact_draws = [route_shares(draws.network(d)) for d in range(DRAWS)]
    exact = {a: statistics.fmean(shares[a] for shares in exact_draws) for a in network.actors}
    top_exact = sorted(exact, key=exact.get, reverse=True)[:20]
    top_sampled = sorted(sampled, key=sampled.get, reverse=True)[:20]
    peak = max(exact.values())
    return {
        "brokerage_sources_per_draw": sources_per_draw(network, DRAWS),
        "brokerage_sample_max_abs_error": round(max(abs(exact[a] - sampled[a]) for a in exact), 5),
        "brokerage_sample_max_error_share_of_top": round(max(abs(exact[a] - sampled[a]) for a in exact) / peak, 3),
        "brokerage_sample_top20_overlap": len(set(top_exact) & set(top_sampled)),
    }


def _command_line(folder: Path, source: str, target: str, runs: int = 5) -> dict[str, object]:
    """Import time of the command line, and whole `mapping paths` and `mapping rank` processes (medians)."""
    import re
    import subprocess

    def import_seconds() -> float:
        printed = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import mapping.cli"], capture_output=True, text=True, cwd=ROOT
        ).stderr
        cumulative = [int(m) for m in re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| mapping\.cli$", printed, re.M)]
        return cumulative[-1] / 1e6

    def whole(*args: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mapping", *args], capture_output=True, check=True, cwd=ROOT)
        return time.perf_counter() - started

    paths = ("paths", str(folder), "--from", source, "--to", target)
    rank = ("rank", str(folder), "--us", source, "--top", "10")
    return {
        "cli_import_s": round(statistics.median(import_seconds() for _ in range(runs)), 3),
        "cli_paths_process_s": round(statistics.median(whole(*paths) for _ in range(runs)), 3),
        "cli_rank_process_s": round(statistics.median(whole(*rank) for _ in range(runs)), 3),
    }


def _pages(smap) -> dict[str, object]:
    from streamlit.testing.v1 import AppTest

    timings = {}
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.run()
        app.session_state["uploaded_map"] = smap
        app.session_state["active_map_source"] = "upload"
        app.session_state["us"] = [smap.actors_of_kind("prevention_network")[0].id]
        app.session_state["target"] = smap.actors_of_kind("government")[0].id
        first, _ = timed(lambda app=app, page=page: app.switch_page(page).run())
        same, _ = timed(lambda app=app: app.run())  # nothing the page depends on changed: cached answers
        changed = _change_a_widget(app)
        again, _ = timed(lambda app=app: app.run())
        name = page.split("/")[1].removesuffix(".py")
        timings[f"page_{name}_first_s"] = round(first, 3)
        timings[f"page_{name}_unchanged_rerun_s"] = round(same, 3)
        timings[f"page_{name}_rerun_s"] = round(again, 3)
        timings[f"page_{name}_rerun_widget"] = changed
        if app.exception:
            timings[f"page_{name}_error"] = str(app.exception[0].message)[:200]
    return timings


def _change_a_widget(app) -> str:
    """Change the page's first toggle, checkbox, select box or slider, as a user would; its label, or ''.

    Only the page's own widgets (not the sidebar's map chooser, which loads another map).
    """
    main = app.main
    for toggle in [*main.toggle, *main.checkbox]:
        toggle.set_value(not toggle.value)
        return f"{toggle.label} (switched)"
    for box in main.selectbox:
        if len(box.options) > 1:
            box.select_index(1 if box.index != 1 else 0)
            return f"{box.label} (another choice)"
    for slider in main.slider:
        if isinstance(slider.value, int | float) and slider.max > slider.min:
            slider.set_value(slider.max if slider.value != slider.max else slider.min)
            return f"{slider.label} (moved)"
    return ""


def _canvas_draw(html: str) -> float | None:
    """Seconds from opening the Map page's HTML in Chromium until its canvas shows the network; None without one.

    The HTML is what the Map page puts in its frame (fixed positions, physics off),
    loaded from a file so the clock covers parsing, vis-network's setup and the first
    paint. "Shows" is: more than 0.5% of the canvas painted in colour.
    """
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.test_browser import COUNT_PAINTED

    if not CHROMIUM.exists():
        return None
    page_file = Path(tempfile.mkdtemp()) / "map.html"
    page_file.write_text(html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(page_file.as_uri())
            page.wait_for_function(
                f"() => {{ const c = document.querySelector('#mynetwork canvas');"
                f" return c && c.width && ({COUNT_PAINTED})() > 0.005 * c.width * c.height; }}",
                timeout=120_000,
                polling=20,
            )
            return time.perf_counter() - started
        finally:
            browser.close()


def _child(size: int, pages: bool, queue: multiprocessing.Queue) -> None:
    queue.put(measure(size, pages))


def run_size(size: int, pages: bool) -> dict[str, object]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(size, pages, queue))
    process.start()
    row = queue.get()
    process.join()
    return row


def print_table(rows: list[dict[str, object]]) -> None:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{row['actors']:>10}" for row in rows))
    for key in keys:
        if key == "actors":
            continue
        cells = []
        for row in rows:
            value = row.get(key, "")
            cells.append(f"{value:>10.3f}" if isinstance(value, float) else f"{value!s:>10}"[:10])
        print(f"{key:{width}}  " + "  ".join(cells))
    for row in rows:
        for key, value in row.items():
            if isinstance(value, str) and len(value) > 10:
                print(f"{row['actors']}: {key}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page runs")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        print(f"... {size} actors", file=sys.stderr, flush=True)
        rows.append(run_size(size, pages=not args.no_pages))
    _speedups(rows)
    print_table(rows)
    args.output.write_text(json.dumps(rows, indent=2))
    print(f"\nwritten to {args.output}")


def _speedups(rows: list[dict[str, object]]) -> None:
    """Ratios naive / ours where both ran: layout, and the ranking's graph work."""
    for row in rows:
        if "naive_layout_s" in row:
            row["speedup_layout_x"] = round(row["naive_layout_s"] / max(row["layout_s"], 1e-9), 1)
            naive_ranking = row["naive_brokerage_s"] + row["naive_reach_s"] + row["naive_route_per_reason_s"]
            row["speedup_ranking_x"] = round(naive_ranking / max(row["ranking_s"], 1e-9), 1)


if __name__ == "__main__":
    main()
