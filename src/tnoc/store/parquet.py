"""Parquet export and import of statements (and the sources they cite).

The export writes ``statements.parquet`` and ``sources.parquet`` into a folder: the
exchange format for moving a case's evidence to Spark or another case. Import inserts
sources and statements in one transaction, skipping (id, source_id) pairs already
present, so importing twice is idempotent.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.store.schema import STORE_COLUMNS as STATEMENT_COLUMNS


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Write statements and sources as Parquet (zstd); returns row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, order in (("statements", "source_id, entity_id, prop, value"),
                         ("sources", "source_id")):
        target = folder / f"{table}.parquet"
        # the folder is a bound parameter (it may hold quotes or spaces); the table
        # and its order are this module's own constants
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO $target "
                    "(FORMAT parquet, COMPRESSION zstd)", {"target": str(target)})
        row = con.execute("SELECT count(*) FROM read_parquet($target)",
                          {"target": str(target)}).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def import_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """Insert statements and sources from an export folder (caller's transaction)."""
    paths = {t: folder / f"{t}.parquet" for t in ("statements", "sources")}
    for table, path in paths.items():
        if not path.is_file():
            raise InputFileError(f"no {table}.parquet", Where(folder),
                                 "a folder written by 'tnoc export parquet'")
    before = con.execute("SELECT count(*) FROM statements").fetchone()
    try:
        con.execute(
            "INSERT INTO sources SELECT * FROM read_parquet($path) s WHERE s.source_id "
            "NOT IN (SELECT source_id FROM sources)", {"path": str(paths["sources"])})
        con.execute(
            f"INSERT INTO statement_store ({STATEMENT_COLUMNS}) SELECT {STATEMENT_COLUMNS} FROM "
            "read_parquet($path) n WHERE NOT EXISTS (SELECT 1 FROM statement_store s "
            "WHERE s.source_id = n.source_id AND s.entity_id = n.entity_id "
            "AND s.prop = n.prop AND s.value = n.value)", {"path": str(paths["statements"])})
    except duckdb.Error as exc:
        raise InputFileError(f"not a TNOC statements export: {str(exc).splitlines()[0]}",
                             Where(folder)) from exc
    after = con.execute("SELECT count(*) FROM statements").fetchone()
    return {"statements": int(after[0]) - int(before[0]) if after and before else 0}
