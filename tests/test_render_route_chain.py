"""The route chain: a route read left to right, each hop with its evidence, every string escaped."""

from __future__ import annotations

from mapping.analysis.paths import InfluencePath, Step
from mapping.model import StakeholderMap
from mapping.render.route_chain import hop_warnings, route_chain_html


def test_the_chain_shows_every_actor_and_hop_with_its_evidence(kenya_map: StakeholderMap) -> None:
    path = InfluencePath(
        "uwiano",
        "Uwiano",
        (
            Step("ncic", "NCIC", "member_of", 0.4, "high", since=None, source_ref="UNDP Kenya project page"),
            Step("kepsa", "KEPSA", "partners_with", 0.5, "low", source_ref=""),
        ),
    )
    chain = route_chain_html(kenya_map, path, lambda actor_id: kenya_map.actor(actor_id).name)
    assert chain.count('class="route-actor"') == 3 and chain.count('class="route-hop"') == 2
    assert chain.index("Uwiano") < chain.index("National Cohesion") < chain.index("Kenya Private Sector")
    assert 'data-role="us"' in chain and 'data-role="target"' in chain and 'data-role="broker"' in chain
    assert "strength 0.40, high confidence" in chain and "UNDP Kenya project page" in chain
    assert chain.count('class="route-warning"') == 1 and "low confidence, no source" in chain


def test_names_and_sources_are_escaped(kenya_map: StakeholderMap) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    path = InfluencePath("uwiano", "Uwiano", (Step("kepsa", "KEPSA", "dialogue", 0.5, source_ref=hostile + "x" * 80),))
    chain = route_chain_html(kenya_map, path, lambda _actor_id: hostile)
    assert "<img" not in chain and "&lt;img src=x" in chain
    assert "…" in chain  # a long source is shortened; the whole of it is in the tooltip, escaped


def test_a_sourced_confident_hop_has_no_warning() -> None:
    assert hop_warnings(Step("b", "B", "dialogue", 0.5, confidence="high", source_ref="minutes")) == []
