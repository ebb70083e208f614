"""Who is behind an address: attributions of wallets and co-spend clusters from tags.

An attribution is any statement in the store that ties a ``CryptoWallet`` to a known
actor or abuse: a ``Risk`` or ``Sanction`` whose ``entity`` is the wallet (GraphSense
TagPacks, Ransomwhere, ransomware payment and receipt files, OFAC's address lists), or the
wallet's ``holder`` (OFAC's SDN list names the sanctioned person or company that holds a
"Digital Currency Address") together with that holder's own sanctions. Wallets in one
co-spend cluster (:mod:`tnoc.money.cluster`) share their attributions, marked as coming
"via cluster" with the wallet that carries them. Every attribution cites its source file
and row.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

ATTRIBUTION_SQL = """
WITH w AS (
    SELECT DISTINCT canonical_id AS wallet FROM statements
    WHERE schema = 'CryptoWallet' AND prop = 'id' AND canonical_id IN $wallets
),
addr AS (
    SELECT canonical_id AS wallet, min(value) AS address FROM statements
    WHERE schema = 'CryptoWallet' AND prop = 'publicKey' AND canonical_id IN $wallets
    GROUP BY 1
),
tag AS (  -- Risk / Sanction statements naming the wallet
    SELECT coalesce(m.canonical_id, e.value) AS wallet, e.canonical_id AS listing,
           e.schema AS kind, NULL::VARCHAR AS holder
    FROM statements e LEFT JOIN canonical_map m ON m.entity_id = e.value
    WHERE e.schema IN ('Risk', 'Sanction') AND e.prop = 'entity'
),
held AS (  -- the wallet's holder and the holder's sanctions
    SELECT h.canonical_id AS wallet, coalesce(m.canonical_id, h.value) AS holder
    FROM statements h LEFT JOIN canonical_map m ON m.entity_id = h.value
    WHERE h.schema = 'CryptoWallet' AND h.prop = 'holder' AND h.canonical_id IN $wallets
),
holder_sanction AS (
    SELECT held.wallet, e.canonical_id AS listing, 'Sanction of holder' AS kind, held.holder
    FROM held JOIN statements e ON e.schema = 'Sanction' AND e.prop = 'entity'
    LEFT JOIN canonical_map m ON m.entity_id = e.value
    WHERE coalesce(m.canonical_id, e.value) = held.holder
),
holder_only AS (
    SELECT wallet, holder AS listing, 'Holder' AS kind, holder FROM held
),
a AS (SELECT * FROM tag WHERE wallet IN $wallets
      UNION ALL SELECT * FROM holder_sanction UNION ALL SELECT * FROM holder_only)
SELECT a.wallet, addr.address, a.kind, a.listing, a.holder,
       (SELECT string_agg(DISTINCT value, '; ' ORDER BY value) FROM statements s
        WHERE s.canonical_id = a.holder AND s.prop = 'name') AS holder_name,
       (SELECT string_agg(DISTINCT value, '; ' ORDER BY value) FROM statements s
        WHERE s.canonical_id = a.listing AND s.prop = 'reason') AS reason,
       (SELECT string_agg(DISTINCT value, '; ' ORDER BY value) FROM statements s
        WHERE s.canonical_id = a.listing AND s.prop = 'program') AS program,
       (SELECT string_agg(DISTINCT value, '; ' ORDER BY value) FROM statements s
        WHERE s.canonical_id = a.listing AND s.prop = 'authority') AS authority,
       (SELECT string_agg(DISTINCT src.file_name || ' ' || coalesce(s.locator, ''), '; '
                        ORDER BY src.file_name || ' ' || coalesce(s.locator, ''))
        FROM statements s JOIN sources src USING (source_id)
        WHERE s.canonical_id = a.listing AND s.prop = 'id') AS evidence
FROM a JOIN w USING (wallet) LEFT JOIN addr USING (wallet)
ORDER BY a.wallet, a.kind, a.listing
"""


def address_key(address: str) -> str:
    """The stored form of an address: EVM and bech32 addresses are kept lower-case."""
    a = address.strip()
    return a.lower() if a.lower().startswith(("0x", "bc1", "ltc1", "btg1")) else a


@dataclass
class Attribution:
    """One reason an address is known: a listing (Risk, Sanction) or its holder."""

    wallet: str
    address: str | None
    kind: str
    listing: str
    holder: str | None
    holder_name: str | None
    reason: str | None
    program: str | None
    authority: str | None
    evidence: str | None
    via: str | None = None
    """For a cluster attribution: the wallet of the cluster that carries it."""


def attributed_wallets(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every entity a Risk or Sanction names (canonical ids): the illicit side of an
    exposure."""
    return [r[0] for r in con.execute("""
        SELECT DISTINCT coalesce(m.canonical_id, e.value) FROM statements e
        LEFT JOIN canonical_map m ON m.entity_id = e.value
        WHERE e.schema IN ('Risk', 'Sanction') AND e.prop = 'entity'
        ORDER BY 1""").fetchall()]


def wallets_for(con: duckdb.DuckDBPyConnection, refs: list[str]) -> list[str]:
    """Canonical wallet ids for addresses or entity ids (addresses normalised per chain
    as at ingest, so an EVM address matches whatever its case)."""
    keys = {address_key(r) for r in refs} | set(refs)
    rows = con.execute("""
        SELECT DISTINCT canonical_id FROM statements WHERE schema = 'CryptoWallet'
        AND ((prop = 'publicKey' AND value IN $k) OR (prop = 'id' AND
             (entity_id IN $k OR canonical_id IN $k)))""", {"k": sorted(keys)}).fetchall()
    return sorted(r[0] for r in rows)


def attribute(con: duckdb.DuckDBPyConnection, wallets: list[str],
              clusters: dict[str, str] | None = None) -> list[Attribution]:
    """Attributions of ``wallets`` (canonical ids); with ``clusters`` (wallet -> cluster
    id, from :func:`tnoc.money.cluster.co_spend_clusters`) also those of every wallet
    in the same cluster."""
    if not wallets:
        return []
    members: dict[str, list[str]] = {}
    if clusters:
        by_cluster: dict[str, list[str]] = {}
        for w, c in clusters.items():
            by_cluster.setdefault(c, []).append(w)
        for w in wallets:
            members[w] = by_cluster.get(clusters.get(w, ""), [])
    look = sorted(set(wallets) | {m for ms in members.values() for m in ms})
    rows = [Attribution(*r) for r in
            con.execute(ATTRIBUTION_SQL, {"wallets": look}).fetchall()]
    by_wallet: dict[str, list[Attribution]] = {}
    for r in rows:
        by_wallet.setdefault(r.wallet, []).append(r)
    out: list[Attribution] = []
    for w in wallets:
        out.extend(by_wallet.get(w, []))
        for other in members.get(w, []):
            if other == w:
                continue
            for r in by_wallet.get(other, []):
                out.append(Attribution(w, r.address, r.kind, r.listing, r.holder,
                                       r.holder_name, r.reason, r.program, r.authority,
                                       r.evidence, via=other))
    return out
