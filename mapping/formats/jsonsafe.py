"""Reading JSON from users within the nesting limit.

Python's JSON parser recurses once per level of nesting, so a line of a million
`[` would exhaust the stack; it raises `RecursionError` first. `parse_json`
turns that, and any nesting past the limit (`Limits.max_json_depth`, 12 unless
configured; an entity needs 3, a node-link file 4, nested exports 6), into
`NestedTooDeeplyError`, which readers report as a `nested-too-deeply` issue.
"""

from __future__ import annotations

import json

__all__ = ["NestedTooDeeplyError", "nesting_depth", "parse_json"]


class NestedTooDeeplyError(Exception):
    """A JSON value nests lists and objects deeper than the limit."""


def parse_json(text: str, max_depth: int) -> object:
    """The JSON value of `text`, refusing nesting deeper than `max_depth`.

    Raises `NestedTooDeeplyError` for deep nesting and `ValueError` (a
    `json.JSONDecodeError`, with its line and column) for text that is not JSON.

    >>> parse_json('{"a": [1]}', 2)
    {'a': [1]}
    >>> parse_json('[[["x"]]]', 2)
    Traceback (most recent call last):
    mapping.formats.jsonsafe.NestedTooDeeplyError: nested more than 2 levels deep
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise NestedTooDeeplyError(f"nested more than {max_depth} levels deep") from None
    if nesting_depth(value, max_depth) > max_depth:
        raise NestedTooDeeplyError(f"nested more than {max_depth} levels deep")
    return value


def nesting_depth(value: object, stop_after: int) -> int:
    """How deeply lists and objects nest in a JSON value (a string is depth 0), without recursing.

    Stops counting just past `stop_after`.

    >>> nesting_depth({"properties": {"name": ["A"]}}, 12), nesting_depth("x", 12)
    (3, 0)
    """
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth > stop_after:
                return depth
            stack += [(child, depth) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest
