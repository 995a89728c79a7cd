"""Files other tools really wrote (tests/data/real, sources in SOURCES.md) import as they are, and round-trip.

Each file is read with its format guessed, as an analyst would drop it on the
Data page, and must give a map with the true numbers of actors and ties; the
map then goes out as GEXF and GraphML and comes back the same. The expected
numbers are the file's own (counted independently in `manifest.json`), less or
more what our rules say, each noted below.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mapping.formats import export_map, import_file, import_files
from mapping.model import StakeholderMap
from mapping.read import InputFile

REAL = Path(__file__).parent / "data" / "real"
MANIFEST = {entry["path"]: entry for entry in json.loads((REAL / "manifest.json").read_text())}

# path -> (actors, ties) where they differ from the manifest's nodes and edges, and why.
EXCEPTIONS: dict[str, tuple[int, int]] = {
    "gephi/data.gexf": (1, 0),  # its one edge is a self-loop: left out with a warning
    "gephi/missing_nodes.gexf": (6, 4),  # 4 edge ends name undeclared nodes: added, as Gephi does
    "yed/yfiles.graphml": (4, 3),  # one self-loop left out (the duplicate edge is kept, with a warning)
    "kumu/kumu.json": (4, 3),  # "Ryan" is named by a connection, not an element: added
    "ftm/zala_entities.ftm.json": (17, 21),  # 11 Addresses are not actors (41 Sanctions, a Passport left out)
    "ftm/t1_entities.ftm.json": (6, 0),  # 1 Address is not an actor
    "ftm/donations.ijson": (95, 116),  # 89 Addresses are not actors; 290 payments between 116 payer-beneficiary pairs
}
UNREADABLE = {"kumu/overview-of-the-euro-crisis.xlsx"}  # its bytes were mangled in its repository: not a zip
READABLE = sorted(set(MANIFEST) - UNREADABLE)


def imported(path: str) -> StakeholderMap:
    file = REAL / path
    result = import_files([InputFile(file.name, file.read_bytes())])
    assert result.map is not None, [(i.location, i.message) for i in result.errors]
    return result.map


@pytest.mark.parametrize("path", READABLE)
def test_a_real_file_imports_as_it_is_with_its_true_counts(path: str) -> None:
    smap = imported(path)
    entry = MANIFEST[path]
    expected = EXCEPTIONS.get(path, (entry["nodes"], entry["edges"]))
    assert (len(smap.actors), len(smap.explicit_relationships)) == expected


@pytest.mark.parametrize("path", READABLE)
@pytest.mark.parametrize("format", ["gexf", "graphml"])
def test_a_real_file_round_trips_through_gexf_and_graphml(path: str, format: str) -> None:
    smap = imported(path)
    back = import_file(InputFile(f"map.{format}", export_map(smap, format)))
    assert back.map is not None, [(i.location, i.message) for i in back.errors]
    assert actors_of(back.map) == actors_of(smap)
    assert ties_of(back.map) == ties_of(smap)


def actors_of(smap: StakeholderMap) -> dict[str, tuple]:
    return {a.id: (a.name, a.kind, a.parent, a.active_from, a.active_until) for a in smap.actors}


def ties_of(smap: StakeholderMap) -> Counter:
    return Counter(
        (r.source, r.target, r.kind, round(r.strength, 6), r.direction, r.since, r.until)
        for r in smap.explicit_relationships
    )


def test_a_workbook_mangled_in_its_repository_is_refused_with_a_reason_not_a_traceback() -> None:
    file = REAL / "kumu" / "overview-of-the-euro-crisis.xlsx"
    result = import_files([InputFile(file.name, file.read_bytes())])
    assert result.map is None
    assert [(i.file, i.code) for i in result.errors] == [(file.name, "unreadable-file")]
    assert "not a valid Excel .xlsx workbook" in result.errors[0].message


def test_every_real_file_has_its_source_written_down() -> None:
    sources = (REAL / "SOURCES.md").read_text()
    on_disk = {str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.is_file()} - {"SOURCES.md", "manifest.json"}
    assert on_disk == set(MANIFEST)
    assert all(path in sources for path in MANIFEST)


def test_strengths_are_the_same_whichever_format_carries_the_graph() -> None:
    """One graph written by networkx as GEXF, GraphML and node-link JSON, one weight left out, reads alike."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edge("a", "b", weight=4.0)
    graph.add_edge("b", "c", weight=2.0)
    graph.add_edge("c", "a")  # no weight: 1, as GEXF and networkx say
    files = {
        "g.gexf": "\n".join(nx.generate_gexf(graph)).encode(),
        "g.graphml": "\n".join(nx.generate_graphml(graph)).encode(),
        "g.json": json.dumps(nx.node_link_data(graph, edges="links")).encode(),
    }
    strengths = {}
    for name, data in files.items():
        result = import_file(InputFile(name, data))
        assert result.ok, result.errors
        strengths[name] = {(r.source, r.target): r.strength for r in result.map.relationships}
    assert strengths["g.gexf"] == strengths["g.graphml"] == strengths["g.json"]
    assert strengths["g.gexf"] == {("a", "b"): 0.8, ("b", "c"): 0.4, ("c", "a"): 0.2}


def test_gephi_hierarchies_nested_or_by_pid_give_the_same_parents() -> None:
    nested, by_pid = imported("gephi/hierarchy1.gexf"), imported("gephi/hierarchy3.gexf")
    assert {a.id: a.parent for a in nested.actors}["f"] == "e"
    assert sum(1 for a in by_pid.actors if a.parent) == 6  # the six nodes with a pid
    assert sum(1 for a in imported("yed/nested-sample-graph.graphml").actors if a.parent) == 24  # inside a group


def test_gephi_spells_and_start_end_become_dates() -> None:
    smap = imported("gephi/dynamics.gexf")
    assert str(smap.actor("0").active_from) == "2009-03-01" and str(smap.actor("2").active_until) == "2009-03-10"
    dated = {(r.source, r.target): (str(r.since), str(r.until)) for r in smap.relationships}
    assert dated[("0", "2")] == ("2009-03-01", "2009-03-10")


def test_gephis_left_out_weights_count_as_one_so_the_weakest_ties_stay_weakest() -> None:
    """Les Misérables: 97 edges carry no weight (GEXF's default 1), the strongest weighs 31."""
    strengths = sorted(r.strength for r in imported("gephi/Les Miserables.gexf").relationships)
    assert strengths[0] == pytest.approx(1 / 31) and strengths[-1] == 1.0
    assert sum(1 for s in strengths if s == pytest.approx(1 / 31)) >= 97


def test_undirected_node_link_and_d3_links_by_position() -> None:
    assert {r.direction for r in imported("networkx/force.json").relationships} == {"mutual"}
    v3, v4 = imported("d3/miserables_v3.json"), imported("d3/miserables.json")
    assert {(r.source, r.target) for r in v3.relationships} == {(r.source, r.target) for r in v4.relationships}


def test_party_donations_are_funds_ties_from_the_donors() -> None:
    smap = imported("ftm/donations.ijson")
    assert {r.kind for r in smap.relationships} == {"funds"}
    assert all("payment" in r.notes for r in smap.relationships)
