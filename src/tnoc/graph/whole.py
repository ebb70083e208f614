"""Components, degree and PageRank of a whole case's ties, on DuckDB or on Spark
(issue #27, item 3: the graph measures that must scale).

The network of a national case (every call, every payment of a year) is too large for
the per-projection measures of :mod:`tnoc.graph.measures` (betweenness, closeness,
Burt's constraint are bounded-subgraph measures). Three measures stay meaningful and
computable at any size:

- **connected components**: which actors are linked by any chain of ties at all (the
  first cut of a big network into the separate groups an investigation can take up
  one by one); each component named by its smallest actor id;
- **degree** (in, out, total): distinct counterparts;
- **PageRank** (Brin & Page 1998, damping 0.85, dangling mass spread uniformly,
  uniform teleport; networkx's ``pagerank``): who the ties' flow points to.

The ties are the case's ``edges`` view (merged entities under their canonical id), one
arc per distinct (source, target), both arcs for an undirected tie (``directed`` false),
self-ties kept; ``schemata`` restricts them to some tie schemata. One SQL text
(:data:`EDGES_SQL`, :data:`DEGREE_SQL`) runs on either :class:`tnoc.store.engine.Engine`;
components and PageRank then run where the data is: on DuckDB over the fetched arcs
(scipy's ``connected_components``, PageRank as power iteration in numpy, the same
iteration and stopping rule as on Spark); on Spark as DataFrame code
(:mod:`tnoc.graph.scale`: large-star/small-star, Kiveris et al. 2014; power
iteration), reading the case's lake. Both give the same partition, degrees and
PageRank to rounding (tests/test_case_engines.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tnoc.errors import TnocError
from tnoc.graph.scale import DEFAULT_ACTOR_TOL
from tnoc.store.engine import Engine, SparkEngine

if TYPE_CHECKING:
    import duckdb

__all__ = ["DEGREE_SQL", "EDGES_SQL", "ComponentRow", "WholeGraph", "WholeGraphParams",
           "components_by_size", "no_ties", "require_ties", "whole_graph"]

ARCS = "whole_graph_arcs"
"""The scratch table of the arcs, on either engine."""

EDGES_SQL = """
SELECT source AS src, target AS dst FROM edges
WHERE source IS NOT NULL AND target IS NOT NULL {only}
UNION
SELECT target AS src, source AS dst FROM edges
WHERE source IS NOT NULL AND target IS NOT NULL AND directed = false {only}
"""
"""The arcs of the case's ties (distinct: ``UNION``); ``{only}`` is empty or the schema
filter (a bound list parameter)."""

DEGREE_SQL = f"""
WITH o AS (SELECT src AS node, count(*) AS out_degree FROM {ARCS} GROUP BY src),
     i AS (SELECT dst AS node, count(*) AS in_degree FROM {ARCS} GROUP BY dst)
SELECT coalesce(o.node, i.node) AS node,
       coalesce(i.in_degree, 0) AS in_degree, coalesce(o.out_degree, 0) AS out_degree,
       coalesce(i.in_degree, 0) + coalesce(o.out_degree, 0) AS degree
FROM o FULL OUTER JOIN i ON o.node = i.node
"""
"""In-, out- and total degree of every node of the arcs (the same text on both)."""


@dataclass(frozen=True)
class WholeGraphParams:
    """``schemata``: tie schemata to keep (empty: all); PageRank's ``damping``, and its
    tolerance: stop when every actor's score is provably within ``actor_tol`` of the
    exact PageRank (:data:`tnoc.graph.scale.DEFAULT_ACTOR_TOL` by default), or, with
    ``actor_tol=None``, when the L1 change is below nodes × ``tol`` (networkx's rule,
    loose on large networks; :func:`tnoc.graph.scale.pagerank_converged`); at most
    ``max_iter`` iterations (None: as many as the rule needs,
    :func:`tnoc.graph.scale.pagerank_max_iter`). Both engines run the same iterations
    and stop at the same one, so their vectors agree to rounding whatever the
    tolerance. Every result states its per-actor bound
    (:attr:`WholeGraph.pagerank_error`)."""

    schemata: tuple[str, ...] = ()
    damping: float = 0.85
    tol: float = 1e-6
    max_iter: int | None = None
    actor_tol: float | None = DEFAULT_ACTOR_TOL

    @property
    def iterations_allowed(self) -> int:
        """The iterations PageRank may run (:func:`tnoc.graph.scale.pagerank_max_iter`)."""
        from tnoc.graph.scale import pagerank_max_iter

        return pagerank_max_iter(self.max_iter, self.actor_tol, self.damping)


@dataclass(frozen=True)
class WholeGraph:
    """``nodes``: Arrow table ``node, component, in_degree, out_degree, degree,
    pagerank`` sorted by node (component: the smallest node id of the node's
    component); ``arcs`` counted, ``components``, PageRank's ``iterations``, the
    ``engine`` that computed it, and ``pagerank_error``: no actor's PageRank is further
    than this from the exact one (:func:`tnoc.graph.scale.pagerank_error_bound`)."""

    nodes: pa.Table
    arcs: int
    components: int
    iterations: int
    engine: str
    pagerank_error: float = float("inf")


def _arcs_sql(params: WholeGraphParams) -> tuple[str, dict[str, object]]:
    if params.schemata:
        return EDGES_SQL.format(only="AND schema IN $schemata"), {
            "schemata": list(params.schemata)}
    return EDGES_SQL.format(only=""), {}


def no_ties(schemata: Sequence[str], consequence: str = "nothing to measure"
            ) -> TnocError:
    """The error of a whole-case stage over a case (or ``schemata``) without ties, in
    one wording wherever it is found: on the case's store before Spark starts
    (:func:`require_ties`) or by the stage on either engine."""
    what = f" of schema {', '.join(schemata)}" if schemata else ""
    return TnocError(f"the case holds no ties{what}: {consequence}")


def require_ties(con: duckdb.DuckDBPyConnection, schemata: Sequence[str] = (),
                 consequence: str = "nothing to measure", *,
                 interactions: bool = False) -> None:
    """Refuse, from the case's store and at once, a case holding no tie entities (of
    ``schemata`` when given; with ``interactions`` the calls, messages and emails a
    path follows count too): a whole-case stage on Spark would otherwise start a JVM
    (half a minute) and read the lake before finding there is nothing to do. One look
    for a single tie entity's id statement, so it costs a scan at most; a case whose
    ties all lack an end still gets the same error from the stage itself.

    Raises:
        TnocError: no ties (:func:`no_ties`), as the stage says it on DuckDB.
    """
    from tnoc.graph.projection import INTERACTIONS

    kinds = "sc.is_edge" + (" OR list_contains($interactions, s.schema)"
                            if interactions else "")
    only = "AND list_contains($schemata, s.schema)" if schemata else ""
    args: dict[str, object] = {"schemata": list(schemata)} if schemata else {}
    if interactions:
        args["interactions"] = sorted(INTERACTIONS)
    found = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM statements s LEFT JOIN schemata sc "
        f"ON sc.name = s.schema WHERE s.prop = 'id' AND ({kinds}) {only} LIMIT 1)",
        args).fetchall()[0][0]
    if not found:
        raise no_ties(schemata, consequence)


def whole_graph(engine: Engine, params: WholeGraphParams | None = None) -> WholeGraph:
    """Components, degree and PageRank of the case's ties (see the module) on
    ``engine``: :class:`tnoc.store.engine.DuckDBEngine` on the case's connection, or a
    :class:`SparkEngine` whose session reads the case's lake under the case's table
    names (:func:`tnoc.store.case_engine.case_engine`).

    Raises:
        TnocError: the case (or the chosen schemata) holds no ties.
        TnocError: PageRank did not converge in ``max_iter`` iterations
            (:func:`_not_converged`), on either engine.
    """
    p = params or WholeGraphParams()
    if not 0 <= p.damping < 1:
        raise TnocError(f"damping must be in [0, 1), got {p.damping}")
    sql, args = _arcs_sql(p)
    engine.create_table(ARCS, sql, args)
    try:
        arcs = int(engine.fetch_arrow(f"SELECT count(*) AS n FROM {ARCS}").column(0)[0]
                   .as_py())
        if arcs == 0:
            raise no_ties(p.schemata)
        if isinstance(engine, SparkEngine):
            nodes, iterations, error = _on_spark(engine, p)
        else:
            nodes, iterations, error = _on_one_machine(engine, p)
    finally:
        engine.drop(ARCS)
    nodes = nodes.sort_by("node")
    components = len(pc.unique(nodes.column("component")))
    return WholeGraph(nodes=nodes, arcs=arcs, components=components,
                      iterations=iterations, engine=engine.name, pagerank_error=error)


def components_by_smallest_id(src: pa.ChunkedArray | pa.Array,
                              dst: pa.ChunkedArray | pa.Array
                              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weakly connected components (scipy) of the graph whose edges join ``src[i]`` and
    ``dst[i]``, each named by its smallest node id, as Spark's large-star/small-star
    names them (:func:`tnoc.graph.scale.connected_components`): the node ids sorted
    (code point order, which is UTF-8 byte order: Spark's min on text gives the same
    smallest id), each node's component, and the edges' ends as indices into the ids."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    ends = np.concatenate([src.to_numpy(zero_copy_only=False).astype(object),
                           dst.to_numpy(zero_copy_only=False).astype(object)])
    ids, index = np.unique(ends, return_inverse=True)
    n, m = len(ids), len(src)
    s, d = index[:m], index[m:]
    _count, labels = connected_components(csr_array((np.ones(m), (s, d)), shape=(n, n)),
                                          directed=False)
    smallest = np.full(labels.max() + 1 if n else 0, n)
    np.minimum.at(smallest, labels, np.arange(n))
    return ids, ids[smallest[labels]], s, d


def _on_one_machine(engine: Engine, p: WholeGraphParams) -> tuple[pa.Table, int, float]:
    """Components (scipy) and PageRank (numpy) over the arcs fetched from the engine;
    degree by :data:`DEGREE_SQL`."""
    arcs = engine.fetch_arrow(f"SELECT src, dst FROM {ARCS}")
    ids, component, s, d = components_by_smallest_id(arcs.column("src"),
                                                     arcs.column("dst"))
    ranks, iterations, error = _pagerank(s, d, len(ids), p)
    degree = engine.fetch_arrow(DEGREE_SQL).sort_by("node")
    measured = pa.table({"node": pa.array(ids.tolist(), pa.string()),
                         "component": pa.array(component.tolist(), pa.string()),
                         "pagerank": pa.array(ranks, pa.float64())})
    if degree.column("node").to_pylist() != measured.column("node").to_pylist():
        raise RuntimeError("degree and components disagree on the nodes (a bug)")
    return pa.table({"node": measured["node"], "component": measured["component"],
                     "in_degree": degree["in_degree"].cast(pa.int64()),
                     "out_degree": degree["out_degree"].cast(pa.int64()),
                     "degree": degree["degree"].cast(pa.int64()),
                     "pagerank": measured["pagerank"]}), iterations, error


def _pagerank(s: np.ndarray, d: np.ndarray, n: int, p: WholeGraphParams
              ) -> tuple[np.ndarray, int, float]:
    """PageRank of the ``n`` nodes and arcs ``s -> d`` (distinct): the iteration of
    :func:`tnoc.graph.scale.pagerank`, step for step, so both engines stop at the same
    iteration; (ranks, iterations, the per-actor error bound). The same to the bit
    whatever order the arcs come in."""
    from tnoc.graph.scale import pagerank_converged, pagerank_error_bound

    # the arcs in one order: a node's shares are summed in the arcs' order, and a float
    # sum depends on it (DuckDB's parallel scan gives the arcs in another order each
    # run: three runs on one case had stored three PageRank digests; helper-134)
    order = np.lexsort((d, s))
    s, d = s[order], d[order]
    out = np.bincount(s, minlength=n).astype(np.float64)
    dangling_nodes = out == 0
    ranks = np.full(n, 1.0 / n)
    dangling = float(dangling_nodes.sum()) / n
    for iteration in range(1, p.iterations_allowed + 1):
        share = np.divide(ranks, out, out=np.zeros(n), where=~dangling_nodes)
        received = np.bincount(d, weights=share[s], minlength=n)
        teleport = (1.0 - p.damping) / n + p.damping * dangling / n
        new = teleport + p.damping * received
        change = float(np.abs(new - ranks).sum())
        dangling = float(new[dangling_nodes].sum())
        ranks = new
        if pagerank_converged(change, n, p.damping, p.tol, p.actor_tol):
            return ranks, iteration, pagerank_error_bound(change, p.damping)
    raise _not_converged(p)


def _not_converged(p: WholeGraphParams) -> TnocError:
    """PageRank's power iteration did not meet its tolerance within ``max_iter``
    iterations: an error a person reads (nothing is stored, as the caller's
    transaction is rolled back), saying the settings that did not suffice."""
    return TnocError(
        f"PageRank did not converge in {p.iterations_allowed} iterations (damping "
        f"{p.damping}, "
        + (f"every actor within {p.actor_tol}" if p.actor_tol is not None else
           f"L1 change below nodes x {p.tol}")
        + "): nothing was stored; the network's measures need more iterations or a "
        "looser tolerance (WholeGraphParams max_iter, tol, actor_tol)")


def _on_spark(engine: SparkEngine, p: WholeGraphParams) -> tuple[pa.Table, int, float]:
    """Components and PageRank as DataFrame code (:mod:`tnoc.graph.scale`), degree by
    :data:`DEGREE_SQL`, joined on Spark; one Arrow table comes back."""
    from pyspark.sql import functions as F

    from tnoc.graph.scale import connected_components, pagerank

    arcs = engine.spark.table(ARCS)
    labels = connected_components(arcs).labels
    try:
        ranked = pagerank(arcs, damping=p.damping, tol=p.tol,
                          max_iter=p.iterations_allowed, actor_tol=p.actor_tol)
    except RuntimeError as exc:
        if "PageRank" not in str(exc):
            raise
        raise _not_converged(p) from exc
    degree = engine.frame(DEGREE_SQL)
    joined = (labels.join(degree, "node").join(ranked.ranks, "node")
              .select("node", "component",
                      F.col("in_degree").cast("bigint").alias("in_degree"),
                      F.col("out_degree").cast("bigint").alias("out_degree"),
                      F.col("degree").cast("bigint").alias("degree"),
                      F.col("pagerank").cast("double").alias("pagerank")))
    table = joined.toArrow()
    return table.cast(pa.schema([("node", pa.string()), ("component", pa.string()),
                                 ("in_degree", pa.int64()), ("out_degree", pa.int64()),
                                 ("degree", pa.int64()), ("pagerank", pa.float64())])
                      ), ranked.iterations, ranked.error_bound


@dataclass(frozen=True)
class ComponentRow:
    """One component of a :class:`WholeGraph`: its name (smallest node id), how many
    actors, and its actor of highest PageRank (ties: the smallest id) with that rank."""

    component: str
    actors: int
    top: str
    pagerank: float


def components_by_size(result: WholeGraph) -> list[ComponentRow]:
    """The components of ``result``, largest first (ties: by name)."""
    ranked = result.nodes.sort_by([("component", "ascending"), ("pagerank", "descending"),
                                   ("node", "ascending")])
    # unthreaded, a group's first row is its first in the sorted table: the top actor
    grouped = ranked.group_by("component", use_threads=False).aggregate([
        ("node", "count"), ("node", "first"), ("pagerank", "first")])
    rows = [ComponentRow(str(r["component"]), int(r["node_count"]), str(r["node_first"]),
                         float(r["pagerank_first"])) for r in grouped.to_pylist()]
    return sorted(rows, key=lambda r: (-r.actors, r.component))
