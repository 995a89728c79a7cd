"""Colouring actors by an attribute: every actor gets a colour, the legend names each colour used."""

from __future__ import annotations

from mapping.model import Actor, StakeholderMap
from mapping.render.colours import CATEGORY_COLOURS, COLOUR_BYS, MAX_CATEGORIES, OTHER_COLOUR, actor_colours


def test_every_colouring_colours_every_actor_and_names_its_colours(kenya_map: StakeholderMap) -> None:
    groups = {actor.id: "group A" if i % 2 else "group B" for i, actor in enumerate(kenya_map.actors)}
    for colouring in COLOUR_BYS:
        colours = actor_colours(kenya_map.actors, colouring.key, groups)
        assert set(colours.fill) == {a.id for a in kenya_map.actors}
        assert set(colours.fill.values()) <= {colour for _, colour in colours.legend}, colouring.key
        assert colours.heading.endswith("(fill)")


def test_beyond_twelve_categories_the_smallest_share_other() -> None:
    actors = [Actor(f"a{i}", f"A{i}", "business", sector=f"sector {i % 20}") for i in range(40)]
    colours = actor_colours(actors, "sector")
    assert len(colours.legend) == MAX_CATEGORIES and colours.legend[-1] == ("Other (9 more)", OTHER_COLOUR)
    assert [c for _, c in colours.legend[:-1]] == list(CATEGORY_COLOURS[: MAX_CATEGORIES - 1])


def test_several_phases_are_one_category_and_a_missing_value_is_not_set() -> None:
    actors = [
        Actor("a", "A", "business", phases=("upstream",)),
        Actor("b", "B", "business", phases=("upstream", "acute")),
        Actor("c", "C", "business"),
    ]
    legend = dict(actor_colours(actors, "phase").legend)
    assert {"Upstream", "Several phases", "Not set"} == set(legend)
