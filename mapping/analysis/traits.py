"""Alignment and trust: what an actor's stance and reputation say about engaging it.

**Alignment** maps `stance` to [0, 1] with `ALIGNMENT` (champion 1.0 ... opposed 0).
**Trust** is the mean of integrity and neutrality rescaled from 1-5 to [0, 1]:
trust = mean((integrity - 1) / 4, (neutrality - 1) / 4) over the rated traits.
These are the traits that made the Kenyan umbrella business body trusted by all
sides. Unknown values count as neutral (0.5) and are flagged in the ranking.
"""

from __future__ import annotations

from mapping.model import Actor

__all__ = ["ALIGNMENT", "UNKNOWN_VALUE", "alignment", "trust"]

ALIGNMENT: dict[str, float] = {
    "champion": 1.0,
    "supportive": 0.8,
    "neutral": 0.5,
    "sceptical": 0.3,
    "opposed": 0.0,
    "unknown": 0.5,
}
UNKNOWN_VALUE = 0.5


def alignment(actor: Actor) -> tuple[float, bool]:
    """The actor's alignment and whether it is a guess (stance unknown)."""
    return ALIGNMENT[actor.stance], actor.stance == "unknown"


def trust(actor: Actor) -> tuple[float, bool]:
    """The actor's trust and whether it is a guess (neither trait rated)."""
    rated = [(value - 1) / 4 for value in (actor.integrity, actor.neutrality) if value is not None]
    if not rated:
        return UNKNOWN_VALUE, True
    return sum(rated) / len(rated), False
