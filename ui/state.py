"""Every `st.session_state` key the app uses, and the functions that read and write them.

Keys
----
active_map_source : the map the user chose: "sample:<folder>" for a bundled map, "upload"
    for the user's map, or "workspace:<id>" for a workspace saved in the database (see
    "Workspaces" below). Absent means the default sample. Written by the sidebar's picker,
    an upload, opening, creating or deleting a workspace; the pages show `map_choice`.
map_choice : a `MapChoice`: the maps on offer and the active one, read from the database
    once per run. The router (app.py) replaces it at the start of every run
    (`resolve_map_choice`); the sidebar, the pages and `ui.workspace` read it (`map_choice`,
    `active_map`, `active_workspace_id`), so a run lists the workspaces once. The active
    one is `active_map_source` while that is on offer, else the default sample (the
    sidebar says why: the workspace was deleted, is no longer shared, or the database is
    out of reach).
upload_token : the token the uploaded map is kept under for a reload (`ui.upload_store`), carried in the address.
uploaded_map : the StakeholderMap from the last upload that passed validation. A
    failed upload never touches it, so nothing the user had is lost. While a workspace
    is active, an upload does not replace it: the Data page offers to merge the upload
    into the workspace or to replace the workspace's map with it.
upload_result : the LoadResult of the last upload attempt, shown on the Data page.
last_upload_signature : hash of the format and files last checked on the Data page, so the
    same files are checked once, not at every rerun (views/data.py).
us : ids of the actors the user works for ("us"), shared by the analysis pages.
target : id of the decision-maker the user wants to reach, shared by the analysis pages.
    Both hold ids of the active map; ids the map does not hold are ignored. Their widgets
    are "_widget_us" and "_widget_target" (see ui.pickers).
as_of_on : bool, every page shows the map as it was on `as_of` (False: all time). Chosen in
    the sidebar (widgets "_widget_as_of_on", "_widget_as_of"; see ui.components.as_of_picker);
    a saved view of the Map page sets both.
as_of : datetime.date, the day the pages show when `as_of_on`; actors and ties not in
    force that day are left out of every analysis, drawing and export.
phase : "" for all phases, or "upstream", "acute" or "recovery": the prevention phase every
    analysis page is viewed for (chosen in the sidebar, widget "_widget_phase"; see
    ui.components.phase_picker).
plan : list of mapping.lens.plan.PlanItem, the engagement plan (Plan page, briefs).
plan_editor_base : (editor key, DataFrame) the plan table editor started from; see views/plan.py.
r2p_status : {country: (R2P Monitor status, which issue)}, entered on the Context page.

Map page: what the controls ask for. Each control's widget has the key
"_widget_<key>" and copies its value here on change (see ui.map_controls), so
the values survive a change of page and presentation mode hiding the controls.

map_presenting : bool, presentation mode (no sidebar or controls, tall map, large labels).
map_redact : bool, show people by role and organisation, never by name; the other pages'
    previews, actor labels, tables and downloads follow it too.
map_search : text typed in the search box; matching actors glow.
map_focus : id of the actor in focus ("" for none).
map_selected : id of the actor clicked on the map (its profile shows beside the map), or None;
    survives reruns and is cleared when the actor leaves the map.
map_focus_steps : how many ties out from the focus to show (1-3).
map_kinds, map_stances, map_phases, map_sectors, map_regions : lists of values to
    keep (empty keeps all).
map_min_confidence : "low", "medium" or "high"; ties rated below are hidden.
map_hide_people : bool, hide every person.
map_size_by : key of the `mapping.render.sizes.SizeMeasure` sizing the nodes.
map_colour_by : key of the `mapping.render.colours.ColourBy` filling the nodes.
map_arrange : how the Map page lays the actors out: a key of `ui.components.ARRANGEMENTS`.
map_pins : {map content hash: {actor id: (x, y)}}, actors dragged on a map that is not a workspace (`ui.pins`).
map_risk_factor : UN Framework factor or indicator code to show alone ("" for no filter).
map_view_picker : widget, the name of the saved view on screen ("" for none).
map_view_name : widget, the name typed for the next saved view.
map_detail : widget, how many actors a large view draws (shown when a view holds more than 400).
map_previous_view, map_next_view, map_save_view, map_delete_view, map_clear_path,
    map_clear_coalition : the Map page's buttons.

map_path : tuple of actor ids drawn as a highlighted path, or (); set by the Influence
    paths page ("Open this route on the Map page"); saved with views.
map_coalition : frozenset of actor ids to show alone, or None; set by the Map page's
    "Show only one coalition" picker (widget "_widget_map_coalition_pick", which holds the
    coalition's index, -1 for everyone); saved with views.
map_controls_for : content hash of the map the controls belong to; another map
    resets them.
saved_views : {content hash: [SavedView, ...]}, each map's slides, in order.

Workspaces: named maps saved in the database (`mapping.store`, reached through `ui.store`;
the session's side is `ui.workspace`).

workspace_versions : {workspace id: version number} the version of each opened workspace
    this session works on. Opening a workspace on the Home page, or creating one, sets it to
    the latest version, and so does a workspace becoming the active map for the first time
    in the session (choosing it in the sidebar keeps a version this session already had); a
    save, restore, undo or upload from this session moves it to the version it created;
    "Reload" moves it to the latest. Every save names it as the version it started
    from, so a change saved meanwhile by someone else is refused (ConflictError), never
    overwritten. Pages show this version until the user reloads.
signed_in_user : who is signed in, for the workspaces' roles (checked by the service).
    Set by `ui.auth.sign_in`, which runs first in every run: with an `[auth]` section in the
    secrets, the provider's e-mail (or name), at every run; with a `[passwords]` table, the
    user name once its password matched. "Sign out" removes it. Absent or None is
    single-user mode (no sign-in configured: everyone may do everything).
failed_logins : how many passwords failed in this session; from 5 on the form is refused
    until a new session (reloading the page). Widgets: "sign_in_user", "sign_in_password",
    "sign_out" (ui.auth).
author_name : the name the user typed (once per session) to sign the versions they save,
    spaces tidied; saves and new workspaces are refused until it is given. Its text box has
    the key "_widget_author_name".
workspace_notice : (page, ui.workspace.Notice), page being "home", "edit", "history" or
    "data": the outcome of the last workspace action (saved, refused with issues, conflict
    with a Reload button, a name needed), shown once on that page; a conflict stays until
    the user reloads.
upload_preview : ui.workspace.UploadPlan: the Data page's preview of bringing the uploaded
    map into the active workspace, waiting for "Apply"; absent when there is none.
workspace_delete_pending : id of the workspace whose deletion waits for confirmation on
    the Home page; absent when none does.

Widgets of the workspace pages (keys, for tests):
Sidebar: "map_picker" (the active map; filled from `map_choice` before it is drawn).
Home: "ws_open_<id>" (Open), "ws_new_from", "ws_new_name", "ws_create", "ws_manage" (the
    workspace to manage), "ws_rename_name_<id>", "ws_rename", "ws_copy_name_<id>", "ws_copy",
    "ws_delete", "ws_delete_confirm", "ws_delete_cancel"; when signed in, sharing:
    "share_user_<id>", "share_role_<id>", "share_apply_<id>" (ui.sharing).
Edit map and History with no workspace open: "ws_save_as_name", "ws_save_as".
Edit map: widgets tied to a version end in "_<workspace id>_v<version>" (ui.workspace.edit_key),
    so a new version starts them afresh: "add_actor_<column>_..", "add_actor_submit_..",
    "edit_actor_<actor id>_<column>_..", "edit_actor_submit_..", "delete_actor_cascade_..",
    "delete_actor_submit_..", "add_tie_<column>_..", "add_tie_submit_..",
    "edit_tie_<index>_<column>_..", "edit_tie_submit_..", "delete_tie_submit_..", the table
    editors "actors_table_.." and "ties_table_.." and "tables_save_.."; the choices that
    survive a save end in "_<workspace id>": "edit_actor_pick_", "delete_actor_pick_",
    "edit_tie_pick_"; "edit_tab" is the open tab.
Shared: "workspace_undo", "workspace_reload" (after a conflict), "sidebar_reload".
History: "history_from_<latest version>", "history_to_<..>", "history_restore_pick_<..>",
    "history_restore".
Data: "upload_files", "upload_format", "upload_mode", "upload_preview_button", "upload_apply",
    "upload_reload", "template_<file name>", "export_other" (ui.downloads).

Widgets of the analysis pages: Influence paths "avoid_actors", "paths_drawn"; Leaders
"weight_<phase or 'all'>_<component>"; Scenarios "scenario_remove", "scenario_remove_kinds",
"scenario_weaken_kinds"; Engagement brief "brief_actor"; Plan "plan_editor_<map hash>",
"plan_upload".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.samples import DEFAULT_SAMPLE, list_samples, load_sample
from mapping.store import StoreError, Workspace, WorkspaceSummary
from ui.store import version_map, workspace_service, workspace_summaries
from ui.upload_store import keep_upload

__all__ = [
    "ACTIVE_MAP_SOURCE",
    "AS_OF",
    "AS_OF_ON",
    "AUTHOR",
    "DELETE_PENDING",
    "MAP_CHOICE",
    "MAP_COALITION",
    "MAP_CONTROLS_FOR",
    "MAP_PATH",
    "MAP_REDACT",
    "PHASE",
    "PLAN",
    "PLAN_EDITOR_BASE",
    "R2P_STATUS",
    "SAVED_VIEWS",
    "SIGNED_IN_USER",
    "TARGET",
    "UPLOADED_MAP",
    "UPLOAD_PREVIEW",
    "UPLOAD_RESULT",
    "UPLOAD_SOURCE",
    "UPLOAD_TOKEN",
    "US",
    "WORKSPACE_NOTICE",
    "WORKSPACE_SOURCE_PREFIX",
    "WORKSPACE_VERSIONS",
    "MapChoice",
    "active_as_of",
    "active_map",
    "active_phase",
    "active_source",
    "active_workspace_id",
    "adopt_upload",
    "map_choice",
    "map_sources",
    "open_version",
    "redact_names",
    "resolve_map_choice",
    "sample_map",
    "set_open_version",
    "signed_in_user",
    "workspace_source",
    "workspace_version",
]

ACTIVE_MAP_SOURCE = "active_map_source"
MAP_CHOICE = "map_choice"
UPLOADED_MAP = "uploaded_map"
UPLOAD_RESULT = "upload_result"
US = "us"
TARGET = "target"
PHASE = "phase"
AS_OF_ON = "as_of_on"
AS_OF = "as_of"
PLAN = "plan"
PLAN_EDITOR_BASE = "plan_editor_base"
R2P_STATUS = "r2p_status"
UPLOAD_SOURCE = "upload"
UPLOAD_TOKEN = "upload_token"
DEFAULT_SOURCE = f"sample:{DEFAULT_SAMPLE}"

WORKSPACE_SOURCE_PREFIX = "workspace:"
WORKSPACE_VERSIONS = "workspace_versions"
SIGNED_IN_USER = "signed_in_user"
AUTHOR = "author_name"
WORKSPACE_NOTICE = "workspace_notice"
UPLOAD_PREVIEW = "upload_preview"
DELETE_PENDING = "workspace_delete_pending"

MAP_PRESENTING = "map_presenting"
MAP_REDACT = "map_redact"
MAP_SEARCH = "map_search"
MAP_FOCUS = "map_focus"
MAP_SELECTED = "map_selected"
MAP_FOCUS_STEPS = "map_focus_steps"
MAP_KINDS = "map_kinds"
MAP_STANCES = "map_stances"
MAP_PHASES = "map_phases"
MAP_SECTORS = "map_sectors"
MAP_REGIONS = "map_regions"
MAP_MIN_CONFIDENCE = "map_min_confidence"
MAP_HIDE_PEOPLE = "map_hide_people"
MAP_SIZE_BY = "map_size_by"
MAP_COLOUR_BY = "map_colour_by"
MAP_PINS = "map_pins"
MAP_ARRANGE = "map_arrange"
MAP_RISK_FACTOR = "map_risk_factor"
MAP_VIEW_PICKER = "map_view_picker"
MAP_VIEW_NAME = "map_view_name"
MAP_PATH = "map_path"
MAP_COALITION = "map_coalition"
MAP_CONTROLS_FOR = "map_controls_for"
SAVED_VIEWS = "saved_views"

# The Map page's settings that describe what is shown (reset when the map changes).
MAP_FILTER_KEYS = (
    MAP_SEARCH,
    MAP_FOCUS,
    MAP_FOCUS_STEPS,
    MAP_KINDS,
    MAP_STANCES,
    MAP_PHASES,
    MAP_SECTORS,
    MAP_REGIONS,
    MAP_MIN_CONFIDENCE,
    MAP_HIDE_PEOPLE,
    MAP_SIZE_BY,
    MAP_COLOUR_BY,
    MAP_ARRANGE,
    MAP_RISK_FACTOR,
)


@st.cache_resource(show_spinner="Loading the sample map…")
def sample_map(key: str) -> StakeholderMap:
    """A bundled map, loaded once per server. Samples are checked by the tests, so this cannot fail."""
    result = load_sample(key)
    if result.map is None:
        raise RuntimeError(f"bundled sample {key} is invalid: {result.errors[:3]}")
    return result.map


@dataclass(frozen=True)
class MapChoice:
    """The maps the user can switch between and the one every page shows, as the database said at the start of a run.

    `sources` is {source: label} for the samples, the upload and the workspaces;
    `source` is the active one: what the user chose (`requested`), or the default
    sample when that is no longer on offer. `workspaces` is the list of workspaces the
    user may see, each with its role and last change; `store_error` says why that list
    is empty when the database could not be read (replaced at the next run).
    """

    sources: dict[str, str]
    source: str
    requested: str
    workspaces: tuple[WorkspaceSummary, ...]
    store_error: StoreError | None

    @property
    def workspace(self) -> WorkspaceSummary | None:
        """The active workspace as listed in this run, or None when the active map is a sample or an upload."""
        if not self.source.startswith(WORKSPACE_SOURCE_PREFIX):
            return None
        workspace_id = int(self.source.removeprefix(WORKSPACE_SOURCE_PREFIX))
        return next((s for s in self.workspaces if s.workspace.id == workspace_id), None)

    @property
    def workspace_missing(self) -> bool:
        """True when the user opened a workspace that cannot be shown now (deleted, unshared, or out of reach)."""
        return self.requested.startswith(WORKSPACE_SOURCE_PREFIX) and self.source != self.requested


def resolve_map_choice() -> MapChoice:
    """Read the workspaces once and settle this run's active map; for the router (app.py), at the start of each run.

    Every page and sidebar helper then reads the result (`map_choice`) instead of asking
    the database again: one run lists the workspaces once, however often it needs them.
    A workspace that is active gets its version pinned for the session (`workspace_version`).
    """
    choice = _read_map_choice()
    st.session_state[MAP_CHOICE] = choice
    if choice.workspace is not None:
        workspace_version(choice.workspace.workspace)
    return choice


def map_choice() -> MapChoice:
    """This run's map choice, made by the router; a script run without the router reads the database itself."""
    choice = st.session_state.get(MAP_CHOICE)
    return choice if choice is not None else _read_map_choice()


def _read_map_choice() -> MapChoice:
    # Workspaces are left out while the database cannot be used; the pages that manage them say why.
    sources = {f"sample:{s.key}": f"Sample: {s.title}" for s in list_samples()}
    uploaded = st.session_state.get(UPLOADED_MAP)
    if uploaded is not None:
        sources[UPLOAD_SOURCE] = f"Your map: {uploaded.title}"
    try:
        workspaces, store_error = tuple(workspace_summaries(signed_in_user())), None
    except StoreError as err:
        workspaces, store_error = (), err
    for summary in workspaces:
        sources[workspace_source(summary.workspace.id)] = f"Workspace: {summary.name}"
    requested = st.session_state.get(ACTIVE_MAP_SOURCE, DEFAULT_SOURCE)
    source = requested if requested in sources else DEFAULT_SOURCE
    return MapChoice(sources, source, requested, workspaces, store_error)


def map_sources() -> dict[str, str]:
    """The maps the user can switch between, as {source key: label}: samples, the upload, the workspaces."""
    return map_choice().sources


def active_source() -> str:
    """The source of the map every page shows: the user's choice while it is on offer, else the default sample."""
    return map_choice().source


def active_map() -> StakeholderMap:
    """The map every page works on: the chosen sample, the user's uploaded map, or a workspace.

    A workspace gives the version this session works on (`workspace_version`), loaded once
    per version (`ui.store.version_map`).
    """
    choice = map_choice()
    if choice.source == UPLOAD_SOURCE:
        return st.session_state[UPLOADED_MAP]
    if choice.workspace is not None:
        return _workspace_map(choice.workspace.workspace)
    return sample_map(choice.source.removeprefix("sample:"))


def _workspace_map(workspace: Workspace) -> StakeholderMap:
    try:
        return version_map(workspace_service(signed_in_user()), workspace, workspace_version(workspace))
    except StoreError as err:
        st.error(f"This workspace cannot be opened now. {err} Choose another map in the sidebar.")
        st.stop()


def workspace_source(workspace_id: int) -> str:
    """The `active_map_source` of a workspace: "workspace:<id>"."""
    return f"{WORKSPACE_SOURCE_PREFIX}{workspace_id}"


def active_workspace_id() -> int | None:
    """The id of the workspace that is the active map, or None for a sample or an upload."""
    summary = map_choice().workspace
    return summary.workspace.id if summary is not None else None


def workspace_version(workspace: Workspace) -> int:
    """The version of the workspace this session works on: the one it opened, else the latest (kept from now on)."""
    return open_version(workspace.id) or set_open_version(workspace.id, workspace.head_version)


def open_version(workspace_id: int) -> int | None:
    """The version of the workspace this session works on, or None if it has not opened it."""
    return st.session_state.get(WORKSPACE_VERSIONS, {}).get(workspace_id)


def set_open_version(workspace_id: int, number: int) -> int:
    """Work on version `number` of the workspace from now on (after opening, saving or reloading)."""
    st.session_state.setdefault(WORKSPACE_VERSIONS, {})[workspace_id] = number
    return number


def signed_in_user() -> str | None:
    """Who is signed in, for the workspaces' roles; None is single-user mode."""
    return st.session_state.get(SIGNED_IN_USER) or None


def adopt_upload(result: LoadResult) -> None:
    """Remember an upload attempt; make its map the active one only if it loaded and no workspace is active.

    An open workspace stays active: the Data page offers to bring the upload into it.
    """
    st.session_state[UPLOAD_RESULT] = result
    st.session_state.pop(UPLOAD_PREVIEW, None)
    if result.map is not None:
        st.session_state[UPLOADED_MAP] = result.map
        st.session_state[UPLOAD_TOKEN] = keep_upload(result.map, signed_in_user())  # a reload finds it again
        if active_workspace_id() is None:
            st.session_state[ACTIVE_MAP_SOURCE] = UPLOAD_SOURCE


def redact_names() -> bool:
    """True when people must be shown by role, never by name (the Map page's switch)."""
    return bool(st.session_state.get(MAP_REDACT, False))


def active_as_of() -> dt.date | None:
    """The day every page shows the map as it was (the sidebar's "as of"), or None for all time."""
    return st.session_state.get(AS_OF) if st.session_state.get(AS_OF_ON) else None


def active_phase() -> str | None:
    """The prevention phase chosen in the sidebar, or None for all phases."""
    return st.session_state.get(PHASE) or None
