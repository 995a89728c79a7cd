"""What the store hands back: workspaces, their versions and members, as frozen records.

These are plain values, detached from the database, safe to keep in session state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["ROLES", "Member", "VersionInfo", "Workspace", "WorkspaceSummary", "role_rank"]

# Per-workspace roles, weakest first: each role may do everything the ones before it may.
ROLES = ("viewer", "editor", "owner")


def role_rank(role: str) -> int:
    """Position of a role in `ROLES` (viewer 0, editor 1, owner 2); ValueError for anything else."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    return ROLES.index(role)


@dataclass(frozen=True)
class Workspace:
    """A named, durable map. `head_version` is the number of its current version."""

    id: int
    name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    head_version: int


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a workspace: who saved what, when (UTC), and how big the map was.

    `actor_count` and `relationship_count` count the rows of the actors and the
    relationships tables (written ties; ties implied by `parent` are not counted).
    `restored_from` is the version a restore or undo copied, else None.
    """

    number: int
    created_at: dt.datetime
    author: str
    description: str
    actor_count: int
    relationship_count: int
    tables_digest: str
    restored_from: int | None = None

    @property
    def time_label(self) -> str:
        """'14:02 UTC' for a version saved today (UTC), '2024-05-01 14:02 UTC' otherwise."""
        today = dt.datetime.now(dt.UTC).date()
        moment = self.created_at.astimezone(dt.UTC)
        clock = moment.strftime("%H:%M UTC")
        return clock if moment.date() == today else f"{moment.date().isoformat()} {clock}"


@dataclass(frozen=True)
class WorkspaceSummary:
    """A workspace as the list of workspaces shows it: its size and its last change.

    `role` is the role of the service's user (None: no role; in single-user mode and
    on workspaces nobody has claimed, everyone counts as owner).
    """

    workspace: Workspace
    last_change: VersionInfo
    role: str | None

    @property
    def name(self) -> str:
        return self.workspace.name

    @property
    def actor_count(self) -> int:
        return self.last_change.actor_count

    @property
    def relationship_count(self) -> int:
        return self.last_change.relationship_count


@dataclass(frozen=True)
class Member:
    """A user's role on one workspace."""

    user: str
    role: str
