"""Cached calls into `mapping.analysis` for the pages: the one place analysis results are remembered.

Each result is cached on the map's content hash and the question asked (frozen
dataclasses), never on widget noise, so moving a slider back to where it was
costs nothing and switching maps never serves another map's results. Results
are immutable, so they are cached as resources (shared, not copied): a copy per
call cost seconds per rerun on a 3,000-actor map, where pickers ask for names
thousands of times.

What depends only on the map and its tie options is cached on its own
(`cached_measures`: the influence network, brokerage and convening power), so
that changing "us", the targets, the weights or the phase ranks again without
recomputing brokerage, the slowest part of a ranking.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mapping.analysis.coalitions import Coalition, find_coalitions
from mapping.analysis.critical import CriticalBrokers, critical_brokers
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.leaders import RankedLeader, rank_leaders
from mapping.analysis.paths import InfluencePath, PathQuery, strongest_paths_from_any
from mapping.analysis.ranking import MapMeasures, Ranking, RankingQuery, map_measures, rank_actors
from mapping.analysis.robustness import Robustness, rank_ranges
from mapping.analysis.scenarios import Scenario, ScenarioComparison, compare_scenario
from mapping.analysis.structure import (
    ActorStructure,
    NetworkSummary,
    StandIn,
    actor_structure,
    network_summary,
    stand_ins,
)
from mapping.model import StakeholderMap

__all__ = [
    "cached_coalitions",
    "cached_comparison",
    "cached_critical",
    "cached_leaders",
    "cached_measures",
    "cached_network",
    "cached_paths",
    "cached_ranking",
    "cached_robustness",
    "cached_stand_ins",
    "cached_structure",
]


def cached_measures(
    smap: StakeholderMap, content_hash: str, options: InfluenceOptions, fold_units: bool = True
) -> MapMeasures:
    """The network, brokerage and convening power of the map under the tie options, computed once.

    Every argument reaches the cache by position: Streamlit keys a cached call on the
    arguments as written, so `f(m, h, o)` and `f(m, h, o, True)` would be two entries
    and brokerage would be computed twice (0.7 s at 3,000 actors).
    """
    return _cached_measures(smap, content_hash, options, fold_units)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_measures(
    _smap: StakeholderMap, content_hash: str, options: InfluenceOptions, fold_units: bool
) -> MapMeasures:
    return map_measures(_smap, options, fold_units, cached_network(_smap, content_hash, options))


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_network(_smap: StakeholderMap, content_hash: str, options: InfluenceOptions) -> InfluenceNetwork:
    """The influence network alone, for pages that walk routes and need no brokerage (paths, people, measures)."""
    return influence_network(_smap, options)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_paths(
    _smap: StakeholderMap, content_hash: str, sources: tuple[str, ...], target: str, query: PathQuery
) -> list[InfluencePath]:
    network = cached_network(_smap, content_hash, query.influence)
    return strongest_paths_from_any(_smap, sources, target, query, network)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_critical(
    _smap: StakeholderMap, content_hash: str, source: str, target: str, options: InfluenceOptions
) -> CriticalBrokers:
    return critical_brokers(_smap, source, target, options, cached_network(_smap, content_hash, options))


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_ranking(_smap: StakeholderMap, content_hash: str, query: RankingQuery) -> Ranking:
    return rank_actors(_smap, query, cached_measures(_smap, content_hash, query.influence, query.fold_units))


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_robustness(
    _smap: StakeholderMap,
    content_hash: str,
    query: RankingQuery,
    runs: int,
    _progress: Callable[[int, int], None] | None = None,
) -> Robustness:
    """Rank ranges of the question; `_progress` (not part of the key) hears of each run."""
    measures = cached_measures(_smap, content_hash, query.influence, query.fold_units)
    return rank_ranges(_smap, query, runs, measures=measures, progress=_progress)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_leaders(_smap: StakeholderMap, content_hash: str, query: RankingQuery) -> tuple[RankedLeader, ...]:
    network = cached_network(_smap, content_hash, query.influence)
    return rank_leaders(_smap, cached_ranking(_smap, content_hash, query), network)


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_coalitions(
    _smap: StakeholderMap,
    content_hash: str,
    options: InfluenceOptions,
    _progress: Callable[[int, int], None] | None = None,
) -> list[Coalition]:
    """The map's signed coalitions; `_progress` (not part of the key) hears of each seeded run."""
    return find_coalitions(_smap, options, progress=_progress)


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_comparison(
    _smap: StakeholderMap,
    content_hash: str,
    scenario: Scenario,
    query: RankingQuery,
    groups: tuple[frozenset[str], frozenset[str]] | None,
) -> ScenarioComparison:
    measures = cached_measures(_smap, content_hash, query.influence, query.fold_units)
    return compare_scenario(_smap, scenario, query, groups, measures)


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_structure(
    _smap: StakeholderMap, content_hash: str, options: InfluenceOptions
) -> tuple[NetworkSummary, dict[str, ActorStructure]]:
    """The network summary and every actor's centralities, Burt's measures and brokerage roles."""
    network = cached_network(_smap, content_hash, options)
    return network_summary(_smap, options, network), actor_structure(_smap, options, network)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_stand_ins(
    _smap: StakeholderMap, content_hash: str, actor_id: str, options: InfluenceOptions
) -> list[StandIn]:
    network = cached_network(_smap, content_hash, options)
    return stand_ins(_smap, actor_id, options, network=network)
