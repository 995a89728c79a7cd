"""Exports read back to equal maps, and neutralise spreadsheet formulas."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mapping.export import actor_rows, csv_bytes, guard_formula, relationship_rows, workbook_bytes, write_csv_pair
from mapping.formats import export_files, export_map
from mapping.load import LoadResult, load_files, load_paths
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.samples import load_sample
from tests.conftest import SAMPLE_KEYS, SMALL_ACTORS

HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_csv_round_trip_of_each_sample_is_lossless(key: str, tmp_path: Path) -> None:
    original = load_sample(key).map
    write_csv_pair(original, tmp_path)
    again = load_paths([tmp_path]).map
    assert again == original
    assert again.content_hash() == original.content_hash()


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_workbook_round_trip_of_each_sample_is_lossless(key: str) -> None:
    original = load_sample(key).map
    again = load_files([InputFile("map.xlsx", workbook_bytes(original))]).map
    assert again == original


def test_round_trip_keeps_custom_fields_dates_and_hostile_text(load_text: Callable[..., LoadResult]) -> None:
    quoted = HOSTILE.replace('"', '""')
    actors = (
        "id,name,kind,last_verified,notes,Website\n"
        "kepsa,KEPSA,association,2024-05,- estimate,kepsa.or.ke\n"
        f'hostile,"{quoted}",business,2008,@mention,"{quoted}"\n'
    )
    relationships = "source,target,kind,since,until,sign\nkepsa,hostile,dialogue,2008-01-18,2008-02,-\n"
    original = load_text(actors, relationships).map
    assert original is not None
    assert load_files([InputFile("m.xlsx", workbook_bytes(original))]).map == original
    csv_files = [
        InputFile("actors.csv", csv_bytes(*actor_rows(original))),
        InputFile("relationships.csv", csv_bytes(*relationship_rows(original))),
    ]
    again = load_files(csv_files).map
    assert again == original
    assert again.actor("hostile").name == HOSTILE
    assert again.actor("hostile").attribute("Website") == HOSTILE
    assert str(again.relationships[0].until) == "2008-02"


def test_formula_cells_are_neutralised_in_csv(small_map: StakeholderMap) -> None:
    for text in (HOSTILE, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"):
        assert guard_formula(text).startswith("'")
    for text in ("-", "+", "-0.5", "Chair", ""):
        assert guard_formula(text) == text


def test_formula_cells_are_text_in_the_workbook(load_text: Callable[..., LoadResult]) -> None:
    actors = SMALL_ACTORS + f'hostile,"{HOSTILE.replace(chr(34), chr(34) * 2)}",business,,,,,,,,,\n'
    smap = load_text(actors).map
    sheet = load_workbook(io.BytesIO(workbook_bytes(smap)))["Actors"]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells["'" + HOSTILE] == "s"
    assert not [value for value, kind in cells.items() if kind == "f"]
    influence = next(cell for cell in sheet[2] if sheet.cell(1, cell.column).value == "influence")
    assert influence.value == 5 and influence.data_type == "n"


def test_implied_ties_are_not_exported(small_map: StakeholderMap) -> None:
    _, rows = relationship_rows(small_map)
    assert len(rows) == len(small_map.explicit_relationships) == len(small_map.relationships) - 2


# --- export_files: the one way out, for the app and the command line ---------------------


def test_export_files_gives_the_csv_pair_by_name_and_other_formats_as_one_file(small_map: StakeholderMap) -> None:
    pair = export_files(small_map, "csv")
    assert pair.files == {
        "actors.csv": csv_bytes(*actor_rows(small_map)),
        "relationships.csv": csv_bytes(*relationship_rows(small_map)),
    }
    assert pair.file("actors.csv") == pair.files["actors.csv"] and pair.findings == ()
    with zipfile.ZipFile(io.BytesIO(export_map(small_map, "csv"))) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == pair.files
    book = export_files(small_map, "xlsx")
    assert list(book.files) == ["map.xlsx"]
    # Compared by content: a workbook's bytes hold the time it was written.
    again = export_map(small_map, "xlsx")
    assert load_files([InputFile("m.xlsx", book.file())]).map == load_files([InputFile("m.xlsx", again)]).map
    assert load_files([InputFile("m.xlsx", book.file())]).map == small_map


def test_export_files_refuses_an_unknown_format(small_map: StakeholderMap) -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export_files(small_map, "pdf", redact=True)


def test_a_redacted_export_carries_the_scrubbed_title(small_map: StakeholderMap) -> None:
    titled = StakeholderMap(
        small_map.actors, small_map.explicit_relationships, title="Notes on Chair, Umbrella Business Alliance"
    )
    export = export_files(titled, "json", redact=True)
    assert export.title == "Notes on Person at Umbrella Business Alliance"  # the person's whole name, replaced
    plain = export_files(titled, "json")
    assert plain.title == titled.title and b'"person_1"' in export.file() and b'"person_1"' not in plain.file()
