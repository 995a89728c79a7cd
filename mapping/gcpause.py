"""Pausing Python's cyclic garbage collector while a large map is built.

Loading a 30,000-actor map creates about two million small objects (cells, rows,
actors, ties) and no reference cycles to collect. The cyclic collector still runs
every 700 allocations and, as the heap grows, its full passes walk every object
made so far: measured on the 30,000-actor bench map, that was a fifth of the
loading time. Reference counting frees everything as usual while the collector
is paused; it resumes, and catches up, as soon as the last load in the process
finishes.

The collector is process-wide and Streamlit runs sessions in threads, so the
pause is counted: it ends when the last of several overlapping loads ends, and
never turns the collector on if something else had turned it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic collector off; turn it back on afterwards if it was on.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
