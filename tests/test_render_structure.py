"""The Network measures page's chart and tables: user labels stay text, every actor is drawn once."""

from __future__ import annotations

import json

import pytest

from mapping.analysis.structure import actor_structure, power_interest_grid, stand_ins
from mapping.model import Actor, Relationship, StakeholderMap
from mapping.render.structure import (
    GRID_COLUMNS,
    STAND_IN_COLUMNS,
    STRUCTURE_COLUMNS,
    grid_table,
    power_interest_chart,
    stand_in_table,
    structure_table,
)

LINK_LABEL = '<a href="javascript:alert(1)">click</a>'
BREAK_LABEL = "Ministry<br>of <b>Truth</b>"


@pytest.fixture
def hostile_map() -> StakeholderMap:
    actors = [
        Actor("link", LINK_LABEL, "business", influence=4, stance="champion"),
        Actor("break", BREAK_LABEL, "government", influence=4, stance="champion"),
        Actor("plain", "Plain", "association", influence=1),
    ]
    ties = [
        Relationship("link", "plain", "dialogue", 0.5, strength_back=0.5),
        Relationship("break", "plain", "dialogue", 0.5, strength_back=0.5),
    ]
    return StakeholderMap(actors, ties)


def names_of(smap: StakeholderMap):
    return lambda actor_id: smap.actor(actor_id).name


def test_the_chart_escapes_labels_so_plotly_draws_them_as_text(hostile_map: StakeholderMap) -> None:
    figure = power_interest_chart(power_interest_grid(hostile_map), names_of(hostile_map))
    labels = [label for trace in figure.data for label in trace.text]
    assert sorted(labels) == sorted(
        [
            '&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;',
            "Ministry&lt;br&gt;of &lt;b&gt;Truth&lt;/b&gt;",
            "Plain",
        ]
    )
    # Nothing Plotly reads as a tag, anywhere in the figure (names also reach the hover text).
    drawn = json.dumps(figure.to_plotly_json())
    assert "<a " not in drawn and "<b>" not in drawn and "Ministry<br>" not in drawn


def test_every_rated_actor_is_drawn_once_and_the_estimate_shows_on_hover(hostile_map: StakeholderMap) -> None:
    figure = power_interest_chart(power_interest_grid(hostile_map), names_of(hostile_map))
    assert sum(len(trace.x) for trace in figure.data) == 3
    marks = {mark for trace in figure.data for mark in trace.customdata}
    assert marks == {"estimated"}  # none of the three has a rated interest


def test_tables_keep_the_names_as_written(hostile_map: StakeholderMap) -> None:
    """Streamlit draws dataframe cells as text: the tables carry the name unchanged, never escaped twice."""
    names = names_of(hostile_map)
    kinds = {a.id: a.kind for a in hostile_map.actors}
    assert LINK_LABEL in set(grid_table(power_interest_grid(hostile_map), names)["actor"])
    assert BREAK_LABEL in set(structure_table(actor_structure(hostile_map), names, kinds)["actor"])
    assert list(stand_in_table(stand_ins(hostile_map, "link"), names)["could stand in"]) == [BREAK_LABEL]


def test_an_empty_map_gives_tables_with_their_columns_and_an_empty_chart() -> None:
    """The page selects columns by name: an empty map (a blank workspace) must not break it."""
    empty = StakeholderMap([], [])
    assert list(structure_table(actor_structure(empty), str, {}).columns) == list(STRUCTURE_COLUMNS)
    assert list(grid_table(power_interest_grid(empty), str).columns) == list(GRID_COLUMNS)
    assert list(stand_in_table([], str).columns) == list(STAND_IN_COLUMNS)
    assert sum(len(trace.x) for trace in power_interest_chart([], str).data) == 0
