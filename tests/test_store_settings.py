"""Workspace settings (saved views, us, target, R2P status) are stored and versioned with the map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mapping.lens.plan import PlanItem
from mapping.model import StakeholderMap
from mapping.store import WorkspaceService
from mapping.store.edits import update_actor
from mapping.store.errors import ConflictError
from mapping.store.settings import WorkspaceSettings, settings_changes, view_from_json, view_to_json
from mapping.view import SavedView, ViewFilter

DAY_ONE = SavedView(
    "Day 1: associations",
    ViewFilter(kinds=frozenset({"association"}), as_of=dt.date(2008, 2, 1), coalition=frozenset({"a", "b"})),
    "bank",
    ("chamber", "umbrella"),
    "ties",
    "sector",
    "kind",
)


@pytest.fixture
def store(tmp_path: Path) -> WorkspaceService:
    service = WorkspaceService(f"sqlite:///{tmp_path / 'maps.db'}")
    yield service
    service.close()


def test_a_saved_view_round_trips_through_json() -> None:
    assert view_from_json(view_to_json(DAY_ONE)) == DAY_ONE
    assert view_from_json({"name": ""}) is None and view_from_json("nonsense") is None
    odd = view_from_json({"name": "x", "filter": {"focus_steps": 9, "as_of": "2008-13-01", "kinds": [1, "business"]}})
    assert (
        odd is not None
        and odd.filter.focus_steps == 1
        and odd.filter.as_of is None
        and odd.filter.kinds == {"business"}
    )


def test_settings_are_versioned_kept_by_map_edits_and_covered_by_undo_and_restore(
    store: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = store.create("Workshop", small_map, author="Amina")
    assert store.settings(workspace, 1) == WorkspaceSettings()
    slides = WorkspaceSettings(
        views=(DAY_ONE,), us=("ngo",), target="ministry", r2p=(("Kenya", "imminent risk", "Issue 73"),)
    )
    assert store.save_settings(workspace, slides, 1, author="Amina", description="Saved view 'Day 1'") == 2
    history = store.history(workspace)
    assert history[0].description == "Saved view 'Day 1'"
    assert history[0].tables_digest == history[1].tables_digest  # the same tables
    assert store.settings(workspace, 2) == slides

    edited = update_actor(store.load(workspace)[0], "ngo", {"notes": "met in May"})
    assert store.save(workspace, edited, 2, author="Bob") == 3
    assert store.settings(workspace, 3) == slides  # a map edit keeps the slides

    store.undo(workspace, 3, author="Amina")  # version 4 is version 2 again
    assert store.settings(workspace, 4) == slides and store.load_version(workspace, 4).actor("ngo").notes == ""
    store.restore(workspace, 1, 4, author="Amina")  # version 5: before any slide
    assert store.settings(workspace, 5) == WorkspaceSettings()


def test_a_stale_settings_save_gets_the_conflict_message(store: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = store.create("Workshop", small_map, author="Amina")
    store.save_settings(workspace, WorkspaceSettings(views=(DAY_ONE,)), 1, author="Amina")
    with pytest.raises(ConflictError, match="Amina"):
        store.save_settings(workspace, WorkspaceSettings(target="ministry"), 1, author="Bob")
    assert store.settings(workspace, 2).views == (DAY_ONE,)


def test_settings_changes_are_said_in_words() -> None:
    before = WorkspaceSettings(views=(DAY_ONE, SavedView("Day 2")))
    after = WorkspaceSettings(views=(SavedView("Day 2"), SavedView("Day 3")), us=("ngo",))
    assert settings_changes(before, after) == [
        "Saved view 'Day 3' added",
        "Saved view 'Day 1: associations' removed",
        "Us: (none) -> ngo",
    ]


def test_the_plan_round_trips_and_odd_rows_are_read_leniently() -> None:
    plan = (PlanItem("kepsa", "Host the talks", "Amina", "in progress", "Call", "2008-02-01"),)
    assert WorkspaceSettings.from_json(WorkspaceSettings(plan=plan).to_json()).plan == plan
    odd = WorkspaceSettings.from_json({"plan": [{"target": "x"}, {"target": "a", "ask": "b", "status": "?"}, 7]})
    assert odd.plan == (PlanItem("a", "b", status="planned"),)
    assert settings_changes(WorkspaceSettings(), WorkspaceSettings(plan=plan)) == ["Engagement plan: 0 -> 1 rows"]
