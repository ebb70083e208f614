"""Where ``tnoc resolve`` estimates and applies its model: Splink's DuckDB backend (the
default) or Splink's ``SparkAPI`` on a Spark session (``--engine spark``, issue #27
item 3; Splink documents linkage of 100M+ records on Spark).

The records are built by Spark from the case's lake with the SQL DuckDB runs on the
store (:func:`tnoc.resolve.records.group_records` on the lake's views; the names
normalised by the executors; ``strip_accents`` is :data:`STRIP_ACCENTS_CLASS`), and
written by its workers as Parquet under the case's ``tmp/``; Splink reads them there
(:mod:`tnoc.resolve.record_tables`; on a cluster, ``tmp/`` must be storage every
executor reaches, as the lake is), and the counts training needs, the term
frequencies, the blocking plan, the u samples, the model, the scores, lambda's
refinement and the best pair of names per entity pair are all computed on Spark's
executors. What comes back to this process (the driver) is numbers and the candidate
links over the threshold, which are written to the store
(:func:`tnoc.resolve.probabilistic.score_group`, then ``store_group``). Both engines
store the same kind of run, and the run's parameters and ledger entry name the engine
(and on Spark the master and the lake's sealed manifest). The case is closed while
Spark runs, as in :func:`tnoc.store.case_engine.run_stage`
(:func:`tnoc.resolve.run.resolve_case`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tnoc.errors import ArgumentError, TnocError
from tnoc.store.case_engine import DEFAULT_MASTER, ENGINES, start_spark
from tnoc.store.spark_interrupt import spark_interrupts, stop_session

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["BREAK_LINEAGE", "JARO_WINKLER_CLASS", "STRIP_ACCENTS_CLASS", "ResolutionBackend",
           "register_similarity", "resolution_backend", "similarity_jars",
           "splink_spark_api"]

JARO_WINKLER_CLASS = "org.tnoc.similarity.JaroWinkler"
"""TNOC's Jaro-Winkler function on Spark (``spark_udf/JaroWinkler.java``, built into
``spark_udf/tnoc-similarity.jar`` by ``make spark-udf``): DuckDB's
``jaro_winkler_similarity`` byte for byte, so a pair of words falls in the same
comparison level on both engines. Splink's jar has a ``jaro_winkler`` of its own that
finds other shared characters (over all pairs of 2,000 FEBRL names, 45,735 of
1,999,000 scored differently, by up to 0.118)."""
STRIP_ACCENTS_CLASS = "org.tnoc.similarity.StripAccents"
"""TNOC's ``strip_accents`` on Spark (``spark_udf/StripAccents.java``, in the same jar):
DuckDB's function (canonical decomposition, marks removed, composition), so an address
or a city is normalised the same on both engines (:data:`tnoc.resolve.records.ADDRESS_NORM`)."""
_JAR = Path(__file__).resolve().parent / "spark_udf" / "tnoc-similarity.jar"

BREAK_LINEAGE = "persist"
"""How Splink cuts the lineage of its intermediate tables on Spark (the comparison
vectors, the term-frequency tables, the predictions): ``persist`` keeps them in the
executors' memory, spilling to their local disk (``MEMORY_AND_DISK``), rather than
Splink's default ``parquet``, which writes each one to the checkpoint folder and reads
it back. Those tables are read again within the same run (training, then
prediction), never by another process, so a durable copy buys nothing and costs a
write and a read of each; and a cluster's ``parquet`` folder must be shared storage
every executor reaches, ``persist`` needs none."""


def similarity_jars() -> str:
    """The ``spark.jars`` a session that resolves needs: Splink's similarity functions'
    jar (its ``SparkAPI`` registers them) and TNOC's (:data:`JARO_WINKLER_CLASS`)."""
    from splink.backends.spark import similarity_jar_location

    return f"{similarity_jar_location()},{_JAR}"


def register_similarity(spark: SparkSession) -> None:
    """Register TNOC's functions on ``spark``, whose ``spark.jars`` must carry
    :func:`similarity_jars`: ``tnoc_jaro_winkler`` (:data:`JARO_WINKLER_CLASS`) and
    ``strip_accents`` (:data:`STRIP_ACCENTS_CLASS`: Spark has none, so the records'
    SQL text is DuckDB's on both engines).

    Raises:
        TnocError: the session was started without TNOC's jar.
    """
    from pyspark.sql.types import DoubleType, StringType

    for name, java_class, returned in (
            ("tnoc_jaro_winkler", JARO_WINKLER_CLASS, DoubleType()),
            ("strip_accents", STRIP_ACCENTS_CLASS, StringType())):
        try:
            spark.udf.registerJavaFunction(name, java_class, returned)
        except Exception as exc:  # noqa: BLE001 - Py4J or an AnalysisException
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            raise TnocError(
                f"the Spark session cannot load {java_class} ({type(exc).__name__}: "
                f"{first}): start it with spark.jars set to "
                "tnoc.resolve.spark_backend.similarity_jars(), on Java 11 or later"
            ) from exc


def splink_spark_api(spark: SparkSession) -> Any:
    """Splink's ``SparkAPI`` on ``spark`` (whose ``spark.jars`` must carry
    :func:`similarity_jars`; TNOC's Jaro-Winkler is registered on it), cutting lineage
    by :data:`BREAK_LINEAGE` and repartitioning into the session's shuffle partitions
    (Splink's default is half of them)."""
    from splink.backends.spark import SparkAPI

    register_similarity(spark)
    partitions = int(spark.conf.get("spark.sql.shuffle.partitions") or 1)
    return SparkAPI(spark_session=spark, break_lineage_method=BREAK_LINEAGE,
                    num_partitions_on_repartition=partitions)


@dataclass
class ResolutionBackend:
    """A Splink database API to link on (``None``: the default in-memory DuckDB per
    group) and the engine's provenance for the runs' parameters and ledger entry."""

    api: Any
    provenance: dict[str, Any] = field(default_factory=dict)
    session: SparkSession | None = None
    """The Spark session Splink runs on (None on DuckDB), for building the records on
    it too."""


@contextmanager
def resolution_backend(engine: str = "duckdb", master: str = DEFAULT_MASTER,
                       scratch: Path | None = None, spark: SparkSession | None = None
                       ) -> Iterator[ResolutionBackend]:
    """The backend of ``engine`` (one of ``duckdb``, ``spark``). On Spark, ``spark`` is
    a session to reuse (a test's; it must carry :func:`similarity_jars`); otherwise one
    is started on ``master`` with them (checkpoints under ``scratch``, the case's
    ``tmp/``, where a cluster needs them) and stopped on leaving.

    Raises:
        ArgumentError: an unknown engine.
        TnocError: Spark that cannot start on ``master`` (no pyspark or Java, a bad
            master URL), said with what to install or run.
    """
    if engine == "duckdb":
        yield ResolutionBackend(None, {"engine": "duckdb"})
        return
    if engine != "spark":
        raise ArgumentError(f"--engine {engine}: choose one of {', '.join(ENGINES)}")
    with spark_interrupts():  # Ctrl-C: exit 130 as on DuckDB, no Py4J tracebacks
        session = spark
        if session is None:
            try:
                jar = {"spark.jars": similarity_jars()}
            except ImportError:  # pyspark missing: start_spark says what to install
                jar = {}
            session = start_spark(master, scratch, **jar)
        try:
            yield ResolutionBackend(splink_spark_api(session), {
                "engine": "spark", "master": session.sparkContext.master,
                "break_lineage": BREAK_LINEAGE}, session)
        finally:
            if spark is None:
                stop_session(session)
