"""One upload cannot stall or exhaust the server: budgets checked before reading, and a child process per upload.

The attack that prompted these: a 20 MB workbook whose shared strings unpack to
190 MB passed every limit and held the server for minutes; three 49.9 MB CSVs at
once took 7 GB; Streamlit's 50 MB (decimal) and our 50 MiB disagreed, so a file
between them vanished from the upload. Here each budget is lowered so that the real
code path runs on a small file.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from mapping.formats import import_files
from mapping.limits import Limits, file_too_large
from mapping.read import InputFile
from mapping.samples import SAMPLE_DATA_DIR
from ui.bounded import import_files_bounded

ROOT = Path(__file__).resolve().parents[1]


def shared_strings_workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    """A workbook written as Excel writes text: every cell a reference into one shared-strings part.

    (openpyxl writes its cells inline, so it cannot make the part under test.)
    """
    strings: dict[str, int] = {}

    def cell(row: int, column: int, text: str) -> str:
        index = strings.setdefault(text, len(strings))
        return f'<c r="{chr(65 + column)}{row}" t="s"><v>{index}</v></c>'

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts: dict[str, str] = {}
    for number, rows in enumerate(sheets.values(), 1):
        body = "".join(
            f'<row r="{r}">' + "".join(cell(r, c, text) for c, text in enumerate(values)) + "</row>"
            for r, values in enumerate(rows, 1)
        )
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'<worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>'
        )
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}" uniqueCount="{len(strings)}">{shared}</sst>'
    listed = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1))
    parts["xl/workbook.xml"] = f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>{listed}</sheets></workbook>'
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{kinds}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    links += f'<Relationship Id="rIdS" Type="{kinds}/sharedStrings" Target="sharedStrings.xml"/>'
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{package}">{links}</Relationships>'
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{kinds}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>{overrides}'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet_type}.sharedStrings+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return buffer.getvalue()


def wordy_workbook(strings: int = 3_000) -> bytes:
    """A valid map workbook whose notes hold thousands of distinct strings (a shared-strings part of ~250 KB)."""
    actors = [["id", "name", "kind", "notes"]]
    actors += [[f"a{i}", f"Actor {i}", "business", f"distinct note number {i} " * 3] for i in range(strings)]
    ties = [["source", "target", "kind"], ["a1", "a2", "dialogue"]]
    return shared_strings_workbook({"actors": actors, "relationships": ties})


def sample_files() -> list[InputFile]:
    folder = SAMPLE_DATA_DIR / "kenya_2008_2013"
    return [InputFile(p.name, p.read_bytes()) for p in (folder / "actors.csv", folder / "relationships.csv")]


# --- budgets checked before reading ---------------------------------------------------------


def test_shared_strings_over_the_budget_are_refused_before_the_workbook_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = wordy_workbook()

    def never(*_: object, **__: object) -> None:
        raise AssertionError("openpyxl was asked to open a workbook that must be refused unopened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    result = import_files([InputFile("wordy.xlsx", data)], limits=Limits(max_shared_strings_mb=0.05))
    assert result.map is None
    [issue] = result.issues
    assert (issue.file, issue.code) == ("wordy.xlsx", "unsafe-archive")
    assert "shared strings" in issue.message and "0.05 MB" in issue.message
    assert "STAKEHOLDER_MAP_MAX_SHARED_STRINGS_MB" in issue.message


def test_the_same_workbook_loads_within_the_default_budget() -> None:
    result = import_files([InputFile("wordy.xlsx", wordy_workbook())])
    assert result.map is not None and len(result.map.actors) == 3_000


def test_a_csv_over_the_cell_budget_stops_reading_where_it_passes_it() -> None:
    rows = "".join(f"a{i},Actor {i},business,note\n" for i in range(1_000))
    files = [InputFile("actors.csv", ("id,name,kind,notes\n" + rows).encode()), sample_files()[1]]
    result = import_files(files, limits=Limits(max_cells=400))
    assert result.map is None
    issue = next(i for i in result.issues if i.file == "actors.csv")
    assert issue.code == "too-many-cells" and issue.row == 101  # the header and 100 rows of 4 cells make 404
    assert "400 cells" in issue.message and "STAKEHOLDER_MAP_MAX_CELLS" in issue.message


def test_the_bundled_samples_are_well_within_the_new_budgets() -> None:
    tight = Limits(max_cells=20_000, max_shared_strings_mb=1)
    assert import_files(sample_files(), limits=tight).map is not None


# --- one size limit -------------------------------------------------------------------------


def test_streamlit_and_the_reader_count_the_same_fifty_megabytes() -> None:
    """Streamlit's uploader counts a megabyte as 1,000,000 bytes; so do our limits, and the numbers agree."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limits = Limits()
    assert config["server"]["maxUploadSize"] == limits.max_file_mb == 50
    assert file_too_large("big.csv", 50_000_000, limits) is None
    over = file_too_large("big.csv", 50_000_001, limits)
    assert over is not None and "big.csv is 50.0 MB; the limit is 50 MB" in over.message


def test_the_data_page_gives_its_uploader_the_readers_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.uploads import upload_limit_mb

    assert upload_limit_mb() == 50
    monkeypatch.setenv("STAKEHOLDER_MAP_MAX_FILE_MB", "80")
    assert upload_limit_mb() == 80  # raised in one place, raised for both
    assert "max_upload_size=upload_limit_mb()" in (ROOT / "views" / "data.py").read_text(encoding="utf-8")


# --- a child process per upload ---------------------------------------------------------------


def test_a_checked_upload_gives_the_same_map_as_reading_in_process() -> None:
    bounded = import_files_bounded(sample_files())
    direct = import_files(sample_files())
    assert bounded.map is not None and direct.map is not None
    assert bounded.map.content_hash() == direct.map.content_hash()
    assert [i.code for i in bounded.issues] == [i.code for i in direct.issues]


def test_an_upload_over_its_time_is_stopped_with_a_message_naming_the_files() -> None:
    # 100,000 rows take several seconds to check, far more than the budget even on a loaded machine (where the
    # parent may wake late and find the child done, if the child's work were shorter than the delay)
    rows = "".join(f"a{i},Actor {i},business,note\n" for i in range(100_000))
    ties = InputFile("relationships.csv", b"source,target,kind\na1,a2,dialogue\n")
    files = [InputFile("actors.csv", ("id,name,kind,notes\n" + rows).encode()), ties]
    result = import_files_bounded(files, limits=Limits(max_parse_seconds=0.5))
    assert result.map is None
    [issue] = result.issues
    assert issue.code == "took-too-long" and issue.file == "actors.csv, relationships.csv"
    assert "0.5 seconds" in issue.message and "STAKEHOLDER_MAP_MAX_PARSE_SECONDS" in issue.message


def test_an_upload_over_its_memory_is_stopped_not_the_server() -> None:
    rows = "".join(f"a{i},Actor {i},business,{'a long note ' * 15}\n" for i in range(100_000))
    ties = InputFile("relationships.csv", b"source,target,kind\na1,a2,dialogue\n")
    files = [InputFile("actors.csv", ("id,name,kind,notes\n" + rows).encode()), ties]
    result = import_files_bounded(files, limits=Limits(max_parse_memory_mb=40))
    assert result.map is None
    [issue] = result.issues
    assert issue.code == "needs-too-much-memory" and "40 MB" in issue.message
    assert import_files_bounded(files).map is not None  # the same files fit the default budget


def test_did_you_mean_hints_stop_at_their_budget_and_every_unknown_actor_is_still_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hints compared every unknown reference with every id and name: a 20,000-actor file whose ties named the
    sample's actors took 67 s on hints alone. Now each distinct reference is compared once, within a budget."""
    from mapping.model import ActorIndex

    monkeypatch.setattr(ActorIndex, "HINT_COMPARISONS", 250)  # 100 spellings: two hints' worth
    rows = "".join(f"actor{i},Actor {i},business\n" for i in range(50))
    ties = "source,target,kind\n" + "".join(f"actr{i},actor{i + 1},dialogue\n" for i in range(5))
    files = [InputFile("actors.csv", ("id,name,kind\n" + rows).encode()), InputFile("relationships.csv", ties.encode())]
    unknown = [i for i in import_files(files).issues if i.code == "unknown-actor"]
    assert len(unknown) == 5  # every unknown reference is reported, grouped or not
    hinted = [i for i in unknown if "Closest:" in i.message]
    assert 1 <= len(hinted) <= 2 and "'actor0'" in hinted[0].message
