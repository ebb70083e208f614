"""Parquet export and import of statements (and the sources they cite).

The export writes ``statements.parquet`` and ``sources.parquet`` into a folder: the
exchange format for moving a case's evidence to Spark or another case. Import inserts
sources and statements in one transaction, skipping (id, source_id) pairs already
present, so importing twice is idempotent.

An imported source is this case's evidence from then on, so it gets what an ingest
gives a source: an ``acquired`` ledger entry sealing its statements and record
(:mod:`tnoc.store.seals`), which ``tnoc verify`` re-checks. The entry names the
Parquet files and their sha256, and says the source file itself is not held here
(``exhibit_held: false``; its ``exhibit_path`` is emptied): it stays with the case that
took it in, whose ledger and hash (kept in the record) prove it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from tnoc.errors import InputFileError, Where
from tnoc.ledger.custody import CustodyEvent, file_sha256, record_event
from tnoc.ledger.keys import operator
from tnoc.store.held import stored_statements
from tnoc.store.schema import STORE_COLUMNS as STATEMENT_COLUMNS
from tnoc.store.seals import seal_source
from tnoc.store.sql import glob_literal

EXPORTED = (("statements", "source_id, entity_id, prop, value"), ("sources", "source_id"))


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path,
                   force: bool = False) -> dict[str, int]:
    """Write statements and sources as Parquet (zstd); returns row counts.

    Like every export (:mod:`tnoc.safe_write`): never inside a case folder,
    never over an existing file without ``force``, each file whole or not at all."""
    from tnoc.safe_write import atomic_output, check_output

    targets = {table: folder / f"{table}.parquet" for table, _ in EXPORTED}
    for target in targets.values():  # both refused before either is written
        check_output(target, force)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, order in EXPORTED:
        with atomic_output(targets[table]) as partial:
            # the file is a bound parameter (it may hold quotes or spaces); the table
            # and its order are this module's own constants
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO $target "
                        "(FORMAT parquet, COMPRESSION zstd)", {"target": str(partial)})
            row = con.execute("SELECT count(*) FROM read_parquet($target)",
                              {"target": glob_literal(partial)}).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def import_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, Any]:
    """Insert the sources (and their statements) of an export folder that this case does
    not hold (caller's transaction); returns counts and the sources already held.

    A source this case already holds (same source id: the same file through the same
    mapping) keeps its own statements, as sealed at its intake: the other case's are not
    merged into it, even where they differ (taken in with another mapping version,
    ``--encoding`` or ``--region``); the differences are counted and returned, so the
    analyst sees them instead of a seal that no longer holds. Statements citing a source
    the folder does not list are not imported either."""
    paths = {t: folder / f"{t}.parquet" for t in ("statements", "sources")}
    for table, path in paths.items():
        if not path.is_file():
            raise InputFileError(f"no {table}.parquet", Where(folder),
                                 "a folder written by 'tnoc export parquet'")
    params = {"sources": glob_literal(paths["sources"]),  # a name is read as a glob
              "statements": glob_literal(paths["statements"])}
    try:
        listed = {str(r[0]): (str(r[1]), str(r[2]), bool(r[3])) for r in con.execute(
            "SELECT s.source_id, s.file_name, s.sha256, "
            "s.source_id IN (SELECT source_id FROM sources) FROM read_parquet($sources) s "
            "ORDER BY s.source_id", {"sources": params["sources"]}).fetchall()}
        new = sorted(i for i, (_, _, held) in listed.items() if not held)
        con.execute(
            "INSERT INTO sources SELECT * REPLACE (NULL AS exhibit_path) "
            "FROM read_parquet($sources) s WHERE list_contains($new, s.source_id)",
            {"sources": params["sources"], "new": new})
        inserted = con.execute(
            f"INSERT INTO {stored_statements(con)} ({STATEMENT_COLUMNS}) "
            f"SELECT {STATEMENT_COLUMNS} "
            "FROM read_parquet($statements) n WHERE list_contains($new, n.source_id)",
            {"statements": params["statements"], "new": new}).fetchone()
        held = [(i, listed[i][0]) for i, (_, _, h) in listed.items() if h]
        differing = dict(con.execute(
            "WITH theirs AS (SELECT source_id, entity_id, prop, value "
            "FROM read_parquet($statements) WHERE list_contains($held, source_id)), "
            "ours AS (SELECT source_id, entity_id, prop, value FROM statement_store "
            "WHERE list_contains($held, source_id)), "
            "diff AS ((SELECT * FROM theirs EXCEPT SELECT * FROM ours) UNION ALL "
            "(SELECT * FROM ours EXCEPT SELECT * FROM theirs)) "
            "SELECT source_id, count(*) FROM diff GROUP BY 1",
            {"statements": params["statements"], "held": [i for i, _ in held]}).fetchall())
    except duckdb.Error as exc:
        raise InputFileError(f"not a TNOC statements export: {str(exc).splitlines()[0]}",
                             Where(folder)) from exc
    _record_intakes(con, paths, [(i, listed[i][0], listed[i][1]) for i in new])
    return {"statements": int(inserted[0]) if inserted else 0, "sources": len(new), "new": new,
            "held": [{"source_id": i, "file_name": name,
                      "differing_statements": int(differing.get(i, 0))} for i, name in held]}


def _record_intakes(con: duckdb.DuckDBPyConnection, paths: dict[str, Path],
                    new: list[tuple[str, str, str]]) -> None:
    """One sealed ``acquired`` entry per source this import added (see the module)."""
    files = {f"{table}_parquet_sha256": file_sha256(path)[0] for table, path in paths.items()}
    for source_id, file_name, sha256 in new:
        seal = seal_source(con, source_id)
        record_event(con, CustodyEvent(
            event_type="acquired", item_id=source_id, item_sha256=sha256,
            actor=operator(), purpose="import of another case's statements",
            method=f"tnoc import parquet ({paths['statements'].name}, "
                   f"sha256 {files['statements_parquet_sha256'][:16]})",
            hash_after=sha256,
            details={"file_name": file_name, "imported_from": paths["statements"].parent.name,
                     **files, "exhibit_held": False, "seal": seal.details()}))
