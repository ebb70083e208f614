"""``merged_into`` from the analysts' judgements: the one place the store's statements
(and the held sources' merges overlay) are brought in line with them.

A positive judgement joins two entities; the entities judged the same, transitively,
are one cluster whose canonical id is its least member id (stable and readable, as
:mod:`tnoc.resolve.judgements` describes). Here, in the store layer, because both a
judgement (:mod:`tnoc.resolve`) and an intake (:mod:`tnoc.ingest`: a replaced source's
statements, or a new source's about an entity already merged, come without
``merged_into``) must apply them.
"""

from __future__ import annotations

import duckdb

from tnoc.disjoint_sets import DisjointSets
from tnoc.store.held import stored_statements
from tnoc.store.resolution_tables import ensure

__all__ = ["apply_canonical_ids"]


def apply_canonical_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Set ``merged_into`` from the active positive judgements (``judgements_active``)
    on the statements that differ, and write the held sources' overlay
    (``held_merges``) anew; returns member -> canonical."""
    ensure(con)
    clusters = DisjointSets()
    for left, right in con.execute(
            "SELECT left_id, right_id FROM judgements_active WHERE verdict = 'positive' "
            "ORDER BY seq").fetchall():
        clusters.union(str(left), str(right))
    mapping = {}
    for members in clusters.members().values():
        canonical = min(members)
        for member in members:
            if member != canonical:
                mapping[member] = canonical
    con.execute("CREATE OR REPLACE TEMP TABLE merge_map (entity_id VARCHAR, canonical VARCHAR)")
    if mapping:
        con.executemany("INSERT INTO merge_map VALUES (?, ?)", list(mapping.items()))
    table = stored_statements(con)
    con.execute(
        f"UPDATE {table} SET merged_into = NULL WHERE merged_into IS NOT NULL "
        "AND entity_id NOT IN (SELECT entity_id FROM merge_map)"
    )
    con.execute(
        f"UPDATE {table} AS s SET merged_into = m.canonical FROM merge_map m "
        "WHERE s.entity_id = m.entity_id AND s.merged_into IS DISTINCT FROM m.canonical"
    )
    # the held sources' statements are not edited: their merges are an overlay
    con.execute("DELETE FROM main.held_merges")
    con.execute("INSERT INTO main.held_merges SELECT entity_id, canonical FROM merge_map")
    con.execute("DROP TABLE merge_map")
    return mapping
