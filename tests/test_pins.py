"""Pinned actors: dragged places kept in the map's own columns, honoured by the layout, in every export."""

from __future__ import annotations

from mapping.export import actor_rows
from mapping.formats.gexf import gexf_bytes
from mapping.layout import layout_positions
from mapping.model import StakeholderMap
from mapping.store.edits import pin_actors
from mapping.view import placed_positions


def test_pinning_writes_whole_pixels_and_unpinning_clears_them(kenya_map: StakeholderMap) -> None:
    pinned = pin_actors(kenya_map, {"kepsa": (120.4, -39.6), "kam": (0, 0)})
    assert pinned.actor("kepsa").pinned == (120, -40) and pinned.actor("kam").pinned == (0, 0)
    assert len(pinned) == len(kenya_map) and pinned.relationships == kenya_map.relationships
    assert pin_actors(pinned, {"kepsa": None}).actor("kepsa").pinned is None


def test_a_pinned_place_beats_the_layout_and_moves_nobody_else(kenya_map: StakeholderMap) -> None:
    pinned = pin_actors(kenya_map, {"kepsa": (5000, 5000)})
    layout = layout_positions(kenya_map)
    placed = placed_positions(layout_positions(pinned), pinned, {"kam": (1.0, 2.0)})
    assert placed["kepsa"] == (5000, 5000) and placed["kam"] == (1.0, 2.0)
    assert all(placed[a] == layout[a] for a in layout if a not in {"kepsa", "kam"})


def test_pinned_places_travel_in_the_exported_tables(kenya_map: StakeholderMap) -> None:
    headers, rows = actor_rows(pin_actors(kenya_map, {"kepsa": (120, -40)}))
    row = dict(zip(headers, next(r for r in rows if r[0] == "kepsa"), strict=False))
    assert (row["map_x"], row["map_y"]) == ("120", "-40")


def test_gephi_gets_the_pinned_place(kenya_map: StakeholderMap) -> None:
    text = gexf_bytes(pin_actors(kenya_map, {"kepsa": (120, -40)})).decode()
    node = text[text.index('id="kepsa"') :]
    assert 'x="120.0" y="40.0"' in node[: node.index("</node>")]  # Gephi's y points up
