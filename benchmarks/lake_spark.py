"""The lake written by Spark against DuckDB (issue #27, item 2: ``tnoc case lake
--engine spark``): one file of generated bank transfers held as Parquet (``--statements
parquet``, so the lake names the statement files and copies nothing of them), then its
lake written twice in the same process:

- the baseline, DuckDB (:func:`tnoc.store.lake.write_lake`): the entities and edges
  aggregated from every statement, written and every content hash computed by DuckDB;
- Spark ``local[2]`` (``write_lake(case, spark=...)``, :mod:`tnoc.store.lake_spark`):
  the entities and edges computed by Spark from the held files read natively, written
  by its workers, and every content hash computed by its executors.

Keys: ``seconds`` per size and engine (Spark's session started before, its start-up
time reported apart as ``spark_start_seconds``), ``ratio`` (Spark / DuckDB) and
``scaling_4x`` (each engine's time for 4x the rows over its time for 1x; linear is
4); ``identical``: at every size, both lakes have the same rows and content hash for
every table (the content, not the files: :func:`tnoc.store.lake.content_hash`).

On 2 cores Spark is not expected to be faster: what it changes is where the work can
run (a cluster's executors, with the case's DuckDB host only copying out the stored
tables); the run reports what it measured.

The data is SYNTHETIC (labelled so in the JSON): ``ingest.generate`` (seeded: 50,000
accounts at 400 banks). It exists only to measure; no finding rests on it.

Run from the project root:
    .venv/bin/python benchmarks/lake_spark.py --json [--rows 250000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from envelope import machine, versions
from ingest import MAPPING, generate


def _lake(case: Any, spark: Any = None) -> tuple[float, dict[str, Any]]:
    """Seconds to write ``case``'s lake (on DuckDB, or on ``spark``) and its tables'
    rows and content hashes."""
    from tnoc.store.lake import write_lake

    started = time.perf_counter()
    written = write_lake(case, spark=spark)
    seconds = time.perf_counter() - started
    return seconds, {name: (part["rows"], part["content_sha256"])
                     for name, part in written.manifest["tables"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=250_000,
                        help="transfers at 1x; the run measures 1x and 4x")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    from tnoc.ingest.pipeline import IngestOptions, ingest_file
    from tnoc.store import Case
    from tnoc.store.case_engine import start_spark
    from tnoc.store.spark_interrupt import stop_session

    started = time.perf_counter()
    spark = start_spark(args.master)
    spark_start = time.perf_counter() - started
    sizes: dict[str, Any] = {}
    identical = True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for rows in (args.rows, 4 * args.rows):
                csv = Path(tmp) / f"transactions-{rows}.csv"
                generate(csv, rows)
                case = Case.init(Path(tmp) / f"case-{rows}")
                report = ingest_file(case, str(MAPPING), csv, IngestOptions(held=True))
                duck_seconds, duck = _lake(case)
                spark_seconds, on_spark = _lake(case, spark)
                identical = identical and duck == on_spark
                sizes[str(rows)] = {
                    "transfers": rows, "statements": report.statements,
                    "entities": duck["entities"][0], "edges": duck["edges"][0],
                    "duckdb_seconds": round(duck_seconds, 2),
                    "spark_seconds": round(spark_seconds, 2),
                    "ratio_spark_over_duckdb": round(spark_seconds / duck_seconds, 3),
                    "identical": duck == on_spark}
    finally:
        stop_session(spark)
    one, four = sizes[str(args.rows)], sizes[str(4 * args.rows)]
    result = {
        "benchmark": "lake_spark",
        "dataset": f"generated bank transfers, {args.rows:,} and {4 * args.rows:,} rows "
                   "(seeded generator of benchmarks/ingest.py), held as Parquet",
        "synthetic": True,
        "metrics": {"sizes": sizes, "identical": identical,
                    "spark_master": args.master,
                    "spark_start_seconds": round(spark_start, 2),
                    "scaling_4x": round(four["spark_seconds"] / one["spark_seconds"], 3)},
        "baseline": {"name": "the same lake written on DuckDB (write_lake), same run",
                     "scaling_4x": round(four["duckdb_seconds"] / one["duckdb_seconds"], 3)},
        "ratio": {"spark_over_duckdb": {size: s["ratio_spark_over_duckdb"]
                                        for size, s in sizes.items()}},
        "versions": versions("duckdb", "pyspark"),
        "machine": machine(),
    }
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
