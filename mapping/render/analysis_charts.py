"""Plotly figures for the analysis pages: score components and scenario rank changes.

Actor names are axis labels, wrapped, escaped and given the room they need (the
rules are in `mapping.render.charts`); the full name is in each hover.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from mapping.analysis.ranking import PHASE_COMPONENTS, Ranking
from mapping.analysis.scenarios import RankChange
from mapping.render.charts import axis_label, hover_text, label_lines, row_height

__all__ = ["COMPONENT_COLOURS", "component_bars", "rank_slope"]

# Okabe-Ito colours, one per score component (the phase's capability included).
_OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
COMPONENT_COLOURS = dict(zip(PHASE_COMPONENTS, _OKABE_ITO, strict=True))
_FONT = {"size": 14}
# How a rank moved: colour (Okabe-Ito) and dash, so the legend reads without colour too.
_MOVES = {  # in legend order
    "rose": ("#009E73", "solid"),
    "fell": ("#D55E00", "solid"),
    "removed": ("#D55E00", "dot"),
    "same": ("#777777", "solid"),
}


def component_bars(ranking: Ranking, top: int = 15) -> go.Figure:
    """A stacked horizontal bar per actor: each component's weighted share of the score.

    Segment = w_c * x_c / sum of weights, so the bar's length is the engagement score.
    Rows are positions (the first at the top), labelled "rank. name": two actors
    shown under the same name keep two bars.
    """
    rows = list(ranking.actors[:top])
    labels = [axis_label(f"{row.rank}. {row.name}") for row in rows]
    positions = list(range(len(rows)))
    total = sum(ranking.weights.values())
    figure = go.Figure()
    for component, weight in ranking.weights.items():
        figure.add_bar(
            name=component,
            y=positions,
            x=[weight * row.components[component] / total for row in rows],
            orientation="h",
            marker_color=COMPONENT_COLOURS[component],
            customdata=[hover_text(row.name) for row in rows],
            hovertemplate=f"%{{customdata}}<br>{component}: %{{x:.3f}}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        height=max(300, row_height(label_lines(labels)) * len(rows) + 150),
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
        title={"text": "What makes up each score (weighted components)", "font": {"size": 16}},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": _FONT, "traceorder": "normal"},
        xaxis={"title": "engagement score", "automargin": True},
        yaxis={
            "tickvals": positions,
            "ticktext": labels,
            "tickfont": _FONT,
            "autorange": "reversed",
            "automargin": True,
        },
    )
    return figure


def rank_slope(
    ranks: Sequence[RankChange], top: int = 15, sides: tuple[str, str] = ("base map", "scenario")
) -> go.Figure:
    """Slope chart of the top `top` actors before (left) and after (right): a scenario, or a second date.

    Each side lists the same actors in its own order, labelled "rank. name" (so the
    labels never overlap, however far an actor moved); a line joins an actor's two
    places. Actors missing after are listed last on the right, marked "removed".
    """
    rows = sorted((c for c in ranks if c.base_rank is not None and c.base_rank <= top), key=lambda c: c.base_rank)
    after = sorted(rows, key=lambda c: (c.scenario_rank is None, c.scenario_rank or 0, c.base_rank))
    place_after = {change.id: place for place, change in enumerate(after)}
    left = [axis_label(f"{c.base_rank}. {c.name}") for c in rows]
    right = [axis_label(f"{c.scenario_rank}. {c.name}" if c.scenario_rank else f"removed: {c.name}") for c in after]
    figure = go.Figure()
    shown: set[str] = set()
    for place, change in enumerate(rows):
        move = _move(change)
        colour, dash = _MOVES[move]
        figure.add_scatter(
            x=[0, 1],
            y=[place, place_after[change.id]],
            mode="lines+markers",
            line={"color": colour, "width": 3, "dash": dash},
            marker={"size": 9},
            name=move,
            legendgroup=move,
            legendrank=list(_MOVES).index(move),
            showlegend=move not in shown,
            customdata=[
                [hover_text(change.name), hover_text(sides[0]), f"rank {change.base_rank}"],
                [hover_text(change.name), hover_text(sides[1]), _rank_after(change)],
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]}<extra></extra>",
        )
        shown.add(move)
    # An invisible point on the right axis: Plotly draws an axis only when a trace uses it.
    figure.add_scatter(x=[1], y=[0], yaxis="y2", mode="markers", opacity=0, hoverinfo="skip", showlegend=False)
    span = [len(rows) - 0.5, -0.5]  # the first place at the top
    axis = {"range": span, "tickfont": _FONT, "automargin": True, "showgrid": False, "zeroline": False}
    figure.update_layout(
        height=max(320, row_height(label_lines(left + right)) * len(rows) + 150),
        margin={"l": 10, "r": 10, "t": 70, "b": 50},
        title={"text": "Rank before and after", "font": {"size": 16}},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top", "font": _FONT},
        xaxis={
            "tickvals": [0, 1],
            "ticktext": [f"<b>{hover_text(side)}</b>" for side in sides],
            "tickfont": {"size": 15},
            "side": "top",
            "range": [-0.05, 1.05],
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={**axis, "tickvals": list(range(len(rows))), "ticktext": left},
        yaxis2={**axis, "tickvals": list(range(len(after))), "ticktext": right, "overlaying": "y", "side": "right"},
        hovermode="closest",
    )
    return figure


def _move(change: RankChange) -> str:
    if change.scenario_rank is None:
        return "removed"
    return "rose" if (change.moved or 0) > 0 else "fell" if (change.moved or 0) < 0 else "same"


def _rank_after(change: RankChange) -> str:
    if change.scenario_rank is None:
        return "removed"
    return f"rank {change.scenario_rank}"
