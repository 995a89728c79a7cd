"""Redaction: people's names never leave in an export when the switch is on."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from mapping.export import actor_rows, csv_bytes, relationship_rows, workbook_bytes
from mapping.formats import export_map
from mapping.lens.plan import PlanItem, plan_csv_bytes
from mapping.load import load_files
from mapping.read import InputFile
from mapping.view import display_names, redacted_map
from tests.test_map_page import NAMED_ACTORS, NAMED_RELATIONSHIPS, NAMES

FORMATS = ["csv", "xlsx", "kumu", "gexf", "graphml", "json", "html"]


@pytest.fixture
def named_map(load_text):
    result = load_text(NAMED_ACTORS, NAMED_RELATIONSHIPS)
    assert result.map is not None, result.errors
    return result.map


def text_of(data: bytes, export_format: str) -> str:
    """Every string an export holds, whatever its container."""
    if export_format == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    if export_format in ("xlsx", "kumu"):
        book = load_workbook(io.BytesIO(data))
        return " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return data.decode("utf-8")


def test_the_names_are_in_the_plain_exports(named_map) -> None:
    text = text_of(export_map(named_map, "csv"), "csv")
    assert all(name in text for name in NAMES)


@pytest.mark.parametrize("export_format", FORMATS)
def test_no_name_leaves_in_a_redacted_export(named_map, export_format: str) -> None:
    text = text_of(export_map(redacted_map(named_map), export_format), export_format)
    assert [name for name in NAMES if name.lower() in text.lower()] == []
    assert "Chair, Kenya Private Sector Alliance" in text


def test_redacted_map_keeps_the_structure(named_map) -> None:
    redacted = redacted_map(named_map)
    assert len(redacted) == len(named_map)
    assert len(redacted.explicit_relationships) == len(named_map.explicit_relationships)
    assert {a.id for a in redacted.actors_of_kind("person")} == {"person_1", "person_2"}
    peter = redacted.actor("person_2")
    assert peter.parent == "kepsa" and "Jane" not in peter.notes
    advice = next(r for r in redacted.relationships if r.kind == "advises")
    assert (advice.source, advice.target) == ("person_2", "person_1")
    again = load_files(
        [
            InputFile("actors.csv", csv_bytes(*actor_rows(redacted))),
            InputFile("relationships.csv", csv_bytes(*relationship_rows(redacted))),
        ]
    ).map
    assert again == redacted
    assert load_files([InputFile("m.xlsx", workbook_bytes(redacted))]).map == redacted


def test_plan_export_follows_redaction(named_map) -> None:
    names = display_names(named_map, redact=True)
    data = plan_csv_bytes(named_map, [PlanItem("jane", "Ask Jane Wanjiru to convene")], ["kam"], names.scrub)
    text = data.decode("utf-8-sig")
    assert "Jane" not in text and "Chair, Kenya Private Sector Alliance" in text
