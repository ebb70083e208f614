"""Entity resolution on Spark against DuckDB (issue #27, item 3: ``tnoc resolve
--engine spark``): generated person records taken into a case, then resolved twice in
the same process with the library function behind the command
(:func:`tnoc.resolve.run.resolve_case`):

- the baseline, Splink on DuckDB (the default engine);
- Spark ``local[2]``: since session 61 the records are built by Spark from the case's
  lake (written first, ``tnoc case lake``; its time reported apart as
  ``lake_seconds``), the names normalised by its executors, and linked by Splink's
  ``SparkAPI``: every count, sample, score and the candidates computed by its
  executors (:mod:`tnoc.resolve.record_tables`).

Keys: per size and engine, ``seconds`` (Spark's session started before, its start-up
reported apart), precision and recall at match probability 0.5 against the
generator's truth; ``scored_pairs`` (the entity pairs Splink scored above its floor:
until session 59 every one of them was copied to the driver on Spark) against
``candidates`` (what comes back now); ``scaling_4x`` (each engine's time for 4x the
records over its time for 1x; linear is 4); ``same_candidates``, the pairs both engines
proposed over both's union, and ``same_model``, whether lambda and every m and u agree
(to 1e-9): since session 60 every comparison's, the names' too (Spark's Jaro-Winkler is
TNOC's copy of DuckDB's: tnoc.resolve.spark_backend.JARO_WINKLER_CLASS).

On 2 cores Spark is not expected to be faster: what it changes is where the records and
the scored pairs are held (a cluster's executors, not this process).

The data is SYNTHETIC (labelled so in the JSON): ``person_generator.generate``
(seeded: people and noisy copies of some of them). It exists only to measure.

Run from the project root:
    .venv/bin/python benchmarks/resolve_spark.py --json [--records 10000] [--master local[2]]
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any

from envelope import machine, versions
from er import ingest_frames
from person_generator import febrl_layout, generate


def _run(case: Any, records: Any, spark: Any = None) -> tuple[float, dict[str, Any]]:
    """Seconds to resolve ``case`` (on DuckDB, or on ``spark``), the candidate pairs over
    0.5 with precision and recall against ``records``' truth, and the person model."""
    from tnoc.resolve.run import resolve_case

    started = time.perf_counter()
    summary = resolve_case(case, engine="spark" if spark is not None else "duckdb",
                           spark=spark)
    seconds = time.perf_counter() - started
    with case.connect(read_only=True) as con:
        pairs = {(str(a), str(b)) for a, b in con.execute(
            "SELECT left_id, right_id FROM candidate_links c JOIN resolution_runs r "
            "USING (run_id) WHERE r.batch = ? AND c.method = 'splink' "
            "AND c.match_probability >= 0.5", [summary.batch]).fetchall()}
        (parameters,) = [json.loads(r[0]) for r in con.execute(
            "SELECT parameters FROM resolution_runs WHERE batch = ? AND method = 'splink' "
            "AND parameters->>'group' = 'person'", [summary.batch]).fetchall()]
    truth = dict(zip(records.unique_id.astype(str), records.true_id, strict=True))
    sizes: dict[int, int] = {}
    for true_id in records.true_id:
        sizes[true_id] = sizes.get(true_id, 0) + 1
    true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    found = {p for p in pairs if p[0] in truth and p[1] in truth}
    hits = sum(truth[a] == truth[b] for a, b in found)
    return seconds, {
        "pairs": found, "model": parameters["model"],
        "precision": round(hits / max(len(found), 1), 5),
        "recall": round(hits / max(true_pairs, 1), 5),
        "candidates": len(found),
        "scored_pairs": parameters["training"]["scored_pairs"]}


def _same_model(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """lambda and every m and u agree to 1e-9."""
    def close(a: Any, b: Any) -> bool:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)

    if not close(ours["probability_two_random_records_match"],
                 theirs["probability_two_random_records_match"]):
        return False
    for one, other in zip(ours["comparisons"], theirs["comparisons"], strict=True):
        for level, twin in zip(one["comparison_levels"], other["comparison_levels"],
                               strict=True):
            for key in ("m_probability", "u_probability"):
                if key in level and not close(level[key], twin[key]):
                    return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000,
                        help="person records at 1x (70%% people, 30%% noisy copies); the "
                             "run measures 1x and 4x")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    from tnoc.resolve.spark_backend import similarity_jars
    from tnoc.store.case_engine import start_spark
    from tnoc.store.lake import write_lake
    from tnoc.store.spark_interrupt import stop_session

    started = time.perf_counter()
    spark = start_spark(args.master, **{"spark.jars": similarity_jars()})
    spark_start = time.perf_counter() - started
    sizes: dict[str, Any] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for total in (args.records, 4 * args.records):
                copies = total * 3 // 10
                records = generate(total - copies, copies)
                case = ingest_frames([febrl_layout(records)], Path(tmp) / f"case-{total}")
                lake_started = time.perf_counter()
                write_lake(case)  # what Spark reads the case from
                lake_seconds = time.perf_counter() - lake_started
                duck_seconds, duck = _run(case, records)
                spark_seconds, on_spark = _run(case, records, spark)
                union = duck["pairs"] | on_spark["pairs"]
                sizes[str(total)] = {
                    "records": total,
                    "duckdb": {k: v for k, v in duck.items() if k not in ("pairs", "model")}
                    | {"seconds": round(duck_seconds, 2)},
                    "spark": {k: v for k, v in on_spark.items()
                              if k not in ("pairs", "model")}
                    | {"seconds": round(spark_seconds, 2),
                       "lake_seconds": round(lake_seconds, 2)},
                    "ratio_spark_over_duckdb": round(spark_seconds / duck_seconds, 3),
                    "same_candidates": round(len(duck["pairs"] & on_spark["pairs"])
                                             / max(len(union), 1), 5),
                    "same_model": _same_model(duck["model"], on_spark["model"])}
    finally:
        stop_session(spark)
    one, four = sizes[str(args.records)], sizes[str(4 * args.records)]
    result = {
        "benchmark": "resolve_spark",
        "dataset": f"generated person records, {args.records:,} and {4 * args.records:,} "
                   "(seeded generator of benchmarks/person_generator.py)",
        "synthetic": True,
        "metrics": {"sizes": sizes, "spark_master": args.master,
                    "spark_start_seconds": round(spark_start, 2),
                    "same_model": all(s["same_model"] for s in sizes.values()),
                    "scaling_4x": round(four["spark"]["seconds"] / one["spark"]["seconds"],
                                        3)},
        "baseline": {"name": "the same case resolved on DuckDB (resolve_case), same run",
                     "scaling_4x": round(four["duckdb"]["seconds"]
                                         / one["duckdb"]["seconds"], 3)},
        "ratio": {"spark_over_duckdb": {size: s["ratio_spark_over_duckdb"]
                                        for size, s in sizes.items()}},
        "versions": versions("duckdb", "pyspark", "splink"),
        "machine": machine(),
    }
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
