"""A small memory of the last few results of a slow analysis step, safe across Streamlit's session threads.

The pages cache whole answers (`st.cache_resource`, keyed by the question). Some
steps inside an answer depend on less than the question: brokerage on the map and
its tie options only, not on who "we" are or the weights. Remembering those steps
by what they really depend on lets a changed question reuse them. Keys start with
the map's content hash, so an edited map never gets an old result.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Remembered"]

V = TypeVar("V")


class Remembered(Generic[V]):
    """The results of the last `size` distinct keys, least recently used forgotten first.

    Results are shared between callers: they must not be changed after they are made.

    >>> squares = Remembered[int](size=2)
    >>> squares.get(3, lambda: 9), squares.get(3, lambda: -1)
    (9, 9)
    """

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._results: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> V | None:
        """The remembered result for `key`, or None when there is none."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        return None

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The remembered result for `key`, or `compute()` remembered (computed outside the lock)."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = compute()
        with self._lock:
            self._results[key] = result
            while len(self._results) > self._size:
                self._results.popitem(last=False)
        return result
