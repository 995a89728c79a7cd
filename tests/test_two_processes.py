"""Two app processes on one database: what a team deployment with two replicas relies on.

`compose.yaml` runs two app containers against one PostgreSQL. Each is its own OS
process with its own `WorkspaceService` and connection pool, so what one saves the
other must see, and a save based on a version the other has since replaced must be
refused with the message the Edit map page shows (`ConflictError`, via
`ui.workspace`), never overwrite it.

Here each "process" is a real child Python process holding one `WorkspaceService`
for its whole life, as a Streamlit server does, and the map and version it loaded,
as a session does. The parent sends it one JSON request per line and reads one JSON
reply per line. A second test also starts two real `streamlit run app.py` servers on
the same database and checks that both answer their health check while the children
save and conflict.

The database comes from `test_store_backends.store_url`: a fresh PostgreSQL schema
per test (skipped without `STAKEHOLDER_MAP_TEST_POSTGRES_URL`, failed instead when
`STAKEHOLDER_MAP_REQUIRE_POSTGRES=1`, as CI sets), and for the service test also a
SQLite file, which two processes on one machine may share as well.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import test_store_backends as backends

from mapping.store import ConflictError, WorkspaceService
from mapping.store.config import DATABASE_URL_ENV
from tests.browser.conftest import streamlit_app

store_url = backends.store_url

ROOT = Path(__file__).resolve().parent.parent
REPLY_TIMEOUT_S = 120
WORKSPACE = "Kenya workshop"

# One child process: a service opened once, a held (map, version) per workspace, one request per line.
CHILD_SCRIPT = """
import json, os, sys

from mapping.samples import load_sample
from mapping.store import ConflictError, WorkspaceService, records_of, update_actor
from mapping.store.content import content_of, tables_digest

service = WorkspaceService(sys.argv[1])
held = {}  # workspace id -> (map, version), what a session keeps between page runs


def seen(workspace, actor):
    smap, version = held[workspace]
    row = next(a for a in records_of(smap)[0] if a["id"] == actor)
    return {"version": version, "digest": tables_digest(content_of(smap)), "actor": row}


def handle(request):
    op = request["op"]
    if op == "create":
        workspace = service.create(request["name"], load_sample("kenya_2008_2013").map, author=request["author"])
        held[workspace.id] = service.load(workspace.id)
        return {"workspace": workspace.id, **seen(workspace.id, request["actor"])}
    if op == "load":
        held[request["workspace"]] = service.load(request["workspace"])
        return seen(request["workspace"], request["actor"])
    if op == "edit":
        workspace = request["workspace"]
        smap, version = held[workspace]
        edited = update_actor(smap, request["actor"], request["changes"])
        try:
            saved = service.save(workspace, edited, version, author=request["author"], description=request["description"])
        except ConflictError as err:
            return {"refused": type(err).__name__, "message": str(err), "expected": err.expected_version, "head": err.head.number}
        held[workspace] = (edited, saved)
        return seen(workspace, request["actor"])
    raise ValueError(op)


print(json.dumps({"ready": os.getpid()}), flush=True)
for line in sys.stdin:
    print(json.dumps(handle(json.loads(line))), flush=True)
service.close()
"""


class Child:
    """A child process holding one `WorkspaceService`; `ask` sends one request and returns its reply."""

    def __init__(self, process: subprocess.Popen[str], log: Path) -> None:
        self.process = process
        self.log = log
        self.pid = self._reply()["ready"]

    def ask(self, op: str, **request: Any) -> dict[str, Any]:
        self.process.stdin.write(json.dumps({"op": op, **request}) + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return self._reply()

    def _reply(self) -> dict[str, Any]:
        ready, _, _ = select.select([self.process.stdout], [], [], REPLY_TIMEOUT_S)
        line = self.process.stdout.readline() if ready else ""  # type: ignore[union-attr]
        assert line, f"child {self.process.pid} said nothing:\n{self.log.read_text(errors='replace')}"
        return json.loads(line)


@contextmanager
def child_process(url: str, folder: Path, name: str) -> Iterator[Child]:
    """A child Python process on `url`, importing this checkout's `mapping`; ended when the block ends."""
    script = folder / "child.py"
    script.write_text(CHILD_SCRIPT)
    log = folder / f"{name}.log"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, str(script), url],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=sink,
            text=True,
        )
    try:
        yield Child(process, log)
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def save_load_and_conflict(a: Child, b: Child, url: str) -> None:
    """A creates and saves; B sees it and saves; A's save from the stale version is refused; A reloads and saves."""
    created = a.ask("create", name=WORKSPACE, author="Amina", actor="kepsa")
    workspace = created["workspace"]
    first = a.ask(
        "edit",
        workspace=workspace,
        actor="kepsa",
        changes={"stance": "supportive"},
        author="Amina",
        description="KEPSA reconsidered",
    )
    assert first["version"] == 2

    seen_by_b = b.ask("load", workspace=workspace, actor="kepsa")
    assert seen_by_b == first, "B reads the version A saved, with the same content"

    b_saved = b.ask(
        "edit",
        workspace=workspace,
        actor="kam",
        changes={"stance": "champion"},
        author="Juma",
        description="KAM joins the peace messaging",
    )
    assert b_saved["version"] == 3

    stale = a.ask(
        "edit", workspace=workspace, actor="kepsa", changes={"influence": 5}, author="Amina", description="stale"
    )
    checker = WorkspaceService(url)
    try:
        head = checker.history(workspace)[0]
        assert (head.number, head.author) == (3, "Juma"), "the refused save wrote nothing"
        # Exactly the sentence the Edit map page shows for a conflict (ui.workspace shows str(err)).
        assert stale == {
            "refused": "ConflictError",
            "message": str(ConflictError(WORKSPACE, 2, head)),
            "expected": 2,
            "head": 3,
        }
        assert "was changed by Juma" in stale["message"] and "nothing was overwritten" in stale["message"]

        reloaded = a.ask("load", workspace=workspace, actor="kepsa")
        assert reloaded["version"] == 3
        again = a.ask(
            "edit",
            workspace=workspace,
            actor="kepsa",
            changes={"influence": 5},
            author="Amina",
            description="KEPSA's influence, after reloading",
        )
        assert again["version"] == 4
        final_kepsa = b.ask("load", workspace=workspace, actor="kepsa")
        final_kam = b.ask("load", workspace=workspace, actor="kam")
        assert (final_kepsa["actor"]["stance"], final_kepsa["actor"]["influence"]) == ("supportive", "5")
        assert final_kam["actor"]["stance"] == "champion", "B's change survived A's later save"
        assert [(v.number, v.author) for v in checker.history(workspace)] == [
            (4, "Amina"),
            (3, "Juma"),
            (2, "Amina"),
            (1, "Amina"),
        ]
    finally:
        checker.close()


def test_two_processes_see_each_others_saves_and_a_stale_save_is_refused(store_url: str, tmp_path: Path) -> None:
    with (
        child_process(store_url, tmp_path, "process_a") as a,
        child_process(store_url, tmp_path, "process_b") as b,
    ):
        assert a.pid != b.pid and os.getpid() not in (a.pid, b.pid)
        save_load_and_conflict(a, b, store_url)


@pytest.mark.slow
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_two_streamlit_servers_on_one_postgresql_are_up_while_processes_save_and_conflict(
    store_url: str, tmp_path: Path
) -> None:
    """Two `streamlit run app.py` servers configured like compose.yaml's replicas (the URL from the environment)."""
    environment = {**os.environ, DATABASE_URL_ENV: store_url}
    options = ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with ExitStack() as stack:
        servers = [
            stack.enter_context(streamlit_app(tmp_path / f"streamlit_{n}.log", options, environment)) for n in (1, 2)
        ]
        (first_url, first), (second_url, second) = servers
        assert first_url != second_url and first.pid != second.pid
        a = stack.enter_context(child_process(store_url, tmp_path, "process_a"))
        b = stack.enter_context(child_process(store_url, tmp_path, "process_b"))
        save_load_and_conflict(a, b, store_url)
        for url, server in servers:
            assert server.poll() is None, f"the server at {url} stopped"
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as answer:
                assert (answer.status, answer.read()) == (200, b"ok")
