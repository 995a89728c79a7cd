"""Plotly figures for the map's summaries, and the label rules every chart here follows.

Labels come from users and must never be cut by the chart: each axis label is
wrapped onto at most `LABEL_LINES` lines of `LABEL_LINE` characters (longer names
end in "…", the full name is in the hover), the axes reserve room for their
labels (`automargin`), and a chart grows by `row_height` per row. Plotly reads a
few HTML tags in text (`<a href>`, `<b>`, `<br>`): every user string is escaped.
Data in, figure out; no Streamlit here.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence

import plotly.graph_objects as go

__all__ = ["LABEL_LINE", "LABEL_LINES", "axis_label", "counts_bar", "hover_text", "label_lines", "row_height"]

LABEL_LINE = 26  # characters on one line of an axis label
LABEL_LINES = 2  # lines at most; a longer name is shortened with "…"
_FONT_PX = 14  # axis labels: large enough to read on a shared screen
_CLOSING_ACRONYM = re.compile(r"\s(\([^()\s]{1,10}\))$")  # "... Management (NSC)": kept when the name is shortened


def hover_text(name: str) -> str:
    """The full name, escaped, for a hover label (Plotly reads tags there too)."""
    return html.escape(name, quote=False)


def axis_label(name: str, line: int = LABEL_LINE, lines: int = LABEL_LINES) -> str:
    """A name as an axis label: wrapped at word boundaries onto at most `lines` lines of `line` characters, escaped.

    A name that does not fit is shortened on its last line with "…", keeping a closing
    "(ACRONYM)" so that the label still says who it is.

    >>> axis_label("Kenya Private Sector Alliance (KEPSA)")
    'Kenya Private Sector<br>Alliance (KEPSA)'
    >>> axis_label("National Steering Committee on Peacebuilding and Conflict Management (NSC)")
    'National Steering<br>Committee on… (NSC)'
    >>> axis_label('<a href="x">me</a>')
    '&lt;a href="x"&gt;me&lt;/a&gt;'
    """
    wrapped = textwrap.wrap(" ".join(name.split()), line, break_on_hyphens=False) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], _shortened(" ".join(wrapped[lines - 1 :]), line)]
    return "<br>".join(html.escape(part, quote=False) for part in wrapped)


def _shortened(text: str, width: int) -> str:
    """`text` in `width` characters ending in "…", cut at a word boundary when one is near."""
    acronym = _CLOSING_ACRONYM.search(text)
    if acronym and len(acronym.group(1)) + 8 <= width:
        return f"{_shortened(text[: acronym.start()], width - len(acronym.group(1)) - 1)} {acronym.group(1)}"
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def label_lines(labels: Sequence[str]) -> int:
    """The most lines any of the labels takes (at least 1)."""
    return max((label.count("<br>") + 1 for label in labels), default=1)


def row_height(lines: int) -> int:
    """Pixels per bar or row so that labels of `lines` lines never overlap their neighbours."""
    return 10 + round(1.3 * _FONT_PX) * lines


def counts_bar(
    counts: Mapping[str, int],
    label: Callable[[str], str],
    colours: Mapping[str, str],
    title: str,
) -> go.Figure:
    """A horizontal bar per category, largest at the top, each bar in its category's colour."""
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    labels = [axis_label(label(name)) for name, _ in ordered]
    figure = go.Figure(
        go.Bar(
            x=[count for _, count in ordered],
            y=list(range(len(ordered))),
            orientation="h",
            marker={
                "color": [colours.get(name, "#999999") for name, _ in ordered],
                "line": {"color": "#333333", "width": 0.5},
            },
            text=[count for _, count in ordered],
            textposition="outside",
            cliponaxis=False,
            customdata=[hover_text(label(name)) for name, _ in ordered],
            hovertemplate="%{customdata}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": hover_text(title), "font": {"size": 16}},
        height=max(220, row_height(label_lines(labels)) * len(ordered) + 80),
        margin={"l": 10, "r": 30, "t": 40, "b": 10},
        xaxis={"visible": False},
        yaxis={
            "tickvals": list(range(len(ordered))),
            "ticktext": labels,
            "tickfont": {"size": _FONT_PX},
            "automargin": True,
        },
        showlegend=False,
    )
    return figure
