"""Finding the two tables among the files and paths a user gives."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from mapping.load import load_files, load_paths, workbook_title
from mapping.read import InputFile
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS, write_pair


def codes(result) -> list[str]:
    return [i.code for i in result.issues]


def test_folder_with_the_two_files_loads(tmp_path: Path) -> None:
    result = load_paths([write_pair(tmp_path / "kenya", SMALL_ACTORS, SMALL_RELATIONSHIPS)])
    assert result.ok
    assert result.map.title == "kenya"


def test_two_files_given_in_either_order(tmp_path: Path) -> None:
    folder = write_pair(tmp_path, SMALL_ACTORS, SMALL_RELATIONSHIPS)
    result = load_paths([folder / "relationships.csv", folder / "actors.csv"])
    assert result.ok


def test_tables_are_recognised_by_headers_when_names_say_nothing() -> None:
    files = [InputFile("b.csv", SMALL_RELATIONSHIPS.encode()), InputFile("a.csv", SMALL_ACTORS.encode())]
    assert load_files(files).ok


def test_folder_missing_a_file(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text(SMALL_ACTORS)
    result = load_paths([tmp_path])
    assert codes(result) == ["missing-file"]
    assert "relationships.csv" in result.issues[0].message


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    assert codes(load_paths([tmp_path / "nowhere"])) == ["file-not-found"]


def test_only_an_actors_file_uploaded() -> None:
    result = load_files([InputFile("actors.csv", SMALL_ACTORS.encode())])
    assert codes(result) == ["missing-file"]


def test_workbook_without_a_relationships_sheet() -> None:
    from tests.formats_maps import workbook

    data = workbook({"Actors": [["name", "kind"], ["KEPSA", "association"]]})
    assert codes(load_files([InputFile("map.xlsx", data)])) == ["missing-sheet"]


def test_two_actor_tables_are_refused() -> None:
    files = [
        InputFile("actors.csv", SMALL_ACTORS.encode()),
        InputFile("actors_old.csv", SMALL_ACTORS.encode()),
        InputFile("relationships.csv", SMALL_RELATIONSHIPS.encode()),
    ]
    assert codes(load_files(files)) == ["duplicate-table"]


def test_no_files_at_all() -> None:
    assert codes(load_files([])) == ["missing-file"]


def test_unreadable_path_is_reported_not_raised(tmp_path: Path) -> None:
    folder = write_pair(tmp_path, SMALL_ACTORS, SMALL_RELATIONSHIPS)
    (folder / "actors.csv").chmod(0)
    try:
        result = load_paths([folder])
        # root can read anything; elsewhere the file is refused with a message.
        assert result.ok or codes(result) == ["unreadable-file"]
    finally:
        (folder / "actors.csv").chmod(0o644)


def test_a_workbook_is_titled_by_its_own_title_else_by_its_name(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Actors"
    book.active.append(["id", "name", "kind"])
    book.active.append(["kepsa", "KEPSA", "association"])
    book.create_sheet("Relationships").append(["source", "target", "kind"])
    book.properties.title = "Kenya workshop, May 2026"
    path = tmp_path / "stakeholder_map_template.xlsx"
    book.save(path)
    titled = load_files([InputFile(path.name, path.read_bytes())]).map
    assert titled is not None and titled.title == "Kenya workshop, May 2026"
    book.properties.title = None
    book.save(path)
    assert workbook_title(path.read_bytes()) == ""
    untitled = load_files([InputFile(path.name, path.read_bytes())]).map
    assert untitled is not None and untitled.title == "Uploaded map"  # a template's name says nothing
