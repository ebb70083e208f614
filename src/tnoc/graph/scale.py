"""Graph measures as Spark DataFrame code, for graphs no single machine holds (issue #27).

networkit stays the engine for bounded graphs (a network of interest, a projection of a
case); these are the measures that must run over a national case's whole graph — a
Bitcoin-scale transaction graph, every payment of a year — on a Spark cluster without
GraphFrames (its jar comes only from Maven, unusable offline). Each function takes and
returns DataFrames; node ids may be any orderable type (TNOC's are text) and every
iteration is checkpointed so the query plan stays the size of one step.

- :func:`connected_components`: the large-star / small-star alternation of Kiveris,
  Lattanzi, Mirrokni, Rastogi and Vassilvitskii, "Connected Components in MapReduce and
  Beyond", ACM SoCC 2014. Each component is named by its smallest id, as
  :class:`tnoc.disjoint_sets.DisjointSets` names sets, so the two agree.
- :func:`pagerank`: power iteration (Brin & Page 1998) with damping 0.85, the mass of
  dangling nodes (no out-edges) spread uniformly, and uniform teleport: networkx's
  ``pagerank`` and TNOC's networkit one (``graph.measures``, damp=0.85) compute the
  same vector.
- :func:`degree`: in-, out- and total degree.
- :func:`multi_input_clusters`: the multi-input (co-spend) heuristic of Bitcoin
  address clustering (Meiklejohn et al., "A Fistful of Bitcoins", IMC 2013; GraphSense
  computes it on Spark): the addresses spending in one transaction are controlled by
  one holder, so they are one cluster; the transitive closure is connected components.
  CoinJoin-like transactions (:func:`coinjoin_transactions`, the rule of
  :mod:`tnoc.money.cluster`) are left out when the outputs are given.

Bounded BFS (k-hop neighbourhoods) and label propagation, as SQL that runs on DuckDB and
Spark alike, are in :mod:`tnoc.store.engine_graph`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["ComponentsResult", "PageRankResult", "coinjoin_transactions",
           "connected_components", "degree", "multi_input_clusters", "pagerank"]


@dataclass(frozen=True)
class ComponentsResult:
    """``labels``: DataFrame ``(node, component)``, the component named by its smallest
    node id; ``rounds``: large-star/small-star rounds run."""

    labels: DataFrame
    rounds: int


@dataclass(frozen=True)
class PageRankResult:
    """``ranks``: DataFrame ``(node, pagerank)`` summing to 1; ``iterations`` run and the
    L1 change of the last (``change`` < number of nodes × ``tol`` when it converged);
    ``error_bound``: no actor's score is further than this from the exact PageRank
    (:func:`pagerank_error_bound`)."""

    ranks: DataFrame
    iterations: int
    change: float
    error_bound: float = float("inf")


DEFAULT_ACTOR_TOL = 1e-6
"""PageRank's tolerance by default: iterate until every actor's score is provably within
1e-6 of the exact PageRank (:func:`pagerank_error_bound`). networkx's rule with its
default (L1 change below N · 1e-6), the default before, bounds only the total error,
which grows with N: on the 31,541 Elliptic transactions of time steps 1-5 it stopped
after 7 iterations with one actor 3.0e-4 off, 86% of its score, where this stops after
64 (about 9 times as many) with every actor within 7.8e-10 of networkx's exact scores
(docs/scale.md, "PageRank's tolerance, per actor")."""
NETWORKX_MAX_ITER = 100
"""networkx's iteration limit, kept under its rule."""


def pagerank_error_bound(change: float, damping: float) -> float:
    """The most any actor's score can differ from the exact PageRank after an iteration
    whose L1 change was ``change``: d/(1-d) · change.

    The power iteration's map is a contraction of factor d in the L1 norm (a
    column-stochastic matrix scaled by d, plus a constant), so the distance left to its
    fixed point is at most the sum of all later changes, a geometric series of ratio d
    (Langville & Meyer, *Google's PageRank and Beyond*, 2006, §4.5); one actor's error
    is at most the L1 distance. networkx's stopping rule (L1 change below N · tol) bounds
    only the total, which grows with N: this is the per-actor statement."""
    return damping / (1.0 - damping) * change if damping > 0 else 0.0


def pagerank_iterations_needed(actor_tol: float, damping: float) -> int:
    """Iterations after which every actor is provably within ``actor_tol``: the L1
    change of iteration k is at most 2·d^k (two probability vectors differ by at most 2
    in L1, and each iteration shrinks the difference by d), so the bound of
    :func:`pagerank_error_bound` is met once d/(1-d)·2·d^k <= ``actor_tol``. Rounding
    may stop the change short of a tolerance near machine precision (below about
    1e-15)."""
    import math

    if not actor_tol > 0:
        raise ValueError(f"a per-actor tolerance must be above 0, got {actor_tol}")
    if damping <= 0:
        return 1
    return max(1, math.ceil(math.log(actor_tol * (1 - damping) / (2 * damping))
                            / math.log(damping)))


def pagerank_max_iter(max_iter: int | None, actor_tol: float | None,
                      damping: float) -> int:
    """The iterations PageRank may run: ``max_iter`` when given; otherwise, with a
    per-actor tolerance, one more than :func:`pagerank_iterations_needed` (the bound is
    then always met, on any graph), and networkx's 100 under networkx's rule."""
    if max_iter is not None:
        return max_iter
    if actor_tol is None:
        return NETWORKX_MAX_ITER
    return pagerank_iterations_needed(actor_tol, damping) + 1


def pagerank_converged(change: float, n: int, damping: float, tol: float,
                       actor_tol: float | None) -> bool:
    """Whether the power iteration may stop: every actor within ``actor_tol`` of the
    exact PageRank (:func:`pagerank_error_bound`), or, when ``actor_tol`` is None,
    networkx's rule (L1 change below ``n`` · ``tol``). Both engines stop by this."""
    if actor_tol is not None:
        return pagerank_error_bound(change, damping) <= actor_tol
    return change < n * tol


def _keep(frame: DataFrame) -> DataFrame:
    """``frame`` computed now and its lineage cut (reliable checkpoint when the session
    has a checkpoint directory, as a cluster needs; local otherwise)."""
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def _undirected(edges: DataFrame) -> DataFrame:
    """``edges (src, dst)`` as the distinct pairs ``(a, b)`` with ``a > b`` (self-loops
    dropped): each undirected edge once."""
    from pyspark.sql import functions as F

    return (edges.where(F.col("src") != F.col("dst"))
            .select(F.greatest("src", "dst").alias("a"), F.least("src", "dst").alias("b"))
            .distinct())


def _large_star(e: DataFrame) -> DataFrame:
    """Large-star: every node u links each *larger* neighbour to m(u), the smallest of
    u and its neighbours."""
    from pyspark.sql import functions as F

    both = (e.select(F.col("a").alias("u"), F.col("b").alias("v"))
            .unionByName(e.select(F.col("b").alias("u"), F.col("a").alias("v"))))
    m = both.groupBy("u").agg(F.least(F.first("u"), F.min("v")).alias("m"))
    return (both.where(F.col("v") > F.col("u")).join(m, "u")
            .select(F.col("v").alias("a"), F.col("m").alias("b")).distinct())


def _small_star(e: DataFrame) -> DataFrame:
    """Small-star: every node u links itself and each *smaller* neighbour to the
    smallest of them."""
    from pyspark.sql import functions as F

    m = e.groupBy(F.col("a").alias("u")).agg(F.min("b").alias("m"))
    to_min = e.join(m, e.a == m.u).select(F.col("b").alias("a"), "m")
    return (to_min.unionByName(m.select(F.col("u").alias("a"), "m"))
            .where(F.col("a") != F.col("m"))
            .select("a", F.col("m").alias("b")).distinct())


def _stars(e: DataFrame) -> bool:
    """Whether the distinct edges ``(a, b)``, ``a > b``, form stars: every leaf (``a``)
    has exactly one centre (``b``) and no centre is a leaf of another edge. Large-star
    and small-star keep each component connected, so each star is then a whole
    component centred on its smallest id and the alternation has converged (Kiveris et
    al. 2014; cheaper than comparing two rounds). Testing only the second condition
    stops too early: in the path c-a, c-b the leaf c has two centres."""
    from pyspark.sql import functions as F

    two_centres = e.groupBy("a").agg(F.count("*").alias("n")).where(F.col("n") > 1)
    if two_centres.limit(1).count() > 0:
        return False
    leaves = e.select(e.a.alias("node")).distinct()
    return leaves.join(e.select(e.b.alias("node")), "node", "left_semi").limit(1).count() == 0


def connected_components(edges: DataFrame, nodes: DataFrame | None = None,
                         max_rounds: int = 100) -> ComponentsResult:
    """The connected components of the undirected graph of ``edges (src, dst)``
    (direction ignored) plus the isolated ``nodes (node)`` given.

    Alternates large-star and small-star until the graph is a union of stars, each
    centred on its component's smallest id (Kiveris et al. 2014: O(log² n) rounds; in
    practice a handful).

    Raises:
        RuntimeError: ``max_rounds`` rounds did not converge (a bug, never expected).
    """
    from pyspark.sql import functions as F

    e = _keep(_undirected(edges))
    rounds = 0
    while not _stars(e):
        if rounds >= max_rounds:
            raise RuntimeError(f"connected components: no convergence in {rounds} rounds")
        rounds += 1
        nxt = _keep(_small_star(_large_star(e)))
        e.unpersist()
        e = nxt
    labels = e.select(F.col("a").alias("node"), F.col("b").alias("component"))
    centres = e.select(F.col("b").alias("node"), F.col("b").alias("component"))
    labels = labels.unionByName(centres)
    # every node named, in an edge or not: the given ones and those whose only edges
    # are self-loops (dropped above) are components of their own
    ids = (edges.select(F.col("src").alias("node"))
           .unionByName(edges.select(F.col("dst").alias("node"))))
    if nodes is not None:
        ids = ids.unionByName(nodes.select("node"))
    lone = ids.join(labels.select("node"), "node", "left_anti")
    labels = labels.unionByName(lone.select("node", F.col("node").alias("component")))
    return ComponentsResult(labels=_keep(labels.distinct()), rounds=rounds)


def degree(edges: DataFrame) -> DataFrame:
    """``(node, in_degree, out_degree, degree)`` of the directed ``edges (src, dst)``,
    counting each distinct edge once (networkx's ``DiGraph``, which keeps no parallel
    edges)."""
    from pyspark.sql import functions as F

    e = edges.select("src", "dst").distinct()
    out = e.groupBy(F.col("src").alias("node")).agg(F.count("*").alias("out_degree"))
    into = e.groupBy(F.col("dst").alias("node")).agg(F.count("*").alias("in_degree"))
    return (out.join(into, "node", "full")
            .select("node", F.coalesce("in_degree", F.lit(0)).alias("in_degree"),
                    F.coalesce("out_degree", F.lit(0)).alias("out_degree"))
            .withColumn("degree", F.col("in_degree") + F.col("out_degree")))


def pagerank(edges: DataFrame, nodes: DataFrame | None = None, *, damping: float = 0.85,
             tol: float = 1e-6, max_iter: int | None = None,
             actor_tol: float | None = DEFAULT_ACTOR_TOL) -> PageRankResult:
    """PageRank of the directed graph of ``edges (src, dst)`` (parallel edges counted
    once, self-loops kept, as in networkx's ``DiGraph``) and the extra ``nodes
    (node)``.

    r'(v) = (1 - d)/N + d · (Σ_{u→v} r(u)/out(u) + D/N), D the rank held by dangling
    nodes; from r = 1/N until every actor is provably within ``actor_tol`` of the exact
    PageRank (:data:`DEFAULT_ACTOR_TOL` by default), or, with ``actor_tol=None``, until
    the L1 change is below N · ``tol`` (networkx's criterion and default;
    :func:`pagerank_converged`). At most ``max_iter`` iterations (by default as many as
    the rule needs: :func:`pagerank_max_iter`).

    Raises:
        ValueError: the graph has no nodes, or ``damping`` is not in [0, 1).
        RuntimeError: no convergence within ``max_iter`` iterations.
    """
    from pyspark.sql import Observation
    from pyspark.sql import functions as F

    if not 0 <= damping < 1:
        raise ValueError(f"damping must be in [0, 1), got {damping}")
    e = _keep(edges.select("src", "dst").distinct())
    ids = e.select(F.col("src").alias("node")).unionByName(e.select(F.col("dst").alias("node")))
    if nodes is not None:
        ids = ids.unionByName(nodes.select("node"))
    out = e.groupBy(F.col("src").alias("node")).agg(F.count("*").alias("out"))
    base = _keep(ids.distinct().join(out, "node", "left")
                 .select("node", F.coalesce("out", F.lit(0)).alias("out")))
    n = base.count()
    if n == 0:
        raise ValueError("PageRank of an empty graph")
    ranks = _keep(base.select("node", "out", F.lit(1.0 / n).alias("pagerank")))
    dangling = 1.0 * ranks.where(F.col("out") == 0).count() / n
    limit = pagerank_max_iter(max_iter, actor_tol, damping)
    for iteration in range(1, limit + 1):
        share = ranks.where(F.col("out") > 0).select(
            F.col("node").alias("src"), (F.col("pagerank") / F.col("out")).alias("share"))
        received = (e.join(share, "src").groupBy(F.col("dst").alias("node"))
                    .agg(F.sum("share").alias("received")))
        teleport = (1.0 - damping) / n + damping * dangling / n
        stepped = ranks.join(received, "node", "left").select(
            "node", "out", F.col("pagerank").alias("before"),
            (F.lit(teleport) + damping * F.coalesce("received", F.lit(0.0)))
            .alias("pagerank"))
        # the change and the dangling rank measured while the step is computed and
        # kept: one Spark job per iteration (a join of the new ranks with the old, a
        # second job, had cost as much again)
        measured = Observation(f"pagerank-{iteration}")
        new = _keep(stepped.observe(
            measured, F.sum(F.abs(F.col("pagerank") - F.col("before"))).alias("change"),
            F.sum(F.when(F.col("out") == 0, F.col("pagerank")).otherwise(0.0))
            .alias("dangling")).select("node", "out", "pagerank"))
        change, dangling = (float(measured.get["change"] or 0.0),
                            float(measured.get["dangling"] or 0.0))
        ranks.unpersist()
        ranks = new
        if pagerank_converged(change, n, damping, tol, actor_tol):
            return PageRankResult(ranks=ranks.select("node", "pagerank"),
                                  iterations=iteration, change=change,
                                  error_bound=pagerank_error_bound(change, damping))
    raise RuntimeError(f"PageRank: no convergence in {limit} iterations")


def coinjoin_transactions(inputs: DataFrame, outputs: DataFrame, *,
                          min_inputs: int = 3, equal_outputs: int = 3) -> DataFrame:
    """``(tx)``: the transactions that look like a CoinJoin — at least ``min_inputs``
    distinct input addresses (``inputs (tx, address)``) and at least ``equal_outputs``
    outputs of one equal amount (``outputs (tx, amount)``, one row per output, amounts
    as written; empty or null amounts are not compared). Several holders pool their
    inputs in a CoinJoin, so the multi-input heuristic must not join them (Meiklejohn et
    al. 2013 §4; Möser & Narayanan, "Resurrecting Address Clustering in Bitcoin", FC
    2022). The rule and its defaults are those of the DuckDB path,
    :func:`tnoc.money.cluster.is_coinjoin` and ``ClusterParams``."""
    from pyspark.sql import functions as F

    wide = (inputs.groupBy("tx").agg(F.countDistinct("address").alias("n"))
            .where(F.col("n") >= min_inputs).select("tx"))
    equal = (outputs.where(F.col("amount").isNotNull() & (F.col("amount") != ""))
             .groupBy("tx", "amount").count()
             .groupBy("tx").agg(F.max("count").alias("same"))
             .where(F.col("same") >= equal_outputs).select("tx"))
    return wide.join(equal, "tx")


def multi_input_clusters(inputs: DataFrame, outputs: DataFrame | None = None, *,
                         coinjoin_min_inputs: int = 3,
                         coinjoin_equal_outputs: int = 3) -> ComponentsResult:
    """Address clusters of the multi-input heuristic from ``inputs (tx, address)``: the
    addresses a transaction spends from. Every input of a transaction is tied to the
    transaction's smallest input address (a star, as many edges as inputs, not a
    clique), and the clusters are the connected components (labels ``(node,
    component)``: address and cluster, named by its smallest address). An address that
    only ever spends alone is its own cluster.

    CoinJoin transactions break the heuristic (many holders spend together): given the
    transactions' ``outputs (tx, amount)``, those of :func:`coinjoin_transactions` are
    left out before clustering (their addresses take no part unless they also spend
    elsewhere), as :func:`tnoc.money.cluster.co_spend_clusters` does on DuckDB.
    """
    from pyspark.sql import functions as F

    pairs = inputs.select("tx", "address").distinct()
    if outputs is not None:
        mixed = coinjoin_transactions(pairs, outputs, min_inputs=coinjoin_min_inputs,
                                      equal_outputs=coinjoin_equal_outputs)
        pairs = pairs.join(mixed, "tx", "left_anti")
    first = pairs.groupBy("tx").agg(F.min("address").alias("dst"))
    edges = pairs.join(first, "tx").select(F.col("address").alias("src"), "dst")
    return connected_components(edges, pairs.select(F.col("address").alias("node")))
