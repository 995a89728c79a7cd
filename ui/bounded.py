"""Check an upload in a child process with a time and a memory budget, so one file cannot hold up everyone.

The web app serves every session from one Python process. Checking a file there
shares that process's interpreter and memory with every other user: a hostile
workbook once held the server for minutes, and three large CSVs at once took
7 GB that the process kept after the tabs closed. `import_files_bounded` runs
`mapping.formats.import_files` in a fresh child process instead:

- **time**: the child is killed once `Limits.max_parse_seconds` have passed
  (`took-too-long`);
- **memory**: the child may grow by `Limits.max_parse_memory_mb` beyond what its
  imports took (`RLIMIT_AS`); past that it fails its allocation or is killed
  (`needs-too-much-memory`);
- what it used goes back to the system when it ends, whatever happened.

The child is started with "spawn", never "fork": the server has many threads, and
a forked child could inherit a lock another thread held. Starting it costs about a
second (Python and the readers' imports), paid once per upload. The command line
reads files in its own process and does not need this, which is why this lives with
the web app's glue in `ui/`, not in the domain package: it starts processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.connection import Connection

from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits
from mapping.load import LoadResult
from mapping.read import InputFile

__all__ = ["import_files_bounded"]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def import_files_bounded(
    files: Sequence[InputFile],
    format: str | None = None,
    limits: Limits | None = None,
    kinds: KindChoices | None = None,
) -> LoadResult:
    """`mapping.formats.import_files` in a child process bounded in time and memory (see the module docstring).

    Over a budget, the result has no map and one issue naming the files, the limit
    and what to do; nothing else changes.
    """
    limits = limits or Limits.from_env()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_check, args=(sender, list(files), format, limits, kinds), daemon=True)
    child.start()
    sender.close()  # the child holds the only sending end: a child that dies closes it
    try:
        outcome = _receive(receiver, limits.max_parse_seconds)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if isinstance(outcome, LoadResult):
        return outcome
    return LoadResult(None, (_over_budget(files, outcome, limits),))


def _receive(receiver: Connection, seconds: float) -> LoadResult | str:
    """The child's result, or why there is none: "time" or "memory"."""
    if not receiver.poll(seconds):
        return "time"
    try:
        outcome = receiver.recv()
    except EOFError:  # the child died without a word: killed by the system for its memory
        return "memory"
    return outcome if isinstance(outcome, LoadResult) else "memory"


def _check(
    sender: Connection, files: list[InputFile], format: str | None, limits: Limits, kinds: KindChoices | None
) -> None:
    """The child's work: import the readers, cap the memory still to come, read the files, send the result."""
    from mapping.formats import import_files  # the imports are not what the budget is for

    _cap_memory(limits.max_parse_memory_bytes)
    try:
        result: LoadResult | str = import_files(files, format, limits=limits, kinds=kinds)
    except MemoryError:
        result = "memory"
    sender.send(result)
    sender.close()


def _cap_memory(budget: int) -> None:
    """Let this process grow by at most `budget` bytes of address space from here (Linux and macOS)."""
    try:
        import resource
    except ImportError:  # Windows: the time budget still holds
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * _PAGE
    except OSError:
        in_use = 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = in_use + budget
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _over_budget(files: Sequence[InputFile], why: str, limits: Limits) -> ValidationIssue:
    names = ", ".join(file.name for file in files) or "(no file)"
    if why == "time":
        message = (
            f"Checking {names} took longer than {limits.max_parse_seconds:g} seconds and was stopped, so that "
            "other people's pages keep working. Split the map into smaller files, save a workbook's tables as "
            "CSV, or ask whoever runs the tool to raise STAKEHOLDER_MAP_MAX_PARSE_SECONDS."
        )
        return ValidationIssue(names, None, None, "took-too-long", message)
    message = (
        f"Checking {names} needed more than the {limits.max_parse_memory_mb:,.0f} MB of memory an upload may use, "
        "and was stopped. Split the map into smaller files or remove the columns it does not use, or ask whoever "
        "runs the tool to raise STAKEHOLDER_MAP_MAX_PARSE_MEMORY_MB."
    )
    return ValidationIssue(names, None, None, "needs-too-much-memory", message)
