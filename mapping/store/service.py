"""Workspaces: named maps saved in a database, every change a new version.

`WorkspaceService` is the one door to the database. Every change runs in one
transaction and either happens completely or not at all; a save names the version
it started from and is refused with `ConflictError` when someone saved in between
(optimistic concurrency: never a silent overwrite). Every map going in or out passes
the data contract. Roles are checked here, not only in the pages.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

from sqlalchemy import and_, exc, select
from sqlalchemy.orm import Session, defer, sessionmaker

from mapping.model import StakeholderMap
from mapping.store.config import database_url
from mapping.store.content import content_of, map_from_content, row_counts, tables_digest
from mapping.store.database import (
    DEFAULT_BUSY_TIMEOUT,
    WRITE_OPTION,
    create_store_engine,
    unavailable_as_store_error,
    upgrade_to_head,
)
from mapping.store.diff import MapDiff, diff_maps
from mapping.store.errors import (
    ConflictError,
    EditRejected,
    InvalidName,
    InvalidStoredMap,
    LastOwner,
    NameTaken,
    NothingToUndo,
    PermissionDenied,
    VersionNotFound,
    WorkspaceNotFound,
)
from mapping.store.merge import UploadMode, UploadPreview, plan_upload
from mapping.store.settings import WorkspaceSettings
from mapping.store.tables import NAME_LENGTH, MemberRow, VersionRow, WorkspaceRow
from mapping.store.workspace import Member, VersionInfo, Workspace, WorkspaceSummary, role_rank

__all__ = ["WorkspaceRef", "WorkspaceService"]

WorkspaceRef = Workspace | int | str
"""A workspace as the methods accept it: the record, its id, or its name (case and spacing ignored)."""


RESTORABLE_DAYS = 30
"""How long a deleted workspace can be restored by its owners; it is purged after."""
EVENT_KEY = "event"
"""Marks a version that records an event (a rename, a share, a deletion), not an edit: its tables are the head's."""
SETTINGS_KEY = "settings"  # where a version's content keeps its settings, beside the two tables


class WorkspaceService:
    """Create, load, save, version and share workspaces in one database.

    Parameters
    ----------
    url : str or None
        SQLAlchemy URL of the database. None takes `STAKEHOLDER_MAP_DATABASE_URL`, else
        the SQLite file `./data/stakeholder_map.sqlite3` (folder from
        `STAKEHOLDER_MAP_DATA_DIR`), created on first use.
    user : str or None
        Who is acting, for role checks. None is single-user mode: everything is allowed.
    admins : iterable of str
        The users named administrators in the configuration: only they may manage a
        workspace no one has claimed yet (created before sign-in was configured); other
        signed-in users may only read it.
    busy_timeout : float
        Seconds a SQLite write waits for another writer before `StoreUnavailable`.

    The schema is upgraded to the newest migration on construction. Raises
    `StoreUnavailable` if the database cannot be reached.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        user: str | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        admins: Iterable[str] = (),
    ) -> None:
        self.url = database_url(url)
        self.user = user
        self.admins = frozenset(admins)
        self._engine = create_store_engine(self.url, busy_timeout)
        try:
            upgrade_to_head(self._engine)
        except BaseException:
            self._engine.dispose()
            raise
        self._read_sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self._engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    def for_user(self, user: str | None, admins: Iterable[str] | None = None) -> WorkspaceService:
        """The same store acting as another user (shares the connection pool; no migration run)."""
        clone = object.__new__(WorkspaceService)
        clone.__dict__.update(self.__dict__)
        clone.user = user
        if admins is not None:
            clone.admins = frozenset(admins)
        return clone

    def close(self) -> None:
        """Close the connections of this service and of every `for_user` copy."""
        self._engine.dispose()

    # --- listing and reading -------------------------------------------------------------

    def list_workspaces(self) -> list[WorkspaceSummary]:
        """The workspaces the user may see, by name, each with its size and last change."""
        with self._transaction() as session:
            pairs = session.execute(
                select(WorkspaceRow, VersionRow)
                .join(VersionRow, _head_join())
                .where(WorkspaceRow.deleted.is_(False))
                .options(defer(VersionRow.content))
            ).all()
            roles = self._roles_by_workspace(session)
        summaries = [
            WorkspaceSummary(_workspace(row), _version_info(version), roles.get(row.id, self._unclaimed_role()))
            for row, version in pairs
        ]
        visible = [s for s in summaries if s.role is not None]
        return sorted(visible, key=lambda s: (s.name.casefold(), s.workspace.id))

    def get(self, workspace: WorkspaceRef) -> Workspace:
        """The workspace record (viewer role needed); `WorkspaceNotFound` if deleted or unknown."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            return _workspace(row)

    def load(self, workspace: WorkspaceRef) -> tuple[StakeholderMap, int]:
        """The current map and its version number: keep the number, `save` needs it.

        The stored tables are validated again on the way out, so nothing invalid is
        ever returned (`InvalidStoredMap` if a stored version no longer passes).
        """
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            version = self._version_row(session, row, row.head_version)
            name, number, content = row.name, version.number, version.content
        return _map_of(name, number, content), number

    def load_version(self, workspace: WorkspaceRef, number: int) -> StakeholderMap:
        """The map as it was at version `number` (validated like `load`)."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            name, content = row.name, self._version_row(session, row, number).content
        return _map_of(name, number, content)

    def settings(self, workspace: WorkspaceRef, number: int) -> WorkspaceSettings:
        """The saved views, us, target and R2P status stored with version `number` (`mapping.store.settings`)."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            content = self._version_row(session, row, number).content
        return WorkspaceSettings.from_json(content.get(SETTINGS_KEY))

    def export(self, workspace: WorkspaceRef) -> StakeholderMap:
        """The current map, for `mapping.export.write_csv_pair` or `workbook_bytes`."""
        return self.load(workspace)[0]

    def history(self, workspace: WorkspaceRef) -> list[VersionInfo]:
        """Every version, newest first: number, time (UTC), author, description, counts."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "see its history")
            versions = session.scalars(
                select(VersionRow)
                .where(VersionRow.workspace_id == row.id)
                .order_by(VersionRow.number.desc())
                .options(defer(VersionRow.content))
            ).all()
            return [_version_info(v) for v in versions]

    def diff(self, workspace: WorkspaceRef, a: int, b: int) -> MapDiff:
        """What changed from version `a` to version `b` (actors and ties added, removed, edited)."""
        return diff_maps(self.load_version(workspace, a), self.load_version(workspace, b))

    # --- changing a workspace's map ------------------------------------------------------

    def create(
        self, name: str, smap: StakeholderMap | None = None, author: str | None = None, description: str = ""
    ) -> Workspace:
        """A new workspace holding `smap` (or an empty map) as version 1; the user becomes its owner."""
        name = _clean_name(name)
        content = _checked_content(smap if smap is not None else StakeholderMap((), ()))
        with self._name_guard(name), self._transaction(write=True) as session:
            return self._insert_workspace(session, name, content, self._author(author), description or "Created")

    def save(
        self,
        workspace: WorkspaceRef,
        smap: StakeholderMap,
        expected_version: int,
        author: str | None = None,
        description: str = "",
    ) -> int:
        """Save `smap` as a new version and return its number (editor role needed).

        `expected_version` is the version the edit started from (what `load` returned).
        If anyone saved since, nothing is written and `ConflictError` names who, when
        and what. The map is checked against the contract first (`EditRejected`).
        """
        content = _checked_content(smap)
        return self._append(
            workspace, content, expected_version, author, description or "Saved", "save changes", keep_settings=True
        )

    def save_settings(
        self,
        workspace: WorkspaceRef,
        settings: WorkspaceSettings,
        expected_version: int,
        author: str | None = None,
        description: str = "",
    ) -> int:
        """Save new settings as a new version with the same tables (editor role, same conflict check as `save`)."""
        return self._append(
            workspace,
            {SETTINGS_KEY: settings.to_json()},
            expected_version,
            author,
            description or "Changed the saved views and settings",
            "save changes",
            keep_tables=True,
        )

    def restore(
        self,
        workspace: WorkspaceRef,
        number: int,
        expected_version: int,
        author: str | None = None,
        description: str = "",
    ) -> int:
        """Save a copy of version `number` as a new version (content identical, same hash); return its number."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            name, content = row.name, _without_event(self._version_row(session, row, number).content)
        _map_of(name, number, content)  # a version the contract now refuses is not brought back
        description = description or f"Restored version {number}"
        return self._append(workspace, content, expected_version, author, description, "restore a version", number)

    def undo(self, workspace: WorkspaceRef, expected_version: int, author: str | None = None) -> int:
        """Restore the version before `expected_version` (which must be the current one); return the new number.

        Undo adds a version, so undoing twice brings the undone change back.
        """
        if expected_version <= 1:
            raise NothingToUndo("There is nothing to undo: this is the workspace's first version.")
        previous = expected_version - 1
        description = f"Undid version {expected_version} (back to version {previous})"
        return self.restore(workspace, previous, expected_version, author, description)

    def preview_upload(
        self, workspace: WorkspaceRef, incoming: StakeholderMap, mode: UploadMode = "merge"
    ) -> UploadPreview:
        """What uploading `incoming` would do, without saving: see `mapping.store.merge`.

        Raises `EditRejected` if the merged map would break the contract.
        """
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "open it")
            head = self._version_row(session, row, row.head_version)
            workspace_id, name, number, content = row.id, row.name, head.number, head.content
        result, changes = plan_upload(_map_of(name, number, content), incoming, mode)
        return UploadPreview(workspace_id, name, mode, number, incoming.title, result, changes)

    def apply_upload(self, preview: UploadPreview, author: str | None = None, description: str = "") -> int:
        """Save a previewed upload as one new version, if the workspace has not moved since the preview."""
        return self.save(
            preview.workspace_id, preview.result, preview.base_version, author, description or preview.description()
        )

    # --- managing workspaces ----------------------------------------------------------------

    def rename(self, workspace: WorkspaceRef, new_name: str) -> Workspace:
        """Give the workspace a new name (editor role needed); its versions stay as they are."""
        new_name = _clean_name(new_name)
        with self._name_guard(new_name), self._transaction(write=True) as session:
            row = self._row(session, workspace, lock=True)
            self._require(session, row, "editor", "rename it")
            self._refuse_taken_name(session, new_name, except_id=row.id)
            old_name = row.name
            row.name, row.name_key, row.updated_at = new_name, _name_key(new_name), _now()
            self._event(session, row, f"Renamed '{old_name}' to '{new_name}'")
            return _workspace(row)

    def duplicate(
        self, workspace: WorkspaceRef, new_name: str, author: str | None = None, description: str = ""
    ) -> Workspace:
        """A new workspace whose version 1 is a copy of this one's current map (editor role needed).

        The copy keeps the original's members and their roles, so copying never shares a
        map with anyone the original was not shared with; its owners may change them.
        """
        new_name = _clean_name(new_name)
        with self._name_guard(new_name), self._transaction(write=True) as session:
            row = self._row(session, workspace)
            self._require(session, row, "editor", "copy it")
            version = self._version_row(session, row, row.head_version)
            description = description or f"Copy of '{row.name}' version {version.number}"
            content = deepcopy(_without_event(version.content))
            copy = self._insert_workspace(session, new_name, content, self._author(author), description)
            members = session.scalars(select(MemberRow).where(MemberRow.workspace_id == row.id)).all()
            if members:
                for mine in session.scalars(select(MemberRow).where(MemberRow.workspace_id == copy.id)).all():
                    session.delete(mine)
                session.flush()
                session.add_all(MemberRow(workspace_id=copy.id, user_id=m.user_id, role=m.role) for m in members)
            return copy

    def delete(self, workspace: WorkspaceRef, expected_version: int | None = None) -> None:
        """Delete the workspace (owner role needed); its owners may restore it for `RESTORABLE_DAYS` days.

        `expected_version` is the version the user saw when deciding: if anyone saved
        since, nothing is deleted and `ConflictError` says who and what. The deletion is
        a version of its own in the history. Workspaces deleted more than
        `RESTORABLE_DAYS` days ago are purged now, with all their versions.
        """
        with self._transaction(write=True) as session:
            row = self._row(session, workspace, lock=True)
            self._require(session, row, "owner", "delete it")
            if expected_version is not None and row.head_version != expected_version:
                head = self._version_row(session, row, row.head_version)
                raise ConflictError(row.name, expected_version, _version_info(head))
            self._event(session, row, "Deleted the workspace")
            row.deleted, row.deleted_at = True, _now()
            _purge_deleted(session, _now() - dt.timedelta(days=RESTORABLE_DAYS))

    def deleted_workspaces(self) -> list[Workspace]:
        """The workspaces deleted less than `RESTORABLE_DAYS` days ago that the user may restore (owners)."""
        since = _now() - dt.timedelta(days=RESTORABLE_DAYS)
        with self._transaction() as session:
            rows = session.scalars(
                select(WorkspaceRow).where(WorkspaceRow.deleted.is_(True), WorkspaceRow.deleted_at >= since)
            ).all()
            restorable = [row for row in rows if self._role(session, row, self.user) == "owner"]
            return sorted((_workspace(row) for row in restorable), key=lambda w: (w.name.casefold(), w.id))

    def undelete(self, workspace_id: int) -> Workspace:
        """Bring back a workspace deleted less than `RESTORABLE_DAYS` days ago (owner role needed), as it was.

        `NameTaken` when a live workspace has taken its name since: rename that one, or
        restore this one and rename it.
        """
        since = _now() - dt.timedelta(days=RESTORABLE_DAYS)
        with self._transaction(write=True) as session:
            row = session.scalars(
                select(WorkspaceRow).where(WorkspaceRow.id == workspace_id, WorkspaceRow.deleted.is_(True))
            ).first()
            if row is None or row.deleted_at is None or row.deleted_at < since:
                raise WorkspaceNotFound(
                    f"No workspace deleted in the last {RESTORABLE_DAYS} days has id {workspace_id}: "
                    "after that it is purged."
                )
            self._require(session, row, "owner", "restore it")
            self._refuse_taken_name(session, row.name)
            row.deleted, row.deleted_at = False, None
            self._event(session, row, "Restored the deleted workspace")
            return _workspace(row)

    # --- roles ----------------------------------------------------------------------------

    def role_of(self, workspace: WorkspaceRef, user: str | None) -> str | None:
        """The user's effective role: 'owner' for user None (single-user mode); on an unclaimed
        workspace (no members yet, made before sign-in), 'owner' for a configured administrator
        and 'viewer' for everyone else; else the member's role, or None."""
        with self._transaction() as session:
            return self._role(session, self._row(session, workspace), user)

    def members(self, workspace: WorkspaceRef) -> list[Member]:
        """Who has which role on the workspace (empty: unclaimed, open to everyone)."""
        with self._transaction() as session:
            row = self._row(session, workspace)
            self._require(session, row, "viewer", "see its members")
            members = session.scalars(select(MemberRow).where(MemberRow.workspace_id == row.id)).all()
            return sorted((Member(m.user_id, m.role) for m in members), key=lambda m: (-role_rank(m.role), m.user))

    def set_role(self, workspace: WorkspaceRef, user: str, role: str | None) -> None:
        """Give `user` a role on the workspace, or remove them with None (owner role needed).

        On an unclaimed workspace (only an administrator may share it), the acting user
        also becomes its owner, so that sharing a workspace never locks its sharer out.
        A workspace with members always keeps at least one owner (`LastOwner`): the last
        owner can neither leave nor step down, which would open it to everyone or leave
        no one to manage it. Every change is a version of its own in the history.
        """
        if role is not None:
            role_rank(role)
        with self._transaction(write=True) as session:
            row = self._row(session, workspace, lock=True)
            self._require(session, row, "owner", "share it")
            members = {m.user_id: m for m in session.scalars(select(MemberRow).where(MemberRow.workspace_id == row.id))}
            if not members and self.user is not None and self.user != user:
                members[self.user] = MemberRow(workspace_id=row.id, user_id=self.user, role="owner")
                session.add(members[self.user])
            _set_member(session, row, members, user, role)
            said = f"Removed {user} from the workspace" if role is None else f"Gave {user} the {role} role"
            self._event(session, row, said)

    # --- internals ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Session]:
        """One transaction: committed if the block ends normally, rolled back on any exception."""
        sessions = self._write_sessions if write else self._read_sessions
        with unavailable_as_store_error(self._engine), sessions.begin() as session:
            yield session

    @contextmanager
    def _name_guard(self, name: str) -> Iterator[None]:
        """A name taken between our check and our commit (a race) reads as `NameTaken` too."""
        try:
            yield
        except exc.IntegrityError as err:
            raise NameTaken(_name_taken_message(name)) from err

    def _append(
        self,
        workspace: WorkspaceRef,
        content: dict[str, Any],
        expected_version: int,
        author: str | None,
        description: str,
        action: str,
        restored_from: int | None = None,
        *,
        keep_settings: bool = False,
        keep_tables: bool = False,
    ) -> int:
        """Add a version after checking role and head, in one write transaction; its number.

        `keep_settings`: the new version keeps the head's settings (a map edit); `keep_tables`:
        it keeps the head's tables (a settings change). A restore copies a whole version.
        """
        with self._transaction(write=True) as session:
            row = self._row(session, workspace, lock=True)
            self._require(session, row, "editor", action)
            head = self._version_row(session, row, row.head_version)
            if row.head_version != expected_version and not _only_events_since(session, row, head, expected_version):
                raise ConflictError(row.name, expected_version, _version_info(head))
            if keep_tables:
                content = {**_without_event(head.content), **content}
            elif keep_settings and SETTINGS_KEY in head.content:
                content = {**content, SETTINGS_KEY: head.content[SETTINGS_KEY]}
            version = _append_version(session, row, content, self._author(author), description, restored_from)
            return version.number

    def _insert_workspace(
        self, session: Session, name: str, content: dict[str, Any], author: str, description: str
    ) -> Workspace:
        self._refuse_taken_name(session, name)
        now = _now()
        row = WorkspaceRow(name=name, name_key=_name_key(name), created_at=now, updated_at=now, head_version=0)
        session.add(row)
        session.flush()
        _append_version(session, row, content, author, description)
        if self.user is not None:
            session.add(MemberRow(workspace_id=row.id, user_id=self.user, role="owner"))
        return _workspace(row)

    def _row(self, session: Session, workspace: WorkspaceRef, lock: bool = False) -> WorkspaceRow:
        """The live workspace row; locked against concurrent writers when `lock` (PostgreSQL)."""
        query = select(WorkspaceRow).where(WorkspaceRow.deleted.is_(False))
        if isinstance(workspace, Workspace):
            query = query.where(WorkspaceRow.id == workspace.id)
        elif isinstance(workspace, int) and not isinstance(workspace, bool):
            query = query.where(WorkspaceRow.id == workspace)
        else:
            query = query.where(WorkspaceRow.name_key == _name_key(str(workspace)))
        row = session.scalars(query.with_for_update() if lock else query).first()
        if row is None:
            label = workspace.name if isinstance(workspace, Workspace) else workspace
            raise WorkspaceNotFound(
                f"There is no workspace '{label}'. It may have been renamed or deleted: reload the list."
            )
        return row

    @staticmethod
    def _version_row(session: Session, row: WorkspaceRow, number: int) -> VersionRow:
        version = session.scalars(
            select(VersionRow).where(VersionRow.workspace_id == row.id, VersionRow.number == number)
        ).first()
        if version is None:
            raise VersionNotFound(f"'{row.name}' has no version {number}; it has versions 1 to {row.head_version}.")
        return version

    def _refuse_taken_name(self, session: Session, name: str, except_id: int | None = None) -> None:
        query = select(WorkspaceRow.name).where(
            WorkspaceRow.deleted.is_(False), WorkspaceRow.name_key == _name_key(name)
        )
        if except_id is not None:
            query = query.where(WorkspaceRow.id != except_id)
        existing = session.scalars(query).first()
        if existing is not None:
            raise NameTaken(_name_taken_message(existing))

    def _role(self, session: Session, row: WorkspaceRow, user: str | None) -> str | None:
        if user is None:
            return "owner"
        members = dict(
            session.execute(select(MemberRow.user_id, MemberRow.role).where(MemberRow.workspace_id == row.id)).all()
        )
        if not members:
            return "owner" if user in self.admins else "viewer"
        return members.get(user)

    def _unclaimed_role(self) -> str:
        """The acting user's role on a workspace no one has claimed (see `role_of`)."""
        return "owner" if self.user is None or self.user in self.admins else "viewer"

    def _event(self, session: Session, row: WorkspaceRow, description: str) -> None:
        """Record a change that is not an edit of the map (a rename, a share, a deletion) as a version of its own:
        the same tables and settings as the head, by the acting user."""
        head = self._version_row(session, row, row.head_version)
        content = {**_without_event(head.content), EVENT_KEY: description}
        _append_version(session, row, content, self._author(None), description)

    def _roles_by_workspace(self, session: Session) -> dict[int, str | None]:
        """The user's role on every claimed workspace (unclaimed ones are absent: owner for all)."""
        if self.user is None:
            return {}
        claimed = session.scalars(select(MemberRow.workspace_id).distinct()).all()
        mine = dict(
            session.execute(select(MemberRow.workspace_id, MemberRow.role).where(MemberRow.user_id == self.user)).all()
        )
        return {workspace_id: mine.get(workspace_id) for workspace_id in claimed}

    def _require(self, session: Session, row: WorkspaceRow, needed: str, action: str) -> str:
        """The acting user's role on the workspace, if it is at least `needed`; else `PermissionDenied`."""
        role = self._role(session, row, self.user)
        if role is None or role_rank(role) < role_rank(needed):
            raise PermissionDenied(row.name, str(self.user), role, needed, action)
        return role

    def _author(self, author: str | None) -> str:
        """Who the history records: the signed-in user when there is one (a typed name cannot pose as someone
        else); in single-user mode, the name typed."""
        chosen = self.user if self.user is not None else (author or "")
        return " ".join(chosen.split())[:NAME_LENGTH]


# --- module helpers (plain functions, so tests can reach inside a transaction) -------------


def _append_version(
    session: Session,
    row: WorkspaceRow,
    content: dict[str, Any],
    author: str,
    description: str,
    restored_from: int | None = None,
) -> VersionRow:
    """Add the next version to a workspace and make it the head (inside the caller's transaction)."""
    now = _now()
    actors, ties = row_counts(content)
    version = VersionRow(
        workspace_id=row.id,
        number=row.head_version + 1,
        created_at=now,
        author=author,
        description=description,
        content=content,
        tables_digest=tables_digest(content),
        actor_count=actors,
        relationship_count=ties,
        restored_from=restored_from,
    )
    session.add(version)
    row.head_version, row.updated_at = version.number, now
    session.flush()
    return version


def _only_events_since(session: Session, row: WorkspaceRow, head: VersionRow, expected_version: int) -> bool:
    """True when every version after `expected_version` records an event (a rename, a share), which leaves the
    map and its settings as they were: an edit started from it overwrites nothing. A save, even one that changed
    nothing, is not an event."""
    later = session.scalars(
        select(VersionRow).where(VersionRow.workspace_id == row.id, VersionRow.number > expected_version)
    ).all()
    return bool(later) and all(EVENT_KEY in version.content for version in later)


def _without_event(content: dict[str, Any]) -> dict[str, Any]:
    """A version's content without its event mark, for a version built from it (an edit, a copy, a restore)."""
    return {key: value for key, value in content.items() if key != EVENT_KEY}


def _purge_deleted(session: Session, before: dt.datetime) -> None:
    """Remove, with their versions and members, the workspaces deleted before `before`."""
    for old in session.scalars(
        select(WorkspaceRow).where(WorkspaceRow.deleted.is_(True), WorkspaceRow.deleted_at < before)
    ).all():
        session.delete(old)


def _set_member(
    session: Session, row: WorkspaceRow, members: dict[str, MemberRow], user: str, role: str | None
) -> None:
    after = {name: m.role for name, m in members.items() if name != user}
    if role is not None:
        after[user] = role
    if (after or members) and "owner" not in after.values():
        raise LastOwner(
            f"{user} is the only owner of '{row.name}': leaving or stepping down would leave no one to manage it "
            "(or open it to everyone). Make someone else owner first."
        )
    current = members.get(user)
    if role is None:
        if current is not None:
            session.delete(current)
    elif current is None:
        session.add(MemberRow(workspace_id=row.id, user_id=user, role=role))
    else:
        current.role = role


def _checked_content(smap: StakeholderMap) -> dict[str, Any]:
    """The map's stored form, refused if it would not load back through the contract."""
    content = content_of(smap)
    result = map_from_content(content)
    if result.map is None:
        raise EditRejected(result.issues)
    return content


def _map_of(name: str, number: int, content: dict[str, Any]) -> StakeholderMap:
    result = map_from_content(content, title=name)
    if result.map is None:
        raise InvalidStoredMap(name, number, result.issues)
    return result.map


def _head_join() -> Any:
    return and_(VersionRow.workspace_id == WorkspaceRow.id, VersionRow.number == WorkspaceRow.head_version)


def _workspace(row: WorkspaceRow) -> Workspace:
    return Workspace(row.id, row.name, row.created_at, row.updated_at, row.head_version)


def _version_info(version: VersionRow) -> VersionInfo:
    return VersionInfo(
        number=version.number,
        created_at=version.created_at,
        author=version.author,
        description=version.description,
        actor_count=version.actor_count,
        relationship_count=version.relationship_count,
        tables_digest=version.tables_digest,
        restored_from=version.restored_from,
    )


def _clean_name(name: str) -> str:
    cleaned = _visible(name)
    if not cleaned:
        raise InvalidName("Give the workspace a name.")
    if len(cleaned) > NAME_LENGTH:
        raise InvalidName(f"Workspace names have at most {NAME_LENGTH} characters; this one has {len(cleaned)}.")
    return cleaned


def _visible(name: str) -> str:
    r"""The name as people see it: compatibility forms folded (NFKC), invisible characters dropped, spaces single.

    Control characters (a NUL, which PostgreSQL cannot store), zero-width and
    direction-changing characters would otherwise let two names that look the same be
    two workspaces ("Kenya" and "Ken\u200bya"), or one name read backwards.

    >>> _visible("Ken\u200bya\x00  2008\u202e")
    'Kenya 2008'
    >>> _visible("\uff2b\uff45\uff4e\uff59\uff41")  # full-width letters
    'Kenya'
    """
    folded = unicodedata.normalize("NFKC", str(name))
    kept = "".join(
        " " if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\t\n\r\x0b\x0c" else ch
        for ch in folded
        if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs") or ch in "\t\n\r\x0b\x0c"
    )
    return " ".join(kept.split())


def _name_key(name: str) -> str:
    r"""Names compare as they look, case and spacing ignored: 'Kenya  2008', 'kenya 2008' and 'Ken\u200bya 2008'."""
    return _visible(name).casefold()


def _name_taken_message(name: str) -> str:
    return f"A workspace named '{name}' already exists. Choose another name, or open that one."


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
