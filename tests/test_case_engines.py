"""A case's heavy stage on either engine (issue #27, Must show: the differential test).

``tnoc network components`` (:func:`tnoc.graph.whole.whole_graph`) runs on the case's
DuckDB store or on Spark reading the case's lake (:mod:`tnoc.store.case_engine`). On a
case of real data (the CDR calls, whose calls are no ties; the SAML-D 1k sample:
payments, directed; the London gang: undirected ties; two members merged by a
judgement) both engines give the
same nodes, components and degrees exactly and PageRank to 1e-9, and the DuckDB side
equals networkx (components partition, degree, PageRank). Spark refuses a missing or
stale lake naming the command that writes it. The demo case is compared too when
``TNOC_SPARK_DEMO`` names a copy of it with its lake (slow: minutes on Spark).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

import tnoc.money.transfers as transfers_module
from tnoc.cli.main import app
from tnoc.errors import ArgumentError, Refused, TnocError
from tnoc.evidence.verify import verify_case
from tnoc.graph.results import (
    WHOLE_GRAPH_MEASURES,
    components_listed,
    save_whole_graph,
    tie_sources,
)
from tnoc.graph.whole import WholeGraph, WholeGraphParams, components_by_size, whole_graph
from tnoc.graph.whole_paths import WholePath, WholePathParams, case_whole_path
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.money.transfers import build_transfers
from tnoc.resolve.judgements import judge
from tnoc.store import Case
from tnoc.store.case_engine import case_engine
from tnoc.store.lake import write_lake

from .conftest import DATA, PRODUCTION_SQL, ROOT
from .test_engine import rows

PEOPLE = ("net-LONDON_GANG-1", "net-LONDON_GANG-2")
"""Two gang members merged by a judgement in the test case (their tie becomes a
self-tie of the merged entity)."""


def attempts_slice(path: Path, per_typology: int, with_lines: tuple[int, ...] = ()) -> str:
    """The first ``per_typology`` laundering attempts of each typology of an AMLworld
    patterns file, and the attempts holding any of the lines ``with_lines`` (1-based),
    as written (a real, small file every money rule finds alerts in)."""
    out: list[str] = []
    kept: dict[str, int] = {}
    attempt: list[str] = []
    keep = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(
            keepends=True), start=1):
        if line.startswith("BEGIN LAUNDERING ATTEMPT"):
            typology = line.split(" - ", 1)[1].split(":")[0].strip()
            kept[typology] = kept.get(typology, 0) + 1
            keep = kept[typology] <= per_typology
            attempt = []
        attempt.append(line)
        keep = keep or number in with_lines
        if line.startswith("END LAUNDERING ATTEMPT"):
            if keep:
                out.extend(attempt)
            keep, attempt = False, []
    return "".join(out)


@pytest.fixture(scope="module")
def engines_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Calls (no ties), payments (directed: SAML-D's and 48 AMLworld attempts, 6 of
    each typology), the London gang (undirected), two members merged, and the lake
    written after the merge."""
    folder = tmp_path_factory.mktemp("engines")
    case = Case.init(folder / "case")
    ingest_file(case, "call_records", ROOT / "tests" / "data" / "cdr" / "calls.csv")
    ingest_file(case, "saml_d", ROOT / "examples" / "data" / "aml" / "saml-d_sample_1k.csv")
    attempts = folder / "amlworld_attempts.txt"
    attempts.write_text(attempts_slice(
        ROOT / "examples" / "data" / "aml" / "amlworld_HI-Medium_Patterns.txt", 6),
        encoding="utf-8")
    ingest_file(case, "amlworld_patterns", attempts)
    ingest_file(case, "criminal_network",
                ROOT / "examples" / "data" / "networks" / "LONDON_GANG.csv")
    with case.transaction() as con:
        judge(con, *PEOPLE, "positive", author="tester")
        build_transfers(con)  # as 'tnoc case lake' does: the lake holds the transfers
    write_lake(case)
    return case


def on(case: Case, engine: str, spark: Any = None,
       params: WholeGraphParams | None = None) -> WholeGraph:
    with case.transaction() as con, case_engine(con, case, engine, spark=spark) as chosen:
        return whole_graph(chosen.engine, params)


def assert_same(a: pa.Table, b: pa.Table) -> None:
    """Exactly for text and integers, to 1e-9 for PageRank."""
    assert a.column_names == b.column_names
    assert a.num_rows == b.num_rows
    for name in a.column_names:
        if name == "pagerank":
            gap = max(abs(x - y) for x, y in zip(a[name].to_pylist(), b[name].to_pylist(),
                                                 strict=True))
            assert gap <= 1e-9, gap
        else:
            assert a[name].to_pylist() == b[name].to_pylist(), name


def oracle(case: Case, schemata: tuple[str, ...] = ()) -> nx.DiGraph:
    """The case's ties as networkx reads them, from the ``edges`` view directly."""
    graph = nx.DiGraph()
    with case.connect(read_only=True) as con:
        for source, target, directed, schema in con.execute(
                "SELECT source, target, directed, schema FROM edges "
                "WHERE source IS NOT NULL AND target IS NOT NULL").fetchall():
            if schemata and schema not in schemata:
                continue
            graph.add_edge(source, target)
            if directed is False:
                graph.add_edge(target, source)
    return graph


@pytest.mark.parametrize("schemata", [(), ("NetworkTie",)])
def test_duckdb_equals_networkx(engines_case: Case, schemata: tuple[str, ...]) -> None:
    result = on(engines_case, "duckdb", params=WholeGraphParams(schemata=schemata))
    graph = oracle(engines_case, schemata)
    nodes = result.nodes.to_pylist()
    assert [n["node"] for n in nodes] == sorted(graph.nodes)
    assert result.arcs == graph.number_of_edges()
    # the merged caller is one node, under the canonical id
    with engines_case.connect(read_only=True) as con:
        merged = {str(r[0]) for r in con.execute(
            "SELECT entity_id FROM canonical_map WHERE canonical_id <> entity_id").fetchall()}
    assert merged & set(PEOPLE) and not merged & set(graph.nodes)
    # components: the same partition, each named by its smallest member
    mine: dict[str, set[str]] = {}
    for n in nodes:
        mine.setdefault(n["component"], set()).add(n["node"])
    theirs = list(nx.weakly_connected_components(graph))
    assert sorted(map(sorted, mine.values())) == sorted(map(sorted, theirs))
    assert all(name == min(members) for name, members in mine.items())
    assert result.components == len(theirs)
    assert len(theirs) > 1 or schemata  # payments: many; the London gang: one
    for n in nodes:
        assert (n["in_degree"], n["out_degree"]) == (graph.in_degree(n["node"]),
                                                     graph.out_degree(n["node"]))
        assert n["degree"] == n["in_degree"] + n["out_degree"]
    listed = components_by_size(result)
    assert [(r.component, r.actors) for r in listed] == sorted(
        ((c, len(m)) for c, m in mine.items()), key=lambda x: (-x[1], x[0]))
    rank = {n["node"]: n["pagerank"] for n in nodes}
    for row in listed:
        best = max(rank[m] for m in mine[row.component])
        assert row.pagerank == rank[row.top] == best
        assert row.top == min(m for m in mine[row.component] if rank[m] == best)
    # within the bound it states (1e-6 at most by default) of networkx's exact scores,
    # in total (L1) and so for every actor
    exact = nx.pagerank(graph, alpha=0.85, tol=1e-15, max_iter=1000)
    assert 0 < result.pagerank_error <= 1e-6
    assert sum(abs(n["pagerank"] - exact[n["node"]]) for n in nodes) <= result.pagerank_error
    assert abs(sum(n["pagerank"] for n in nodes) - 1) < 1e-9


@pytest.mark.spark
def test_spark_equals_duckdb(engines_case: Case, spark: Any) -> None:
    """The differential test: the same stage on both engines, every column compared,
    and both runs stored the same way (node_measures)."""
    duck = on(engines_case, "duckdb")
    on_spark = on(engines_case, "spark", spark)
    assert (on_spark.engine, duck.engine) == ("spark", "duckdb")
    assert (on_spark.arcs, on_spark.components, on_spark.iterations) == (
        duck.arcs, duck.components, duck.iterations)
    assert_same(duck.nodes, on_spark.nodes)
    # stored the same way: the two runs' rows agree, the provenance names the engine
    params = WholeGraphParams()
    with engines_case.transaction() as con:
        sources = tie_sources(con)
        ids = [save_whole_graph(con, r, params, {"engine": r.engine}, sources)
               for r in (duck, on_spark)]
        assert ids[0] == ids[1]
        runs = con.execute("SELECT run_at, parameters FROM projections WHERE "
                           "projection_id = $p ORDER BY run_at", {"p": ids[0]}).fetchall()
        assert [json.loads(p)["engine"] for _, p in runs[-2:]] == ["duckdb", "spark"]
        stored = [con.execute("SELECT entity_id, measure, value FROM node_measures WHERE "
                              "projection_id = $p AND run_at = $t ORDER BY 1, 2",
                              {"p": ids[0], "t": at}).fetchall() for at, _ in runs[-2:]]
    assert len(stored[0]) == len(WHOLE_GRAPH_MEASURES) * duck.nodes.num_rows
    for (e1, m1, v1), (e2, m2, v2) in zip(*stored, strict=True):
        assert (e1, m1) == (e2, m2)
        assert v1 == v2 if m1 != "pagerank" else abs(v1 - v2) <= 1e-9
    assert verify_case(engines_case).ok


def test_cli_components_stored_and_verified(engines_case: Case) -> None:
    runner = CliRunner()
    got = runner.invoke(app, ["network", "components", "-c", str(engines_case.root),
                              "--json", "--all"])
    assert got.exit_code == 0, got.output
    doc = json.loads(got.stdout)
    duck = on(engines_case, "duckdb")
    assert doc["engine"] == "duckdb" and doc["actors"] == duck.nodes.num_rows
    assert len(doc["rows"]) == duck.components
    sizes = [r["actors"] for r in doc["rows"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == duck.nodes.num_rows
    with engines_case.connect(read_only=True) as con:
        details = json.loads(con.execute(
            "SELECT details FROM custody_events WHERE json_extract_string(details, "
            "'$.analysis') = 'network measures' ORDER BY seq DESC LIMIT 1").fetchall()[0][0])
    assert details["engine"] == "duckdb" and details["parameters"]["engine"] == "duckdb"
    assert details["components"] == duck.components
    # the run keeps how much evidence it read: every statement of its ties' sources
    with engines_case.connect(read_only=True) as con:
        [(stored, held)] = con.execute(
            "SELECT p.input_statements, (SELECT count(*) FROM statement_store "
            "WHERE list_contains(p.sources, source_id)) FROM projections p "
            "WHERE projection_id = $p ORDER BY run_at DESC LIMIT 1",
            {"p": details["results"][0]}).fetchall()
    assert stored == held > 0
    # an account is named as the money listings name it, its number beside the word
    # (its caption alone was the bare number)
    with engines_case.connect(read_only=True) as con:
        listed = components_listed(con, duck, tie_sources(con), every_actor=True)
    account = min(n for n in listed.names if n.startswith("samld-acct-"))
    assert listed.names[account] == "account " + account.removeprefix("samld-acct-")
    assert doc["pagerank_error_bound"] == details["parameters"]["pagerank_error_bound"] > 0
    assert doc["pagerank_error_bound"] <= 1e-6  # every actor within 1e-6 by default
    tight = runner.invoke(app, ["network", "components", "-c", str(engines_case.root),
                                "--json", "--pagerank-tol", "1e-12"])
    assert tight.exit_code == 0, tight.output  # 100 iterations were too few for this
    assert 0 < json.loads(tight.stdout)["pagerank_error_bound"] <= 1e-12
    zero = runner.invoke(app, ["network", "components", "-c", str(engines_case.root),
                               "--pagerank-tol", "0"])
    assert zero.exit_code == 2 and "--pagerank-tol" in zero.output
    said = runner.invoke(app, ["network", "components", "-c", str(engines_case.root)])
    assert re.search(r"PageRank in \d+ iterations \(every actor within [0-9.e-]+ of the "
                     r"exact score: --pagerank-tol sets the bound\)",
                     " ".join(said.stdout.split()))
    assert verify_case(engines_case).ok
    # an actor's dossier names its component as the listing does (its smallest
    # member's id and name), with no rank: a component number is a label, not a score
    from tnoc.store.dossier import dossier

    largest = doc["rows"][0]
    with engines_case.connect(read_only=True) as con:
        [measured] = [a for a in dossier(con, largest["most_central_id"]).analyses
                      if a["kind"] == "NetworkMeasure" and a["role"] == "component"]
    assert "rank" not in measured["facts"]
    assert measured["facts"]["components"] == len(doc["rows"])
    assert largest["component"] in measured["facts"]["component"]
    assert str(largest["component_name"]) in measured["facts"]["component"]
    # an unknown engine: a clear error, non-zero exit
    bad = runner.invoke(app, ["network", "components", "-c", str(engines_case.root),
                              "--engine", "flink"])
    assert bad.exit_code == 2 and "flink" in bad.output


def test_spark_refuses_a_missing_or_stale_lake(engines_case: Case, tmp_path: Path) -> None:
    """Checked before Spark starts: no JVM needed."""
    copy = Case.open(shutil.copytree(engines_case.root, tmp_path / "case"))
    shutil.rmtree(copy.root / "lake")
    runner = CliRunner()
    args = ["network", "components", "-c", str(copy.root), "--engine", "spark"]
    got = runner.invoke(app, args)
    # refused (exit 5 from the command line): Spark reads only the case as it is
    assert isinstance(got.exception, Refused)
    assert "has no lake" in str(got.exception) and "tnoc case lake" in str(got.exception)
    write_lake(copy)
    ingest_file(copy, "criminal_network",
                ROOT / "examples" / "data" / "networks" / "MONTREALGANG.csv")
    got = runner.invoke(app, args)
    assert isinstance(got.exception, Refused) and "tnoc case lake" in str(got.exception)
    assert "later" in str(got.exception)
    write_lake(copy)
    with copy.transaction() as con:
        judge(con, "samld-acct-1006504599", "samld-acct-1007081918", "positive",
              author="tester")
    got = runner.invoke(app, args)
    assert isinstance(got.exception, Refused) and "later judgement" in str(got.exception)


def test_spark_runs_with_the_case_closed_and_refuses_a_case_changed_meanwhile(
        engines_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Spark job runs with the case closed (here: any process may open the case
    for writing while it runs), and what it gave is saved only if the lake is still
    the case as it is: an intake meanwhile is refused, nothing saved. Spark's part is
    stood in for by DuckDB on a copy of the store (no JVM: the command's handling of
    the case is what is tested; the engines' equality is test_spark_equals_duckdb)."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    import duckdb

    from tnoc.store import case_engine as engines
    from tnoc.store.engine import DuckDBEngine

    copy = Case.open(shutil.copytree(engines_case.root, tmp_path / "case"))
    frozen = tmp_path / "as-read.duckdb"
    shutil.copyfile(copy.db_path, frozen)
    change: list[bool] = []

    @contextmanager
    def stand_in(case: Case, manifest: str, master: str = "local[2]",
                 spark: Any = None) -> Iterator[engines.CaseEngine]:
        # the case is closed here: another process could write; this one does
        with duckdb.connect(str(copy.db_path)) as other:
            other.execute("SELECT 1")
        if change:
            ingest_file(case, "criminal_network",
                        ROOT / "examples" / "data" / "networks" / "MONTREALGANG.csv")
        with duckdb.connect(str(frozen), read_only=True) as con:
            yield engines.CaseEngine(DuckDBEngine(con), {
                "engine": "spark", "lake_manifest_sha256": manifest})

    def stored() -> int:
        with copy.connect(read_only=True) as con:
            return int(con.execute(
                "SELECT count(*) FROM custody_events WHERE json_extract_string(details, "
                "'$.analysis') = 'network measures'").fetchall()[0][0])

    monkeypatch.setattr(engines, "spark_engine", stand_in)
    runner = CliRunner()
    args = ["network", "components", "-c", str(copy.root), "--engine", "spark", "--json"]
    before = stored()
    got = runner.invoke(app, args)
    assert got.exit_code == 0, got.output
    assert stored() == before + 1
    change.append(True)
    got = runner.invoke(app, args)
    assert got.exit_code != 0
    assert "changed while Spark ran" in str(got.exception)
    assert "nothing was saved" in str(got.exception)
    assert stored() == before + 1
    assert verify_case(copy).ok


@pytest.mark.slow
@pytest.mark.spark
def test_demo_case_on_both_engines(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo case (``make demo``; 4.3M statements, 257k ties) with its lake, named by
    ``TNOC_SPARK_DEMO`` (a copy: the run stores nothing, but the lake must be written
    in it). On both engines: the whole-graph components, degree and
    PageRank; the transfers and their problems, built on DuckDB from the store and on
    Spark from the lake's statements (the canonical map and the sources given as
    Arrow: the lake holds neither); every money rule through ``tnoc money
    typologies``, the same alerts; entity resolution (Splink, the demo's default model),
    the same candidate pairs (run on the copy: each resolve keeps its run and
    candidates there). Minutes on Spark, so only on request."""
    folder = os.environ.get("TNOC_SPARK_DEMO")
    if not folder:
        pytest.skip("set TNOC_SPARK_DEMO to a copy of the demo case with its lake")
    from tnoc.money.transfers import build_transfer_tables
    from tnoc.store.case_engine import lake_for_spark, spark_engine
    from tnoc.store.engine import DuckDBEngine

    case = Case.open(Path(folder))
    assert_same(on(case, "duckdb").nodes, on(case, "spark", spark).nodes)
    columns = ("transfer_id, payer, beneficiary, ts, amount, currency, channel, source_id, "
               "locator, line, zoned")
    built: list[tuple[list[tuple[object, ...]], list[tuple[object, ...]]]] = []
    with case.connect() as con:
        manifest = lake_for_spark(case.root, con)
        duck = DuckDBEngine(con)
        made = build_transfer_tables(duck)
        built.append((rows(duck.fetch_arrow(f"SELECT {columns} FROM {made.table}")),
                      rows(duck.fetch_arrow(f"SELECT * FROM {made.issues_table}"))))
        given = {name: duck.fetch_arrow(f"SELECT * FROM {name}")
                 for name in ("canonical_map", "sources")}
    with spark_engine(case, manifest, spark=spark) as chosen:
        for name, table in given.items():
            chosen.engine.register_arrow(name, table)
        try:
            made = build_transfer_tables(chosen.engine)
            built.append((
                rows(chosen.engine.fetch_arrow(f"SELECT {columns} FROM {made.table}")),
                rows(chosen.engine.fetch_arrow(f"SELECT * FROM {made.issues_table}"))))
        finally:
            for name in given:
                chosen.engine.drop(name)
    assert built[0][0] and built[0] == built[1]
    import tnoc.store.case_engine as engines

    real = engines.spark_engine
    # the command signs its custody entry with the key of the demo's operator, not the
    # test's own key folder (TNOC_SPARK_DEMO_KEYS, else the default folder)
    monkeypatch.setenv("TNOC_KEYS", os.environ.get(
        "TNOC_SPARK_DEMO_KEYS", str(Path.home() / ".local" / "share" / "tnoc" / "keys")))
    monkeypatch.setattr(engines, "spark_engine",  # the test's session: one per process
                        lambda case, manifest, master="", spark_=None:
                        real(case, manifest, master, spark))
    docs = []
    for engine in ("duckdb", "spark"):
        got = CliRunner().invoke(app, ["money", "typologies", "-c", folder, "--json",
                                       "--all", "--no-store", "--engine", engine])
        assert got.exit_code == 0, got.output
        docs.append(json.loads(got.stdout))
    for key in ("alerts", "alerted_transfers", "transfers", "candidate_transfers",
                "by_typology", "fx_rates_used", "rows"):
        assert docs[0][key] == docs[1][key], key
    from tnoc.resolve.model import ModelOptions
    from tnoc.resolve.review import batch_candidates
    from tnoc.resolve.run import resolve_case

    found = []
    for engine in ("duckdb", "spark"):
        summary = resolve_case(case, ModelOptions(), engine=engine,
                               spark=spark if engine == "spark" else None)
        with case.connect(read_only=True) as con:
            found.append({(str(c["left_id"]), str(c["right_id"]), c["method"])
                          for c in batch_candidates(con, summary.batch)})
    assert found[0] and found[0] == found[1]


def test_spark_that_cannot_start_is_a_clear_error(engines_case: Case,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No Java or a bad --spark-master: PySpark's error (here a RuntimeError as the
    session start raises it, no JVM started) becomes a TnocError naming the master and
    what to check (exit 1 through the entry point, no traceback)."""
    import tnoc.store.case_engine as chosen

    def no_java(master: str, **_: object) -> None:
        raise RuntimeError("Java gateway process exited before sending its port number")

    monkeypatch.setattr(chosen, "spark_session", no_java)
    got = CliRunner().invoke(app, ["network", "components", "-c", str(engines_case.root),
                                   "--engine", "spark", "--spark-master", "local[3]"])
    from tnoc.errors import TnocError

    assert isinstance(got.exception, TnocError), got.exception
    message = str(got.exception)
    assert "local[3]" in message and "Java gateway process exited" in message
    assert "java -version" in message


def test_an_unreachable_master_is_said_in_seconds(engines_case: Case,
                                                  tmp_path: Path) -> None:
    """``--spark-master spark://HOST:PORT`` where no master listens: refused after one
    TCP connection attempt (:func:`tnoc.store.case_engine.check_master`), before a JVM
    is started (Spark's own attempt took ~92 s and ended in a Py4J message), through
    the real entry point: exit 1, the URL, what was tried and how to start a master,
    no traceback; nothing stored; and before the lake is checked (a case without one).
    A URL without a port is said as such."""
    from tnoc.errors import TnocError
    from tnoc.store.case_engine import check_master

    from .conftest import free_port, run_tnoc

    def analyses() -> int:
        with engines_case.connect(read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM custody_events").fetchall()[0][0])

    before = analyses()
    url = f"spark://127.0.0.1:{free_port()}"
    got = run_tnoc("network", "components", "-c", str(engines_case.root), "--engine",
                   "spark", "--spark-master", url)
    assert got.returncode == 1, got.stderr
    assert url in got.stderr and "no Spark master answers" in got.stderr
    assert "TCP connection" in got.stderr and "make spark-cluster" in got.stderr
    assert "Traceback" not in got.stderr and "Py4J" not in got.stderr
    assert analyses() == before
    # before the lake is checked and the inputs read (minutes on a big case)
    bare = Case.init(tmp_path / "bare")
    got = CliRunner().invoke(app, ["network", "components", "-c", str(bare.root),
                                   "--engine", "spark", "--spark-master", url])
    assert isinstance(got.exception, TnocError) and "no Spark master answers" in str(
        got.exception), got.exception
    with pytest.raises(ArgumentError, match="'127.0.0.1' is not HOST:PORT"):
        check_master("spark://127.0.0.1")
    check_master("local[2]")  # local masters: nothing to connect to, nothing checked
    # (yarn needs its configuration folder named: test_spark_cli.py's yarn test)
    for fine in ("local", "local[*]", "local[4,2]"):
        check_master(fine)
    # a Kubernetes API server must answer too (Spark printed ~300 lines of client
    # stack traces under a hint about Java); one that listens passes
    port = free_port()
    with pytest.raises(TnocError, match=f"no Kubernetes API server answers at "
                                        f"127.0.0.1:{port}"):
        check_master(f"k8s://https://127.0.0.1:{port}")
    import socket

    with socket.create_server(("127.0.0.1", 0)) as server:
        check_master(f"k8s://127.0.0.1:{server.getsockname()[1]}")
    # what Spark refuses with a Java stack trace is refused before a JVM starts, as a
    # bad option value (exit 2)
    for bad in ("bogus", "local[0]", "local[x]", "spark://127.0.0.1:99999"):
        with pytest.raises(ArgumentError, match="--spark-master"):
            check_master(bad)


def test_pagerank_without_convergence_is_a_clear_error(engines_case: Case) -> None:
    """PageRank that does not meet its tolerance within max_iter iterations is a
    TnocError saying the settings, not a RuntimeError's traceback."""
    from tnoc.errors import TnocError

    with pytest.raises(TnocError, match="PageRank did not converge in 1 iterations"):
        on(engines_case, "duckdb", params=WholeGraphParams(max_iter=1))


def test_components_handled_as_strictly_as_the_names_shown(tmp_path: Path) -> None:
    """The ties come from a TLP:AMBER source, a name of a most central actor from a
    TLP:RED one (an FtM export's person, judged the same entity): the caption the listing prints
    is chosen among the names of both sources, so the listing is TLP:RED (it was
    TLP:AMBER, decided on the ties' sources only)."""
    from tnoc.ingest.pipeline import IngestOptions

    case = Case.init(tmp_path / "case")
    ingest_file(case, "criminal_network",
                ROOT / "examples" / "data" / "networks" / "LONDON_GANG.csv",
                IngestOptions(handling_code="TLP:AMBER"))
    runner = CliRunner()
    args = ["network", "components", "-c", str(case.root), "--json", "--all"]
    before = json.loads(runner.invoke(app, args).stdout)
    assert before["handling_code"] == "TLP:AMBER"
    top = components_by_size(on(case, "duckdb"))[0].top
    names = tmp_path / "names.ndjson"
    names.write_text(json.dumps({"id": top, "schema": "Person",
                                 "properties": {"name": ["(RED) Kemal Aydin"]}}) + "\n",
                     encoding="utf-8")
    ingest_file(case, "ftm_entities", names, IngestOptions(handling_code="TLP:RED"))
    with case.transaction() as con:
        # another source's id is kept apart ("~" and a hash); an analyst judges them one
        (named,), = con.execute("SELECT DISTINCT entity_id FROM statement_store WHERE "
                                "value = '(RED) Kemal Aydin'").fetchall()
        judge(con, top, str(named), "positive", author="tester")
    got = runner.invoke(app, args)
    assert got.exit_code == 0, got.output
    doc = json.loads(got.stdout)
    assert doc["actors"] == before["actors"] and doc["arcs"] == before["arcs"]
    assert doc["handling_code"] == "TLP:RED"


def typology_alerts(case: Case, run_id: str) -> tuple[list[Any], dict[str, Any]]:
    """A stored typology run: its alerts' statements (the run's id taken out) and its
    custody entry's details."""
    with case.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT replace(entity_id, $r, 'RUN'), prop, replace(value, $r, 'RUN') "
            "FROM statements WHERE source_id = $s ORDER BY ALL",
            {"r": run_id, "s": f"analysis-typologies-{run_id}"}).fetchall()
        details = json.loads(con.execute(
            "SELECT details FROM custody_events WHERE json_extract_string(details, "
            "'$.analysis') = 'typologies' ORDER BY seq DESC LIMIT 1").fetchall()[0][0])
    return rows, details


BIPARTITE_LINES = (21893, 22379, 23117)
"""Three transfers of three attempts of AMLworld HI-Medium (not its BIPARTITE ones) that
form a bipartite group of new relationships at the default parameters: no one attempt
alone does."""


@pytest.fixture(scope="module")
def attempts_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """The first real AMLworld attempt of each of its eight typologies and its lake,
    written before any build of its transfers (so the lake holds none: Spark builds
    them from the lake's statements): the smallest case every money rule runs on
    (Spark costs per statement, not per row)."""
    folder = tmp_path_factory.mktemp("attempts")
    case = Case.init(folder / "case")
    attempts = folder / "amlworld_one_attempt_each.txt"
    attempts.write_text(attempts_slice(
        ROOT / "examples" / "data" / "aml" / "amlworld_HI-Medium_Patterns.txt", 1,
        BIPARTITE_LINES), encoding="utf-8")
    ingest_file(case, "amlworld_patterns", attempts)
    write_lake(case)
    return case


@pytest.fixture(scope="module")
def held_attempts_case(attempts_case: Case, tmp_path_factory: pytest.TempPathFactory
                       ) -> Case:
    """The same attempts taken in as a held source (``--statements parquet``): its lake
    names their Parquet files, which Spark reads in place (:mod:`tnoc.store.held`)."""
    folder = tmp_path_factory.mktemp("held-attempts")
    case = Case.init(folder / "case")
    attempts = folder / "amlworld_one_attempt_each.txt"
    shutil.copy(attempts_case.root.parent / attempts.name, attempts)
    ingest_file(case, "amlworld_patterns", attempts, IngestOptions(held=True))
    write_lake(case)
    assert json.loads((case.root / "lake" / "manifest.json").read_text()
                      )["tables"]["statements"]["held"]
    return case


@pytest.mark.spark
@pytest.mark.parametrize("held", [False, True], ids=["stored", "held"])
def test_typologies_the_same_alerts_on_both_engines(
        held: bool, request: pytest.FixtureRequest, spark_production_sql: Any,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The differential test of the money rules: ``tnoc money typologies`` with every
    rule (through :func:`tnoc.money.typologies.find_alerts`) on DuckDB and on Spark
    (the test's session on production SQL settings: adaptive execution and whole-stage
    codegen on; reading the case's lake) finds the same alerts (typology, transfers,
    money per currency as summed in DECIMAL, first and last time) and stores the same
    statements; the custody entry names the engine, the Spark master and the lake
    manifest read. AMLworld has no smurfing: STRUCTURING runs on both and finds none
    here (its alerts on Spark are tests/test_typology_sets.py's).

    The lake holds no transfers: on Spark they are built there from the lake's
    statements, and the case's store builds none (its builds fail the Spark run here);
    the payments read, usable and their problems by kind are the same as DuckDB's.
    ``held``: the attempts held as Parquet, read by Spark from their files in place."""
    import tnoc.money.transfers as transfers
    import tnoc.store.case_engine as engines

    attempts_case: Case = request.getfixturevalue(
        "held_attempts_case" if held else "attempts_case")
    spark = spark_production_sql
    copy = Case.open(shutil.copytree(attempts_case.root, tmp_path / "case"))
    assert "transfers" not in json.loads(
        (copy.root / "lake" / "manifest.json").read_text())["tables"]
    real = engines.spark_engine
    settings: list[dict[str, str]] = []

    def on_test_session(case: Case, manifest: str, master: str = "local[2]",
                        spark_: Any = None) -> Any:
        settings.append({key: spark.conf.get(key) for key in PRODUCTION_SQL})
        return real(case, manifest, master, spark)

    def no_build_on_duckdb(*_: Any) -> Any:
        raise AssertionError("the case's store built the transfers of a Spark run")

    monkeypatch.setattr(engines, "spark_engine", on_test_session)
    runner = CliRunner()
    docs, kept = {}, {}
    for engine in ("spark", "duckdb"):  # Spark first: no build kept in the store yet
        with monkeypatch.context() as patched:
            if engine == "spark":
                patched.setattr(transfers, "build_transfers", no_build_on_duckdb)
                patched.setattr(transfers, "_build_transfers", no_build_on_duckdb)
            got = runner.invoke(app, ["money", "typologies", "-c", str(copy.root),
                                      "--json", "--all", "--engine", engine])
        assert got.exit_code == 0, got.output
        doc = json.loads(got.stdout)
        assert doc["engine"] == engine
        docs[engine] = doc
        kept[engine] = typology_alerts(copy, doc["run"])
    assert settings == [PRODUCTION_SQL]
    duck, on_spark = docs["duckdb"], docs["spark"]
    stored = [kept["duckdb"], kept["spark"]]
    assert duck["payments"] >= duck["usable"] > 0
    # every AMLworld typology alerted on its one attempt (PASS-THROUGH too)
    assert set(duck["by_typology"]) >= {"FAN-IN", "FAN-OUT", "GATHER-SCATTER",
                                        "SCATTER-GATHER", "CYCLE", "BIPARTITE", "STACK",
                                        "RANDOM", "PASS-THROUGH"}, duck["by_typology"]
    for key in ("alerts", "alerted_transfers", "transfers", "candidate_transfers",
                "by_typology", "fx_rates_used", "rows", "payments", "usable", "problems",
                "handling_code"):
        assert duck[key] == on_spark[key], key
    assert stored[0][0] == stored[1][0] and stored[0][0]
    assert stored[0][1]["engine"] == "duckdb" and "master" not in stored[0][1]
    spark_entry = stored[1][1]
    assert spark_entry["engine"] == "spark" and spark_entry["master"] == "local[1]"
    with copy.connect(read_only=True) as con:
        sealed = con.execute("SELECT item_sha256 FROM custody_events WHERE event_type = "
                             "'sealed' ORDER BY seq DESC LIMIT 1").fetchall()[0][0]
    assert spark_entry["lake_manifest_sha256"] == sealed
    assert verify_case(copy).ok


def test_typologies_on_spark_refuse_some_sources(engines_case: Case) -> None:
    """Spark builds the whole case's transfers from its lake: ``--source`` with
    ``--engine spark`` is refused before anything is read (an option error, no JVM)."""
    got = CliRunner().invoke(app, ["money", "typologies", "-c", str(engines_case.root),
                                   "--engine", "spark", "--source", "calls.csv"])
    assert isinstance(got.exception, ArgumentError) and "--source" in str(got.exception)


def test_typologies_on_spark_check_the_lake_before_reading_payments(
        engines_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lake older than a later intake is refused as such, before the payments are
    read (on a big case: a pass over its payment statements), not after them. 'tnoc
    case lake' (the library's write_lake_with_current_transfers) builds no transfers:
    the lake holds them when the store keeps a build following the case's state, and
    a stale build is discarded, not copied."""
    import tnoc.money.typology_stage as stage
    import tnoc.store.parties as parties
    from tnoc.money.transfers import write_lake_with_current_transfers

    copy = Case.open(shutil.copytree(engines_case.root, tmp_path / "case"))
    later = tmp_path / "amlworld_later.txt"  # one attempt more of each typology
    later.write_text(attempts_slice(
        ROOT / "examples" / "data" / "aml" / "amlworld_HI-Medium_Patterns.txt", 7),
        encoding="utf-8")
    ingest_file(copy, "amlworld_patterns", later)

    def unread(*_: Any) -> Any:
        raise AssertionError("payments read before the lake was checked")

    with monkeypatch.context() as patched:  # the stage's own reads of the payments
        patched.setattr(stage, "case_transfers", unread)
        patched.setattr(parties, "payment_reads", unread)
        got = CliRunner().invoke(app, ["money", "typologies", "-c", str(copy.root),
                                       "--engine", "spark"])
    assert got.exit_code != 0 and "later intake" in str(got.exception), got.exception
    assert "tnoc case lake" in str(got.exception)
    before = json.loads((engines_case.root / "lake" / "manifest.json").read_text())
    with monkeypatch.context() as patched:  # 'tnoc case lake' builds nothing
        patched.setattr(transfers_module, "_build_transfers", unread)
        written = write_lake_with_current_transfers(copy)
    assert "transfers" not in written.manifest["tables"]  # the stored build was stale
    with copy.transaction() as con:
        build_transfers(con)  # as money typologies on DuckDB leaves it
    written = write_lake_with_current_transfers(copy)
    assert written.manifest["tables"]["transfers"]["rows"] > (
        before["tables"]["transfers"]["rows"])


def test_pagerank_states_and_keeps_a_per_actor_tolerance() -> None:
    """networkx's rule (L1 change below N x tol) bounds the total error, which grows
    with N; with ``actor_tol`` (1e-6 by default) every actor's score is provably within
    it of the exact PageRank (d/(1-d) x the last L1 change), checked against networkx
    run to 1e-15 on the Elliptic transactions of time steps 1 to 5 (real Bitcoin
    flows), and the bound each result states holds for networkx's rule too."""
    import pyarrow.csv as pv

    from tnoc.graph.scale import pagerank_iterations_needed
    from tnoc.graph.whole import _pagerank, components_by_smallest_id

    crypto = ROOT / "examples" / "data" / "crypto"
    classes = pv.read_csv(crypto / "elliptic_txs_classes_with_timestep.csv",
                          convert_options=pv.ConvertOptions(column_types={
                              "txId": pa.string(), "class": pa.string()}))
    early = set(pc.filter(classes["txId"], pc.less_equal(classes["time_step"], 5))
                .to_pylist())
    edges = pv.read_csv(crypto / "elliptic_txs_edgelist.csv", convert_options=pv.ConvertOptions(
        column_types={"txId1": pa.string(), "txId2": pa.string()}))
    keep = pc.and_(pc.is_in(edges["txId1"], pa.array(sorted(early))),
                   pc.is_in(edges["txId2"], pa.array(sorted(early))))
    src, dst = pc.filter(edges["txId1"], keep), pc.filter(edges["txId2"], keep)
    ids, _components, s, d = components_by_smallest_id(src, dst)
    graph = nx.DiGraph()
    graph.add_nodes_from(ids.tolist())
    graph.add_edges_from(zip(src.to_pylist(), dst.to_pylist(), strict=True))
    # networkx to N x 1e-15 in L1: every actor within d/(1-d) x 3.2e-11 of the truth
    exact = nx.pagerank(graph, alpha=0.85, tol=1e-15, max_iter=1000)
    truth = np.array([exact[i] for i in ids.tolist()])
    assert len(ids) > 10_000
    loose, loose_steps, loose_bound = _pagerank(s, d, len(ids),
                                                WholeGraphParams(actor_tol=None))
    assert np.abs(loose - truth).max() <= loose_bound  # the stated bound holds
    assert loose_bound > 1e-6  # and networkx's rule leaves it loose at this N
    assert np.abs(loose - truth).max() > 1e-4  # one actor's score off by most of it
    for params in (WholeGraphParams(), WholeGraphParams(actor_tol=1e-7),
                   WholeGraphParams(actor_tol=1e-8)):
        actor_tol = params.actor_tol
        assert actor_tol is not None  # the default is a per-actor bound: 1e-6
        ranks, steps, bound = _pagerank(s, d, len(ids), params)
        assert bound <= actor_tol and steps > loose_steps
        assert np.abs(ranks - truth).max() <= actor_tol
        assert steps <= pagerank_iterations_needed(actor_tol, 0.85)  # the budget
    assert WholeGraphParams().actor_tol == 1e-6
    with pytest.raises(ValueError, match="above 0"):
        pagerank_iterations_needed(0.0, 0.85)


WALLETS_MAPPING = """mapping: test_crypto_wallets
dataset: test_crypto
media_type: text/csv
reader: {format: csv}
entities:
  - name: wallet
    schema: CryptoWallet
    id: "w-{address}"
    properties:
      publicKey: address
"""
MERGED_WALLETS = ("w-h1-a0", "w-h2-a0")
"""Two holders' wallets merged by a judgement in the crypto case (their clusters join
through the canonical map)."""


@pytest.fixture(scope="module")
def crypto_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """Generated multi-input transactions (tests/test_graph_scale.py's generator: 120
    holders, 600 transactions, one CryptoTransaction per output, inputs on each), 12
    pooled spends among them (3-5 holders' inputs; 9 with three equal outputs, 3 with
    two), the wallets as entities, two wallets of two holders merged, and the lake
    written after the merge."""
    import random

    from .test_graph_scale import multi_input_transactions
    from .test_money import CRYPTO_MAPPING

    folder = tmp_path_factory.mktemp("crypto")
    case = Case.init(folder / "case")
    rng = random.Random(45)
    spends: dict[str, set[str]] = {}
    for tx, address in multi_input_transactions(seed=45, holders=120, transactions=600):
        spends.setdefault(tx, set()).add(address)
    addresses = sorted({a for spent in spends.values() for a in spent})
    lines = ["tx,out,inputs,receiver,amount"]
    for tx, spent in spends.items():
        inputs = ";".join(f"w-{a}" for a in sorted(spent))
        for out in range(rng.randint(1, 3)):
            lines.append(f"{tx},{out},{inputs},r{rng.randint(0, 999)},{rng.randint(1, 9)}.0")
    for j in range(12):
        inputs = ";".join(f"w-{a}" for a in sorted(rng.sample(addresses, rng.randint(3, 5))))
        amounts = ["0.1"] * (3 if j % 4 else 2) + ["", "7.5"]
        lines += [f"cj{j},{out},{inputs},m{out},{amount}"
                  for out, amount in enumerate(amounts)]
    (folder / "txs.csv").write_text("\n".join(lines) + "\n")
    (folder / "crypto.yaml").write_text(CRYPTO_MAPPING)
    (folder / "wallets.csv").write_text("address\n" + "\n".join(addresses) + "\n")
    (folder / "wallets.yaml").write_text(WALLETS_MAPPING)
    ingest_file(case, folder / "crypto.yaml", folder / "txs.csv")
    ingest_file(case, folder / "wallets.yaml", folder / "wallets.csv")
    with case.transaction() as con:
        judge(con, *MERGED_WALLETS, "positive", author="tester")
    write_lake(case)
    return case


@pytest.mark.spark
def test_co_spend_clusters_the_same_on_both_engines(crypto_case: Case, spark: Any) -> None:
    """GraphSense-style co-spend clustering (issue #27, item 3): union-find over the
    store (the DuckDB default), the set-based SQL on DuckDB and the same SQL on Spark
    over the lake give the same clusters, transactions and CoinJoins; merged wallets
    count as one (the canonical map, read from the lake's statements on Spark)."""
    from tnoc.money.cluster import case_co_spend_clusters, engine_co_spend_clusters
    from tnoc.store.engine import DuckDBEngine

    oracle = case_co_spend_clusters(crypto_case)
    with crypto_case.connect(read_only=True) as con:
        on_sql = engine_co_spend_clusters(DuckDBEngine(con))
    on_spark = case_co_spend_clusters(crypto_case, engine="spark", spark=spark)
    for got in (on_sql, on_spark):
        assert got.clusters == oracle.clusters
        assert (got.transactions_used, got.coinjoins) == (oracle.transactions_used,
                                                          oracle.coinjoins)
    pooled = {f"cj{j}" for j in range(12) if j % 4}  # three equal outputs
    left_out = set(oracle.coinjoins)
    assert pooled <= left_out and not {"cj0", "cj4", "cj8"} & left_out
    # (a generated spend of 3-4 inputs and three outputs of one amount is one too)
    assert oracle.transactions_used == 600 + 12 - len(left_out)
    merged = min(MERGED_WALLETS)
    assert merged in oracle.clusters and max(MERGED_WALLETS) not in oracle.clusters
    assert 120 <= len(set(oracle.clusters.values())) < len(oracle.clusters)
    assert on_spark.provenance["engine"] == "spark"
    assert len(on_spark.provenance["lake_manifest_sha256"]) == 64
    assert oracle.provenance == {"engine": "duckdb"}
    assert "canonical_map" not in {t.name for t in spark.catalog.listTables()}


@pytest.mark.spark
@pytest.mark.slow
def test_tnoc_money_cluster_engine_spark_lists_what_duckdb_lists(crypto_case: Case) -> None:
    """The command on its own Spark session: the same clusters, members and facts as on
    DuckDB, and it says where they were computed."""
    from .conftest import run_tnoc

    listed = {}
    for engine in ("duckdb", "spark"):
        master = ["--spark-master", "local[1]"] if engine == "spark" else []
        done = run_tnoc("money", "cluster", "-c", str(crypto_case.root), "--all", "--json",
                        "--engine", engine, *master, fresh=True)
        assert done.returncode == 0, done.stderr
        listed[engine] = json.loads(done.stdout)
    duck, spark = listed["duckdb"], listed["spark"]
    assert spark["rows"] == duck["rows"] and spark["total"] == duck["total"] > 100
    assert spark["coinjoins"] == duck["coinjoins"]
    assert (duck["engine"], spark["engine"], spark["master"]) == ("duckdb", "spark",
                                                                  "local[1]")
    with crypto_case.connect(read_only=True) as con:  # the closing entry names the lake
        closing = con.execute(
            "SELECT details->'computed_on' FROM custody_events WHERE "
            "details->>'analysis' = 'money cluster' ORDER BY seq").fetchall()
    assert [json.loads(c[0]) if c[0] else None for c in closing] == [
        None, {k: spark[k] for k in ("engine", "master", "lake_manifest_sha256")}]
    table = run_tnoc("money", "cluster", "-c", str(crypto_case.root), "--limit", "3")
    assert "computed on duckdb" in table.stdout + table.stderr



def projected(case: Case, **spec: Any) -> nx.Graph:
    """The in-memory network ``tnoc network path`` searches without Spark: the case's
    projection (its ties and its direction rule) as networkx reads it."""
    from tnoc.graph.measures import to_networkx
    from tnoc.graph.projection import ProjectionSpec, project

    with case.connect(read_only=True) as con:
        return to_networkx(project(con, ProjectionSpec(**spec)))


def path_pairs(graph: nx.Graph, count: int, among: str = "") -> list[tuple[str, str, int]]:
    """Pairs of actors (ids starting with ``among``) joined at 2 hops or more, the
    farthest first, one per source (sources in id order), with their distance."""
    found = []
    for source in sorted(n for n in graph if n.startswith(among)):
        lengths = nx.single_source_shortest_path_length(graph, source)
        far = max(lengths.items(), key=lambda kv: (kv[1], kv[0]))
        if far[1] >= 2:
            found.append((source, far[0], far[1]))
    found.sort(key=lambda t: (-t[2], t[0]))
    return found[:count]


def assert_a_shortest_path(graph: nx.Graph, path: WholePath, hops: int) -> None:
    """``path`` is a path of ``graph`` (each hop a tie of it) of the shortest length,
    every hop cited (file, locator, hash)."""
    assert path.nodes[0] == path.source and path.nodes[-1] == path.target
    assert path.length == hops and path.reason() is None
    assert all(graph.has_edge(a, b) for a, b in pairwise(path.nodes))
    assert [(h.source, h.target) for h in path.hops] == list(pairwise(path.nodes))
    assert all(h.evidence and all(t["file_name"] and t["locator"] and t["sha256"]
                                  for t in h.evidence) for h in path.hops)


def test_whole_path_on_duckdb_is_the_projections_shortest_path(engines_case: Case) -> None:
    """``case_whole_path`` on the case's store searches the ties and the direction the
    in-memory search does: on the whole case (payments and the gang's undirected ties:
    undirected, as the projection) and on the payments alone (directed), paths as
    short as networkx's on the projection, every hop cited; a merged-away id stands
    for its canonical one; no path says why: only against the direction, not
    connected, not an actor of the ties, the hop bound reached."""
    whole = projected(engines_case)
    assert not whole.is_directed()
    pairs = [*path_pairs(whole, 6), *path_pairs(whole, 3, "net-")]
    assert len(pairs) == 9 and pairs[0][2] >= 3
    for source, target, hops in pairs:
        path = case_whole_path(engines_case, source, target)
        assert not path.directed and path.provenance == {"engine": "duckdb"}
        assert_a_shortest_path(whole, path, hops)
    # the two merged gang members: either id is the merged actor
    merged = [case_whole_path(engines_case, member, "net-LONDON_GANG-10")
              for member in PEOPLE]
    assert merged[0].nodes == merged[1].nodes and len(merged[0].nodes) >= 2
    payments = projected(engines_case, schemata=("Payment",))
    assert payments.is_directed()
    params = WholePathParams(schemata=("Payment",))
    pairs = path_pairs(payments, 6)
    assert len(pairs) == 6
    for source, target, hops in pairs:
        path = case_whole_path(engines_case, source, target, params)
        assert path.directed
        assert_a_shortest_path(payments, path, hops)
    # joined only against the direction of a payment
    one_way = next((u, v) for u, v, _ in path_pairs(payments, 500)
                   if not nx.has_path(payments, v, u))
    back = case_whole_path(engines_case, one_way[1], one_way[0], params)
    assert back.nodes == [] and back.exhausted and back.against_direction is True
    assert "only against the direction" in (back.reason() or "")
    either = case_whole_path(engines_case, one_way[1], one_way[0],
                             WholePathParams(schemata=("Payment",), directed=False))
    assert either.length == nx.shortest_path_length(payments.to_undirected(), *one_way)
    # different components
    parts = sorted(nx.connected_components(whole), key=min)
    a, b = min(parts[0]), min(parts[1])
    apart = case_whole_path(engines_case, a, b)
    assert apart.nodes == [] and "not connected" in (apart.reason() or "")
    assert whole.has_node(a) and whole.has_node(b)
    # an actor in no tie of the chosen schema
    gang = case_whole_path(engines_case, "net-LONDON_GANG-3", one_way[0], params)
    assert gang.missing == ["net-LONDON_GANG-3"] and "in no tie of schema Payment" in (
        gang.reason() or "")
    # a bound too short: said as such
    far_source, far_target, far = path_pairs(whole, 1)[0]
    short = case_whole_path(engines_case, far_source, far_target,
                            WholePathParams(max_hops=far - 1))
    assert short.nodes == [] and not short.exhausted
    assert f"within {far - 1} hops" in (short.reason() or "")
    with pytest.raises(TnocError, match="two different actors"):
        case_whole_path(engines_case, *PEOPLE)


@pytest.mark.spark
def test_whole_path_the_same_on_both_engines(engines_case: Case, spark: Any) -> None:
    """The differential test of the path search: the same path, node for node, on
    Spark reading the lake as on DuckDB, on the whole case (undirected; the gang's
    actors have several equally short paths, so the choice among them is compared)
    and on the payments (directed), and the same answer where there is none."""
    whole = projected(engines_case)
    payments = projected(engines_case, schemata=("Payment",))
    runs = [(pair, WholePathParams()) for pair in
            [*path_pairs(whole, 2), *path_pairs(whole, 2, "net-")]]
    runs += [(pair, WholePathParams(schemata=("Payment",))) for pair in
             path_pairs(payments, 2)]
    one_way = next((v, u, 0) for u, v, _ in path_pairs(payments, 500)
                   if not nx.has_path(payments, v, u))
    runs.append((one_way, WholePathParams(schemata=("Payment",))))
    assert len(runs) == 7
    several = 0
    for (source, target, _hops), params in runs:
        duck = case_whole_path(engines_case, source, target, params)
        on_spark = case_whole_path(engines_case, source, target, params, "spark",
                                   spark=spark)
        assert (on_spark.nodes, on_spark.directed, on_spark.arcs, on_spark.levels) == (
            duck.nodes, duck.directed, duck.arcs, duck.levels)
        assert (on_spark.reason(), on_spark.sources) == (duck.reason(), duck.sources)
        assert [h.evidence for h in on_spark.hops] == [h.evidence for h in duck.hops]
        assert on_spark.provenance["engine"] == "spark"
        assert on_spark.provenance["lake_manifest_sha256"]
        graph = payments if params.schemata else whole
        if duck.nodes and len(list(nx.all_shortest_paths(graph, source, target))) > 1:
            several += 1
    assert several >= 1  # the tie-break among equally short paths was compared
    assert runs[-1][0] and "only against the direction" in (on_spark.reason() or "")


def test_network_path_engine_spark_refuses_what_only_memory_does(
        engines_case: Case) -> None:
    """Options the breadth-first search has no meaning for are refused before Spark
    starts (no JVM here), naming them; --max-hops without Spark too."""
    runner = CliRunner()
    base = ["network", "path", PEOPLE[0], "net-LONDON_GANG-3", "-c",
            str(engines_case.root)]
    got = runner.invoke(app, [*base, "--engine", "spark", "-k", "3", "--weighted"])
    assert isinstance(got.exception, ArgumentError)
    assert "-k, --weighted" in str(got.exception)
    got = runner.invoke(app, [*base, "--max-hops", "4"])
    assert isinstance(got.exception, ArgumentError) and "--engine spark" in str(
        got.exception)


@pytest.mark.spark
@pytest.mark.slow
def test_tnoc_network_path_engine_spark_names_every_hop(engines_case: Case) -> None:
    """The command on its own Spark session: the path by the actors' names, each hop's
    tie with its file and locator, the files' hashes; as long as the in-memory
    search's first path; the closing entry names the lake read and the sources
    searched; no path exits 1 saying why."""
    from .conftest import run_tnoc

    whole = projected(engines_case)
    source, target, hops = path_pairs(whole, 1, "net-")[0]
    root = str(engines_case.root)
    done = run_tnoc("network", "path", source, target, "-c", root, "--engine", "spark",
                    "--spark-master", "local[1]", fresh=True)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert f"(length {hops}, ignoring the ties' direction)" in text and "path 1:" in text
    assert "path 2:" not in text
    assert "LONDON_GANG.csv, row" in text and re.search(r": sha256 [0-9a-f]{64}", text)
    assert f"found {hops} hops out over" in text and "ignoring the ties' direction" in text
    in_memory = run_tnoc("network", "path", source, target, "-c", root, "-k", "1")
    assert f"(length {hops}" in " ".join(in_memory.stdout.split())
    with engines_case.connect(read_only=True) as con:
        closing = con.execute(
            "SELECT details FROM custody_events WHERE details->>'analysis' = "
            "'network path' ORDER BY seq DESC LIMIT 2").fetchall()
    entry = json.loads(closing[1][0])
    assert entry["computed_on"]["engine"] == "spark"
    assert entry["computed_on"]["master"] == "local[1]"
    parts = sorted(nx.connected_components(whole), key=min)
    none = run_tnoc("network", "path", min(parts[0]), min(parts[1]), "-c", root,
                    "--engine", "spark", "--spark-master", "local[1]", fresh=True)
    assert none.returncode == 1 and "not connected" in none.stdout


def test_pagerank_is_the_same_to_the_bit_whatever_order_the_arcs_come_in() -> None:
    """A node's PageRank sums its shares in the arcs' order, and DuckDB's parallel scan
    gives the arcs in another order each run: three runs on a case of the Elliptic graph
    had stored three sets of PageRank values, differing in the last digits, so three
    measure digests (a new-user review, helper-134). Elliptic's real flows, shuffled."""
    import pyarrow.csv as pv

    from tnoc.graph.whole import _pagerank

    edges = pv.read_csv(DATA / "crypto" / "elliptic_txs_edgelist.csv").slice(0, 60_000)
    ids, index = np.unique(np.concatenate([edges["txId1"].to_numpy(),
                                           edges["txId2"].to_numpy()]), return_inverse=True)
    s, d = index[:edges.num_rows], index[edges.num_rows:]
    ranks, iterations, _bound = _pagerank(s, d, len(ids), WholeGraphParams())
    shuffled = np.random.default_rng(53).permutation(len(s))
    again, again_iterations, _ = _pagerank(s[shuffled], d[shuffled], len(ids),
                                           WholeGraphParams())
    assert iterations == again_iterations and ranks.tobytes() == again.tobytes()
