"""Every export format reads back to the same map: actors, ties, custom fields, lists and dates."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from mapping.formats import EXPORT_FORMATS, export_map, import_file
from mapping.load import load_files
from mapping.model import StakeholderMap
from mapping.read import InputFile
from tests.formats_maps import HOSTILE_ACTORS, HOSTILE_RELATIONSHIPS, RICH_ACTORS, RICH_RELATIONSHIPS, map_from_csv

# The formats that can hold a whole map, and the file name each is read back from.
ROUND_TRIP_FILES = {
    "csv": "map.zip",
    "xlsx": "map.xlsx",
    "kumu": "map.xlsx",
    "gexf": "map.gexf",
    "graphml": "map.graphml",
    "json": "map.json",
}


def read_back(smap: StakeholderMap, fmt: str) -> StakeholderMap:
    data = export_map(smap, fmt)
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            result = load_files([InputFile(name, archive.read(name)) for name in archive.namelist()])
    else:
        result = import_file(InputFile(ROUND_TRIP_FILES[fmt], data))
    assert result.map is not None, result.errors[:5]
    assert not [i for i in result.warnings if i.code in ("rescaled-value", "skipped-record")]
    return result.map


@pytest.fixture(scope="module")
def rich_map() -> StakeholderMap:
    return map_from_csv(RICH_ACTORS, RICH_RELATIONSHIPS)


@pytest.fixture(scope="module")
def hostile_map() -> StakeholderMap:
    return map_from_csv(HOSTILE_ACTORS, HOSTILE_RELATIONSHIPS)


def test_the_rich_map_has_what_the_round_trips_must_keep(rich_map: StakeholderMap) -> None:
    umbrella = rich_map.actor("umbrella")
    assert [a.short_name for a in rich_map.actors] == ["UA & Co", "", "MoI", "", "UA chair", ""]
    assert umbrella.attributes == (("Website", "https://umbrella.example"), ("Registry", "C-2003"))
    assert umbrella.risk_factors and umbrella.phases and "\n" in umbrella.notes
    assert any(r.implied for r in rich_map.relationships)
    assert any(not r.is_positive for r in rich_map.relationships)
    assert dict(rich_map.explicit_relationships[0].attributes) == {"Evidence grade": "A"}
    # Interest and actor dates, rated, half-rated and blank.
    staff = rich_map.actor("staff")
    assert (staff.interest, str(staff.active_from), str(staff.active_until)) == (3.5, "2010", "2012-06")
    assert rich_map.actor("ministry").active_until is not None and rich_map.actor("chair").interest is None
    # Each way a back strength comes: written, written zero on a two-way kind, a written direction, the default.
    backs = [(r.kind, r.strength_back) for r in rich_map.explicit_relationships]
    assert backs == [
        ("member_of", 0.35),
        ("dialogue", 0.0),
        ("mediates", 0.0),
        ("opposes", 0.0),
        ("regulates", 0.25),
        ("supplies", 0.2),
    ]


def test_every_whole_map_format_is_tested() -> None:
    assert set(ROUND_TRIP_FILES) == set(EXPORT_FORMATS) - {"html", "png"}


@pytest.mark.parametrize("fmt", ROUND_TRIP_FILES)
def test_rich_map_round_trips(rich_map: StakeholderMap, fmt: str) -> None:
    back = read_back(rich_map, fmt)
    assert back.actors == rich_map.actors
    assert back.relationships == rich_map.relationships


@pytest.mark.parametrize("fmt", ROUND_TRIP_FILES)
def test_kenya_sample_round_trips(kenya_map: StakeholderMap, fmt: str) -> None:
    assert read_back(kenya_map, fmt) == kenya_map


@pytest.mark.parametrize("fmt", ROUND_TRIP_FILES)
def test_small_map_round_trips(small_map: StakeholderMap, fmt: str) -> None:
    assert read_back(small_map, fmt) == small_map


@pytest.mark.parametrize("fmt", ROUND_TRIP_FILES)
def test_hostile_labels_round_trip_unchanged(hostile_map: StakeholderMap, fmt: str) -> None:
    back = read_back(hostile_map, fmt)
    assert [a.name for a in back.actors] == [a.name for a in hostile_map.actors]
    assert back == hostile_map


# --- the files are what other tools expect ------------------------------------------------


def test_networkx_reads_our_gexf_with_colours_sizes_and_positions(kenya_map: StakeholderMap) -> None:
    graph = nx.read_gexf(io.BytesIO(export_map(kenya_map, "gexf")))
    assert graph.number_of_nodes() == len(kenya_map)
    # networkx reads a mutual edge as one edge each way (and the GEXF is a multigraph, so every tie counts).
    assert graph.number_of_edges() == sum(2 if r.is_mutual else 1 for r in kenya_map.relationships)
    kepsa = graph.nodes["kepsa"]
    assert kepsa["label"] == kenya_map.actor("kepsa").name
    assert kepsa["kind"] == "association"
    assert kepsa["viz"]["color"] == {"r": 0xE6, "g": 0x9F, "b": 0x00, "a": 1.0}  # the association orange
    assert kepsa["viz"]["size"] == 10 + 6 * kenya_map.actor("kepsa").influence
    assert set(kepsa["viz"]["position"]) == {"x", "y", "z"}


def test_networkx_reads_our_graphml(rich_map: StakeholderMap) -> None:
    graph = nx.read_graphml(io.BytesIO(export_map(rich_map, "graphml")))
    assert graph.nodes["telco"]["name"] == "Télécom Kenya"
    assert graph.nodes["umbrella"]["Website"] == "https://umbrella.example"
    assert graph.number_of_edges() == len(rich_map.relationships)


def test_node_link_json_is_networkx_node_link_data(rich_map: StakeholderMap) -> None:
    data = json.loads(export_map(rich_map, "json"))
    graph = nx.node_link_graph(data, edges="links")
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["umbrella"]["attributes"] == {"Website": "https://umbrella.example", "Registry": "C-2003"}
    assert (graph.nodes["umbrella"]["interest"], graph.nodes["umbrella"]["active_from"]) == (5.0, "2003")
    assert [d["strength_back"] for _, _, d in graph.edges(data=True) if d["kind"] == "regulates"] == [0.25]
    assert graph.nodes["umbrella"]["phases"] == ["upstream", "acute", "recovery"]
    assert graph.nodes["umbrella"]["risk_factors"] == ["8.7:mitigator"]
    implied = [d for _, _, d in graph.edges(data=True) if d.get("implied")]
    assert len(implied) == len(rich_map.relationships) - len(rich_map.explicit_relationships)


def test_html_export_is_the_offline_map_page(small_map: StakeholderMap) -> None:
    page = export_map(small_map, "html").decode("utf-8")
    assert "<html" in page.lower() and "vis-network" in page.lower()
    assert "Umbrella Business Alliance" in page


def test_unknown_export_format_is_refused(small_map: StakeholderMap) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_map(small_map, "pdf")
