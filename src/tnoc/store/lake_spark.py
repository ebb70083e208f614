"""The lake written with Spark: ``tnoc case lake --engine spark`` (issue #27, item 2).

DuckDB's part is what only the store holds: on a read-only connection (a snapshot of
the case), it copies the stored statements, the held sources' columns and merges,
and the stored transfers out of the case's DuckDB file
(:func:`tnoc.store.lake.copy_table`); held statement files are named, not copied.
Spark's part is what grows with the whole case, and runs with the case closed (other
commands may use it meanwhile, as with every stage on Spark):

- the ``entities`` and ``edges`` tables, computed from the lake's statements read
  natively (the stored ones just written, the held files in place) by the store's own
  view SELECTs (:data:`tnoc.store.schema.ENTITIES_SELECT`, :data:`EDGES_SELECT`,
  transpiled by :func:`tnoc.store.spark_dialect.to_spark`) and written by its workers,
  bucketed as DuckDB buckets them (``md5`` on both);
- every table's content hash (:func:`tnoc.store.lake.spark_content_hash`), over the
  files as written: the row hashes grouped and digested by the executors, one row per
  group to the driver.

:func:`tnoc.store.lake.write_lake` then seals the lake in a short transaction, unless
the case changed after the snapshot (:func:`tnoc.store.lake.lake_state`: an intake, a
destruction, an analysis's findings, a judgement; the sealed lake would not be the
case it claims to be): then nothing is written.

So a case whose entities do not fit one DuckDB host's memory and time is aggregated
where the statements lie. The lake is the same, to its content hashes, whichever
engine wrote it (tests/test_lake.py compares the two); only its file layout differs,
which no hash covers. The small tables the views join (``schemata``, the compartments'
entities) go from the store to Spark as Arrow.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tnoc.query_results import query_arrow
from tnoc.store.engine import parquet_writer
from tnoc.store.lake import (
    BUCKET,
    BUCKET_SQL,
    LakeTable,
    columns_of,
    copy_table,
    lake_state,
    lake_tables,
    spark_content_hash,
    spark_table_frames,
    table_part,
    table_relation,
)
from tnoc.store.spark_interrupt import jvm_stopped

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from tnoc.store.case import Case

__all__ = ["SPARK_DERIVED", "write_on_spark"]

SPARK_DERIVED = ("entities", "edges")
"""The lake's tables Spark computes from the lake's statements with ``--engine spark``."""
SMALL_TABLES = ("schemata", "compartment_entities")
"""The store's tables the views join besides the statements: sent to Spark as Arrow
(hundreds of rows; a compartment holds citizen reporters, not a case's bulk)."""
LEFT_BY_SPARK = ("_SUCCESS",)
"""Files Spark's committer leaves beside the Parquet that are no part of the lake;
:func:`_tidy` removes them and the checksum files (``.NAME.crc``) Hadoop's local file
system writes beside each."""
Columns = list[tuple[str, pa.DataType]]


def write_on_spark(case: Case, spark: SparkSession, folder: Path,
                   say: Callable[[str], None]) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Write ``case``'s lake into ``folder`` (scratch) with ``spark``: the stored
    tables copied by DuckDB on a read-only connection, then, with the case closed,
    the derived tables (:data:`SPARK_DERIVED`) and every content hash on Spark.
    Returns the manifest's tables and the state of the case they were copied from
    (:func:`tnoc.store.lake.lake_state`), for :func:`tnoc.store.lake.write_lake` to
    compare before sealing."""
    with case.connect(read_only=True) as con:
        state = lake_state(con)
        tables: dict[str, Any] = {}
        columns: dict[str, Columns] = {}
        derived: list[LakeTable] = []
        for table in lake_tables(con):
            columns[table.name] = columns_of(con, table_relation(con, table))
            if table.name in SPARK_DERIVED:
                derived.append(table)
                continue
            say(f"lake: writing {table.name}")
            tables[table.name] = copy_table(con, table, folder, case.root, hashed=False)
        small = {name: query_arrow(con, f"SELECT * FROM {name}") for name in SMALL_TABLES}
    statements = spark_table_frames(spark, folder, tables, case.root)["statements"]
    footers = duckdb.connect()  # reads the written files' footers, not the case
    try:
        for table in derived:
            say(f"lake: computing {table.name} on spark")
            tables[table.name] = _derived(spark, footers, table, folder, statements,
                                          columns[table.name], small)
    finally:
        footers.close()
    frames = spark_table_frames(spark, folder, tables, case.root)
    for name, part in tables.items():
        say(f"lake: content hash of {name} on spark")
        part["content_sha256"] = spark_content_hash(frames[name], columns[name])
    return tables, state


def _derived_select(name: str) -> str:
    """The store view's SELECT of derived table ``name`` (``entities``, ``edges``)."""
    from tnoc.store.schema import EDGES_SELECT, ENTITIES_SELECT

    return {"entities": ENTITIES_SELECT, "edges": EDGES_SELECT}[name]


def _derived_frame(spark: SparkSession, name: str, statements: DataFrame,
                   small: dict[str, pa.Table]) -> DataFrame:
    """Derived table ``name`` on Spark over ``statements`` (the lake's): the tables its
    SELECT reads (``statements``, ``schemata``, ``compartment_entities``,
    ``entity_properties``, ``canonical_map``) as temporary views of this call's own
    names (the store's names would replace, then drop, a caller's views of those names
    in a shared session), dropped once the frame is analysed (a DataFrame keeps its
    resolved plan)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from tnoc.store.case_engine import CANONICAL_MAP
    from tnoc.store.schema import ENTITY_PROPERTIES_SELECT
    from tnoc.store.spark_dialect import to_spark

    token = uuid.uuid4().hex[:12]
    names = {table: f"tnoc_lake_{table}_{token}" for table in (
        "statements", *small, "entity_properties", "canonical_map")}
    made: list[str] = []
    try:
        statements.createOrReplaceTempView(names["statements"])
        made.append(names["statements"])
        for table, rows in small.items():
            # the schema given: a table of no rows (compartment_entities mostly) keeps
            # its columns' types
            spark.createDataFrame(rows, schema=from_arrow_schema(rows.schema)
                                  ).createOrReplaceTempView(names[table])
            made.append(names[table])
        for view, select in (("entity_properties", ENTITY_PROPERTIES_SELECT),
                             ("canonical_map", CANONICAL_MAP)):
            spark.sql(_renamed(to_spark(select), names)).createOrReplaceTempView(names[view])
            made.append(names[view])
        return spark.sql(_renamed(to_spark(_derived_select(name)), names))
    finally:
        for view in made if not jvm_stopped() else ():  # none left on a dead JVM
            spark.catalog.dropTempView(view)


def _renamed(sql: str, names: dict[str, str]) -> str:
    """Spark SQL ``sql`` reading table ``t`` from view ``names[t]`` instead (a table
    named without a database; a CTE of the same name would be renamed too, and none of
    the SELECTs read here has one)."""
    import sqlglot
    from sqlglot import exp

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and not node.db and node.name in names:
            return exp.Table(this=exp.to_identifier(names[node.name]),
                             alias=node.args.get("alias"))
        return node

    return sqlglot.parse_one(sql, read="spark").transform(rename).sql(dialect="spark")


def _derived(spark: SparkSession, footers: duckdb.DuckDBPyConnection, table: LakeTable,
             folder: Path, statements: DataFrame, columns: Columns,
             small: dict[str, pa.Table]) -> dict[str, Any]:
    """Compute ``table`` (:data:`SPARK_DERIVED`) on Spark from ``statements`` (those of
    the lake being written in ``folder``, held files read in place), write it under
    ``folder/NAME/bucket=X/`` and return its manifest part (its ``columns``: the
    store's view's; no content hash yet; ``footers`` reads the files' row counts)."""
    from pyspark.sql import functions as F

    from tnoc.store.spark_dialect import to_spark

    frame = _derived_frame(spark, table.name, statements, small)
    target = folder / table.name
    bucketed = frame.withColumn(BUCKET, F.expr(to_spark(BUCKET_SQL.format(key=table.key))))
    key = "spark.sql.parquet.outputTimestampType"
    before = spark.conf.get(key, None)
    # instants as DuckDB writes them (INT64 microseconds, UTC), not Spark's INT96
    spark.conf.set(key, "TIMESTAMP_MICROS")
    try:
        parquet_writer(bucketed).partitionBy(BUCKET).parquet(str(target))
    finally:
        if before is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, before)
    _tidy(target)
    if not any(target.rglob("*.parquet")):
        # no rows, so no partition: one file of no rows, as DuckDB writes, so that
        # readers still find the columns (Spark writes none for an empty frame)
        target.mkdir(parents=True, exist_ok=True)
        schema = pa.schema([*(pa.field(n, t) for n, t in columns), (BUCKET, pa.string())])
        pq.write_table(schema.empty_table(), target / "empty.parquet")
    return table_part(footers, table, folder, columns)


def _tidy(target: Path) -> None:
    """Remove what Spark's committer leaves beside the Parquet (:data:`LEFT_BY_SPARK`,
    checksum files): the lake lists every file it holds, and verify names any other."""
    for path in sorted(target.rglob("*")):
        if path.is_file() and (path.name in LEFT_BY_SPARK or path.name.endswith(".crc")):
            path.unlink()
