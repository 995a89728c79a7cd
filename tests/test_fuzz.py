"""Every importer under random input: the only outcomes are a map or a list of issues.

Random bytes, CSV shapes, unicode, zip files named .xlsx, XML named .gexf/.graphml and
JSON lines are thrown at `load_files`, `import_files` in every format, `read_ewp` and
`read_plan`. An exception, or an input that takes longer than `HANG_SECONDS`, fails.
Each crash these tests found is pinned by a named regression test in test_limits.py.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import json
import os
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mapping.export import workbook_bytes
from mapping.formats import IMPORT_FORMATS, export_map, import_files
from mapping.formats.ftm import ACTOR_SCHEMATA, LINK_SCHEMATA
from mapping.formats.kumu import kumu_workbook_bytes
from mapping.issues import ValidationIssue
from mapping.lens.country_risk import RiskTable, read_ewp
from mapping.lens.plan import PlanItem, read_plan
from mapping.load import LoadResult, load_files
from mapping.model import StakeholderMap
from mapping.read import InputFile
from mapping.schema import ACTOR_COLUMNS, ACTOR_KINDS, RELATIONSHIP_COLUMNS, RELATIONSHIP_KINDS, Column
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS
from tests.formats_maps import RICH_ACTORS, RICH_RELATIONSHIPS

HANG_SECONDS = 20
FUZZ = settings(
    # FUZZ_EXAMPLES=5000 searches longer, e.g. before a release; the default keeps the suite fast.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hang(BaseException):
    """An importer ran past HANG_SECONDS (a BaseException, so no importer's `except` swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block when it runs too long: hypothesis' deadline only judges examples that finish."""

    def interrupt(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def small_map() -> StakeholderMap:
    result = load_files(
        [InputFile("actors.csv", SMALL_ACTORS.encode()), InputFile("relationships.csv", SMALL_RELATIONSHIPS.encode())]
    )
    assert result.map is not None
    return result.map


SMALL_MAP = small_map()
VALID_WORKBOOKS = (workbook_bytes(SMALL_MAP), kumu_workbook_bytes(SMALL_MAP))


# --- what an importer may answer ----------------------------------------------------------


def assert_map_or_errors(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    assert all(isinstance(issue, ValidationIssue) for issue in result.issues)
    if result.map is None:
        assert result.errors, "no map, and no error saying why"


def assert_issues(issues: object) -> None:
    assert isinstance(issues, list)
    assert all(isinstance(issue, ValidationIssue) for issue in issues)


def every_importer(files: list[InputFile]) -> None:
    """Throw the files at every entry point; each must answer with a map or issues, in time."""
    with time_limit(HANG_SECONDS):
        if len(files) <= 2:
            assert_map_or_errors(load_files(files))
        assert_map_or_errors(import_files(files))
        for format in IMPORT_FORMATS:
            assert_map_or_errors(import_files(files, format))
        for file in files:
            table, issues = read_ewp(file)
            assert table is None or isinstance(table, RiskTable)
            assert_issues(issues)
            assert table is not None or issues
            items, plan_issues = read_plan(SMALL_MAP, file)
            assert all(isinstance(item, PlanItem) for item in items)
            assert_issues(plan_issues)


# --- random values --------------------------------------------------------------------------

SUFFIXES = ("csv", "tsv", "txt", "xlsx", "xlsm", "json", "jsonl", "ndjson", "ftm", "gexf", "graphml", "xml", "bin", "")
NAMES = ("actors", "relationships", "elements", "connections", "map", "edges", "nodes", "plan", "risk")


def contract_spellings() -> list[str]:
    names = [s for c in (*ACTOR_COLUMNS, *RELATIONSHIP_COLUMNS) for s in (c.name, *c.aliases)]
    kumu = ["Label", "Type", "From", "To", "Strength", "Description", "ID", "Implied", "Tags"]
    lens = ["country", "ewp_name", "risk.2025and2026.from2024", "risk_in_2022_23", "rank", "year"]
    plan = ["target", "ask", "owner", "status", "next_step", "due"]
    return names + kumu + lens + plan


HEADERS = contract_spellings()
VOCABULARY = [k.name for k in (*ACTOR_KINDS, *RELATIONSHIP_KINDS)] + [
    "mutual",
    "directed",
    "+",
    "-",
    "high",
    "low",
    "champion",
    "top",
    "upstream;acute",
    "all",
    "8.7:mitigator",
    "15:enabler",
    "Kenya",
    "KEN",
    "planned",
    "done",
]
SPECIAL_CELLS = [
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-",
    "@SUM(A1)",
    "'=guarded",
    "\t=tab",
    "1e308",
    "-1e309",
    "9" * 400,
    "0." + "0" * 400 + "1",
    "nan",
    "inf",
    "-0",
    "0x10",
    "1,5",
    "50%",
    "1 000,5",
    "2024-13-45",
    "03/04/2008",
    "0000",
    "99999-01-01",
    "2024-02-30",
    "\x00",
    ",",
    ";",
    "\t",
    "|",
    "a|b|c",
    "|",
    '"',
    '""',
    "\ufeff",
    "\r\n",
    "\n",
    "\r",
    "\u202e",
    "🙂",
    "Ωμέγα",
    "中文",
    "a" * 300,
]
IDS = ["a", "b", "c", "A", "Bee", "umbrella", "bank"]

cells = st.one_of(
    st.sampled_from(SPECIAL_CELLS),
    st.sampled_from(VOCABULARY),
    st.sampled_from(IDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
headers = st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=8)), min_size=0, max_size=8)


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    """A delimited table: random headers and rows of random width, quoted properly or not at all."""
    header = draw(headers)
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            [header, *rows]
        )
        return buffer.getvalue()
    return "\n".join(delimiter.join(row) for row in [header, *rows])


def column_values(column: Column, ids: list[str]) -> st.SearchStrategy[str]:
    """Cells a column expects: its vocabulary, numbers in its range, dates, the map's actor ids."""
    low, high = column.minimum if column.minimum is not None else 0, column.maximum or 5
    by_type: dict[str, st.SearchStrategy[str]] = {
        "number": st.floats(min_value=low, max_value=high)
        .filter(lambda x: x > low or not column.minimum_exclusive)
        .map(lambda x: f"{x:.2f}"),
        "date": st.sampled_from(["2008", "2008-02", "2008-02-28", "28 Feb 2008", "2024-05-01"]),
        "actor_ref": st.sampled_from(ids),
        "risk_factors": st.sampled_from(["8.7:mitigator", "7.5:enabler", "15:enabler", "1 mitigator"]),
        "text": st.one_of(st.sampled_from(["", "Nairobi", "Chair", "=1+1", "a|b"]), st.text(max_size=10)),
    }
    if column.vocabulary and column.value_type in ("kind", "enum", "list"):
        spellings = [s for term in column.vocabulary for s in (term.name, term.label, *term.aliases)]
        one = st.sampled_from(spellings)
        by_type[column.value_type] = (
            st.lists(one, min_size=1, max_size=3).map(";".join) if column.value_type == "list" else one
        )
    return by_type.get(column.value_type, st.sampled_from([""]))


@st.composite
def contract_table(draw: st.DrawFn, columns: tuple[Column, ...], ids: list[str], rows_for_ids: bool) -> str:
    """A table of the contract: required columns (by any alias) and some others, cells mostly as expected.

    With `rows_for_ids` (the actors table) there is one row per id; otherwise rows join ids.
    Now and then a cell is anything at all.
    """
    optional = [c for c in columns if not c.required and c.name not in ("id", "name")]
    chosen = [c for c in columns if c.required or c.name == "id"]
    chosen = draw(st.permutations(chosen + draw(st.lists(st.sampled_from(optional), unique=True, max_size=6))))
    header = [draw(st.sampled_from((c.name, *c.aliases))) for c in chosen]
    messy = draw(st.booleans())

    def cell(column: Column) -> st.SearchStrategy[str]:
        expected = column_values(column, ids)
        return st.one_of(expected, expected, expected, expected, cells) if messy else expected

    if rows_for_ids:
        names = {c.name: i for i, c in enumerate(chosen)}
        rows = []
        for actor_id in ids:
            row = list(draw(st.tuples(*(cell(c) for c in chosen))))
            row[names["id"]] = actor_id
            if "name" in names:
                row[names["name"]] = actor_id.upper()
            rows.append(row)
    else:
        rows = draw(st.lists(st.tuples(*(cell(c) for c in chosen)), max_size=5))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


@st.composite
def contract_pair(draw: st.DrawFn) -> tuple[str, str]:
    """An actors and a relationships table about the same actors."""
    ids = draw(
        st.lists(st.sampled_from(["umbrella", "bank", "ngo", "chair", "party_a", "u2"]), min_size=2, unique=True)
    )
    actors = draw(contract_table(ACTOR_COLUMNS, ids, rows_for_ids=True))
    return actors, draw(contract_table(RELATIONSHIP_COLUMNS, ids, rows_for_ids=False))


@st.composite
def ewp_csv(draw: st.DrawFn) -> str:
    """An Early Warning Project forecast: a country column, a risk column, perhaps rank and year."""
    header = [
        draw(st.sampled_from(["country", "ewp_name", "sftgname"])),
        draw(st.sampled_from(["risk.2025and2026.from2024", "risk_in_2022_23", "risk.2024only.from2023"])),
        *draw(st.lists(st.sampled_from(["rank.2025and2026.from2024", "rank", "year", "other"]), unique=True)),
    ]
    numbers = st.sampled_from(["0.1", "1", "3", "9" * 400, "1e5", "-2", "1,5", "", "12%"])
    countries = st.sampled_from(["Kenya", "KEN", "Burma/Myanmar", "Kyrgystan", "Chad", "Atlantis"])
    plausible = st.tuples(countries, *[numbers] * (len(header) - 1))
    anything = st.tuples(*[cells] * len(header))
    rows = draw(st.lists(st.one_of(plausible, plausible, anything), max_size=8))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


@st.composite
def plan_csv(draw: st.DrawFn) -> str:
    """An engagement plan: targets on the small map (or not), asks, statuses and due dates."""
    header = draw(
        st.permutations(
            ["target", "ask", *draw(st.lists(st.sampled_from(["owner", "status", "next_step", "due"]), unique=True))]
        )
    )
    values = {
        "target": st.one_of(
            st.sampled_from([a.id for a in SMALL_MAP.actors] + [a.name for a in SMALL_MAP.actors]), cells
        ),
        "status": st.one_of(st.sampled_from(["planned", "Done", "waiting", "later"]), cells),
        "due": st.one_of(st.sampled_from(["2025-01-31", "2025-02", "31/01/2025", "99999-01-01"]), cells),
    }
    rows = draw(st.lists(st.tuples(*(values.get(h, cells) for h in header)), max_size=8))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1")


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """Text in an encoding spreadsheets write, sometimes two encodings mixed, sometimes with a stray BOM."""
    parts = draw(st.lists(st.tuples(texts, st.sampled_from(ENCODINGS)), min_size=1, max_size=2))
    data = b"".join(text.encode(encoding, errors="replace") for text, encoding in parts)
    bom = draw(st.sampled_from([b"", b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]))
    return bom + data


def encodings_of(text: str) -> st.SearchStrategy[bytes]:
    """The text in one encoding, as a program would save it, or now and then in a mixed-up one."""
    clean = st.sampled_from(ENCODINGS).map(lambda encoding: text.encode(encoding, errors="replace"))
    return st.one_of(clean, clean, encoded(st.just(text)))


def named(suffixes: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda stem, suffix: f"{stem}.{suffix}" if suffix else stem, st.sampled_from(NAMES), st.sampled_from(suffixes)
    )


# --- XML ------------------------------------------------------------------------------------

XML_TAGS = [
    "gexf",
    "graphml",
    "graph",
    "nodes",
    "node",
    "edges",
    "edge",
    "attributes",
    "attribute",
    "attvalues",
    "attvalue",
    "key",
    "data",
    "default",
    "meta",
    "creator",
    "y:NodeLabel",
]
XML_ATTRIBUTES = [
    "id",
    "source",
    "target",
    "label",
    "weight",
    "type",
    "for",
    "value",
    "title",
    "class",
    "attr.name",
    "key",
    "edgedefault",
    "defaultedgetype",
    "pid",
    "kind",
    "directed",
    "yfiles.type",
]
xml_values = st.one_of(
    cells, st.sampled_from(HEADERS), st.sampled_from(["node", "edge", "all", "undirected", "directed"])
)


def xml_element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(tag: str, attributes: dict[str, str], content: list[str]) -> str:
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items())
        return f"<{tag}{attrs}>{''.join(content)}</{tag}>"

    return st.builds(
        render,
        st.sampled_from(XML_TAGS),
        st.dictionaries(st.sampled_from(XML_ATTRIBUTES), xml_values, max_size=4),
        st.lists(children, max_size=4),
    )


xml_content = st.recursive(xml_values.map(escape), xml_element, max_leaves=25)


@st.composite
def xml_document(draw: st.DrawFn) -> bytes:
    root = draw(st.sampled_from(["gexf", "graphml", "graph", "x"]))
    body = "".join(draw(st.lists(xml_content, max_size=5)))
    prolog = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n', "<!-- c -->"]))
    doctype = draw(st.sampled_from(["", "", f'<!DOCTYPE {root} [<!ENTITY e "ee">]>']))
    text = f"{prolog}{doctype}<{root}>{body}</{root}>"
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16"])), errors="replace")


# --- JSON -----------------------------------------------------------------------------------

FTM_PROPERTIES = [
    "name",
    "firstName",
    "lastName",
    "alias",
    "country",
    "jurisdiction",
    "sector",
    "position",
    "description",
    "sourceUrl",
    "classification",
    "legalForm",
    "owner",
    "asset",
    "percentage",
    "director",
    "organization",
    "member",
    "employee",
    "employer",
    "agent",
    "client",
    "person",
    "relative",
    "associate",
    "subject",
    "object",
    "startDate",
    "endDate",
    "role",
]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    cells,
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.one_of(st.sampled_from(HEADERS), st.text(max_size=6)), children, max_size=4)
    ),
    max_leaves=15,
)
SCHEMATA = [*ACTOR_SCHEMATA, *LINK_SCHEMATA, "Sanction", "Vessel", "Thing", ""]
ftm_entity = st.fixed_dictionaries(
    {
        "id": st.one_of(st.sampled_from(IDS), json_scalars),
        "schema": st.one_of(st.sampled_from(SCHEMATA), json_scalars),
        "properties": st.one_of(
            st.dictionaries(
                st.sampled_from(FTM_PROPERTIES),
                st.one_of(st.lists(st.one_of(st.sampled_from(IDS), json_values), max_size=3), json_values),
                max_size=6,
            ),
            json_values,
        ),
    },
    optional={"datasets": json_values, "last_seen": json_values, "caption": json_values},
)
node_link = st.fixed_dictionaries(
    {
        "nodes": st.one_of(
            st.lists(
                st.one_of(st.dictionaries(st.sampled_from(HEADERS), json_values, max_size=6), json_values), max_size=6
            ),
            json_values,
        )
    },
    optional={
        "links": st.one_of(
            st.lists(
                st.one_of(st.dictionaries(st.sampled_from(HEADERS), json_values, max_size=6), json_values), max_size=6
            ),
            json_values,
        ),
        "edges": json_values,
        "graph": json_values,
        "directed": json_values,
    },
)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


json_lines = st.lists(
    st.one_of(ftm_entity.map(dumps), json_values.map(dumps), st.text(max_size=20), st.just("[" * 60)),
    max_size=8,
).map("\n".join)


# --- zip files named .xlsx -------------------------------------------------------------------

XLSX_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "docProps/core.xml",
]


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def valid_members(workbook: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


member_content = st.one_of(st.binary(max_size=200), xml_document(), st.text(max_size=50).map(str.encode))


@st.composite
def xlsx_like(draw: st.DrawFn) -> bytes:
    """A zip named .xlsx: a real workbook with parts replaced, dropped or cut, or random parts."""
    how = draw(st.sampled_from(["replace", "drop", "random", "truncate", "flip"]))
    workbook = draw(st.sampled_from(VALID_WORKBOOKS))
    members = valid_members(workbook)
    if how == "replace":
        at = draw(st.integers(min_value=0, max_value=len(members) - 1))
        members[at] = (members[at][0], draw(member_content))
    elif how == "drop":
        del members[draw(st.integers(min_value=0, max_value=len(members) - 1))]
    elif how == "random":
        # Names zipfile can write: it cuts a name at its first NUL (an empty name fails) and encodes it as UTF-8.
        writable = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
        names = st.one_of(st.sampled_from(XLSX_PARTS), st.text(writable, min_size=1, max_size=12))
        members = draw(st.lists(st.tuples(names, member_content), max_size=6, unique_by=lambda m: m[0]))
    elif how == "truncate":
        return workbook[: draw(st.integers(min_value=0, max_value=len(workbook)))]
    else:
        data = bytearray(workbook)
        for at in draw(st.lists(st.integers(min_value=0, max_value=len(data) - 1), min_size=1, max_size=8)):
            data[at] ^= draw(st.integers(min_value=1, max_value=255))
        return bytes(data)
    return zip_bytes(members)


# --- our own exports, mutated -------------------------------------------------------------


def rich_map() -> StakeholderMap:
    result = load_files(
        [InputFile("actors.csv", RICH_ACTORS.encode()), InputFile("relationships.csv", RICH_RELATIONSHIPS.encode())]
    )
    assert result.map is not None
    return result.map


EXPORTS = {
    (fmt, index): export_map(smap, fmt)
    for index, smap in enumerate((SMALL_MAP, rich_map()))
    for fmt in ("gexf", "graphml", "json")
}


@st.composite
def mutated_xml(draw: st.DrawFn, data: bytes) -> bytes:
    """A well-formed export with some attributes, texts and elements changed, dropped or repeated."""
    root = ElementTree.fromstring(data)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        elements = list(root.iter())
        element = draw(st.sampled_from(elements))
        how = draw(st.sampled_from(["set", "drop attribute", "text", "drop child", "repeat child"]))
        if how == "set":
            name = draw(st.one_of(st.sampled_from(XML_ATTRIBUTES), st.sampled_from(sorted(element.attrib) or ["id"])))
            element.set(name, draw(xml_values))
        elif how == "drop attribute" and element.attrib:
            del element.attrib[draw(st.sampled_from(sorted(element.attrib)))]
        elif how == "text":
            element.text = draw(xml_values)
        elif len(element):
            child = draw(st.sampled_from(list(element)))
            element.remove(child) if how == "drop child" else element.append(copy.deepcopy(child))
    return ElementTree.tostring(root, encoding="utf-8")


@st.composite
def mutated_json(draw: st.DrawFn, data: bytes) -> bytes:
    """A node-link export with some values replaced, keys dropped, or list items repeated."""
    document = json.loads(data)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        places = list(containers(document))
        container = draw(st.sampled_from(places))
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        how = draw(st.sampled_from(["replace", "drop", "repeat"]))
        if how == "replace":
            container[key] = draw(json_values)
        elif how == "drop":
            del container[key]
        elif isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
    return dumps(document).encode()


def containers(value: object) -> Iterator[dict | list]:
    if isinstance(value, dict | list):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from containers(child)


# --- the tests ------------------------------------------------------------------------------


@FUZZ
@given(name=named(SUFFIXES), data=st.binary(max_size=2000))
def test_random_bytes(name: str, data: bytes) -> None:
    every_importer([InputFile(name, data)])


@FUZZ
@given(actors=encoded(csv_text()), relationships=encoded(csv_text()), suffix=st.sampled_from(["csv", "tsv", "txt"]))
def test_random_csv_shapes(actors: bytes, relationships: bytes, suffix: str) -> None:
    every_importer([InputFile(f"actors.{suffix}", actors), InputFile(f"relationships.{suffix}", relationships)])


@FUZZ
@given(name=named(SUFFIXES), text=st.text(max_size=500), encoding=st.sampled_from(ENCODINGS))
def test_random_unicode(name: str, text: str, encoding: str) -> None:
    every_importer([InputFile(name, text.encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace"))])


@FUZZ
@given(data=xlsx_like(), suffix=st.sampled_from(["xlsx", "xlsm"]))
def test_random_zip_files_named_xlsx(data: bytes, suffix: str) -> None:
    every_importer([InputFile(f"map.{suffix}", data)])


@FUZZ
@given(data=xml_document(), suffix=st.sampled_from(["gexf", "graphml", "xml"]))
def test_random_xml(data: bytes, suffix: str) -> None:
    every_importer([InputFile(f"graph.{suffix}", data)])


@FUZZ
@given(text=json_lines, suffix=st.sampled_from(["jsonl", "ndjson", "json"]))
def test_random_json_lines(text: str, suffix: str) -> None:
    every_importer([InputFile(f"entities.{suffix}", text.encode())])


@FUZZ
@given(document=st.one_of(node_link, json_values))
def test_random_node_link_json(document: object) -> None:
    every_importer([InputFile("graph.json", dumps(document).encode())])


@FUZZ
@given(tables=contract_pair(), encoding=st.sampled_from(ENCODINGS), workbook=st.booleans())
def test_tables_close_to_the_contract(tables: tuple[str, str], encoding: str, workbook: bool) -> None:
    """Plausible maps, so that validation and the building of maps are reached, not only the parsers."""
    actors, relationships = tables
    files = [
        InputFile("actors.csv", actors.encode(encoding, errors="replace")),
        InputFile("relationships.csv", relationships.encode(encoding, errors="replace")),
    ]
    every_importer(files)
    if workbook:
        every_importer([InputFile("map.xlsx", workbook_of({"Actors": actors, "Relationships": relationships}))])


def workbook_of(sheets: dict[str, str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, text in sheets.items():
        sheet = book.create_sheet(title)
        for row in csv.reader(io.StringIO(text, newline="")):
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LENS_READERS: dict[str, tuple[Callable[[InputFile], tuple], st.SearchStrategy[str]]] = {
    "read_ewp": (read_ewp, ewp_csv()),
    "read_plan": (lambda file: read_plan(SMALL_MAP, file), plan_csv()),
}


@pytest.mark.parametrize("name", LENS_READERS)
@FUZZ
@given(data=st.data())
def test_lens_readers_on_tables_of_their_shape(name: str, data: st.DataObject) -> None:
    reader, tables = LENS_READERS[name]
    text = data.draw(st.one_of(tables, csv_text()))
    with time_limit(HANG_SECONDS):
        _, issues = reader(InputFile("table.csv", data.draw(encodings_of(text))))
    assert_issues(issues)


@FUZZ
@given(data=st.data(), export=st.sampled_from(sorted(EXPORTS)))
def test_our_exports_mutated(data: st.DataObject, export: tuple[str, int]) -> None:
    """Structurally plausible graphs, so that the graph readers' mapping and validation are reached."""
    fmt, _ = export
    original = EXPORTS[export]
    mutated = data.draw(mutated_json(original) if fmt == "json" else mutated_xml(original))
    every_importer([InputFile(f"map.{fmt}", mutated)])
