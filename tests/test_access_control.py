"""Who may do what to a workspace, and who did what, enforced by the service on SQLite and PostgreSQL.

The gaps an attacker found: the first signed-in user could claim a workspace made
before sign-in; a sole owner could leave (opening it to everyone) or step down
(leaving it unmanageable); a viewer could copy a workspace, own the copy and share it;
the history recorded the typed name; renames, sharing and deletions left no trace;
deletion had no version check and no way back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import test_store_backends as backends
from sqlalchemy import create_engine, update

from mapping.model import StakeholderMap
from mapping.store import (
    ConflictError,
    LastOwner,
    Member,
    PermissionDenied,
    WorkspaceNotFound,
    WorkspaceService,
    update_actor,
)
from mapping.store.service import RESTORABLE_DAYS
from mapping.store.tables import WorkspaceRow

store_url = backends.store_url
make_service = backends.make_service
service = backends.service


@pytest.fixture
def amina(make_service: Callable[..., WorkspaceService], small_map: StakeholderMap) -> WorkspaceService:
    """Amina owns 'Shared', where Bob views and Chen edits."""
    owner = make_service(user="amina")
    workspace = owner.create("Shared", small_map)
    owner.set_role(workspace, "bob", "viewer")
    owner.set_role(workspace, "chen", "editor")
    return owner


# --- owners ----------------------------------------------------------------------------------


def test_a_sole_owner_can_neither_leave_nor_step_down(
    make_service: Callable[..., WorkspaceService], small_map: StakeholderMap
) -> None:
    alone = make_service(user="amina")
    workspace = alone.create("Mine", small_map)
    for role in (None, "editor", "viewer"):
        with pytest.raises(LastOwner, match="only owner"):
            alone.set_role(workspace, "amina", role)
    assert alone.members(workspace) == [Member("amina", "owner")]
    assert alone.for_user("mallory").list_workspaces() == []  # still closed to others


def test_an_administrator_claiming_a_workspace_cannot_leave_it_without_an_owner(
    service: WorkspaceService,
    small_map: StakeholderMap,
) -> None:
    workspace = service.create("Before sign-in", small_map)
    root = service.for_user("root", admins={"root"})
    with pytest.raises(LastOwner):
        root.set_role(workspace, "root", "viewer")
    assert root.members(workspace) == []


# --- copies ----------------------------------------------------------------------------------


def test_a_viewer_cannot_copy_a_workspace_out_of_its_sharing(amina: WorkspaceService) -> None:
    bob = amina.for_user("bob")
    with pytest.raises(PermissionDenied, match="bob is a viewer on 'Shared' and cannot copy it"):
        bob.duplicate("Shared", "Bob's copy")
    assert [s.name for s in amina.list_workspaces()] == ["Shared"]


def test_a_copy_keeps_the_originals_members(amina: WorkspaceService) -> None:
    chen = amina.for_user("chen")
    copy = chen.duplicate("Shared", "Shared, day 2")
    assert amina.members(copy) == [Member("amina", "owner"), Member("chen", "editor"), Member("bob", "viewer")]
    with pytest.raises(PermissionDenied):  # an editor of the original is an editor of the copy, not its owner
        chen.set_role(copy, "mallory", "owner")
    assert amina.for_user("mallory").list_workspaces() == []


# --- who did what ----------------------------------------------------------------------------


def test_the_history_records_the_signed_in_user_not_the_typed_name(
    amina: WorkspaceService, small_map: StakeholderMap
) -> None:
    chen = amina.for_user("chen")
    smap, version = chen.load("Shared")
    chen.save("Shared", update_actor(smap, "bank", {"stance": "supportive"}), version, author="amina")
    assert chen.history("Shared")[0].author == "chen"


def test_single_user_mode_records_the_typed_name(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Open", small_map, author="Juma")
    service.save(workspace, update_actor(small_map, "bank", {"stance": "supportive"}), 1, author="Juma")
    assert [v.author for v in service.history(workspace)] == ["Juma", "Juma"]


def test_renames_sharing_and_deletions_are_versions_in_the_history(amina: WorkspaceService) -> None:
    amina.rename("Shared", "Shared map")
    amina.set_role("Shared map", "bob", None)
    said = [(v.author, v.description) for v in amina.history("Shared map")]
    assert said[:4] == [
        ("amina", "Removed bob from the workspace"),
        ("amina", "Renamed 'Shared' to 'Shared map'"),
        ("amina", "Gave chen the editor role"),
        ("amina", "Gave bob the viewer role"),
    ]
    workspace = amina.get("Shared map")
    amina.delete(workspace.id, expected_version=workspace.head_version)
    restored = amina.undelete(workspace.id)
    history = amina.history(restored)
    assert [v.description for v in history[:2]] == ["Restored the deleted workspace", "Deleted the workspace"]
    assert len({v.tables_digest for v in history}) == 1, "events leave the map as it was"


def test_an_edit_started_before_a_rename_or_a_share_still_saves(
    amina: WorkspaceService, small_map: StakeholderMap
) -> None:
    chen = amina.for_user("chen")
    smap, version = chen.load("Shared")
    amina.rename("Shared", "Renamed")
    amina.set_role("Renamed", "dan", "viewer")
    assert chen.save("Renamed", update_actor(smap, "bank", {"stance": "supportive"}), version) == version + 3
    with pytest.raises(ConflictError):  # a real change in between still stops a stale save
        chen.save("Renamed", update_actor(smap, "bank", {"stance": "opposed"}), version)


# --- deletion --------------------------------------------------------------------------------


def test_delete_checks_the_version_the_owner_saw(amina: WorkspaceService, small_map: StakeholderMap) -> None:
    seen = amina.get("Shared").head_version
    chen = amina.for_user("chen")
    chen.save("Shared", update_actor(small_map, "bank", {"stance": "supportive"}), seen, author="Chen")
    with pytest.raises(ConflictError, match="was changed by chen"):
        amina.delete("Shared", expected_version=seen)
    assert [s.name for s in amina.list_workspaces()] == ["Shared"]


def test_a_deleted_workspace_is_restored_by_its_owner_only(amina: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = amina.get("Shared")
    amina.delete(workspace.id)
    assert amina.list_workspaces() == []
    chen = amina.for_user("chen")
    assert chen.deleted_workspaces() == []
    with pytest.raises(PermissionDenied):
        chen.undelete(workspace.id)
    assert [w.name for w in amina.deleted_workspaces()] == ["Shared"]
    amina.undelete(workspace.id)
    smap, _ = amina.load("Shared")
    assert smap == small_map and amina.members("Shared")[0] == Member("amina", "owner")


def test_after_thirty_days_a_deleted_workspace_is_gone(
    amina: WorkspaceService, store_url: str, small_map: StakeholderMap
) -> None:
    old = amina.get("Shared")
    amina.delete(old.id)
    engine = create_engine(store_url)
    with engine.begin() as connection:  # as if it had been deleted 31 days ago
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=RESTORABLE_DAYS + 1)
        connection.execute(update(WorkspaceRow).where(WorkspaceRow.id == old.id).values(deleted_at=long_ago))
    engine.dispose()
    assert amina.deleted_workspaces() == []
    with pytest.raises(WorkspaceNotFound, match="purged"):
        amina.undelete(old.id)
    other = amina.create("Another", small_map)
    amina.delete(other)  # each deletion purges what is past its time
    with create_engine(store_url).connect() as connection:
        assert connection.execute(WorkspaceRow.__table__.select().where(WorkspaceRow.id == old.id)).first() is None


def test_a_save_that_changed_nothing_is_not_an_event(amina: WorkspaceService, small_map: StakeholderMap) -> None:
    """Only renames, shares and deletions let a stale edit through; a save, even of the same map, stops it."""
    chen = amina.for_user("chen")
    smap, version = chen.load("Shared")
    chen.save("Shared", smap, version)  # the same tables, saved again
    with pytest.raises(ConflictError):
        chen.save("Shared", update_actor(smap, "bank", {"stance": "opposed"}), version)
