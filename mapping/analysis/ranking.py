"""Who should we engage first? A transparent ranking of the organisations that can be channels.

**Channels, not targets.** The ranked organisations are every organisation on the
map except "us" and the targets: the decision-makers are what we want to move,
not who we would move them through. They get their own list (`DecisionMaker`:
how strongly we reach each, through whom, and how many channels reach it).
Units, campaigns and people are folded into their parent organisation
(`mapping.analysis.units`), so a campaign never inherits its parent's reach and
takes a second place; a query can rank units separately. An organisation with
no tie that carries influence is not a channel: it is listed apart as "not
connected", never ranked from its ratings alone.

Every channel gets these components, each on a **fixed scale** in [0, 1] whose
meaning does not depend on the map, the phase, the date or the scenario (a row with
no reachable target is flagged; convening is 0.5 at the weight of ten average members):

| component | value |
|---|---|
| reach | R(x): mean strongest-route strength from x to the targets (`reach.py`); 0 when none is reachable |
| accessibility | A(x): strongest-route strength from us to x (`reach.py`) |
| brokerage | B(x): expected share of connected pairs' strongest routes through x (`brokerage.py`) |
| convening | C(x) / (C(x) + 5), C(x) what x convenes, influence-weighted (`convening.py`) |
| alignment | stance table (`traits.py`) |
| trust | integrity and neutrality (`traits.py`) |
| capability (a phase only) | the share of the phase's key capabilities the actor has |

**Engagement score** = sum over components c of w_c * x_c / sum of w_c, with the
weights in `DEFAULT_WEIGHTS` unless the user sets others. Because no component is
divided by a maximum over the map, scores compare across scenarios, phases,
dates and maps: an actor whose components all fall cannot rise.

**Viewed for one prevention phase** (upstream, acute or recovery), the default
weights are the phase's (`mapping/reference/phase_weights.csv`), the capability
component joins, and organisations that declare phases without this one are left
out (organisations that declare none stay, flagged). Components that cannot be
computed are left out of both sums: accessibility when no "us" is chosen, reach
when there are no targets (targets default to the government and political
actors). Equal scores are ordered by name (ignoring case), then id.

Each row carries its components, the raw values, a one-sentence reason naming
the two components that contribute most, the units folded into it with their
share, and flags for guessed inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mapping.analysis.brokerage import brokerage
from mapping.analysis.convening import Convening, actor_weights, convening_power, merged
from mapping.analysis.influence import InfluenceNetwork, InfluenceOptions, influence_network
from mapping.analysis.reach import ReachSummary, accessibility, reach_and_reachers, routes_from_any, routes_to
from mapping.analysis.traits import alignment, trust
from mapping.analysis.units import Folding, contracted, folding, unit_shares
from mapping.model import Actor, StakeholderMap
from mapping.reference import phase_capabilities, phase_weights

__all__ = [
    "COMPONENTS",
    "CONVENING_HALF",
    "DEFAULT_TARGET_KINDS",
    "DEFAULT_WEIGHTS",
    "PHASE_COMPONENTS",
    "DecisionMaker",
    "MapMeasures",
    "Question",
    "RankedActor",
    "Ranking",
    "RankingQuery",
    "component_values",
    "default_weights",
    "map_measures",
    "phase_capability_names",
    "rank_actors",
    "resolve_question",
    "score_of",
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
CONVENING_HALF = 5.0
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
    fold_units : fold units, campaigns and people into their parent organisation (False ranks units separately).
    """

    us: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    weights: Mapping[str, float] | None = None
    influence: InfluenceOptions = field(default_factory=InfluenceOptions)
    phase: str | None = None
    fold_units: bool = True


@dataclass(frozen=True)
class RankedActor:
    """One ranked channel: its score, components, raw values, reason, flags and the units folded into it."""

    rank: int
    id: str
    name: str
    kind: str
    score: float
    components: dict[str, float]
    raw: dict[str, float]
    reason: str
    flags: tuple[str, ...] = ()
    units: tuple[tuple[str, float], ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `mapping rank --json`: each component under its own name."""
        row: dict[str, object] = {"rank": self.rank, "id": self.id, "name": self.name, "kind": self.kind}
        row["score"] = round(self.score, 6)
        row.update({name: round(value, 6) for name, value in self.components.items()})
        row["reason"] = self.reason
        row["flags"] = list(self.flags)
        row["units"] = [{"id": unit, "share": round(share, 6)} for unit, share in self.units]
        return row


@dataclass(frozen=True)
class DecisionMaker:
    """A target: how strongly we reach it (None without "us"), the route, and how many channels reach it."""

    id: str
    name: str
    kind: str
    access: float | None
    route: tuple[str, ...]
    reached_by: int

    def as_dict(self) -> dict[str, object]:
        access = None if self.access is None else round(self.access, 6)
        return {"id": self.id, "name": self.name, "kind": self.kind, "access": access, "route": list(self.route)} | {
            "reached_by_channels": self.reached_by
        }


@dataclass(frozen=True)
class Ranking:
    """The ranked channels, the decision-makers, the actors not connected, and how they were ranked."""

    actors: tuple[RankedActor, ...]
    weights: dict[str, float]
    us: tuple[str, ...]
    targets: tuple[str, ...]
    notes: tuple[str, ...]
    options: InfluenceOptions = field(default_factory=InfluenceOptions)
    decision_makers: tuple[DecisionMaker, ...] = ()
    not_connected: tuple[str, ...] = ()
    folding: Folding = field(default_factory=lambda: Folding({}))

    def by_id(self) -> dict[str, RankedActor]:
        return {row.id: row for row in self.actors}


def default_weights(phase: str | None = None) -> dict[str, float]:
    """The default component weights, for a phase when one is given."""
    return dict(DEFAULT_WEIGHTS) if phase is None else phase_weights()[phase]


def phase_capability_names(phase: str) -> tuple[str, ...]:
    return tuple(c.capability for c in phase_capabilities() if c.phase == phase)


# --- what the map gives whatever the question -------------------------------------------------


@dataclass(frozen=True)
class MapMeasures:
    """What a ranking takes from the map under its tie options alone, whoever "we" and the targets are.

    `network` is the map's influence network; `folded` the same with units folded
    into their parents (`mapping.analysis.units`), which the ranking walks.
    Brokerage is the slowest part of a ranking (about 0.4 s at 3,000 actors, 5 s
    at 30,000) and depends on neither the question nor the weights: a caller that
    keeps these (the app caches them per map and tie options) ranks again without it.
    """

    network: InfluenceNetwork
    folding: Folding
    folded: InfluenceNetwork
    brokerage: Mapping[str, float]
    convening: Mapping[str, Convening]
    shares: Mapping[str, float]


def map_measures(
    smap: StakeholderMap,
    options: InfluenceOptions = InfluenceOptions(),  # noqa: B008 - frozen, safe as a default
    fold_units: bool = True,
    network: InfluenceNetwork | None = None,
) -> MapMeasures:
    """The influence network of the map under the options, folded, with its brokerage and convening power.

    `network` is `influence_network(smap, options)` when the caller already has it.
    """
    network = network if network is not None else influence_network(smap, options)
    fold = folding(smap, fold_units, network.index)
    folded = contracted(network, fold)
    return MapMeasures(
        network,
        fold,
        folded,
        brokerage(folded, smap),
        _group_convening(smap, network, fold),
        unit_shares(network, fold),
    )


def _group_convening(smap: StakeholderMap, network: InfluenceNetwork, fold: Folding) -> dict[str, Convening]:
    """Convening power of each representative: what it and the actors folded into it convene, each once."""
    own = convening_power(smap, network)
    weights = actor_weights(smap)
    result = {}
    for actor in smap.actors:
        rep = fold.of(actor.id)
        if rep != actor.id:
            continue
        members = fold.members.get(rep, ())
        result[rep] = merged([own[rep], *(own[m] for m in members)], {rep, *members}, weights) if members else own[rep]
    return result


# --- the question -------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A ranking question resolved on a map: representatives of us and the targets, the channels, the weights."""

    us: tuple[str, ...]
    targets: tuple[str, ...]
    channels: tuple[Actor, ...]
    not_connected: tuple[str, ...]
    weights: dict[str, float]
    phase: str | None
    notes: tuple[str, ...]


def resolve_question(smap: StakeholderMap, query: RankingQuery, measures: MapMeasures) -> Question:
    """Us, the targets and the channels of the query on the folded network (UnknownActorError for a bad name)."""
    fold, network = measures.folding, measures.folded
    us = tuple(dict.fromkeys(fold.of(smap.resolve(ref).id) for ref in query.us))
    named = [fold.of(smap.resolve(ref).id) for ref in query.targets]
    notes: list[str] = []
    kinds = query.target_kinds or (() if named else DEFAULT_TARGET_KINDS)
    if not named and not query.target_kinds:
        notes.append("No targets chosen: reach is measured toward all government and political actors.")
    by_kind = [fold.of(a.id) for a in smap.actors if a.kind in kinds]
    targets = tuple(t for t in dict.fromkeys(named + by_kind) if t in network and t not in us)
    if not targets:
        notes.append("The map has no target actors, so reach is left out of the score.")
    candidates = [
        a
        for a in smap.actors
        if not a.is_person and fold.of(a.id) == a.id and a.id in network and a.id not in us and a.id not in targets
    ]
    if query.phase:
        candidates = [a for a in candidates if not a.phases or query.phase in a.phases]
    tied = set(network.sources.tolist()) | set(network.targets.tolist())
    channels = tuple(a for a in candidates if network.index[a.id] in tied)
    not_connected = tuple(a.id for a in candidates if network.index[a.id] not in tied)
    if not_connected:
        notes.append(
            f"{len(not_connected)} organisation(s) have no tie that carries influence: listed apart, not ranked."
        )
    weights = _weights_used(query, us, targets, notes)
    return Question(us, targets, channels, not_connected, weights, query.phase, tuple(notes))


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


# --- components and scores ----------------------------------------------------------------


@dataclass(frozen=True)
class ComponentValues:
    """Raw values and fixed-scale components of every channel, with the reach evidence the reasons cite."""

    raw: dict[str, dict[str, float]]
    components: dict[str, dict[str, float]]
    reach: dict[str, ReachSummary]
    reached_by: dict[str, int]


def component_values(
    question: Question,
    network: InfluenceNetwork,
    between: Mapping[str, float],
    convening: Mapping[str, Convening],
    channels: tuple[Actor, ...] | None = None,
) -> ComponentValues:
    """Every component of every channel (see the module docstring), on the folded network.

    `channels` replaces the question's actors (with ratings drawn within their range, say).
    """
    actors = channels if channels is not None else question.channels
    ids = [a.id for a in actors]
    summaries, reached_by = reach_and_reachers(network, question.targets, ids) if question.targets else ({}, {})
    access = accessibility(network, question.us) if question.us else {}
    raw = {
        "reach": {i: summaries[i].reach if i in summaries else 0.0 for i in ids},
        "accessibility": {i: access.get(i, 0.0) for i in ids},
        "brokerage": {i: between.get(i, 0.0) for i in ids},
        "convening": {i: convening[i].power if i in convening else 0.0 for i in ids},
        "alignment": {a.id: alignment(a)[0] for a in actors},
        "trust": {a.id: trust(a)[0] for a in actors},
    }
    if question.phase:
        wanted = set(phase_capability_names(question.phase))
        raw["capability"] = {a.id: len(wanted & set(a.capabilities)) / len(wanted) if wanted else 0.0 for a in actors}
    components = {name: dict(values) for name, values in raw.items()}
    components["convening"] = {i: c / (c + CONVENING_HALF) for i, c in raw["convening"].items()}
    return ComponentValues(raw, components, summaries, reached_by)


def score_of(components: Mapping[str, Mapping[str, float]], weights: Mapping[str, float], actor_id: str) -> float:
    """sum of w_c * x_c over the weighted components, divided by the sum of the weights."""
    return sum(weights[c] * components[c][actor_id] for c in weights) / sum(weights.values())


def rank_actors(
    smap: StakeholderMap,
    query: RankingQuery = RankingQuery(),
    measures: MapMeasures | None = None,
) -> Ranking:
    """Rank the map's channels for engagement (see the module docstring for the formula).

    `measures` are `map_measures(smap, query.influence, query.fold_units)` when the caller already has them.
    Raises mapping.model.UnknownActorError when `us` or `targets` names no actor.
    """
    for reference in (*query.us, *query.targets):
        smap.resolve(reference)
    measures = measures if measures is not None else map_measures(smap, query.influence, query.fold_units)
    question = resolve_question(smap, query, measures)
    values = component_values(question, measures.folded, measures.brokerage, measures.convening)
    scored = sorted(
        ((score_of(values.components, question.weights, a.id), a) for a in question.channels),
        key=lambda row: (-round(row[0], 12), row[1].name.casefold(), row[1].id),
    )
    evidence = _Evidence(smap, measures, question, values)
    rows = tuple(
        RankedActor(
            rank=i,
            id=actor.id,
            name=actor.name,
            kind=actor.kind,
            score=score,
            components={c: values.components[c][actor.id] for c in question.weights},
            raw={c: values.raw[c][actor.id] for c in values.raw},
            reason=_reason(evidence, actor, question.weights, with_routes=i <= ROUTED_REASONS),
            flags=_flags(evidence, actor),
            units=tuple((u, measures.shares.get(u, 0.0)) for u in measures.folding.units_of(actor.id, smap)),
        )
        for i, (score, actor) in enumerate(scored, start=1)
    )
    return Ranking(
        rows,
        question.weights,
        question.us,
        question.targets,
        question.notes,
        query.influence,
        _decision_makers(evidence),
        question.not_connected,
        measures.folding,
    )


# --- evidence, reasons, flags -------------------------------------------------------------


@dataclass
class _Evidence:
    """What the reasons cite: the map, the measures, the question and the components."""

    smap: StakeholderMap
    measures: MapMeasures
    question: Question
    values: ComponentValues
    _routes_to: dict[str, Callable[[str], list[str]]] = field(default_factory=dict)

    def route(self, source: str, target: str) -> list[str]:
        """One strongest route (ids of representatives); one shortest-path pass per distinct target, cached."""
        if target not in self._routes_to:
            self._routes_to[target] = routes_to(self.measures.folded, target)
        return self._routes_to[target](source)

    @cached_property
    def route_from_us(self) -> Callable[[str], list[str]]:
        return routes_from_any(self.measures.folded, self.question.us)

    def name(self, actor_id: str) -> str:
        return self.smap.actor(actor_id).name


def _decision_makers(evidence: _Evidence) -> tuple[DecisionMaker, ...]:
    """Each target with how strongly we reach it and through whom."""
    question = evidence.question
    access = accessibility(evidence.measures.folded, question.us) if question.us else {}
    rows = []
    for target in question.targets:
        actor = evidence.smap.actor(target)
        route = tuple(evidence.route_from_us(target)) if question.us else ()
        value = access.get(target, 0.0) if question.us else None
        rows.append(
            DecisionMaker(target, actor.name, actor.kind, value, route, evidence.values.reached_by.get(target, 0))
        )
    return tuple(sorted(rows, key=lambda d: (-(d.access or 0.0), -d.reached_by, d.name.casefold(), d.id)))


def _flags(evidence: _Evidence, actor: Actor) -> tuple[str, ...]:
    question = evidence.question
    flags = []
    if question.phase and not actor.phases:
        flags.append("phases not declared (kept in the phase view)")
    summary = evidence.values.reach.get(actor.id)
    if "reach" in question.weights and (summary is None or summary.reachable == 0):
        flags.append("no route to any target (no reach credit)")
    if alignment(actor)[1]:
        flags.append("stance unknown (counted as neutral)")
    if trust(actor)[1]:
        flags.append("integrity and neutrality not rated (counted as 0.5)")
    if actor.influence is None:
        flags.append("influence not rated")
    if not actor.source.strip():
        flags.append("no source given")
    return tuple(flags)


def _reason(evidence: _Evidence, actor: Actor, weights: dict[str, float], with_routes: bool) -> str:
    """One sentence naming the two components that add most to the score, with their evidence.

    The first `ROUTED_REASONS` rows also name the brokers of the route they cite
    ("via the Chamber"); finding a route per row would cost a shortest-path search
    each on large maps, for rows nobody reads that far down.
    """
    components = evidence.values.components
    order = sorted(weights, key=lambda c: (-weights[c] * components[c][actor.id], PHASE_COMPONENTS.index(c)))
    phrases = [_phrase(evidence, actor, c, with_routes) for c in order[:2] if components[c][actor.id] > 0]
    text = "; ".join(phrases) + "." if phrases else "Little to go on: no favourable component recorded."
    units = evidence.measures.folding.units_of(actor.id, evidence.smap)
    if units:
        text += " Includes " + ", ".join(evidence.name(u) for u in units) + "."
    return text


def _phrase(evidence: _Evidence, actor: Actor, component: str, with_routes: bool) -> str:
    raw = evidence.values.raw[component][actor.id]
    if component == "reach":
        return _reach_phrase(evidence, actor, raw, with_routes)
    if component == "accessibility":
        via = _via(evidence, evidence.route_from_us(actor.id)) if with_routes else ""
        return f"we reach it at {raw:.2f}{via}"
    if component == "brokerage":
        return f"a broker on {raw:.0%} of the strongest routes between connected actors"
    if component == "convening":
        return f"convening power: {evidence.measures.convening[actor.id].describe()}"
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
    summary = evidence.values.reach.get(actor.id)
    if summary is None or summary.best_target is None:
        return f"reach {value:.2f}"
    via = _via(evidence, evidence.route(actor.id, summary.best_target)) if with_routes else ""
    strongest = f"{evidence.name(summary.best_target)} at {summary.best_strength:.2f}{via}"
    if summary.targets == 1:
        return f"reaches {strongest}"
    return f"reaches {summary.reachable} of {summary.targets} targets, most strongly {strongest}"


def _via(evidence: _Evidence, route: list[str]) -> str:
    """' via A, B' for the brokers of a route, ' directly' for a direct tie, '' for no route."""
    if len(route) < 2:
        return ""
    if len(route) == 2:
        return " directly"
    return " via " + ", ".join(evidence.name(i) for i in route[1:-1])
