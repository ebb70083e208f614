"""Typologies, account projection and components on DuckDB and on Spark (issue #27).

For each size (``--sizes``, default 1M,4M,16M transfers) the seeded generator
:func:`tnoc.money.synthetic.write_transfers` writes one Parquet file; both engines read
that same file (DuckDB through a view over ``read_parquet``, Spark as a temporary view
over ``spark.read.parquet``) and run the same statements, the library's own SQL text in
DuckDB's dialect, through :class:`tnoc.store.engine.Engine` (on Spark after
:func:`tnoc.store.spark_dialect.to_spark`). Stages, each timed on its own (the
statement materialised as a table: a temp table on DuckDB, a checkpointed view on
Spark):

* ``candidates``: :func:`tnoc.money.typologies.candidates_sql` (new vs established
  transfers: range windows over each pair of accounts) and the new transfers kept;
* ``fan_in`` / ``fan_out``: :func:`~tnoc.money.typologies.bursts_sql` and the bursts
  with at least ``min_degree`` counterparties (the rules' SQL part; the Poisson
  novelty test that follows is Python, not run here);
* ``hops``: :func:`~tnoc.money.typologies.raw_hops_sql` then
  :func:`~tnoc.money.typologies.hops_sql` at the generator's exchange rates (a
  time-bounded self-join);
* ``scatter_gather``, ``pass_through``, ``structuring``: the alert members of those
  rules (:func:`~tnoc.money.typologies.scatter_gather_sql`, ``pass_through_sql``,
  ``structuring_sql``);
* ``alert_totals``: :func:`~tnoc.money.typologies.alert_totals_sql` over the three
  rules' members (money per alert and currency, summed as DECIMAL);
* ``account_ties``: :func:`tnoc.money.transfers.account_ties_sql`, the account
  projection (ties per pair and currency: transfers, exact amount, sorted currencies);
* ``components``: connected components of the account projection; DuckDB side
  scipy over the ties fetched as Arrow (:func:`tnoc.graph.whole.components_by_smallest_id`),
  Spark side :func:`tnoc.graph.scale.connected_components` (large-star/small-star);
  each component named by its smallest account id;
* ``novelty``: the Poisson novelty test of the FAN-IN bursts
  (:func:`tnoc.money.typology_sets.novel_bursts`), alerts' members;
* ``chains``: STACK and RANDOM (:func:`~tnoc.money.typology_sets.chain_alerts`: the
  greedy pass-on matching in rounds, chains by pointer jumping);
* ``bipartite``: :func:`~tnoc.money.typology_sets.bipartite_alerts` (components in SQL,
  :func:`tnoc.store.engine_graph.components`);
* ``cycles``: :func:`~tnoc.money.typology_sets.cycle_alerts` with :data:`CYCLE_PARAMS`
  (:mod:`tnoc.money.cycle_search`: a bidirectional BFS from every new transfer at
  once; until session 47 a forward-only one);
* ``k_hop``: :func:`tnoc.store.engine_graph.k_hop`, the accounts within 2 hops of the
  10 busiest accounts of the projection.

The same SQL runs on both engines for the last five stages. Not run: label propagation
(its colouring takes as many rounds as the heavy-tailed projection's priority chains
are long; measured on Elliptic in tests/test_engine_graph.py).

Each (size, engine) runs in a child process bounded by ``--timeout`` seconds; it writes
every stage's time as soon as it ends and every stage's result as Parquet. A child that
does not finish is reported (``timed_out``, the stages it finished), not dropped. The
parent then compares the results: integers, text, decimals and times exactly, floats to
1e-9 (relative), rows in any order. ``metrics.identical`` is true only if every stage
of every size that both engines finished matched (and at least one did).
``metrics.scaling_4x``: Spark's total time at the largest size that is 4x another over
that one (target <= 4.5), None unless Spark finished both; ``metrics.scaling_4x_common``
the same over the stages Spark finished at both sizes (``scaling_4x_stages``).
``baseline`` is DuckDB (one process, all cores).

Run from the project root (``nice``: the machine is shared):
  nice -n 5 .venv/bin/python benchmarks/spark.py --json --sizes 1M,4M --timeout 1800
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tnoc.money.fx import given_rates
from tnoc.money.synthetic import PER_USD, write_transfers
from tnoc.money.transfers import account_ties_sql
from tnoc.money.typologies import (
    alert_totals_sql,
    bursts_sql,
    candidates_sql,
    hops_sql,
    pass_through_sql,
    raw_hops_sql,
    scatter_gather_sql,
    structuring_sql,
)
from tnoc.money.typology_params import TypologyParams
from tnoc.money.typology_sets import bipartite_alerts, chain_alerts, cycle_alerts, novel_bursts
from tnoc.store.engine import DuckDBEngine, Engine, SparkEngine, spark_session
from tnoc.store.engine_graph import k_hop

PARAMS = TypologyParams(window_hours=24.0, pass_through_hours=12.0, fx_rates=PER_USD)
"""The rules' parameters: the defaults but a one-day window (the default six days makes
the hops of the heaviest accounts quadratic in their degree, on both engines alike)."""

CYCLE_PARAMS = replace(PARAMS, max_cycle_hops=6, cycle_span_hours=48.0)
"""CYCLE's bounds here: at most 6 hops within two days (the planted rings: 4 hops in 3
hours). The defaults (16 hops, two weeks) make every start's search reach most of the
generated graph's dense core, on both engines alike."""

STAGES = ("candidates", "fan_in", "fan_out", "hops", "scatter_gather", "pass_through",
          "structuring", "alert_totals", "account_ties", "components", "novelty", "chains",
          "bipartite", "cycles", "k_hop")


def parse_size(text: str) -> int:
    """``250k``, ``1M``, ``16M`` or digits as a number of transfers."""
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text.rstrip("KM")) * scale)
    except ValueError:
        raise SystemExit(f"--sizes: sizes like 1M, 250k or 4000000 expected, got {text!r}"
                         ) from None


def _burst_sql(focus: str, other: str, p: TypologyParams) -> str:
    moves = (f"SELECT {focus} AS f, {other} AS cp, '' AS dir, ts, transfer_id FROM cand")
    return (f"SELECT f, burst, count(DISTINCT cp) AS d, min(ts) AS start, max(ts) AS stop "
            f"FROM ({bursts_sql(moves, p)}) g GROUP BY 1, 2 "
            f"HAVING count(DISTINCT cp) >= {p.min_degree}")


def _components_duckdb(engine: Engine) -> pa.Table:
    """scipy's components of the ties, each named by its smallest account id
    (:func:`tnoc.graph.whole.components_by_smallest_id`)."""
    from tnoc.graph.whole import components_by_smallest_id

    ties = engine.fetch_arrow("SELECT DISTINCT a, b FROM account_ties")
    ids, component, _s, _d = components_by_smallest_id(ties["a"], ties["b"])
    return pa.table({"node": pa.array(ids.tolist(), pa.string()),
                     "component": pa.array(component.tolist(), pa.string())})


def _components_spark(engine: SparkEngine) -> pa.Table:
    from tnoc.graph.scale import connected_components
    edges = engine.frame("SELECT DISTINCT a AS src, b AS dst FROM account_ties")
    return connected_components(edges).labels.toArrow()


SPARK_MEMORY = "8g"
"""Spark's heap in local mode (the driver is the executor). 3g, the first choice, ran
out at 16M transfers: FAN-IN's window over one Pareto-heavy account's moves could not
spill (``UNABLE_TO_ACQUIRE_MEMORY`` under the hash aggregate of the same stage)."""
MEMORY_VARIABLE = "TNOC_BENCH_SPARK_MEMORY"
"""How the parent hands ``--spark-memory`` to its Spark child."""


def run_worker(engine_name: str, parquet: Path, out: Path) -> None:
    """Every stage on one engine; times to ``out/times.json`` as they end, results to
    ``out/STAGE.parquet``."""
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {}
    engine: Engine
    started = time.perf_counter()
    if engine_name == "duckdb":
        import duckdb
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"SET temp_directory = '{out / 'duckdb.tmp'}'")
        engine = DuckDBEngine(con)
        engine.execute(f"CREATE VIEW transfers AS SELECT * FROM read_parquet('{parquet}')")
    else:
        session = spark_session("local[2]", app_name="tnoc-bench",
                                **{"spark.driver.memory": os.environ.get(MEMORY_VARIABLE,
                                                                         SPARK_MEMORY),
                                   # each result is fetched whole to be compared: at 16M
                                   # the account ties are 1.2 GB, over the 1 GB default
                                   "spark.driver.maxResultSize": "0",
                                   "spark.local.dir": str(out / "spark.tmp")})
        session.sparkContext.setLogLevel("ERROR")
        engine = SparkEngine(session)
        session.read.parquet(str(parquet)).createOrReplaceTempView("transfers")
    times["session"] = time.perf_counter() - started
    fx = given_rates(PER_USD, [(a, b) for a in PER_USD for b in PER_USD if a != b])
    engine.register_arrow("fx", pa.table({
        "cur_in": [r.base for r in fx.values()], "cur_out": [r.quote for r in fx.values()],
        "rate": pa.array([r.rate for r in fx.values()], pa.float64())}))
    p = PARAMS
    structuring, structuring_params = structuring_sql("transfers", p)

    def table(name: str, sql: str, params: dict[str, object] | None = None
              ) -> Callable[[], None]:
        return lambda: engine.create_table(name, sql, params)

    steps: list[tuple[str, list[Callable[[], None]], str]] = [
        ("candidates", [table("fresh", candidates_sql("transfers", p)),
                        table("cand", "SELECT * EXCLUDE (new) FROM fresh WHERE new")],
         "SELECT transfer_id, new FROM fresh"),
        ("fan_in", [table("fan_in", _burst_sql("beneficiary", "payer", p))],
         "SELECT * FROM fan_in"),
        ("fan_out", [table("fan_out", _burst_sql("payer", "beneficiary", p))],
         "SELECT * FROM fan_out"),
        ("hops", [table("raw_hops", raw_hops_sql("cand", p)),
                  table("hops", hops_sql("raw_hops", "fx", p))],
         "SELECT t_in, t_out, amount_ok, amount_gap FROM hops"),
        ("scatter_gather", [table("sg", scatter_gather_sql("hops", p))], "SELECT * FROM sg"),
        ("pass_through", [table("pt", pass_through_sql("hops", p))], "SELECT * FROM pt"),
        ("structuring", [table("st", structuring, structuring_params)], "SELECT * FROM st"),
        ("alert_totals", [
            table("members", "SELECT * FROM sg UNION ALL SELECT * FROM pt "
                             "UNION ALL SELECT * FROM st"),
            table("alert_transfers", "SELECT DISTINCT dense_rank() OVER "
                                     "(ORDER BY typology, alert_key) AS alert_id, "
                                     "typology, alert_key, transfer_id FROM members"),
            table("alert_totals", alert_totals_sql("alert_transfers", "transfers"))],
         "SELECT * FROM alert_totals"),
        ("account_ties", [table("account_ties", account_ties_sql("transfers"))],
         "SELECT * FROM account_ties"),
    ]
    for stage, actions, result in steps:
        t0 = time.perf_counter()
        for action in actions:
            action()
        times[stage] = time.perf_counter() - t0
        pq.write_table(engine.fetch_arrow(result), out / f"{stage}.parquet")
        (out / "times.json").write_text(json.dumps(times))
    t0 = time.perf_counter()
    labels = (_components_duckdb(engine) if isinstance(engine, DuckDBEngine)
              else _components_spark(engine))  # type: ignore[arg-type]
    times["components"] = time.perf_counter() - t0
    pq.write_table(labels, out / "components.parquet")
    (out / "times.json").write_text(json.dumps(times))
    for stage, run in _set_based_stages(engine, p):
        engine.create_table(stage, "SELECT CAST(NULL AS VARCHAR) AS typology, "
                                   "CAST(NULL AS VARCHAR) AS alert_key, "
                                   "CAST(NULL AS VARCHAR) AS focus, "
                                   "CAST(NULL AS VARCHAR) AS transfer_id WHERE false")
        t0 = time.perf_counter()
        result = run(stage)
        times[stage] = time.perf_counter() - t0
        pq.write_table(engine.fetch_arrow(f"SELECT * FROM {result}"), out / f"{stage}.parquet")
        (out / "times.json").write_text(json.dumps(times))


def _set_based_stages(engine: Engine, p: TypologyParams
                      ) -> list[tuple[str, Callable[[str], str]]]:
    """The searching rules and the bounded BFS, the same SQL on both engines: each
    writes its members into the table it is given and returns the table to keep."""
    moves = "SELECT beneficiary AS f, payer AS cp, '' AS dir, ts, transfer_id FROM cand"

    def novelty(table: str) -> str:
        engine.create_table("burst_moves", bursts_sql(moves, p))
        novel_bursts(engine, "burst_moves", table, p, "FAN-IN",
                     f"count(DISTINCT cp) >= {p.min_degree}",
                     "SELECT beneficiary AS f, payer AS cp, ts FROM fresh WHERE new")
        return table

    def neighbourhood(table: str) -> str:
        engine.create_table("hubs", "SELECT a AS source FROM (SELECT a, sum(transfers) AS n "
                                    "FROM account_ties GROUP BY a) ORDER BY n DESC, a LIMIT 10")
        engine.create_table("tie_edges", "SELECT DISTINCT a AS src, b AS dst FROM account_ties")
        k_hop(engine, "tie_edges", "hubs", "k_hop_out", 2, directed=False)
        return "k_hop_out"

    return [
        ("novelty", novelty),
        ("chains", lambda t: (chain_alerts(engine, "hops", t, {"STACK", "RANDOM"}), t)[1]),
        ("bipartite", lambda t: (bipartite_alerts(engine, "cand", t, p), t)[1]),
        ("cycles", lambda t: (cycle_alerts(engine, "cand", t, CYCLE_PARAMS), t)[1]),
        ("k_hop", neighbourhood),
    ]


ROW = "__same_rows_row"
"""The row number :func:`same_rows` pairs rows by (no result column has this name)."""


def same_rows(a: Path, b: Path) -> bool:
    """Whether two Parquet results hold the same rows, in any order: every column
    exactly (timestamps as UTC instants: Spark writes zoned ones, DuckDB naive ones of
    the same instant) but floats, to 1e-9 (relative or absolute, as
    :func:`math.isclose`; NaN equals NaN). DuckDB numbers each side's rows in one
    order (the exact columns, then the floats) and compares them row by row, sorting
    on disk where it must: no row goes through Python, so a stage of 16M rows
    compares in seconds (the former comparison made Python tuples of every row).
    Limits, as the former comparison's: rows equal on every exact column are paired
    by their floats in column order, so two such rows whose floats differ by under
    1e-9 in the first float column and not in the second may be paired wrongly (a
    false "different", never a false "same"); floats inside lists are compared
    exactly."""
    import duckdb

    schema = pq.read_schema(a)
    names = sorted(schema.names)
    if names != sorted(pq.read_schema(b).names):
        return False
    floats = {n for n in names if pa.types.is_floating(schema.field(n).type)}
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")  # the JSON is the output

        def quoted(name: str) -> str:
            return '"' + name.replace('"', '""') + '"'

        def column(name: str, path: Path) -> str:
            kind = pq.read_schema(path).field(name).type
            text = quoted(name)
            return f"CAST({text} AS TIMESTAMP)" if pa.types.is_timestamp(kind) else text

        order = ", ".join(quoted(n) for n in sorted(names, key=lambda n: (n in floats, n)))

        def numbered(path: Path) -> str:
            columns = ", ".join(f"{column(n, path)} AS {quoted(n)}" for n in names)
            where = str(path).replace("'", "''")
            return (f"SELECT *, row_number() OVER (ORDER BY {order}) AS {ROW} FROM "
                    f"(SELECT {columns} FROM read_parquet('{where}'))")

        def alike(name: str) -> str:
            x, y = f"x.{quoted(name)}", f"y.{quoted(name)}"
            if name not in floats:
                return f"{x} IS NOT DISTINCT FROM {y}"
            return (f"({x} IS NOT DISTINCT FROM {y} OR (isnan({x}) AND isnan({y})) OR "
                    f"(isfinite({x}) AND isfinite({y}) AND "
                    f"abs({x} - {y}) <= greatest(1e-9, 1e-9 * greatest(abs({x}), abs({y})))))")

        condition = " AND ".join([f"x.{ROW} IS NOT NULL", f"y.{ROW} IS NOT NULL",
                                  *(alike(n) for n in names)])
        found = con.execute(
            f"SELECT count(*) FROM ({numbered(a)}) x FULL JOIN ({numbered(b)}) y "
            f"ON x.{ROW} = y.{ROW} WHERE NOT coalesce({condition}, false)").fetchall()
        return int(found[0][0]) == 0
    finally:
        con.close()


def compare(duck: Path, spark: Path) -> dict[str, Any]:
    """Stage by stage: rows on each side and whether they are the same
    (:func:`same_rows`)."""
    out: dict[str, Any] = {}
    for stage in STAGES:
        a, b = duck / f"{stage}.parquet", spark / f"{stage}.parquet"
        if not (a.exists() and b.exists()):
            continue
        rows = (pq.read_metadata(a).num_rows, pq.read_metadata(b).num_rows)
        out[stage] = {"rows_duckdb": rows[0], "rows_spark": rows[1],
                      "identical": rows[0] == rows[1] and same_rows(a, b)}
    return out


def run_child(engine: str, parquet: Path, out: Path, timeout: float) -> dict[str, Any]:
    """One engine on one size in a child process, bounded by ``timeout`` seconds."""
    t0 = time.perf_counter()
    cmd = [sys.executable, __file__, "--worker", engine, str(parquet), str(out)]
    status = "finished"
    err = ""
    try:
        proc = subprocess.run(cmd, timeout=timeout, capture_output=True, text=True,
                              check=False)
        if proc.returncode != 0:
            status, err = "failed", proc.stderr[-2000:]
    except subprocess.TimeoutExpired:
        status = "timed_out"
    times_file = out / "times.json"
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    return {"status": status, "wall_seconds": round(time.perf_counter() - t0, 2),
            "seconds": {k: round(v, 3) for k, v in times.items()},
            "total_seconds": round(sum(v for k, v in times.items() if k != "session"), 3),
            **({"error": err} if err else {})}


def spark_scaling(results: dict[str, Any]) -> dict[str, Any]:
    """Spark's time for 4x the data over its time for 1x, at the largest pair of sizes
    4x apart (the least start-up overhead): ``scaling_4x`` over every stage when Spark
    finished both sizes (else None); ``scaling_4x_common`` over the stages Spark
    finished at both sizes, which ``scaling_4x_stages`` lists (so a run where one
    stage failed or timed out still reports the scaling of the others, saying which);
    ``scaling_4x_sizes`` the pair used."""
    spark = {int(k): e["spark"] for k, e in results.items()}
    for small in sorted(spark, reverse=True):
        large = 4 * small
        if large not in spark:
            continue
        times = {size: {k: v for k, v in spark[size]["seconds"].items() if k != "session"}
                 for size in (small, large)}
        common = sorted(set(times[small]) & set(times[large]))
        both = all(spark[size]["status"] == "finished" for size in (small, large))
        ratio = (sum(times[large][k] for k in common) / sum(times[small][k] for k in common)
                 if common and sum(times[small][k] for k in common) > 0 else None)
        return {"scaling_4x": round(spark[large]["total_seconds"]
                                    / spark[small]["total_seconds"], 3) if both else None,
                "scaling_4x_common": round(ratio, 3) if ratio is not None else None,
                "scaling_4x_stages": common, "scaling_4x_sizes": [small, large]}
    return {"scaling_4x": None, "scaling_4x_common": None, "scaling_4x_stages": [],
            "scaling_4x_sizes": None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1M,4M,16M",
                    help="numbers of generated transfers, comma-separated (1M,4M,16M)")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="seconds each engine may take on one size (default 1800)")
    ap.add_argument("--seed", type=int, default=27)
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the Parquet and results go (a temporary folder by default)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--spark-memory", default=SPARK_MEMORY,
                    help=f"Spark's heap in local mode (default {SPARK_MEMORY}; 3g ran out "
                         "at 16M)")
    ap.add_argument("--worker", nargs=3, metavar=("ENGINE", "PARQUET", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:  # a child: its memory comes from the parent, through the environment
        engine, parquet, out = args.worker
        run_worker(engine, Path(parquet), Path(out))
        return
    os.environ[MEMORY_VARIABLE] = args.spark_memory
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="tnoc-spark-bench-"))
    results: dict[str, Any] = {}
    for size in sizes:
        parquet = work / f"transfers-{size}.parquet"
        t0 = time.perf_counter()
        if not parquet.exists():
            write_transfers(parquet, size, seed=args.seed)
        gen = time.perf_counter() - t0
        load = os.getloadavg()
        entry: dict[str, Any] = {"generate_seconds": round(gen, 2),
                                 "parquet_bytes": parquet.stat().st_size,
                                 "loadavg_start": [round(x, 2) for x in load]}
        for engine in ("duckdb", "spark"):
            entry[engine] = run_child(engine, parquet, work / f"{size}-{engine}",
                                      args.timeout)
            entry[f"loadavg_after_{engine}"] = [round(x, 2) for x in os.getloadavg()]
        entry["stages"] = compare(work / f"{size}-duckdb", work / f"{size}-spark")
        results[str(size)] = entry
        if not args.json:
            print(size, json.dumps(entry, indent=1), flush=True)
    compared = [s for e in results.values() for s in e["stages"].values()]
    scaling = spark_scaling(results)
    report = {
        "benchmark": "spark",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "params": {"spark_memory": args.spark_memory, "window_hours": PARAMS.window_hours,
                   "pass_through_hours": PARAMS.pass_through_hours,
                   "seed": args.seed, "timeout": args.timeout, "spark_master": "local[2]"},
        "baseline": "duckdb",
        "sizes": results,
        "metrics": {
            "identical": bool(compared) and all(s["identical"] for s in compared),
            "stages_compared": len(compared),
            **scaling,
            "scaling_4x_target": 4.5,
        },
    }
    print(json.dumps(report, indent=1 if args.json else None))


if __name__ == "__main__":
    main()
