"""CLI responsiveness benchmark: how long an analyst waits for help, show, search, sources.

Each command is run as the analyst runs it (``tnoc ...`` in a new process, output piped
to a file) ``--runs`` times on the demo case (4.3M statements of bundled real data), and
the median wall time is reported:

* ``help_seconds``: ``tnoc --help`` (target < 0.5 s: no heavy import before a command);
* ``show_seconds``: ``tnoc show ENTITY`` (target < 1 s);
* ``search_seconds``: ``tnoc search TEXT``;
* ``sources_seconds``: ``tnoc sources``.

Baseline, measured in the same run on the same case: the lookups ``show`` and ``search``
made before issue #18, through the store's aggregating views (``entities``,
``statements``, ``entity_references``), timed in-process (no interpreter start), so
the ratio (baseline / the whole command) understates the gain. A new user's interpreter
start (``python -c pass``) is reported as the floor.

Run from the project root:  .venv/bin/python benchmarks/cli.py --json [--case DEMO-CASE]
(without ``--case`` the demo case is built first with ``tnoc demo``, about 1.5 minutes).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TNOC = [sys.executable, "-m", "tnoc.cli"]
SHOW = "ofac-sdn-25308"  # YAN, Xiaobing (the README tour's entity)
SEARCH = "Digital Currency"


def timed(command: list[str], runs: int) -> float:
    """The median wall time of ``command`` over ``runs`` runs, output to a pipe."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-400:]}")
    return round(statistics.median(times), 3)


def through_views(case: Path, runs: int) -> dict[str, float]:
    """The former show and search lookups through the views, median seconds in-process."""
    import duckdb

    db = next(case.glob("*.duckdb"))
    con = duckdb.connect(str(db), read_only=True)
    queries = {
        "show_seconds": [
            ("SELECT id, schema, properties FROM entities WHERE id = $id OR id IN "
             "(SELECT canonical_id FROM statements WHERE entity_id = $id LIMIT 1)",
             {"id": SHOW}),
            ("SELECT s.*, src.file_name, src.sha256 FROM statements s JOIN sources src "
             "USING (source_id) WHERE s.canonical_id = $id", {"id": SHOW}),
            ("SELECT entity, schema, prop FROM entity_references WHERE target = $id "
             "LIMIT 200", {"id": SHOW}),
        ],
        "search_seconds": [
            ("WITH hits AS (SELECT canonical_id, min(prop) AS prop, min(value) AS value, "
             "count(*) AS matches FROM statements WHERE prop <> 'id' AND "
             "(value ILIKE $p OR original_value ILIKE $p) GROUP BY canonical_id "
             "ORDER BY matches DESC, canonical_id LIMIT 50) SELECT h.*, e.schema, "
             "e.properties, e.datasets FROM hits h JOIN entities e ON e.id = h.canonical_id",
             {"p": f"%{SEARCH}%"}),
        ],
    }
    out = {}
    for name, steps in queries.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            for sql, params in steps:
                con.execute(sql, params).fetchall()
            times.append(time.perf_counter() - started)
        out[name] = round(statistics.median(times), 3)
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--case", type=Path, default=None,
                        help="a demo case built by 'tnoc demo' (default: build one)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tnoc-cli-bench-") as tmp:
        case = args.case
        if case is None:
            case = Path(tmp) / "demo-case"
            subprocess.run([*TNOC, "demo", str(case), "--fresh"], check=True,
                           capture_output=True)
        on_case = ["-c", str(case)]
        metrics = {
            "help_seconds": timed([*TNOC, "--help"], args.runs),
            "show_seconds": timed([*TNOC, "show", SHOW, *on_case], args.runs),
            "search_seconds": timed([*TNOC, "search", SEARCH, *on_case], args.runs),
            "sources_seconds": timed([*TNOC, "sources", *on_case], args.runs),
            "python_start_seconds": timed([sys.executable, "-c", "pass"], args.runs),
            "runs": args.runs,
        }
        baseline = {"name": "show and search through the store's views, in-process",
                    **through_views(case, args.runs)}
    result = {
        "benchmark": "cli",
        "dataset": f"the demo case ({case if args.case else 'built by tnoc demo'}): bundled "
                   "real data, 4.3M statements",
        "synthetic": False,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": {key: round(baseline[key] / metrics[key], 2)
                  for key in ("show_seconds", "search_seconds") if metrics[key]},
        "targets": {"help_seconds": "< 0.5", "show_seconds": "< 1"},
        "machine": {"cores": len(__import__("os").sched_getaffinity(0)),
                    "platform": platform.platform()},
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in metrics.items():
            print(f"{key}: {value}")
        print(f"baseline: {baseline}; ratio: {result['ratio']}")


if __name__ == "__main__":
    main()
