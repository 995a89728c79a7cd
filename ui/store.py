"""The workspace database for the pages: one `WorkspaceService` per database, and maps loaded once per version.

Which database (see `configured_url`): `database_url` in Streamlit secrets
(`.streamlit/secrets.toml`), else the env var `STAKEHOLDER_MAP_DATABASE_URL`, else the
SQLite file `stakeholder_map.sqlite3` in the data folder (`STAKEHOLDER_MAP_DATA_DIR`,
default `./data`), created on first use.

When the database cannot be used, `workspace_service` raises `StoreUnavailable` with a
message for the user. The failure is remembered for `RETRY_AFTER_SECONDS`, so pages
working on samples and uploads do not wait for a dead server at every rerun.

No session state here (see `ui.workspace` for the session's workspace).
"""

from __future__ import annotations

import streamlit as st

from mapping.model import StakeholderMap
from mapping.store import StoreUnavailable, Workspace, WorkspaceService, WorkspaceSummary, database_url
from mapping.store.settings import WorkspaceSettings

__all__ = [
    "RETRY_AFTER_SECONDS",
    "SECRET_KEY",
    "configured_url",
    "forget_services",
    "version_map",
    "version_settings",
    "workspace_service",
    "workspace_summaries",
]

SECRET_KEY = "database_url"
RETRY_AFTER_SECONDS = 30


def configured_url() -> str:
    """The database URL: Streamlit secrets, else the environment, else the SQLite file in the data folder."""
    return database_url(_secret_url())


def configured_admins() -> frozenset[str]:
    """The users `[access] admins = [...]` names in the secrets: they alone manage workspaces no one has claimed
    (made before sign-in was configured)."""
    if not st.secrets.load_if_toml_exists():
        return frozenset()
    access = st.secrets.get("access") or {}
    listed = access.get("admins") or []
    return frozenset(str(user) for user in listed) if isinstance(listed, list | tuple) else frozenset()


def _secret_url() -> str | None:
    # Reading st.secrets when no secrets.toml exists raises, so probe for the file first.
    if not st.secrets.load_if_toml_exists():
        return None
    value = st.secrets.get(SECRET_KEY)
    return str(value) if value else None


@st.cache_resource(show_spinner="Opening the map database…", on_release=WorkspaceService.close)
def _service(url: str) -> WorkspaceService:
    return WorkspaceService(url)


@st.cache_resource(ttl=RETRY_AFTER_SECONDS, show_spinner=False)
def _opening_failure(url: str) -> str | None:
    """Why the database at `url` cannot be opened, or None once it is open (remembered for a while)."""
    try:
        _service(url)
    except StoreUnavailable as err:
        return str(err)
    return None


def workspace_service(user: str | None = None) -> WorkspaceService:
    """The service acting as `user` (None: single-user mode); `StoreUnavailable` when the database cannot be used."""
    url = configured_url()
    failure = _opening_failure(url)
    if failure is not None:
        raise StoreUnavailable(failure)
    service = _service(url)
    return service if user is None else service.for_user(user, admins=configured_admins())


def workspace_summaries(user: str | None = None) -> list[WorkspaceSummary]:
    """The workspaces `user` may see, by name (raises `StoreError`, e.g. `StoreUnavailable`)."""
    return workspace_service(user).list_workspaces()


@st.cache_resource(show_spinner="Loading the workspace…", max_entries=32)
def _version_map(url: str, workspace_id: int, number: int, name: str) -> StakeholderMap:
    return _service(url).load_version(workspace_id, number)


def version_map(service: WorkspaceService, workspace: Workspace, number: int) -> StakeholderMap:
    """Version `number` of the workspace, loaded once per (database, workspace, version, name).

    The cache is shared by every session: `workspace` must come from the session's own
    service (`get` or `list_workspaces`), which checked that the user may see it.
    """
    return _version_map(service.url, workspace.id, number, workspace.name)


@st.cache_resource(show_spinner=False, max_entries=64)
def _version_settings(url: str, workspace_id: int, number: int) -> WorkspaceSettings:
    return _service(url).settings(workspace_id, number)


def version_settings(service: WorkspaceService, workspace: Workspace, number: int) -> WorkspaceSettings:
    """The saved views and settings of version `number`, loaded once per (database, workspace, version).

    A version never changes once saved, so the cache needs no invalidation; `workspace` must come
    from the session's own service, as for `version_map`.
    """
    return _version_settings(service.url, workspace.id, number)


def forget_services() -> None:
    """Close every cached service and forget remembered failures (for tests, or a changed configuration)."""
    _opening_failure.clear()
    _version_map.clear()
    _version_settings.clear()
    _service.clear()
