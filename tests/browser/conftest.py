"""A running app and a real Chromium for the browser tests.

The app runs as `streamlit run app.py` in its own process group on a free port,
and the whole group is killed at the end. Chromium is the Debian package at
/usr/bin/chromium (CI installs it; `playwright install` is never used), with a
throwaway profile. Screenshots go to tests/output/ (ignored by git).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "output"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT_S = 60
# CI sets this so that a missing browser fails the run instead of skipping the tests.
BROWSER_REQUIRED = os.environ.get("STAKEHOLDER_MAP_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here `browser`, and skip them with a reason when Chromium is missing."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and not BROWSER_REQUIRED:
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer within {STARTUP_TIMEOUT_S} s:\n{log.read_text(errors='replace')}")


@contextmanager
def streamlit_app(
    log: Path, options: Sequence[str] = (), environment: Mapping[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run app.py` on a free port of 127.0.0.1, once healthy; its whole process group is killed after.

    Yields the base URL and the server process. `options` are more command-line
    settings; `environment` replaces the inherited one. Output goes to `log`.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", *options]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_healthy(url, server, log)
        yield url, server
    finally:
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Kill the server's process group, politely first."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def app_url(output_dir: Path) -> Iterator[str]:
    """The base URL of the app, served by a streamlit process killed (with its group) afterwards."""
    if not CHROMIUM.exists():
        (pytest.fail if BROWSER_REQUIRED else pytest.skip)(f"no Chromium at {CHROMIUM}")
    options = ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with streamlit_app(output_dir / "streamlit.log", options) as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A Chromium browser context with a throwaway profile; downloads allowed."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that records every dialog (an alert would mean a script ran)."""
    tab = browser.new_page()
    tab.dialogs = []

    def refuse(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", refuse)
    yield tab
    tab.close()
