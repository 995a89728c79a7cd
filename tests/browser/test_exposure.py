"""Safe by default: the shipped app listens on this machine only, asks no outside service at start,
and, served on the network without sign-in, refuses every other machine.

The app is started as the README says (`streamlit run app.py`, the checkout's
.streamlit/config.toml, no address given) with every outside request routed to a
recording proxy of ours: Streamlit's start-up lookup of the public address
(checkip.amazonaws.com, made with `requests`, which honours HTTP(S)_PROXY) would be
recorded there. A control run with `--server.address 0.0.0.0` shows the recorder
catches it, so the first run's silence means something.
"""

from __future__ import annotations

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, _stop, free_port, wait_until_healthy

START_SETTLE_S = 4  # the public-address lookup runs once the server is up; give it time to be caught


class _Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    requests: list[str]


class _RecordingProxy(socketserver.BaseRequestHandler):
    """Records the first line of every request sent to it (a proxied GET or a CONNECT), answers 502."""

    def handle(self) -> None:
        line = self.request.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
        self.server.requests.append(line)  # type: ignore[attr-defined]
        self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")


@contextmanager
def recording_proxy() -> Iterator[tuple[str, list[str]]]:
    server = _Recorder(("127.0.0.1", 0), _RecordingProxy)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def app_as_shipped(log: Path, proxy: str, options: list[str]) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`streamlit run app.py --server.port P [options]` with the shipped config and outside traffic to `proxy`."""
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("STREAMLIT_")}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        environment[name] = proxy
    environment["NO_PROXY"] = environment["no_proxy"] = ""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), *options]
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", server, log)
        time.sleep(START_SETTLE_S)
        yield port, server
    finally:
        _stop(server)


def outside_address() -> str | None:
    """An address of this machine that is not loopback, as another machine on the network would use; or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def answers(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=2):
            return True
    except OSError:
        return False


def test_the_app_as_shipped_listens_here_only_and_asks_no_outside_service(output_dir: Path) -> None:
    with recording_proxy() as (proxy, requests), app_as_shipped(output_dir / "shipped.log", proxy, []) as (port, _):
        assert answers("127.0.0.1", port)
        elsewhere = outside_address()
        if elsewhere is not None:
            assert not answers(elsewhere, port), f"the app answers on {elsewhere}"
        assert requests == [], f"the app contacted the outside at start: {requests}"
    assert "External URL" not in (output_dir / "shipped.log").read_text(errors="replace")


def test_the_recorder_catches_the_lookup_an_open_address_makes(output_dir: Path) -> None:
    """The control: served on every interface, Streamlit looks its public address up, and the proxy sees it."""
    options = ["--server.address", "0.0.0.0"]
    with recording_proxy() as (proxy, requests), app_as_shipped(output_dir / "open.log", proxy, options):
        pass
    assert any("checkip.amazonaws.com" in line for line in requests), requests


def test_served_on_the_network_without_sign_in_other_machines_are_refused(page: Any, output_dir: Path) -> None:
    elsewhere = outside_address()
    if elsewhere is None:
        pytest.skip("this machine has no network address but loopback: no other machine could connect")
    options = ["--server.address", "0.0.0.0"]
    with recording_proxy() as (proxy, _), app_as_shipped(output_dir / "network.log", proxy, options) as (port, _):
        page.goto(f"http://{elsewhere}:{port}")
        page.get_by_text("only answers on the computer it runs on").wait_for(timeout=60_000)
        page.screenshot(path=str(output_dir / "refused_other_machine.png"))
        assert page.get_by_role("link", name="Map").count() == 0  # no menu, no map: nothing of the workspaces
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0

        page.goto(f"http://127.0.0.1:{port}")  # on the machine itself the app works as usual
        page.get_by_role("heading", name="Workspaces").wait_for(timeout=60_000)
