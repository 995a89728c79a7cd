"""Alembic migrations of the store's schema (see `mapping.store.database.upgrade_to_head`).

To add one after changing `mapping/store/tables.py`, from the repository root::

    alembic -c mapping/store/migrations/alembic.ini revision --autogenerate -m "what changed"

then read the generated file in `versions/` and keep it to the change you meant.
Services upgrade every database to the newest revision when they start.
"""
