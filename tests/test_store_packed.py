"""Versions are stored packed (zlib), and versions stored plainly before still open, on both backends."""

from __future__ import annotations

import json

import test_store_backends as backends
from sqlalchemy import JSON, bindparam, create_engine, text

from mapping.model import StakeholderMap
from mapping.store import WorkspaceService
from mapping.store.content import content_of
from mapping.store.tables import PACKED_KEY

store_url = backends.store_url
make_service = backends.make_service
service = backends.service


def stored_content(url: str) -> object:
    """The content column as the database holds it, read without the ORM's unpacking."""
    engine = create_engine(url)
    with engine.connect() as connection:
        raw = connection.execute(text("SELECT content FROM workspace_version")).scalars().first()
    engine.dispose()
    return json.loads(raw) if isinstance(raw, str) else raw


def test_a_version_is_stored_packed_in_a_fraction_of_the_room(
    service: WorkspaceService, store_url: str, kenya_map: StakeholderMap
) -> None:
    service.create("Kenya", kenya_map)
    stored = stored_content(store_url)
    assert isinstance(stored, dict) and set(stored) == {PACKED_KEY}
    plain = len(json.dumps(content_of(kenya_map)))
    assert len(stored[PACKED_KEY]) < plain / 3  # 110 KB of JSON in about 34 KB of base64
    assert service.load("Kenya") == (kenya_map, 1)


def test_a_version_stored_plainly_before_still_opens(
    service: WorkspaceService, store_url: str, kenya_map: StakeholderMap
) -> None:
    workspace = service.create("Kenya", kenya_map)
    engine = create_engine(store_url)
    with engine.begin() as connection:  # as versions were written before packing
        plain = text("UPDATE workspace_version SET content = :content").bindparams(bindparam("content", type_=JSON))
        connection.execute(plain, {"content": content_of(kenya_map)})
    engine.dispose()
    assert service.load(workspace) == (kenya_map, 1)
