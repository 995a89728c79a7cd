"""Limits on the JSON we read from users.

Python's JSON parser recurses once per level of nesting, so a line of a million
`[` would exhaust the stack; it raises `RecursionError` first, which readers
report as an `unreadable-record`. Below that, `MAX_DEPTH` is what a map's
records ever need, and anything deeper is refused too.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "nesting_depth"]

MAX_DEPTH = 12
"""The deepest nesting of objects and lists accepted (an entity needs 3, a node-link file 4, nested exports 6)."""


def nesting_depth(value: object) -> int:
    """How deeply lists and objects nest in a JSON value (a string is depth 0), without recursing.

    Stops counting just past `MAX_DEPTH`.

    >>> nesting_depth({"properties": {"name": ["A"]}}), nesting_depth("x")
    (3, 0)
    """
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack += [(child, depth) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest
