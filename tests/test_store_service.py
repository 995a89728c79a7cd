"""WorkspaceService on SQLite and PostgreSQL: round trips, versions, conflicts, faults, uploads."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import test_store_backends as backends
from sqlalchemy import select

import mapping.store.service as service_module
from mapping.export import write_csv_pair
from mapping.load import load_paths
from mapping.model import StakeholderMap
from mapping.store import (
    ConflictError,
    EditRejected,
    InvalidName,
    InvalidStoredMap,
    NameTaken,
    NothingToUndo,
    VersionNotFound,
    WorkspaceNotFound,
    WorkspaceService,
    add_actor,
    delete_relationship,
    records_of,
    update_actor,
    update_relationship,
)
from mapping.store.content import map_from_records
from mapping.store.tables import VersionRow

store_url = backends.store_url
make_service = backends.make_service
service = backends.service

EMPTY = StakeholderMap((), ())


def chamber_added(smap: StakeholderMap) -> StakeholderMap:
    return add_actor(smap, {"id": "lsk", "name": "Law Society of Kenya", "kind": "civil_society", "influence": 3})


# --- round trip and listing ---------------------------------------------------------------------


def test_a_sample_map_saved_reloaded_and_exported_equals_the_original(
    service: WorkspaceService, kenya_map: StakeholderMap, tmp_path: Path
) -> None:
    workspace = service.create("Kenya 2008-2013", kenya_map, author="Amina", description="bundled sample")
    smap, version = service.load(workspace)
    assert version == 1
    assert smap == kenya_map
    assert smap.content_hash() == kenya_map.content_hash()
    original = write_csv_pair(kenya_map, tmp_path / "original")
    exported = write_csv_pair(service.export("kenya 2008-2013"), tmp_path / "exported")
    assert [p.read_bytes() for p in exported] == [p.read_bytes() for p in original]
    assert load_paths([tmp_path / "exported"]).map == kenya_map


def test_workspaces_are_listed_with_counts_and_last_change(
    service: WorkspaceService, kenya_map: StakeholderMap
) -> None:
    kenya = service.create("Kenya", kenya_map, author="Amina", description="from the sample")
    service.create("blank")
    service.save(kenya, chamber_added(kenya_map), 1, author="Bob", description="added the Law Society")
    summaries = service.list_workspaces()
    assert [(s.name, s.actor_count, s.relationship_count) for s in summaries] == [("blank", 0, 0), ("Kenya", 92, 175)]
    last = summaries[1].last_change
    assert (last.number, last.author, last.description) == (2, "Bob", "added the Law Society")
    assert last.created_at.tzinfo is not None
    assert last.time_label.endswith("UTC")


def test_an_empty_workspace_loads_as_an_empty_map(service: WorkspaceService) -> None:
    workspace = service.create("Nothing yet")
    assert service.load(workspace) == (EMPTY, 1)
    assert service.history(workspace)[0].description == "Created"


def test_names_are_unique_among_live_workspaces(service: WorkspaceService) -> None:
    first = service.create("Kenya 2008")
    with pytest.raises(NameTaken, match="'Kenya 2008' already exists"):
        service.create("  kenya   2008 ")
    with pytest.raises(InvalidName):
        service.create("   ")
    service.delete(first)
    again = service.create("Kenya 2008")  # a deleted workspace's name is free again
    assert again.id != first.id
    assert [s.workspace.id for s in service.list_workspaces()] == [again.id]
    with pytest.raises(WorkspaceNotFound):
        service.load(first)


def test_rename_keeps_the_versions(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Draft", small_map)
    service.create("Taken")
    with pytest.raises(NameTaken):
        service.rename(workspace, "taken")
    renamed = service.rename(workspace, "Final")
    assert renamed.name == "Final"
    assert service.load("Final") == (small_map, 2)  # the same map; the rename is a version of its own
    assert service.history("Final")[0].description == "Renamed 'Draft' to 'Final'"
    with pytest.raises(WorkspaceNotFound):
        service.load("Draft")


def test_duplicate_copies_the_current_map_into_a_new_workspace(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    source = service.create("Original", small_map)
    service.save(source, chamber_added(small_map), 1)
    copy = service.duplicate(source, "Copy", author="Amina")
    assert service.history(copy)[0].tables_digest == service.history(source)[0].tables_digest
    assert service.history(copy)[0].description == "Copy of 'Original' version 2"
    service.save(copy, EMPTY, 1)
    assert service.load(source) == (chamber_added(small_map), 2)


# --- versions: history, diff, restore, undo -------------------------------------------------------


def test_history_and_diff_show_a_hand_made_change(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Small", small_map, author="Amina")
    index = next(i for i, r in enumerate(small_map.explicit_relationships) if r.source == "ngo")
    edited = update_actor(small_map, "bank", {"stance": "supportive"})
    edited = update_relationship(chamber_added(edited), 0, {"strength": 0.9})
    edited = delete_relationship(edited, index)
    service.save(workspace, edited, 1, author="Bob", description="after the March meeting")
    history = service.history(workspace)
    assert [(v.number, v.author, v.description) for v in history] == [
        (2, "Bob", "after the March meeting"),
        (1, "Amina", "Created"),
    ]
    assert [(v.actor_count, v.relationship_count) for v in history] == [(11, 7), (10, 8)]
    diff = service.diff(workspace, 1, 2)
    assert [a.id for a in diff.actors_added] == ["lsk"]
    assert [(c.id, [(f.field, f.before, f.after) for f in c.changes]) for c in diff.actors_edited] == [
        ("bank", [("stance", "neutral", "supportive")])
    ]
    # The membership's back strength was its kind's default (0.6 x 1.5): it follows the new strength, capped at 1.
    assert [(t.key, [(f.field, f.before, f.after) for f in t.changes]) for t in diff.ties_edited] == [
        (("chamber", "umbrella", "member_of"), [("strength", "0.6", "0.9"), ("strength_back", "0.9", "1")])
    ]
    assert [(r.source, r.target, r.kind) for r in diff.ties_removed] == [("ngo", "party_b", "influences")]
    assert diff.actors_removed == diff.ties_added == ()


def test_restore_brings_back_exactly_the_old_content(service: WorkspaceService, kenya_map: StakeholderMap) -> None:
    workspace = service.create("Kenya", kenya_map)
    service.save(workspace, chamber_added(kenya_map), 1)
    service.save(workspace, EMPTY, 2, description="cleared by mistake")
    number = service.restore(workspace, 1, expected_version=3, author="Amina")
    assert number == 4
    first, restored = service.history(workspace)[-1], service.history(workspace)[0]
    assert restored.tables_digest == first.tables_digest
    assert (restored.restored_from, restored.description, restored.author) == (1, "Restored version 1", "Amina")
    assert service.load(workspace) == (kenya_map, 4)
    with pytest.raises(VersionNotFound, match="no version 9"):
        service.restore(workspace, 9, expected_version=4)


def test_undo_restores_the_previous_version(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Small", small_map)
    with pytest.raises(NothingToUndo):
        service.undo(workspace, 1)
    service.save(workspace, chamber_added(small_map), 1, description="added the Law Society")
    assert service.undo(workspace, 2, author="Amina") == 3
    assert service.load(workspace) == (small_map, 3)
    assert service.history(workspace)[0].description == "Undid version 2 (back to version 1)"
    with pytest.raises(ConflictError):
        service.undo(workspace, 2)  # stale: version 3 is current
    assert service.undo(workspace, 3) == 4  # undoing the undo brings the change back
    assert service.load(workspace)[0] == chamber_added(small_map)


# --- concurrency -----------------------------------------------------------------------------------


def test_two_editors_of_one_version_one_wins_the_other_is_told_who(
    make_service: Callable[..., WorkspaceService], small_map: StakeholderMap
) -> None:
    amina, bob = make_service(), make_service()  # two app processes
    workspace = amina.create("Small", small_map)
    amina_map, amina_version = amina.load(workspace)
    bob_map, bob_version = bob.load(workspace.name)
    assert amina.save(workspace, chamber_added(amina_map), amina_version, "Amina", "added the Chamber") == 2
    with pytest.raises(ConflictError) as refused:
        bob.save(workspace.name, update_actor(bob_map, "bank", {"stance": "opposed"}), bob_version, "Bob", "bank")
    message = str(refused.value)
    assert "changed by Amina at " in message
    assert " UTC (version 2: 'added the Chamber'); reload to see it" in message
    assert refused.value.head.author == "Amina"
    assert bob.load(workspace) == (chamber_added(small_map), 2)  # Amina's work is intact
    assert len(bob.history(workspace)) == 2


def test_simultaneous_saves_exactly_one_wins(
    make_service: Callable[..., WorkspaceService], small_map: StakeholderMap
) -> None:
    editors = [make_service() for _ in range(4)]
    workspace = editors[0].create("Small", small_map)
    maps = [update_actor(small_map, "bank", {"influence": n}) for n in range(1, 5)]
    start = threading.Barrier(len(editors))
    outcomes: list[object] = [None] * len(editors)

    def save(n: int) -> None:
        start.wait()
        try:
            outcomes[n] = editors[n].save(workspace, maps[n], 1, author=f"editor {n}")
        except ConflictError as err:
            outcomes[n] = err

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(editors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for n, outcome in enumerate(outcomes) if outcome == 2]
    assert len(winners) == 1, outcomes
    losers = [outcome for outcome in outcomes if isinstance(outcome, ConflictError)]
    assert len(losers) == len(editors) - 1
    assert all(f"changed by editor {winners[0]}" in str(err) for err in losers)
    assert editors[0].load(workspace) == (maps[winners[0]], 2)


# --- faults ------------------------------------------------------------------------------------------


class SimulatedCrashError(RuntimeError):
    pass


@pytest.fixture
def crash_inside_transactions(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Arm a failure in every change after its version is written but before it commits."""
    original = service_module._append_version

    def append_then_fail(*args: object, **kwargs: object) -> VersionRow:
        original(*args, **kwargs)  # type: ignore[arg-type]
        raise SimulatedCrashError("simulated failure inside the transaction")

    return lambda: monkeypatch.setattr(service_module, "_append_version", append_then_fail)


@pytest.mark.parametrize(
    "change",
    [
        lambda s, w, m: s.save(w, chamber_added(m), 2, "Bob", "lost"),
        lambda s, w, m: s.restore(w, 1, 2, "Bob"),
        lambda s, w, m: s.undo(w, 2, "Bob"),
        lambda s, w, m: s.apply_upload(s.preview_upload(w, chamber_added(m), "merge"), "Bob"),
    ],
    ids=["save", "restore", "undo", "upload"],
)
def test_a_failure_inside_a_change_leaves_the_previous_version_intact(
    service: WorkspaceService,
    small_map: StakeholderMap,
    monkeypatch: pytest.MonkeyPatch,
    crash_inside_transactions: Callable[[], None],
    change: Callable,
) -> None:
    workspace = service.create("Small", small_map)
    current = update_actor(small_map, "bank", {"stance": "champion"})
    service.save(workspace, current, 1, "Amina", "bank on board")
    before = service.history(workspace)
    crash_inside_transactions()
    with pytest.raises(SimulatedCrashError):
        change(service, workspace, current)
    monkeypatch.undo()
    assert service.load(workspace) == (current, 2)
    assert service.history(workspace) == before
    assert service.save(workspace, small_map, 2) == 3  # and the workspace still works


def test_a_failure_while_creating_leaves_no_workspace(
    service: WorkspaceService, small_map: StakeholderMap, crash_inside_transactions: Callable[[], None]
) -> None:
    crash_inside_transactions()
    with pytest.raises(SimulatedCrashError):
        service.create("Half made", small_map)
    assert service.list_workspaces() == []


# --- nothing invalid goes in or comes out -----------------------------------------------------------


def test_an_invalid_edit_is_refused_with_its_issue_and_nothing_changes(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = service.create("Small", small_map)
    smap, version = service.load(workspace)
    with pytest.raises(EditRejected) as refused:
        add_actor(smap, {"name": "Dragon Ltd", "kind": "dragon"})
    assert [(i.file, i.row, i.column, i.code) for i in refused.value.errors] == [
        ("actors", 12, "kind", "unknown-value")
    ]
    assert service.load(workspace) == (small_map, version)
    assert len(service.history(workspace)) == 1


def test_saving_a_hand_built_map_that_breaks_the_contract_is_refused(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = service.create("Small", small_map)
    broken_actor = dataclasses.replace(small_map.actor("bank"), kind="dragon")
    broken = StakeholderMap(
        [broken_actor if a.id == "bank" else a for a in small_map.actors], small_map.explicit_relationships
    )
    with pytest.raises(EditRejected, match="not an allowed value of kind"):
        service.save(workspace, broken, 1)
    assert service.load(workspace) == (small_map, 1)


def test_a_stored_version_that_fails_the_contract_is_never_returned(
    service: WorkspaceService, small_map: StakeholderMap
) -> None:
    workspace = service.create("Small", small_map)
    actors, ties = records_of(small_map)
    with service._write_sessions.begin() as session:  # someone edits the database by hand
        version = session.scalars(select(VersionRow)).one()
        tampered = {**version.content}
        tampered["actors"] = {**tampered["actors"], "rows": [[*row] for row in tampered["actors"]["rows"]]}
        tampered["actors"]["rows"][0][tampered["actors"]["headers"].index("kind")] = "dragon"
        version.content = tampered
    with pytest.raises(InvalidStoredMap, match=r"Version 1 of 'Small'.*actors, row 2, column kind"):
        service.load(workspace)
    assert map_from_records(actors, ties).map == small_map


# --- uploads -------------------------------------------------------------------------------------


def upload(
    actors: list[dict[str, object]], ties: list[dict[str, object]], title: str = "upload.xlsx"
) -> StakeholderMap:
    result = map_from_records(actors, ties, title=title)
    assert result.map is not None, result.errors
    return result.map


def test_merge_is_previewed_then_applied_as_one_version(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Small", small_map)
    incoming = upload(
        [
            {"id": "chamber", "name": "Chamber of Commerce", "kind": "association", "stance": "champion"},
            {"id": "media1", "name": "Daily Nation", "kind": "media"},
        ],
        [{"source": "media1", "target": "chamber", "kind": "member_of"}],
    )
    preview = service.preview_upload(workspace, incoming, "merge")
    assert preview.base_version == 1
    assert [a.name for a in preview.changes.actors_added] == ["Daily Nation"]
    assert [(c.id, [f.field for f in c.changes]) for c in preview.changes.actors_edited] == [("chamber", ["stance"])]
    assert [(t.source, t.target) for t in preview.changes.ties_added] == [("media1", "chamber")]
    assert preview.changes.actors_removed == preview.changes.ties_removed == ()
    assert service.history(workspace)[0].number == 1  # a preview saves nothing
    assert service.apply_upload(preview, author="Amina") == 2
    smap, _ = service.load(workspace)
    assert smap == preview.result
    assert smap.actor("chamber").stance == "champion"
    assert service.history(workspace)[0].description == (
        "Merged upload 'upload.xlsx': 1 actor added, 1 edited; 1 tie added"
    )


def test_a_stale_preview_is_not_applied(service: WorkspaceService, small_map: StakeholderMap) -> None:
    workspace = service.create("Small", small_map)
    preview = service.preview_upload(workspace, upload([{"name": "New", "kind": "media"}], []), "replace")
    assert len(preview.changes.actors_removed) == len(small_map)
    service.save(workspace, chamber_added(small_map), 1, author="Chen", description="meanwhile")
    with pytest.raises(ConflictError, match="changed by Chen"):
        service.apply_upload(preview)
    assert service.load(workspace) == (chamber_added(small_map), 2)
