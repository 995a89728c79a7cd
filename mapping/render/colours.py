"""Colour the map's actors by any attribute: kind (the default), stance, coalition, sector, region, ...

A facilitator asks the room a different question with each colouring: who is
which kind of actor, who is for or against, which groups hang together, which
sectors and regions are covered, whom we have already engaged. `actor_colours`
gives each actor a fill and the legend lines that name every colour used.

Colours stay readable for colour-blind viewers: categories take the
Okabe-Ito palette, then Paul Tol's "muted" scheme, in order of size; beyond
`MAX_CATEGORIES` the smallest categories share one grey "Other", and a missing
value is a light grey "Not set". Ordered attributes (stance, engagement) use
their own ordered scales. The stance border (`palette.STANCE_STYLES`) is drawn
in dark grey with widths and dashes, so it never competes with a fill colour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mapping.model import Actor
from mapping.render.palette import KIND_COLOURS, kind_label, stance_label
from mapping.schema import ENGAGEMENT_STATUSES, STANCES

__all__ = [
    "COLOUR_BYS",
    "MAX_CATEGORIES",
    "ActorColours",
    "ColourBy",
    "actor_colours",
    "colour_by",
]

# Okabe-Ito (less black), then Tol's muted scheme: distinguishable in the common forms of colour blindness.
CATEGORY_COLOURS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#332288",
    "#88CCEE",
    "#117733",
    "#882255",
    "#999933",
)
MAX_CATEGORIES = len(CATEGORY_COLOURS)
OTHER_COLOUR = "#777777"
NOT_SET_COLOUR = "#DDDDDD"
# Ordered scales: a diverging one for stance (Tol's "sunset" ends, blue for champions, red for opponents),
# a sequential one for how far engagement has gone.
STANCE_COLOURS = {
    "champion": "#364B9A",
    "supportive": "#6EA6CD",
    "neutral": "#EAECCC",
    "sceptical": "#F67E4B",
    "opposed": "#A50026",
    "unknown": NOT_SET_COLOUR,
}
ENGAGEMENT_COLOURS = {"not_contacted": "#F7F7F7", "contacted": "#CCDDAA", "engaged": "#44AA99", "partner": "#225555"}


@dataclass(frozen=True)
class ColourBy:
    """One way to colour the actors: its key, its name for people, and what it reads from an actor."""

    key: str
    label: str


COLOUR_BYS = (
    ColourBy("kind", "Actor kind"),
    ColourBy("stance", "Stance"),
    ColourBy("coalition", "Coalition"),
    ColourBy("sector", "Sector"),
    ColourBy("region", "Region"),
    ColourBy("engagement", "Engagement status"),
    ColourBy("phase", "Prevention phase"),
    ColourBy("risk_factor", "UN Framework risk factor"),
)
_BY_KEY = {c.key: c for c in COLOUR_BYS}


def colour_by(key: str) -> ColourBy:
    """The colouring named `key`; kind for an unknown key (a view saved by a later version)."""
    return _BY_KEY.get(key, COLOUR_BYS[0])


@dataclass(frozen=True)
class ActorColours:
    """Each actor's fill colour, and the legend: (label, colour) for every colour used, in legend order."""

    heading: str
    fill: dict[str, str]
    legend: list[tuple[str, str]]


def actor_colours(actors: Sequence[Actor], key: str, coalition_of: Mapping[str, str] | None = None) -> ActorColours:
    """Colour `actors` by the attribute `key` (see `COLOUR_BYS`).

    `coalition_of` maps actor id to its coalition's label (`mapping.analysis.coalitions`);
    needed only for key "coalition", where an actor outside every coalition is "Not set".
    """
    chosen = colour_by(key)
    heading = f"{chosen.label} (fill)"
    if chosen.key == "kind":
        return _fixed(actors, heading, lambda a: a.kind, KIND_COLOURS, kind_label)
    if chosen.key == "stance":
        return _fixed(actors, heading, lambda a: a.stance, STANCE_COLOURS, stance_label, [t.name for t in STANCES])
    if chosen.key == "engagement":
        labels = {t.name: t.label for t in ENGAGEMENT_STATUSES}
        return _fixed(actors, heading, lambda a: a.engagement_status, ENGAGEMENT_COLOURS, lambda v: labels.get(v, v))
    value = _CATEGORY_VALUES[chosen.key](coalition_of or {})
    return _categories(actors, heading, value)


def _several(values: Sequence[str], what: str) -> str:
    """One value as it is, none as "", several as "Several <what>"."""
    unique = sorted(set(values))
    return unique[0] if len(unique) == 1 else (f"Several {what}" if unique else "")


_CATEGORY_VALUES: dict[str, Callable[[Mapping[str, str]], Callable[[Actor], str]]] = {
    "coalition": lambda groups: lambda a: groups.get(a.id, ""),
    "sector": lambda _groups: lambda a: a.sector or "",
    "region": lambda _groups: lambda a: a.region or "",
    "phase": lambda _groups: lambda a: _several([p.capitalize() for p in a.phases], "phases"),
    "risk_factor": lambda _groups: lambda a: _several([code for code, _ in a.risk_factors], "factors"),
}


def _fixed(
    actors: Sequence[Actor],
    heading: str,
    value: Callable[[Actor], str],
    colours: Mapping[str, str],
    label: Callable[[str], str],
    order: Sequence[str] | None = None,
) -> ActorColours:
    """Colours from a fixed table (kinds, stances, engagement), the legend in the table's order."""
    keys = list(order or colours)
    fill = {a.id: colours.get(value(a), OTHER_COLOUR) for a in actors}
    used = sorted({value(a) for a in actors}, key=lambda v: (keys.index(v) if v in keys else len(keys), v))
    return ActorColours(heading, fill, [(label(v), colours.get(v, OTHER_COLOUR)) for v in used])


def _categories(actors: Sequence[Actor], heading: str, value: Callable[[Actor], str]) -> ActorColours:
    """Free categories (sectors, regions, coalitions): the largest get the palette, the rest "Other"."""
    counts = Counter(value(a) for a in actors)
    named = sorted((v for v in counts if v), key=lambda v: (-counts[v], v.casefold()))
    coloured = named[:MAX_CATEGORIES] if len(named) <= MAX_CATEGORIES else named[: MAX_CATEGORIES - 1]
    colour_of = dict(zip(coloured, CATEGORY_COLOURS, strict=False))
    fill = {a.id: colour_of.get(value(a), OTHER_COLOUR if value(a) else NOT_SET_COLOUR) for a in actors}
    legend = [(v, colour_of[v]) for v in coloured]
    others = len(named) - len(coloured)
    if others:
        legend.append((f"Other ({others} more)", OTHER_COLOUR))
    if counts.get(""):
        legend.append(("Not set", NOT_SET_COLOUR))
    return ActorColours(heading, fill, legend)
