"""Tables and the power-interest chart of the Network measures page.

Names come from users: every table cell is plain text (Streamlit draws dataframes as
text) and every string that reaches Plotly, which reads a few HTML tags in text, is
escaped first.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from mapping.analysis.structure import BROKERAGE_ROLES, HIGH, ActorStructure, GridPoint, NetworkSummary, StandIn

__all__ = [
    "GRID_COLUMNS",
    "STAND_IN_COLUMNS",
    "STRUCTURE_COLUMNS",
    "grid_table",
    "power_interest_chart",
    "stand_in_table",
    "structure_table",
    "summary_rows",
]

Names = Callable[[str], str]
# Column names, so that a table with no rows (an empty map) still has its columns for the page to select.
STRUCTURE_COLUMNS = (
    "actor",
    "kind",
    "degree",
    "closeness",
    "eigenvector",
    "constraint",
    "effective size",
    *BROKERAGE_ROLES,
)
GRID_COLUMNS = ("quadrant", "actor", "influence", "interest", "interest is")
STAND_IN_COLUMNS = ("could stand in", "similarity", "ties in common")
_QUADRANT_ORDER = ("manage closely", "keep satisfied", "keep informed", "monitor", "influence not rated")
_QUADRANT_COLOURS = {  # Okabe-Ito, distinguishable for colour-blind viewers
    "manage closely": "#D55E00",
    "keep satisfied": "#0072B2",
    "keep informed": "#009E73",
    "monitor": "#999999",
}


def summary_rows(summary: NetworkSummary) -> list[tuple[str, str]]:
    """The summary as (label, value) pairs for metric tiles."""
    return [
        ("Actors", f"{summary.actors:,}"),
        ("Directed ties", f"{summary.directed_ties:,}"),
        ("Density", f"{summary.density:.3f}"),
        ("Reciprocity", f"{summary.reciprocity:.0%}"),
        ("Centralisation", f"{summary.centralisation:.2f}"),
        ("Pieces", f"{summary.components} (largest {summary.largest_component})"),
    ]


def structure_table(measures: dict[str, ActorStructure], names: Names, kinds: dict[str, str]) -> pd.DataFrame:
    """One row per actor: centralities, Burt's measures and brokerage roles, most central first."""
    rows = [
        {
            "actor": names(m.id),
            "kind": kinds[m.id].replace("_", " "),
            "degree": round(m.degree, 3),
            "closeness": round(m.closeness, 3),
            "eigenvector": round(m.eigenvector, 3),
            "constraint": None if m.constraint is None else round(m.constraint, 3),
            "effective size": None if m.effective_size is None else round(m.effective_size, 1),
            **{role: m.roles[role] for role in BROKERAGE_ROLES},
        }
        for m in sorted(measures.values(), key=lambda m: (-m.eigenvector, m.id))
    ]
    return pd.DataFrame(rows, columns=list(STRUCTURE_COLUMNS))


def stand_in_table(found: Sequence[StandIn], names: Names) -> pd.DataFrame:
    """The stand-ins, most alike first, with how many ties they share."""
    return pd.DataFrame(
        [
            {"could stand in": names(s.id), "similarity": round(s.similarity, 2), "ties in common": s.shared}
            for s in found
        ],
        columns=list(STAND_IN_COLUMNS),
    )


def grid_table(points: Sequence[GridPoint], names: Names) -> pd.DataFrame:
    """The grid as a list: quadrant, then actors by power and interest."""
    order = {q: i for i, q in enumerate(_QUADRANT_ORDER)}
    rows = sorted(points, key=lambda p: (order[p.quadrant], -(p.power or 0), -p.interest, names(p.id).casefold()))
    return pd.DataFrame(
        [
            {
                "quadrant": p.quadrant,
                "actor": names(p.id),
                "influence": p.power,
                "interest": p.interest,
                "interest is": "estimated from stance" if p.interest_estimated else "rated",
            }
            for p in rows
        ],
        columns=list(GRID_COLUMNS),
    )


def power_interest_chart(points: Sequence[GridPoint], names: Names) -> go.Figure:
    """Mendelow's grid: each rated actor at (interest, influence), spread around its cell so none hides another."""
    placed = [p for p in points if p.power is not None]
    cells: dict[tuple[float, float], list[GridPoint]] = defaultdict(list)
    for point in sorted(placed, key=lambda p: p.id):
        cells[(point.interest, point.power)].append(point)  # type: ignore[index]
    figure = go.Figure()
    for quadrant, colour in _QUADRANT_COLOURS.items():
        xs, ys, labels, marks = [], [], [], []
        for (interest, power), members in cells.items():
            for k, point in enumerate(members):
                if point.quadrant != quadrant:
                    continue
                dx, dy = _spread(k, len(members))
                xs.append(interest + dx)
                ys.append(power + dy)
                labels.append(html.escape(names(point.id), quote=False))
                marks.append("estimated" if point.interest_estimated else "rated")
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=quadrant,
            marker={"size": 9, "color": colour, "line": {"width": 1, "color": "#333333"}},
            customdata=marks,
            text=labels,
            hovertemplate="%{text}<br>interest %{customdata}<extra></extra>",
        )
    corners = (
        (4, 5.8, "Manage closely"),
        (1.5, 5.8, "Keep satisfied"),
        (4, -0.7, "Keep informed"),
        (1.5, -0.7, "Monitor"),
    )
    for x, y, label in corners:  # above and below the points, never over them
        figure.add_annotation(x=x, y=y, text=label, showarrow=False, font={"size": 15, "color": "#333333"})
    figure.add_vline(x=HIGH - 0.5, line={"color": "#777777", "dash": "dot"})
    figure.add_hline(y=HIGH - 0.5, line={"color": "#777777", "dash": "dot"})
    figure.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": "Power and interest (Mendelow)", "font": {"size": 16}},
        xaxis={"title": "interest in prevention (1-5)", "range": [0.5, 5.5], "dtick": 1},
        yaxis={"title": "influence (0-5)", "range": [-1.0, 6.1], "tickvals": [0, 1, 2, 3, 4, 5]},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def _spread(k: int, count: int) -> tuple[float, float]:
    """Offset of the k-th of `count` points sharing a cell: a sunflower spiral filling the cell evenly.

    Fermat's spiral (radius grows with the square root of k, turning by the golden
    angle) spaces points evenly however many share the cell; alone, a point sits in the middle.
    """
    if count == 1:
        return 0.0, 0.0
    radius = 0.42 * math.sqrt((k + 0.5) / count)
    angle = k * math.pi * (3 - math.sqrt(5))
    return radius * math.cos(angle), radius * math.sin(angle)
