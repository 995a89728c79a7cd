"""Which database the store uses: an explicit URL, the environment, or a local SQLite file.

In order: the `url` argument (the pages pass one read from Streamlit secrets),
`STAKEHOLDER_MAP_DATABASE_URL`, and otherwise the SQLite file
`stakeholder_map.sqlite3` in `STAKEHOLDER_MAP_DATA_DIR` (default `./data`, relative to
the working directory), created on first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url

__all__ = [
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_DATA_DIR",
    "SQLITE_FILE_NAME",
    "backend_label",
    "database_url",
    "display_url",
    "is_sqlite",
    "unsupported_reason",
]

DATABASE_URL_ENV = "STAKEHOLDER_MAP_DATABASE_URL"
DATA_DIR_ENV = "STAKEHOLDER_MAP_DATA_DIR"
DEFAULT_DATA_DIR = "data"
SQLITE_FILE_NAME = "stakeholder_map.sqlite3"

# Spellings of PostgreSQL URLs that SQLAlchemy would hand to a driver we do not ship
# (psycopg2), or not accept at all ("postgres://", as many hosts print it).
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg2"}
# The backends and drivers the store is built and tested for.
_SUPPORTED = {("sqlite", "pysqlite"), ("postgresql", "psycopg")}
_SUPPORTED_HINT = "Use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host:5432/database."


def database_url(url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The SQLAlchemy URL to use, creating the data folder when it is the default SQLite file.

    >>> database_url("postgres://amina@db.example.org/maps")
    'postgresql+psycopg://amina@db.example.org/maps'
    >>> database_url(environ={"STAKEHOLDER_MAP_DATABASE_URL": "sqlite:////srv/maps.sqlite3"})
    'sqlite:////srv/maps.sqlite3'
    """
    env = os.environ if environ is None else environ
    chosen = (url or "").strip() or env.get(DATABASE_URL_ENV, "").strip()
    if chosen:
        return _with_psycopg(chosen)
    folder = Path(env.get(DATA_DIR_ENV, "").strip() or DEFAULT_DATA_DIR).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / SQLITE_FILE_NAME}"


def _with_psycopg(url: str) -> str:
    scheme, separator, rest = url.partition("://")
    if separator and scheme.lower() in _POSTGRES_SCHEMES:
        return f"postgresql+psycopg://{rest}"
    return url


def _credentials(url: str) -> tuple[str, str, str] | None:
    """(scheme, credentials, the rest) of a URL with credentials, split at the last '@' (an unencoded '@' in a
    password stays in the credentials); None without credentials, or for a SQLite path holding an '@'."""
    scheme, separator, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not separator or not at or credentials.startswith("/"):
        return None
    return scheme, credentials, host


def _unencoded_credentials(url: str) -> bool:
    """True when the part before the host holds a second '@', or a '/' in a password: SQLAlchemy and the driver
    would split the URL at the wrong place and show part of the password as the host."""
    split = _credentials(url)
    return split is not None and ("@" in split[1] or "/" in split[1] or split[1].count(":") > 1)


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def unsupported_reason(url: str) -> str | None:
    """Why the store cannot use this URL (a backend or driver it does not ship), or None.

    >>> unsupported_reason("mysql://u:secret@db/maps")  # doctest: +ELLIPSIS
    "The database URL is not usable: workspaces are kept in SQLite or PostgreSQL only, not 'mysql'. Use ..."
    >>> unsupported_reason("postgresql+psycopg://u@db/maps") is None
    True
    """
    if _unencoded_credentials(url):
        return (
            "The database URL is not usable: its user name or password holds an '@', '/' or ':' that is not "
            "encoded, so the server's address cannot be told apart from it. Write them encoded "
            "(@ as %40, / as %2F, : as %3A: urllib.parse.quote(password, safe='')) and start the app again."
        )
    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises several types for a malformed URL; all mean "not usable"
        return f"The database URL is not usable: SQLAlchemy cannot read it as a URL. {_SUPPORTED_HINT}"
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if (backend, driver) in _SUPPORTED:
        return None
    if backend in {b for b, _ in _SUPPORTED}:
        shipped = dict(_SUPPORTED)[backend]
        return f"The database URL is not usable: {backend} is reached through {shipped} only, not '{driver}'. " + (
            _SUPPORTED_HINT
        )
    return f"The database URL is not usable: workspaces are kept in SQLite or PostgreSQL only, not '{backend}'. " + (
        _SUPPORTED_HINT
    )


def backend_label(url: str | URL) -> str:
    """'SQLite' or 'PostgreSQL': where workspaces are kept, without saying which file or server."""
    return "SQLite" if is_sqlite(url) else "PostgreSQL"


def display_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs.

    A password holding an unencoded `@` or `/` is hidden whole: everything between
    `://` and the last `@` before the host is credentials, and only the user name is kept.

    >>> display_url("postgresql+psycopg://amina:p@ss/w@db.example/maps")
    'postgresql+psycopg://amina:***@db.example/maps'
    >>> display_url("sqlite:////srv/maps.sqlite3")
    'sqlite:////srv/maps.sqlite3'
    """
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    split = _credentials(text)
    if split is None or ":" not in split[1]:
        return text
    scheme, credentials, host = split
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
