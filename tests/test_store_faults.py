"""Faults while saving: a killed process, a full disk, a locked database, a server gone away.

Each test breaks a save the way it breaks in real life and checks two things: the last
good version survives (it loads, the history is unchanged, and the next save works), and
the error says what happened and that the last version is safe. Store-level tests run on
SQLite and PostgreSQL (see `test_store_backends`); the page-level ones run the Edit map
page through AppTest on the app's SQLite file.

How each fault is made, unprivileged and deterministic:

- killed mid-save: a child process saves a 2,730-actor map and stops inside the open
  transaction (after the new version is written, before the commit) to say so; the test
  checks the transaction is really open, then SIGKILLs it;
- full disk: SQLite's `PRAGMA max_page_count` caps the file at its current size, which
  fails the save with SQLITE_FULL exactly as a full disk does; PostgreSQL gets a trigger
  raising SQLSTATE 53100 (disk_full) with the message the server writes when a file cannot
  grow;
- locked: another connection holds SQLite's write lock;
- server gone away: the service talks to PostgreSQL through a TCP relay the test cuts,
  between saves or inside the transaction.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
import test_store_backends as backends
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

import mapping.store.service as service_module
from mapping.model import StakeholderMap
from mapping.store import StoreUnavailable, Workspace, WorkspaceService, update_actor
from mapping.store.config import is_sqlite
from mapping.store.tables import VersionRow
from tests.test_workspace_pages import AUTHOR, click, head, key, start, texts
from tests.test_workspace_pages import service as app_service  # noqa: F401 - the app's own SQLite data folder

store_url = backends.store_url
make_service = backends.make_service
service = backends.service

ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 120
CHILD_APPLICATION_NAME = "store-fault-child"
INSIDE = "inside the transaction"
SAFE = "last saved version is safe"

# The child: save a large map, and stop inside the transaction after the new version is
# written (flushed to the database, not committed). The parent kills it there.
CHILD_SCRIPT = f"""
import sys, time

import mapping.store.service as service_module
from mapping.samples import load_sample
from mapping.store import WorkspaceService, map_from_records, records_of

url, workspace_id, expected, copies = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
actors, ties = records_of(load_sample("kenya_2008_2013").map)

def copy(value, n):
    return f"{{value}} #{{n}}" if value else value

big = map_from_records(
    [dict(a, id=copy(a["id"], n), name=copy(a["name"], n), parent=copy(a["parent"], n)) for n in range(copies) for a in actors],
    [dict(t, source=copy(t["source"], n), target=copy(t["target"], n)) for n in range(copies) for t in ties],
).map
original = service_module._append_version

def append_then_wait(*args, **kwargs):
    original(*args, **kwargs)
    print({INSIDE!r}, flush=True)
    time.sleep(600)

service_module._append_version = append_then_wait
WorkspaceService(url).save(workspace_id, big, expected, author="Killed", description="never committed")
print("committed", flush=True)
"""


def last_good_version(service: WorkspaceService, smap: StakeholderMap) -> tuple[Workspace, StakeholderMap]:
    """A workspace at version 2, the last good version the faults must not touch."""
    workspace = service.create("Kenya workshop", smap, author=AUTHOR)
    last_good = update_actor(smap, "kepsa", {"stance": "supportive"})
    assert service.save(workspace, last_good, 1, author=AUTHOR, description="KEPSA reconsidered") == 2
    return workspace, last_good


def assert_intact_and_usable(
    service: WorkspaceService, workspace: Workspace, last_good: StakeholderMap, history: list[Any]
) -> None:
    """The last good version loads, the history is as it was, and the next save works."""
    assert service.load(workspace.id) == (last_good, 2)
    assert service.history(workspace.id) == history
    after = update_actor(last_good, "kepsa", {"stance": "champion"})
    assert service.save(workspace.id, after, 2, author=AUTHOR, description="after the fault") == 3
    assert service.load(workspace.id) == (after, 3)


# --- the process killed in the middle of a save ----------------------------------------------------


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The child's next line of output, or '' if it ended or said nothing in time."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else ""  # type: ignore[union-attr]


def child_url(url: str) -> str:
    """The URL for the child; on PostgreSQL it names its connections, so the test can find its transaction."""
    if is_sqlite(url):
        return url
    return make_url(url).update_query_dict({"application_name": CHILD_APPLICATION_NAME}).render_as_string(False)


def child_transactions(url: str) -> list[str]:
    """States of the child's PostgreSQL connections ('idle in transaction' while it waits inside one)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(
                connection.exec_driver_sql(
                    "SELECT state FROM pg_stat_activity WHERE application_name = %s", (CHILD_APPLICATION_NAME,)
                ).scalars()
            )
    finally:
        engine.dispose()


def sqlite_write_lock_is_free(path: str) -> bool:
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as err:
        assert "locked" in str(err)
        return False
    finally:
        probe.close()


def test_a_save_killed_inside_its_transaction_leaves_the_last_version(
    store_url: str, make_service: Callable[..., WorkspaceService], kenya_map: StakeholderMap, tmp_path: Path
) -> None:
    service = make_service()
    workspace, last_good = last_good_version(service, kenya_map)
    history = service.history(workspace)
    service.close()
    sqlite_path = make_url(store_url).database if is_sqlite(store_url) else None
    wal = Path(f"{sqlite_path}-wal") if sqlite_path else None
    wal_before = wal.stat().st_size if wal and wal.exists() else 0
    script = tmp_path / "save_and_wait.py"
    script.write_text(CHILD_SCRIPT)
    with (tmp_path / "child.log").open("w") as log:
        child = subprocess.Popen(
            [sys.executable, str(script), child_url(store_url), str(workspace.id), "2", "120"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        said = read_line(child, CHILD_TIMEOUT_S)
        assert said == INSIDE, (tmp_path / "child.log").read_text()
        # The transaction is open at this moment, with the new version written but not committed.
        if sqlite_path:
            assert not sqlite_write_lock_is_free(sqlite_path), "the child holds the write lock"
            # 120 copies of the Kenya map: 13 MB of JSON, stored packed (zlib) in about 3 MB, more than
            # SQLite's page cache holds, so pages spill to the write-ahead log before the commit
            assert wal.stat().st_size - wal_before > 1_000_000, "uncommitted pages of the large map reached the disk"
        else:
            assert child_transactions(store_url) == ["idle in transaction"]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    if sqlite_path:
        assert sqlite_write_lock_is_free(sqlite_path), "the dead child's lock went with it"
    else:
        deadline = time.monotonic() + 30
        while child_transactions(store_url) and time.monotonic() < deadline:
            time.sleep(0.1)  # the server notices the dropped connection and rolls its transaction back
        assert child_transactions(store_url) == []

    reopened = make_service()
    if sqlite_path:
        with reopened._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert reopened.load_version(workspace.id, 1) == kenya_map
    assert_intact_and_usable(reopened, workspace, last_good, history)


# --- a full disk -----------------------------------------------------------------------------------------

# What PostgreSQL says when it cannot extend a table's file (SQLSTATE 53100, disk_full).
POSTGRES_DISK_FULL = """
CREATE FUNCTION simulate_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'could not extend file "base/16384/16412": No space left on device'
        USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
END $$;
CREATE TRIGGER simulate_disk_full BEFORE INSERT ON workspace_version
    FOR EACH ROW EXECUTE FUNCTION simulate_disk_full();
"""


@contextmanager
def sqlite_disk_full() -> Iterator[None]:
    """Every SQLite database of this process is full: no file may grow beyond its current size.

    `max_page_count` is per connection, so it is set at every checkout from any pool
    (the app's cached service included) and put back at checkin.
    """
    default: list[int] = []

    def cap(dbapi_connection: Any, *_: object) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            if not default:
                default.append(dbapi_connection.execute("PRAGMA max_page_count").fetchone()[0])
            dbapi_connection.execute("PRAGMA max_page_count = 1")  # raised to the current size: no growth

    def uncap(dbapi_connection: Any, *_: object) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection) and default:
            dbapi_connection.execute(f"PRAGMA max_page_count = {default[0]}")

    event.listen(Pool, "checkout", cap)
    event.listen(Pool, "checkin", uncap)
    try:
        yield
    finally:
        event.remove(Pool, "checkout", cap)
        event.remove(Pool, "checkin", uncap)


@contextmanager
def disk_full(service: WorkspaceService) -> Iterator[None]:
    """The disk holding the service's database is full until the block ends."""
    if is_sqlite(service.url):
        with sqlite_disk_full():
            yield
        return
    with service._engine.begin() as connection:
        connection.exec_driver_sql(POSTGRES_DISK_FULL)
    try:
        yield
    finally:
        with service._engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER simulate_disk_full ON workspace_version")


def test_a_full_disk_refuses_the_save_says_so_and_keeps_the_last_version(
    service: WorkspaceService, kenya_map: StakeholderMap
) -> None:
    workspace, last_good = last_good_version(service, kenya_map)
    history = service.history(workspace)
    bigger = update_actor(last_good, "kepsa", {"notes": "A long note. " * 2000})
    with disk_full(service):
        with pytest.raises(StoreUnavailable) as refused:
            service.save(workspace, bigger, 2, author="Bob", description="lost to the full disk")
        assert service.load(workspace) == (last_good, 2), "the last version still loads while the disk is full"
    message = str(refused.value)
    assert "disk" in message and "full" in message and SAFE in message, message
    assert "free" in message.lower(), "it says what to do"
    assert_intact_and_usable(service, workspace, last_good, history)


# --- a server that goes away -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    """A TCP relay to the PostgreSQL server that the test can cut (server unreachable) and restore."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = free_port()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Close every connection and stop listening: connecting is refused until `restore`."""
        if self._listener is not None:
            with suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread waiting in accept()
            self._listener.close()
            self._listener = None
        with self._lock:
            for each in self._sockets:
                with suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
                each.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def relayed() -> Iterator[tuple[Relay, str]]:
    """A relay to an empty schema of the test PostgreSQL, and the store URL going through it.

    Skipped without PostgreSQL, failed instead when CI requires it (as `store_url`).
    """
    schema_urls = backends._postgres_schema_url()
    url = make_url(next(schema_urls))
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    try:
        yield relay, url.set(port=relay.port).render_as_string(hide_password=False)
    finally:
        relay.cut()
        next(schema_urls, None)  # drops the schema


@pytest.mark.parametrize("when", ["between saves", "inside the transaction"])
def test_a_server_gone_away_refuses_the_save_says_so_and_the_next_save_works(
    relayed: tuple[Relay, str],
    kenya_map: StakeholderMap,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    relay, url = relayed
    service = WorkspaceService(url)
    try:
        workspace, last_good = last_good_version(service, kenya_map)
        history = service.history(workspace)
        if when == "between saves":
            relay.cut()
        else:
            original = service_module._append_version

            def append_then_cut(*args: Any, **kwargs: Any) -> VersionRow:
                version = original(*args, **kwargs)
                relay.cut()  # the version is written; the commit never reaches the server
                return version

            monkeypatch.setattr(service_module, "_append_version", append_then_cut)
        with pytest.raises(StoreUnavailable) as refused:
            service.save(workspace, update_actor(last_good, "kepsa", {"influence": 2}), 2, author="Bob")
        monkeypatch.undo()
        message = str(refused.value)
        assert "cannot be reached" in message and SAFE in message and f"127.0.0.1:{relay.port}" in message, message
        assert f":{make_url(url).password}@" not in message, "never the password"
        relay.restore()
        assert_intact_and_usable(service, workspace, last_good, history)  # the same service, once the server is back
    finally:
        service.close()


# --- what the page says ----------------------------------------------------------------------------------


@contextmanager
def sqlite_locked(path: Path) -> Iterator[None]:
    """Another program holds the database's write lock until the block ends."""
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        yield
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("locked", ["is locked by another save or program", "Try again in a moment"]),
        ("disk full", ["is full (database or disk is full)", "Free some space"]),
    ],
)
def test_the_edit_page_says_what_happened_and_the_same_edit_saves_afterwards(
    app_service: WorkspaceService,  # noqa: F811 - the fixture imported above
    kenya_map: StakeholderMap,
    fault: str,
    says: list[str],
) -> None:
    # a map large enough that its next version, stored packed, needs new pages of the file (the Kenya sample)
    ws = app_service.create("Kenya map", kenya_map, author=AUTHOR)
    app = start("views/edit.py", ws)
    app.text_input(key=key("add_actor_name", ws, 1)).set_value("Chamber of Mines")
    path = Path(make_url(app_service.url).database or "")
    with sqlite_locked(path) if fault == "locked" else sqlite_disk_full():
        click(app, key("add_actor_submit", ws, 1))
    message = texts(app.error).replace("\\", "")  # shown as text: the path's Markdown is escaped
    assert all(part in message for part in says) and SAFE in message, message
    assert head(app_service, ws) == 1 and app_service.export(ws) == kenya_map
    assert app.text_input(key=key("add_actor_name", ws, 1)).value == "Chamber of Mines", "what was typed is kept"
    click(app, key("add_actor_submit", ws, 1))
    assert "Saved version 2" in texts(app.success)
    assert "Chamber of Mines" in app_service.export(ws)
