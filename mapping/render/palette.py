"""Colours for actor and relationship kinds, chosen to survive colour blindness and projectors.

Actor kinds use the Okabe-Ito palette (safe for the common forms of colour
blindness) for the eight kinds that matter most in a private-sector map, and
four colours from Paul Tol's "muted" scheme for the rest. Twelve kinds cannot
all be told apart by colour alone, so people are also drawn as diamonds and the
legend always names each colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapping.schema import ACTOR_KINDS, RELATIONSHIP_KINDS, STANCES

__all__ = [
    "HIGHLIGHT_COLOUR",
    "KIND_COLOURS",
    "PATH_COLOUR",
    "RELATIONSHIP_COLOURS",
    "STANCE_STYLES",
    "StanceStyle",
    "kind_label",
    "relationship_label",
    "stance_label",
]

KIND_COLOURS: dict[str, str] = {
    "business": "#56B4E9",  # Okabe-Ito sky blue
    "association": "#E69F00",  # Okabe-Ito orange: the actors the research says to engage first
    "government": "#0072B2",  # Okabe-Ito blue
    "security": "#D55E00",  # Okabe-Ito vermillion
    "political": "#CC79A7",  # Okabe-Ito reddish purple
    "civil_society": "#009E73",  # Okabe-Ito bluish green
    "faith": "#F0E442",  # Okabe-Ito yellow
    "media": "#882255",  # Tol muted wine
    "international": "#332288",  # Tol muted indigo
    "prevention_network": "#117733",  # Tol muted green
    "armed_group": "#000000",  # black
    "person": "#BBBBBB",  # Tol grey
    "other": "#8C8C8C",  # mid grey: not yet classified (people are told apart by their diamond shape)
}

# Ties are drawn in quieter tones so that actors stay the focus; negative ties are also dashed.
RELATIONSHIP_COLOURS: dict[str, str] = {
    "member_of": "#E69F00",
    "leads": "#777777",
    "employs": "#999999",
    "part_of": "#999999",
    "owns": "#56B4E9",
    "supplies": "#88CCEE",
    "funds": "#117733",
    "regulates": "#0072B2",
    "oversees": "#0072B2",
    "advises": "#44AA99",
    "dialogue": "#009E73",
    "partners_with": "#009E73",
    "influences": "#CC79A7",
    "mediates": "#332288",
    "opposes": "#D55E00",
    "rivals": "#D55E00",
    "linked": "#BBBBBB",
}


@dataclass(frozen=True)
class StanceStyle:
    """How a stance is drawn: the node's border colour, width in pixels and dash pattern."""

    colour: str
    width: float
    dashes: tuple[int, ...] = ()


# Stance is the border, in dark greys told apart by width and dashes only, so that it never competes with
# the fill (kind colours include greens and reds; red-green colour blindness loses a hue-coded stance):
# champions have a thick solid border, opponents a thick dashed one. To colour by stance, colour the fill.
STANCE_STYLES: dict[str, StanceStyle] = {
    "champion": StanceStyle("#111111", 6),  # thick solid
    "supportive": StanceStyle("#333333", 3),  # solid
    "neutral": StanceStyle("#666666", 1.5),  # thin solid
    "sceptical": StanceStyle("#333333", 3, (6, 4)),  # dashed
    "opposed": StanceStyle("#111111", 6, (10, 5)),  # thick long dashes
    "unknown": StanceStyle("#999999", 1, (2, 4)),  # thin dotted light grey
}

HIGHLIGHT_COLOUR = "#FFB000"  # the glow around actors found by search or in focus
PATH_COLOUR = "#111111"  # a highlighted path's ties: near-black, thick, numbered

_KIND_LABELS = {kind.name: kind.label for kind in ACTOR_KINDS}
_RELATIONSHIP_LABELS = {kind.name: kind.label for kind in RELATIONSHIP_KINDS}
_STANCE_LABELS = {term.name: term.label for term in STANCES}


def kind_label(kind: str) -> str:
    """'civil_society' -> 'Civil society'."""
    return _KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def relationship_label(kind: str) -> str:
    """'partners_with' -> 'Partners with'."""
    return _RELATIONSHIP_LABELS.get(kind, kind.replace("_", " ").capitalize())


def stance_label(stance: str) -> str:
    """'champion' -> 'Champion'."""
    return _STANCE_LABELS.get(stance, stance.replace("_", " ").capitalize())
