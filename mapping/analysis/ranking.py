"""Who should we engage first? A transparent ranking of organisations.

Every organisation (every actor but people and "us") gets six components in [0, 1]:

| component | raw value | normalised |
|---|---|---|
| reach | R(x): mean strongest-path strength from x to the targets (`reach.py`) | R(x) / max R |
| accessibility | A(x): strongest-path strength from us to x (`reach.py`) | A(x) / max A |
| brokerage | B(x): betweenness on the influence graph (`brokerage.py`) | B(x) / max B |
| convening | C(x): influence-weighted actors x can convene (`convening.py`) | C(x) / max C |
| alignment | stance table (`traits.py`) | as is |
| trust | integrity and neutrality (`traits.py`) | as is |

(maxima over the ranked actors; a component whose maximum is 0 is 0 for all.)

**Engagement score** = sum over components c of w_c * x_c / sum of w_c, with the
weights in `DEFAULT_WEIGHTS` unless the user sets others.

**Viewed for one prevention phase** (upstream, acute or recovery), the default
weights are the phase's (`mapping/reference/phase_weights.csv`, e.g. upstream
favours trust and convening power, acute favours reach and capabilities), a
seventh component joins: **capability** = the share of the phase's key
capabilities (`phase_capabilities.csv`) the actor has, divided by its maximum;
and organisations that declare phases without this one are left out
(organisations that declare none stay, flagged). Components that cannot
be computed are left out of both sums: accessibility when no "us" is chosen,
reach when the map has no targets (targets default to the government and
political actors). Ties in score are broken by name (ignoring case), then id, so the order is
stable whatever the order of the input rows.

Each row carries its components, the raw values, a one-sentence reason naming
the two components that contribute most, and flags for guessed inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mapping.analysis.brokerage import brokerage
from mapping.analysis.convening import Convening, convening_power
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.reach import ReachSummary, accessibility, reach_summaries, routes_from_any, routes_to
from mapping.analysis.traits import alignment, trust
from mapping.model import Actor, StakeholderMap
from mapping.reference import phase_capabilities, phase_weights

__all__ = [
    "COMPONENTS",
    "DEFAULT_TARGET_KINDS",
    "DEFAULT_WEIGHTS",
    "PHASE_COMPONENTS",
    "MapMeasures",
    "RankedActor",
    "Ranking",
    "RankingQuery",
    "default_weights",
    "map_measures",
    "phase_capability_names",
    "rank_actors",
]

COMPONENTS = ("reach", "accessibility", "brokerage", "convening", "alignment", "trust")
PHASE_COMPONENTS = (*COMPONENTS, "capability")
DEFAULT_WEIGHTS: dict[str, float] = {
    "reach": 0.25,
    "accessibility": 0.15,
    "brokerage": 0.20,
    "convening": 0.20,
    "alignment": 0.10,
    "trust": 0.10,
}
DEFAULT_TARGET_KINDS = ("government", "political")
ROUTED_REASONS = 100
_ALL_PHASE_CAPABILITIES = frozenset(c.capability for c in phase_capabilities())


@dataclass(frozen=True)
class RankingQuery:
    """What to rank for.

    us : our own organisation(s) or network; accessibility is measured from them.
    targets : the decision-makers to reach (ids or names).
    target_kinds : actor kinds whose actors are all targets (used with or instead of targets).
    weights : component weights (missing ones take the default; 0 switches a component off);
        None for the defaults of the phase (or `DEFAULT_WEIGHTS` without a phase).
    influence : which ties count (confidence weighting, verified only, as-of date, scenario changes).
    phase : "upstream", "acute" or "recovery" to view the ranking for one phase.
    """

    us: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    weights: Mapping[str, float] | None = None
    influence: InfluenceOptions = field(default_factory=InfluenceOptions)
    phase: str | None = None


@dataclass(frozen=True)
class RankedActor:
    """One ranked actor: its score, its components (normalised), raw values, reason and flags."""

    rank: int
    id: str
    name: str
    kind: str
    score: float
    components: dict[str, float]
    raw: dict[str, float]
    reason: str
    flags: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `mapping rank --json`: each component under its own name."""
        row: dict[str, object] = {"rank": self.rank, "id": self.id, "name": self.name, "kind": self.kind}
        row["score"] = round(self.score, 6)
        row.update({name: round(value, 6) for name, value in self.components.items()})
        row["reason"] = self.reason
        row["flags"] = list(self.flags)
        return row


@dataclass(frozen=True)
class Ranking:
    """The ranked actors and how they were ranked (weights actually used, targets, notes, tie options)."""

    actors: tuple[RankedActor, ...]
    weights: dict[str, float]
    us: tuple[str, ...]
    targets: tuple[str, ...]
    notes: tuple[str, ...]
    options: InfluenceOptions = field(default_factory=InfluenceOptions)

    def by_id(self) -> dict[str, RankedActor]:
        return {row.id: row for row in self.actors}


def default_weights(phase: str | None = None) -> dict[str, float]:
    """The default component weights, for a phase when one is given."""
    return dict(DEFAULT_WEIGHTS) if phase is None else phase_weights()[phase]


def phase_capability_names(phase: str) -> tuple[str, ...]:
    return tuple(c.capability for c in phase_capabilities() if c.phase == phase)


@dataclass(frozen=True)
class MapMeasures:
    """What a ranking takes from the map under its tie options alone, whoever "we" and the targets are.

    Brokerage is the slowest part of a ranking (about 0.3 s at 3,000 actors, 10 s at
    30,000) and depends on neither the question nor the weights: a caller that keeps
    these (the app caches them per map and tie options) ranks again without it.
    """

    network: InfluenceNetwork
    brokerage: Mapping[str, float]
    convening: Mapping[str, Convening]


def map_measures(smap: StakeholderMap, options: InfluenceOptions = InfluenceOptions()) -> MapMeasures:  # noqa: B008
    """The influence network of the map under the options, its brokerage and its convening power."""
    network = influence_network(smap, options)
    return MapMeasures(network, brokerage(network), convening_power(smap, network))


def rank_actors(
    smap: StakeholderMap,
    query: RankingQuery = RankingQuery(),
    measures: MapMeasures | None = None,
) -> Ranking:
    """Rank the map's organisations for engagement (see the module docstring for the formula).

    `measures` are `map_measures(smap, query.influence)` when the caller already has them.
    Raises mapping.model.UnknownActorError when `us` or `targets` names no actor.
    """
    us = tuple(dict.fromkeys(smap.resolve(ref).id for ref in query.us))
    named_targets = [smap.resolve(ref).id for ref in query.targets]
    measures = measures if measures is not None else map_measures(smap, query.influence)
    network = measures.network
    targets, notes = _targets(smap, query, named_targets, network)
    ranked = [a for a in smap.actors if not a.is_person and a.id not in us and a.id in network]
    if query.phase:
        ranked = [a for a in ranked if not a.phases or query.phase in a.phases]
    weights = _weights_used(query, us, targets, notes)
    ids = [a.id for a in ranked]
    summaries = reach_summaries(network, targets, ids) if targets else {}
    evidence = _Evidence(smap, network, us, targets, summaries, measures.convening)
    raw = _raw_components(evidence, ranked, measures.brokerage)
    if query.phase:
        raw["capability"] = _capability_share(ranked, query.phase)
    normalised = _normalised(raw, ranked)
    scored = []
    for actor in ranked:
        components = {c: normalised[c][actor.id] for c in weights}
        score = sum(weights[c] * components[c] for c in weights) / sum(weights.values())
        scored.append((score, actor, components))
    # Float sums depend on the order of the input rows; rounding lets equal scores tie on the name.
    scored.sort(key=lambda row: (-round(row[0], 12), row[1].name.casefold(), row[1].id))
    ranked_rows = tuple(
        RankedActor(
            rank=i,
            id=actor.id,
            name=actor.name,
            kind=actor.kind,
            score=score,
            components=components,
            raw={c: raw[c][actor.id] for c in raw},
            reason=_reason(evidence, actor, components, raw, weights, with_routes=i <= ROUTED_REASONS),
            flags=_flags(actor, query.phase),
        )
        for i, (score, actor, components) in enumerate(scored, start=1)
    )
    return Ranking(ranked_rows, weights, us, targets, tuple(notes), query.influence)


@dataclass
class _Evidence:
    """What the reasons cite: the map, its influence network, the question and the precomputed reach."""

    smap: StakeholderMap
    network: InfluenceNetwork
    us: tuple[str, ...]
    targets: tuple[str, ...]
    reach: dict[str, ReachSummary]
    convening: Mapping[str, Convening]
    _routes_to: dict[str, Callable[[str], list[str]]] = field(default_factory=dict)

    def route(self, source: str, target: str) -> list[str]:
        """One strongest route (actor ids); one shortest-path pass per distinct target, cached."""
        if target not in self._routes_to:
            self._routes_to[target] = routes_to(self.network, target)
        return self._routes_to[target](source)

    @cached_property
    def route_from_us(self) -> Callable[[str], list[str]]:
        return routes_from_any(self.network, self.us)


def _targets(
    smap: StakeholderMap, query: RankingQuery, named: list[str], network: InfluenceNetwork
) -> tuple[tuple[str, ...], list[str]]:
    """The target ids: named ones plus all actors of the target kinds (default: government, political)."""
    notes: list[str] = []
    kinds = query.target_kinds or (() if named else DEFAULT_TARGET_KINDS)
    if not named and not query.target_kinds:
        notes.append("No targets chosen: reach is measured toward all government and political actors.")
    by_kind = [a.id for a in smap.actors if a.kind in kinds]
    targets = tuple(t for t in dict.fromkeys(named + by_kind) if t in network)
    if not targets:
        notes.append("The map has no target actors, so reach is left out of the score.")
    return targets, notes


def _weights_used(
    query: RankingQuery, us: tuple[str, ...], targets: tuple[str, ...], notes: list[str]
) -> dict[str, float]:
    defaults = default_weights(query.phase)
    given = query.weights or {}
    components = PHASE_COMPONENTS if query.phase else COMPONENTS
    weights = {c: float(given.get(c, defaults.get(c, 0.0))) for c in components}
    if not us:
        weights.pop("accessibility")
        notes.append("No 'us' chosen: accessibility is left out of the score.")
    if not targets:
        weights.pop("reach")
    weights = {c: w for c, w in weights.items() if w > 0}
    if not weights:
        weights = {"alignment": 1.0}
        notes.append("Every weight was 0: ranking by alignment alone.")
    return weights


def _raw_components(
    evidence: _Evidence, ranked: list[Actor], between: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    ids = [a.id for a in ranked]
    access = accessibility(evidence.network, evidence.us) if evidence.us else {}
    return {
        "reach": {i: evidence.reach[i].reach if i in evidence.reach else 0.0 for i in ids},
        "accessibility": {i: access.get(i, 0.0) for i in ids},
        "brokerage": {i: between.get(i, 0.0) for i in ids},
        "convening": {i: evidence.convening[i].power for i in ids},
        "alignment": {a.id: alignment(a)[0] for a in ranked},
        "trust": {a.id: trust(a)[0] for a in ranked},
    }


def _capability_share(ranked: list[Actor], phase: str) -> dict[str, float]:
    """Share of the phase's key capabilities each actor has."""
    wanted = set(phase_capability_names(phase))
    return {a.id: len(wanted & set(a.capabilities)) / len(wanted) if wanted else 0.0 for a in ranked}


def _normalised(raw: dict[str, dict[str, float]], ranked: list[Actor]) -> dict[str, dict[str, float]]:
    """Network components divided by their maximum over the ranked actors; traits as they are."""
    result = {}
    for component, values in raw.items():
        if component in ("alignment", "trust"):  # already on an absolute 0-1 scale
            result[component] = dict(values)
            continue
        top = max((values[a.id] for a in ranked), default=0.0)
        result[component] = {i: (v / top if top > 0 else 0.0) for i, v in values.items()}
    return result


def _flags(actor: Actor, phase: str | None) -> tuple[str, ...]:
    flags = []
    if phase and not actor.phases:
        flags.append("phases not declared (kept in the phase view)")
    if alignment(actor)[1]:
        flags.append("stance unknown (counted as neutral)")
    if trust(actor)[1]:
        flags.append("integrity and neutrality not rated (counted as 0.5)")
    if actor.influence is None:
        flags.append("influence not rated")
    if not actor.source.strip():
        flags.append("no source given")
    return tuple(flags)


def _reason(
    evidence: _Evidence,
    actor: Actor,
    components: dict[str, float],
    raw: dict[str, dict[str, float]],
    weights: dict[str, float],
    with_routes: bool,
) -> str:
    """One sentence naming the two components that add most to the score, with their evidence.

    The first `ROUTED_REASONS` rows also name the brokers of the route they cite
    ("via the Chamber"); finding a route per row would cost a shortest-path search
    each on large maps, for rows nobody reads that far down.
    """
    contributions = sorted(weights, key=lambda c: (-weights[c] * components[c], PHASE_COMPONENTS.index(c)))
    phrases = [
        _phrase(evidence, actor, c, raw[c][actor.id], with_routes) for c in contributions[:2] if components[c] > 0
    ]
    if not phrases:
        return "Little to go on: no ties that carry influence and no favourable traits recorded."
    return "; ".join(phrases) + "."


def _phrase(evidence: _Evidence, actor: Actor, component: str, value: float, with_routes: bool) -> str:
    if component == "reach":
        return _reach_phrase(evidence, actor, value, with_routes)
    if component == "accessibility":
        return _access_phrase(evidence, actor, value, with_routes)
    if component == "brokerage":
        return f"a broker on {value:.0%} of the strongest routes between other actors"
    if component == "convening":
        return f"convening power: {evidence.convening[actor.id].describe()}"
    if component == "alignment":
        return f"stance toward prevention: {actor.stance}"
    if component == "capability":
        offered = [c.replace("_", " ") for c in actor.capabilities if c in _ALL_PHASE_CAPABILITIES]
        return "can offer " + ", ".join(offered)
    rated = ", ".join(
        f"{t} {getattr(actor, t):g}/5" for t in ("integrity", "neutrality") if getattr(actor, t) is not None
    )
    return f"trusted ({rated})" if rated else "trust not rated"


def _reach_phrase(evidence: _Evidence, actor: Actor, value: float, with_routes: bool) -> str:
    summary = evidence.reach.get(actor.id)
    if summary is None or summary.best_target is None:
        return f"reach {value:.2f}"
    via = _via(evidence, evidence.route(actor.id, summary.best_target)) if with_routes else ""
    strongest = f"{evidence.smap.actor(summary.best_target).name} at {summary.best_strength:.2f}{via}"
    if summary.targets == 1:
        return f"reaches {strongest}"
    return f"reaches {summary.reachable} of {summary.targets} targets, most strongly {strongest}"


def _access_phrase(evidence: _Evidence, actor: Actor, value: float, with_routes: bool) -> str:
    via = _via(evidence, evidence.route_from_us(actor.id)) if with_routes else ""
    return f"we reach it at {value:.2f}{via}"


def _via(evidence: _Evidence, route: list[str]) -> str:
    """' via A, B' for the brokers of a route, ' directly' for a direct tie, '' for no route."""
    if len(route) < 2:
        return ""
    if len(route) == 2:
        return " directly"
    return " via " + ", ".join(evidence.smap.actor(i).name for i in route[1:-1])
