"""GEXF and GraphML written by other tools (networkx's own writers, Gephi, yEd) and node-link JSON."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from mapping.formats import guess_format, import_file
from mapping.load import LoadResult
from mapping.read import InputFile


def analyst_graph() -> nx.MultiDiGraph:
    """A graph as an analyst builds it in networkx: their own attribute names and types, weights 1-5."""
    graph = nx.MultiDiGraph()
    graph.add_node("kepsa", label="KEPSA", type="Business Association", influence=5.0, founded=2003)
    graph.add_node("telco", label="Telco", type="Multinational", country="Kenya")
    graph.add_node("ngo", label="Peace NGO", type="NGO")
    graph.add_node("ministry", type="Ministry")  # no label: named by its id
    graph.add_edge("telco", "kepsa", type="Member", weight=4.0, evidence="annual report", channel="SMS")
    graph.add_edge("kepsa", "ministry", type="Dialogue", weight=5.0)
    graph.add_edge("ngo", "ministry", type="Influence", weight=2.0)
    return graph


def written(writer: str, graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    getattr(nx, writer)(graph, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module", params=[("write_gexf", "analyst.gexf"), ("write_graphml", "analyst.graphml")])
def imported(request: pytest.FixtureRequest) -> LoadResult:
    writer, name = request.param
    return import_file(InputFile(name, written(writer, analyst_graph())))


def test_networkx_files_load_with_types_matched_by_aliases(imported: LoadResult) -> None:
    assert imported.map is not None, imported.errors
    kinds = {a.id: (a.name, a.kind, a.subtype) for a in imported.map.actors}
    assert kinds == {
        "kepsa": ("KEPSA", "association", ""),
        "telco": ("Telco", "business", "multinational"),
        "ngo": ("Peace NGO", "civil_society", ""),
        "ministry": ("ministry", "government", ""),
    }
    assert imported.map.actor("kepsa").influence == 5
    # "founded" is an alias of active_from in our sheets, but another tool's "founded" stays its own field.
    assert imported.map.actor("kepsa").active_from is None
    assert imported.map.actor("kepsa").attribute("founded") == "2003"
    assert imported.map.actor("telco").country == "Kenya"


def test_networkx_edges_become_ties_with_weights_rescaled(imported: LoadResult) -> None:
    ties = {(r.source, r.target): r for r in imported.map.relationships}
    member = ties[("telco", "kepsa")]
    assert (member.kind, member.strength) == ("member_of", pytest.approx(0.8))
    assert member.source_ref == ""  # "evidence" is an alias of source_ref in our sheets only
    assert dict(member.attributes) == {"evidence": "annual report", "channel": "SMS"}
    assert ties[("ngo", "ministry")].kind == "influences"
    assert any(i.code == "rescaled-value" for i in imported.warnings)


def test_gexf_from_an_undirected_graph_gives_mutual_ties() -> None:
    graph = nx.Graph()
    graph.add_node("a", label="A", kind="business")
    graph.add_node("b", label="B", kind="business")
    graph.add_edge("a", "b", kind="supplies", weight=0.3)
    result = import_file(InputFile("u.gexf", written("write_gexf", graph)))
    [tie] = result.map.relationships
    assert (tie.direction, tie.strength) == ("mutual", 0.3)


def test_gephi_weights_all_1_mean_unrated() -> None:
    gexf = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <meta><creator>Gephi 0.10.1</creator></meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node"><attribute id="type" title="Type" type="string"/></attributes>
    <attributes class="edge"><attribute id="rel" title="Relationship" type="string"/></attributes>
    <nodes>
      <node id="0" label="Umbrella"><attvalues><attvalue for="type" value="association"/></attvalues></node>
      <node id="1" label="Bank" pid="0"><attvalues><attvalue for="type" value="company"/></attvalues></node>
    </nodes>
    <edges>
      <edge id="0" source="1" target="0" weight="1.0"><attvalues><attvalue for="rel" value="funds"/></attvalues></edge>
    </edges>
  </graph>
</gexf>"""
    result = import_file(InputFile("gephi.gexf", gexf))
    assert result.map is not None, result.errors
    [tie] = result.map.explicit_relationships
    assert (tie.kind, tie.strength) == ("funds", 0.6)  # the kind's default, not 1
    assert result.map.actor("1").parent == "0"  # GEXF hierarchy
    assert [i.code for i in result.warnings] == ["rescaled-value"]


def test_yed_graphml_labels_are_read_from_its_graphics() -> None:
    graphml = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d0" yfiles.type="nodegraphics"/>
  <key for="node" id="d1" attr.name="kind" attr.type="string"><default>business</default></key>
  <key for="edge" id="d2" attr.name="kind" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <node id="n0"><data key="d0"><y:ShapeNode><y:NodeLabel>Alpha Ltd</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n1"><data key="d0"><y:ShapeNode><y:NodeLabel>Beta Chamber</y:NodeLabel></y:ShapeNode></data>
      <data key="d1">chamber of commerce</data></node>
    <edge source="n0" target="n1"><data key="d2">member</data></edge>
  </graph>
</graphml>"""
    result = import_file(InputFile("yed.graphml", graphml))
    assert {(a.name, a.kind) for a in result.map.actors} == {("Alpha Ltd", "business"), ("Beta Chamber", "association")}
    assert result.map.relationships[0].direction == "mutual"


def test_a_graph_without_kinds_loads_with_the_default_kinds_and_one_warning_per_table() -> None:
    result = import_file(InputFile("plain.graphml", written("write_graphml", nx.path_graph(3))))
    assert result.ok, result.errors
    assert {a.kind for a in result.map.actors} == {"other"}
    assert {r.kind for r in result.map.relationships} == {"linked"}
    kinds = [(i.file, i.column, i.rows) for i in result.issues if i.code == "default-kind"]
    assert kinds == [("plain.graphml, edges", "kind", (1, 2)), ("plain.graphml, nodes", "kind", (1, 2, 3))]


def test_foreign_node_link_json_loads() -> None:
    graph = nx.DiGraph()
    graph.add_node("a", name="Alpha", kind="company", tags=["x", "y"])
    graph.add_node("b", name="Beta", kind="ngo")
    graph.add_edge("a", "b", kind="funds", strength=0.7)
    data = json.dumps(nx.node_link_data(graph, edges="edges")).encode()
    assert guess_format([InputFile("g.json", data)]) == "json"
    result = import_file(InputFile("g.json", data))
    assert result.map is not None, result.errors
    assert result.map.actor("a").attribute("tags") == "x;y"
    assert result.map.relationships[0].strength == 0.7


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("g.gexf", b"<gexf/>", "gexf"),
        ("g.xml", b"<?xml version='1.0'?><graphml/>", "graphml"),
        ("g.xml", b"<?xml version='1.0'?><gexf/>", "gexf"),
        ("g.jsonl", b"{}", "ftm"),
        ("g.pdf", b"%PDF", None),
    ],
)
def test_format_is_guessed_from_name_and_content(name: str, head: bytes, expected: str | None) -> None:
    assert guess_format([InputFile(name, head)]) == expected
