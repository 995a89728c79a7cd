"""Alembic's entry point: run the migrations on the store's connection.

The service passes its own connection (already inside a transaction) in
`config.attributes["connection"]`; the `alembic` command line gets an engine
for the configured database instead (see `mapping.store.config`).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from mapping.store.tables import Base


def run_migrations(connection: Connection) -> None:
    # Batch mode lets later migrations alter tables on SQLite, which lacks most ALTER TABLE forms.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line() -> None:
    from mapping.store.database import create_store_engine

    engine = create_store_engine(context.config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.begin() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


# `pytest --doctest-modules` imports this file outside Alembic, where there is no config.
_config = getattr(context, "config", None)
if _config is not None:
    if context.is_offline_mode():
        raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
    shared = _config.attributes.get("connection")
    if shared is not None:
        run_migrations(shared)
    else:
        run_from_command_line()
