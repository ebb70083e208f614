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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from tnoc.disjoint_sets import DisjointSets

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
