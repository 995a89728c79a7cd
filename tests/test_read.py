"""Reading real-world spreadsheet exports: encodings, delimiters, blank rows, workbook cells."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from mapping import read
from mapping.load import LoadResult, load_files
from mapping.read import InputFile, decode_text, read_csv, read_workbook, sniff_delimiter
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.formats_maps import workbook

NAME_WITH_ACCENTS = "Coopérative des Éleveurs, Naïrobi"


def accented_actors() -> str:
    return SMALL_ACTORS + f'coop,"{NAME_WITH_ACCENTS}",business,local,,,,,,,,\n'


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with BOM, as Excel's "Unicode text"
        lambda text: text.encode("utf-16-le"),  # without BOM
        lambda text: text.encode("cp1252"),
        lambda text: text.encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "cp1252", "latin-1"],
)
def test_encodings_spreadsheets_write_are_decoded(encode: Callable[[str], bytes]) -> None:
    result = load_files(
        [
            InputFile("actors.csv", encode(accented_actors())),
            InputFile("relationships.csv", encode(SMALL_RELATIONSHIPS)),
        ]
    )
    assert result.map is not None, result.errors
    assert result.map.actor("coop").name == NAME_WITH_ACCENTS


def test_cp1252_punctuation_is_decoded() -> None:
    assert decode_text("Ministry \u2013 \u201cPeace\u201d".encode("cp1252")) == "Ministry \u2013 \u201cPeace\u201d"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    def convert(text: str) -> str:
        # Re-write through csv so quoted commas stay inside their cells.
        import csv

        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows(rows)
        return out.getvalue()

    actors, ties = convert(accented_actors()), convert(SMALL_RELATIONSHIPS)
    assert sniff_delimiter(actors) == delimiter
    result = load_files([InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", ties.encode())])
    assert result.map is not None, result.errors
    assert len(result.map) == 11


def test_semicolon_files_with_decimal_commas() -> None:
    actors = "name;kind;influence\nKEPSA;association;4,5\nSafaricom;business;3\n"
    ties = "source;target;kind;strength\nSafaricom;KEPSA;member_of;0,75\n"
    result = load_files([InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", ties.encode())])
    assert result.map is not None, result.errors
    assert result.map.actor("KEPSA").influence == 4.5
    assert result.map.relationships[0].strength == 0.75


def test_blank_rows_are_skipped_and_row_numbers_match_the_spreadsheet() -> None:
    actors = "name,kind,stance\n\nKEPSA,association,\n,,\nSafaricom,business,hero\n"
    table, _ = read_csv(InputFile("actors.csv", actors.encode()))
    assert table is not None
    assert [number for number, _ in table.rows] == [3, 5]
    result = load_files(
        [InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", b"source,target,kind\n")]
    )
    assert [(i.row, i.column, i.code) for i in result.errors] == [(5, "stance", "unknown-value")]


def test_header_case_and_spacing_variants() -> None:
    actors = " NAME ,Kind,Engagement-Status\nKEPSA,association,Partner\n"
    result = load_files(
        [InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", b"Source,TARGET,kind\n")]
    )
    assert result.map is not None, result.errors
    assert result.map.actor("KEPSA").engagement_status == "partner"


def test_quoted_cells_with_newlines_keep_the_record_numbering() -> None:
    actors = 'name,kind,notes,stance\nKEPSA,association,"line one\nline two",\nSafaricom,business,,hero\n'
    result = load_files(
        [InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", b"source,target,kind\n")]
    )
    assert [(i.row, i.code) for i in result.errors] == [(3, "unknown-value")]


def test_binary_garbage_is_unreadable_not_a_crash() -> None:
    table, issues = read_csv(InputFile("actors.csv", bytes(range(256)) * 4))
    assert table is None
    assert [i.code for i in issues] == ["unreadable-file"]


def test_workbook_numbers_and_dates_become_contract_text() -> None:
    data = workbook(
        {
            "Actors": [
                ["name", "kind", "influence", "last_verified"],
                ["KEPSA", "association", 4, dt.datetime(2024, 5, 1)],
            ],
            "Relationships": [
                ["source", "target", "kind", "strength", "since"],
                ["KEPSA", "KEPSA2", "dialogue", 0.5, 2008],
            ],
            "Notes (ignore)": [["anything", "goes"]],
        }
    )
    tables, issues = read_workbook(InputFile("map.xlsx", data))
    assert issues == []
    assert set(tables) == {"Actors", "Relationships"}
    assert tables["Actors"].rows[0][1] == ("KEPSA", "association", "4", "2024-05-01")
    assert tables["Relationships"].rows[0][1][3:] == ("0.5", "2008")
    assert tables["Actors"].label == "map.xlsx, sheet Actors"


def test_workbook_issues_name_the_sheet() -> None:
    data = workbook(
        {
            "Actors": [["name", "kind", "stance"], ["KEPSA", "association", ""], ["Safaricom", "business", "hero"]],
            "Relationships": [["source", "target", "kind"], ["Safaricom", "KEPSA", "member_of"]],
        }
    )
    result = load_files([InputFile("map.xlsx", data)])
    assert [(i.file, i.row, i.column, i.code) for i in result.errors] == [
        ("map.xlsx, sheet Actors", 3, "stance", "unknown-value")
    ]


def test_workbook_with_kumu_sheet_names_loads() -> None:
    data = workbook(
        {
            "Elements": [["Label", "Type"], ["KEPSA", "Business Association"], ["Safaricom", "Company"]],
            "Connections": [["From", "To", "Type"], ["Safaricom", "KEPSA", "Membership"]],
        }
    )
    result = load_files([InputFile("kumu.xlsx", data)])
    assert result.map is not None, result.errors
    assert result.map.title == "kumu"


def test_corrupt_workbook_is_unreadable() -> None:
    result = load_files([InputFile("map.xlsx", b"PK\x03\x04 not really a zip")])
    assert "unreadable-file" in [i.code for i in result.errors]


def test_unsupported_file_type() -> None:
    result: LoadResult = load_files([InputFile("map.pdf", b"%PDF-1.4")])
    assert "unsupported-file" in [i.code for i in result.errors]


# --- damaged workbooks, and bugs of ours that must not pass for one -----------------------------------


def _sheet_part_changed(change: Callable[[bytes], bytes]) -> bytes:
    """A small valid workbook whose first sheet's XML went through `change`, as a tampered or damaged file would."""
    data = workbook({"Actors": [["name", "kind"], ["KEPSA", "association"]], "Relationships": [["source", "target"]]})
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return buffer.getvalue()


DAMAGED_WORKBOOKS = {
    "not a zip": (b"PK\x03\x04 not really a zip", "not a valid Excel .xlsx workbook (BadZipFile)"),
    "sheet XML cut short": (_sheet_part_changed(lambda xml: xml[: len(xml) // 2]), "damaged (ParseError)"),
    "cell value not a number": (
        _sheet_part_changed(
            lambda xml: xml.replace(
                b'<c r="A2" t="inlineStr"><is><t>KEPSA</t></is></c>', b'<c r="A2" t="n"><v>many</v></c>'
            )
        ),
        "damaged (ValueError)",
    ),
    "shared string past the end of the table": (
        _sheet_part_changed(
            lambda xml: xml.replace(
                b'<c r="A2" t="inlineStr"><is><t>KEPSA</t></is></c>', b'<c r="A2" t="s"><v>999</v></c>'
            )
        ),
        "damaged (IndexError)",
    ),
}


@pytest.mark.parametrize("data, reason", DAMAGED_WORKBOOKS.values(), ids=DAMAGED_WORKBOOKS.keys())
def test_a_damaged_workbook_is_an_unreadable_file_issue(data: bytes, reason: str) -> None:
    tables, issues = read_workbook(InputFile("map.xlsx", data))
    assert tables == {}
    assert [(i.file, i.code) for i in issues] == [("map.xlsx", "unreadable-file")]
    assert reason in issues[0].message


@pytest.mark.parametrize(
    "function, error",
    [("_cell_text", KeyError), ("_clean_cells", ValueError), ("_table_from_rows", OSError), ("_read_sheet", KeyError)],
)
def test_a_bug_in_our_sheet_code_is_raised_not_reported_as_a_damaged_workbook(
    monkeypatch: pytest.MonkeyPatch, function: str, error: type[Exception]
) -> None:
    """Only openpyxl's own calls are guarded: our errors are the same types, but they are bugs to see."""

    def broken(*args: object) -> None:
        raise error("a bug of ours")

    monkeypatch.setattr(read, function, broken)
    with pytest.raises(error, match="a bug of ours"):
        read_workbook(InputFile("map.xlsx", _sheet_part_changed(lambda xml: xml)))


def test_a_bug_in_adding_a_row_is_raised_not_reported_as_a_damaged_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> bool:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(read._Rows, "add", broken)
    with pytest.raises(KeyError, match="a bug of ours"):
        read_workbook(InputFile("map.xlsx", _sheet_part_changed(lambda xml: xml)))


def test_reading_csv_files_does_not_import_openpyxl() -> None:
    """The command line starts faster on CSV files: openpyxl is imported when a workbook is read, not before."""
    script = (
        "import sys\n"
        "from mapping.load import load_files\n"
        "from mapping.read import InputFile\n"
        f"result = load_files([InputFile('actors.csv', {SMALL_ACTORS.encode()!r}), "
        f"InputFile('relationships.csv', {SMALL_RELATIONSHIPS.encode()!r})])\n"
        "assert result.ok, result.errors\n"
        "print(sorted(name for name in ('openpyxl', 'pandas', 'defusedxml') if name in sys.modules))\n"
    )
    root = Path(__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert run.stdout.strip() == "[]"
