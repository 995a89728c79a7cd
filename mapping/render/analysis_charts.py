"""Plotly figures for the analysis pages: score components and scenario rank changes."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from mapping.analysis.ranking import PHASE_COMPONENTS, Ranking
from mapping.analysis.scenarios import RankChange

__all__ = ["COMPONENT_COLOURS", "component_bars", "rank_slope"]

# Okabe-Ito colours, one per score component (the phase's capability included).
_OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
COMPONENT_COLOURS = dict(zip(PHASE_COMPONENTS, _OKABE_ITO, strict=True))


def component_bars(ranking: Ranking, top: int = 15) -> go.Figure:
    """A stacked horizontal bar per actor: each component's weighted share of the score.

    Segment = w_c * x_c / sum of weights, so the bar's length is the engagement score.
    """
    rows = list(ranking.actors[:top])[::-1]
    total = sum(ranking.weights.values())
    figure = go.Figure()
    for component, weight in ranking.weights.items():
        figure.add_bar(
            name=component,
            y=[row.name for row in rows],
            x=[weight * row.components[component] / total for row in rows],
            orientation="h",
            marker_color=COMPONENT_COLOURS[component],
            hovertemplate=f"%{{y}}<br>{component}: %{{x:.3f}}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        height=max(300, 34 * len(rows) + 120),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": "What makes up each score (weighted components)", "font": {"size": 16}},
        legend={"orientation": "h", "y": -0.08},
        xaxis={"title": "engagement score"},
        yaxis={"tickfont": {"size": 13}, "automargin": True},
    )
    return figure


def rank_slope(
    ranks: Sequence[RankChange], top: int = 15, sides: tuple[str, str] = ("base map", "scenario")
) -> go.Figure:
    """Slope chart of rank before (left) and after (right): a scenario, or a second date.

    Actors missing after end at the bottom, marked "removed".
    """
    rows = [c for c in ranks if c.base_rank is not None and c.base_rank <= top]
    bottom = max((c.scenario_rank or 0) for c in rows) + 2 if rows else top + 2
    figure = go.Figure()
    for change in rows:
        removed = change.scenario_rank is None
        after = bottom if removed else change.scenario_rank
        colour = (
            "#D55E00" if removed or (change.moved or 0) < 0 else "#009E73" if (change.moved or 0) > 0 else "#777777"
        )
        label = f"{change.name} (removed)" if removed else change.name
        figure.add_scatter(
            x=list(sides),
            y=[change.base_rank, after],
            mode="lines+markers+text",
            text=[change.name, label],
            textposition=["middle left", "middle right"],
            line={"color": colour, "width": 2, "dash": "dot" if removed else "solid"},
            hovertemplate=f"{label}<br>rank %{{y}}<extra></extra>",
            showlegend=False,
        )
    figure.update_layout(
        height=max(320, 30 * len(rows) + 100),
        margin={"l": 260, "r": 260, "t": 40, "b": 10},
        title={"text": "Rank before and after", "font": {"size": 16}},
        yaxis={"autorange": "reversed", "title": "rank", "dtick": 1},
    )
    return figure
