"""Kumu spreadsheets: real-shaped workbooks and CSV files in, a Kumu-ready workbook out."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from mapping.formats import guess_format, import_file, import_files
from mapping.formats.kumu import kumu_workbook_bytes
from mapping.load import LoadResult
from mapping.model import StakeholderMap
from mapping.read import InputFile
from tests.formats_maps import CONNECTIONS, ELEMENTS, kumu_file, workbook


@pytest.fixture(scope="module")
def imported() -> LoadResult:
    return import_file(kumu_file())


def test_kumu_workbook_is_recognised() -> None:
    assert guess_format([kumu_file()]) == "kumu"


def test_kumu_workbook_loads_with_types_mapped_by_aliases(imported: LoadResult) -> None:
    assert imported.map is not None, imported.errors
    kinds = {a.name: (a.kind, a.subtype) for a in imported.map.actors}
    assert kinds["Kenya Private Sector Alliance"] == ("association", "")
    assert kinds["Safaricom"] == ("business", "multinational")
    assert kinds["Ministry of Interior"][0] == "government"
    assert kinds["Concerned Citizens for Peace"][0] == "civil_society"


def test_kumu_custom_fields_and_tags_are_kept_as_attributes(imported: LoadResult) -> None:
    kepsa = imported.map.find("Kenya Private Sector Alliance")
    assert kepsa.attribute("Website") == "kepsa.example"
    assert kepsa.attribute("Tags") == "apex|convener"
    assert kepsa.notes == "Apex body"
    assert kepsa.country == "Kenya" and kepsa.influence == 5


def test_a_multi_value_to_cell_makes_one_tie_per_target(imported: LoadResult) -> None:
    partnerships = [r for r in imported.map.relationships if r.kind == "partners_with"]
    assert {(r.source, r.target) for r in partnerships} == {
        ("Safaricom", "Kenya Private Sector Alliance"),
        ("Safaricom", "Concerned Citizens for Peace"),
    }
    assert all(r.is_mutual for r in partnerships)  # Kumu's "undirected"
    assert all(dict(r.attributes)["Kumu label"] == "peace SMS" for r in partnerships)


def test_kumu_strength_on_a_1_to_5_scale_is_divided_by_5_with_a_warning(imported: LoadResult) -> None:
    ties = {(r.source, r.target, r.kind): r for r in imported.map.relationships}
    assert ties[("Equity Bank", "Kenya Private Sector Alliance", "member_of")].strength == pytest.approx(0.6)
    assert ties[("Kenya Private Sector Alliance", "Ministry of Interior", "dialogue")].strength == 1.0
    assert ties[("Ministry of Interior", "Safaricom", "regulates")].strength == 0.6  # blank: the kind's default
    [warning] = [i for i in imported.issues if i.code == "rescaled-value"]
    assert warning.column == "Strength" and "1-5 scale" in warning.message


def test_a_back_strength_beside_a_1_to_5_strength_is_divided_alike() -> None:
    connections = [
        ["From", "To", "Type", "Strength", "Strength back"],
        ["Equity Bank", "Kenya Private Sector Alliance", "Member", 2, 4],
        ["Kenya Private Sector Alliance", "Ministry of Interior", "Dialogue", 5, 0],
        ["Safaricom", "Kenya Private Sector Alliance", "Member", 3, ""],
    ]
    result = import_file(kumu_file(connections=connections))
    assert result.map is not None, result.errors
    found = [(r.kind, r.strength, r.strength_back) for r in result.map.relationships]
    assert found == pytest.approx(
        [("member_of", 0.4, 0.8), ("dialogue", 1.0, 0.0), ("member_of", 0.6, 0.9)]  # blank: the kind's default
    )


def test_an_unmapped_kumu_type_takes_the_default_kind_and_keeps_its_type() -> None:
    elements = [*ELEMENTS, ["Starship Enterprise", "Spaceship", "", "", "", "", ""]]
    connections = [*CONNECTIONS, ["Safaricom", "Equity Bank", "Telepathy", "", "", "", ""]]
    result = import_file(kumu_file(elements, connections))
    found = {(i.file, i.row, i.column, i.code) for i in result.warnings}
    assert ("kumu.xlsx, sheet Elements", 7, "kind", "default-kind") in found
    assert ("kumu.xlsx, sheet Connections", 6, "kind", "default-kind") in found
    ship = result.map.actor("Starship Enterprise")
    assert (ship.kind, ship.attribute("original type")) == ("other", "Spaceship")
    [telepathy] = [r for r in result.map.relationships if ("original type", "Telepathy") in r.attributes]
    assert telepathy.kind == "linked"
    matches = {(m.role, m.their, m.kind, m.how) for m in result.kinds}
    assert ("actors", "Spaceship", "other", "default") in matches


def test_a_connection_to_a_missing_element_names_the_row() -> None:
    connections = [*CONNECTIONS, ["Safaricom", "Equity Bank|Nobody Ltd", "Supplier", "", "", "", ""]]
    result = import_file(kumu_file(connections=connections))
    assert [(i.row, i.column, i.code) for i in result.errors] == [(6, "target", "unknown-actor")]


def test_kumu_workbook_without_elements_says_what_kumu_needs() -> None:
    result = import_file(InputFile("k.xlsx", workbook({"Connections": CONNECTIONS})), "kumu")
    assert [i.code for i in result.errors] == ["missing-sheet"]
    assert "Elements" in result.errors[0].message


def test_kumu_csv_pair_with_ids_loads() -> None:
    elements = "ID,Label,Type\nkepsa,KEPSA,Business Association\nsaf,Safaricom,Company\n"
    connections = "From,To,Type,Strength\nsaf,kepsa,Member,0.5\n"
    files = [InputFile("elements.csv", elements.encode()), InputFile("connections.csv", connections.encode())]
    assert guess_format(files) == "kumu"
    result = import_files(files)
    assert result.map is not None, result.errors
    assert [(r.source, r.target, r.kind, r.strength) for r in result.map.relationships] == [
        ("saf", "kepsa", "member_of", 0.5)
    ]


# --- the Kumu-ready workbook --------------------------------------------------------------


def test_kumu_ready_workbook_uses_kumus_sheets_and_columns(kenya_map: StakeholderMap) -> None:
    book = load_workbook(io.BytesIO(kumu_workbook_bytes(kenya_map)))
    assert book.sheetnames == ["Elements", "Connections"]
    elements = [[c.value for c in row] for row in book["Elements"].iter_rows()]
    connections = [[c.value for c in row] for row in book["Connections"].iter_rows()]
    assert elements[0][:4] == ["ID", "Label", "Type", "Description"]
    assert connections[0][:6] == ["From", "To", "Type", "direction", "Strength", "Description"]
    kepsa = dict(zip(elements[0], elements[1], strict=True))
    assert kepsa["Type"] == "Business association"
    assert kepsa["Phases"] == "upstream|acute|recovery"
    assert "|" in kepsa["Capabilities"] and ";" not in kepsa["Capabilities"]
    # Kumu draws the ties implied by parent too; they are flagged so that reading skips them.
    assert len(connections) - 1 == len(kenya_map.relationships)
    flagged = [row for row in connections[1:] if dict(zip(connections[0], row, strict=True))["Implied"] == "yes"]
    assert len(flagged) == len(kenya_map.relationships) - len(kenya_map.explicit_relationships)
