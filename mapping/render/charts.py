"""Plotly figures for the map's summaries. Data in, figure out; no Streamlit here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import plotly.graph_objects as go

__all__ = ["counts_bar"]


def counts_bar(
    counts: Mapping[str, int],
    label: Callable[[str], str],
    colours: Mapping[str, str],
    title: str,
) -> go.Figure:
    """A horizontal bar per category, largest at the top, each bar in its category's colour."""
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    figure = go.Figure(
        go.Bar(
            x=[count for _, count in ordered],
            y=[label(name) for name, _ in ordered],
            orientation="h",
            marker={
                "color": [colours.get(name, "#999999") for name, _ in ordered],
                "line": {"color": "#333333", "width": 0.5},
            },
            text=[count for _, count in ordered],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": title, "font": {"size": 16}},
        height=max(220, 28 * len(ordered) + 80),
        margin={"l": 10, "r": 30, "t": 40, "b": 10},
        xaxis={"visible": False},
        yaxis={"tickfont": {"size": 14}},
        showlegend=False,
    )
    return figure
