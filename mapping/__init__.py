"""Stakeholder mapping for atrocity prevention: the domain package.

Pure Python, no user interface: the data contract (`schema`), reading and
validating files (`read`, `validate`, `load`), the map model (`model`), the
analyses (`analysis`), exports and other tools' formats (`export`, `formats`),
pictures (`render`), the prevention lens (`lens`), workspaces (`store`) and the
command line (`cli`).

The names below are imported when first used, not with the package: the command
line imports only what its command needs, so that `mapping --help` starts at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapping.load import LoadResult, load_files, load_paths
    from mapping.model import Actor, Relationship, StakeholderMap

__all__ = ["Actor", "LoadResult", "Relationship", "StakeholderMap", "load_files", "load_paths"]

_HOMES = {
    "Actor": "mapping.model",
    "Relationship": "mapping.model",
    "StakeholderMap": "mapping.model",
    "LoadResult": "mapping.load",
    "load_files": "mapping.load",
    "load_paths": "mapping.load",
}


def __getattr__(name: str) -> object:
    """`mapping.StakeholderMap` and the others, imported on first use (PEP 562)."""
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'mapping' has no attribute {name!r}")
