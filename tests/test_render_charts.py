"""The analysis and summary charts, and the read-on-screen tables: labels are never cut and stay text."""

from __future__ import annotations

import html

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.analysis.scenarios import RankChange
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.analysis_charts import component_bars, rank_slope
from mapping.render.charts import LABEL_LINE, LABEL_LINES, axis_label, counts_bar, row_height
from mapping.render.tables import markdown_table

LINK = '<a href="javascript:alert(1)">click</a>'
MARKUP = "Ministry<br>of <b>Truth</b> & Co"
LONG = "National Steering Committee on Peacebuilding and Conflict Management (NSC)"


def shown(label: str) -> list[str]:
    """The lines a Plotly label shows: split at its line breaks, entities read as characters."""
    return [html.unescape(line) for line in label.split("<br>")]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("AU", ["AU"]),
        ("Kenya Private Sector Alliance (KEPSA)", ["Kenya Private Sector", "Alliance (KEPSA)"]),
        (LONG, ["National Steering", "Committee on… (NSC)"]),
        ("Ministry of State for Provincial Administration and Internal Security", None),
        ("x" * 80, ["x" * LABEL_LINE, "x" * (LABEL_LINE - 1) + "…"]),
    ],
)
def test_a_label_wraps_and_is_shortened_only_when_it_does_not_fit(name: str, lines: list[str] | None) -> None:
    label = shown(axis_label(name))
    assert len(label) <= LABEL_LINES and all(len(line) <= LABEL_LINE for line in label)
    if lines is not None:
        assert label == lines
    assert "…" in label[-1] or " ".join(label) == name


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120))
def test_any_name_gives_a_label_of_bounded_size_that_is_text(name: str) -> None:
    label = axis_label(name)
    lines = shown(label)
    assert len(lines) <= LABEL_LINES and all(len(line) <= LABEL_LINE for line in lines)
    assert "<" not in label.replace("<br>", "") and ">" not in label.replace("<br>", "")
    if "…" not in lines[-1]:  # nothing cut: every character of the name is shown, only spacing may change
        assert "".join("".join(lines).split()) == "".join(name.split())


@pytest.mark.parametrize("name", [LINK, MARKUP])
def test_markup_in_a_name_is_escaped(name: str) -> None:
    assert "<a" not in axis_label(name) and "<b>" not in axis_label(name)
    assert "&lt;" in axis_label(name)


def changes(count: int, name: str = "Actor") -> list[RankChange]:
    """`count` actors; every third is removed by the scenario, the others swap places in pairs."""
    ranks = []
    for rank in range(1, count + 1):
        after = None if rank % 3 == 0 else rank + 1 if rank % 2 else rank - 1
        ranks.append(RankChange(f"a{rank}", f"{name} {rank}", rank, after, 1 / rank, 1 / rank))
    return ranks


def test_the_slope_chart_labels_every_actor_on_both_sides_with_its_rank() -> None:
    figure = rank_slope(changes(9), top=15)
    left, right = figure.layout.yaxis.ticktext, figure.layout.yaxis2.ticktext
    assert left == tuple(f"{rank}. Actor {rank}" for rank in range(1, 10))
    assert sorted(right) == sorted(
        f"removed: Actor {rank}" if rank % 3 == 0 else f"{rank + 1 if rank % 2 else rank - 1}. Actor {rank}"
        for rank in range(1, 10)
    )
    assert right[-3:] == ("removed: Actor 3", "removed: Actor 6", "removed: Actor 9")
    assert figure.layout.yaxis.automargin and figure.layout.yaxis2.automargin
    assert {trace.name for trace in figure.data if trace.showlegend} == {"rose", "fell", "removed"}


def test_the_slope_chart_keeps_user_text_as_text() -> None:
    ranks = [RankChange("x", LINK, 1, 2, 0.5, 0.4), RankChange("y", MARKUP, 2, 1, 0.4, 0.5)]
    figure = rank_slope(ranks, sides=("<b>before</b>", "after & later"))
    texts = [*figure.layout.yaxis.ticktext, *figure.layout.yaxis2.ticktext]
    texts += [
        str(cell) for trace in figure.data if trace.customdata is not None for row in trace.customdata for cell in row
    ]
    assert texts and not any("<a" in text or "<b>T" in text for text in texts)
    assert figure.layout.xaxis.ticktext == ("<b>&lt;b&gt;before&lt;/b&gt;</b>", "<b>after &amp; later</b>")
    assert all("javascript" not in (trace.hovertemplate or "") for trace in figure.data)


def test_a_chart_grows_with_its_rows() -> None:
    assert rank_slope(changes(15)).layout.height >= 15 * row_height(1)
    assert rank_slope(changes(15, LONG)).layout.height >= 15 * row_height(2) > rank_slope(changes(15)).layout.height


@pytest.fixture
def twin_names() -> StakeholderMap:
    """Two businesses shown under one name, and a hostile one: three bars all the same."""
    actors = [
        Actor("a", "Chair", "business", influence=4, stance="champion"),
        Actor("b", "Chair", "business", influence=3, stance="supportive"),
        Actor("c", LINK, "business", influence=2),
        Actor("gov", "Ministry", "government", influence=5),
    ]
    ties = [Relationship(i, "gov", "dialogue", 0.6, strength_back=0.3) for i in "abc"]
    return StakeholderMap(actors, ties)


def test_the_component_bars_keep_one_bar_per_actor_and_escape_names(twin_names: StakeholderMap) -> None:
    ranking = rank_actors(twin_names, RankingQuery())
    figure = component_bars(ranking)
    assert len(figure.layout.yaxis.ticktext) == len(ranking.actors) == 3
    assert all(len(trace.y) == 3 and len(set(trace.y)) == 3 for trace in figure.data)
    assert not any("<a" in label for label in figure.layout.yaxis.ticktext)
    assert not any("<a" in name for trace in figure.data for name in trace.customdata)
    assert figure.layout.yaxis.automargin


def test_the_counts_bar_escapes_its_labels() -> None:
    figure = counts_bar({"x": 2, "y": 1}, {"x": LINK, "y": "plain"}.__getitem__, {}, "Counts")
    plain, link = figure.layout.yaxis.ticktext
    assert plain == "plain" and "<a" not in link and link.startswith("&lt;a href=")
    assert "".join(shown(link)) == LINK
    assert figure.layout.yaxis.automargin


def test_a_markdown_table_keeps_user_text_as_text_on_one_line_each() -> None:
    table = pd.DataFrame(
        [
            {"name": "A | B", "score": 0.5, "reason": "costs $5 and $6; <img src=x> [link](http://x)", "flags": ""},
            {"name": "C", "score": 0.25, "reason": "line\nbreak", "flags": ""},
            {"name": "D", "score": 0.1, "reason": "not shown", "flags": "no source given"},
        ]
    )
    text = markdown_table(table, {"name": "organisation", "score": "score", "reason": "why", "flags": "check"}, 2)
    lines = text.splitlines()
    assert lines[0] == "| organisation | score | why |"  # no flags in the rows shown: no column
    assert len(lines) == 4 and all(line.count(" | ") == 2 for line in lines[2:])
    joiner = "\u2060"  # keeps the address from becoming a link by itself (mapping.markdown)
    assert lines[2] == r"| A \| B | 0\.500 | costs \$5 and \$6; \<img src=x\> \[link\]\(http" + joiner + r"://x\) |"
    assert lines[3] == r"| C | 0\.250 | line break |"
