"""The Spark path as a new user meets it on the command line (issue #27, a new-user
review of ``--engine spark``): options that only apply to Spark, a case with nothing
for a stage, Ctrl-C, names beside ids, a stale lake in ``tnoc verify``.

None of these tests starts a JVM: what is tested happens before Spark starts, or
Spark's part is stood in for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer._click import core as click
from typer.core import TyperArgument, TyperGroup
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import ArgumentError, InputFileError, TnocError
from tnoc.store import Case

SPARK_COMMANDS = {"ingest", "resolve", "money typologies", "money cluster",
                  "network components", "network path"}
"""The commands that take ``--engine`` and ``--spark-master`` (at least these)."""


def spark_commands() -> dict[str, click.Command]:
    """Every command of ``tnoc`` taking both ``--engine`` and ``--spark-master``, by its
    words."""
    import typer.main

    found: dict[str, click.Command] = {}

    def walk(group: TyperGroup, words: list[str]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, TyperGroup):
                walk(command, [*words, name])
            elif command is not None and {"engine", "spark_master"} <= {
                    p.name for p in command.params}:
                found[" ".join([*words, name])] = command

    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    walk(root, [])
    return found


def test_spark_master_without_spark_is_a_usage_error(tmp_path: Path) -> None:
    """``--spark-master`` given to a command running on DuckDB is refused (exit 2)
    before anything runs, on every command that takes it; its default is no
    ``--spark-master`` given, so a command without it runs as before."""
    case = Case.init(tmp_path / "case")
    commands = spark_commands()
    assert set(commands) >= SPARK_COMMANDS
    runner = CliRunner()
    for words, command in commands.items():
        arguments = ["x" for p in command.params if isinstance(p, TyperArgument)]
        for engine in ([], ["--engine", "duckdb"]):
            got = runner.invoke(app, [*words.split(), *arguments, "-c", str(case.root),
                                      *engine, "--spark-master", "local[3]"])
            assert isinstance(got.exception, ArgumentError), (words, got.output)
            assert "--spark-master local[3]: only applies with --engine spark" in str(
                got.exception)
    # without it: the command runs (here it finds nothing to do), no usage error
    got = runner.invoke(app, ["network", "components", "-c", str(case.root)])
    assert isinstance(got.exception, TnocError), got.output
    assert not isinstance(got.exception, ArgumentError)
    assert "no ties" in str(got.exception)
    # with Spark the master is judged, not refused as misplaced
    got = runner.invoke(app, ["network", "components", "-c", str(case.root), "--engine",
                              "spark", "--spark-master", "bogus"])
    assert isinstance(got.exception, ArgumentError)
    assert "not a Spark master URL" in str(got.exception)


def test_spark_master_without_spark_through_the_entry_point(tmp_path: Path) -> None:
    """The real ``tnoc``: the message on standard error and exit 2."""
    from .conftest import run_tnoc

    case = Case.init(tmp_path / "case")
    got = run_tnoc("money", "typologies", "-c", str(case.root), "--spark-master",
                   "spark://127.0.0.1:7077")
    assert got.returncode == 2, got.stderr
    assert "only applies with --engine spark" in got.stderr


@pytest.fixture
def no_spark(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any start of Spark fails the test: what is tested must be said before."""
    from tnoc.store import case_engine

    def started(*_: object, **__: object) -> None:
        raise AssertionError("Spark was started")

    monkeypatch.setattr(case_engine, "start_spark", started)
    monkeypatch.setattr(case_engine, "spark_engine", started)


@pytest.fixture(scope="module")
def calls_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Calls and messages only: no ties for the components, no payments, no lake."""
    from tnoc.ingest.pipeline import ingest_file

    from .conftest import ROOT

    case = Case.init(tmp_path_factory.mktemp("calls") / "case")
    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv")
    return case


def test_ingest_on_spark_reads_the_file_before_spark_starts(calls_case: Case, tmp_path: Path,
                                                            no_spark: None) -> None:
    """``tnoc ingest --engine spark`` starts Spark once the file is read and checked: a
    file already taken in, or one with a row of too many fields, is said in a second or
    two, not after Spark's start (about 20 s; a new-user review, helper-134)."""
    from .conftest import ROOT

    calls = ROOT / "tests" / "data" / "cdr" / "calls.csv"
    runner = CliRunner()
    again = runner.invoke(app, ["ingest", "call_records", str(calls), "-c",
                                str(calls_case.root), "--engine", "spark"])
    assert again.exit_code == 0 and "already ingested" in again.output, again.output
    lines = calls.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "calls_bad.csv"
    bad.write_text("\n".join([*lines[:3], lines[3] + ",extra", *lines[4:]]) + "\n",
                   encoding="utf-8")
    refused = runner.invoke(app, ["ingest", "call_records", str(bad), "-c",
                                  str(calls_case.root), "--engine", "spark"])
    assert isinstance(refused.exception, InputFileError), refused.output
    assert "line 4" in str(refused.exception)


def test_nothing_to_do_is_said_before_spark_starts(calls_case: Case, tmp_path: Path,
                                                   no_spark: None) -> None:
    """A case without ties (components) or payments (typologies), or an empty one
    (path): on Spark the same error as on DuckDB, from the case's store, before the
    lake is looked for (this case has none) and before Spark starts."""
    from tnoc.graph.whole_paths import case_whole_path

    runner = CliRunner()
    for words, said in ((["network", "components"], "the case holds no ties: nothing "
                         "to measure"),
                        (["money", "typologies"], "no payments in this case")):
        errors = []
        for engine in ("duckdb", "spark"):
            got = runner.invoke(app, [*words, "-c", str(calls_case.root), "--engine",
                                      engine])
            assert type(got.exception) is TnocError, (words, engine, got.exception)
            errors.append(str(got.exception))
        assert errors[0] == errors[1] and said in errors[0], errors
    with pytest.raises(TnocError, match="no ties of schema Ownership: nothing to measure"):
        runner.invoke(app, ["network", "components", "-c", str(calls_case.root),
                            "--engine", "spark", "--schema", "Ownership"],
                      catch_exceptions=False)
    said_on = []  # co-spend clusters: nothing to cluster is no error, on either engine
    for engine in ("duckdb", "spark"):
        got = runner.invoke(app, ["money", "cluster", "-c", str(calls_case.root),
                                  "--engine", engine])
        assert got.exit_code == 0, got.output
        said_on.append(" ".join(got.output.split()))
    assert said_on[0] == said_on[1] and "nothing to cluster" in said_on[0]
    empty = Case.init(tmp_path / "empty")
    with pytest.raises(TnocError, match="the case holds no ties: no path to search"):
        case_whole_path(empty, "a", "b", engine="spark")
    # the calls are ties of a path (as on DuckDB): the case is not refused for want of them
    from tnoc.graph.whole import require_ties

    with calls_case.connect(read_only=True) as con:
        require_ties(con, interactions=True)
        with pytest.raises(TnocError, match="no ties"):
            require_ties(con)


def test_payments_with_no_usable_transfer_never_start_spark(tmp_path: Path,
                                                            no_spark: None) -> None:
    """Payments none of which is a usable transfer (their amounts are no numbers):
    ``money typologies`` on Spark says what DuckDB says (the payments read, their
    problems, no alert, exit 0) without starting Spark, and without a lake to read
    (the case has none): first by a look at the payments' statements
    (``payments_could_transfer``), then, that look failing the run, by the transfers
    the DuckDB run kept."""
    import tnoc.money.transfers as transfers
    from tnoc.ingest.pipeline import ingest_file

    from .conftest import ROOT

    sample = (ROOT / "examples" / "data" / "aml" / "saml-d_sample_1k.csv").read_text(
        encoding="utf-8").splitlines()
    header = sample[0].split(",")
    rows = []
    for line in sample[1:4]:
        cells = line.split(",")
        cells[header.index("Amount")] = "abc"
        rows.append(",".join(cells))
    payments = tmp_path / "no_amounts.csv"
    payments.write_text("\n".join([sample[0], *rows]) + "\n", encoding="utf-8")
    case = Case.init(tmp_path / "case")
    ingest_file(case, "saml_d", payments)
    with case.connect(read_only=True) as con:
        assert not transfers.payments_could_transfer(con)
    said = []
    for run, engine in enumerate(("spark", "duckdb", "spark")):
        with pytest.MonkeyPatch.context() as patched:
            if run == 2:  # the build the DuckDB run kept answers
                patched.setattr(transfers, "payments_could_transfer", None)
            got = CliRunner().invoke(app, ["money", "typologies", "-c", str(case.root),
                                           "--engine", engine])
        assert got.exit_code == 0, (engine, got.output, got.exception)
        said.append(" ".join(got.output.split()))
    assert said[0] == said[1] == said[2], said
    assert "3 payments read, 0 usable by the rules" in said[0]
    assert "amount is not a number" in said[0]
    assert "0 alerts over 0 of 0 transfers" in said[0]


def in_py4j(body: str, module: str = "py4j.clientserver", **names: object) -> Any:
    """A function running ``body`` as if it were Py4J's own code (its module named
    ``module``): where the command waits while Spark works."""
    namespace: dict[str, Any] = {"__name__": module, **names}
    exec(f"def waiting():\n    {body}\n", namespace)  # noqa: S102 (the test's own text)
    return namespace["waiting"]


def test_ctrl_c_while_waiting_on_spark_cancels_its_jobs() -> None:
    """Ctrl-C landing in a call to the JVM: Spark's jobs are cancelled from another
    thread (no re-entrant Py4J call, nothing logged) and the call is left to end; the
    error the cancelled job gives leaves the block as KeyboardInterrupt, and so does a
    stage that goes on. Ctrl-C in Python code raises at once. The handler in place
    before is put back, even when PySpark installs its own meanwhile."""
    import signal
    import threading

    from tnoc.store.spark_interrupt import (
        keeping_our_handler,
        raise_if_interrupted,
        spark_interrupts,
    )

    before = signal.getsignal(signal.SIGINT)
    cancelled = threading.Event()
    interrupt = in_py4j("signal.raise_signal(signal.SIGINT)", signal=signal)
    with pytest.raises(KeyboardInterrupt) as stopped, spark_interrupts(cancelled.set):
        with keeping_our_handler():  # a SparkContext starting installs PySpark's
            signal.signal(signal.SIGINT, signal.default_int_handler)
        interrupt()  # the call returns: the job it waited on was cancelled
        assert cancelled.wait(5)
        raise TnocError("mapping 'saml_d' failed on this file: Job 3 cancelled")
    assert stopped.value.__context__ is None or stopped.value.__suppress_context__
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None):
        interrupt()
        raise_if_interrupted()  # the stage's next Spark statement
        raise AssertionError("not stopped")
    with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None):
        interrupt()  # a stage that ends as if nothing happened is stopped all the same
    launching = in_py4j("signal.raise_signal(signal.SIGINT)", "pyspark.java_gateway",
                        signal=signal)
    reached = []
    with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None) as state:
        launching()  # returns: the JVM's launch goes on (an orphan JVM otherwise)
        reached.append(state.requested)
    assert reached == [True]
    with pytest.raises(KeyboardInterrupt), spark_interrupts(
            lambda: pytest.fail("nothing to cancel")):
        signal.raise_signal(signal.SIGINT)
        raise AssertionError("not stopped at once")
    assert signal.getsignal(signal.SIGINT) is before
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # started in a shell's background
    try:
        with spark_interrupts(lambda: pytest.fail("no Ctrl-C here")):
            assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
            with keeping_our_handler():  # PySpark's handler, as its context starts,
                signal.signal(signal.SIGINT, signal.default_int_handler)
            # gives way: a kill -INT to a background command stays ignored (it had
            # reached PySpark's handler, which logged Py4J's tracebacks; session 53)
            assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_ctrl_c_stops_the_commands_own_jvm_when_its_call_is_no_job(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A call to the JVM that is no job (Spark's context starting, a long query plan)
    ignores the cancel: the JVM the command started is stopped STOP_AFTER seconds after
    Ctrl-C, or at once at a second Ctrl-C, so the waiting call fails and the command
    stops as Ctrl-C; the session is not stopped over the dead connection but forgotten
    as the block is left. A JVM the command did not start (a notebook's) is never
    stopped. The JVM is stood in for by a process the waiting call waits on, as Py4J
    waits on the JVM's socket."""
    import signal
    import subprocess
    import time
    from unittest.mock import MagicMock

    from tnoc.store import spark_interrupt
    from tnoc.store.spark_interrupt import own_jvm, spark_interrupts, stop_session

    forgotten: list[bool] = []
    monkeypatch.setattr(spark_interrupt, "_forget_spark", lambda: forgotten.append(True))
    monkeypatch.setattr(spark_interrupt, "STOP_AFTER", 3.0)
    presses = in_py4j("signal.raise_signal(signal.SIGINT)", signal=signal)

    def started() -> subprocess.Popen[bytes]:
        return subprocess.Popen(["sleep", "60"])

    for second_press, within in ((False, 15.0), (True, 2.5)):
        jvm, session = started(), MagicMock()
        wait = in_py4j("jvm.wait(timeout=30)\n    raise RuntimeError('Answer from Java "
                       "side is empty')", jvm=jvm)
        began = time.monotonic()
        with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None) as state:
            own_jvm(jvm)  # as launch_quiet tells it
            try:
                presses()
                if second_press:
                    presses()
                wait()  # the no-job call: it ends only when the JVM does
            finally:
                stop_session(session)
        assert time.monotonic() - began < within, second_press
        assert state.jvm_stopped and jvm.returncode == -signal.SIGKILL
        assert not session.stop.called and forgotten.pop()
    # a JVM the command did not start is left running, the session stopped as ever
    jvm, session = started(), MagicMock()
    try:
        with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None) as state:
            presses()
            time.sleep(4.0)  # past STOP_AFTER
            stop_session(session)
        assert jvm.poll() is None and not state.jvm_stopped and not forgotten
        assert session.stop.called
    finally:
        jvm.kill()
        jvm.wait()


def test_a_jvm_killed_on_ctrl_c_leaves_no_python_tracebacks(
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """When Ctrl-C kills the JVM the command started, PySpark's Python side is quiet:
    Py4J's "Exception while sending command" (logged with its traceback) and the
    accumulator server's "Exception occurred during processing of request" (printed by
    its socketserver) reached the terminal, 24 to 41 lines after the one "interrupted"
    line (a new-user test of ``tnoc resolve --engine spark``). Once the command has
    stopped, what is logged is shown again. The JVM and the server are stood in for."""
    import logging
    import subprocess
    import sys
    import types

    import pyspark

    from tnoc.store import spark_interrupt
    from tnoc.store.spark_interrupt import SparkInterrupt, begin_stopping

    class Server:  # what socketserver's handle_error does: print to stderr
        def handle_error(self, _request: object, _address: object) -> None:
            print("Exception occurred during processing of request", file=sys.stderr)

    server = Server()
    monkeypatch.setattr(pyspark.SparkContext, "_active_spark_context",
                        types.SimpleNamespace(_accumulatorServer=server))
    handler = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(handler)
    jvm = subprocess.Popen(["sleep", "60"])
    try:
        begin_stopping()  # Ctrl-C was pressed
        assert SparkInterrupt(jvm=jvm).stop_jvm()
        logging.getLogger("py4j.clientserver").error("Exception while sending command.")
        server.handle_error(None, None)
        assert capfd.readouterr().err == ""
        spark_interrupt._QUIET_UNTIL[0] = 0.0  # the command has stopped
        logging.getLogger("tnoc").error("a later error")
        assert "a later error" in capfd.readouterr().err
    finally:
        logging.getLogger().removeHandler(handler)
        spark_interrupt._QUIET_UNTIL[0] = 0.0
        if jvm.poll() is None:
            jvm.kill()
            jvm.wait()


def test_a_block_within_a_block_is_the_outer_one() -> None:
    """A ``spark_interrupts`` block opened within another (``tnoc resolve --engine
    spark`` starts Spark in one and opens the lake in a nested one) is the outer block:
    the JVM the command started, told in the inner block, is the outer's to stop on
    Ctrl-C (it was the inner's, which stopped nothing once left, and the outer's
    handler was replaced meanwhile); the handler before both is back after."""
    import signal
    import subprocess

    from tnoc.store.spark_interrupt import own_jvm, spark_interrupts

    before = signal.getsignal(signal.SIGINT)
    jvm = subprocess.Popen(["sleep", "60"])
    try:
        with spark_interrupts(lambda: None) as outer:
            handler = signal.getsignal(signal.SIGINT)
            with spark_interrupts(lambda: None) as inner:
                assert inner is outer and signal.getsignal(signal.SIGINT) is handler
                own_jvm(jvm)
            assert signal.getsignal(signal.SIGINT) is handler
            assert outer.jvm is jvm and outer.stop_jvm()
        assert signal.getsignal(signal.SIGINT) is before
        assert jvm.returncode == -signal.SIGKILL
    finally:
        if jvm.poll() is None:
            jvm.kill()
            jvm.wait()


def test_ctrl_c_in_ingest_on_spark_exits_130_and_keeps_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tnoc ingest --engine spark`` interrupted while Spark maps the file: exit 130
    as on DuckDB (it was exit 2, "mapping failed on this file"), the intake rolled
    back, no statements, source, exhibit or mapped Parquet left. Spark is stood in
    for: the session by a mock, the mapping by Ctrl-C landing in a call to the JVM
    followed by the error the cancelled job gives."""
    import signal
    import time
    from unittest.mock import MagicMock

    from tnoc.errors import InputFileError, Where
    from tnoc.ingest import pipeline
    from tnoc.store import case_engine, spark_interrupt

    from .conftest import DATA, store_fingerprint

    case = Case.init(tmp_path / "case")
    before = store_fingerprint(case)
    session = MagicMock()
    cancelled: list[str] = []

    def pyspark_handler(*_: object) -> None:
        # PySpark's, as it behaved here: its cancel over the busy connection failed,
        # its KeyboardInterrupt was lost, and the cancelled job's error surfaced
        cancelled.append("pyspark")

    def starting(*_: object, **__: object) -> MagicMock:
        signal.signal(signal.SIGINT, pyspark_handler)  # as a SparkContext starting does
        return session

    monkeypatch.setattr(case_engine, "spark_session", starting)
    monkeypatch.setattr(spark_interrupt, "cancel_spark_jobs",
                        lambda: cancelled.append("tnoc"))
    interrupt = in_py4j("signal.raise_signal(signal.SIGINT)", signal=signal)
    payments = DATA / "aml" / "saml-d_sample_1k.csv"

    def mapping(*_: object) -> None:
        interrupt()
        raise InputFileError("mapping 'saml_d' failed on this file: Job 3 cancelled",
                             Where(payments))

    monkeypatch.setattr(pipeline, "_map", mapping)
    monkeypatch.setattr(pipeline, "send_rows", lambda *_: None)  # no Spark to send to
    got = CliRunner().invoke(app, ["ingest", "saml_d", str(payments), "-c",
                                   str(case.root), "--engine", "spark"])
    assert got.exit_code == 130, (got.exception, got.output)
    for _ in range(50):  # the cancelling thread's work
        if cancelled:
            break
        time.sleep(0.1)
    assert set(cancelled) == {"tnoc"} and session.stop.called
    assert store_fingerprint(case) == before
    assert not [p for p in case.root.rglob("*") if p.is_file() and (
        "exhibits" in p.parts or p.suffix == ".parquet")]


def test_interrupted_command_says_so_and_exits_130(
        calls_case: Case, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``tnoc`` stopped by Ctrl-C (here in a stage's first look at the case): exit 130,
    one short line on standard error, no traceback; on either engine."""
    import sys

    from tnoc.cli.main import main
    from tnoc.graph import whole

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(whole, "require_ties", interrupted)
    for engine in ("duckdb", "spark"):
        monkeypatch.setattr(sys, "argv", ["tnoc", "network", "components", "-c",
                                          str(calls_case.root), "--engine", engine])
        with pytest.raises(SystemExit) as stopped:
            main()
        assert stopped.value.code == 130
        said = capsys.readouterr().err
        assert said.strip() == ("interrupted (Ctrl-C): what the command had not "
                                "committed was rolled back"), said


def test_ctrl_c_while_the_jvm_starts_silences_its_protest(
        capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C while the JVM starts: PySpark removes the folder the JVM was to write its
    port to, and the JVM's Java traceback about it is not relayed (the relay is told to
    keep quiet, :func:`tnoc.store.spark_logs.launch_quiet`); before that, its lines
    pass as ever."""
    import io
    import threading

    from tnoc.store import spark_logs

    quiet = threading.Event()
    quiet.set()
    said = (b'Exception in thread "main" java.nio.file.NoSuchFileException: '
            b"/tmp/x/connection1.info\n\tat java.base/sun.nio.fs.UnixException\n")
    spark_logs._relay(io.BufferedReader(io.BytesIO(said)), quiet)
    assert capfd.readouterr().err == ""
    spark_logs._relay(io.BufferedReader(io.BytesIO(b"ERROR one\n")), threading.Event())
    assert capfd.readouterr().err == "ERROR one\n"


def _gangs_read_as_on_spark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            *gangs: str) -> Case:
    """A case of the ``gangs``' networks with its lake, whose Spark stages read, instead
    of a JVM, a copy of the store as it was when the lake was written (no Spark test:
    what the command does around the stage is under test)."""
    import shutil
    from collections.abc import Iterator
    from contextlib import contextmanager

    import duckdb

    from tnoc.ingest.pipeline import ingest_file
    from tnoc.store import case_engine as engines
    from tnoc.store.engine import DuckDBEngine
    from tnoc.store.lake import write_lake

    from .conftest import ROOT

    case = Case.init(tmp_path / "case")
    for gang in gangs:
        ingest_file(case, "criminal_network",
                    ROOT / "examples" / "data" / "networks" / f"{gang}.csv")
    write_lake(case)
    frozen = tmp_path / "as-read.duckdb"
    shutil.copyfile(case.db_path, frozen)

    @contextmanager
    def stand_in(case: Case, manifest: str, master: str = "local[2]",
                 spark: Any = None) -> Iterator[engines.CaseEngine]:
        with duckdb.connect(str(frozen), read_only=True) as con:
            yield engines.CaseEngine(DuckDBEngine(con), {
                "engine": "spark", "master": master, "lake_manifest_sha256": manifest})

    monkeypatch.setattr(engines, "spark_engine", stand_in)
    return case


def test_components_name_beside_id_on_both_engines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tnoc network components``: each component and its most central actor by name
    and id, in the table, JSON (``component`` the id as before, ``component_name``;
    ``most_central`` the name as before, ``most_central_id``) and the CSV of every
    actor (``name`` beside ``node``, ``component_name`` beside ``component``); the same
    on Spark, whose part is stood in for by DuckDB over a copy of the store (the names
    are read from the case's store after the job, whichever engine ran it)."""
    import csv
    import json

    from tnoc.store.lookup import captions


    case = _gangs_read_as_on_spark(tmp_path, monkeypatch, "LONDON_GANG", "MONTREALGANG")
    runner = CliRunner()
    docs, tables = {}, {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.csv"
        args = ["network", "components", "-c", str(case.root), "--engine", engine]
        got = runner.invoke(app, [*args, "--json", "--all", "--csv", str(out)])
        assert got.exit_code == 0, got.output
        docs[engine] = json.loads(got.stdout)["rows"]
        with out.open(encoding="utf-8") as fh:
            tables[engine] = list(csv.DictReader(fh))
        shown = runner.invoke(app, args)
        assert "most central id" in shown.stdout and "component id" in shown.stdout
    def names_and_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "pagerank"} for r in rows]

    # (PageRank agrees to rounding: the sums run in another order)
    assert names_and_ids(docs["duckdb"]) == names_and_ids(docs["spark"])
    assert names_and_ids(tables["duckdb"]) == names_and_ids(tables["spark"])
    assert len(docs["duckdb"]) >= 2
    with case.connect(read_only=True) as con:
        names = captions(con, [r["node"] for r in tables["duckdb"]])
    for row in docs["duckdb"]:
        assert row["most_central"] == names[row["most_central_id"]]
        assert row["component_name"] == names[row["component"]]
    for row in tables["duckdb"]:
        assert row["name"] == names[row["node"]]
        assert row["component_name"] == names[row["component"]]
    assert list(tables["duckdb"][0])[:4] == ["node", "name", "component", "component_name"]


def test_verify_warns_of_a_lake_older_than_a_merge(tmp_path: Path) -> None:
    """``tnoc verify`` says it re-hashed the lake, and a merge after the lake was
    written is a warning (the lake is intact: no failure) naming the command that
    writes it anew, in the words Spark refuses it with; a case without a lake is told
    the exact command that writes one (not "again")."""
    from tnoc.errors import Refused
    from tnoc.evidence.verify import verify_case
    from tnoc.ingest.pipeline import ingest_file
    from tnoc.resolve.judgements import judge
    from tnoc.store.case_engine import lake_for_spark
    from tnoc.store.lake import lake_command, write_lake

    from .conftest import ROOT

    case = Case.init(tmp_path / "my case")
    ingest_file(case, "criminal_network",
                ROOT / "examples" / "data" / "networks" / "LONDON_GANG.csv")
    command = lake_command(case.root)
    assert command == f"tnoc case lake --case '{case.root}'"  # quoted: a space in it
    with case.connect(read_only=True) as con, pytest.raises(Refused) as refused:
        lake_for_spark(case.root, con)
    assert str(refused.value).endswith(f"has no lake; Spark reads the case from its "
                                       f"lake: write it with '{command}'")
    write_lake(case)
    checked = verify_case(case, record=False)
    assert checked.ok and checked.lake_files and checked.lake_files > 0
    assert not [w for w in checked.warnings if "lake" in w]
    with case.transaction() as con:
        judge(con, "net-LONDON_GANG-1", "net-LONDON_GANG-2", "positive", author="tester")
    checked = verify_case(case, record=False)
    assert checked.ok, checked.problems  # intact: a warning, not tampering
    stale = [w for w in checked.warnings if "lake" in w]
    assert len(stale) == 1 and "before 1 later judgement (merges" in stale[0]
    assert stale[0].endswith(f"('{command}' writes it again)")
    with case.connect(read_only=True) as con, pytest.raises(Refused) as refused:
        lake_for_spark(case.root, con)
    # the same reason, the command said once at the end
    reason = stale[0].removesuffix(f" ('{command}' writes it again)")
    assert str(refused.value).endswith(f"{reason}; write it again with '{command}'")
    assert str(refused.value).count(command) == 1
    got = CliRunner().invoke(app, ["verify", str(case.root), "--no-record"])
    said = " ".join(got.stdout.split())
    assert got.exit_code == 0, got.output
    assert "lake files re-hashed" in said and "later judgement" in said


def test_components_on_spark_show_each_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tnoc network components`` shows its steps on a terminal (the spinner and time
    elapsed of every tnoc command, on standard error), so Spark's start and job are
    not silence: checking the lake, starting Spark, running, keeping the result. Spark
    is stood in for by DuckDB over a copy of the store; the spinner by a recorder."""

    from rich.progress import Progress

    from tnoc.cli import network


    case = _gangs_read_as_on_spark(tmp_path, monkeypatch, "LONDON_GANG")

    steps: list[str] = []

    class Recorder(Progress):
        def update(self, task: Any, **kwargs: Any) -> None:
            if "description" in kwargs:
                steps.append(str(kwargs["description"]))
            super().update(task, **kwargs)

    monkeypatch.setattr(network, "_progress", lambda: Recorder(disable=True))
    got = CliRunner().invoke(app, ["network", "components", "-c", str(case.root),
                                   "--engine", "spark", "--spark-master", "local[3]"])
    assert got.exit_code == 0, got.output
    assert steps == ["components: checking the case's lake",
                     "components: starting spark on local[3]",
                     "components: running on spark (local[3])",
                     "components: keeping the result"]


def test_ctrl_c_while_spark_starts_stops_the_session_once_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the JVM is launched: the launch is let finish (interrupted, PySpark
    removed the JVM's port folder and the JVM lived on without its Python: an orphan
    seen after such a test), then the new session is stopped and the command leaves
    as KeyboardInterrupt."""
    import signal
    from unittest.mock import MagicMock

    from tnoc.store import case_engine
    from tnoc.store.spark_interrupt import spark_interrupts

    session = MagicMock()
    launching = in_py4j("signal.raise_signal(signal.SIGINT)", "pyspark.java_gateway",
                        signal=signal)

    def starting(*_: object, **__: object) -> MagicMock:
        launching()
        return session

    monkeypatch.setattr(case_engine, "spark_session", starting)
    with pytest.raises(KeyboardInterrupt), spark_interrupts(lambda: None):
        case_engine.start_spark("local[1]")
        raise AssertionError("the started session was handed on")
    assert session.stop.called


def test_yarn_without_its_configuration_is_said_before_a_jvm_starts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``--spark-master yarn`` needs the cluster's configuration folder: without
    HADOOP_CONF_DIR or YARN_CONF_DIR Spark's JVM failed with a Java stack trace under a
    hint about installing Java (a new-user review, helper-134). Now said at once."""
    from tnoc.store.case_engine import check_master

    monkeypatch.delenv("HADOOP_CONF_DIR", raising=False)
    monkeypatch.delenv("YARN_CONF_DIR", raising=False)
    with pytest.raises(TnocError, match="set HADOOP_CONF_DIR or YARN_CONF_DIR"):
        check_master("yarn")
    monkeypatch.setenv("YARN_CONF_DIR", "/etc/hadoop/conf")
    check_master("yarn")  # left to Spark, as before
