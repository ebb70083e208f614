"""One interface over the SQL engines a case's heavy stages run on (issue #27, item 1).

A stage writes its SQL once, in DuckDB's dialect with ``$name`` parameters, and runs it
through an :class:`Engine`: :class:`DuckDBEngine` is today's behaviour on the case's
DuckDB connection; :class:`SparkEngine` runs the same text on Spark (``local[N]`` or a
cluster's master URL) after :func:`tnoc.store.spark_dialect.to_spark`. The shape follows
Splink's database APIs (one model, interchangeable SQL backends).

What the interface holds to, on both engines:

- ``create_table`` / ``insert_into`` / ``delete_where`` take a SELECT (or a condition)
  and leave a named table the next statement can read. On Spark, which has no table
  format offline (Delta and Iceberg jars come only from Maven), a table is a temporary
  view over a *checkpointed* DataFrame, so a chain of stages does not grow one query
  plan without end and a view is computed once.
- Times are UTC: the Spark session's time zone is set to UTC as DuckDB's ``TIMESTAMP``
  carries no zone, so the same text gives the same instants on both.
- Results come back as Arrow tables (``fetch_arrow``); Arrow goes in by
  ``register_arrow`` (small tables: through this process), rows of any size by
  ``register_parquet`` (files the engine reads where it computes).
- Python work on rows goes through ``map_batches``: a function over Arrow record
  batches, run where the rows are (on Spark by ``mapInArrow`` on the executors, with
  this process's Python; on DuckDB in this process), so such work needs no fetch of
  the rows to the driver.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import duckdb
import pyarrow as pa

from tnoc.query_results import query_arrow
from tnoc.store.spark_dialect import to_spark
from tnoc.store.spark_interrupt import keeping_our_handler, raise_if_interrupted
from tnoc.store.spark_logs import JAVA_OPTIONS, driver_java_options, launch_quiet
from tnoc.store.sql import file_list, identifier

if TYPE_CHECKING:  # pyspark is a test/scale extra, imported only by SparkEngine
    from pyspark.sql import DataFrame, DataFrameWriter, SparkSession

__all__ = ["DuckDBEngine", "Engine", "SparkEngine", "fetch_value", "parquet_writer",
           "register_log_factorials", "spark_path", "spark_session"]

Params = Mapping[str, object] | None
BatchFunction = Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]


@runtime_checkable
class Engine(Protocol):
    """What a stage needs of an SQL engine. SQL is DuckDB's dialect throughout."""

    name: str

    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement for its effect (DDL, SET, ...)."""

    def fetch_arrow(self, sql: str, params: Params = None) -> pa.Table:
        """The result of a query as an Arrow table."""

    def create_table(self, name: str, select: str, params: Params = None) -> None:
        """(Re)create table ``name`` from ``select``."""

    def create_view(self, name: str, select: str, params: Params = None) -> None:
        """(Re)create view ``name`` of ``select``: computed where it is read, not
        kept (for a result read once)."""

    def insert_into(self, name: str, select: str, params: Params = None) -> None:
        """Append the rows of ``select`` (same columns, by name) to table ``name``."""

    def delete_where(self, name: str, condition: str, params: Params = None) -> None:
        """Remove the rows of ``name`` for which ``condition`` holds."""

    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make ``table`` readable under ``name``."""

    def register_parquet(self, name: str, folder: Path) -> None:
        """Make the Parquet files of ``folder`` (``folder/*.parquet``, as
        ``write_parquet`` leaves them) readable under ``name``, read where the rows are
        needed: on Spark by the executors, so rows need not pass through this process
        (on a cluster ``folder`` must be on storage they share with it)."""

    def map_batches(self, name: str, select: str, function: BatchFunction,
                    schema: pa.Schema, params: Params = None) -> None:
        """(Re)create table ``name`` as ``function`` applied to the rows of ``select``
        in Arrow record batches, its output of ``schema``. ``function`` is a
        module-level function (Spark sends it to its workers by name), and sees the
        rows in batches of any size and order: it must treat each row alone."""

    def write_parquet(self, select: str, folder: Path, params: Params = None) -> None:
        """Write the rows of ``select`` as Parquet files into ``folder`` (made anew;
        it must not exist), one file or several: a reader reads ``folder/*.parquet``.
        Compressed with zstd (as the lake): a held source's files are these
        (:mod:`tnoc.store.held`); its text compresses to about half snappy's size.
        On Spark the executors write, so on a cluster ``folder`` must be on storage
        they share with this process."""

    def drop(self, name: str) -> None:
        """Forget table or registered view ``name`` (no error if absent)."""

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        """The exceptions a failing statement raises on this engine (DuckDB's, or
        Spark's and its JVM bridge's), for a caller that says which step failed."""


MAP_BATCH_ROWS = 100_000
"""Rows :meth:`DuckDBEngine.map_batches` maps at a time: the rows of its SELECT are
kept as a temporary table and passed through this process a chunk at a time, so the
memory it takes is one chunk's, whatever the case's size."""
MAP_ROW = "tnoc_map_row"

HELD_ROW_GROUP = 32_768
"""Rows per row group of the Parquet files DuckDB writes for a stage (a held source's
statements among them): a lookup of a few dozen entities scattered over a held file
reads one row group each (Parquet has no index; its row groups' statistics and Bloom
filters skip the others), so smaller groups read less: 40 payments' statements of
9.15M took 40 ms against 85 ms with DuckDB's default of 122,880 rows, in a file of the
same size (39 MB)."""


class DuckDBEngine:
    """The case's DuckDB connection, as the stages use it today. Tables made here are
    temporary (the case's own tables are written by the stages' own DDL)."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._registered: set[str] = set()
        self._views: set[str] = set()

    def execute(self, sql: str, params: Params = None) -> None:
        self.con.execute(sql, dict(params or {}))

    def fetch_arrow(self, sql: str, params: Params = None) -> pa.Table:
        return query_arrow(self.con, sql, dict(params or {}))

    def create_table(self, name: str, select: str, params: Params = None) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {identifier(name)} AS {select}",
                         dict(params or {}))

    def create_view(self, name: str, select: str, params: Params = None) -> None:
        if params:  # DuckDB keeps no parameter in a view
            raise ValueError("a view takes no parameters")
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {identifier(name)} AS {select}")
        self._views.add(name)

    def insert_into(self, name: str, select: str, params: Params = None) -> None:
        self.con.execute(f"INSERT INTO {identifier(name)} BY NAME {select}",
                         dict(params or {}))

    def delete_where(self, name: str, condition: str, params: Params = None) -> None:
        self.con.execute(f"DELETE FROM {identifier(name)} WHERE {condition}",
                         dict(params or {}))

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)
        self._registered.add(name)

    def register_parquet(self, name: str, folder: Path) -> None:
        # the files by name, escaped: DuckDB reads a name as a glob ("ops*" read
        # "ops*-copy" too; tnoc.store.sql.glob_literal)
        files = file_list(sorted(folder.glob("*.parquet")))
        self.create_view(name, f"SELECT * FROM read_parquet({files})")

    def map_batches(self, name: str, select: str, function: BatchFunction,
                    schema: pa.Schema, params: Params = None) -> None:
        # the rows kept once, numbered, then mapped MAP_BATCH_ROWS at a time, so this
        # process holds one chunk of them and its output, not all (a hundred million
        # names to normalise); numbered by row_number, not rowid, which counts from
        # 2^62 for rows of a transaction not yet committed
        source, scratch = f"{name}__rows", f"{name}__mapped"
        self.create_table(source, f"SELECT row_number() OVER () AS {MAP_ROW}, * "
                                  f"FROM ({select}) AS rows", params)
        try:
            if name in self._registered or name in self._views:
                self.drop(name)  # a temp table, as on Spark: it replaces a view too
            self.con.register(scratch, schema.empty_table())
            try:
                self.create_table(name, f"SELECT * FROM {identifier(scratch)}")
            finally:
                self.con.unregister(scratch)
            rows = int(self.con.execute(f"SELECT count(*) FROM {identifier(source)}"
                                        ).fetchall()[0][0])
            for start in range(0, rows, MAP_BATCH_ROWS):
                chunk = query_arrow(
                    self.con, f"SELECT * EXCLUDE ({MAP_ROW}) FROM {identifier(source)} "
                    f"WHERE {MAP_ROW} > $start AND {MAP_ROW} <= $end ORDER BY {MAP_ROW}",
                    {"start": start, "end": start + MAP_BATCH_ROWS})
                mapped = pa.Table.from_batches(list(function(iter(chunk.to_batches()))),
                                               schema=schema)
                self.con.register(scratch, mapped)
                try:
                    self.con.execute(f"INSERT INTO {identifier(name)} "
                                     f"SELECT * FROM {identifier(scratch)}")
                finally:
                    self.con.unregister(scratch)
        except BaseException:
            self.drop(name)  # no half-mapped table left behind
            raise
        finally:
            self.drop(source)

    def write_parquet(self, select: str, folder: Path, params: Params = None) -> None:
        folder.mkdir(parents=True)
        target = str(folder / "part-0.parquet").replace("'", "''")
        self.con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, "
                         f"ROW_GROUP_SIZE {HELD_ROW_GROUP})", dict(params or {}))

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        return (duckdb.Error,)

    def drop(self, name: str) -> None:
        # in a transaction a failed statement has aborted, a drop fails too; the
        # rollback removes the temporary tables anyway, and the statement's own error
        # is the one to see, so that failure is passed over (as query_results.drop_tables)
        with suppress(duckdb.TransactionException):
            if name in self._registered:
                self.con.unregister(name)
                self._registered.discard(name)
            elif name in self._views:
                self.con.execute(f"DROP VIEW IF EXISTS {identifier(name)}")
                self._views.discard(name)
            else:
                self.con.execute(f"DROP TABLE IF EXISTS {identifier(name)}")


def spark_session(master: str = "local[1]", *, app_name: str = "tnoc",
                  shuffle_partitions: int | None = None,
                  checkpoint_dir: str | None = None, **config: str) -> SparkSession:
    """A Spark session for TNOC: ``master`` is ``local[N]`` (N worker threads in this
    process's JVM) or a cluster's URL (``spark://127.0.0.1:7077``, see ``make
    spark-cluster``); UTC session time zone; no web UI; Arrow transfer on. Shuffle
    partitions default to 2 per local thread (Spark's 200 cost seconds on small
    data). Spark's start-up warnings are kept off the terminal, its errors not
    (:mod:`tnoc.store.spark_logs`). ``checkpoint_dir`` makes checkpoints reliable
    (written to disk, needed on a cluster); without it they are local (kept by the
    executors). ``config``: further
    Spark settings (``{"spark.jars": ...}``), given with dots as ``**{"a.b": v}``.

    Raises:
        ImportError: pyspark is not installed (``pip install 'tnoc[spark]'``).
    """
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    threads = master.removeprefix("local[").removesuffix("]")
    partitions = shuffle_partitions or (2 * int(threads) if threads.isdigit() else 200)
    # TNOC keeps no Spark catalog tables: without this Spark makes ./spark-warehouse
    config.setdefault("spark.sql.warehouse.dir",
                      str(Path(tempfile.gettempdir()) / "tnoc-spark-warehouse"))
    config[JAVA_OPTIONS] = driver_java_options(config.get(JAVA_OPTIONS))
    conf = SparkConf().setMaster(master).setAppName(app_name).setAll([
        *config.items(),
        ("spark.sql.session.timeZone", "UTC"),
        ("spark.ui.enabled", "false"),
        ("spark.ui.showConsoleProgress", "false"),
        ("spark.sql.shuffle.partitions", str(partitions)),
        ("spark.default.parallelism", str(partitions)),
        ("spark.sql.execution.arrow.pyspark.enabled", "true")])
    # Python work on the executors (map_batches) runs this process's Python, which has
    # tnoc installed, not whatever "python3" is first on the PATH (pyspark reads the
    # workers' Python from PYSPARK_PYTHON when its context starts; one set is kept)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # each statement that may start a SparkContext (which installs PySpark's SIGINT
    # handler) gives the handler back to a command's (tnoc.store.spark_interrupt)
    with keeping_our_handler():
        if SparkContext._gateway is None:  # no JVM yet: start one that keeps quiet
            SparkContext(conf=conf, gateway=launch_quiet(conf))
    with keeping_our_handler():
        spark = SparkSession.builder.config(conf=conf).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")  # a reused session too
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    return spark


class SparkEngine:
    """The same statements on Spark SQL. Tables are checkpointed temporary views of the
    session (see the module's docstring); ``reliable`` checkpoints (to the session's
    checkpoint directory) are used when one is set, local ones otherwise."""

    name = "spark"

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")
        # Constraint propagation (filters the optimizer infers, e.g. IS NOT NULL) is
        # off: over the union of checkpointed tables that insert_into builds it failed
        # in Spark 4.3 with "key not found: source#136" (UnionBase.rewriteConstraints;
        # k_hop on a million generated transfers, adaptive execution on). It only
        # infers filters, so results are the same without it.
        self.spark.conf.set("spark.sql.constraintPropagation.enabled", "false")

    @classmethod
    def start(cls, master: str = "local[1]", checkpoint_dir: str | None = None
              ) -> SparkEngine:
        """An engine on ``master``: ``local[N]`` or a cluster's URL
        (``spark://127.0.0.1:7077`` after ``make spark-cluster``)."""
        return cls(spark_session(master, checkpoint_dir=checkpoint_dir))

    def frame(self, sql: str, params: Params = None) -> DataFrame:
        """The DataFrame of a DuckDB-dialect query (for DataFrame code that follows)."""
        raise_if_interrupted()  # a stage going on after Ctrl-C cancelled its job
        args: dict[str, Any] = {k: list(v) if isinstance(v, list | tuple | set) else v
                                for k, v in (params or {}).items()}
        return self.spark.sql(to_spark(sql), args=args or None)

    def execute(self, sql: str, params: Params = None) -> None:
        self.frame(sql, params).collect()

    def fetch_arrow(self, sql: str, params: Params = None) -> pa.Table:
        return self.frame(sql, params).toArrow()

    def _keep(self, name: str, frame: DataFrame) -> None:
        """``frame`` computed once, its lineage cut, visible as view ``name``."""
        if self.spark.sparkContext.getCheckpointDir():
            frame = frame.checkpoint(eager=True)
        else:
            frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(name)

    def create_table(self, name: str, select: str, params: Params = None) -> None:
        self._keep(name, self.frame(select, params))

    def create_view(self, name: str, select: str, params: Params = None) -> None:
        self.frame(select, params).createOrReplaceTempView(name)

    def insert_into(self, name: str, select: str, params: Params = None) -> None:
        old = self.spark.table(identifier_spark(name))
        self._keep(name, old.unionByName(self.frame(select, params)))

    def delete_where(self, name: str, condition: str, params: Params = None) -> None:
        # NOT coalesce(condition, false): a row whose condition is NULL stays, as in
        # SQL's DELETE (only rows where it is true go)
        self._keep(name, self.frame(f"SELECT * FROM {identifier(name)} "
                                    f"WHERE NOT coalesce({condition}, false)", params))

    def register_arrow(self, name: str, table: pa.Table) -> None:
        # the rows are already in the plan (a local relation): nothing to checkpoint
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def register_parquet(self, name: str, folder: Path) -> None:
        raise_if_interrupted()
        self.spark.read.parquet(spark_path(folder)).createOrReplaceTempView(name)

    def map_batches(self, name: str, select: str, function: BatchFunction,
                    schema: pa.Schema, params: Params = None) -> None:
        from pyspark.sql.pandas.types import from_arrow_schema

        self._keep(name, self.frame(select, params).mapInArrow(
            function, from_arrow_schema(schema)))

    def write_parquet(self, select: str, folder: Path, params: Params = None) -> None:
        parquet_writer(self.frame(select, params)).parquet(str(folder))

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException

        return (PySparkException, Py4JError)

    def drop(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)


def parquet_writer(frame: DataFrame) -> DataFrameWriter:
    """How Spark's workers write Parquet a case keeps (a held source's statements, the
    lake's tables): zstd, never over an existing folder, and row groups of at most
    :data:`HELD_ROW_GROUP` rows, as DuckDB writes them (a held file is read in place,
    and a lookup's row-group statistics skip whole groups; parquet-mr's default closes
    a group at 128 MB, a million statements or more)."""
    return (frame.write.mode("errorifexists").option("compression", "zstd")
            .option("parquet.block.row.count.limit", str(HELD_ROW_GROUP)))


SPARK_GLOB = re.compile(r"([\[\]{}*?\\])")


def spark_path(path: Path) -> str:
    """``path`` as Spark's readers take it: they read a path as a Hadoop glob, so a
    case folder named ``Op [Nord]`` or ``{2024}`` matched nothing ("Path does not
    exist"); its glob characters are escaped with a backslash."""
    return SPARK_GLOB.sub(r"\\\1", str(path))


def identifier_spark(name: str) -> str:
    """``name`` as a Spark identifier (backquoted, inner backquotes doubled)."""
    return "`" + name.replace("`", "``") + "`"


def fetch_value(engine: Engine, sql: str, params: Params = None) -> Any:
    """The first column of the first row of ``sql`` on ``engine`` (None when it returns
    no row): the counts and flags that decide a search's next round, fetched as one
    Arrow value on either engine."""
    column = engine.fetch_arrow(sql, params).column(0)
    return column[0].as_py() if len(column) else None


def register_log_factorials(engine: Engine, name: str, most: int) -> None:
    """A table ``name`` on ``engine`` of ln(n!) for n = 0 .. ``most`` (columns ``n``,
    ``ln_factorial``), computed here once (``math.lgamma``): DuckDB has ``lgamma``,
    Spark has none, and one set of numbers keeps both engines' results the same (the
    novelty test's Poisson tail, the multinomial count of a name's words). Dropped by
    ``engine.drop(name)``."""
    top = max(int(most), 1)
    engine.register_arrow(name, pa.table({
        "n": pa.array(range(top + 1), pa.int64()),
        "ln_factorial": pa.array([math.lgamma(n + 1) for n in range(top + 1)],
                                 pa.float64())}))
