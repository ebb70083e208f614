"""CYCLE on DuckDB: the set-based search against the former Python search (issue #27).

The data are those of benchmarks/typologies.py: the 2,756 real AMLworld HI-Medium
attempts (``--patterns``) taken in through the shipped mapping, embedded in
``--background`` generated transfers (transaction_generator.py, seed 7), monitored from
2022-09-01 with the default rule parameters. The candidates (new transfers of the
monitoring period) are built once by :func:`tnoc.money.typologies._candidates`; then
CYCLE runs ``--repeat`` times each way, alternating:

* ``sql``: :func:`tnoc.money.typology_sets.cycle_alerts` on the DuckDB connection
  (what ``tnoc money typologies`` runs);
* ``python`` (the baseline): the breadth-first search per transfer that the rule used
  before it became SQL, kept as tests/typology_oracle.py.

``--threads N`` sets DuckDB's threads (the Python search uses one). Reports the best
time of each, their ratio (``metrics.sql_over_python``; target <= 1), the same for the
process's CPU time (``cpu_sql_over_python``: all threads' work, less sensitive to a
shared machine's load than wall time)
and whether the alerts are identical (``metrics.identical``; every alert's key and
transfers).

    python benchmarks/cycles.py --json \\
        --patterns examples/data/aml/amlworld_HI-Medium_Patterns.txt
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from envelope import machine, versions  # noqa: E402  (benchmarks/envelope.py)
from typologies import MONITOR_FROM, add_background, load_attempts  # noqa: E402

from tests import typology_oracle as oracle  # noqa: E402
from tnoc.money import typologies as ty  # noqa: E402
from tnoc.money.typology_params import TypologyParams  # noqa: E402
from tnoc.money.typology_sets import cycle_alerts  # noqa: E402
from tnoc.store.engine import DuckDBEngine  # noqa: E402

MEMBERS = "(typology VARCHAR, alert_key VARCHAR, focus VARCHAR, transfer_id VARCHAR)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--patterns", type=Path, default=HERE.parent / "examples" / "data" /
                    "aml" / "amlworld_HI-Medium_Patterns.txt")
    ap.add_argument("--background", type=int, default=250_000)
    ap.add_argument("--accounts", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0,
                    help="DuckDB's threads for the SQL (0: DuckDB's default, one per core)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        con = load_attempts(args.patterns, Path(work))
        con.execute("SET TimeZone = 'UTC'")
        if args.threads:
            con.execute(f"SET threads = {args.threads}")
        add_background(con, args.background, args.accounts, 7, 0.10)
        p = TypologyParams(since=MONITOR_FROM)
        engine = DuckDBEngine(con)
        n = ty._Scratch.new("transfers")
        ty._candidates(engine, n, p)
        cand = int(con.execute(f"SELECT count(*) FROM {n.cand}").fetchall()[0][0])
        times: dict[str, list[float]] = {"sql": [], "python": []}
        cpu: dict[str, list[float]] = {"sql": [], "python": []}
        alerts: dict[str, set[tuple[str, frozenset[str]]]] = {}
        for _ in range(args.repeat):
            for way in ("python", "sql"):
                con.execute(f"CREATE OR REPLACE TEMP TABLE w_members {MEMBERS}")
                t0, c0 = time.perf_counter(), time.process_time()
                if way == "sql":
                    cycle_alerts(engine, n.cand, "w_members", p)
                else:
                    oracle.cycle_alerts(con, ty._Scratch(*(
                        n.transfers, n.fresh, n.cand, n.burst_moves, n.raw_hops, n.hops,
                        "w_members")), p)
                times[way].append(time.perf_counter() - t0)
                cpu[way].append(time.process_time() - c0)
                alerts[way] = {(k, frozenset(v)) for k, v in con.execute(
                    "SELECT alert_key, list(transfer_id) FROM w_members GROUP BY 1"
                ).fetchall()}
    best = {k: min(v) for k, v in times.items()}
    best_cpu = {k: min(v) for k, v in cpu.items()}
    out = {"benchmark": "cycles", "load_average": list(os.getloadavg()),
           "versions": versions("duckdb"), "machine": machine(),
           "duckdb_threads": args.threads or os.cpu_count(),
           "transfers": args.background, "candidates": cand,
           "parameters": {"max_cycle_hops": p.max_cycle_hops,
                          "cycle_span_hours": p.cycle_span_hours, "since": MONITOR_FROM},
           "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
           "cpu_seconds": {k: [round(x, 2) for x in v] for k, v in cpu.items()},
           "metrics": {"sql_seconds": round(best["sql"], 2),
                       "python_seconds": round(best["python"], 2),
                       "sql_over_python": round(best["sql"] / best["python"], 2),
                       "cpu_sql_over_python": round(best_cpu["sql"] / best_cpu["python"], 2),
                       "alerts": len(alerts["sql"]),
                       "identical": alerts["sql"] == alerts["python"]}}
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
