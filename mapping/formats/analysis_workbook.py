"""One question's answers as an Excel workbook: ranking, strongest paths, critical brokers, and the method.

`analysis_workbook_bytes` writes four sheets:

- **Ranking**: `mapping.render.tables.ranking_table` (score, each component, reason, flags);
- **Strongest paths**: `paths_table` (strength, hops, route, tie kinds, brokers);
- **Critical brokers**: `critical_table` (strength without each broker, the drop, the next best route);
- **Method**: the question (map, us, targets, path ends), the weights actually used,
  the ranking's notes, and the formulas, taken from the docstrings of the analysis
  modules so that the workbook states exactly what the code computes.

Every text cell is guarded against formula injection (`mapping.formats.sheets`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from types import ModuleType

import pandas as pd

from mapping.analysis import brokerage, convening, critical, paths, ranking, reach, traits
from mapping.analysis.critical import CriticalBrokers
from mapping.analysis.paths import InfluencePath
from mapping.analysis.ranking import Ranking
from mapping.formats.sheets import workbook_from_sheets
from mapping.model import StakeholderMap
from mapping.render.tables import NameOf, critical_table, name_lookup, paths_table, ranking_table

__all__ = ["FORMULA_MODULES", "analysis_workbook_bytes", "method_rows"]

FORMULA_MODULES: tuple[ModuleType, ...] = (ranking, reach, brokerage, convening, traits, paths, critical)
"""The modules whose docstrings state the formulas behind the three tables."""

Rows = tuple[list[str], list[list[object]]]


def analysis_workbook_bytes(
    smap: StakeholderMap,
    ranking: Ranking,
    paths: Sequence[InfluencePath],
    critical: CriticalBrokers | None,
    name_of: NameOf | None = None,
    scrub: Callable[[str], str] = str,
) -> bytes:
    """The workbook described in the module docstring; `name_of` shows ids (default: the actors' names).

    `scrub` rewrites every text taken from the map (reasons, routes, the title), e.g.
    `DisplayNames.scrub` when people's names are hidden: reasons name the actors
    they pass through. The formulas, from our own docstrings, are left as written.
    """
    names = name_of or name_lookup(smap)
    critical_frame = critical_table(critical, names) if critical is not None else pd.DataFrame()
    method_headers, method = method_rows(smap, ranking, paths, critical, names)
    return workbook_from_sheets(
        [
            ("Ranking", *_scrubbed(_frame_rows(ranking_table(ranking, names)), scrub)),
            ("Strongest paths", *_scrubbed(_frame_rows(paths_table(paths, names)), scrub)),
            ("Critical brokers", *_scrubbed(_frame_rows(critical_frame), scrub)),
            ("Method", method_headers, [row if row[0] == "formula" else _scrubbed_row(row, scrub) for row in method]),
        ]
    )


def _scrubbed(table: Rows, scrub: Callable[[str], str]) -> Rows:
    headers, rows = table
    return headers, [_scrubbed_row(row, scrub) for row in rows]


def _scrubbed_row(row: list[object], scrub: Callable[[str], str]) -> list[object]:
    return [scrub(value) if isinstance(value, str) else value for value in row]


def _frame_rows(frame: pd.DataFrame) -> Rows:
    rows = [[None if _missing(value) else value for value in row] for row in frame.itertuples(index=False)]
    return [str(column) for column in frame.columns], rows


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def method_rows(
    smap: StakeholderMap,
    ranking: Ranking,
    paths: Sequence[InfluencePath],
    critical: CriticalBrokers | None,
    name_of: NameOf,
) -> Rows:
    """The Method sheet: the question asked, the weights used, the notes, and every formula."""

    def names(ids: Sequence[str]) -> str:
        return ", ".join(name_of(i) for i in ids) or "(none)"

    rows: list[list[object]] = [
        ["question", "map", smap.title],
        ["question", "us", names(ranking.us)],
        ["question", "targets", names(ranking.targets)],
    ]
    if paths:
        rows.append(["question", "paths", f"from {name_of(paths[0].origin_id)} to {name_of(paths[0].actor_ids[-1])}"])
    if critical is not None:
        rows.append(
            ["question", "critical brokers", f"between {name_of(critical.source)} and {name_of(critical.target)}"]
        )
    rows += [["weight", component, weight] for component, weight in ranking.weights.items()]
    rows += [["note", "", note] for note in ranking.notes]
    for module in FORMULA_MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        rows += [["formula", short, paragraph] for paragraph in _paragraphs(inspect.getdoc(module) or "")]
    return ["section", "item", "value"], rows


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (a table keeps its rows on separate lines)."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines()]
        keep_lines = any(line.startswith(("|", "-")) for line in lines)
        paragraphs.append("\n".join(lines) if keep_lines else " ".join(lines))
    return [p for p in paragraphs if p]
