"""Maps with no ties, or nothing at all, through the graph formats.

A map with actors and no ties is a real first step (a list of stakeholders before
anyone maps who influences whom): it must survive GEXF, GraphML and node-link
JSON. A map with no actors holds nothing to show, so reading one back is the
`no-rows` error a CSV with no actors gives, and only that.
"""

from __future__ import annotations

import io

import networkx as nx
import pytest

from mapping.formats import export_files, export_map, import_file, import_files
from mapping.model import StakeholderMap
from mapping.read import InputFile
from tests.formats_maps import map_from_csv

GRAPH_FILES = {"gexf": "map.gexf", "graphml": "map.graphml", "json": "map.json"}
ACTORS_ONLY = (
    "id,name,kind,parent\nalliance,Peace Alliance,association,\nchair,Chair,person,alliance\nbank,Bank,business,\n"
)


@pytest.fixture(scope="module")
def actors_only() -> StakeholderMap:
    return map_from_csv(ACTORS_ONLY, "source,target,kind\n")


@pytest.mark.parametrize("fmt", GRAPH_FILES)
def test_a_map_without_ties_reads_back_with_the_same_actors(actors_only: StakeholderMap, fmt: str) -> None:
    result = import_file(InputFile(GRAPH_FILES[fmt], export_map(actors_only, fmt)))
    assert result.map is not None, result.errors
    assert result.map.actors == actors_only.actors
    assert result.map.explicit_relationships == ()
    assert result.map.relationships == actors_only.relationships  # only the tie the chair's parent implies
    assert [i.code for i in result.warnings] == ["no-rows"]


@pytest.mark.parametrize(("writer", "name"), [("write_gexf", "g.gexf"), ("write_graphml", "g.graphml")])
def test_a_graph_file_with_nodes_and_no_edges_loads(writer: str, name: str) -> None:
    graph = nx.DiGraph()
    graph.add_node("a", label="Alpha", kind="business")
    graph.add_node("b", label="Beta", kind="ngo")
    buffer = io.BytesIO()
    getattr(nx, writer)(graph, buffer)
    result = import_file(InputFile(name, buffer.getvalue()))
    assert result.map is not None, result.errors
    assert [(a.id, a.kind) for a in result.map.actors] == [("a", "business"), ("b", "civil_society")]
    assert result.map.relationships == ()


@pytest.mark.parametrize("fmt", GRAPH_FILES)
def test_a_map_with_no_actors_is_the_no_rows_error_alone(fmt: str) -> None:
    result = import_file(InputFile(GRAPH_FILES[fmt], export_map(StakeholderMap([], [], title="blank"), fmt)))
    assert result.map is None
    assert [(i.file, i.code) for i in result.errors] == [(f"{GRAPH_FILES[fmt]}, nodes", "no-rows")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "kumu"])
def test_a_map_without_ties_reads_back_from_the_spreadsheet_formats(actors_only: StakeholderMap, fmt: str) -> None:
    exported = export_files(actors_only, fmt)
    files = [InputFile(name, data) for name, data in exported.files.items()]
    result = import_files(files)
    assert result.map is not None, result.errors
    assert [(a.id, a.kind, a.parent) for a in result.map.actors] == [
        (a.id, a.kind, a.parent) for a in actors_only.actors
    ]
    assert result.map.explicit_relationships == ()
