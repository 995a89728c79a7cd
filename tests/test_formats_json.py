"""JSON graphs as other tools write them: networkx undirected, d3 v3 to v7, graphology (Gephi Lite), Kumu's JSON."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from mapping.formats import guess_format, import_file
from mapping.formats.graphology import graphology_records
from mapping.formats.kumu_json import kumu_json_records
from mapping.formats.nodelink import node_link_records
from mapping.load import LoadResult
from mapping.read import InputFile


def json_file(name: str, document: object) -> InputFile:
    return InputFile(name, json.dumps(document).encode("utf-8"))


def ties(result: LoadResult) -> dict[tuple[str, str], object]:
    assert result.map is not None, result.errors
    return {(r.source, r.target): r for r in result.map.explicit_relationships}


# --- node-link: networkx ------------------------------------------------------------------


def test_an_undirected_networkx_graph_gives_mutual_ties_unless_a_link_says_otherwise() -> None:
    graph = nx.MultiGraph()  # keys on every link, which stay ignored
    graph.add_node("ngo", name="Peace NGO", kind="NGO")
    graph.add_node("bank", name="Bank", kind="company")
    graph.add_node("ministry", name="Ministry", kind="ministry")
    graph.add_edge("ngo", "bank", kind="partnership")
    graph.add_edge("bank", "ministry", kind="funds", direction="directed")
    result = import_file(json_file("g.json", nx.node_link_data(graph, edges="links")))
    found = ties(result)
    assert found[("ngo", "bank")].direction == "mutual"
    assert found[("bank", "ministry")].direction == "directed"
    assert not any("key" in dict(r.attributes) for r in found.values())


def test_a_directed_networkx_graph_leaves_direction_to_the_kind() -> None:
    graph = nx.DiGraph([("a", "b")])
    records = node_link_records("g.json", nx.node_link_data(graph, edges="links"))
    assert records.edges == ({"source": "a", "target": "b"},)


def test_integer_node_ids_are_ids_not_positions() -> None:
    graph = nx.Graph()
    graph.add_nodes_from([(7, {"kind": "business"}), (3, {"kind": "business"}), (0, {"kind": "business"})])
    graph.add_edges_from([(7, 3), (3, 0)], kind="supplies")
    result = import_file(json_file("ints.json", nx.node_link_data(graph, edges="links")))
    assert {a.id for a in result.map.actors} == {"7", "3", "0"}
    assert set(ties(result)) == {("7", "3"), ("3", "0")}


# --- node-link: d3 -------------------------------------------------------------------------

MISERABLES = {  # the shape of d3 v3's miserables.json: nodes by name, links by position
    "nodes": [{"name": "Myriel", "group": 1}, {"name": "Napoleon", "group": 1}, {"name": "Valjean", "group": 2}],
    "links": [{"source": 1, "target": 0, "value": 1}, {"source": "2", "target": "0", "value": 5}],
}


def test_d3_v3_links_by_position_name_the_nodes() -> None:
    records = node_link_records("g.json", MISERABLES)
    assert [(e["source"], e["target"], e["value"]) for e in records.edges] == [
        ("Napoleon", "Myriel", "1"),
        ("Valjean", "Myriel", "5"),
    ]
    assert records.nodes[0] == {"name": "Myriel", "group": "1"}


def test_d3_v3_nodes_with_no_name_take_their_position_as_id() -> None:
    records = node_link_records(
        "g.json", {"nodes": [{"group": 1}, {"name": "B"}], "links": [{"source": 0, "target": 1}]}
    )
    assert records.nodes == ({"group": "1", "id": "0"}, {"name": "B"})
    assert records.edges == ({"source": "0", "target": "B"},)


def test_d3_ends_replaced_by_node_objects_are_read_by_id_or_index() -> None:
    laid_out = {
        "nodes": [{"name": "A", "index": 0, "x": 1.5}, {"name": "B", "index": 1}],
        "links": [{"source": {"name": "A", "index": 0}, "target": {"name": "B", "index": 1}}],
    }
    assert node_link_records("g.json", laid_out).edges == ({"source": "A", "target": "B"},)


def test_d3_v4_string_ids_are_kept() -> None:
    document = {
        "nodes": [{"id": "Myriel", "group": 1, "kind": "faith"}, {"id": "Napoleon", "group": 1, "kind": "political"}],
        "links": [{"source": "Napoleon", "target": "Myriel", "value": 1, "kind": "advises"}],
    }
    result = import_file(json_file("miserables.json", document))
    assert set(ties(result)) == {("Napoleon", "Myriel")}
    assert result.map.actor("Myriel").name == "Myriel"


def test_d3_v3_file_with_kinds_imports() -> None:
    document = {
        "nodes": [{"name": n, "kind": "business"} for n in ("Alpha", "Beta", "Gamma")],
        "links": [{"source": 0, "target": 1, "kind": "supplies"}, {"source": 2, "target": 0, "kind": "funds"}],
    }
    result = import_file(json_file("d3.json", document))
    assert set(ties(result)) == {("Alpha", "Beta"), ("Gamma", "Alpha")}


# --- graphology ----------------------------------------------------------------------------

GEPHI_LITE = {
    "attributes": {"title": "Nairobi business"},
    "options": {"type": "mixed", "multi": False, "allowSelfLoops": True},
    "nodes": [
        {
            "key": "n1",
            "attributes": {"label": "KEPSA", "x": 10.5, "y": 20, "size": 8, "color": "#f00", "kind": "chamber"},
        },
        {"key": "n2", "attributes": {"label": "Safaricom", "x": -3, "y": -4, "size": 5, "kind": "company"}},
        {"key": "n3", "attributes": {"kind": "NGO", "country": "Kenya"}},
    ],
    "edges": [
        {"key": "e1", "source": "n2", "target": "n1", "attributes": {"kind": "member", "weight": 4, "color": "#ccc"}},
        {"key": "e2", "source": "n1", "target": "n3", "attributes": {"kind": "partnership"}, "undirected": True},
    ],
}


@pytest.fixture(scope="module")
def gephi_lite() -> LoadResult:
    return import_file(json_file("gephi-lite.json", GEPHI_LITE))


def test_graphology_is_recognised() -> None:
    assert guess_format([json_file("gephi-lite.json", GEPHI_LITE)]) == "graphology"


def test_graphology_keys_labels_and_positions(gephi_lite: LoadResult) -> None:
    assert gephi_lite.map is not None, gephi_lite.errors
    assert gephi_lite.map.title == "Nairobi business"
    actors = {a.id: (a.name, a.kind, a.pinned) for a in gephi_lite.map.actors}
    assert actors == {
        "n1": ("KEPSA", "association", (10.5, -20)),  # graphology's y grows upwards, ours downwards
        "n2": ("Safaricom", "business", (-3, 4)),
        "n3": ("n3", "civil_society", None),
    }
    assert gephi_lite.map.actor("n3").country == "Kenya"
    assert gephi_lite.map.actor("n1").attribute("size") is None


def test_graphology_edges_undirected_per_edge_or_for_the_graph(gephi_lite: LoadResult) -> None:
    found = ties(gephi_lite)
    assert found[("n1", "n3")].direction == "mutual"
    mixed = graphology_records("m.json", GEPHI_LITE)
    assert [edge.get("direction") for edge in mixed.edges] == [None, "mutual"]  # e1: the kind's default
    undirected = graphology_records("u.json", GEPHI_LITE | {"options": {"type": "undirected"}})
    assert all(edge["direction"] == "mutual" for edge in undirected.edges)


def test_graphology_drawing_details_are_one_warning(gephi_lite: LoadResult) -> None:
    [warning] = [i for i in gephi_lite.warnings if i.code == "dropped-content"]
    assert "2 nodes and 1 edge" in warning.message


# --- Kumu JSON -----------------------------------------------------------------------------

KUMU_EXPORT = {
    "elements": [
        {
            "_id": "elem-1",
            "attributes": {
                "label": "Kenya Private Sector Alliance",
                "element type": "Business Association",
                "description": "Apex body",
                "tags": ["apex", "convener"],
                "website": "kepsa.example",
            },
        },
        {"_id": "elem-2", "attributes": {"label": "Safaricom", "element type": "Company"}},
        {"_id": "elem-3", "attributes": {"label": "Concerned Citizens for Peace", "element type": "NGO"}},
    ],
    "connections": [
        {
            "_id": "conn-1",
            "from": "elem-2",
            "to": "elem-1",
            "direction": "directed",
            "delayed": False,
            "reversed": False,
            "attributes": {"connection type": "Member", "strength": 4, "description": "Since 2003"},
        },
        {
            "_id": "conn-2",
            "from": "elem-2",
            "to": "elem-3",
            "direction": "undirected",
            "delayed": True,
            "reversed": False,
            "attributes": {"connection type": "Partnership", "strength": 5, "channel": "SMS"},
        },
    ],
    "loops": [{"_id": "loop-1", "attributes": {"label": "R1"}}],
    "maps": [{"_id": "map-1", "name": "Overview"}, {"_id": "map-2", "name": "Detail"}],
}


@pytest.fixture(scope="module")
def kumu_export() -> LoadResult:
    return import_file(json_file("kumu-project.json", KUMU_EXPORT))


def test_kumu_json_is_recognised() -> None:
    assert guess_format([json_file("kumu-project.json", KUMU_EXPORT)]) == "kumu-json"


def test_kumu_export_elements(kumu_export: LoadResult) -> None:
    assert kumu_export.map is not None, kumu_export.errors
    kepsa = kumu_export.map.actor("elem-1")
    assert (kepsa.name, kepsa.kind, kepsa.notes) == ("Kenya Private Sector Alliance", "association", "Apex body")
    assert kepsa.attribute("tags") == "apex;convener"
    assert kepsa.attribute("website") == "kepsa.example"


def test_kumu_export_connections(kumu_export: LoadResult) -> None:
    found = ties(kumu_export)
    member, partner = found[("elem-2", "elem-1")], found[("elem-2", "elem-3")]
    assert (member.kind, member.direction, member.notes) == ("member_of", "directed", "Since 2003")
    assert (partner.kind, partner.direction) == ("partners_with", "mutual")
    assert (member.strength, partner.strength) == (pytest.approx(0.8), 1.0)  # Kumu's 1-5 scale
    assert dict(partner.attributes) == {"channel": "SMS", "delayed": "true"}
    assert dict(member.attributes) == {}  # Kumu's ids and false flags say nothing


def test_kumu_loops_and_maps_are_one_warning_each(kumu_export: LoadResult) -> None:
    warnings = [i.message for i in kumu_export.warnings if i.code == "dropped-content"]
    assert len(warnings) == 2
    assert any("loops (1)" in m for m in warnings) and any("maps (2)" in m for m in warnings)


def test_kumu_blueprint_with_flat_fields_and_labels_as_ends() -> None:
    blueprint = {
        "elements": [
            {"label": "A Ltd", "type": "Company", "description": "This is A", "tags": ["one", "two"]},
            {"label": "B Trust", "type": "NGO", "Favorite Dessert": "shave ice"},
        ],
        "connections": [{"from": "A Ltd", "to": "B Trust", "type": "funds", "direction": "mutual"}],
    }
    result = import_file(json_file("blueprint.json", blueprint))
    [tie] = ties(result).values()
    assert (tie.kind, tie.direction) == ("funds", "mutual")
    a_ltd = result.map.find("A Ltd")
    assert (a_ltd.kind, a_ltd.notes, a_ltd.attribute("tags")) == ("business", "This is A", "one;two")
    assert result.map.find("B Trust").attribute("Favorite Dessert") == "shave ice"


def test_kumu_format_given_for_a_json_file_reads_kumu_json() -> None:
    result = import_file(json_file("project.json", KUMU_EXPORT), "kumu")
    assert result.map is not None, result.errors


# --- every dialect -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "records"),
    [
        ({"directed": False, "nodes": [{"id": "a"}], "links": []}, lambda d: node_link_records("g.json", d)),
        ({"nodes": [{"key": "a"}]}, lambda d: graphology_records("g.json", d)),
        ({"elements": [{"_id": "a", "attributes": {"label": "A"}}]}, lambda d: kumu_json_records("k.json", d)),
    ],
    ids=["node-link", "graphology", "kumu"],
)
def test_a_document_with_nodes_and_no_links_gives_no_edge_records(document: dict, records: object) -> None:
    found = records(document)
    assert len(found.nodes) == 1 and found.edges == ()


@pytest.mark.parametrize(
    "document",
    [
        {"nodes": [{"id": "a", "kind": "business"}], "links": []},
        {"nodes": [{"key": "a", "attributes": {"kind": "business"}}]},
        {"elements": [{"_id": "a", "attributes": {"label": "A", "element type": "Company"}}], "connections": []},
    ],
    ids=["node-link", "graphology", "kumu"],
)
def test_a_map_with_no_ties_imports(document: dict) -> None:
    result = import_file(json_file("lonely.json", document))
    assert result.map is not None, result.errors
    assert len(result.map.actors) == 1 and not result.map.relationships


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"nodes": [], "links": []}, "json"),
        ({"nodes": [{"id": "a", "key": "k"}]}, "json"),
        ({"nodes": [{"key": "a"}], "edges": []}, "graphology"),
        ({"elements": [], "connections": []}, "kumu-json"),
        ({"elements": [{"label": "A"}]}, "kumu-json"),
    ],
)
def test_json_dialect_is_guessed_from_the_document(document: dict, expected: str) -> None:
    assert guess_format([json_file("x.json", document)]) == expected


def test_a_document_read_as_the_wrong_dialect_says_what_it_needs() -> None:
    result = import_file(json_file("graph.json", {"nodes": [{"id": "a"}], "links": []}), "kumu-json")
    [issue] = result.errors
    assert (issue.code, issue.file) == ("unreadable-file", "graph.json")
    assert "'elements'" in issue.message


def test_other_lists_in_a_node_link_document_are_one_warning_each() -> None:
    document = {"nodes": [{"id": "a"}], "links": [], "hyperedges": [{"nodes": ["a"]}, {"nodes": ["a"]}]}
    [warning] = node_link_records("h.json", document).issues
    assert (warning.code, warning.file) == ("dropped-content", "h.json") and "hyperedges (2)" in warning.message


def test_networkx_1_graph_attributes_as_pairs_give_the_title() -> None:
    document = {"graph": [["name", "barbell"]], "nodes": [{"id": 0}], "links": []}
    records = node_link_records("nx1.json", document)
    assert (records.title, records.issues) == ("barbell", ())


def test_a_gephi_lite_file_is_read_as_its_full_graph() -> None:
    workspace = {
        "type": "gephi-lite",
        "version": "1.0.0",
        "graphDataset": {
            "nodeData": {"0": {"label": "Alpha", "kind": "company", "size": 4}, "1": {"label": "Beta", "kind": "NGO"}},
            "edgeData": {"e0": {"kind": "funds", "weight": 2}},
            "layout": {"0": {"x": 5, "y": 7}, "1": {"x": -1, "y": 0}},
            "metadata": {"title": "Workspace"},
            "fullGraph": {
                "options": {"type": "directed"},
                "nodes": [{"key": "0"}, {"key": "1"}],
                "edges": [{"key": "e0", "source": "1", "target": "0"}],
            },
        },
        "filters": {},
        "appearance": {},
    }
    file = json_file("workspace.json", workspace)
    assert guess_format([file]) == "graphology"
    result = import_file(file)
    assert result.map is not None, result.errors
    assert result.map.title == "Workspace"
    assert {(a.name, a.kind, a.pinned) for a in result.map.actors} == {
        ("Alpha", "business", (5, -7)),
        ("Beta", "civil_society", (-1, 0)),
    }
    assert set(ties(result)) == {("1", "0")}
