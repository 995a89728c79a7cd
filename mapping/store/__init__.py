"""Durable maps: named workspaces saved in a database, every change a version.

Pure domain code (no Streamlit). The pages build on this API; everything below is
importable from `mapping.store`.

Configuring the database
------------------------
`WorkspaceService(url=None)` picks, in order: the `url` argument (pages pass one read
from Streamlit secrets), the env var `STAKEHOLDER_MAP_DATABASE_URL`, else the SQLite
file `./data/stakeholder_map.sqlite3` (folder from `STAKEHOLDER_MAP_DATA_DIR`, relative
to the working directory), created on first run with no set-up. PostgreSQL URLs look
like `postgresql+psycopg://user:password@host:5432/dbname` (`postgresql://` and
`postgres://` are accepted and mapped to psycopg 3). The schema is created or upgraded
(Alembic, `mapping/store/migrations/`) each time a service starts.

A page's round trip
-------------------
::

    service = WorkspaceService(user=None)         # cache it (st.cache_resource); for_user() per session
    ws = service.create("Kenya 2008", smap, author="Amina", description="from the workshop")
    smap, version = service.load(ws)              # remember `version` with the map
    smap = add_actor(smap, {"name": "Chamber", "kind": "association"})   # or EditRejected(issues)
    version = service.save(ws, smap, version, author="Amina", description="added the Chamber")
    # ConflictError if someone saved since `version`: show str(err), offer to reload.

Service (`WorkspaceService`; workspaces are given as a `Workspace`, an id or a name)
--------------------------------------------------------------------------------
==============================================================  ============================  =======
method                                                          returns                       role
==============================================================  ============================  =======
list_workspaces()                                               list[WorkspaceSummary]        viewer
get(workspace)                                                  Workspace                     viewer
create(name, smap=None, author=None, description="")            Workspace (version 1)         -
load(workspace)                                                 (StakeholderMap, int version)  viewer
load_version(workspace, number)                                 StakeholderMap                viewer
export(workspace)                                               StakeholderMap                viewer
history(workspace)                                              list[VersionInfo], newest 1st  viewer
diff(workspace, a, b)                                           MapDiff                       viewer
save(workspace, smap, expected_version, author=None, desc="")   int new version               editor
restore(workspace, number, expected_version, author=None, ...)  int new version               editor
undo(workspace, expected_version, author=None)                  int new version               editor
preview_upload(workspace, incoming, mode="merge"|"replace")     UploadPreview                 viewer
apply_upload(preview, author=None, description="")              int new version               editor
rename(workspace, new_name)                                     Workspace                     editor
duplicate(workspace, new_name, author=None, description="")     Workspace (you own it)        viewer
delete(workspace)                                               None (soft delete)            owner
role_of(workspace, user)                                        str | None                    -
members(workspace) / set_role(workspace, user, role | None)     list[Member] / None           -/owner
for_user(user) / close()                                        WorkspaceService / None       -
==============================================================  ============================  =======

Every change is one transaction: it happens completely or not at all, and a failure
leaves the previous version as it was. `author` defaults to the service's user; it is
what history and conflict messages show.

Roles
-----
`WorkspaceService(user=...)` (or `service.for_user(user)`) says who acts. `user=None`
is single-user mode: everything is allowed. Otherwise each workspace has members with
roles viewer < editor < owner; the creator of a workspace becomes its owner. A
workspace without members (created in single-user mode) is unclaimed: everyone may do
everything until someone shares it (`set_role`, which also makes the sharer owner).
Refusals raise `PermissionDenied`, from the service itself.

Editing (pure functions; the map given is never changed)
-------------------------------------------------------
`add_actor(smap, values)`, `update_actor(smap, actor_id, changes)`,
`delete_actor(smap, actor_id, *, cascade=False)`, `add_relationship(smap, values)`,
`update_relationship(smap, index, changes)`, `delete_relationship(smap, index)`,
`replace_tables(smap, actor_records, relationship_records)` each return a new
`StakeholderMap` or raise `EditRejected(issues)`. Values are keyed by contract column
names; relationships are addressed by their index in `smap.explicit_relationships`.
`records_of(smap)` gives the two tables as lists of dicts for a table editor, and
`map_from_records(...)` validates such tables into a `LoadResult` (to show warnings).
Deleting an actor that ties or other actors' `parent` still name is refused with one
issue per reference, unless `cascade=True` (the ties are deleted, the parents cleared);
changing an actor's id renames every reference to it.

Uploads, merges and differences
-------------------------------
`preview_upload(ws, incoming, "merge")` matches actors by id, then by normalised name,
and ties by (source, target, kind); blank or default cells never overwrite the map's
values; nothing is removed. `"replace"` swaps the whole map. The `UploadPreview` holds
`result` (the map to be saved) and `changes`, a `MapDiff` (`actors_added`,
`actors_removed`, `actors_edited` with `FieldChange`s, `ties_added`, `ties_removed`,
`ties_edited`, `summary()`), the same type `diff` returns. `apply_upload(preview)`
saves it if nobody saved since the preview.

Errors (all `StoreError`; `str(err)` is a message for the user)
--------------------------------------------------------------
`ConflictError` (someone saved since your version: who, when, what),
`EditRejected` (`.issues`: `ValidationIssue`s), `PermissionDenied`, `StoreUnavailable`
(database locked, unreachable or its disk full; the last saved version is safe), `WorkspaceNotFound`,
`VersionNotFound`, `NameTaken`, `InvalidName`, `NothingToUndo`, `LastOwner`,
`InvalidStoredMap` (a stored version fails today's contract).
"""

from mapping.store.config import DATA_DIR_ENV, DATABASE_URL_ENV, database_url
from mapping.store.content import cell_text, map_from_records, records_of
from mapping.store.diff import ActorChange, FieldChange, MapDiff, TieChange, diff_maps
from mapping.store.edits import (
    add_actor,
    add_relationship,
    delete_actor,
    delete_relationship,
    replace_tables,
    update_actor,
    update_relationship,
)
from mapping.store.errors import (
    ConflictError,
    EditRejected,
    InvalidName,
    InvalidStoredMap,
    LastOwner,
    NameTaken,
    NothingToUndo,
    PermissionDenied,
    StoreError,
    StoreUnavailable,
    VersionNotFound,
    WorkspaceNotFound,
)
from mapping.store.merge import UPLOAD_MODES, UploadMode, UploadPreview, merge_maps, plan_upload
from mapping.store.service import WorkspaceRef, WorkspaceService
from mapping.store.workspace import ROLES, Member, VersionInfo, Workspace, WorkspaceSummary

__all__ = [
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "ROLES",
    "UPLOAD_MODES",
    "ActorChange",
    "ConflictError",
    "EditRejected",
    "FieldChange",
    "InvalidName",
    "InvalidStoredMap",
    "LastOwner",
    "MapDiff",
    "Member",
    "NameTaken",
    "NothingToUndo",
    "PermissionDenied",
    "StoreError",
    "StoreUnavailable",
    "TieChange",
    "UploadMode",
    "UploadPreview",
    "VersionInfo",
    "VersionNotFound",
    "Workspace",
    "WorkspaceNotFound",
    "WorkspaceRef",
    "WorkspaceService",
    "WorkspaceSummary",
    "add_actor",
    "add_relationship",
    "cell_text",
    "database_url",
    "delete_actor",
    "delete_relationship",
    "diff_maps",
    "map_from_records",
    "merge_maps",
    "plan_upload",
    "records_of",
    "replace_tables",
    "update_actor",
    "update_relationship",
]
