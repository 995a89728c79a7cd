"""What changes if an actor drops out? Scenarios against the base map.

A scenario removes actors, whole kinds, or ties, and weakens the ties of chosen
actors or kinds by a factor (a weakened tie's strength is multiplied by the
factor of each weakened endpoint). It is applied through `InfluenceOptions`, so
every analysis sees the same changed map. The comparison reports:

- **rank changes**: each organisation's rank and score on the base map and under
  the scenario (removed actors are marked removed);
- **paths**: for each (us, target) pair, the strongest route before and after, and
  whether it was lost, weakened, kept or gained;
- **new critical brokers**: brokers between us and each target under the scenario
  that were not critical before;
- **brokers between groups** (optional): e.g. who bridges the political coalitions
  once civil society and faith leaders lose standing, as in Kenya in 2008.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from mapping.analysis.brokerage import brokers_between
from mapping.analysis.critical import critical_brokers
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions
from mapping.analysis.paths import InfluencePath, PathQuery, strongest_paths
from mapping.analysis.ranking import MapMeasures, Ranking, RankingQuery, map_measures, rank_actors
from mapping.model import StakeholderMap

__all__ = [
    "PRESET_SCENARIOS",
    "DateComparison",
    "PathChange",
    "RankChange",
    "Scenario",
    "ScenarioComparison",
    "compare_dates",
    "compare_scenario",
]


@dataclass(frozen=True)
class Scenario:
    """Changes to apply to a map: removals, and weakening factors in (0, 1]."""

    name: str = "Scenario"
    remove_actors: frozenset[str] = frozenset()
    remove_kinds: frozenset[str] = frozenset()
    remove_ties: frozenset[int] = frozenset()
    weaken_actors: Mapping[str, float] = field(default_factory=dict)
    weaken_kinds: Mapping[str, float] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        for name, factor in (*self.weaken_actors.items(), *self.weaken_kinds.items()):
            if not 0 < factor <= 1:
                raise ValueError(f"weakening factor for {name!r} must be above 0 and at most 1, not {factor}")

    def apply(self, smap: StakeholderMap, base: InfluenceOptions = InfluenceOptions()) -> InfluenceOptions:  # noqa: B008
        """The influence options that realise this scenario on top of `base`."""
        factors = dict(base.weakened)
        for actor in smap.actors:
            factor = self.weaken_actors.get(actor.id, 1.0) * self.weaken_kinds.get(actor.kind, 1.0)
            if factor != 1.0:
                factors[actor.id] = factors.get(actor.id, 1.0) * factor
        return replace(
            base,
            removed_actors=base.removed_actors | self.remove_actors,
            removed_kinds=base.removed_kinds | self.remove_kinds,
            removed_ties=base.removed_ties | self.remove_ties,
            weakened=tuple(sorted(factors.items())),
        )

    def removes(self, smap: StakeholderMap, actor_id: str) -> bool:
        return actor_id in self.remove_actors or smap.actor(actor_id).kind in self.remove_kinds


PRESET_SCENARIOS: dict[str, Scenario] = {
    "civil_society_and_faith_lose_standing": Scenario(
        name="Civil society and faith leaders lose standing",
        remove_kinds=frozenset({"civil_society", "faith"}),
        description=(
            "In Kenya in 2008 many civil-society and faith leaders were seen as aligned with one side and lost "
            "their standing as go-betweens; the umbrella business body filled the gap. This takes them off the map."
        ),
    ),
    "civil_society_and_faith_weakened": Scenario(
        name="Civil society and faith leaders weakened",
        weaken_kinds={"civil_society": 0.3, "faith": 0.3},
        description="Their ties keep 30 % of their strength: still present, much less heard.",
    ),
}


@dataclass(frozen=True)
class RankChange:
    """A channel's rank and score before and after; a rank is None where the actor is not ranked."""

    id: str
    name: str
    base_rank: int | None
    scenario_rank: int | None
    base_score: float
    scenario_score: float

    @property
    def moved(self) -> int | None:
        """Places gained (positive) or lost; None when the actor is ranked on one side only."""
        if self.base_rank is None or self.scenario_rank is None:
            return None
        return self.base_rank - self.scenario_rank


@dataclass(frozen=True)
class PathChange:
    source: str
    target: str
    before: InfluencePath | None
    after: InfluencePath | None

    @property
    def status(self) -> str:
        """'lost', 'gained', 'weakened', 'strengthened', 'rerouted', 'unchanged' or 'none'."""
        if self.before is None:
            return "gained" if self.after else "none"
        if self.after is None:
            return "lost"
        if self.after.strength < self.before.strength - 1e-12:
            return "weakened"
        if self.after.strength > self.before.strength + 1e-12:
            return "strengthened"
        return "unchanged" if self.after.actor_ids == self.before.actor_ids else "rerouted"


@dataclass(frozen=True)
class ScenarioComparison:
    scenario: Scenario
    base: Ranking
    changed: Ranking
    ranks: tuple[RankChange, ...]
    paths: tuple[PathChange, ...]
    new_critical_brokers: dict[tuple[str, str], tuple[str, ...]]
    brokers_between_groups: tuple[tuple[str, float, float], ...]


def compare_scenario(
    smap: StakeholderMap,
    scenario: Scenario,
    query: RankingQuery = RankingQuery(),  # noqa: B008 - frozen, safe as a default
    groups: tuple[Collection[str], Collection[str]] | None = None,
    base: MapMeasures | None = None,
) -> ScenarioComparison:
    """The base map against the scenario: ranks, routes from us to each target, brokers.

    `groups` (two sets of actor ids, e.g. the two political coalitions) adds the
    brokers between them before and after: (id, base share, scenario share),
    ordered by the scenario share. `base` are `map_measures(smap, query.influence)`
    when the caller already has them.
    """
    base = base if base is not None else map_measures(smap, query.influence, query.fold_units)
    changed_options = scenario.apply(smap, query.influence)
    changed = map_measures(smap, changed_options, query.fold_units)
    base_ranking = rank_actors(smap, query, base)
    changed_ranking = rank_actors(smap, replace(query, influence=changed_options), changed)
    pairs = [(u, t) for u in base_ranking.us for t in base_ranking.targets if u != t][:50]
    before = _Side(query.influence, base.network)
    after = _Side(changed_options, changed.network)
    return ScenarioComparison(
        scenario=scenario,
        base=base_ranking,
        changed=changed_ranking,
        ranks=_rank_changes(smap, base_ranking, changed_ranking),
        paths=tuple(PathChange(u, t, _best(smap, u, t, before), _best(smap, u, t, after)) for u, t in pairs),
        new_critical_brokers=_new_critical(smap, pairs, before, after),
        brokers_between_groups=_group_brokers(smap, groups, before, after) if groups else (),
    )


@dataclass(frozen=True)
class _Side:
    """One side of the comparison: the tie options and the influence network they give (built once)."""

    options: InfluenceOptions
    network: InfluenceNetwork


def _rank_changes(smap: StakeholderMap, base: Ranking, changed: Ranking) -> tuple[RankChange, ...]:
    """Each channel of the base ranking with its rank in the changed one, then those only the changed one has."""
    after = changed.by_id()
    rows = []
    for row in base.actors:
        new = after.get(row.id)
        rows.append(
            RankChange(row.id, row.name, row.rank, new.rank if new else None, row.score, new.score if new else 0.0)
        )
    known = {row.id for row in base.actors}
    rows += [RankChange(r.id, r.name, None, r.rank, 0.0, r.score) for r in changed.actors if r.id not in known]
    return tuple(rows)


@dataclass(frozen=True)
class DateComparison:
    """The same question asked of the map as it was on two days: both rankings and the rank changes."""

    first: dt.date
    second: dt.date
    before: Ranking
    after: Ranking
    ranks: tuple[RankChange, ...]


def compare_dates(smap: StakeholderMap, query: RankingQuery, first: dt.date, second: dt.date) -> DateComparison:
    """Rank the channels as of `first` and as of `second` (e.g. 2008-02-01 against 2013-02-15), with the changes.

    Scores are on fixed scales, so they compare across the two days. A channel
    on only one day has no rank on the other ("new" or "gone").
    """
    before = rank_actors(smap, replace(query, influence=replace(query.influence, as_of=first)))
    after = rank_actors(smap, replace(query, influence=replace(query.influence, as_of=second)))
    return DateComparison(first, second, before, after, _rank_changes(smap, before, after))


def _best(smap: StakeholderMap, source: str, target: str, side: _Side) -> InfluencePath | None:
    if source not in side.network or target not in side.network:
        return None
    paths = strongest_paths(smap, source, target, PathQuery(k=1, influence=side.options), side.network)
    return next(iter(paths), None)


def _new_critical(
    smap: StakeholderMap, pairs: list[tuple[str, str]], before: _Side, after: _Side
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Brokers that cut us off from a target, or cost over half the route, only under the scenario."""
    result = {}
    for source, target in pairs[:10]:
        critical = []
        for side in (before, after):
            if source not in side.network or target not in side.network:
                critical.append(set())
                continue
            found = critical_brokers(smap, source, target, side.options, side.network)
            base = found.best.strength if found.best else 0.0
            critical.append({b.id for b in found.brokers if b.cuts_off or (base and b.drop > base / 2)})
        new = tuple(sorted(critical[1] - critical[0]))
        if new:
            result[(source, target)] = new
    return result


def _group_brokers(
    smap: StakeholderMap, groups: tuple[Collection[str], Collection[str]], before: _Side, after: _Side
) -> tuple[tuple[str, float, float], ...]:
    share_before = brokers_between(before.network, smap, *groups)
    share_after = brokers_between(after.network, smap, *groups)
    rows = [(actor, share_before.get(actor, 0.0), share) for actor, share in share_after.items() if share > 0]
    return tuple(sorted(rows, key=lambda r: (-r[2], r[0])))
