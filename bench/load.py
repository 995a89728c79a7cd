"""Load: N writer processes saving to one workspace at once, retrying on conflict; then check nothing was lost.

    python bench/load.py                          # 8 writers x 10 edits, SQLite and PostgreSQL; bench/load_results.json
    python bench/load.py --writers 2 8            # one run with 2 writers, one with 8, on each backend
    python bench/load.py --writers 4 --edits 5 --backends sqlite --output /tmp/load.json

Not part of the test run. PostgreSQL is the server named by
`STAKEHOLDER_MAP_TEST_POSTGRES_URL` (`source .ci/start_postgres.sh` starts one): the
bench works in a fresh schema there, dropped at the end. SQLite is a file in a
temporary folder.

The workspace starts as the bundled Kenya map (91 actors, 173 ties). Each writer is a
separate OS process (multiprocessing, spawn) with its own `WorkspaceService`, as each
app replica has. All start together; each makes K edits, one after another, and each
edit adds the writer's own actor (`load-w3-e7`) through `add_actor` and saves it with
`service.save(workspace, map, base_version)`. A save refused with `ConflictError`
(someone saved since the base version) is retried the way the app asks a user to:
reload the latest version, apply the same edit again, save again. A save refused with
`StoreUnavailable` (a SQLite writer waiting longer than its busy timeout) is counted
and retried the same way.

At the end the bench checks that nothing was lost: the saves returned the version
numbers 2 .. 1+N*K, each once (no duplicate, no gap); the history holds exactly 1+N*K
versions; each version differs from the one before by exactly the one actor its
writer added (nothing removed or changed); and the final map holds every writer's
every actor. Any failed check makes the exit status 1.

Times: "save" is one `service.save` call that committed (validation and the write
transaction); "refused" is a call refused by a conflict; "edit" is from the first
load to the committed save, retries included. Percentiles are nearest-rank.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from mapping.samples import load_sample  # noqa: E402
from mapping.store import ConflictError, StoreUnavailable, WorkspaceService, add_actor, diff_maps  # noqa: E402

DEFAULT_OUTPUT = ROOT / "bench" / "load_results.json"
POSTGRES_URL_ENV = "STAKEHOLDER_MAP_TEST_POSTGRES_URL"
SAMPLE = "kenya_2008_2013"
WORKSPACE = "Load test"


def actor_id(writer: int, edit: int) -> str:
    return f"load-w{writer}-e{edit}"


def description(writer: int, edit: int) -> str:
    return f"writer {writer} edit {edit}"


def writer_process(
    writer: int, url: str, workspace_id: int, edits: int, start: Any, results: multiprocessing.Queue
) -> None:
    """One writer: K edits, each retried after a conflict until it is saved; its timings go to `results`."""
    service = WorkspaceService(url)
    saves, refused, edit_times, versions = [], [], [], []
    conflicts = unavailable = 0
    start.wait()
    for edit in range(edits):
        began = time.perf_counter()
        while True:
            smap, base = service.load(workspace_id)
            edited = add_actor(
                smap, {"id": actor_id(writer, edit), "name": f"Load writer {writer}, edit {edit}", "kind": "business"}
            )
            called = time.perf_counter()
            try:
                version = service.save(
                    workspace_id, edited, base, author=f"writer {writer}", description=description(writer, edit)
                )
            except ConflictError:
                refused.append(time.perf_counter() - called)
                conflicts += 1
                continue
            except StoreUnavailable:
                unavailable += 1
                continue
            done = time.perf_counter()
            saves.append(done - called)
            edit_times.append(done - began)
            versions.append((version, edit))
            break
    service.close()
    results.put(
        {
            "writer": writer,
            "saves": saves,
            "refused": refused,
            "edits": edit_times,
            "versions": versions,
            "conflicts": conflicts,
            "unavailable": unavailable,
            "finished": time.perf_counter(),
        }
    )


def run_writers(url: str, writers: int, edits: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Create the workspace, start the writers together, wait for them; the workspace and each writer's report."""
    setup = WorkspaceService(url)
    workspace = setup.create(WORKSPACE, load_sample(SAMPLE).map, author="bench", description="Kenya sample")
    setup.close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(writers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=writer_process, args=(n, url, workspace.id, edits, start, results))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()  # every writer has opened its service; the clock starts now
    began = time.perf_counter()
    reports = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        if process.exitcode != 0:
            raise RuntimeError(f"writer process {process.pid} ended with {process.exitcode}")
    wall = max(r["finished"] for r in reports) - began
    return {"id": workspace.id, "wall_s": wall}, reports


def check_nothing_lost(url: str, workspace_id: int, writers: int, edits: int, reports: list[dict[str, Any]]) -> dict:
    """The checks named in the module docstring; each is True or False."""
    expected_total = 1 + writers * edits
    saved = sorted(version for r in reports for version, _ in r["versions"])
    by_version = {version: (r["writer"], edit) for r in reports for version, edit in r["versions"]}
    service = WorkspaceService(url)
    try:
        history = service.history(workspace_id)
        numbers = [v.number for v in reversed(history)]
        descriptions_match = all(
            v.description == description(*by_version[v.number]) for v in history if v.number in by_version
        )
        one_actor_each = True
        previous = service.load_version(workspace_id, 1)
        for number in range(2, expected_total + 1):
            current = service.load_version(workspace_id, number)
            change = diff_maps(previous, current)
            added = [a.id for a in change.actors_added]
            rest = (change.actors_removed, change.actors_edited, change.ties_added, change.ties_removed)
            if added != [actor_id(*by_version.get(number, (-1, -1)))] or any(rest) or change.ties_edited:
                one_actor_each = False
            previous = current
        final, head = service.load(workspace_id)
    finally:
        service.close()
    final_ids = {a.id for a in final.actors}
    every_change = {actor_id(w, e) for w in range(writers) for e in range(edits)}
    return {
        "saves_are_versions_2_to_last_each_once": saved == list(range(2, expected_total + 1)),
        "history_has_1_plus_n_times_k_versions": numbers == list(range(1, expected_total + 1)) and head == numbers[-1],
        "each_version_is_its_writers_save": descriptions_match,
        "each_version_adds_exactly_its_writers_actor": one_actor_each,
        "final_map_has_every_writers_every_change": every_change <= final_ids,
    }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(backend: str, writers: int, edits: int, run: dict[str, Any], reports: list[dict], checks: dict) -> dict:
    saves = [t for r in reports for t in r["saves"]]
    refused = [t for r in reports for t in r["refused"]]
    edit_times = [t for r in reports for t in r["edits"]]
    conflicts = sum(r["conflicts"] for r in reports)

    def ms(values: list[float], share: float) -> float | None:
        return round(1000 * percentile(values, share), 1) if values else None

    return {
        "backend": backend,
        "writers": writers,
        "edits_per_writer": edits,
        "saves": len(saves),
        "wall_s": round(run["wall_s"], 2),
        "saves_per_s": round(len(saves) / run["wall_s"], 1),
        "conflicts": conflicts,
        "retries": conflicts + sum(r["unavailable"] for r in reports),
        "unavailable": sum(r["unavailable"] for r in reports),
        "save_ms_p50": ms(saves, 0.5),
        "save_ms_p95": ms(saves, 0.95),
        "refused_save_ms_p50": ms(refused, 0.5),
        "edit_ms_p50": ms(edit_times, 0.5),
        "edit_ms_p95": ms(edit_times, 0.95),
        "edit_ms_max": ms(edit_times, 1.0),
        "checks": checks,
    }


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'load.sqlite3'}"


@contextmanager
def postgres_url(base: str) -> Iterator[str]:
    """A URL whose search_path is a fresh schema on the test server, dropped afterwards."""
    schema = f"load_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            yield make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.dispose()


def postgres_version(base: str) -> str:
    engine = create_engine(base)
    try:
        with engine.connect() as connection:
            return str(connection.exec_driver_sql("SHOW server_version").scalar())
    finally:
        engine.dispose()


def print_row(row: dict[str, Any]) -> None:
    passed = all(row["checks"].values())
    print(
        f"{row['backend']:<10} {row['writers']:>2} x {row['edits_per_writer']:<3} {row['saves']:>5} saves "
        f"{row['wall_s']:>6.2f} s {row['saves_per_s']:>6.1f}/s  conflicts {row['conflicts']:>4}  "
        f"unavailable {row['unavailable']:>2}  save p50 {row['save_ms_p50']} ms p95 {row['save_ms_p95']} ms  "
        f"edit p50 {row['edit_ms_p50']} ms p95 {row['edit_ms_p95']} ms  nothing lost: {'yes' if passed else 'NO'}"
    )
    for name, ok in row["checks"].items():
        if not ok:
            print(f"  FAILED: {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[8], help="writer processes; several: one run each")
    parser.add_argument("--edits", type=int, default=10, help="edits per writer (default 10)")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    base = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if "postgresql" in args.backends and not base:
        parser.error(f"{POSTGRES_URL_ENV} is not set: run `source .ci/start_postgres.sh`, or pass --backends sqlite")
    rows = []
    for writers in args.writers:
        for backend in args.backends:
            with sqlite_url() if backend == "sqlite" else postgres_url(base) as url:
                run, reports = run_writers(url, writers, args.edits)
                checks = check_nothing_lost(url, run["id"], writers, args.edits, reports)
            rows.append(summary(backend, writers, args.edits, run, reports, checks))
            print_row(rows[-1])
    data = {
        "command": "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "versions": {
            "sqlalchemy": sqlalchemy.__version__,
            "sqlite": sqlite3.sqlite_version,
            **({"postgresql": postgres_version(base)} if "postgresql" in args.backends else {}),
        },
        "results": rows,
    }
    args.output.write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote {args.output}")
    return 0 if all(all(row["checks"].values()) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
