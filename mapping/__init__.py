"""Stakeholder mapping for atrocity prevention: the domain package.

Pure Python, no user interface: the data contract (`schema`), reading and
validating files (`read`, `validate`, `load`), the map model (`model`), exports
(`export`), bundled samples (`samples`), and later the analyses and renderers.
"""

from mapping.load import LoadResult, load_files, load_paths
from mapping.model import Actor, Relationship, StakeholderMap

__all__ = ["Actor", "LoadResult", "Relationship", "StakeholderMap", "load_files", "load_paths"]
