"""The lake written with Spark: ``tnoc case lake --engine spark`` (issue #27, item 2).

DuckDB's part is what only the store holds: it copies the stored statements, the
held sources' columns and merges, and the stored transfers out of the case's DuckDB
file (:func:`tnoc.store.lake.write_lake`); held statement files are named, not copied.
Spark's part is what grows with the whole case:

- the ``entities`` and ``edges`` tables, computed from the lake's statements read
  natively (the stored ones just written, the held files in place) by the store's own
  view SELECTs (:data:`tnoc.store.schema.ENTITIES_SELECT`, :data:`EDGES_SELECT`,
  transpiled by :func:`tnoc.store.spark_dialect.to_spark`) and written by its workers,
  bucketed as DuckDB buckets them (``md5`` on both);
- every table's content hash (:func:`tnoc.store.lake.spark_content_hash`), over the
  files as written: the row hashes grouped and digested by the executors, one row per
  group to the driver.

So a case whose entities do not fit one DuckDB host's memory and time is aggregated
where the statements lie. The lake is the same, to its content hashes, whichever
engine wrote it (tests/test_lake.py compares the two); only its file layout differs,
which no hash covers. The small tables the views join (``schemata``, the compartments'
entities) go from the store to Spark as Arrow.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tnoc.query_results import query_arrow
from tnoc.store.engine import HELD_ROW_GROUP
from tnoc.store.lake import (
    BUCKET,
    BUCKET_SQL,
    LakeTable,
    columns_of,
    spark_content_hash,
    spark_table_frames,
    table_part,
    table_relation,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SPARK_DERIVED", "spark_derived", "spark_hash"]

SPARK_DERIVED = ("entities", "edges")
"""The lake's tables Spark computes from the lake's statements with ``--engine spark``."""
SMALL_TABLES = ("schemata", "compartment_entities")
"""The store's tables the views join besides the statements: sent to Spark as Arrow
(hundreds of rows; a compartment holds citizen reporters, not a case's bulk)."""
LEFT_BY_SPARK = ("_SUCCESS",)
"""Files Spark's committer leaves beside the Parquet that are no part of the lake (the
checksum files ``.NAME.crc`` of Hadoop's local file system too)."""


def _derived_select(name: str) -> str:
    """The store view's SELECT of derived table ``name`` (``entities``, ``edges``)."""
    from tnoc.store.schema import EDGES_SELECT, ENTITIES_SELECT

    return {"entities": ENTITIES_SELECT, "edges": EDGES_SELECT}[name]


def _derived_frame(spark: SparkSession, con: duckdb.DuckDBPyConnection, name: str,
                   statements: DataFrame) -> DataFrame:
    """Derived table ``name`` on Spark over ``statements`` (the lake's): the views it
    reads (``statements``, ``schemata``, ``compartment_entities``,
    ``entity_properties``, ``canonical_map``) as temporary views of the store's names,
    dropped once the frame is analysed (a DataFrame keeps its resolved plan)."""
    from tnoc.store.case_engine import CANONICAL_MAP
    from tnoc.store.schema import ENTITY_PROPERTIES_SELECT
    from tnoc.store.spark_dialect import to_spark

    views: list[str] = []
    try:
        statements.createOrReplaceTempView("statements")
        views.append("statements")
        for table in SMALL_TABLES:
            rows = query_arrow(con, f"SELECT * FROM {table}")
            spark.createDataFrame(rows, schema=_spark_schema(rows)).createOrReplaceTempView(
                table)
            views.append(table)
        for view, select in (("entity_properties", ENTITY_PROPERTIES_SELECT),
                             ("canonical_map", CANONICAL_MAP)):
            spark.sql(to_spark(select)).createOrReplaceTempView(view)
            views.append(view)
        return spark.sql(to_spark(_derived_select(name)))
    finally:
        for view in views:
            spark.catalog.dropTempView(view)


def _spark_schema(rows: Any) -> Any:
    """The Spark schema of Arrow table ``rows`` (given, so that a table of no rows, as
    ``compartment_entities`` mostly is, still has its columns' types)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(rows.schema)


def spark_derived(spark: SparkSession, con: duckdb.DuckDBPyConnection, table: LakeTable,
                  folder: Path, case_root: Path, tables: dict[str, Any]) -> dict[str, Any]:
    """Compute ``table`` (:data:`SPARK_DERIVED`) on Spark from the statements of the
    lake being written in ``folder`` (``tables``: the parts written so far, the
    statements among them; held files read in place in ``case_root``), write it under
    ``folder/NAME/bucket=X/`` and return its manifest part (no content hash yet:
    :func:`spark_hashes`). Its columns and their types are the store's view's."""
    from pyspark.sql import functions as F

    from tnoc.store.spark_dialect import to_spark

    statements = spark_table_frames(spark, folder, tables, case_root)["statements"]
    frame = _derived_frame(spark, con, table.name, statements)
    target = folder / table.name
    bucketed = frame.withColumn(BUCKET, F.expr(to_spark(BUCKET_SQL.format(key=table.key))))
    key = "spark.sql.parquet.outputTimestampType"
    before = spark.conf.get(key)
    # instants as DuckDB writes them (INT64 microseconds, UTC), not Spark's INT96
    spark.conf.set(key, "TIMESTAMP_MICROS")
    try:
        (bucketed.write.mode("errorifexists").option("compression", "zstd")
         .option("parquet.block.row.count.limit", str(HELD_ROW_GROUP))
         .partitionBy(BUCKET).parquet(str(target)))
    finally:
        spark.conf.set(key, before or "INT96")
    _tidy(target)
    columns = columns_of(con, table_relation(con, table))
    if not any(target.rglob("*.parquet")):
        # no rows, so no partition: one file of no rows, as DuckDB writes, so that
        # readers still find the columns (Spark writes none for an empty frame)
        schema = pa.schema([*(pa.field(n, t) for n, t in columns), (BUCKET, pa.string())])
        pq.write_table(schema.empty_table(), target / "empty.parquet")
    return table_part(con, table, folder, columns)


def _tidy(target: Path) -> None:
    """Remove what Spark's committer leaves beside the Parquet (:data:`LEFT_BY_SPARK`,
    checksum files): the lake lists every file it holds, and verify names any other."""
    for path in sorted(target.rglob("*")):
        if path.is_file() and (path.name in LEFT_BY_SPARK or path.name.endswith(".crc")):
            path.unlink()


def spark_hash(spark: SparkSession, con: duckdb.DuckDBPyConnection, table: LakeTable,
               folder: Path, case_root: Path, tables: dict[str, Any]) -> None:
    """The content hash of ``table`` computed by Spark over the lake in ``folder`` as
    written so far (``tables``, this one among them; held files in place in
    ``case_root``), put into its manifest part: the hash DuckDB computes of the same
    content (:func:`tnoc.store.lake.content_hash`), with the store's column types."""
    columns = columns_of(con, table_relation(con, table))
    frame = spark_table_frames(spark, folder, tables, case_root)[table.name]
    tables[table.name]["content_sha256"] = spark_content_hash(frame, columns)
