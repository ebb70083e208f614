"""The engine a case's heavy stage runs on, chosen by ``--engine`` (issue #27, item 5).

``duckdb`` (the default) is the case's own connection (:class:`DuckDBEngine`): the
stage's SQL reads the case's tables and views (``edges``, ``statements`` ...) as ever.

``spark`` starts a :class:`SparkEngine` on ``--spark-master`` (``local[N]``, or a
standalone cluster's ``spark://host:port``, see ``make spark-cluster``) and makes the
case's lake (``tnoc case lake``, :mod:`tnoc.store.lake`) readable under the names of
the case's own tables: ``statements``, ``entities``, ``edges``, ``canonical_map`` (from
the statements' ``merged_into``) and, when the lake holds them, ``transfers_stored``.
So the stage's SQL text is the same on both engines and reads the same rows, DuckDB
from its store, Spark natively from the Parquet files.

Spark reads nothing but the lake, so the lake must be the case as it is: a missing
lake, one no ledger entry sealed, one whose files differ from the sealed manifest
(:func:`tnoc.store.lake.check_lake`), and one older than a later intake, destruction
or judgement are refused with an error naming the command that writes it anew, rather
than computed on stale rows. The engine's provenance (engine, master, the sealed
manifest's SHA-256) goes into the stage's ledger entry.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import duckdb

from tnoc.errors import ArgumentError, CaseBusy, Refused, TnocError
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine, spark_session
from tnoc.store.lake import (
    LAKE,
    MANIFEST,
    TRANSFERS_STORED,
    check_lake,
    lake_command,
    sealed_manifest,
    spark_lake_frames,
)
from tnoc.store.spark_interrupt import (
    interrupted,
    jvm_stopped,
    keeping_our_handler,
    spark_interrupts,
    stop_session,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from tnoc.store.case import Case

__all__ = ["DEFAULT_MASTER", "ENGINES", "MASTER_TIMEOUT", "CaseEngine", "case_engine",
           "check_master", "lake_for_spark", "lake_still_read", "run_stage",
           "saving_after_spark", "spark_engine", "spark_started", "start_spark"]

ENGINES = ("duckdb", "spark")
Inputs = TypeVar("Inputs")
Result = TypeVar("Result")
Saved = TypeVar("Saved")
DEFAULT_MASTER = "local[2]"
"""Spark's master by default: two worker threads in this process's JVM."""
LAKE_NAMES = {"statements": "statements", "entities": "entities", "edges": "edges",
              "transfers": TRANSFERS_STORED}
"""Lake table -> the case's table or view name it is read as on Spark."""
CANONICAL_MAP = ("SELECT DISTINCT entity_id, merged_into AS canonical_id FROM statements "
                 "WHERE merged_into IS NOT NULL")
"""The case store's ``canonical_map`` view (tnoc.store.schema), read from the lake's
``statements`` on Spark."""
LOCAL_OR_MANAGER = re.compile(r"^(local(\[([1-9][0-9]*|\*)(,[1-9][0-9]*)?\])?|yarn|"
                              r"k8s://\S+)$")
"""The masters Spark itself is left to judge besides ``spark://``: ``local``,
``local[N]`` / ``local[*]`` (with ``,F`` retries), YARN and Kubernetes; anything else
(``bogus``, ``local[0]``, ``local[x]``) is refused before a JVM starts."""
MASTER_TIMEOUT = 3.0
"""Seconds to wait for a TCP connection to a ``spark://`` master before saying it is
unreachable: a master on a reachable host answers in milliseconds, whereas Spark's own
attempt retries for about a minute and a half and then fails with a Py4J message."""


@dataclass
class CaseEngine:
    """An engine opened on a case: ``engine`` to run the stage's SQL on, and
    ``provenance`` for the stage's ledger entry and stored parameters."""

    engine: Engine
    provenance: dict[str, Any] = field(default_factory=dict)


def lake_for_spark(root: Path, con: duckdb.DuckDBPyConnection) -> str:
    """The SHA-256 of the sealed manifest of the case's lake, once the lake is known to
    be the case as it is now.

    Raises:
        Refused: no lake, or a lake older than a later intake, destruction or
            judgement (exit 5: Spark reads only the case as it is); the message names
            the command that writes it (``tnoc case lake``).
        TnocError: a lake no entry sealed or whose files differ from its manifest
            (exit 1, as ``tnoc verify`` finding them), with the same command.
    """
    command = lake_command(root)
    remake = f"write it again with '{command}'"
    folder = root / LAKE
    if not (folder / MANIFEST).is_file():
        raise Refused(f"{folder}: the case has no lake; Spark reads the case from its "
                      f"lake: write it with '{command}'")
    problems, stale = check_lake(root, con)
    if problems:
        ref, what = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise TnocError(f"{root / ref}: {what}{more}; 'tnoc verify' lists them; {remake}")
    if stale:  # later intakes, destructions, judgements: the command said once
        suffix = f" ('{command}' writes it again)"
        said = "; ".join(w.removesuffix(suffix) for w in stale)
        raise Refused(f"{folder}: Spark would read an old copy: {said}; {remake}")
    sealed = sealed_manifest(con)
    assert sealed is not None  # check_lake found no problem, so an entry sealed it
    return sealed[1]


def lake_still_read(root: Path, con: duckdb.DuckDBPyConnection, manifest: str) -> None:
    """Check, before saving what Spark computed from the lake sealed as ``manifest``
    (:func:`lake_for_spark`, read before the job, with the case closed while it ran),
    that the lake is still the case as it is now and still that one: an intake,
    destruction, judgement or a new lake meanwhile makes the result another state's.

    Raises:
        TnocError: the case or its lake changed while Spark ran; nothing was saved
            (the caller's transaction is rolled back), run the command again.
    """
    again = "nothing was saved; run the command again"
    try:
        now = lake_for_spark(root, con)
    except TnocError as exc:
        raise TnocError(f"the case changed while Spark ran ({exc}); {again}") from exc
    if now != manifest:
        raise TnocError(f"{root / LAKE}: the lake was written again while Spark read it "
                        f"(sealed manifest {manifest[:12]}... then, {now[:12]}... now); "
                        f"{again}")


@contextmanager
def case_engine(con: duckdb.DuckDBPyConnection, case: Case, engine: str = "duckdb",
                master: str = DEFAULT_MASTER, spark: SparkSession | None = None
                ) -> Iterator[CaseEngine]:
    """The engine ``engine`` (one of :data:`ENGINES`) over ``case``, whose connection
    is ``con``; see the module. On Spark, ``spark`` is a session to reuse (a
    test's); otherwise one is started on ``master`` and stopped on leaving. The lake's
    views are dropped on leaving either way.

    Raises:
        TnocError: an unknown engine, a lake Spark cannot read
            (:func:`lake_for_spark`), or Spark that cannot start on ``master`` (no
            Java, a bad master URL).
    """
    if engine == "duckdb":
        yield CaseEngine(DuckDBEngine(con), {"engine": "duckdb"})
        return
    if engine != "spark":
        raise ArgumentError(f"--engine {engine}: choose one of {', '.join(ENGINES)}")
    with spark_engine(case, lake_for_spark(case.root, con), master, spark) as chosen:
        yield chosen


def check_master(master: str, timeout: float = MASTER_TIMEOUT) -> None:
    """Check that a standalone cluster's master ``spark://HOST:PORT`` (or, for masters
    kept highly available by ZooKeeper, ``spark://H1:P1,H2:P2``: any one of them)
    accepts a TCP connection within ``timeout`` seconds, before a JVM is started for
    it. ``local[N]`` and the cluster managers (``yarn``, ``k8s://``) are left to Spark
    once they have their form (:data:`LOCAL_OR_MANAGER`), but for YARN's configuration
    and a Kubernetes API server that must answer (:func:`_check_kubernetes`).

    Raises:
        ArgumentError: a ``spark://`` URL without a valid port, or a master of no form
            Spark accepts (exit 2, a bad option value).
        TnocError: ``yarn`` without ``HADOOP_CONF_DIR`` or ``YARN_CONF_DIR`` set, or a
            ``k8s://`` API server that does not answer.
        TnocError: no master listening at any of its addresses; the message names the
            URL, the addresses tried and why each failed, and how to start a master
            (``make spark-cluster``).
    """
    start = "start one with 'make spark-cluster' (spark://127.0.0.1:7077)"
    if not master.startswith("spark://"):
        if not LOCAL_OR_MANAGER.match(master):
            raise ArgumentError(
                f"--spark-master {master}: not a Spark master URL; give local[N] (N worker "
                "threads on this machine, at least 1, or * for one per core), "
                f"spark://HOST:PORT (a standalone cluster: {start}), yarn or k8s://URL")
        if master == "yarn" and not (os.environ.get("HADOOP_CONF_DIR")
                                     or os.environ.get("YARN_CONF_DIR")):
            # what Spark checks once its JVM has started, said in a Java stack trace
            # under a hint about Java (a new-user review, helper-134)
            raise TnocError("--spark-master yarn: set HADOOP_CONF_DIR or YARN_CONF_DIR "
                            "to the folder of the cluster's configuration (where Spark "
                            "finds the YARN ResourceManager); neither is set")
        if master.startswith("k8s://"):
            _check_kubernetes(master, timeout)
        return
    tried: list[str] = []
    for address in master.removeprefix("spark://").split(","):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ArgumentError(f"--spark-master {master}: {address!r} is not HOST:PORT "
                                f"(a standalone master's URL is spark://HOST:PORT; "
                                f"{start}, or use local[N] for this machine)")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
                return
        except OSError as exc:
            why = "timed out" if isinstance(exc, TimeoutError) else (
                exc.strerror or type(exc).__name__)
            tried.append(f"{host}:{port}: {why}")
    raise TnocError(f"--spark-master {master}: no Spark master answers (a TCP connection "
                    f"within {timeout:g} s to {'; '.join(tried)}); {start} and check "
                    "the host and port it prints, or use local[N] to run on this machine")


def _check_kubernetes(master: str, timeout: float) -> None:
    """Check that the API server a ``k8s://`` master names (``k8s://https://HOST:PORT``,
    or ``k8s://HOST:PORT``, which Spark reads as https) accepts a TCP connection within
    ``timeout`` seconds: otherwise Spark's JVM printed some 300 lines of Kubernetes
    client stack traces before a hint about Java (a new-user try, helper-142).

    Raises:
        ArgumentError: no HOST:PORT after ``k8s://``.
        TnocError: nothing answers there.
    """
    from urllib.parse import urlsplit

    url = master.removeprefix("k8s://")
    parts = urlsplit(url if "://" in url else f"https://{url}")
    try:
        host, port = parts.hostname, parts.port or (80 if parts.scheme == "http" else 443)
    except ValueError:  # a port that is no number
        host, port = None, 0
    if not host:
        raise ArgumentError(f"--spark-master {master}: not k8s://https://HOST:PORT (the "
                            "Kubernetes API server Spark submits its executors to)")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return
    except OSError as exc:
        why = "timed out" if isinstance(exc, TimeoutError) else (
            exc.strerror or type(exc).__name__)
        raise TnocError(f"--spark-master {master}: no Kubernetes API server answers at "
                        f"{host}:{port} ({why}, within {timeout:g} s); check the URL "
                        "('kubectl cluster-info' prints it), or use local[N] to run on "
                        "this machine") from exc


def start_spark(master: str = DEFAULT_MASTER, scratch: Path | None = None,
                **config: str) -> SparkSession:
    """A Spark session on ``master`` for a stage run with ``--engine spark``
    (:func:`tnoc.store.engine.spark_session`; ``config``: further settings such as
    ``spark.jars``), or an error that says what to install or run. On a cluster the
    executors need reliable checkpoints in a folder they can read: ``scratch``'s
    ``spark-checkpoints`` (the case's ``tmp/``); local mode needs none.

    Raises:
        TnocError: pyspark or Java missing, or a master that cannot be reached or
            is no master URL (a ``spark://`` master is tried first, in seconds:
            :func:`check_master`).
    """
    check_master(master)
    checkpoint_dir = (None if master.startswith("local") or scratch is None
                      else str(scratch / "spark-checkpoints"))
    try:
        # (a cast: mypy would match a str setting against the keyword parameters);
        # PySpark's SIGINT handler, installed as its context starts, gives way to the
        # command's (tnoc.store.spark_interrupt)
        with keeping_our_handler():
            session = spark_session(master, checkpoint_dir=checkpoint_dir,
                                    **cast("dict[str, Any]", config))
    except ImportError as exc:
        raise TnocError("--engine spark needs pyspark and a Java 17 runtime "
                        "(pip install 'tnoc[spark]'; apt install "
                        "openjdk-17-jre-headless)") from exc
    except Exception as exc:
        # PySpark's own errors (no Java: PySparkRuntimeError; a bad master URL:
        # Py4J's or a RuntimeError) share no class below Exception
        raise TnocError(
            f"--engine spark could not start Spark on --spark-master {master}: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
            "(check that Java 17 is installed (java -version; apt install "
            "openjdk-17-jre-headless) and that the master is 'local[N]' or a "
            "running cluster's spark://HOST:PORT, e.g. 'make spark-cluster')"
        ) from exc
    if interrupted():  # Ctrl-C while Spark started (no job to cancel then)
        stop_session(session)
        raise KeyboardInterrupt
    return session


@contextmanager
def spark_engine(case: Case, manifest: str, master: str = DEFAULT_MASTER,
                 spark: SparkSession | None = None) -> Iterator[CaseEngine]:
    """A :class:`SparkEngine` over ``case``'s lake, whose sealed manifest's SHA-256
    :func:`lake_for_spark` gave as ``manifest`` (checked by the caller: this opens
    no connection to the case's store, so a caller may run a Spark job of minutes
    with the case closed, and check the lake again before saving). On ``spark`` (a
    test's session) or one started on ``master`` and stopped on leaving; the lake's
    views are dropped on leaving either way. Ctrl-C from the start to the stop cancels
    Spark's jobs and leaves as ``KeyboardInterrupt`` (:mod:`tnoc.store.spark_interrupt`).

    Raises:
        TnocError: Spark that cannot start on ``master`` (pyspark or Java missing,
            a bad master URL).
        KeyboardInterrupt: Ctrl-C, whatever error the cancelled job gave.
    """
    root = case.root
    with spark_started(case, master, spark) as session:
        views: list[str] = []
        try:
            for name, frame in spark_lake_frames(session, root / LAKE).items():
                view = LAKE_NAMES.get(name, name)
                frame.createOrReplaceTempView(view)
                views.append(view)
            # the store's view of merged entities, over the lake's statements (which
            # keep merged_into): statements that join accounts or wallets through it
            # read the same on both engines
            session.sql(CANONICAL_MAP).createOrReplaceTempView("canonical_map")
            views.append("canonical_map")
            yield CaseEngine(SparkEngine(session), {
                "engine": "spark", "master": session.sparkContext.master,
                "lake_manifest_sha256": manifest})
        finally:
            for view in views if not jvm_stopped() else ():  # none left on a dead JVM
                session.catalog.dropTempView(view)


@contextmanager
def spark_started(case: Case, master: str = DEFAULT_MASTER,
                  spark: SparkSession | None = None) -> Iterator[SparkSession]:
    """``spark`` (a test's session), or a session started on ``master`` for ``case``
    (:func:`start_spark`) and stopped on leaving; from the start to the stop Ctrl-C
    cancels Spark's jobs and leaves as ``KeyboardInterrupt``, exit 130 as on DuckDB,
    with no Py4J tracebacks (:mod:`tnoc.store.spark_interrupt`).

    Raises:
        TnocError: Spark that cannot start on ``master``.
    """
    with spark_interrupts():
        session = spark if spark is not None else start_spark(master, case.scratch)
        try:
            yield session
        finally:
            if spark is None:
                stop_session(session)


def run_stage(case: Case, engine: str, master: str,
              inputs: Callable[[duckdb.DuckDBPyConnection], Inputs],
              job: Callable[[CaseEngine, Inputs], Result],
              save: Callable[[duckdb.DuckDBPyConnection, Inputs, Result, dict[str, Any]],
                             Saved],
              vet: Callable[[Inputs], None] | None = None,
              spark: SparkSession | None = None,
              precheck: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
              say: Callable[[str], None] | None = None,
              idle: Callable[[duckdb.DuckDBPyConnection], bool] | None = None) -> Saved:
    """Run one heavy stage of ``case`` on ``engine`` and keep what it gave: the one way
    ``tnoc network components`` and ``tnoc money typologies`` run on either engine.

    ``inputs(con)`` reads what the stage needs from the case (compared by value, so a
    dataclass or a tuple of values); ``vet(inputs)`` may report on them or refuse them
    before the job runs; ``job(chosen, inputs)`` computes on the chosen engine and
    returns values (Arrow, counts), never a table of the engine; ``save(con, inputs,
    result, provenance)`` keeps the result in the caller's transaction, with the
    engine's provenance (engine, master, the lake manifest's SHA-256) for its ledger
    entry, and returns what the command shows. ``precheck(con)``, first on either
    engine, may refuse a case holding nothing for the stage (no ties, no payments) by
    a cheap look at the case's store, with the words the stage would use: on Spark
    before the lake is checked and a JVM started (half a minute) to find nothing.
    ``idle(con)``, on Spark after ``precheck``, may find that the case holds inputs but
    nothing for an engine to compute (payments, none of them a usable transfer): the
    stage then runs on DuckDB as a whole, where computing nothing takes a moment, and
    says what DuckDB says (its provenance names DuckDB, as ``tnoc money cluster`` does
    with nothing to cluster), rather than check a lake and start a JVM for nothing.
    ``say(step)`` is told each step as it starts (checking the lake, starting Spark,
    running, keeping the result): a face shows it (``tnoc``: a spinner with the time
    elapsed on a terminal's standard error), so minutes of Spark are not silence.

    On DuckDB all of it is one transaction on the case. On Spark the job (minutes)
    reads the lake with the case closed: a ``spark://`` master is tried first
    (:func:`check_master`, seconds), then the case is opened read-only before it to
    check the lake (:func:`lake_for_spark`, first) and read the inputs, and after it,
    briefly, to check that the lake is still the case and the same lake
    (:func:`lake_still_read`) and that the inputs read again are the same (equal
    values: table names a read-only connection made may differ), then ``save`` runs on
    those read again.

    Raises:
        TnocError: a lake Spark cannot read, a case or lake that changed while Spark
            ran (nothing saved), Spark that cannot start; and whatever the callbacks
            raise.
    """
    step = say or (lambda _step: None)
    if engine == "spark":
        if spark is None:  # an unreachable master is said before minutes of reading
            check_master(master)
        with case.connect(read_only=True) as con:
            if precheck is not None:  # nothing to do is said before anything else
                precheck(con)
            on_duckdb = idle is not None and idle(con)
        if not on_duckdb:
            return _stage_on_spark(case, master, inputs, job, save, vet, spark, step)
        step("nothing for spark to compute")
        engine = "duckdb"
    with case.transaction() as con:
        if precheck is not None:
            precheck(con)
        read = inputs(con)
        if vet is not None:
            vet(read)
        with case_engine(con, case, engine, master, spark) as chosen:
            step(f"running on {engine}")
            result = job(chosen, read)
        step("keeping the result")
        return save(con, read, result, chosen.provenance)


def _stage_on_spark(case: Case, master: str,
                    inputs: Callable[[duckdb.DuckDBPyConnection], Inputs],
                    job: Callable[[CaseEngine, Inputs], Result],
                    save: Callable[[duckdb.DuckDBPyConnection, Inputs, Result,
                                    dict[str, Any]], Saved],
                    vet: Callable[[Inputs], None] | None, spark: SparkSession | None,
                    step: Callable[[str], None]) -> Saved:
    """:func:`run_stage` on Spark, once the case is known to hold something for it:
    the lake checked and the inputs read with the case open read-only, the job with it
    closed, the result kept in a transaction after."""
    with case.connect(read_only=True) as con:
        # the lake first: a missing, altered or stale one is refused before the inputs
        # are read (building the transfers and hashing them costs minutes on a big case)
        step("checking the case's lake")
        manifest = lake_for_spark(case.root, con)
        read = inputs(con)
    if vet is not None:
        vet(read)
    step(f"starting spark on {master}" if spark is None else "opening the lake on spark")
    with spark_engine(case, manifest, master, spark) as chosen:
        step(f"running on spark ({chosen.provenance.get('master', master)})")
        result = job(chosen, read)
    step("keeping the result")
    with saving_after_spark(case) as con:
        lake_still_read(case.root, con, manifest)
        again = inputs(con)
        if again != read:  # the lake's check covers it; this says it plainly
            raise TnocError("the case's inputs of this stage changed while Spark ran; "
                            "nothing was saved; run the command again")
        return save(con, again, result, chosen.provenance)


@contextmanager
def saving_after_spark(case: Case) -> Iterator[duckdb.DuckDBPyConnection]:
    """The transaction that keeps what a Spark job computed with the case closed; a
    case another process holds meanwhile (the workspace, a notebook) is said to have
    cost the run (:class:`~tnoc.errors.CaseBusy`, exit 1), not taken for a missing
    case."""
    try:
        with case.transaction() as con:
            yield con
    except CaseBusy as busy:
        raise CaseBusy(f"{busy}. What Spark computed was not saved") from busy
