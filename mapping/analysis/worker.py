"""A second process for igraph's betweenness, so that a ranking computes it beside its other steps.

igraph holds Python's global interpreter lock for the whole of a betweenness
computation (about 10 s at 30,000 actors, 0.3 s at 3,000), so in one process
nothing else runs meanwhile, whatever the number of cores. A ranking's other slow
step, reach (scipy's Dijkstra from every target), does not depend on it. Sent to a
worker process, betweenness runs on the second core while this process computes
reach, convening power and the reasons.

- The worker is a child Python process (`python -m mapping.analysis.worker`),
  started on first use, kept for the life of this process and shared by every
  session; jobs and results go through its stdin and stdout as pickles. A plain
  child process, not `multiprocessing`: its "spawn" method runs the parent's main
  script again in the child (a script without a `__main__` guard would run twice),
  and "fork" is unsafe in a process that runs threads, as a Streamlit server does.
  One worker: the machine this is built for has two cores, and this process needs one.
- It receives the compiled graph's arrays and builds its igraph graph with the
  same function as `CompiledGraph.igraph` (`igraph_graph`), so its result is
  identical to computing here, bit for bit (tested).
- Maps under `OFFLOAD_FROM` actors, and machines with one core, compute here:
  there the copy would cost more than it saves.
- The worker takes about a second to start (it imports this package). Until it has
  said it is ready, betweenness is computed here, so a ranking never waits for it;
  building the influence graph of a large map starts it in the background.
- If the worker cannot be started, or dies (killed for memory, say), the
  computation is done here instead; a worker that died is replaced in the
  background, one that could not be started is not tried again.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import igraph
import numpy as np

__all__ = ["OFFLOAD_FROM", "betweenness_soon", "igraph_graph", "prepare_worker", "raw_betweenness"]

OFFLOAD_FROM = 1000  # actors; below this the betweenness takes less than the copy saves

Arrays = tuple[int, np.ndarray, np.ndarray, np.ndarray]
"""A compiled graph as (node count, edge sources, edge targets, edge distances)."""


def igraph_graph(node_count: int, sources: np.ndarray, targets: np.ndarray, distances: np.ndarray) -> igraph.Graph:
    """The directed igraph graph of the arrays, with each edge's `distance`."""
    edges = np.column_stack((sources, targets)).tolist()  # plain ints: 10x faster than numpy scalars
    graph = igraph.Graph(n=node_count, edges=edges, directed=True)
    graph.es["distance"] = distances.tolist()
    return graph


def raw_betweenness(graph: igraph.Graph, chosen: Sequence[int] | None) -> list[float]:
    """igraph's unnormalised weighted betweenness, from every node or from the chosen sources only."""
    if chosen is None:
        return graph.betweenness(directed=True, weights="distance")
    return graph.betweenness(directed=True, weights="distance", sources=list(chosen))


def betweenness_soon(
    graph: Callable[[], igraph.Graph], arrays: Arrays, chosen: Sequence[int] | None
) -> Callable[[], list[float]]:
    """Start `raw_betweenness` in the worker when it pays; a function returning the result.

    `arrays` are sent to the worker; `graph` gives the same graph here, built only
    when the work is done here. Waiting for the result never raises for the
    worker's sake: a worker that could not start or died is replaced by computing here.
    """
    if arrays[0] < OFFLOAD_FROM or _cores() < 2 or not _worker_ready():
        result = raw_betweenness(graph(), chosen)
        return lambda: result
    future = _sender.submit(_ask_worker, (arrays, list(chosen) if chosen is not None else None))

    def wait() -> list[float]:
        answer = future.result()
        return answer if answer is not None else raw_betweenness(graph(), chosen)

    return wait


def prepare_worker(node_count: int) -> None:
    """Start the worker in the background when a graph this large will use it, so that it is ready when asked.

    Building an influence graph calls this: at 30,000 actors the graph takes longer
    to build than the worker takes to start, so the ranking that follows can use it.
    """
    if node_count >= OFFLOAD_FROM and _cores() >= 2:
        _worker_ready()


Job = tuple[Arrays, list[int] | None]


_READY = b"ready\n"


class _Worker:
    """The child process and its pipes, once it has said it is ready."""

    def __init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mapping.analysis.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline() != _READY:
            self.stop()
            raise EOFError("the worker stopped before it was ready")

    def ask(self, job: Job) -> list[float]:
        """Send the job and wait for its result (reading the pipe releases Python's lock)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        pickle.dump(job, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()
        return pickle.load(self.process.stdout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


_worker: _Worker | None = None  # set once the worker is ready; None again when it dies
_start: Future | None = None  # the start in progress or done
_could_not_start = False
_state_lock = threading.Lock()
# One thread starts and talks to the worker, so jobs queue in order and never interleave on the pipes.
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="betweenness-worker")


def _worker_ready() -> bool:
    """Whether a worker is ready for jobs; when none is, one is started in the background."""
    global _start
    with _state_lock:
        if _worker is not None:
            return True
        if not _could_not_start and (_start is None or _start.done()):
            _start = _sender.submit(_start_worker)
        return False


def _start_worker() -> None:
    """Start the worker and wait until it is ready (in the sender thread)."""
    global _worker, _could_not_start
    try:
        started = _Worker()
    except (OSError, EOFError):
        _could_not_start = True
        return
    _worker = started


def _ask_worker(job: Job) -> list[float] | None:
    """The worker's answer, or None when it died (the next large job starts a new one in the background)."""
    global _worker
    if _worker is None:  # it died during an earlier job in the queue
        return None
    try:
        return _worker.ask(job)
    except (OSError, EOFError, pickle.UnpicklingError):
        _worker.stop()
        _worker = None
        return None


@atexit.register
def _stop_worker() -> None:
    if _worker is not None:
        _worker.stop()


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _serve() -> None:
    """The worker's loop: a job from stdin, its result to stdout, until stdin closes."""
    jobs, results = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not land in the results
    results.write(_READY)
    results.flush()
    while True:
        try:
            (node_count, sources, targets, distances), chosen = pickle.load(jobs)
        except EOFError:
            return
        answer = raw_betweenness(igraph_graph(node_count, sources, targets, distances), chosen)
        pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()


if __name__ == "__main__":
    _serve()
