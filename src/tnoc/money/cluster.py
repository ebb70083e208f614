"""Multi-input (co-spend) address clustering, CoinJoin-like transactions left out.

The heuristic: the inputs of one Bitcoin transaction are spent together, so whoever
signed them controls them all (Nakamoto 2008, §10; Meiklejohn et al., "A Fistful of
Bitcoins", IMC 2013, heuristic 1). It fails for CoinJoin, where several users pool their
inputs; such transactions are recognised by many equal-valued outputs (Möser & Narayanan,
"Resurrecting Address Clustering in Bitcoin", FC 2022, and the Wasabi/Samourai
denominations) and not used.

Inputs are the ``sender`` wallets of ``CryptoTransaction`` entities; outputs their
``receiver`` with ``amount``. Rows of one transaction (one entity per output, as the
ransomware payment files give them) are grouped by ``txHash``. Only transactions whose
inputs are known take part: nothing is inferred for the others.

Two implementations give the same clusters: :func:`co_spend_clusters`, union-find in
Python over the transactions fetched from the case's DuckDB store (the default), and
:func:`engine_co_spend_clusters`, set-based SQL through an
:class:`~tnoc.store.engine.Engine` (the same text on DuckDB and on Spark: GraphSense's
way at Bitcoin scale, issue #27): each transaction's inputs tied to its smallest input
(a star), the clusters the connected components
(:func:`tnoc.store.engine_graph.components`, large-star/small-star, Kiveris et al.
2014). :func:`case_co_spend_clusters` runs either on a case (Spark from its lake).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from tnoc.disjoint_sets import DisjointSets

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from tnoc.store.case import Case
    from tnoc.store.engine import Engine

TX_SQL = """
SELECT coalesce(h.value, s.canonical_id) AS tx,
       list(DISTINCT coalesce(m.canonical_id, s.value))
           FILTER (WHERE s.prop = 'sender') AS inputs,
       list(DISTINCT coalesce(m.canonical_id, s.value))
           FILTER (WHERE s.prop = 'receiver') AS outputs,
       list(a.value) FILTER (WHERE s.prop = 'receiver') AS amounts
FROM statements s
LEFT JOIN statements h ON h.canonical_id = s.canonical_id AND h.prop = 'txHash'
LEFT JOIN statements a ON a.canonical_id = s.canonical_id AND a.prop = 'amount'
LEFT JOIN canonical_map m ON m.entity_id = s.value
WHERE s.schema = 'CryptoTransaction' AND s.prop IN ('sender', 'receiver')
GROUP BY 1
"""


@dataclass(frozen=True)
class ClusterParams:
    coinjoin_min_inputs: int = 3
    coinjoin_equal_outputs: int = 3
    """A transaction with at least this many inputs and this many outputs of one equal
    amount is treated as a CoinJoin and not clustered."""


@dataclass
class Clustering:
    clusters: dict[str, str]
    """wallet -> cluster id (the smallest wallet id in the cluster)."""
    transactions_used: int
    coinjoins: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=lambda: {"engine": "duckdb"})
    """Where it was computed: ``engine``; on Spark ``master`` and the lake's sealed
    manifest (``lake_manifest_sha256``)."""

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for w, c in sorted(self.clusters.items()):
            out.setdefault(c, []).append(w)
        return out


def is_coinjoin(inputs: list[str], amounts: list[str | None], p: ClusterParams) -> bool:
    equal = Counter(a for a in amounts if a)
    return (len(inputs) >= p.coinjoin_min_inputs and bool(equal)
            and max(equal.values()) >= p.coinjoin_equal_outputs)


def co_spend_clusters(con: duckdb.DuckDBPyConnection,
                      params: ClusterParams | None = None) -> Clustering:
    """Union-find over the inputs of every non-CoinJoin transaction."""
    p = params or ClusterParams()
    sets = DisjointSets()
    used, coinjoins = 0, []
    for tx, inputs, _outputs, amounts in con.execute(TX_SQL).fetchall():
        if not inputs:
            continue
        if is_coinjoin(inputs, amounts or [], p):
            coinjoins.append(tx)
            continue
        used += 1
        sets.find(inputs[0])
        for w in inputs[1:]:
            sets.union(inputs[0], w)
    clusters = {w: sets.find(w) for w in sets.parent}
    return Clustering(clusters, used, sorted(coinjoins))


INPUTS_SQL = """
SELECT DISTINCT coalesce(h.value, s.canonical_id) AS tx,
       coalesce(m.canonical_id, s.value) AS address
FROM statements s
LEFT JOIN statements h ON h.canonical_id = s.canonical_id AND h.prop = 'txHash'
LEFT JOIN canonical_map m ON m.entity_id = s.value
WHERE s.schema = 'CryptoTransaction' AND s.prop = 'sender'
"""
"""``(tx, address)``: each transaction's distinct inputs, as :data:`TX_SQL` groups them
(the transaction's hash, else its entity; a merged wallet as its canonical id)."""

OUTPUTS_SQL = """
SELECT coalesce(h.value, s.canonical_id) AS tx, a.value AS amount
FROM statements s
LEFT JOIN statements h ON h.canonical_id = s.canonical_id AND h.prop = 'txHash'
LEFT JOIN statements a ON a.canonical_id = s.canonical_id AND a.prop = 'amount'
WHERE s.schema = 'CryptoTransaction' AND s.prop = 'receiver'
"""
"""``(tx, amount)``: one row per output and amount as written, as :data:`TX_SQL`'s
``amounts`` list holds them (not distinct: equal outputs are the CoinJoin sign)."""


def engine_co_spend_clusters(engine: Engine,
                             params: ClusterParams | None = None) -> Clustering:
    """:func:`co_spend_clusters` as set-based SQL on ``engine`` (reading its
    ``statements`` and ``canonical_map``): the CoinJoin-like transactions by the same
    rule (:func:`is_coinjoin`: at least ``coinjoin_min_inputs`` distinct inputs and
    ``coinjoin_equal_outputs`` outputs of one non-empty amount), the others' inputs
    tied to their smallest input, the clusters the components named by their
    smallest wallet. Only the clusters and the CoinJoins' ids are fetched; the engine's
    work tables are dropped."""
    from tnoc.store.engine_graph import components

    p = params or ClusterParams()
    names = {k: f"co_spend_{k}" for k in ("inputs", "outputs", "mixed", "used", "edges",
                                          "nodes", "clusters")}
    try:
        engine.create_table(names["inputs"], INPUTS_SQL)
        engine.create_table(names["outputs"], OUTPUTS_SQL)
        engine.create_table(names["mixed"], f"""
            SELECT w.tx FROM (
                SELECT tx FROM {names["inputs"]} GROUP BY tx
                HAVING count(DISTINCT address) >= $inputs) w
            JOIN (SELECT tx FROM (
                      SELECT tx, amount, count(*) AS n FROM {names["outputs"]}
                      WHERE amount IS NOT NULL AND amount <> '' GROUP BY tx, amount) q
                  GROUP BY tx HAVING max(n) >= $equal) e ON e.tx = w.tx""",
            {"inputs": p.coinjoin_min_inputs, "equal": p.coinjoin_equal_outputs})
        # the inputs of the transactions kept (an anti-join, not NOT IN: no null-aware
        # join on Spark), computed once
        used = names["used"]
        engine.create_table(used, f"""
            SELECT i.tx, i.address FROM {names["inputs"]} i
            LEFT JOIN {names["mixed"]} x ON x.tx = i.tx WHERE x.tx IS NULL""")
        engine.create_table(names["edges"], f"""
            SELECT u.address AS src, f.first AS dst FROM {used} u
            JOIN (SELECT tx, min(address) AS first FROM {used} GROUP BY tx) f
              ON f.tx = u.tx""")
        engine.create_table(names["nodes"], f"SELECT DISTINCT address AS node FROM {used}")
        components(engine, names["edges"], names["clusters"], names["nodes"])
        found = engine.fetch_arrow(f"SELECT node, component FROM {names['clusters']}")
        count = engine.fetch_arrow(f"SELECT count(DISTINCT tx) AS n FROM {used}")
        mixed = engine.fetch_arrow(f"SELECT tx FROM {names['mixed']} ORDER BY tx")
    finally:
        for name in names.values():
            engine.drop(name)
    clusters = dict(zip(found["node"].to_pylist(), found["component"].to_pylist(),
                        strict=True))
    return Clustering(clusters, int(count["n"][0].as_py()),
                      [str(t) for t in mixed["tx"].to_pylist()],
                      {"engine": engine.name})


def case_co_spend_clusters(case: Case, params: ClusterParams | None = None,
                           engine: str = "duckdb", master: str = "local[2]",
                           spark: SparkSession | None = None) -> Clustering:
    """The co-spend clusters of ``case``: on DuckDB :func:`co_spend_clusters` over its
    store (read-only); on Spark (``master``, or ``spark``, a session to reuse)
    :func:`engine_co_spend_clusters` over the case's sealed lake, read with the case
    closed, the lake checked before (:func:`tnoc.store.case_engine.lake_for_spark`:
    missing, altered or stale is refused) and after (still the case and the same lake,
    :func:`~tnoc.store.case_engine.lake_still_read`), so the clusters are the case's
    as it is.

    Raises:
        TnocError: a lake Spark cannot read or that changed while Spark ran, Spark
            that cannot start, an unknown engine.
    """
    from tnoc.errors import ArgumentError
    from tnoc.ledger.custody import computed_on
    from tnoc.store.case_engine import (
        ENGINES,
        check_master,
        lake_for_spark,
        lake_still_read,
        spark_engine,
    )
    from tnoc.store.lookup import holds_statements

    if engine not in ENGINES:
        raise ArgumentError(f"--engine {engine}: choose one of {', '.join(ENGINES)}")
    with case.connect(read_only=True) as con:
        # every cluster is made of CryptoTransactions' known inputs (``sender``)
        if engine == "duckdb" or not holds_statements(con, "CryptoTransaction", "sender"):
            # nothing to cluster: said from the store, as on DuckDB, before a JVM starts
            return co_spend_clusters(con, params)
    if spark is None:  # an unreachable master is said before the lake is hashed
        check_master(master)
    with case.connect(read_only=True) as con:
        manifest = lake_for_spark(case.root, con)
    with spark_engine(case, manifest, master, spark) as chosen:
        result = engine_co_spend_clusters(chosen.engine, params)
    with case.connect(read_only=True) as con:
        lake_still_read(case.root, con, manifest)
    result.provenance = chosen.provenance
    computed_on(result.provenance)  # the command's closing entry names the lake read
    return result
