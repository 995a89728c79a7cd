"""The store's databases: backend fixtures, configuration, migrations and unavailable databases.

Other `test_store_*` modules take their database fixtures from here
(`store_url = backends.store_url`). Every database test runs on SQLite (a temporary
file) and on PostgreSQL (`STAKEHOLDER_MAP_TEST_POSTGRES_URL`, one fresh schema per
test). Without a reachable PostgreSQL those runs skip, unless
`STAKEHOLDER_MAP_REQUIRE_POSTGRES=1` (set by CI, via `.ci/start_postgres.sh`): then
they fail.
"""

from __future__ import annotations

import functools
import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from mapping.model import StakeholderMap
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV, StoreUnavailable, WorkspaceService, database_url
from mapping.store.database import create_store_engine, current_revision, head_revision, upgrade_to_head
from mapping.store.tables import Base

POSTGRES_URL_ENV = "STAKEHOLDER_MAP_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "STAKEHOLDER_MAP_REQUIRE_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]
STORE_TABLES = {"workspace", "workspace_version", "workspace_member", "alembic_version"}


# --- fixtures shared by the store tests ---------------------------------------------------


@functools.cache
def postgres_problem() -> str | None:
    """Why the test PostgreSQL cannot be used, or None when it answers."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if not url:
        return f"{POSTGRES_URL_ENV} is not set"
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            return None
    except Exception as err:  # whatever stops a connection, the server is unusable for these tests
        text = str(err).strip()
        reason = text.splitlines()[0] if text else type(err).__name__
        return f"PostgreSQL at {make_url(url).render_as_string(hide_password=True)} is unreachable ({reason})"
    finally:
        engine.dispose()


def skip_or_fail(reason: str, environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Skip a PostgreSQL test locally; fail it when CI requires PostgreSQL."""
    if environ.get(REQUIRE_POSTGRES_ENV, "").strip() == "1":
        pytest.fail(
            f"PostgreSQL is required ({REQUIRE_POSTGRES_ENV}=1) but {reason}. Run: source .ci/start_postgres.sh"
        )
    pytest.skip(f"{reason}; run `source .ci/start_postgres.sh` to test on PostgreSQL")


def _postgres_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards: each test gets an empty database."""
    problem = postgres_problem()
    if problem is not None:
        skip_or_fail(problem)
    base = os.environ[POSTGRES_URL_ENV].strip()
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def make_service(store_url: str) -> Iterator[Callable[..., WorkspaceService]]:
    """Open services on the test database (as separate processes would); all closed afterwards."""
    opened: list[WorkspaceService] = []

    def make(**kwargs: object) -> WorkspaceService:
        service = WorkspaceService(store_url, **kwargs)  # type: ignore[arg-type]
        opened.append(service)
        return service

    yield make
    for service in opened:
        service.close()


@pytest.fixture
def service(make_service: Callable[..., WorkspaceService]) -> WorkspaceService:
    """A single-user service on an empty database."""
    return make_service()


# --- choosing the database -------------------------------------------------------------------


def test_default_is_a_sqlite_file_in_the_data_folder_created_on_first_use(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = database_url(environ={})
    assert url == f"sqlite:///{tmp_path / 'data' / 'stakeholder_map.sqlite3'}"
    assert (tmp_path / "data").is_dir()


def test_data_folder_comes_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "maps" / "here"
    assert database_url(environ={DATA_DIR_ENV: str(folder)}) == f"sqlite:///{folder / 'stakeholder_map.sqlite3'}"
    assert folder.is_dir()


def test_an_explicit_url_beats_the_environment_and_postgres_urls_use_psycopg() -> None:
    environ = {DATABASE_URL_ENV: "postgresql://env@db/maps"}
    assert database_url(environ=environ) == "postgresql+psycopg://env@db/maps"
    assert database_url("postgres://secret@db/maps", environ=environ) == "postgresql+psycopg://secret@db/maps"
    assert database_url("sqlite:////srv/x.sqlite3", environ=environ) == "sqlite:////srv/x.sqlite3"


def test_a_service_without_url_creates_its_sqlite_file_with_no_set_up(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "fresh"))
    service = WorkspaceService()
    try:
        service.create("First map")
        assert [s.name for s in service.list_workspaces()] == ["First map"]
    finally:
        service.close()
    assert (tmp_path / "fresh" / "stakeholder_map.sqlite3").is_file()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}", busy_timeout=2.5)
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "journal_mode", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 2500}


@pytest.mark.parametrize(
    ("environ", "outcome"),
    [({}, "skip"), ({REQUIRE_POSTGRES_ENV: "0"}, "skip"), ({REQUIRE_POSTGRES_ENV: "1"}, "fail")],
)
def test_postgres_tests_skip_locally_but_fail_when_required(environ: dict[str, str], outcome: str) -> None:
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises(expected, match="unreachable"):
        skip_or_fail("PostgreSQL at x is unreachable", environ)


# --- migrations --------------------------------------------------------------------------------


def test_a_fresh_database_upgraded_to_head_has_the_tables(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        assert current_revision(engine) is None
        upgrade_to_head(engine)
        assert set(inspect(engine).get_table_names()) == STORE_TABLES
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless_and_keeps_the_data(make_service: Callable[..., WorkspaceService]) -> None:
    first = make_service()
    first.create("Kept", StakeholderMap((), ()), author="Amina")
    second = make_service()  # a second start runs `upgrade head` again
    upgrade_to_head(second._engine)
    assert [s.name for s in second.list_workspaces()] == ["Kept"]
    assert current_revision(second._engine) == head_revision()


def test_the_orm_classes_match_the_migrations(store_url: str) -> None:
    engine = create_store_engine(store_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


# --- a database that cannot be used ------------------------------------------------------------


def test_a_locked_sqlite_database_is_unavailable_and_the_last_version_is_safe(
    tmp_path: Path, kenya_map: StakeholderMap
) -> None:
    path = tmp_path / "locked.sqlite3"
    service = WorkspaceService(f"sqlite:///{path}", busy_timeout=0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        workspace = service.create("Kenya", kenya_map, author="Amina")
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(StoreUnavailable, match=r"locked.*last saved version is safe"):
            service.save(workspace, StakeholderMap((), ()), 1, author="Bob")
        blocker.execute("ROLLBACK")
        smap, version = service.load(workspace)
        assert (smap, version) == (kenya_map, 1)
    finally:
        blocker.close()
        service.close()


def test_an_unreachable_server_is_unavailable_with_a_clear_message() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://amina:s3cret@127.0.0.1:{port}/maps"
    with pytest.raises(StoreUnavailable, match=r"cannot be reached.*last saved version is safe") as raised:
        WorkspaceService(url)
    assert "s3cret" not in str(raised.value)
    assert f"127.0.0.1:{port}" in str(raised.value)


@pytest.mark.parametrize("url", ["not a url", "mysql+nosuchdriver://amina:s3cret@db/maps"])
def test_a_wrong_url_is_reported_without_repeating_it(url: str) -> None:
    with pytest.raises(StoreUnavailable, match="database URL is not usable") as raised:
        WorkspaceService(url)
    assert "s3cret" not in str(raised.value)


def test_a_sqlite_file_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    service = WorkspaceService(f"sqlite:///{tmp_path / 'new' / 'folder' / 'maps.sqlite3'}")
    try:
        assert service.list_workspaces() == []
    finally:
        service.close()
    assert (tmp_path / "new" / "folder" / "maps.sqlite3").is_file()
