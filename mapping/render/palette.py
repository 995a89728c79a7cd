"""Colours for actor and relationship kinds, chosen to survive colour blindness and projectors.

Actor kinds use the Okabe-Ito palette (safe for the common forms of colour
blindness) for the eight kinds that matter most in a private-sector map, and
four colours from Paul Tol's "muted" scheme for the rest. Twelve kinds cannot
all be told apart by colour alone, so people are also drawn as diamonds and the
legend always names each colour.
"""

from __future__ import annotations

from mapping.schema import ACTOR_KINDS, RELATIONSHIP_KINDS

__all__ = ["KIND_COLOURS", "RELATIONSHIP_COLOURS", "kind_label", "relationship_label"]

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
}

_KIND_LABELS = {kind.name: kind.label for kind in ACTOR_KINDS}
_RELATIONSHIP_LABELS = {kind.name: kind.label for kind in RELATIONSHIP_KINDS}


def kind_label(kind: str) -> str:
    """'civil_society' -> 'Civil society'."""
    return _KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def relationship_label(kind: str) -> str:
    """'partners_with' -> 'Partners with'."""
    return _RELATIONSHIP_LABELS.get(kind, kind.replace("_", " ").capitalize())
