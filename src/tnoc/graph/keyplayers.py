"""Borgatti's key-player sets (KPP-Neg and KPP-Pos).

Borgatti (2006, "Identifying sets of key players in a social network", *Computational
and Mathematical Organization Theory* 12) asks two questions about a set S of k actors:

* **KPP-Neg**: whose removal fragments the network most? Measured by distance-weighted
  fragmentation ``DF = 1 - sum_{i != j} (1 / d_ij) / (n (n - 1))`` over the n actors
  left after removing S (unreachable pairs contribute 0, so DF = 1 when nobody can
  reach anybody);
* **KPP-Pos**: who reaches the rest best? Measured by distance-weighted reach
  ``DR = sum_{j not in S} (1 / d(S, j)) / n``, with d(S, j) the distance from the
  nearest member of S and n all actors.

Both are computed on the undirected network in hops. The set is found by Borgatti's
greedy swap search: start from the k actors of highest degree (and from a few seeded
random sets), swap a member for a non-member whenever that improves the score, stop
when no swap does; the best local optimum is returned. Each evaluation of DF is an
all-pairs shortest-path run, so the search suits networks of up to a few thousand
actors (``max_nodes``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array, csr_matrix
from scipy.sparse.csgraph import shortest_path

from tnoc.errors import TnocError
from tnoc.graph.measures import sparse_adjacency, undirected
from tnoc.graph.projection import Projection


@dataclass
class KeyPlayerSet:
    """The chosen set, its score and the score before (KPP-Neg) for comparison."""

    kind: str
    members: list[str]
    score: float
    baseline: float
    starts: int
    evaluations: int


def adjacency(projection: Projection) -> csr_matrix:
    """Undirected unweighted adjacency as a sparse matrix."""
    return sparse_adjacency(undirected(projection.graph), weighted=False)


def _inverse(distances: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        inv = 1.0 / distances
    inv[~np.isfinite(inv)] = 0.0
    return inv


def inverse_distance_sum(adj: csr_matrix | csr_array) -> float:
    """Sum of 1/d(i, j) over ordered pairs i != j (hops; unreachable pairs add 0): the
    numerator of distance-weighted fragmentation and of global efficiency."""
    inv = _inverse(shortest_path(adj, unweighted=True, directed=False))
    np.fill_diagonal(inv, 0.0)
    return float(inv.sum())


def fragmentation(adj: csr_matrix, removed: Sequence[int] = ()) -> float:
    """Distance-weighted fragmentation of the network without ``removed``."""
    keep = np.setdiff1d(np.arange(adj.shape[0]), np.asarray(removed, dtype=int))
    n = len(keep)
    if n < 2:
        return 1.0
    return 1.0 - inverse_distance_sum(adj[keep][:, keep]) / (n * (n - 1))


def reach(dist: np.ndarray, members: Sequence[int]) -> float:
    """Distance-weighted reach of ``members`` given all-pairs distances."""
    n = dist.shape[0]
    nearest = dist[list(members)].min(axis=0)
    inv = _inverse(nearest)
    inv[list(members)] = 0.0
    return float(inv.sum() / n)


def _search(n: int, k: int, score: Callable[[list[int]], float], initial: list[int],
            starts: int, seed: int) -> tuple[list[int], float, int]:
    rng = random.Random(seed)
    best: tuple[list[int], float] = ([], -1.0)
    evaluations = 0
    for start in range(starts):
        current = list(initial) if start == 0 else rng.sample(range(n), k)
        value = score(current)
        evaluations += 1
        improved = True
        while improved:
            improved = False
            for position in range(k):
                for candidate in range(n):
                    if candidate in current:
                        continue
                    trial = current.copy()
                    trial[position] = candidate
                    trial_value = score(trial)
                    evaluations += 1
                    if trial_value > value + 1e-12:
                        current, value, improved = trial, trial_value, True
        if value > best[1]:
            best = (sorted(current), value)
    return best[0], best[1], evaluations


def key_players(projection: Projection, k: int, kind: str = "neg", starts: int = 5,
                seed: int = 1, max_nodes: int = 5000) -> KeyPlayerSet:
    """The key-player set of size ``k``: ``kind`` "neg" (KPP-Neg) or "pos" (KPP-Pos)."""
    n = len(projection.ids)
    if kind not in ("neg", "pos"):
        raise TnocError(f"unknown key-player problem {kind!r}; use neg or pos")
    if not 0 < k < n:
        raise TnocError(f"a key-player set needs 0 < k < {n} (the network's actors); "
                        f"got k={k}")
    if n > max_nodes:
        raise TnocError(f"{n:,} actors: the key-player search runs all-pairs shortest "
                        f"paths per swap and is limited to {max_nodes:,}; project a "
                        "smaller network (one source or layer)")
    adj = adjacency(projection)
    degree = np.asarray(adj.sum(axis=1)).ravel()
    initial = [int(i) for i in np.argsort(-degree, kind="stable")[:k]]
    if kind == "neg":
        baseline = fragmentation(adj)
        members, score, evals = _search(n, k, lambda s: fragmentation(adj, s), initial,
                                        starts, seed)
    else:
        dist = shortest_path(adj, unweighted=True, directed=False)
        baseline = 0.0
        members, score, evals = _search(n, k, lambda s: reach(dist, s), initial, starts,
                                        seed)
    return KeyPlayerSet("KPP-" + kind.capitalize(), [projection.ids[i] for i in members],
                        score, baseline, starts, evals)
