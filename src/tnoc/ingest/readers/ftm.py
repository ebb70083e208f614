"""FollowTheMoney JSON lines: one entity per line, already in the canonical model.

Exploded to one row per (entity, property, value) in SQL with DuckDB's JSON
functions; the mapping's ``statements:`` section then takes the rows as they are.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ingest.mapping import ReaderSpec
from tnoc.ingest.readers import ReadTable

COLUMNS = ["entity_id", "schema", "prop", "value"]


def read_ftm(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: ReaderSpec,
    display: Path,
    scratch: Path,
) -> ReadTable:
    """Read entities and explode their properties into statement rows."""
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ftm_raw AS SELECT json FROM read_ndjson_objects($p)",
            {"p": str(path)},
        )
        con.execute("CREATE OR REPLACE TEMP TABLE ftm_lines AS SELECT rowid - base + 1 AS _row, "
                    "json FROM ftm_raw, (SELECT min(rowid) AS base FROM ftm_raw)")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE src AS "
            "WITH e AS (SELECT _row, json->>'id' AS entity_id, json->>'schema' AS schema, "
            "json->'properties' AS props FROM ftm_lines), "
            "p AS (SELECT _row, entity_id, schema, props, unnest(json_keys(props)) AS prop "
            "FROM e) "
            "SELECT _row, entity_id, p.schema, prop, "
            "unnest(from_json(props->prop, '[\"VARCHAR\"]')) AS value, "
            "'line ' || _row AS _locator FROM p ORDER BY _row"
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        raise InputFileError(f"not valid FtM JSON lines: {message}", Where(display),
                             "one JSON entity {id, schema, properties} per line") from exc
    bad = con.execute(
        "SELECT min(_row) FROM ftm_lines WHERE json->>'id' IS NULL OR json->>'schema' IS NULL"
    ).fetchone()
    if bad and bad[0] is not None:
        raise InputFileError("entity without id or schema",
                             Where(display, bad[0], row_label="line"),
                             "every line to have 'id' and 'schema'")
    con.execute("DROP TABLE ftm_lines; DROP TABLE ftm_raw")
    count = con.execute("SELECT count(*) FROM src").fetchone()
    return ReadTable("src", COLUMNS, int(count[0]) if count else 0, "utf-8")
