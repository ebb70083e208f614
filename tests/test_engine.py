"""The engine interface (tnoc.store.engine): real TNOC statements give the same results
on DuckDB and on Spark (local mode), and each rule of tnoc.store.spark_dialect is
needed. The case is real data: the CDR calls of tests/data/cdr and the SAML-D sample of
1,000 bank transfers (examples/data/aml)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.test_money import BAD_PAYMENTS, PAYMENTS_MAPPING
from tnoc.graph.projection import ProjectionSpec, _ties_query
from tnoc.ingest.id_rules import DOUBLED_SQL
from tnoc.ingest.pipeline import ingest_file
from tnoc.ingest.statements import CLEANED_SCHEMA, clean_batches
from tnoc.money.transfers import TRANSFERS_SQL, build_transfer_tables
from tnoc.store import Case
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine
from tnoc.store.spark_dialect import to_spark

ROOT = Path(__file__).resolve().parent.parent

# the case's tables and views the statements read
TABLES = ("statements", "statement_store", "canonical_map", "schemata", "sources")


@pytest.fixture(scope="module")
def real_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """CDR calls, SAML-D transfers and a file of payments with every kind of problem
    (tests/test_money.py's, and amounts that are no finite number) in one case, two of
    the accounts merged (so the statements' ``canonical_map`` joins have something to
    join)."""
    folder = tmp_path_factory.mktemp("engine")
    case = Case.init(folder / "case")
    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv")
    ingest_file(case, "saml_d", ROOT / "examples" / "data" / "aml" / "saml-d_sample_1k.csv")
    (folder / "payments.yaml").write_text(PAYMENTS_MAPPING)
    (folder / "payments.csv").write_text(BAD_PAYMENTS + "9,a,b,2024-01-07T10:00:00,nan,EUR\n"
                                         "10,a,b,2024-01-08T10:00:00,1e999,EUR\n"
                                         "11,a,b,2024-01-09T10:00:00-0500,12.5,\n")
    ingest_file(case, folder / "payments.yaml", folder / "payments.csv")
    with case.connect() as con:
        accounts = [r[0] for r in con.execute(
            "SELECT DISTINCT canonical_id FROM statements WHERE schema = 'BankAccount' "
            "ORDER BY 1 LIMIT 3").fetchall()]
        con.execute("UPDATE statement_store SET merged_into = $c WHERE entity_id IN ($a, $b)",
                    {"a": accounts[1], "b": accounts[2], "c": accounts[0]})
    return case


@pytest.fixture(scope="module")
def engines(real_case: Case, spark: Any) -> Iterator[tuple[Engine, Engine]]:
    """The case on DuckDB, and its tables copied through Arrow onto Spark."""
    with real_case.connect() as con:
        duck = DuckDBEngine(con)
        spark_engine = SparkEngine(spark)
        for table in TABLES:
            spark_engine.register_arrow(table, duck.fetch_arrow(f"SELECT * FROM {table}"))
        yield duck, spark_engine
        for table in TABLES:
            spark_engine.drop(table)


def rows(table: pa.Table) -> list[tuple[object, ...]]:
    """A result as comparable rows: lists sorted (``list(DISTINCT ...)`` has no order on
    either engine), floats to 1e-9, rows sorted."""
    def norm(value: object) -> object:
        if isinstance(value, list):
            return tuple(sorted(norm(v) for v in value))  # type: ignore[type-var]
        if isinstance(value, float):
            return round(value, 9) if math.isfinite(value) else value
        return value
    out = [tuple(norm(v) for v in row.values()) for row in table.to_pylist()]
    return sorted(out, key=repr)


def same(engines: tuple[Engine, Engine], sql: str, params: dict[str, object] | None = None
         ) -> list[tuple[object, ...]]:
    duck, spark = engines
    expected, got = rows(duck.fetch_arrow(sql, params)), rows(spark.fetch_arrow(sql, params))
    assert got == expected
    return expected


@pytest.mark.spark
def test_transfers_statement(engines: tuple[Engine, Engine]) -> None:
    """money.transfers: every payment gathered per transfer (list(DISTINCT) FILTER,
    coalesce with the canonical map)."""
    sql = TRANSFERS_SQL.format(source_filter="")
    result = same(engines, sql)
    assert len(result) == 1000 + 11  # one per SAML-D row, one per id of the payments
    assert sum(1 for r in result if len(r[3]) == 1 and len(r[4]) == 1) == 1000 + 11


@pytest.mark.spark
def test_transfers_built_on_both_engines(engines: tuple[Engine, Engine]) -> None:
    """money.transfers.build_transfer_tables, the whole build (issue #27, item 3:
    transfers without a Python row loop): the same transfers and the same problems,
    each with its file row, field and value as written, on DuckDB and on Spark."""
    built = [build_transfer_tables(engine) for engine in engines]
    assert {(b.payments, b.usable, tuple(sorted(b.issues.items()))) for b in built} == {
        (built[0].payments, built[0].usable, tuple(sorted(built[0].issues.items())))}
    columns = ("transfer_id, payer, beneficiary, ts, amount, currency, channel, source_id, "
               "locator, line, zoned")
    transfers = [rows(e.fetch_arrow(f"SELECT {columns} FROM {b.table}"))
                 for e, b in zip(engines, built, strict=True)]
    problems = [rows(e.fetch_arrow(f"SELECT * FROM {b.issues_table}"))
                for e, b in zip(engines, built, strict=True)]
    assert transfers[0] == transfers[1] and problems[0] == problems[1]
    assert built[0].payments == 1000 + 11 and built[0].usable == 1000 + 5
    found = {(p[2], p[3], p[5]) for p in problems[0]}
    assert {("row 10", "amount", "amount is not a number"),
            ("row 11", "amount", "amount is not a number"),
            ("row 12", "currency", "missing currency"),
            ("row 2", "amount", "amount is negative")} <= found


@pytest.mark.spark
def test_projection_statements(engines: tuple[Engine, Engine]) -> None:
    """graph.projection: the ties (calls and payments, GROUP BY ALL, bool_and, a VALUES
    list) and the evidence of some of them (``IN $ends``, a list parameter)."""
    sql, params = _ties_query(ProjectionSpec(), evidence=False)
    ties = same(engines, sql, params)
    assert len(ties) > 100
    ends = sorted({str(t[0]) for t in ties[:5]} | {str(t[1]) for t in ties[:5]})
    sql, params = _ties_query(ProjectionSpec(), evidence=True)
    evidence = same(engines, sql, {**params, "ends": ends})
    assert evidence and all(r[2] in ends and r[3] in ends for r in evidence)


@pytest.mark.spark
def test_ingest_doubled_ids_statement(engines: tuple[Engine, Engine]) -> None:
    """ingest.pipeline: ids doubled under the old id rule (regexp_replace in the slug
    rule, a join on an expression, GROUP BY ALL)."""
    duck, _ = engines
    source = duck.fetch_arrow("SELECT min(source_id) AS s FROM sources")["s"][0].as_py()
    others = [s.as_py() for s in duck.fetch_arrow(
        "SELECT source_id AS s FROM sources WHERE source_id <> $source ORDER BY 1",
        {"source": source})["s"]]
    digested = [i.as_py() for i in duck.fetch_arrow(
        "SELECT DISTINCT entity_id AS i FROM statement_store WHERE source_id = $source "
        "ORDER BY 1 LIMIT 3", {"source": source})["i"]]
    same(engines, DOUBLED_SQL, {"fresh": [source], "digested": digested, "any_digest": False,
                                "before": others})
    same(engines, DOUBLED_SQL, {"fresh": [source], "digested": [], "any_digest": True,
                                "before": others})


@pytest.mark.spark
def test_tables_from_selects(engines: tuple[Engine, Engine]) -> None:
    """create, insert and delete through the interface leave the same table on both."""
    for engine in engines:
        engine.create_table("amounts", "SELECT canonical_id, try_cast(value AS DOUBLE) AS "
                            "amount FROM statements WHERE prop = 'amount'")
        engine.insert_into("amounts", "SELECT 'extra' AS canonical_id, 1.5 AS amount")
        engine.delete_where("amounts", "amount > $limit", {"limit": 5000.0})
    result = same(engines, "SELECT count(*) AS n, sum(amount)::DECIMAL(18, 2) AS total, "
                           "strlen(min(canonical_id)) AS l FROM amounts")
    assert result[0][0] > 0
    for engine in engines:
        engine.drop("amounts")


@pytest.mark.spark
def test_division_is_in_floating_point_on_both(engines: tuple[Engine, Engine]) -> None:
    """The novelty test's rate of new counterparties (typology_sets.novel_bursts:
    history / lookback seconds * span) for one of the bursts whose alert differed at
    16M generated transfers: 36 / 5184000.0 * 118555.0 was 0.82324592 on Spark (a
    decimal division, rounded) and 0.8232986111 on DuckDB; integers divide to a
    fraction on both."""
    result = same(engines, "SELECT 36 / 5184000.0 * 118555.0 AS mu, 7 / 2 AS half, "
                           "7 // 2 AS whole")
    assert result == [(round(36 / 5184000 * 118555, 9), 3.5, 3)]


@pytest.mark.spark
def test_python_over_batches_where_the_rows_are(engines: tuple[Engine, Engine]) -> None:
    """map_batches: FtM cleaning (tnoc.ingest.statements.clean_batches) over the case's
    distinct country texts, an invalid one (kept as written, flagged) and a listing's
    place naming two countries (two rows), on Spark by mapInArrow in its Python
    workers: the same table on both engines."""
    select = ("SELECT DISTINCT 'country' AS clean_type, value AS original, "
              "NULL::VARCHAR AS hint FROM statements WHERE prop = 'country' "
              "UNION ALL SELECT 'country', 'Atlantis', NULL "
              "UNION ALL SELECT 'ships_from', 'USA & Canada', NULL")
    for engine in engines:  # a table, as any other: it replaces one and is replaced
        engine.create_table("countries", "SELECT 1 AS x")
        engine.map_batches("countries", select, clean_batches, CLEANED_SCHEMA)
    result = same(engines, "SELECT * FROM countries")
    assert ("country", "Atlantis", None, "Atlantis", "invalid country") in result
    assert {r[3] for r in result if r[1] == "USA & Canada"} == {"us", "ca"}
    assert len(result) >= 4
    for engine in engines:
        engine.create_table("countries", "SELECT count(*) AS n FROM countries")
    assert same(engines, "SELECT * FROM countries") == [(len(result),)]
    for engine in engines:
        engine.drop("countries")


@pytest.mark.spark
def test_rows_written_as_parquet_are_the_same_from_both(
        engines: tuple[Engine, Engine], tmp_path: Path) -> None:
    """write_parquet (how statements mapped on Spark reach the case's store): the rows
    of a query with a parameter, read back from the files each engine wrote, are the
    same; a folder that exists is not written over; register_parquet reads them on
    either engine."""
    import duckdb

    select = ("SELECT canonical_id, prop, value FROM statements "
              "WHERE prop = $prop ORDER BY ALL")
    read = []
    for engine in engines:
        folder = tmp_path / engine.name
        engine.write_parquet(select, folder, {"prop": "amount"})
        read.append(sorted(duckdb.sql(
            f"SELECT * FROM read_parquet('{folder}/*.parquet')").fetchall()))
        with pytest.raises(engine.errors + (FileExistsError,)):
            engine.write_parquet(select, folder, {"prop": "amount"})
    assert read[0] == read[1] and len(read[0]) > 100
    # and read back by each engine itself (how an ingest's records reach Spark), from a
    # folder whose name has glob characters (Spark read "g [x]" as a pattern: nothing)
    import shutil

    odd = tmp_path / "case [x] {2024}" / "sent"
    shutil.copytree(tmp_path / engines[0].name, odd)
    for engine in engines:
        engine.register_parquet("written", odd)
        try:
            back = engine.fetch_arrow("SELECT * FROM written").to_pylist()
            assert sorted(tuple(row.values()) for row in back) == read[0]
        finally:
            engine.drop("written")


def test_rules_are_needed() -> None:
    """Each rewrite fixes what plain sqlglot writes and Spark refuses (checked on Spark
    4.3: INT128 is no type, STRLEN no function, ``IN :list`` binds no list,
    ``array_sort`` takes no FILTER) or reads differently (a list's order)."""
    import sqlglot

    for duckdb_sql, plain, ours in (
        ("SELECT x::HUGEINT", "INT128", "DECIMAL(38, 0)"),
        ("SELECT strlen(x)", "STRLEN(x)", "OCTET_LENGTH(x)"),
        ("SELECT 1 WHERE a IN $ends", "a IN :ends", "ARRAY_CONTAINS(:ends, a)"),
        ("SELECT list(DISTINCT x ORDER BY x) FROM t", "COLLECT_LIST(DISTINCT x)",
         "ARRAY_SORT(COLLECT_SET(x))"),
        # Spark takes FILTER on the aggregate, not on array_sort around it
        ("SELECT list(DISTINCT x ORDER BY x) FILTER (WHERE p = 1) FROM t",
         "COLLECT_LIST(DISTINCT x) FILTER(WHERE p = 1)",
         "ARRAY_SORT(COLLECT_SET(x) FILTER(WHERE p = 1))"),
        # a map's entries by key (the entities view's properties)
        ("SELECT map_from_entries(list((k, v) ORDER BY k)) FROM t",
         "COLLECT_LIST((k, v))", "ARRAY_SORT(COLLECT_LIST(STRUCT(k, v)))"),
        # DuckDB's / is floating point; Spark divides decimals as a rounded decimal
        ("SELECT h / 5184000.0 FROM t", "h / 5184000.0", "CAST(h AS DOUBLE) / 5184000.0"),
        # DuckDB's compensated sum of floats: Spark has no fsum
        ("SELECT fsum(p) FROM t", "FSUM(p)", "SUM(p)"),
    ):
        assert plain in sqlglot.transpile(duckdb_sql, read="duckdb", write="spark")[0]
        assert ours in to_spark(duckdb_sql) and plain not in to_spark(duckdb_sql)
    with pytest.raises(ValueError, match="one SQL statement"):
        to_spark("SELECT 1; SELECT 2")
    # an ordered list Spark cannot keep in order is refused, not run unordered
    with pytest.raises(ValueError, match="ordered list aggregate"):
        to_spark("SELECT list(x ORDER BY y) FROM t")
    with pytest.raises(ValueError, match="ordered list aggregate"):
        to_spark("SELECT list((k, v) ORDER BY v) FROM t")


@pytest.mark.spark
def test_spark_keeps_its_start_up_noise_off_the_terminal(
        spark: Any, capfd: pytest.CaptureFixture[str]) -> None:
    """Starting Spark printed ~10 lines on standard error (log4j's default profile,
    WARN lines, "Setting default log level", the JVM's incubator-module notice); the
    session (started by spark_session, as every command's) logs by the package's
    log4j2 file (errors only) and its JVM's standard error comes through the relay of
    tnoc.store.spark_logs: a WARN and the JVM's notice do not reach file descriptor 2,
    an ERROR and any other line the JVM writes do. (In process on the test session: a
    new JVM costs 35-45 s here.)"""
    import time

    from tnoc.store.spark_logs import LOG4J2, driver_java_options

    jvm = spark.sparkContext._jvm
    context = jvm.org.apache.logging.log4j.LogManager.getContext(False)
    assert Path(str(context.getConfiguration().getConfigurationSource().getLocation())
                ) == LOG4J2
    logger = jvm.org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.util.Utils")
    capfd.readouterr()
    logger.warn("h53 a warning nobody needs")
    jvm.System.err.println("WARNING: Using incubator modules: jdk.incubator.vector")
    logger.error("h53 a real error")
    jvm.System.err.println("h53 the JVM's own last line")
    jvm.System.err.flush()
    seen = ""
    for _ in range(100):  # the relay is a thread: wait (at most 10 s) for its lines
        seen += capfd.readouterr().err
        if "h53 the JVM's own last line" in seen:
            break
        time.sleep(0.1)
    assert "h53 a real error" in seen and "ERROR Utils" in seen
    assert "h53 the JVM's own last line" in seen
    assert " WARN " not in seen and "a warning nobody needs" not in seen
    assert "incubator" not in seen
    # a caller's own log4j2 file is kept; otherwise the package's is appended
    assert driver_java_options("-Dlog4j2.configurationFile=/x.xml") == (
        "-Dlog4j2.configurationFile=/x.xml")
    assert driver_java_options("-XX:+UseSerialGC").endswith(LOG4J2.as_uri())


def test_the_relay_keeps_quiet_while_a_command_stops_on_ctrl_c(
        capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C in a command on Spark: the JVM's protests at the tasks it cancels
    (``ERROR Utils: Aborting task``, ``TaskKilledException`` and its stack) are not
    relayed while the command stops (the interrupt's block, and a moment after for
    what is still in the pipe); after that grace, or in the next command's block, its
    errors are relayed again (a notebook that catches the interrupt goes on)."""
    import io
    import signal
    import threading
    import time

    from tnoc.store import spark_interrupt, spark_logs
    from tnoc.store.spark_interrupt import spark_interrupts, stopping

    killed = (b"26/12/05 10:12:01 ERROR Utils: Aborting task\n"
              b"org.apache.spark.TaskKilledException\n"
              b"\tat org.apache.spark.TaskContextImpl\n")
    relayed: list[str] = []
    # a real Ctrl-C in a block (outside a JVM call: it raises KeyboardInterrupt there)
    with pytest.raises(KeyboardInterrupt), spark_interrupts():
        threading.Timer(0.1, signal.raise_signal, [signal.SIGINT]).start()
        time.sleep(2)
    assert stopping()  # for a moment after the block: the pipe's last lines
    spark_logs._relay(io.BufferedReader(io.BytesIO(killed)))
    relayed.append(capfd.readouterr().err)
    spark_interrupt._QUIET_UNTIL[0] = time.monotonic()  # the grace passed
    spark_logs._relay(io.BufferedReader(io.BytesIO(b"ERROR later\n")))
    relayed.append(capfd.readouterr().err)
    with spark_interrupts():  # the next command
        spark_logs._relay(io.BufferedReader(io.BytesIO(b"ERROR next\n")))
    relayed.append(capfd.readouterr().err)
    assert relayed == ["", "ERROR later\n", "ERROR next\n"]


def test_the_relay_passes_on_all_but_the_jvm_notice(
        capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The relay of the JVM's standard error (no JVM here: a pipe) passes every line on
    to file descriptor 2 but the JVM's incubator-module notice, and goes on reading
    when standard error cannot be written (a JVM not read blocks on a full pipe)."""
    import io
    import os

    from tnoc.store import spark_logs

    said = (b"WARNING: Using incubator modules: jdk.incubator.vector\n"
            b"Error: Could not create the Java Virtual Machine.\n"
            b"26/12/01 23:35:06 ERROR Executor: Exception in task 0.0\n")
    spark_logs._relay(io.BufferedReader(io.BytesIO(said)))
    assert capfd.readouterr().err == ("Error: Could not create the Java Virtual Machine.\n"
                                      "26/12/01 23:35:06 ERROR Executor: Exception in task "
                                      "0.0\n")
    read: list[bytes] = []

    class Pipe(io.BytesIO):
        def __iter__(self) -> Any:
            for line in self.getvalue().splitlines(keepends=True):
                read.append(line)
                yield line

    def broken(fd: int, data: bytes) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(os, "write", broken)
    spark_logs._relay(Pipe(b"one\ntwo\nthree\n"))  # type: ignore[arg-type]
    assert read == [b"one\n", b"two\n", b"three\n"]
