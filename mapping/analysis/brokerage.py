"""Who are the brokers: the actors the strongest routes between others pass through?

**Brokerage** is betweenness centrality on the positive influence network with
distance -ln(strength), normalised as networkx does for directed graphs:

    B(v) = sum over ordered pairs (s, t), s != v != t, of sigma_st(v) / sigma_st, divided by (n-1)(n-2),

where sigma_st counts the strongest routes from s to t and sigma_st(v) those
passing through v: the share of all ordered pairs' strongest routes that pass
through the actor. It is igraph's Brandes algorithm (`Graph.betweenness`, in C).
igraph treats two routes whose lengths differ by less than about 1e-10 as equally
strong; on maps without such near-ties it equals networkx's
`betweenness_centrality(normalized=True, weight=...)` (tested on known graphs).

On maps larger than `EXACT_LIMIT` actors exact betweenness is too slow, so it
is **estimated** from `SAMPLE_SIZE` source actors S drawn uniformly with a fixed
seed (`BROKERAGE_SEED`, numpy's generator), as Brandes and Pich (2007) propose:

    B^(v) = (n / |S|) * sum over s in S of the dependency of s on v, divided by (n-1)(n-2),

an unbiased estimate of B(v) (each actor is a source with probability |S| / n).
The same seed gives the same estimate; its error on the benchmark maps is
printed by `bench/run.py`.

**Brokers between two groups** (e.g. the two political coalitions) counts only
routes from one group to the other, in both directions: the share of those
strongest routes that pass through each actor.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from mapping.analysis.influence import InfluenceNetwork

__all__ = ["BROKERAGE_SEED", "EXACT_LIMIT", "SAMPLE_SIZE", "brokerage", "brokers_between"]

EXACT_LIMIT = 2000
SAMPLE_SIZE = 400
BROKERAGE_SEED = 20080228  # the day the Kenyan National Accord was signed


def brokerage(
    network: InfluenceNetwork, sample_size: int | None = None, seed: int = BROKERAGE_SEED
) -> dict[str, float]:
    """Normalised betweenness B(v) of every actor; estimated from sampled sources above `EXACT_LIMIT` actors.

    Parameters
    ----------
    network : InfluenceNetwork
        The map under its tie options.
    sample_size : int, optional
        How many source actors to sample; None samples `SAMPLE_SIZE` on maps of
        more than `EXACT_LIMIT` actors and is exact below. A sample as large as
        the map is exact.
    seed : int
        The seed of the sample.

    Examples
    --------
    >>> chain = InfluenceNetwork.from_edges("abc", [("a", "b", 0.9, "dialogue", 0), ("b", "c", 0.9, "dialogue", 1)])
    >>> brokerage(chain)
    {'a': 0.0, 'b': 0.5, 'c': 0.0}
    """
    n = len(network)
    if n < 3:
        return dict.fromkeys(network.actors, 0.0)
    if sample_size is None and n > EXACT_LIMIT:
        sample_size = SAMPLE_SIZE
    sources = None
    scale = 1.0 / ((n - 1) * (n - 2))
    if sample_size is not None and sample_size < n:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=sample_size, replace=False)).tolist()
        scale *= n / sample_size
    raw = network.igraph.betweenness(directed=True, weights="distance", sources=sources)
    return {actor: value * scale for actor, value in zip(network.actors, raw, strict=True)}


def brokers_between(network: InfluenceNetwork, group_a: Collection[str], group_b: Collection[str]) -> dict[str, float]:
    """For each actor, the share of strongest routes between the groups (both ways) passing through it.

    The routes counted are those of the distinct ordered pairs P = {(a, b), (b, a) :
    a in A, b in B, a != b}. Value(x) = sum over (s, t) in P of sigma_st(x) / sigma_st,
    divided by |P|. For disjoint groups |P| is 2|A||B|; when the groups overlap
    (e.g. all political actors against each other) each pair is counted once, so
    values stay shares in [0, 1]. Members of the groups can be brokers too (a
    party relaying to its ally).

    Examples
    --------
    >>> ties = [("a", "m", 0.8, "dialogue", 0), ("m", "b", 0.8, "dialogue", 1), ("b", "a", 0.2, "dialogue", 2)]
    >>> brokers_between(InfluenceNetwork.from_edges("abm", ties), ["a"], ["b"])
    {'a': 0.0, 'b': 0.0, 'm': 0.5}
    """
    a = {network.index[x] for x in group_a if x in network}
    b = {network.index[x] for x in group_b if x in network}
    # Each source with the targets it is paired with: A-only sources reach B, B-only sources reach A,
    # and a source in both groups reaches either group.
    batches = [(a - b, b), (b - a, a), (a & b, a | b)]
    pair_count = sum(len(sources) * len(targets) - len(sources & targets) for sources, targets in batches)
    if not pair_count:
        return dict.fromkeys(network.actors, 0.0)
    totals = np.zeros(len(network))
    for sources, targets in batches:
        if sources and targets:
            totals += network.igraph.betweenness(
                directed=True, weights="distance", sources=sorted(sources), targets=sorted(targets)
            )
    return {actor: float(total) / pair_count for actor, total in zip(network.actors, totals, strict=True)}
