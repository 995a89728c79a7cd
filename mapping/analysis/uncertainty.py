"""How sure are the numbers? Tie strengths and ratings as ranges, drawn reproducibly.

A tie's strength and an actor's ratings are judgements, not measurements. The
analyses that must say how much an answer depends on them draw plausible values:

- **tie strengths** vary uniformly by the confidence of the tie that gives each
  edge: low +/-0.2, medium +/-0.1, high +/-0.05 (`JITTER`), kept within
  [`LOWEST_STRENGTH`, 1];
- **ratings** (influence, integrity, neutrality, 1-5 or 0-5) vary uniformly by
  +/-1 (`RATING_JITTER`), kept within their scale.

Draws are **keyed**, not sequential: the value drawn for an edge depends only on
its two actors' ids, the draw number and the seed; for an actor, on its id. So a
draw does not change when the rows are reordered or when actors elsewhere are
added or removed, and a scenario compared with its base map is compared on the
same draws. The uniform values come from SplitMix64 (Steele, Lea and Flood 2014),
a counter-based mixing function, applied to a BLAKE2 hash of the key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from mapping.analysis.influence import InfluenceNetwork
from mapping.model import StakeholderMap

__all__ = [
    "JITTER",
    "LOWEST_STRENGTH",
    "RATING_JITTER",
    "StrengthDraws",
    "keyed_uniform",
    "keys_of",
    "smallest_keys",
]

JITTER: dict[str, float] = {"low": 0.2, "medium": 0.1, "high": 0.05}
LOWEST_STRENGTH = 0.01
RATING_JITTER = 1.0

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def keys_of(names: Iterable[str], seed: int) -> np.ndarray:
    """A 64-bit key per name (BLAKE2b of the seed and the name): the same name, the same key, in any run."""
    salt = str(seed).encode()
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8, salt=salt[:16]).digest(), "little")
            for name in names
        ],
        dtype=np.uint64,
    )


def keyed_uniform(keys: np.ndarray, draw: int) -> np.ndarray:
    """Uniform numbers in [0, 1), one per key, for draw number `draw` (SplitMix64 of key + draw).

    >>> keys = keys_of(["a", "b"], seed=1)
    >>> first, again, other = keyed_uniform(keys, 0), keyed_uniform(keys, 0), keyed_uniform(keys, 1)
    >>> bool((first == again).all()), bool((first != other).all()), bool(((0 <= first) & (first < 1)).all())
    (True, True, True)
    """
    with np.errstate(over="ignore"):
        z = (keys + np.uint64(0x9E3779B97F4A7C15) * np.uint64(draw + 1)) & _MASK
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def smallest_keys(names: Sequence[str], count: int, seed: int) -> list[int]:
    """Positions of the `count` names with the smallest keys: a seeded sample that stays the same
    for the names it holds when other names are added or removed (a bottom-k sketch)."""
    if count >= len(names):
        return list(range(len(names)))
    keys = keys_of(names, seed)
    return sorted(np.argsort(keys, kind="stable")[:count].tolist())


class StrengthDraws:
    """Draws of a network's edge strengths, each within its tie's confidence range.

    Built once per network (a key and a spread per edge); `network(draw)` is the
    network of draw number `draw`, with the same actors and edges.
    """

    def __init__(self, network: InfluenceNetwork, smap: StakeholderMap, seed: int) -> None:
        self.base = network
        pairs = zip(network.sources.tolist(), network.targets.tolist(), strict=True)
        self.keys = keys_of((f"{network.actors[u]}\x1f{network.actors[v]}" for u, v in pairs), seed)
        self.spread = np.array([JITTER[smap.relationships[tie].confidence] for tie in network.ties], dtype=np.float64)

    def strengths(self, draw: int) -> np.ndarray:
        """The edge strengths of draw number `draw`."""
        noise = (keyed_uniform(self.keys, draw) * 2.0 - 1.0) * self.spread
        return np.clip(self.base.strengths + noise, LOWEST_STRENGTH, 1.0)

    def network(self, draw: int) -> InfluenceNetwork:
        """The network of draw number `draw`."""
        return replace(self.base, strengths=self.strengths(draw))
