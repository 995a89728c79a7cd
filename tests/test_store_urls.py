"""Database URLs and workspace names that once raised tracebacks or leaked: clear refusals, nothing shown that should not be.

A URL for a backend the store does not ship (MySQL, Oracle) or a SQLite URL pointing
at a file that is not a database is refused with a sentence saying what to use; a
password holding an unencoded `@` or `/` never shows in a message; a NUL in a name
(PostgreSQL cannot store one) and look-alike names (zero-width, direction-changing or
full-width characters) are normalised, so two names that look the same are one name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mapping.model import StakeholderMap
from mapping.store import NameTaken, StoreUnavailable, WorkspaceService
from mapping.store.config import display_url
from tests.test_store_backends import make_service, service, store_url  # noqa: F401 - fixtures on each backend


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://amina:secret@db.example/maps", "'mysql'"),
        ("oracle://amina:secret@db.example/maps", "'oracle'"),
        ("sqlite+pysqlcipher://:secret@/maps.db", "'pysqlcipher'"),
    ],
)
def test_a_backend_the_store_does_not_ship_is_refused_in_words(url: str, named: str) -> None:
    with pytest.raises(StoreUnavailable) as refused:
        WorkspaceService(url)
    message = str(refused.value)
    assert named in message and "sqlite:///" in message and "postgresql+psycopg://" in message
    assert "secret" not in message


def test_a_file_that_is_not_a_database_is_refused_without_its_path(tmp_path: Path) -> None:
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n" * 200, encoding="utf-8")
    with pytest.raises(StoreUnavailable) as refused:
        WorkspaceService(f"sqlite:///{other}").list_workspaces()
    assert "not a SQLite database" in str(refused.value)
    assert str(tmp_path) not in str(refused.value)
    assert other.read_text(encoding="utf-8").startswith("root:x:0:0")  # nothing written to it


@pytest.mark.parametrize("password", ["Xq@zT9", "Xq@zT9/Wv@Rk", "Xq:zT9@Wv"])
def test_a_password_with_unencoded_at_signs_is_hidden_whole(password: str) -> None:
    url = f"postgresql+psycopg://amina:{password}@127.0.0.1:1/maps"
    shown = display_url(url)
    assert shown == "postgresql+psycopg://amina:***@127.0.0.1:1/maps"
    with pytest.raises(StoreUnavailable) as refused:
        WorkspaceService(url, busy_timeout=0.1).list_workspaces()
    assert not any(part in str(refused.value) for part in password.split("@") if len(part) > 1)


def test_a_nul_in_a_name_is_dropped_not_a_traceback(
    service: WorkspaceService,  # noqa: F811
    small_map: StakeholderMap,
) -> None:
    created = service.create("Kenya\x00 2008", small_map)
    assert created.name == "Kenya 2008"
    assert service.get("Kenya\x00 2008").id == created.id


@pytest.mark.parametrize("look_alike", ["Ken\u200bya 2008", "Kenya 2008\u202e", "\uff2benya 2008", "Kenya\u00a02008"])
def test_names_that_look_the_same_are_the_same_name(
    service: WorkspaceService,  # noqa: F811
    small_map: StakeholderMap,
    look_alike: str,
) -> None:
    service.create("Kenya 2008", small_map)
    with pytest.raises(NameTaken):
        service.create(look_alike, small_map)
