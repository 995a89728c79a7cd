"""What can go wrong when saving and loading workspaces, as typed errors with plain messages.

Every error the store raises derives from `StoreError`, and its `str()` is a
sentence a page can show as it is: what happened and what to do next. The names say
what happened, in the user's words ("EditRejected", "PermissionDenied"), hence the
N818 exemptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mapping.issues import ValidationIssue

if TYPE_CHECKING:
    from mapping.store.workspace import VersionInfo

__all__ = [
    "ConflictError",
    "EditRejected",
    "InvalidName",
    "InvalidStoredMap",
    "LastOwner",
    "NameTaken",
    "NothingToUndo",
    "PermissionDenied",
    "StoreError",
    "StoreUnavailable",
    "VersionNotFound",
    "WorkspaceNotFound",
]


class StoreError(Exception):
    """Base class of every error raised by `mapping.store`."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConflictError(StoreError):
    """Someone saved the workspace after the version an edit started from.

    Attributes
    ----------
    workspace : the workspace's name.
    expected_version : the version the refused change started from.
    head : the version now current, whose author and description the message names.
    """

    def __init__(self, workspace: str, expected_version: int, head: VersionInfo) -> None:
        self.workspace = workspace
        self.expected_version = expected_version
        self.head = head
        since = head.number - expected_version
        others = f" ({since} changes since your version {expected_version})" if since > 1 else ""
        message = (
            f"'{workspace}' was changed by {head.author or 'someone'} at {head.time_label} "
            f"(version {head.number}: '{head.description}'){others}; reload to see it. "
            "Your change was not saved, so nothing was overwritten."
        )
        super().__init__(message)


class EditRejected(StoreError):  # noqa: N818
    """An edit, upload or table would break the data contract; nothing was changed.

    `issues` holds every `ValidationIssue` found (errors first, then warnings), as an
    upload's report does.
    """

    def __init__(self, issues: Sequence[ValidationIssue]) -> None:
        self.issues = tuple(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        first = errors[0] if errors else (self.issues[0] if self.issues else None)
        detail = f" {first.location}: {first.message}" if first else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"The change was not applied because it breaks the data contract.{detail}{more}")

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]


class InvalidStoredMap(StoreError):  # noqa: N818
    """A stored version no longer passes the data contract (it changed, or the row was altered)."""

    def __init__(self, workspace: str, number: int, issues: Sequence[ValidationIssue]) -> None:
        self.workspace = workspace
        self.number = number
        self.issues = tuple(issues)
        first = next((i for i in self.issues if i.severity == "error"), None)
        detail = f" First problem: {first.location}: {first.message}" if first else ""
        super().__init__(
            f"Version {number} of '{workspace}' does not pass the data contract and cannot be opened."
            f"{detail} Restore an earlier version, or export it and fix the file."
        )


class PermissionDenied(StoreError):  # noqa: N818
    """The signed-in user's role on the workspace does not allow the change."""

    def __init__(self, workspace: str, user: str, role: str | None, needed: str, action: str = "do this") -> None:
        self.workspace = workspace
        self.user = user
        self.role = role
        self.needed = needed
        held = f"is a {role}" if role else "has no role"
        super().__init__(
            f"{user} {held} on '{workspace}' and cannot {action}: that needs the {needed} role. "
            "Ask an owner of the workspace for it."
        )


class StoreUnavailable(StoreError):  # noqa: N818
    """The database cannot be used right now: locked, unreachable, refusing the connection, or its disk is full."""


class WorkspaceNotFound(StoreError, LookupError):  # noqa: N818
    """No workspace (that is not deleted) has this name or id."""


class NameTaken(StoreError):  # noqa: N818
    """Another workspace already has this name."""


class NothingToUndo(StoreError):  # noqa: N818
    """Undo was asked on a workspace that has only its first version."""


class VersionNotFound(StoreError, LookupError):  # noqa: N818
    """The workspace has no version with this number."""


class InvalidName(StoreError, ValueError):  # noqa: N818
    """A workspace name is blank or too long."""


class LastOwner(StoreError):  # noqa: N818
    """The change would leave a workspace that has members without an owner."""
