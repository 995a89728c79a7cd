"""Limits on what one file may hold: each is refused with an issue naming the limit, never read in full.

Every test builds the hostile or oversized file for real (a CSV, a workbook written
by openpyxl then tampered with, a zip archive, JSON text) and loads it through the
same entry points the app and the command line use. Limits are lowered through
`Limits(...)` where the real default would need a file of hundreds of megabytes.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from pathlib import Path

import pytest

from mapping.formats import import_file, import_files
from mapping.issues import ISSUE_CODES
from mapping.lens.country_risk import read_ewp
from mapping.limits import Limits
from mapping.load import load_files, load_paths
from mapping.read import InputFile
from mapping.samples import SAMPLE_DATA_DIR
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.formats_maps import workbook

LIMIT_CODES = {"file-too-large", "too-many-rows", "too-many-columns", "cell-too-long", "nested-too-deeply"}
LIMIT_CODES |= {"unsafe-archive", "too-many-cells"}
LIMIT_CODES |= {"took-too-long", "needs-too-much-memory"}  # see test_upload_budgets.py


def small_files(actors: str = SMALL_ACTORS, relationships: str = SMALL_RELATIONSHIPS) -> list[InputFile]:
    return [InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", relationships.encode())]


def codes(result) -> list[tuple[str, int | None, str | None, str]]:
    return [(i.file, i.row, i.column, i.code) for i in result.issues]


def rewrite_part(data: bytes, part: str, change) -> bytes:
    """The workbook with one of its XML parts passed through `change` (as a tampered file would be)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == part else content)
    return buffer.getvalue()


def small_workbook() -> bytes:
    actors = [row.split(",") for row in SMALL_ACTORS.splitlines()[:1]]
    actors += [["umbrella", "Umbrella", "association"], ["ngo", "Peace NGO", "civil_society"]]
    ties = [["source", "target", "kind"], ["ngo", "umbrella", "dialogue"]]
    return workbook({"actors": actors, "relationships": ties})


# --- the defaults and the environment -------------------------------------------------------------


def test_the_defaults_are_the_documented_ones() -> None:
    limits = Limits.from_env({})
    assert (limits.max_file_mb, limits.max_rows, limits.max_columns, limits.max_cell_chars) == (
        50,
        200_000,
        200,
        10_000,
    )
    assert limits.max_json_depth == 12 and limits.max_file_bytes == 50_000_000


def test_the_environment_sets_a_limit_and_a_bad_value_keeps_the_default(caplog: pytest.LogCaptureFixture) -> None:
    limits = Limits.from_env({"STAKEHOLDER_MAP_MAX_FILE_MB": "100", "STAKEHOLDER_MAP_MAX_ROWS": "lots"})
    assert limits.max_file_mb == 100 and limits.max_rows == 200_000
    assert "STAKEHOLDER_MAP_MAX_ROWS='lots' is not a positive number" in caplog.text


@pytest.mark.parametrize("value", ["inf", "1e999", "nan", "-3", "0"])
def test_an_unusable_size_in_the_environment_keeps_the_default(value: str) -> None:
    limits = Limits.from_env({"STAKEHOLDER_MAP_MAX_FILE_MB": value})
    assert limits.max_file_mb == 50 and limits.max_file_bytes == 50_000_000


def test_the_bundled_samples_are_well_within_the_defaults() -> None:
    result = load_paths([SAMPLE_DATA_DIR / "kenya_2008_2013"])
    assert result.map is not None and not [i for i in result.issues if i.code in LIMIT_CODES]


# --- size ---------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_what_to_do() -> None:
    limits = Limits(max_file_mb=0.0005)  # 524 bytes; the small actors file is larger
    result = load_files(small_files(), limits=limits)
    assert result.map is None
    assert ("actors.csv", None, None, "file-too-large") in codes(result)
    message = next(i.message for i in result.issues if i.code == "file-too-large")
    assert "the limit is 0.0005 MB" in message and "STAKEHOLDER_MAP_MAX_FILE_MB" in message
    assert "missing-file" not in [i.code for i in result.issues], "a refused file is not also reported missing"


def test_a_file_on_disk_over_the_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "actors.csv").write_text(SMALL_ACTORS + "x," * 600_000)  # over 1 MB
    (tmp_path / "relationships.csv").write_text(SMALL_RELATIONSHIPS)
    monkeypatch.setenv("STAKEHOLDER_MAP_MAX_FILE_MB", "1")
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    result = load_paths([tmp_path])
    assert codes(result) == [("actors.csv", None, None, "file-too-large")]
    assert read == [tmp_path / "relationships.csv"], "only the file within the limit was read"


@pytest.mark.parametrize("name", ["graph.gexf", "graph.graphml", "graph.json", "entities.jsonl", "map.xlsx"])
def test_every_importer_refuses_a_file_over_the_size_limit(name: str) -> None:
    result = import_file(InputFile(name, b" " * 2000), limits=Limits(max_file_mb=0.001))
    assert codes(result) == [(name, None, None, "file-too-large")]


# --- rows, columns and cells -----------------------------------------------------------------------


def test_a_table_over_the_row_limit_is_refused_where_reading_stopped() -> None:
    rows = "".join(f"extra{n},Extra {n},business\n" for n in range(20))
    limits = Limits(max_rows=15)  # 10 actors + 20 extra rows
    result = load_files(small_files(actors=SMALL_ACTORS + rows), limits=limits)
    assert codes(result) == [("actors.csv", 17, None, "too-many-rows")]
    assert "more than 15 rows" in result.issues[0].message and "STAKEHOLDER_MAP_MAX_ROWS" in result.issues[0].message


def test_a_table_exactly_at_the_row_limit_loads() -> None:
    result = load_files(small_files(), limits=Limits(max_rows=10))
    assert result.map is not None and len(result.map.actors) == 10


def test_a_row_reaching_past_the_column_limit_is_named() -> None:
    actors = SMALL_ACTORS.replace("Peace NGO,civil_society,,,,2,champion,4,2,upstream,monitoring", "P,civil_society")
    actors += "stray,Stray value far right,business" + "," * 300 + "oops\n"
    result = load_files(small_files(actors=actors), limits=Limits())
    assert codes(result) == [("actors.csv", 12, None, "too-many-columns")]
    assert "column 303" in result.issues[0].message


def test_blank_cells_far_to_the_right_do_not_count_as_columns() -> None:
    actors = "\n".join(line + "," * 500 for line in SMALL_ACTORS.splitlines()) + "\n"
    result = load_files(small_files(actors=actors), limits=Limits())
    assert result.map is not None


def test_an_overlong_cell_is_named_by_row_and_column() -> None:
    actors = SMALL_ACTORS + "long,Long notes,business,,,,,,,,,,\n"
    actors = actors.replace("long,Long notes,business,,", "long,Long notes,business," + "n" * 50 + ",")
    result = load_files(small_files(actors=actors), limits=Limits(max_cell_chars=40))
    assert codes(result) == [("actors.csv", 12, "subtype", "cell-too-long")]
    assert "50 characters; the limit is 40" in result.issues[0].message


def test_many_overlong_cells_are_named_ten_at_a_time_then_counted() -> None:
    actors = SMALL_ACTORS + "".join(f"a{n},{'x' * 50},business\n" for n in range(15))
    result = load_files(small_files(actors=actors), limits=Limits(max_cell_chars=45))
    named = [i for i in result.issues if i.row is not None]
    counted = [i for i in result.issues if i.row is None]
    assert sum(i.count for i in named) == 10 and all(i.column == "name" for i in named) and len(counted) == 1
    assert counted[0].message.startswith("5 more cell(s) of actors.csv hold more than 45 characters")


def test_a_cell_beyond_what_the_csv_parser_reads_is_an_overlong_cell_not_a_traceback() -> None:
    actors = SMALL_ACTORS + "huge," + "y" * 200_000 + ",business\n"
    result = load_files(small_files(actors=actors), limits=Limits())
    assert codes(result) == [("actors.csv", 12, None, "cell-too-long")]


def test_graph_formats_count_distinct_attribute_names_as_columns() -> None:
    nodes = [{"id": f"n{n}", "kind": "business", f"attribute_{n}": "x"} for n in range(30)]
    document = json.dumps({"nodes": nodes, "links": []}).encode()
    result = import_file(InputFile("graph.json", document), limits=Limits(max_columns=20))
    assert [i.code for i in result.issues] == ["too-many-columns"]
    assert result.issues[0].file == "graph.json, nodes"


# --- nesting --------------------------------------------------------------------------------------


def nested(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(("depth", "refused"), [(5, False), (13, True), (100_000, True)])
def test_json_nested_past_the_limit_is_refused_without_recursing(depth: int, refused: bool) -> None:
    notes = "[" * depth + "1" + "]" * depth
    text = (
        '{"nodes": [{"id": "a", "kind": "business", "notes": ' + notes + '}, {"id": "b", "kind": "media"}], '
        '"links": [{"source": "a", "target": "b", "kind": "owns"}]}'
    )
    result = import_file(InputFile("graph.json", text.encode()), "json")
    assert (result.map is None) == refused
    assert ("nested-too-deeply" in [i.code for i in result.issues]) == refused


# --- workbooks: zip bombs and entity expansion ---------------------------------------------------------


def zip_with(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_named_xlsx_is_refused_unopened() -> None:
    bomb = zip_with({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (64 * 1024 * 1024)})
    assert len(bomb) < 200_000, "64 MB of zeros deflate to a few tens of kilobytes"
    result = load_files([InputFile("bomb.xlsx", bomb)], limits=Limits())
    assert codes(result) == [("bomb.xlsx", None, None, "unsafe-archive")]
    assert "as zip bombs do" in result.issues[0].message


def test_a_workbook_that_would_unpack_past_the_limit_is_refused() -> None:
    data = small_workbook()
    result = load_files([InputFile("map.xlsx", data)], limits=Limits(max_unzipped_mb=0.001))
    assert codes(result) == [("map.xlsx", None, None, "unsafe-archive")]
    assert "would unpack to" in result.issues[0].message


def test_a_workbook_of_too_many_parts_is_refused() -> None:
    data = zip_with({f"xl/part{n}.xml": b"<x/>" for n in range(30)})
    result = import_file(InputFile("parts.xlsx", data), limits=Limits(max_zip_members=20))
    assert codes(result) == [("parts.xlsx", None, None, "unsafe-archive")]
    assert "more than 20 parts" in result.issues[0].message


def test_a_compression_excel_never_writes_is_refused() -> None:
    data = zip_with({"xl/workbook.xml": b"<workbook/>"}, zipfile.ZIP_BZIP2)
    result = load_files([InputFile("odd.xlsx", data)], limits=Limits())
    assert codes(result) == [("odd.xlsx", None, None, "unsafe-archive")]


def test_entity_expansion_inside_a_workbook_is_refused() -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'

    def add_entities(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return doctype + body

    tampered = rewrite_part(small_workbook(), "xl/worksheets/sheet1.xml", add_entities)
    result = load_files([InputFile("tampered.xlsx", tampered)], limits=Limits())
    assert codes(result) == [("tampered.xlsx", None, None, "unsafe-xml")]
    assert "declares entities" in result.issues[0].message


def test_a_sheet_declaring_the_whole_grid_is_read_by_the_cells_it_holds() -> None:
    def claim_every_cell(xml: bytes) -> bytes:
        return xml.replace(b'<dimension ref="A1:L3" />', b'<dimension ref="A1:XFD1048576" />')

    original = small_workbook()
    assert b'<dimension ref="A1:L3" />' in zipfile.ZipFile(io.BytesIO(original)).read("xl/worksheets/sheet1.xml")
    result = load_files([InputFile("grid.xlsx", rewrite_part(original, "xl/worksheets/sheet1.xml", claim_every_cell))])
    assert result.map is not None and {actor.id for actor in result.map.actors} == {"umbrella", "ngo"}


def test_a_workbook_over_the_row_limit_names_its_sheet() -> None:
    rows = [["id", "name", "kind"], *([f"a{n}", f"A {n}", "business"] for n in range(30))]
    data = workbook({"actors": rows, "relationships": [["source", "target", "kind"]]})
    result = import_files([InputFile("big.xlsx", data)], limits=Limits(max_rows=20))
    assert ("big.xlsx, sheet actors", 22, None, "too-many-rows") in codes(result)


def test_every_limit_has_a_declared_issue_code() -> None:
    assert set(ISSUE_CODES) >= LIMIT_CODES


# --- crashes the fuzz suite found, pinned -----------------------------------------------------------------


def test_a_workbook_with_a_corrupt_part_is_unreadable_not_a_traceback() -> None:
    data = bytearray(small_workbook())
    start = data.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    data[start : start + 40] = bytes(40)  # zero the first compressed bytes of the sheet: zlib.error on reading
    result = load_files([InputFile("corrupt.xlsx", bytes(data))], limits=Limits())
    assert [i.code for i in result.issues] == ["unreadable-file"]


def test_a_workbook_cut_short_is_unreadable_not_a_traceback() -> None:
    data = small_workbook()
    result = load_files([InputFile("cut.xlsx", data[: len(data) * 2 // 3])], limits=Limits())
    assert [i.code for i in result.issues] == ["unreadable-file"]


def test_a_workbook_from_a_future_zip_version_is_unreadable_not_a_traceback() -> None:
    data = bytearray(small_workbook())
    directory = data.index(b"PK\x01\x02")
    data[directory + 6 : directory + 8] = (84).to_bytes(
        2, "little"
    )  # "needs zip 8.4": zipfile raises NotImplementedError
    for result in (
        load_files([InputFile("future.xlsx", bytes(data))], limits=Limits()),
        import_files([InputFile("future.xlsx", bytes(data))]),
    ):
        assert [i.code for i in result.issues] == ["unreadable-file"]


def test_a_sheet_of_broken_xml_is_unreadable_not_a_traceback() -> None:
    broken = rewrite_part(small_workbook(), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    result = load_files([InputFile("broken.xlsx", broken)], limits=Limits())
    assert [i.code for i in result.issues] == ["unreadable-file"]


def test_a_json_file_of_odd_length_after_a_utf16_mark_is_reported_not_raised() -> None:
    result = import_files([InputFile("odd.json", codecs.BOM_UTF16_LE + b'{"a": 1}')])
    assert result.map is None and result.issues


def test_a_number_too_large_to_be_a_rank_is_a_warning_on_its_row() -> None:
    text = '"ewp_name","risk.2025and2026.from2024","rank.2025and2026.from2025"\n"Chad",0.08,' + "9" * 400 + "\n"
    _table, issues = read_ewp(InputFile("ewp.csv", text.encode()))
    assert [(i.row, i.code, i.severity) for i in issues] == [(2, "invalid-number", "warning")]


def test_a_link_multiplying_owners_by_assets_past_the_row_limit_is_refused() -> None:
    owners = [f"p{n}" for n in range(30)]
    lines = [json.dumps({"id": o, "schema": "Person", "properties": {"name": [o]}}) for o in owners]
    link = {"id": "own", "schema": "Ownership", "properties": {"owner": owners, "asset": owners}}
    data = "\n".join([*lines, json.dumps(link)]).encode()
    result = import_files([InputFile("e.jsonl", data)], limits=Limits(max_rows=500))  # 30 x 30 = 900 ties
    assert ("e.jsonl, links", 31, None, "too-many-rows") in codes(result)
