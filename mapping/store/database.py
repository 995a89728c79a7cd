"""Engines, transactions and migrations: the one place that talks to the database driver.

SQLite gets foreign keys, write-ahead logging (readers never wait for a writer) and
a busy timeout; its write transactions start with `BEGIN IMMEDIATE`, so two writers
queue up instead of failing half-way. PostgreSQL goes through psycopg 3. Driver
errors that mean "the database cannot be used now" (locked, unreachable, disk full)
become `StoreUnavailable`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from mapping.store.config import database_url, display_url, is_sqlite, unsupported_reason
from mapping.store.errors import StoreUnavailable

__all__ = [
    "MIGRATIONS_DIR",
    "WRITE_OPTION",
    "create_store_engine",
    "current_revision",
    "head_revision",
    "unavailable_as_store_error",
    "upgrade_to_head",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Execution option marking a connection that will write (SQLite then takes the write lock at BEGIN).
WRITE_OPTION = "stakeholder_map_write"
DEFAULT_BUSY_TIMEOUT = 5.0
CONNECT_TIMEOUT_SECONDS = 10
# SQLSTATE of PostgreSQL's "could not extend file ... No space left on device".
_POSTGRES_DISK_FULL = "53100"
# Any constant works: it names the lock that serialises migrations on a PostgreSQL database.
_MIGRATION_LOCK = 5_2008_2013


def create_store_engine(url: str | None = None, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """An engine for the store's database (see `mapping.store.config.database_url`).

    Parameters
    ----------
    url : str or None
        A SQLAlchemy URL; None takes the configured one.
    busy_timeout : float
        Seconds a SQLite connection waits for another writer before giving up.
    """
    resolved = database_url(url)
    reason = unsupported_reason(resolved)
    if reason:
        raise StoreUnavailable(f"{reason} Nothing was changed.")
    try:
        if is_sqlite(resolved):
            return _sqlite_engine(resolved, busy_timeout)
        return create_engine(resolved, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    except (exc.ArgumentError, exc.NoSuchModuleError) as err:
        # The URL itself is wrong; it is not repeated, as it may hold a password.
        raise StoreUnavailable(
            f"The database URL is not usable ({type(err).__name__}: {str(err).splitlines()[0]}). Nothing was changed. "
            "Use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host:5432/database."
        ) from err


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)  # first run: no set-up needed
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection: Any, _record: object) -> None:
        # Python's sqlite3 would open transactions lazily and commit around DDL on its own;
        # turning that off lets the "begin" hook below decide, as SQLAlchemy's docs advise.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


@contextmanager
def unavailable_as_store_error(engine: Engine) -> Iterator[None]:
    """Turn driver errors meaning 'cannot use the database now' into `StoreUnavailable`.

    The transaction they interrupted has been rolled back, so the message says the
    last saved version is safe.
    """
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as err:
        raise StoreUnavailable(_unavailable_message(engine, err)) from err
    except exc.DatabaseError as err:
        if not _not_a_database(err):
            raise
        raise StoreUnavailable(
            "The file configured as the map database is not a SQLite database (it may be another program's "
            "file). Nothing was read or changed. Point the database URL, or STAKEHOLDER_MAP_DATA_DIR, at a "
            "file or folder of the map tool's own."
        ) from err


def _not_a_database(err: Exception) -> bool:
    """True when SQLite was pointed at a file that is not a database (SQLITE_NOTADB)."""
    cause = getattr(err, "orig", None)
    return getattr(cause, "sqlite_errorname", None) == "SQLITE_NOTADB" or "file is not a database" in str(cause)


def _disk_full(err: Exception) -> bool:
    """True when the database refused a write for want of disk space (SQLITE_FULL, PostgreSQL's disk_full)."""
    cause = getattr(err, "orig", None)
    return (
        getattr(cause, "sqlite_errorname", None) == "SQLITE_FULL"
        or getattr(cause, "sqlstate", None) == _POSTGRES_DISK_FULL
    )


def _unavailable_message(engine: Engine, err: Exception) -> str:
    detail = str(getattr(err, "orig", None) or err).strip()
    reason = detail.splitlines()[0] if detail else type(err).__name__
    safe = "Nothing was changed: the last saved version is safe."
    url = make_url(engine.url)
    if url.get_backend_name() == "sqlite":
        where = "(its SQLite file)"  # the path stays out of messages: every user of the app sees them
        if _disk_full(err):
            return (
                f"The disk holding the map database {where} is full ({reason}). "
                f"{safe} Free some space on that disk, then save again."
            )
        if "locked" in reason or "busy" in reason:
            return (
                f"The map database {where} is locked by another save or program ({reason}). "
                f"{safe} Try again in a moment; if it stays locked, close other programs using the file."
            )
        return f"The map database {where} cannot be used ({reason}). {safe} Check the file and its folder."
    if _disk_full(err):
        return (
            f"The disk of the database server at {display_url(url)} is full ({reason}). {safe} "
            "Ask whoever runs the server to free some space, then save again."
        )
    return (
        f"The database server at {display_url(url)} cannot be reached or refused the request ({reason}). "
        f"{safe} Check that the server is running and the database URL is right."
    )


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database's schema to the newest migration, in one transaction.

    Safe to run at every start and from several processes at once: a database
    already at head is left as it is, and on PostgreSQL an advisory lock makes
    concurrent upgrades wait for each other.
    """
    with unavailable_as_store_error(engine), engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        command.upgrade(_alembic_config(connection), "head")


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for a database never upgraded)."""
    with unavailable_as_store_error(engine), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest migration shipped with the code."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()
