"""Lake mode: a case's large tables as hive-partitioned Parquet with a sealed manifest
(issue #27, item 2).

``write_lake`` writes the tables a Spark cluster (or a notebook) needs of a big case
under ``CASE/lake/TABLE/KEY=VALUE/*.parquet``:

- ``statements`` (the view every reader uses), partitioned by ``source_id``; but a
  source held as Parquet (:mod:`tnoc.store.held`) is not copied: the manifest names
  its statement files (``"held"``), which both readers read in place through the
  view's own SELECT over the lake's copy of what the view takes from the store for
  them (``held_sources``, ``held_merges``: :data:`HELD_PARTS`). Such a lake reads
  ``CASE/held/`` beside it: it is not moved or copied without its case. A source
  is the unit TNOC governs by: its handling code decides who may read it, its seal
  covers its statements, erasure and retention act per source. One folder per source
  lets a reader cleared below a source skip its folder unread (partition pruning), and
  a new intake adds a folder without touching the others. The skew (one source of a
  million statements beside one of two hundred) costs nothing to Spark, which splits a
  large file by row group.
- ``entities`` and ``edges`` (views, one row per entity / tie), and the stored
  transfers when a whole-case build kept them, partitioned by a hash bucket
  ``bucket`` = the first hex digit of ``md5(id)`` (16 folders of even size): an entity
  draws on many sources, so no source partitions them, and the bucket is computed the
  same way by DuckDB and Spark (``md5`` on both).

``CASE/lake/manifest.json`` lists every file with its SHA-256, size and row count, and
each table's columns, row count and **content hash**: SHA-256 over the table's rows in
a canonical text form (:func:`row_text_sql`), hashed per row, the row hashes sorted
(and grouped by prefix, :func:`_digest`). Sorting makes it independent of how the
rows are cut into files, so the same content
written by Spark's part files, re-partitioned, or read back from the lake gives the
same hash (the evidence is the content, not one engine's file layout). The manifest's
own SHA-256 is sealed by one ``sealed`` entry in the custody ledger, which
``tnoc verify`` checks the lake against (:func:`check_lake`): a changed, missing or
extra file is named.

The lake is written whole or not at all: into the process's scratch folder, then
renamed into place in the transaction that records its ledger entry (an earlier lake
is moved aside first and removed after the commit). It is a derived copy: the case's
store (its DuckDB file and held files) stays the record; the lake is rewritten from
it (``tnoc case lake``), never edited. Each table's content hash is computed over
the files as written (and the held files named), what a reader of the lake reads.
"""

from __future__ import annotations

import json
import shlex
import shutil
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import pyarrow as pa

from tnoc.errors import TnocError
from tnoc.ledger.custody import CustodyEvent, file_sha256, record_event
from tnoc.query_results import has_table, query_arrow
from tnoc.store.sql import glob_literal, identifier, literal

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from tnoc.store.case import Case

__all__ = ["LAKE", "MANIFEST", "LakeTable", "LakeWritten", "check_lake",
           "columns_of", "content_hash", "copy_table", "duckdb_lake_views",
           "lake_command", "lake_state", "lake_tables", "read_manifest", "remove_lake",
           "spark_content_hash", "spark_lake_frames", "spark_table_frames", "table_part",
           "table_relation", "write_lake"]

LAKE = "lake"
"""The lake's folder in the case."""
MANIFEST = "manifest.json"
FORMAT = "tnoc-lake/1"
LAKE_ITEM = "lake"
"""The ledger item the manifest entries are about (``item_id``)."""
BUCKET = "bucket"
BUCKET_SQL = "left(md5({key}), 1)"
"""The hash bucket of a row: the first hex digit of md5 of its key (16 buckets)."""
TRANSFERS_STORED = "transfers_stored"
""":data:`tnoc.money.transfers.STORED_TABLES`' first table (money is a layer above the
store, so named here; tests/test_lake.py checks they agree)."""

Dialect = Literal["duckdb", "spark"]


@dataclass(frozen=True)
class LakeTable:
    """One table of the lake: what it is read from and how it is partitioned."""

    name: str
    source: str
    """The case's table or view it copies."""
    partition_by: str | None
    """``source_id`` (a column of the table), :data:`BUCKET` (derived from ``key``), or
    None: one file (a small table)."""
    key: str = "id"
    part_of: str | None = None
    """The table this one is read into (``statements``: :data:`HELD_PARTS`), not a
    table of its own for the lake's readers."""


TABLES = (
    LakeTable("statements", "statements", "source_id"),
    LakeTable("entities", "entities", BUCKET),
    LakeTable("edges", "edges", BUCKET),
    LakeTable("transfers", TRANSFERS_STORED, BUCKET, key="transfer_id"),
)
HELD_PARTS = (
    LakeTable("held_sources", "sources", None, key="source_id", part_of="statements"),
    LakeTable("held_merges", "held_merges", None, key="entity_id", part_of="statements"),
)
"""What the lake copies of the held sources (:mod:`tnoc.store.held`) besides naming
their files: the ``sources`` columns the ``statements`` view takes from them, and the
merges overlay as it was; their statements are read in place."""
HELD_SOURCE_COLUMNS = "source_id, dataset, ingested_at, collected_at"


def lake_tables(con: duckdb.DuckDBPyConnection) -> list[LakeTable]:
    """The tables of :data:`TABLES` this case holds: the views always, the stored
    transfers only after a whole-case build kept them; and :data:`HELD_PARTS` when it
    holds sources as Parquet (first: the statements' content is read back with them).
    """
    from tnoc.store.held import held_files

    return (list(HELD_PARTS) if held_files(con, kind="statements") else []) + [
        t for t in TABLES if t.source != TRANSFERS_STORED
        or has_table(con, TRANSFERS_STORED)]


def table_relation(con: duckdb.DuckDBPyConnection, table: LakeTable) -> str:
    """What the lake writes of ``table`` as a relation: the case's table or view, but
    of the statements only those in the store's own table when sources are held (the
    held files are named, not copied), and of the held parts their held sources' rows
    (:data:`HELD_PARTS`)."""
    from tnoc.store.held import held_files, stored_statements, stored_table
    from tnoc.store.schema import statements_select

    held = held_files(con, kind="statements")
    if table.name == "statements" and held:
        return f"({statements_select(stored_statements(con))})"
    if table.name == "held_sources":
        sources = ", ".join(literal(s) for s in sorted({f.source_id for f in held}))
        return (f"(SELECT {HELD_SOURCE_COLUMNS} FROM {stored_table(con, 'sources')} "
                f"WHERE source_id IN ({sources}))")
    if table.name == "held_merges":
        return f"(SELECT entity_id, merged_into FROM {stored_table(con, 'held_merges')})"
    return identifier(table.source)


# --- the content hash: canonical row text, the same on DuckDB and Spark -------------------


def _canon(expr: str, kind: pa.DataType, dialect: Dialect, depth: int = 0) -> str:
    """SQL giving ``expr`` (of Arrow type ``kind``) as unambiguous text, identical on
    both engines: text length-prefixed (``3:abc``), NULL as ``~``, instants as
    microseconds since the epoch, lists as their length and elements, maps as their
    entries sorted by key. Types whose text differs between the engines and that no
    lake table holds (floating point) are refused rather than hashed loosely."""
    duck = dialect == "duckdb"
    var = f"e{depth}"

    def lam(body: str) -> str:
        return f"lambda {var}: {body}" if duck else f"{var} -> {body}"

    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = f"CAST(char_length({expr}) AS {'VARCHAR' if duck else 'STRING'}) || ':' || {expr}"
    elif pa.types.is_boolean(kind):
        text = f"CASE WHEN {expr} THEN 't' ELSE 'f' END"
    elif pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = f"CAST({expr} AS {'VARCHAR' if duck else 'STRING'})"
    elif pa.types.is_floating(kind):
        text = _float_text(expr, dialect)
    elif pa.types.is_timestamp(kind):
        micros = f"epoch_us({expr})" if duck else f"unix_micros(CAST({expr} AS TIMESTAMP))"
        text = f"CAST({micros} AS {'VARCHAR' if duck else 'STRING'})"
    elif pa.types.is_date(kind):
        days = f"date_diff('day', DATE '1970-01-01', {expr})" if duck else f"unix_date({expr})"
        text = f"CAST({days} AS {'VARCHAR' if duck else 'STRING'})"
    elif pa.types.is_map(kind):
        key = _canon(f"{var}.key", kind.key_type, dialect, depth + 1)
        value = _canon(f"{var}.value", kind.item_type, dialect, depth + 1)
        entries = f"list_sort(map_entries({expr}))" if duck else f"array_sort(map_entries({expr}))"
        return _list_text(entries, lam(f"{key} || '=' || {value}"), dialect)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
        item = _canon(var, kind.value_type, dialect, depth + 1)
        return _list_text(expr, lam(item), dialect)
    else:
        raise TnocError(f"lake: no canonical text for a column of type {kind} ({expr})")
    return f"coalesce({text}, '~')"


def _float_text(expr: str, dialect: Dialect) -> str:
    """A floating-point value exactly, as ``[-]M*2^E`` with the integer M in
    [2^52, 2^53): the engines' own text of a double differs (DuckDB's ``1e+20``,
    Java's ``1.0E20``), so each computes the same IEEE 754 binary64 operations instead
    (``log2`` can be one off near a power of two; one correction step makes M land in
    its range). Zero is ``0``, NaN ``nan``, infinities ``inf``; subnormals (under
    2^-970) are not told apart, and no money or measure is one."""
    text = "VARCHAR" if dialect == "duckdb" else "STRING"
    a = f"abs({expr})"
    e0 = f"CAST(floor(log2({a})) AS BIGINT)"
    m0 = f"({a} / pow(2, {e0} - 52))"
    e = (f"({e0} + CASE WHEN {m0} >= 9007199254740992 THEN 1 "
         f"WHEN {m0} < 4503599627370496 THEN -1 ELSE 0 END)")
    m = f"CAST({a} / pow(2, {e} - 52) AS BIGINT)"
    return (f"CASE WHEN {expr} IS NULL THEN NULL WHEN isnan({expr}) THEN 'nan' "
            f"WHEN {a} > 1.7976931348623157e308 THEN CASE WHEN {expr} > 0 THEN 'inf' "
            f"ELSE '-inf' END WHEN {expr} = 0 THEN '0' "
            f"ELSE CASE WHEN {expr} < 0 THEN '-' ELSE '' END || CAST({m} AS {text}) || '*2^' "
            f"|| CAST({e} - 52 AS {text}) END")


def _list_text(items: str, function: str, dialect: Dialect) -> str:
    """A list (or a map's entries) as its length and its elements' text in order."""
    if dialect == "duckdb":
        body = (f"CAST(len({items}) AS VARCHAR) || '[' || "
                f"array_to_string(list_transform({items}, {function}), ',') || ']'")
    else:
        body = (f"CAST(size({items}) AS STRING) || '[' || "
                f"array_join(transform({items}, {function}), ',') || ']'")
    return f"coalesce({body}, '~')"


def row_text_sql(columns: Sequence[tuple[str, pa.DataType]], dialect: Dialect) -> str:
    """The canonical text of a row: its columns' (:func:`_canon`) joined by ``|``, in
    the order given (the manifest's column order, so a reader's column order, such
    as partition columns read last, does not matter)."""
    quote = identifier if dialect == "duckdb" else (lambda n: "`" + n.replace("`", "``") + "`")
    return " || '|' || ".join(_canon(quote(name), kind, dialect) for name, kind in columns)


HASH_PREFIX = 3
"""Row hashes are grouped by their first 3 hex digits (4,096 groups): each group's
sorted hashes are digested where they lie, in parallel, and only the groups' digests
meet in one place (a billion rows: 4,096 lines, not a billion)."""

def _digest(columns: Sequence[str], groups: Sequence[tuple[str, int, str]]) -> str:
    """SHA-256 over the format, the column names and, group by group in order, the
    group (a row-hash prefix), its rows and the SHA-256 of its sorted row hashes (each
    followed by a newline): a Merkle tree of depth two over the sorted row hashes, so
    no engine's file or partition layout enters it."""
    digest = sha256(f"{FORMAT}\n{','.join(columns)}\n".encode())
    for group, rows, group_digest in sorted(groups):
        digest.update(f"{group} {rows} {group_digest}\n".encode("ascii"))
    return digest.hexdigest()


def content_hash(con: duckdb.DuckDBPyConnection, relation: str,
                 columns: Sequence[tuple[str, pa.DataType]]) -> str:
    """The content hash of ``relation`` (a table, view or ``read_parquet(...)`` text) on
    DuckDB: see the module's docstring; ``columns`` name and type the columns hashed.
    One machine: the row hashes are sorted by DuckDB and streamed here, each group
    digested as its hashes pass (faster than DuckDB's ordered ``string_agg`` per group,
    measured on the demo case: 38 s against 65 s for 4.3M statements under load 14)."""
    row = row_text_sql(columns, "duckdb")
    result = con.sql(f"SELECT sha256({row}) AS h FROM {relation} ORDER BY h")
    # DuckDB 2's to_arrow_reader, 1.x's fetch_arrow_reader: the sorted hashes streamed
    fetch = getattr(result, "to_arrow_reader", None) or result.fetch_arrow_reader
    groups: list[tuple[str, int, str]] = []
    current, rows, digest = "", 0, sha256()
    for batch in fetch(1_000_000):
        for group, hashes in groupby(batch.column(0).to_pylist(),
                                     key=lambda h: str(h)[:HASH_PREFIX]):
            if group != current:
                if rows:
                    groups.append((current, rows, digest.hexdigest()))
                current, rows, digest = group, 0, sha256()
            chunk = list(hashes)
            rows += len(chunk)
            digest.update(("\n".join(chunk) + "\n").encode("ascii"))
    if rows:
        groups.append((current, rows, digest.hexdigest()))
    return _digest([c for c, _ in columns], groups)


def spark_content_hash(frame: DataFrame,
                       columns: Sequence[tuple[str, pa.DataType]] | None = None) -> str:
    """:func:`content_hash` of a Spark DataFrame: the same row text and groups, hashed
    by Spark's executors; the driver receives one row per group. ``columns``: by default
    the frame's, in its order, with the Arrow types Spark gives them."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import to_arrow_schema

    if columns is None:
        columns = [(f.name, f.type) for f in to_arrow_schema(frame.schema, timezone="UTC")]
    hashed = frame.select(F.sha2(F.expr(row_text_sql(columns, "spark")), 256).alias("h"))
    grouped = (hashed.groupBy(F.substring("h", 1, HASH_PREFIX).alias("g"))
               .agg(F.count("*").alias("n"),
                    F.sha2(F.concat(F.array_join(F.array_sort(F.collect_list("h")),
                                                 "\n"), F.lit("\n")), 256).alias("d")))
    groups = [(str(r["g"]), int(r["n"]), str(r["d"])) for r in grouped.collect()]
    return _digest([c for c, _ in columns], groups)


# --- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LakeWritten:
    """What :func:`write_lake` wrote: the manifest and the ledger entry sealing it."""

    folder: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    entry_hash: str


def columns_of(con: duckdb.DuckDBPyConnection, relation: str
               ) -> list[tuple[str, pa.DataType]]:
    """The columns of ``relation`` on DuckDB, with their Arrow types (what
    :func:`content_hash` takes)."""
    schema = query_arrow(con, f"SELECT * FROM {relation} LIMIT 0").schema
    return [(f.name, f.type) for f in schema]


def copy_table(con: duckdb.DuckDBPyConnection, table: LakeTable, folder: Path,
               case_root: Path, hashed: bool = True) -> dict[str, Any]:
    """COPY one table into ``folder/NAME/``; its manifest part (files relative to the
    lake's folder ``folder``; a held source's files by their path in the case
    ``case_root``, :func:`_held_part`), with its content hash unless not ``hashed``
    (Spark computes it: :mod:`tnoc.store.lake_spark`)."""
    source = table_relation(con, table)
    columns = columns_of(con, source)
    if table.partition_by == BUCKET:
        select = (f"SELECT *, {BUCKET_SQL.format(key=identifier(table.key))} AS {BUCKET} "
                  f"FROM {source}")
    else:
        select = f"SELECT * FROM {source}"
    target = folder / table.name
    # the folder is a bound parameter (a case path may hold quotes); the rest are this
    # module's constants
    if table.partition_by is None:
        target.mkdir()
        con.execute(f"COPY ({select} ORDER BY {identifier(table.key)}) TO $target "
                    "(FORMAT parquet, COMPRESSION zstd)",
                    {"target": str(target / "part-0.parquet")})
    elif con.execute(f"SELECT count(*) FROM (SELECT * FROM {source} LIMIT 1)"
                     ).fetchall()[0][0]:
        con.execute(f"COPY ({select}) TO $target (FORMAT parquet, COMPRESSION zstd, "
                    f"PARTITION_BY ({identifier(table.partition_by)}))",
                    {"target": str(target)})
    else:  # no partition to write: one file of no rows, so readers still find the columns
        target.mkdir()
        con.execute(f"COPY ({select}) TO $target (FORMAT parquet)",
                    {"target": str(target / "empty.parquet")})
    part = table_part(con, table, folder, columns)
    if table.name == "statements":
        part["held"] = _held_part(con, case_root)
        part["rows"] += sum(int(f["rows"]) for f in part["held"])
    if hashed:
        # the content as the lake holds it, read back from the files just written (and
        # the held files in place): what a reader of the lake reads, and cheaper than
        # the view again (the entities' aggregate over every statement: 21 s of 69 at
        # 9M statements)
        part["content_sha256"] = content_hash(
            con, f"({_lake_select(folder, table.name, part, case_root)})", columns)
    return part


def table_part(con: duckdb.DuckDBPyConnection, table: LakeTable, folder: Path,
               columns: Sequence[tuple[str, pa.DataType]]) -> dict[str, Any]:
    """The manifest part of ``table`` as written under ``folder/NAME/`` (by DuckDB or
    Spark): how it is partitioned, its columns (``columns``, the case's types), and
    each Parquet file with its SHA-256, bytes and rows (read from the files' footers);
    no content hash yet."""
    rows = {Path(str(name)).resolve(): int(n) for name, n in con.execute(
        "SELECT file_name, num_rows FROM parquet_file_metadata($glob)",
        {"glob": _parquet_glob(folder, table.name)}).fetchall()}
    files = []
    for path in sorted(rows):
        digest, size = file_sha256(path)
        files.append({"file": path.relative_to(folder.resolve()).as_posix(), "sha256": digest,
                      "bytes": size, "rows": rows[path]})
    return {
        "source": table.source, "partition_by": table.partition_by,
        **({"bucket": BUCKET_SQL.format(key=table.key)} if table.partition_by == BUCKET
           else {}),
        **({"part_of": table.part_of} if table.part_of else {}),
        "columns": [{"name": n, "type": str(t)} for n, t in columns],
        "rows": sum(rows.values()), "files": files}


def _held_part(con: duckdb.DuckDBPyConnection, case_root: Path) -> list[dict[str, Any]]:
    """The held sources' statement files the lake reads in place, as the store lists
    them (path in the case, SHA-256, bytes, rows, source), each re-hashed first: the
    manifest seals what is there, and a file changed behind the store's back is
    refused, not sealed into the lake.

    Raises:
        TnocError: a listed file missing or not as the store lists it.
    """
    from tnoc.store.held import held_files

    listed = []
    for held in held_files(con, kind="statements"):
        path = case_root / held.path
        found = file_sha256(path)[0] if held.sound and path.is_file() else None
        if found != held.sha256:
            raise TnocError(f"{path}: a held statement file is "
                            f"{'missing' if found is None else 'changed'} (the store "
                            f"lists sha256 {held.sha256}); 'tnoc verify "
                            f"{case_root}' names what changed; no lake was written")
        listed.append({"file": held.path, "source_id": held.source_id,
                       "sha256": held.sha256, "bytes": held.bytes, "rows": held.rows})
    return listed


def write_lake(case: Case, progress: Callable[[str], None] | None = None,
               spark: SparkSession | None = None) -> LakeWritten:
    """Write ``CASE/lake`` (see the module) and seal its manifest in the ledger; an
    earlier lake is replaced. Whole or not at all: a failure leaves the earlier lake
    (or none) and no ledger entry.

    With ``spark`` (``tnoc case lake --engine spark``): DuckDB copies out what only the
    store holds (the stored statements, the held parts, the stored transfers), and
    Spark computes the ``entities`` and ``edges`` from the lake's statements and every
    table's content hash, with the case closed; a short transaction then seals it
    unless the case changed meanwhile (:func:`tnoc.store.lake_spark.write_on_spark`).
    The same lake, to its content hashes, as on DuckDB.

    Raises:
        TnocError: a held file not as listed; with Spark, a case that changed while
            Spark ran (:func:`lake_state`: nothing written).
    """
    say = progress or (lambda _m: None)
    final = case.root / LAKE
    partial = case.scratch / f"lake-{uuid.uuid4().hex[:12]}"
    aside = case.root / f".{LAKE}-replaced-{uuid.uuid4().hex[:12]}"
    partial.mkdir(parents=True)
    try:
        if spark is None:
            with case.transaction() as con:
                tables: dict[str, Any] = {}
                for table in lake_tables(con):
                    say(f"lake: writing {table.name}")
                    tables[table.name] = copy_table(con, table, partial, case.root)
                written = _seal(con, case, partial, aside, tables, {"engine": "duckdb"})
        else:
            from tnoc.store.lake_spark import write_on_spark

            tables, state = write_on_spark(case, spark, partial, say)
            say("lake: sealing")
            with case.transaction() as con:
                if lake_state(con) != state:  # the lake would not be the case
                    master = shlex.quote(str(spark.sparkContext.master))
                    raise TnocError(
                        "the case changed while Spark wrote its lake (an intake, a "
                        "destruction, an analysis's findings or a judgement); nothing "
                        f"was written; run it again: {lake_command(case.root)} "
                        f"--engine spark --spark-master {master}")
                written = _seal(con, case, partial, aside, tables,
                                {"engine": "spark", "master": str(spark.sparkContext.master)})
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        if aside.exists() and not final.exists():
            aside.rename(final)  # the transaction rolled back: the earlier lake stays
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return written


def lake_state(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """What the lake's content depends on, read in milliseconds, to compare before and
    after Spark writes it with the case closed: each source with its statement count
    (an intake, a replacement, an analysis's findings: each a source of its own), the
    held files listed with their SHA-256, the last judgement (merges change the
    entities) and the last intake or destruction in the ledger (an erasure, a
    replacement of the same size); by sequence numbers, not clocks."""
    from tnoc.store.held import held_files

    sources = con.execute("SELECT source_id, statements FROM sources ORDER BY source_id"
                          ).fetchall()
    judged = con.execute("SELECT coalesce(max(seq), 0) FROM judgements").fetchall()[0][0] \
        if has_table(con, "judgements") else 0
    events = con.execute("SELECT coalesce(max(seq), 0) FROM custody_events WHERE "
                         "event_type IN ('acquired', 'destroyed')").fetchall()[0][0]
    return (tuple(sources), tuple(sorted((f.path, f.sha256) for f in held_files(con))),
            judged, events)


def _seal(con: duckdb.DuckDBPyConnection, case: Case, partial: Path, aside: Path,
          tables: dict[str, Any], written_by: dict[str, str]) -> LakeWritten:
    """Write the manifest of the lake written in ``partial``, seal it by a ledger entry
    (``written_by``: the engine, and Spark's master) and move the lake into place, an
    earlier one aside to ``aside`` (in the caller's transaction; :func:`write_lake`
    removes the one set aside once it committed)."""
    final = case.root / LAKE
    manifest = {"format": FORMAT, "case_id": case.case_id,
                "written_at": datetime.now(UTC).isoformat(), "tables": tables}
    payload = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    (partial / MANIFEST).write_bytes(payload)
    digest = sha256(payload).hexdigest()
    entry = record_event(con, CustodyEvent(
        event_type="sealed", item_id=LAKE_ITEM, item_sha256=digest,
        purpose="lake mode: the case's large tables as partitioned Parquet",
        method=("tnoc case lake (DuckDB COPY, hive partitions; sha256 per file, content "
                "hash over sorted row hashes)" if written_by["engine"] == "duckdb" else
                "tnoc case lake --engine spark (DuckDB COPY of the stored tables; "
                "entities, edges and every content hash on Spark; hive partitions; "
                "sha256 per file)"),
        hash_after=digest,
        details={"manifest": f"{LAKE}/{MANIFEST}", "manifest_sha256": digest, **written_by,
                 "tables": {n: {"rows": t["rows"], "files": len(t["files"]),
                                "content_sha256": t["content_sha256"]}
                            for n, t in tables.items()}}))
    if final.exists():
        final.rename(aside)
    try:
        partial.rename(final)
    except OSError:
        if aside.exists():
            aside.rename(final)
        raise
    return LakeWritten(final, manifest, digest, entry)


# --- reading ----------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the lake in ``folder`` (``CASE/lake``)."""
    path = folder / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TnocError(f"{path}: no lake manifest ({exc}); write the lake with "
                        "'tnoc case lake'") from exc
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise TnocError(f"{path}: not a {FORMAT} manifest")
    return found


def _parquet_glob(folder: Path, name: str) -> str:
    """Every Parquet file of table ``name``: the case's path escaped (a case folder
    ``ops*`` is no pattern, :func:`tnoc.store.sql.glob_literal`), the files a glob."""
    return glob_literal(folder / name) + "/**/*.parquet"


def _held_listed(folder: Path, part: dict[str, Any], case_root: Path | None = None
                 ) -> list[Path]:
    """The held statement files a lake table's manifest ``part`` names (read in place),
    in the case whose lake is ``folder`` (or in ``case_root``, while the lake is
    written in scratch); only paths a held file may have
    (:data:`tnoc.store.held.HELD_PATH`): a forged manifest reads nothing outside."""
    from tnoc.store.held import HELD_PATH

    files = []
    for entry in part.get("held", []):
        name = str(entry["file"])
        if not HELD_PATH.fullmatch(name):
            raise TnocError(f"{folder / MANIFEST}: {name!r} is not a held statement "
                            "file's path (held/SOURCE/NAME.parquet)")
        path = (case_root or folder.parent) / name
        if not path.is_file():
            raise TnocError(f"{folder}: the lake reads {name} in place, which the case "
                            "no longer holds (its source taken in again since, or the "
                            f"lake copied away from its case); write it again with "
                            f"'{lake_command(case_root or folder.parent)}'")
        files.append(path)
    return files


def _lake_select(folder: Path, name: str, part: dict[str, Any],
                 case_root: Path | None = None) -> str:
    """A SELECT of table ``name`` of the lake in ``folder`` (its manifest ``part``),
    with the case's columns: its files (the partition column read from the path as
    text, the bucket left out) and, for the statements, the held sources' files read
    in place through the ``statements`` view's own SELECT over the lake's copy of
    their sources and merges (:data:`HELD_PARTS`)."""
    from tnoc.store.held import held_rows
    from tnoc.store.schema import statements_select

    def rows(table: str, columns: str) -> str:
        # the glob is this function's own text from the case's path: quoted as a literal
        return (f"SELECT {columns} FROM read_parquet({literal(_parquet_glob(folder, table))}, "
                "hive_partitioning = true, hive_types_autocast = false)")

    select = rows(name, ", ".join(identifier(c["name"]) for c in part["columns"]))
    held = _held_listed(folder, part, case_root)
    if held:
        merges = f"({rows('held_merges', 'entity_id, merged_into')})"
        select += " UNION ALL " + statements_select(
            f"({held_rows(held, merges=merges)})",
            f"({rows('held_sources', HELD_SOURCE_COLUMNS)})")
    return select


def duckdb_lake_views(con: duckdb.DuckDBPyConnection, folder: Path,
                      prefix: str = "lake_") -> dict[str, str]:
    """Temporary views ``lake_statements`` ... over the lake in ``folder``
    (:func:`_lake_select`: the held sources' statements read from their files in
    place); returns table -> view name."""
    manifest = read_manifest(folder)
    views = {}
    for name, part in manifest["tables"].items():
        if part.get("part_of"):
            continue
        view = f"{prefix}{name}"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {identifier(view)} AS "
                    f"{_lake_select(folder, name, part)}")
        views[name] = view
    return views


def spark_lake_frames(spark: SparkSession, folder: Path) -> dict[str, DataFrame]:
    """The lake's tables as Spark DataFrames read natively from its Parquet (partition
    columns as text, not inferred: a bucket ``7`` is not a number), with the columns of
    the case's tables in the manifest's order. The statements of held sources are read
    natively from their files in place, through the ``statements`` view's SELECT
    (transpiled) over the lake's copy of their sources and merges, as on DuckDB
    (:func:`duckdb_lake_views`)."""
    tables = read_manifest(folder)["tables"]
    return {name: frame for name, frame in spark_table_frames(spark, folder, tables).items()
            if not tables[name].get("part_of")}


def spark_table_frames(spark: SparkSession, folder: Path, tables: dict[str, Any],
                       case_root: Path | None = None) -> dict[str, DataFrame]:
    """:func:`spark_lake_frames` of the manifest's ``tables`` (parts), the held parts
    (``held_sources``, ``held_merges``) too; ``case_root`` the case whose held files
    are read while the lake is written in scratch (:func:`_held_listed`)."""
    from tnoc.store.engine import spark_path

    frames = {}
    key = "spark.sql.sources.partitionColumnTypeInference.enabled"
    before = spark.conf.get(key)
    spark.conf.set(key, "false")
    try:
        for name, part in tables.items():
            frame = spark.read.option("basePath", str(folder / name)).parquet(
                spark_path(folder / name))
            frames[name] = frame.select(*[c["name"] for c in part["columns"]])
        for name, part in tables.items():
            held = _held_listed(folder, part, case_root)
            if held:
                frames[name] = frames[name].unionByName(
                    _spark_held_statements(spark, held, frames))
    finally:
        spark.conf.set(key, before or "true")
    return frames


def _spark_held_statements(spark: SparkSession, files: Sequence[Path],
                           frames: dict[str, DataFrame]) -> DataFrame:
    """The held ``files``' statements on Spark as the ``statements`` view's columns:
    the view's own SELECT (:func:`tnoc.store.schema.statements_select`, transpiled by
    :func:`tnoc.store.spark_dialect.to_spark`) over the files read natively, joined to
    the lake's ``held_merges`` and ``held_sources``. Its helper views are dropped once
    the frame is analysed (a DataFrame keeps its resolved plan)."""
    from tnoc.store.engine import spark_path
    from tnoc.store.held import HELD_COLUMNS
    from tnoc.store.schema import statements_select
    from tnoc.store.spark_dialect import to_spark

    token = uuid.uuid4().hex[:12]
    store, sources, merges = (f"tnoc_held_{n}_{token}" for n in ("store", "sources",
                                                                   "merges"))
    try:
        read = spark.read.parquet(*[spark_path(f) for f in files]).select(*HELD_COLUMNS)
        read.createOrReplaceTempView(f"{store}_files")
        frames["held_merges"].createOrReplaceTempView(merges)
        frames["held_sources"].createOrReplaceTempView(sources)
        rest = ", ".join(f"h.{c}" for c in HELD_COLUMNS[1:])
        spark.sql(f"SELECT h.entity_id, m.merged_into, {rest} FROM {store}_files h "
                  f"LEFT JOIN {merges} m ON m.entity_id = h.entity_id"
                  ).createOrReplaceTempView(store)
        return spark.sql(to_spark(statements_select(store, sources)))
    finally:
        from tnoc.store.spark_interrupt import jvm_stopped

        for view in (store, f"{store}_files", merges, sources) if not jvm_stopped() else ():
            spark.catalog.dropTempView(view)  # none left on a JVM Ctrl-C stopped


# --- verification ---------------------------------------------------------------------


def sealed_manifest(con: duckdb.DuckDBPyConnection) -> tuple[int, str] | None:
    """The last ledger entry sealing a lake: (seq, manifest sha256), else None."""
    rows = con.execute("SELECT seq, item_sha256 FROM custody_events WHERE event_type = "
                       "'sealed' AND item_id = $item ORDER BY seq DESC LIMIT 1",
                       {"item": LAKE_ITEM}).fetchall()
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def lake_command(root: Path) -> str:
    """The command that writes ``root``'s lake (anew), as one copies it to a shell."""
    import shlex

    return f"tnoc case lake --case {shlex.quote(str(root))}"


def check_lake(root: Path, con: duckdb.DuckDBPyConnection
               ) -> tuple[list[tuple[str, str]], list[str]]:
    """The case's lake against the manifest its last ``sealed`` entry sealed:
    (problems as (ref, message), warnings). The manifest's hash, then every file it
    lists (present, same SHA-256), then any Parquet file it does not list; a warning
    when the case changed since in a way the lake does not show (:func:`_staleness`:
    sources taken in or destroyed, judgements made), naming the command that writes it
    anew. No lake and none sealed: nothing to check; a sealed lake since removed: a
    warning (it is a derived copy, rewritten by ``tnoc case lake``)."""
    folder = root / LAKE
    again = f"'{lake_command(root)}' writes it again"
    sealed = sealed_manifest(con)
    problems: list[tuple[str, str]] = []
    if not folder.exists():
        return [], ([f"lake sealed by ledger entry {sealed[0]} is not in the case (removed; "
                     f"{again})"] if sealed else [])
    if sealed is None:
        return [(f"{LAKE}/", "a lake no ledger entry sealed (written behind the ledger's "
                 "back, or copied in from elsewhere)")], []
    seq, digest = sealed
    path = folder / MANIFEST
    if not path.is_file():
        return [(f"{LAKE}/{MANIFEST}", f"missing (sealed by ledger entry {seq})")], []
    actual = file_sha256(path)[0]
    if actual != digest:
        problems.append((f"{LAKE}/{MANIFEST}", f"sha256 {actual}, ledger entry {seq} "
                         f"sealed {digest}: the manifest changed"))
    try:
        manifest = read_manifest(folder)
    except TnocError as exc:
        return [*problems, (f"{LAKE}/{MANIFEST}", str(exc))], []
    listed: set[str] = set()
    warnings: list[str] = []
    for part in manifest.get("tables", {}).values():
        found_held, gone = _check_held_part(root, con, part)
        problems += found_held
        warnings += [f"lake sealed by ledger entry {seq} reads {name} in place, which "
                     "the case no longer holds (its source was taken in again since): "
                     "the lake cannot be read until it is written anew" for name in gone]
        for entry in part.get("files", []):
            name = str(entry["file"])
            listed.add(name)
            file = folder / name
            if not file.is_file():
                problems.append((f"{LAKE}/{name}", "missing (listed in the sealed manifest)"))
                continue
            found = file_sha256(file)[0]
            if found != entry["sha256"]:
                problems.append((f"{LAKE}/{name}", f"sha256 {found}, the sealed manifest "
                                 f"lists {entry['sha256']}: the file changed"))
    for file in sorted(folder.rglob("*")):
        name = file.relative_to(folder).as_posix()
        if file.is_file() and name != MANIFEST and name not in listed:
            problems.append((f"{LAKE}/{name}", "not in the sealed manifest (a file added "
                             "to the lake)"))
    written = datetime.fromisoformat(str(manifest.get("written_at")))
    return problems, [f"{w} ({again})" for w in warnings + _staleness(con, seq, written)]


def _check_held_part(root: Path, con: duckdb.DuckDBPyConnection, part: dict[str, Any]
                     ) -> tuple[list[tuple[str, str]], list[str]]:
    """The held statement files a lake table's manifest ``part`` reads in place,
    against it: (problems, names of files gone because the case no longer lists them).
    A file the store still lists but which is missing or changed is a problem (``tnoc
    verify`` names it as a held file too); one the case retired (its source taken in
    again with ``--replace``; an erasure removes the lake itself) leaves a lake that
    cannot be read until it is written anew, but the case whole: a warning, as a
    sealed lake since removed is."""
    from tnoc.store.held import HELD_PATH, held_files

    problems: list[tuple[str, str]] = []
    gone: list[str] = []
    entries = part.get("held", [])
    listed = {f.path for f in held_files(con, kind="statements")} if entries else set()
    for entry in entries:
        name = str(entry.get("file"))
        if not HELD_PATH.fullmatch(name):
            problems.append((f"{LAKE}/{MANIFEST}", f"names {name!r} as a held statement "
                             "file: not such a file's path (held/SOURCE/NAME.parquet)"))
            continue
        file = root / name
        if not file.is_file():
            if name in listed:
                problems.append((name, "missing (read in place by the sealed lake, and "
                                 "listed by the store)"))
            else:
                gone.append(name)
            continue
        found = file_sha256(file)[0]
        if found != entry.get("sha256"):
            problems.append((name, f"sha256 {found}, the sealed lake manifest lists "
                             f"{entry.get('sha256')}: the file changed"))
    return problems, gone


def _staleness(con: duckdb.DuckDBPyConnection, seq: int, written: datetime) -> list[str]:
    """What the case did after its lake was sealed (ledger entry ``seq``) or written
    (``written``) that the lake does not show: sources taken in or destroyed, and
    judgements (merges, splits, undos: the lake keeps each statement's ``merged_into``
    as it was). The lake is intact, but Spark reading it would compute on an old case
    (:func:`tnoc.store.case_engine.lake_for_spark` refuses it): the analyst's to act
    on, not a failure of the case."""
    stale: list[str] = []
    later = con.execute("SELECT count(*) FROM custody_events WHERE seq > $seq AND "
                        "event_type IN ('acquired', 'destroyed')", {"seq": seq}).fetchall()
    count = int(later[0][0])
    if count:
        stale.append(f"lake sealed by ledger entry {seq} predates {count:,} later intake "
                     f"or destruction {'entry' if count == 1 else 'entries'}: it is intact "
                     "but not the whole case now")
    if has_table(con, "judgements"):
        judged = int(con.execute("SELECT count(*) FROM judgements WHERE created_at > $at",
                                 {"at": written}).fetchall()[0][0])
        if judged:
            stale.append(f"lake written at {written.isoformat()}, before {judged:,} later "
                         f"{'judgement' if judged == 1 else 'judgements'} (merges, splits "
                         "or undos) changed the case's entities: it is intact but not the "
                         "case as it is now")
    return stale


def remove_lake(root: Path) -> bool:
    """Delete the case's lake (after an erasure its copy of the erased values must go);
    whether there was one."""
    folder = root / LAKE
    if not folder.exists():
        return False
    aside = root / f".{LAKE}-removed-{uuid.uuid4().hex[:12]}"
    folder.rename(aside)
    with suppress(OSError):
        shutil.rmtree(aside)
    return True
