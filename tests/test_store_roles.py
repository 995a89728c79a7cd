"""Per-workspace roles, enforced by the service itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import test_store_backends as backends

from mapping.model import StakeholderMap
from mapping.store import LastOwner, Member, PermissionDenied, WorkspaceService, update_actor

store_url = backends.store_url
make_service = backends.make_service
service = backends.service


@pytest.fixture
def shared(make_service: Callable[..., WorkspaceService], small_map: StakeholderMap) -> WorkspaceService:
    """Amina's service; she owns 'Shared', where Bob views and Chen edits."""
    amina = make_service(user="amina")
    workspace = amina.create("Shared", small_map)
    amina.set_role(workspace, "bob", "viewer")
    amina.set_role(workspace, "chen", "editor")
    return amina


def test_the_creator_owns_the_workspace(shared: WorkspaceService) -> None:
    assert shared.members("Shared") == [Member("amina", "owner"), Member("chen", "editor"), Member("bob", "viewer")]
    assert shared.role_of("Shared", "amina") == "owner"


def test_a_viewer_may_read_but_not_change(shared: WorkspaceService, small_map: StakeholderMap) -> None:
    bob = shared.for_user("bob")
    smap, version = bob.load("Shared")
    assert [s.role for s in bob.list_workspaces()] == ["viewer"]
    with pytest.raises(
        PermissionDenied, match=r"bob is a viewer on 'Shared' and cannot save changes: that needs the editor role"
    ):
        bob.save("Shared", update_actor(smap, "bank", {"stance": "opposed"}), version, "Bob")
    for change in (
        lambda: bob.restore("Shared", 1, 1),
        lambda: bob.rename("Shared", "Mine"),
        lambda: bob.delete("Shared"),
        lambda: bob.set_role("Shared", "bob", "owner"),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert shared.load("Shared") == (small_map, 3)  # version 1, then two sharing events, nothing from Bob
    assert [v.description for v in shared.history("Shared")][:2] == [
        "Gave chen the editor role",
        "Gave bob the viewer role",
    ]


def test_an_editor_may_save_but_only_an_owner_may_delete(shared: WorkspaceService, small_map: StakeholderMap) -> None:
    chen = shared.for_user("chen")
    # Chen started from version 1; the two versions since only shared it, so nothing is overwritten
    assert chen.save("Shared", update_actor(small_map, "bank", {"stance": "supportive"}), 1) == 4
    assert chen.history("Shared")[0].author == "chen"  # the author is the acting user
    with pytest.raises(PermissionDenied, match="needs the owner role"):
        chen.delete("Shared")
    shared.delete("Shared")
    assert shared.list_workspaces() == []


def test_outsiders_neither_see_nor_open_a_shared_workspace(shared: WorkspaceService) -> None:
    dan = shared.for_user("dan")
    assert dan.list_workspaces() == []
    with pytest.raises(PermissionDenied, match="dan has no role on 'Shared'"):
        dan.load("Shared")
    copy = dan.create("Dan's own")  # anyone may create; they own what they create
    assert dan.role_of(copy, "dan") == "owner"
    assert dan.role_of(copy, "amina") is None


def test_single_user_mode_allows_everything_and_leaves_workspaces_unclaimed(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = service.create("Open", small_map)
    assert service.members(workspace) == []
    assert service.save(workspace, update_actor(small_map, "bank", {"stance": "champion"}), 1) == 2
    # once sign-in is configured, an unclaimed workspace is read by everyone and managed by administrators only
    anyone = service.for_user("someone", admins={"root"})
    assert anyone.role_of(workspace, "someone") == "viewer"
    with pytest.raises(PermissionDenied, match="someone is a viewer"):
        anyone.save(workspace, small_map, 2)
    root = service.for_user("root", admins={"root"})
    assert root.save(workspace, small_map, 2) == 3


def test_sharing_an_unclaimed_workspace_makes_the_sharer_owner(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = service.create("Open", small_map)
    with pytest.raises(PermissionDenied):  # the first signed-in user to come along may not claim it
        service.for_user("bob").set_role(workspace, "bob", "owner")
    amina = service.for_user("amina", admins={"amina"})
    amina.set_role(workspace, "bob", "viewer")
    assert amina.members(workspace) == [Member("amina", "owner"), Member("bob", "viewer")]


def test_a_shared_workspace_keeps_an_owner(shared: WorkspaceService) -> None:
    with pytest.raises(LastOwner):
        shared.set_role("Shared", "amina", "editor")
    shared.set_role("Shared", "chen", "owner")
    shared.set_role("Shared", "amina", None)
    assert shared.role_of("Shared", "amina") is None
    assert shared.for_user("chen").members("Shared") == [Member("chen", "owner"), Member("bob", "viewer")]
