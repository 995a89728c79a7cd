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
    "database_url",
    "display_url",
    "is_sqlite",
]

DATABASE_URL_ENV = "STAKEHOLDER_MAP_DATABASE_URL"
DATA_DIR_ENV = "STAKEHOLDER_MAP_DATA_DIR"
DEFAULT_DATA_DIR = "data"
SQLITE_FILE_NAME = "stakeholder_map.sqlite3"

# Spellings of PostgreSQL URLs that SQLAlchemy would hand to a driver we do not ship
# (psycopg2), or not accept at all ("postgres://", as many hosts print it).
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg2"}


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


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def display_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)
