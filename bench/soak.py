"""Soak test: simultaneous sessions cycling through the main pages of the running app, for a bounded time.

    python bench/soak.py                              # 20 sessions for 60 s; table, bench/soak_results.json
    python bench/soak.py --sessions 5 --seconds 30 --output /tmp/soak.json

Not part of the test run (pytest collects tests/ and mapping/ only). It starts
`streamlit run app.py` on 127.0.0.1 with the shipped settings (a free port, its own
process group, a throwaway workspace folder, no file watcher) and one headless Debian
Chromium (/usr/bin/chromium; never `playwright install`) with one browser context per
session, so each is a separate Streamlit session with its own state.

Each session opens the app, chooses "us" (Uwiano) and a target (ODM) on Influence
paths, then cycles Home -> Map -> Influence paths -> Leaders to engage -> Scenarios ->
the Scenarios example, through the sidebar menu as a user clicks it, until the time is
up. A step is shown when its title is on screen, its content is there and no longer
stale (Home: the counts; Map: the drawn network; Influence paths: the strongest routes;
Leaders: the ranking table; Scenarios: the example button, then the comparison table),
and Streamlit has finished running it. Latency is from the click to shown.

Errors: an exception or an error box shown by Streamlit, Streamlit's "Connection
error", or a step not shown within --step-timeout. After an error the session reloads
the app and chooses its route again. Percentiles are nearest-rank. The app's process
group is killed at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import Locator, Page, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_app  # noqa: E402

DEFAULT_OUTPUT = ROOT / "bench" / "soak_results.json"
# Element containers from the current script run (Streamlit keeps the previous run's, marked stale).
FRESH = '[data-testid="stElementContainer"]:not([data-stale="true"])'
US, TARGET = "Uwiano", "Orange Democratic"
OPEN, CHOOSE = "Open the app", "Choose the route"


@dataclass(frozen=True)
class Step:
    """One thing a user waits for: open a page through the menu (or press a button), then its content.

    `content` finds the content among the step's fresh elements; `drawn` also waits for
    the network canvas inside the page's iframe.
    """

    name: str
    title: str
    content: Callable[[Locator], Locator]
    link: str | None = None
    button: str | None = None
    drawn: bool = False


def css(selector: str) -> Callable[[Locator], Locator]:
    return lambda fresh: fresh.locator(selector)


def role(kind: str, name: str | re.Pattern[str]) -> Callable[[Locator], Locator]:
    return lambda fresh: fresh.get_by_role(kind, name=name)  # type: ignore[arg-type]


CYCLE = (
    Step("Home", "Stakeholder map for atrocity prevention", css('[data-testid="stMetric"]'), link="Home"),
    Step("Map", "Map", css("iframe"), link="Map", drawn=True),
    Step("Influence paths", "Influence paths", role("heading", "Strongest routes"), link="Influence paths"),
    Step("Leaders to engage", "Leaders to engage", css('[data-testid="stDataFrame"]'), link="Leaders to engage"),
    Step("Scenarios", "Scenarios", role("button", re.compile("^Example:")), link="Scenarios"),
    Step("Scenarios: example", "Scenarios", css('[data-testid="stDataFrame"]'), button="Example:"),
)  # fmt: skip


class StepFailedError(Exception):
    """A step showed an error or did not finish in time.

    `kind` is 'exception', 'error box', 'connection' or 'timeout'.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind


@dataclass
class Results:
    """Latencies by step and the errors, shared by every session (one event loop: no locks needed)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    cycles: int = 0

    def record(self, step: str, seconds: float) -> None:
        self.latencies.setdefault(step, []).append(seconds)

    def fail(self, session: int, step: str, error: Exception) -> None:
        kind = error.kind if isinstance(error, StepFailedError) else type(error).__name__
        self.errors.append({"session": session, "step": step, "kind": kind, "message": str(error)[:300]})

    async def failed(self, page: Page, session: int, step: str, error: Exception, screenshots: Path | None) -> None:
        """Note the failure, with a screenshot of the page when asked for (the first ten)."""
        self.fail(session, step, error)
        if screenshots is not None and len(self.errors) <= 10:
            label = re.sub(r"\W+", "_", step)
            name = f"error{len(self.errors):02d}_session{session}_{label}.png"
            with suppress(Exception):  # the page may be gone; the error itself is recorded
                await page.screenshot(path=str(screenshots / name), timeout=10_000)


async def finished(page: Page, step: Step, timeout_s: float) -> None:
    """Wait until the step's page is shown, fresh and done; raise StepFailedError on an error or timeout."""
    crashed = page.locator(f'{FRESH} [data-testid="stException"]')
    error_box = page.locator(f'{FRESH} [data-testid="stAlertContentError"]')
    lost = page.get_by_role("dialog").filter(has_text="Connection error")
    heading = page.locator(FRESH).get_by_role("heading", name=step.title, exact=True)
    deadline = time.monotonic() + timeout_s

    def left_ms() -> float:
        return max(0.1, deadline - time.monotonic()) * 1000

    try:
        for target in (heading, step.content(page.locator(FRESH))):
            await target.or_(crashed).or_(error_box).or_(lost).first.wait_for(timeout=left_ms())
            for problem, kind in ((crashed, "exception"), (error_box, "error box"), (lost, "connection")):
                if await problem.count():
                    raise StepFailedError(kind, (await problem.first.inner_text())[:300])
        if step.drawn:
            canvas = page.frame_locator(f"{FRESH} iframe").first.locator("#mynetwork canvas")
            await canvas.wait_for(state="attached", timeout=left_ms())
        await page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="hidden", timeout=left_ms())
    except PlaywrightTimeout as err:
        raise StepFailedError("timeout", f"{step.name} not shown within {timeout_s:.0f} s") from err


async def timed(results: Results, name: str, action: Callable[[], Awaitable[None]]) -> None:
    started = time.monotonic()
    await action()
    results.record(name, time.monotonic() - started)


async def idle(page: Page, timeout_s: float) -> None:
    """Wait until Streamlit has finished rerunning the script (its running icon is gone)."""
    await page.wait_for_timeout(300)
    await page.get_by_test_id("stStatusWidgetRunningIcon").wait_for(state="hidden", timeout=timeout_s * 1000)


async def choose(page: Page, label: str, text: str, timeout_s: float, *, multiple: bool = False) -> None:
    """Pick an option in a select box, or a multiselect (whose list stays open), by typing part of it."""
    await idle(page, timeout_s)
    box = page.get_by_role("combobox", name=label)
    await box.click(timeout=timeout_s * 1000)
    await box.fill(text)
    await page.get_by_role("option", name=text).first.click(timeout=timeout_s * 1000)
    if multiple:
        await page.keyboard.press("Escape")
    await idle(page, timeout_s)


async def open_and_choose(page: Page, url: str, results: Results, timeout_s: float) -> None:
    """A fresh session: the app's first page, then us and the target on Influence paths."""

    async def open_app() -> None:
        await page.goto(url, timeout=timeout_s * 1000)
        await finished(page, CYCLE[0], timeout_s)

    async def choose_route() -> None:
        await page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Influence paths").click()
        pickers = page.locator(f'{FRESH} [data-testid="stMultiSelect"]')
        await finished(page, Step(CHOOSE, "Influence paths", css('[data-testid="stMultiSelect"]')), timeout_s)
        for attempt in range(1, 4):  # a choice made while the page reruns can be lost: check and choose again
            if US not in await pickers.first.inner_text():
                await choose(page, "Us (our organisation or network)", US, timeout_s, multiple=True)
            await choose(page, "Target (the decision-maker to reach)", TARGET, timeout_s)
            try:
                await finished(page, CYCLE[2], timeout_s / 3)
                return
            except StepFailedError as err:
                if err.kind != "timeout" or attempt == 3:
                    raise

    await timed(results, OPEN, open_app)
    await timed(results, CHOOSE, choose_route)


async def run_session(
    number: int, context: Any, url: str, deadline: float, results: Results, options: argparse.Namespace
) -> None:
    timeout_s, screenshots = options.step_timeout, options.screenshots
    page = await context.new_page()
    menu = page.locator('[data-testid="stSidebarNav"]')
    try:
        ready = False
        while time.monotonic() < deadline:
            if not ready:
                try:
                    await open_and_choose(page, url, results, timeout_s)
                    ready = True
                except Exception as err:  # any failure: note it, reload and start again
                    await results.failed(page, number, "setup", err, screenshots)
                continue
            for step in CYCLE:
                if time.monotonic() >= deadline:
                    break

                async def act(step: Step = step) -> None:
                    if step.link:
                        await menu.get_by_role("link", name=step.link, exact=True).click(timeout=timeout_s * 1000)
                    else:
                        button = page.locator(FRESH).get_by_role("button", name=re.compile(f"^{step.button}"))
                        await button.click(timeout=timeout_s * 1000)
                    await finished(page, step, timeout_s)

                try:
                    await timed(results, step.name, act)
                except Exception as err:  # a soak test counts every failure and goes on
                    await results.failed(page, number, step.name, err, screenshots)
                    ready = False
                    break
            else:
                results.cycles += 1
    finally:
        await page.close()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values: list[float], errors: int) -> dict[str, Any]:
    if not values:
        return {"count": 0, "errors": errors}
    figures = {f"p{round(q * 100)}_s": round(percentile(values, q), 3) for q in (0.5, 0.9, 0.99)}
    return {"count": len(values), "errors": errors, **figures, "max_s": round(max(values), 3)}


class ServerWatch:
    """Peak memory (RSS) and CPU time of the app's process, sampled every second from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss_mb = 0.0
        self._stop = threading.Event()
        self._cpu_start = self.cpu_seconds()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.peak_rss_mb = max(self.peak_rss_mb, int(line.split()[1]) / 1024)

    def stop(self) -> float:
        """Stop sampling; the CPU seconds the app used since the start."""
        self._stop.set()
        self._thread.join()
        return self.cpu_seconds() - self._cpu_start


async def soak(url: str, options: argparse.Namespace) -> tuple[Results, float]:
    results = Results()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            started = time.monotonic()
            deadline = started + options.seconds
            sessions = (run_session(n, context, url, deadline, results, options) for n in range(options.sessions))
            await asyncio.gather(*sessions)
            elapsed = time.monotonic() - started
        finally:
            await browser.close()
    return results, elapsed


def report(results: Results, args: argparse.Namespace, elapsed: float, server: dict[str, float]) -> dict[str, Any]:
    names = [OPEN, CHOOSE] + [step.name for step in CYCLE]
    errors_by_step: dict[str, int] = {}
    for error in results.errors:
        errors_by_step[error["step"]] = errors_by_step.get(error["step"], 0) + 1
    steps = {name: summary(results.latencies.get(name, []), errors_by_step.get(name, 0)) for name in names}
    cycle_values = [v for step in CYCLE for v in results.latencies.get(step.name, [])]
    kinds: dict[str, int] = {}
    for error in results.errors:
        kinds[error["kind"]] = kinds.get(error["kind"], 0) + 1
    return {
        "sessions": args.sessions,
        "seconds": args.seconds,
        "step_timeout_s": args.step_timeout,
        "elapsed_s": round(elapsed, 1),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "steps": steps,
        "overall": summary(cycle_values, sum(errors_by_step.get(step.name, 0) for step in CYCLE)),
        "cycles_completed": results.cycles,
        "steps_per_minute": round(len(cycle_values) / elapsed * 60, 1) if elapsed else 0,
        "errors_by_kind": kinds,
        "setup_errors": errors_by_step.get("setup", 0),
        "errors": results.errors[:50],
        "server": server,
    }


def print_table(data: dict[str, Any]) -> None:
    print(f"{data['sessions']} sessions for {data['elapsed_s']} s on {data['machine']['cpus']} CPUs")
    print(f"{'step':<22}{'n':>6}{'errors':>8}{'p50 s':>9}{'p90 s':>9}{'p99 s':>9}{'max s':>9}")
    rows = [*data["steps"].items(), ("overall (cycle)", data["overall"])]
    for name, row in rows:
        figures = "".join(f"{row.get(k, float('nan')):>9.2f}" for k in ("p50_s", "p90_s", "p99_s", "max_s"))
        print(f"{name:<22}{row['count']:>6}{row['errors']:>8}{figures}")
    print(
        f"cycles completed: {data['cycles_completed']}; steps per minute: {data['steps_per_minute']}; "
        f"errors by kind: {data['errors_by_kind'] or 'none'}"
    )
    server = data["server"]
    share = f"{server['cpu_share']:.0%} of one core"
    print(f"app: peak RSS {server['peak_rss_mb']:.0f} MB, CPU {server['cpu_s']:.0f} s ({share})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="simultaneous browser sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="how long to cycle (default 60)")
    parser.add_argument("--step-timeout", type=float, default=60, help="seconds before a step counts as failed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON results")
    parser.add_argument("--screenshots", type=Path, help="a folder for screenshots of the first ten errors")
    args = parser.parse_args(argv)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    if not CHROMIUM.exists():
        parser.error(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        environment = {k: v for k, v in os.environ.items() if k != DATABASE_URL_ENV}
        environment[DATA_DIR_ENV] = str(Path(scratch) / "data")  # a throwaway workspace folder
        log = Path(scratch) / "streamlit.log"
        with streamlit_app(log, ["--server.fileWatcherType", "none"], environment) as (url, server):
            watch = ServerWatch(server.pid)
            results, elapsed = asyncio.run(soak(url, args))
            cpu = watch.stop()
    server_figures = {
        "peak_rss_mb": round(watch.peak_rss_mb),
        "cpu_s": round(cpu, 1),
        "cpu_share": round(cpu / elapsed, 2),
    }
    data = report(results, args, elapsed, server_figures)
    print_table(data)
    args.output.write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote {args.output}")
    return 1 if data["overall"]["errors"] or data["setup_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
