"""The compiled (scipy, igraph) paths give networkx's answers, on graphs large enough to use them."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import signal

import networkx as nx
import pytest

from mapping.analysis import worker
from mapping.analysis.brokerage import COMPILED_FROM, brokerage
from mapping.analysis.compiled import compile_graph
from mapping.analysis.influence import InfluenceOptions, influence_graph
from mapping.analysis.reach import accessibility, reach_summaries
from mapping.samples import load_sample


@pytest.fixture(scope="module")
def weighted() -> nx.DiGraph:
    """A random directed graph with continuous strengths (no two routes equally strong)."""
    graph = nx.gnm_random_graph(max(COMPILED_FROM, 500) + 100, 3000, seed=11, directed=True)
    rng = random.Random(5)
    for u, v in graph.edges:
        graph[u][v]["distance"] = -math.log(rng.uniform(0.05, 1.0))
    return nx.relabel_nodes(graph, {n: f"a{n}" for n in graph})


def test_exact_betweenness_equals_networkx(weighted: nx.DiGraph) -> None:
    expected = nx.betweenness_centrality(weighted, normalized=True, weight="distance")
    assert brokerage(weighted) == pytest.approx(expected, abs=1e-12)


def test_sampled_betweenness_equals_networkx_with_the_same_sample(weighted: nx.DiGraph) -> None:
    expected = nx.betweenness_centrality(weighted, k=60, normalized=True, weight="distance", seed=3)
    assert brokerage(weighted, sample_size=60, seed=3) == pytest.approx(expected, abs=1e-12)


def test_reach_and_accessibility_equal_networkx_dijkstra(weighted: nx.DiGraph) -> None:
    targets = ["a1", "a2", "a3"]
    summaries = reach_summaries(weighted, targets)
    reverse = weighted.reverse()
    tables = {t: nx.single_source_dijkstra_path_length(reverse, t, weight="distance") for t in targets}
    for actor in ["a0", "a1", "a50", "a400"]:
        others = [t for t in targets if t != actor]
        values = [math.exp(-tables[t][actor]) if actor in tables[t] else 0.0 for t in others]
        assert summaries[actor].reach == pytest.approx(sum(values) / len(others))
        assert summaries[actor].reachable == sum(v > 0 for v in values)
    lengths = nx.multi_source_dijkstra_path_length(weighted, {"a0", "a7"}, weight="distance")
    access = accessibility(weighted, ["a0", "a7"])
    assert access == pytest.approx({n: math.exp(-lengths[n]) if n in lengths else 0.0 for n in weighted})


def test_routes_are_strongest_paths(weighted: nx.DiGraph) -> None:
    compiled = compile_graph(weighted)
    for source, target in [("a0", "a9"), ("a33", "a1"), ("a5", "a500")]:
        expected = nx.dijkstra_path(weighted, source, target, weight="distance")
        assert compiled.route_to(source, target) == expected
        assert compiled.routes_from_any([source])(target) == expected
    assert compiled.route_to("a0", "nowhere") == []


def test_compiling_keeps_the_graph_s_node_and_edge_order(weighted: nx.DiGraph) -> None:
    compiled = compile_graph(weighted)
    assert compiled.nodes == tuple(weighted.nodes)
    arrays = zip(compiled.sources, compiled.targets, compiled.distances, strict=True)
    edges = [(compiled.nodes[u], compiled.nodes[v], d) for u, v, d in arrays]
    assert edges == list(weighted.edges(data="distance"))


def test_a_frozen_graph_is_compiled_once_and_an_unfrozen_one_every_time(weighted: nx.DiGraph) -> None:
    assert compile_graph(weighted) is not compile_graph(weighted), "an unfrozen graph may change between calls"
    frozen = nx.freeze(weighted.copy())
    assert compile_graph(frozen) is compile_graph(frozen)


needs_two_cores = pytest.mark.skipif(worker._cores() < 2, reason="the worker process is used only with two cores")


def ready_worker() -> int:
    """Start the worker if none is running and wait until it is ready; its process id."""
    worker._worker_ready()
    if worker._start is not None:
        worker._start.result(timeout=60)
    assert worker._worker_ready(), "the worker started"
    return worker._worker.process.pid


@pytest.fixture
def sampled(weighted: nx.DiGraph) -> dict[str, float]:
    """The sampled brokerage of the graph, computed in this process."""
    return brokerage(weighted, sample_size=60, seed=3)


@pytest.fixture
def offloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Graphs from 100 actors go to the worker (the test graph has 600)."""
    monkeypatch.setattr(worker, "OFFLOAD_FROM", 100)


@pytest.fixture
def no_worker_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no worker running or starting."""
    monkeypatch.setattr(worker, "_worker", None)
    monkeypatch.setattr(worker, "_start", None)


@needs_two_cores
def test_betweenness_in_the_worker_process_is_identical_to_computing_here(
    weighted: nx.DiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = brokerage(weighted), brokerage(weighted, sample_size=60, seed=3)
    monkeypatch.setattr(worker, "OFFLOAD_FROM", 100)  # the 600-actor graph now goes to the worker
    ready_worker()
    asked = []
    monkeypatch.setattr(worker, "_ask_worker", lambda job: asked.append(job) or worker._worker.ask(job))
    there = brokerage(weighted), brokerage(weighted, sample_size=60, seed=3)
    assert len(asked) == 2, "the worker process did the work"
    assert there == here  # bit for bit, not approximately


@needs_two_cores
@pytest.mark.usefixtures("offloaded", "no_worker_yet")
def test_the_first_large_betweenness_does_not_wait_for_the_worker_to_start(
    weighted: nx.DiGraph, sampled: dict[str, float]
) -> None:
    assert brokerage(weighted, sample_size=60, seed=3) == sampled, "computed here"
    assert worker._start is not None, "and the worker is starting"
    worker._start.result(timeout=60)


@needs_two_cores
@pytest.mark.usefixtures("no_worker_yet")
def test_building_a_large_influence_graph_starts_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    kenya = load_sample("kenya_2008_2013").map
    monkeypatch.setattr(worker, "OFFLOAD_FROM", len(kenya.actors))  # the sample counts as large
    influence_graph(kenya, InfluenceOptions(as_of=dt.date(2031, 1, 2)))  # options no other test remembers
    assert worker._start is not None, "the worker is starting while the graph is built"
    worker._start.result(timeout=60)


@needs_two_cores
@pytest.mark.usefixtures("offloaded")
def test_a_dead_worker_is_replaced_by_computing_here_then_by_a_new_worker(
    weighted: nx.DiGraph, sampled: dict[str, float]
) -> None:
    dead = ready_worker()
    os.kill(dead, signal.SIGKILL)
    assert brokerage(weighted, sample_size=60, seed=3) == sampled, "computed here when the worker is gone"
    assert worker._worker is None
    assert ready_worker() != dead, "a new worker was started"
    assert brokerage(weighted, sample_size=60, seed=3) == sampled
