"""Read-side queries of the store: sources, search, one entity with provenance.

Front ends (CLI now, web workspace later) call these; each returns plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from followthemoney.proxy import EntityProxy

from tnoc.errors import TnocError
from tnoc.model import get_model


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    """The first value of a query's first row, or None; the result is read to the end,
    so the connection is free for the next statement (DuckDB 2 refuses work on a
    connection with a half-read result)."""
    rows = con.execute(sql, params).fetchall() if params is not None \
        else con.execute(sql).fetchall()
    return rows[0][0] if rows else None


def query_arrow(con: duckdb.DuckDBPyConnection, sql: str,
                params: dict[str, Any] | None = None) -> pa.Table:
    """A query's result as an Arrow table (DuckDB 2's ``to_arrow_table``, 1.x's
    ``fetch_arrow_table``)."""
    result: Any = con.sql(sql, params=params) if params else con.sql(sql)
    fetch = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table
    return fetch()


def rows_as_dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """All rows of the last query as dicts."""
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def list_sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every source with hash, collection facts and counts, in ingest order."""
    return rows_as_dicts(con.execute(
        "SELECT source_id, file_name, sha256, size_bytes, media_type, encoding, mapping, "
        "dataset, collected_at, collector, legal_basis, handling_code, ingested_at, records, "
        "statements, flagged FROM sources ORDER BY ingested_at, source_id"
    ))


def proxy_for(entity_id: str, schema: str, properties: dict[str, list[str]] | None) -> EntityProxy:
    """An FtM proxy from a row of the ``entities`` view (for captions and exports)."""
    model = get_model()
    return model.get_proxy(
        {"id": entity_id, "schema": schema, "properties": dict(properties or {})}, cleaned=True
    )


def caption(entity_id: str, schema: str, properties: dict[str, list[str]] | None) -> str:
    """The entity's display name as FtM computes it."""
    return str(proxy_for(entity_id, schema, properties).caption)


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Entities with a value (or original value) containing ``text``, case-insensitive."""
    pattern = f"%{text}%"
    hits = rows_as_dicts(con.execute(
        "WITH hits AS (SELECT canonical_id, min(prop) AS prop, min(value) AS value, "
        "count(*) AS matches FROM statements WHERE prop <> 'id' AND "
        "(value ILIKE $p OR original_value ILIKE $p) GROUP BY canonical_id "
        "ORDER BY matches DESC, canonical_id LIMIT $limit) "
        "SELECT h.*, e.schema, e.properties, e.datasets FROM hits h JOIN entities e "
        "ON e.id = h.canonical_id ORDER BY h.matches DESC, h.canonical_id",
        {"p": pattern, "limit": limit},
    ))
    for hit in hits:
        hit["caption"] = caption(hit["canonical_id"], hit["schema"], hit["properties"])
    return hits


@dataclass
class EntityView:
    """One entity: its statements with full provenance, and who refers to it."""

    id: str
    schema: str
    caption: str
    statements: list[dict[str, Any]]
    referenced_by: list[dict[str, Any]]


def show_entity(con: duckdb.DuckDBPyConnection, entity_id: str) -> EntityView:
    """All statements about ``entity_id`` (canonical or original id) with their sources."""
    head = con.execute(
        "SELECT id, schema, properties FROM entities WHERE id = $id OR id IN "
        "(SELECT canonical_id FROM statements WHERE entity_id = $id LIMIT 1)",
        {"id": entity_id},
    ).fetchone()
    if head is None:
        raise TnocError(f"no entity with id {entity_id!r} in this case; try 'tnoc search'")
    statements = rows_as_dicts(con.execute(
        "SELECT s.prop, s.value, s.original_value, s.flag, s.schema, s.dataset, s.locator, "
        "s.first_seen, s.collected_at, s.source_id, src.file_name, src.sha256, "
        "src.handling_code, s.id AS statement_id FROM statements s "
        "JOIN sources src USING (source_id) WHERE s.canonical_id = ? "
        "ORDER BY s.prop = 'id' DESC, s.prop, s.value, src.file_name", [head[0]]
    ))
    referenced_by = rows_as_dicts(con.execute(
        "SELECT r.entity, r.schema, r.prop FROM entity_references r WHERE r.target = ? "
        "ORDER BY r.schema, r.entity LIMIT 200", [head[0]]
    ))
    return EntityView(head[0], head[1], caption(head[0], head[1], head[2]), statements,
                      referenced_by)


def case_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts for the case summary: sources, statements, entities per schema, flags."""
    one = con.execute(
        "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM statements WHERE flag IS NOT NULL), "
        "(SELECT count(*) FROM custody_events)"
    ).fetchone()
    assert one is not None
    per_schema = con.execute(
        "SELECT schema, count(*) FROM (SELECT canonical_id, arg_max(s.schema, "
        "coalesce(sc.depth, 0)) AS schema FROM statements s LEFT JOIN schemata sc "
        "ON sc.name = s.schema WHERE s.prop = 'id' GROUP BY canonical_id) "
        "GROUP BY schema ORDER BY count(*) DESC, schema"
    ).fetchall()
    return {
        "sources": one[0], "statements": one[1], "flagged": one[2], "custody_events": one[3],
        "entities_per_schema": dict(per_schema),
        "entities": sum(n for _, n in per_schema),
    }
