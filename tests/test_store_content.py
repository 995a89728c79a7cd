"""Stored versions read back through the contract, including versions stored before a column existed."""

from __future__ import annotations

from mapping.model import StakeholderMap
from mapping.store.content import content_of, map_from_content

# A version as stored before actors had dates and interest and ties a back strength: the export of the day
# wrote every tie's direction, resolved.
OLD_VERSION = {
    "actors": {
        "headers": ["id", "name", "kind", "influence", "stance"],
        "rows": [["kepsa", "KEPSA", "association", "4", "champion"], ["kam", "KAM", "association", "3", ""]],
    },
    "relationships": {
        "headers": ["source", "target", "kind", "strength", "direction", "sign", "confidence"],
        "rows": [
            ["kam", "kepsa", "member_of", "0.5", "mutual", "+", "high"],
            ["kepsa", "kam", "funds", "0.6", "directed", "+", "medium"],
            ["kepsa", "kam", "dialogue", "0.4", "", "+", "medium"],
        ],
    },
}


def test_a_version_stored_before_strength_back_existed_reads_by_the_rule() -> None:
    result = map_from_content(OLD_VERSION)
    assert result.map is not None, result.errors
    assert not result.issues
    backs = [(r.kind, r.strength, r.strength_back) for r in result.map.relationships]
    # Written mutual: the same strength back, as the version meant; written directed: none; blank: the default.
    assert backs == [("member_of", 0.5, 0.5), ("funds", 0.6, 0.0), ("dialogue", 0.4, 0.4)]
    assert all(a.active_from is None and a.interest is None and a.short_name == "" for a in result.map.actors)


def test_a_version_stored_now_keeps_every_new_field(kenya_map: StakeholderMap) -> None:
    stored = content_of(kenya_map)
    assert {"active_from", "active_until", "interest", "short_name"} <= set(stored["actors"]["headers"])
    assert kenya_map.actor("kenya_airways").short_name == "KQ"
    assert "strength_back" in stored["relationships"]["headers"]
    assert map_from_content(stored, title=kenya_map.title).map == kenya_map
