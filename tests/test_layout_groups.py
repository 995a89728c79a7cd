"""Group-in-a-Box layout: each group of actors in its own box, apart from the others, and steady."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapping.layout import (
    GROUP_GAP,
    NETWORKX_UP_TO,
    NO_GROUP,
    Position,
    grouped_positions,
    groups_by_kind,
    groups_by_sector,
    layout_positions,
)
from mapping.model import Actor, Relationship, StakeholderMap

Extent = tuple[float, float, float, float]  # left, top, right, bottom


def extents(positions: Mapping[str, Position], group_of: Mapping[str, str]) -> dict[str, Extent]:
    """Each group's bounding box, from its actors' positions."""
    points: dict[str, list[Position]] = {}
    for actor_id, point in positions.items():
        points.setdefault(group_of.get(actor_id, NO_GROUP), []).append(point)
    return {
        group: (min(x for x, _ in ps), min(y for _, y in ps), max(x for x, _ in ps), max(y for _, y in ps))
        for group, ps in points.items()
    }


def gap(a: Extent, b: Extent) -> float:
    """Space between two boxes: how far apart they are along the axis where they are furthest apart (< 0: overlap)."""
    return max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])


def narrowest_gap(positions: Mapping[str, Position], group_of: Mapping[str, str]) -> float:
    boxes = extents(positions, group_of)
    return min(gap(a, b) for a, b in combinations(boxes.values(), 2))


def synthetic_map(sizes: list[int]) -> tuple[StakeholderMap, dict[str, str]]:
    """Groups g0, g1, ... of the given sizes; each group's actors in a ring, and one tie across each pair of groups."""
    actors, ties, group_of = [], [], {}
    for g, size in enumerate(sizes):
        ids = [f"g{g}_{i:03d}" for i in range(size)]
        actors += [Actor(actor_id, actor_id, "business") for actor_id in ids]
        group_of.update(dict.fromkeys(ids, f"g{g}"))
        ties += [Relationship(ids[i], ids[(i + 1) % size], "dialogue", 0.5) for i in range(size) if size > 2]
    ties += [Relationship(f"g{a}_000", f"g{b}_000", "dialogue", 0.5) for a, b in combinations(range(len(sizes)), 2)]
    return StakeholderMap(actors, ties), group_of


def organisations_by_kind(smap: StakeholderMap) -> dict[str, str]:
    """Kinds for organisations only: people are left out, so they form the no-group box."""
    return {actor.id: actor.kind for actor in smap.actors if not actor.is_person}


@pytest.fixture(params=["kenya by kind", "kenya by sector", "kenya, people ungrouped", "small map by kind"])
def grouped_map(request: pytest.FixtureRequest, kenya_map: StakeholderMap, small_map: StakeholderMap):
    smap, grouping = {
        "kenya by kind": (kenya_map, groups_by_kind),
        "kenya by sector": (kenya_map, groups_by_sector),
        "kenya, people ungrouped": (kenya_map, organisations_by_kind),
        "small map by kind": (small_map, groups_by_kind),
    }[request.param]
    return smap, grouping(smap)


def test_every_actor_gets_a_position_in_whole_pixels(grouped_map) -> None:
    smap, group_of = grouped_map
    positions = grouped_positions(smap, group_of)
    assert sorted(positions) == sorted(a.id for a in smap.actors)
    assert all(isinstance(v, int) for point in positions.values() for v in point)


def test_groups_are_drawn_apart(grouped_map) -> None:
    smap, group_of = grouped_map
    positions = grouped_positions(smap, group_of)
    assert len(extents(positions, group_of)) > 1
    assert narrowest_gap(positions, group_of) >= max(60, GROUP_GAP - 1)


def test_drawing_spans_the_same_scale_as_the_force_layout(kenya_map: StakeholderMap) -> None:
    grouped = grouped_positions(kenya_map, groups_by_kind(kenya_map))
    plain = layout_positions(kenya_map)
    reach = [max(abs(v) for point in layout.values() for v in point) for layout in (grouped, plain)]
    assert reach[0] == pytest.approx(reach[1], abs=1)


@pytest.mark.parametrize(
    "sizes",
    [
        pytest.param([200, 1], id="one actor beside two hundred"),
        pytest.param([60, 1, 1, 1], id="three lone actors beside sixty"),
        pytest.param([2] * 25, id="twenty-five pairs"),
        pytest.param([1] * 40, id="forty lone actors"),
        pytest.param([30, 9, 4, 3, 1], id="mixed"),
    ],
)
def test_groups_stay_apart_when_sizes_are_lopsided(sizes: list[int]) -> None:
    """A plain treemap gives one actor beside 200 a strip a few pixels thick; it must still stand apart."""
    smap, group_of = synthetic_map(sizes)
    assert narrowest_gap(grouped_positions(smap, group_of), group_of) >= max(60, GROUP_GAP - 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 60), min_size=2, max_size=25))
def test_groups_stay_apart_whatever_their_sizes(sizes: list[int]) -> None:
    smap, group_of = synthetic_map(sizes)
    assert narrowest_gap(grouped_positions(smap, group_of), group_of) >= max(60, GROUP_GAP - 1)


def test_same_map_and_groups_give_the_same_positions(kenya_map: StakeholderMap) -> None:
    group_of = groups_by_kind(kenya_map)
    shuffled = StakeholderMap(reversed(kenya_map.actors), reversed(kenya_map.explicit_relationships))
    first = grouped_positions(kenya_map, group_of)
    assert grouped_positions(kenya_map, dict(reversed(group_of.items()))) == first
    assert grouped_positions(shuffled, group_of) == first


def test_a_tie_changed_inside_a_group_moves_no_other_group(kenya_map: StakeholderMap) -> None:
    group_of = groups_by_kind(kenya_map)
    businesses = sorted(a.id for a in kenya_map.actors_of_kind("business"))
    new_tie = Relationship(businesses[0], businesses[-1], "partnership", 0.7)
    changed = StakeholderMap(kenya_map.actors, (*kenya_map.explicit_relationships, new_tie))
    before, after = grouped_positions(kenya_map, group_of), grouped_positions(changed, group_of)
    assert {a: p for a, p in after.items() if a not in businesses} == {
        a: p for a, p in before.items() if a not in businesses
    }
    assert any(after[a] != before[a] for a in businesses)  # the change did reach its own group


def test_a_tie_between_groups_moves_nobody(kenya_map: StakeholderMap) -> None:
    group_of = groups_by_kind(kenya_map)
    business = kenya_map.actors_of_kind("business")[0].id
    faith = kenya_map.actors_of_kind("faith")[0].id
    changed = StakeholderMap(
        kenya_map.actors, (*kenya_map.explicit_relationships, Relationship(business, faith, "dialogue", 0.5))
    )
    assert grouped_positions(changed, group_of) == grouped_positions(kenya_map, group_of)


def test_one_group_fills_the_drawing(kenya_map: StakeholderMap) -> None:
    positions = grouped_positions(kenya_map, dict.fromkeys((a.id for a in kenya_map.actors), "everyone"))
    scale = max(250, 90 * len(kenya_map) ** 0.5)
    assert all(abs(v) <= scale + 0.5 for point in positions.values() for v in point)
    assert max(abs(v) for point in positions.values() for v in point) == pytest.approx(scale, abs=1)


def test_one_group_on_a_large_map_is_the_force_layout() -> None:
    """Above NETWORKX_UP_TO actors both layouts use igraph: one box gives the very same pixels."""
    smap, _ = synthetic_map([NETWORKX_UP_TO + 50])
    assert grouped_positions(smap, {}) == layout_positions(smap)


def test_an_empty_map_has_no_positions() -> None:
    assert grouped_positions(StakeholderMap([], []), {}) == {}


def test_a_one_actor_map_sits_in_the_middle() -> None:
    assert grouped_positions(StakeholderMap([Actor("ngo", "NGO", "civil_society")], []), {"ngo": "x"}) == {
        "ngo": (0, 0)
    }


def test_ids_not_on_the_map_are_ignored(small_map: StakeholderMap) -> None:
    group_of = groups_by_kind(small_map)
    assert grouped_positions(small_map, {**group_of, "ghost": "government"}) == grouped_positions(small_map, group_of)


def test_groups_by_kind_and_by_sector(kenya_map: StakeholderMap, small_map: StakeholderMap) -> None:
    assert groups_by_kind(kenya_map) == {a.id: a.kind for a in kenya_map.actors}
    assert groups_by_kind(small_map)["chamber"] == "association"
    assert groups_by_sector(kenya_map) == {a.id: a.sector for a in kenya_map.actors}  # every Kenya actor has one
    assert groups_by_sector(small_map) == {}  # the small map has no sector column: one box for all
