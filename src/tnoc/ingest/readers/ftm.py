"""FollowTheMoney JSON lines: one entity per line, already in the canonical model.

Exploded to one row per (entity, property, value) in SQL with DuckDB's JSON
functions; the mapping's ``statements:`` section then takes the rows as they are.

A received FtM file never writes onto an entity TNOC made from another kind of source
(a wiretap actor ``caviar-n1``, an OFAC person ``ofac-sdn-2674``): an id the case holds
from a source read by a non-FtM mapping is taken in as ``ID~HASH`` (the first 8 hex
digits of this file's sha256), every reference in the file rewritten, and recorded as
a ``partner-claim`` candidate link for an analyst to judge, as for STIX and MISP
(:func:`tnoc.ingest.readers.exchange._apart`). An id held by an earlier FtM file stays
shared: in FtM's statement model the same id in two releases of a dataset (two
OpenSanctions exports) is the same entity, by its publisher's design.
"""

from __future__ import annotations

import hashlib
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
    notes = _keep_apart(con, path, display)
    count = con.execute("SELECT count(*) FROM src").fetchone()
    read = ReadTable("src", COLUMNS, int(count[0]) if count else 0, "utf-8")
    read.notes += notes
    return read


def _ftm_mappings(names: list[str]) -> set[str]:
    """Which of these mappings read FtM files (a mapping that no longer loads: not)."""
    from tnoc.ingest.mapping import load_mapping

    kinds = set()
    for name in names:
        try:
            if load_mapping(name).reader.format == "ftm":
                kinds.add(name)
        except Exception:  # noqa: BLE001 - a custom mapping gone: treat as not FtM
            continue
    return kinds


def _keep_apart(con: duckdb.DuckDBPyConnection, path: Path, display: Path) -> list[str]:
    """Rename this file's entities whose ids TNOC made from other sources (see the
    module docstring); returns what to tell the analyst."""
    from tnoc.ingest.readers.exchange import _claim_candidates

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mappings = [str(r[0]) for r in con.execute(
        "SELECT DISTINCT mapping FROM sources WHERE sha256 <> ?", [digest]).fetchall()]
    ours = sorted(set(mappings) - _ftm_mappings(mappings))
    if not ours:
        return []
    taken = con.execute(
        "SELECT s.entity_id, min(so.file_name), min(f._row) FROM statement_store s "
        "JOIN sources so ON so.source_id = s.source_id "
        "JOIN (SELECT entity_id, min(_row) AS _row FROM src GROUP BY 1) f "
        "ON f.entity_id = s.entity_id "
        "WHERE list_contains(?, so.mapping) AND so.sha256 <> ? GROUP BY 1 ORDER BY 1",
        [ours, digest]).fetchall()
    if not taken:
        return []
    suffix = "~" + digest[:8]
    ids = [str(r[0]) for r in taken]
    con.execute("UPDATE src SET entity_id = entity_id || $s WHERE list_contains($ids, "
                "entity_id)", {"s": suffix, "ids": ids})
    con.execute("UPDATE src SET value = value || $s WHERE list_contains($ids, value)",
                {"s": suffix, "ids": ids})  # references to them, in the file
    shared = [(str(e), f"{e}{suffix}", f"line {row} (same id as in {name})")
              for e, name, row in taken]
    return _claim_candidates(con, path, display, [], shared)
