"""Which sources an operation reads: what its access decision and the handling code of its
result are computed from (issue #20, compartments).

A whole-case operation (an analysis, an export, the flagged values) is decided on the
handling codes (TLP 2.0) of the sources it actually reads, not on the strictest source of
the case: an analysis of payments reads the statements of the payments and of the
parties they name, never a wiretap's. These functions answer that question cheaply, from
the store alone, before the operation runs; a caller that cannot answer it says None
(the whole case: the gate fails closed on the strictest code).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from tnoc.tlp import tlp_rank

__all__ = ["all_sources", "handling_codes", "sources_of_entities", "sources_of_indicator",
           "sources_within"]


def all_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every source id of the case, in intake order."""
    return [str(s) for s, in con.execute(
        "SELECT source_id FROM sources ORDER BY ingested_at, source_id").fetchall()]


def handling_codes(con: duckdb.DuckDBPyConnection, sources: Sequence[str]
                   ) -> dict[str, str]:
    """source id -> its handling code, for the ``sources`` that exist in the case."""
    if not sources:
        return {}
    return {str(s): str(c) for s, c in con.execute(
        "SELECT source_id, handling_code FROM sources WHERE list_contains($ids, source_id)",
        {"ids": sorted(set(sources))}).fetchall()}


def sources_within(con: duckdb.DuckDBPyConnection, max_tlp: str) -> list[str]:
    """The sources whose handling code is ``max_tlp`` or looser: what a shared export
    under ``--tlp max_tlp`` reads (it withholds every value of a stricter source,
    :mod:`tnoc.exchange.handling`)."""
    codes = handling_codes(con, all_sources(con))
    return [s for s in all_sources(con) if tlp_rank(codes[s]) <= tlp_rank(max_tlp)]


def sources_of_entities(con: duckdb.DuckDBPyConnection, schemata: Sequence[str] = (),
                        sources: Sequence[str] = ()) -> list[str]:
    """The sources an analysis of the entities of ``schemata`` (from ``sources`` when
    given) reads: the sources of every statement of those entities and of the entities
    they refer to (a payment's payer and beneficiary, whose names the analysis prints).
    Sorted source ids; empty when no entity matches.

    Example: ``sources_of_entities(con, ["Payment"])`` for ``tnoc money``."""
    where, params = ["true"], {}
    if schemata:
        where.append("list_contains($schemata, schema)")
        params["schemata"] = list(schemata)
    if sources:
        where.append("list_contains($sources, source_id)")
        params["sources"] = list(sources)
    return [str(s) for s, in con.execute(
        "WITH chosen AS (SELECT DISTINCT canonical_id AS id FROM statements "
        f"WHERE {' AND '.join(where)}), "
        "linked AS (SELECT DISTINCT coalesce(m.canonical_id, s.value) AS id "
        "FROM statements s JOIN chosen c ON s.canonical_id = c.id "
        "LEFT JOIN canonical_map m ON m.entity_id = s.value "
        "WHERE s.prop_type = 'entity' AND s.flag IS NULL) "
        "SELECT DISTINCT source_id FROM statements WHERE canonical_id IN "
        "(SELECT id FROM chosen UNION SELECT id FROM linked) ORDER BY 1",
        params).fetchall()]


def sources_of_indicator(con: duckdb.DuckDBPyConnection, indicator: str) -> list[str]:
    """The sources of the statistical observations of ``indicator`` (what ``tnoc assess
    trends INDICATOR`` reads, :func:`tnoc.assess.series.observation_series`): a table of
    another indicator, however strictly handled, is not read. Sorted source ids."""
    return [str(s) for s, in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE schema = 'StatisticalObservation' "
        "AND canonical_id IN (SELECT canonical_id FROM statements "
        "WHERE schema = 'StatisticalObservation' AND prop = 'indicator' "
        "AND value = $indicator) ORDER BY 1", {"indicator": indicator}).fetchall()]
