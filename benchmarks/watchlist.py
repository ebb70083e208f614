"""Entity resolution on two real watch-lists: the OFAC SDN list of one year against the
list of another year (both in OFAC's legacy 12-column ``sdn.csv`` format).

Both files go through the shipped ``ofac_sdn`` mapping into one case. The mapping's ids
are rewritten per file to ``<label>-<row number>`` so that the two years' entities stay
apart and OFAC's ``ent_num`` appears nowhere the resolver can see it (not in an id, not
in a value). ``tnoc.resolve.run.resolve_case`` then proposes candidate links with its
defaults. The cross-year links are scored with ``ent_num`` as the truth: the same
``ent_num`` in both files is the same entity, any other pair is a false link.

Baseline, measured in the same run: exact match of normalised primary names (lower
case, accents and punctuation removed). Most entries keep their name from one year to
the next, so it is strong; it misses renamed entries and joins different entries that
share a name.

Run from the project root::

    .venv/bin/python benchmarks/watchlist.py --json
    .venv/bin/python benchmarks/watchlist.py --json --older OLD.csv --newer NEW.csv
    .venv/bin/python benchmarks/watchlist.py --json --seeds 1 --engine spark

With ``--engine spark`` the records are built and the model runs on Spark (``tnoc
resolve --engine spark``, a session on ``--spark-master``, local[2] by default, from
the case's lake, written first: ``lake_seconds``) and the same
case is then resolved on DuckDB too: ``metrics.on_duckdb`` holds DuckDB's figures and
``same_pairs``, the cross-year pairs both engines found over those either found.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OLDER = ROOT / "examples" / "data" / "sanctions" / "ofac_sdn_2023-05-02.csv"
DEFAULT_NEWER = ROOT / "examples" / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv"
SCHEMA_OF_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
SCHEMATA = ("Person", "Organization", "Vessel", "Airplane")
SEEDS = (1, 2, 3, 4, 5)


@dataclass
class ListFile:
    """One list file: its label in the case and the truth read from it."""

    label: str
    path: Path
    ent_num: dict[str, str]  # entity id in the case -> OFAC ent_num
    schema: dict[str, str]   # entity id -> expected FtM schema


def read_truth(label: str, path: Path) -> ListFile:
    """Row number -> ent_num and schema, read the way the mapping reads the file."""
    ent_num: dict[str, str] = {}
    schema: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rows = [r for r in csv.reader(handle) if len(r) >= 12]
    for number, row in enumerate(rows, start=1):
        entity = f"{label}-{number}"
        ent_num[entity] = row[0].strip()
        schema[entity] = SCHEMA_OF_TYPE.get(row[2].strip(), "Organization")
    return ListFile(label, path, ent_num, schema)


def year_mapping(label: str, folder: Path) -> Path:
    """The shipped ``ofac_sdn`` mapping with ids built from the row number, not ent_num."""
    from tnoc.ingest.mapping import load_mapping

    shipped = Path(str(load_mapping("ofac_sdn").path)).read_text(encoding="utf-8")
    if "{ent_num}" not in shipped:
        raise SystemExit("the shipped ofac_sdn mapping no longer builds ids from {ent_num}")
    text = shipped.replace("ofac-sdn-sanction-{ent_num}", f"{label}-sanction-{{_row}}")
    text = text.replace("ofac-sdn-{ent_num}", f"{label}-{{_row}}")
    if "ent_num}" in text:
        raise SystemExit("ent_num is still used in the mapping after rewriting its ids")
    text = re.sub(r"^mapping: .*$", f"mapping: ofac_sdn_{label}", text, flags=re.M)
    text = re.sub(r"^dataset: .*$", f"dataset: ofac_sdn_{label}", text, flags=re.M)
    out = folder / f"ofac_sdn_{label}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def normalised(name: str) -> str:
    from normality import ascii_text

    text = (ascii_text(name) or "").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def baseline_pairs(con: duckdb.DuckDBPyConnection, lists: list[ListFile]
                   ) -> set[tuple[str, str]]:
    """Cross-list pairs whose primary names are equal after normalisation."""
    by_name: list[dict[str, set[str]]] = []
    for listed in lists:
        names: dict[str, set[str]] = {}
        rows = con.execute(
            "SELECT entity_id, value FROM statement_store WHERE prop = 'name' "
            "AND entity_id IN (SELECT unnest($ids))", {"ids": list(listed.ent_num)}
        ).fetchall()
        for entity, value in rows:
            names.setdefault(normalised(value), set()).add(entity)
        by_name.append(names)
    pairs = set()
    for name, older in by_name[0].items():
        for a in older:
            for b in by_name[1].get(name, ()):
                pairs.add((a, b))
    return pairs


def cross_pairs(found: list[tuple[str, str]], lists: list[ListFile]) -> set[tuple[str, str]]:
    """Candidate pairs with one side in each list, as (older, newer)."""
    older, newer = lists[0].ent_num, lists[1].ent_num
    out = set()
    for left, right in found:
        if left in older and right in newer:
            out.add((left, right))
        elif right in older and left in newer:
            out.add((right, left))
    return out


def score(pairs: set[tuple[str, str]], lists: list[ListFile]) -> dict[str, Any]:
    """Precision and recall of cross-list pairs against ent_num."""
    older, newer = lists[0], lists[1]
    by_num = {num: entity for entity, num in newer.ent_num.items()}
    truth = {(a, by_num[num]) for a, num in older.ent_num.items() if num in by_num}
    tp = pairs & truth
    precision = len(tp) / len(pairs) if pairs else 0.0
    recall = len(tp) / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    by_schema = {}
    for schema in SCHEMATA:
        expected = {p for p in truth if newer.schema[p[1]] == schema}
        if expected:
            by_schema[schema] = round(len(expected & pairs) / len(expected), 5)
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5),
            "pairs": len(pairs), "true_pairs": len(truth), "true_found": len(tp),
            "recall_by_schema": by_schema, "missed": len(truth - pairs)}


def run_ids(summary: Any) -> list[str]:
    ids = [summary.identifiers.run_id]
    ids += [g.run_id for g in summary.groups if g.run_id]
    return ids


def links_of(con: duckdb.DuckDBPyConnection, runs: list[str], threshold: float
             ) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in con.execute(
        "SELECT DISTINCT left_id, right_id FROM candidate_links WHERE run_id IN "
        "(SELECT unnest($runs)) AND coalesce(match_probability, 1.0) >= $t",
        {"runs": runs, "t": threshold}).fetchall()]


def examples(pairs: set[tuple[str, str]], lists: list[ListFile],
             con: duckdb.DuckDBPyConnection, limit: int = 15) -> dict[str, list[str]]:
    """A few false and missed pairs by name, to read (not scored)."""
    older, newer = lists[0], lists[1]
    by_num = {num: entity for entity, num in newer.ent_num.items()}
    truth = {(a, by_num[num]) for a, num in older.ent_num.items() if num in by_num}
    names = dict(con.execute("SELECT entity_id, min(value) FROM statement_store "
                             "WHERE prop = 'name' GROUP BY 1").fetchall())

    def show(p: tuple[str, str]) -> str:
        return (f"{older.ent_num[p[0]]}/{newer.ent_num[p[1]]} {newer.schema[p[1]]}: "
                f"{names.get(p[0])} ~ {names.get(p[1])}")
    return {"false": [show(p) for p in sorted(pairs - truth)[:limit]],
            "missed": [show(p) for p in sorted(truth - pairs)[:limit]]}


def _spark(master: str) -> Any:
    """A Spark session with Splink's similarity functions (``--engine spark``)."""
    from tnoc.resolve.spark_backend import similarity_jars
    from tnoc.store.case_engine import start_spark

    return start_spark(master, **{"spark.jars": similarity_jars()})


def _stop(spark: Any) -> None:
    from tnoc.store.spark_interrupt import stop_session

    stop_session(spark)


def _on_duckdb(case: Any, options: Any, lists: list[ListFile],
               on_spark: set[tuple[str, str]]) -> dict[str, Any]:
    """The same case resolved on DuckDB: its figures and the cross-year pairs both
    engines found over the pairs either found."""
    from tnoc.resolve.run import resolve_case

    started = time.perf_counter()
    summary = resolve_case(case, options)
    seconds = time.perf_counter() - started
    with case.connect(read_only=True) as con:
        pairs = cross_pairs(links_of(con, run_ids(summary), options.threshold), lists)
    either = pairs | on_spark
    return {**score(pairs, lists), "resolve_seconds": round(seconds, 2),
            "same_pairs": round(len(pairs & on_spark) / max(len(either), 1), 5),
            "only_on_duckdb": len(pairs - on_spark), "only_on_spark": len(on_spark - pairs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--older", type=Path, default=DEFAULT_OLDER,
                        help="the earlier list (legacy sdn.csv format)")
    parser.add_argument("--newer", type=Path, default=DEFAULT_NEWER,
                        help="the later list (legacy sdn.csv format)")
    parser.add_argument("--seeds", type=int, nargs="*", default=list(SEEDS),
                        help="seeds of the repeated runs (the first is the main run)")
    parser.add_argument("--examples", action="store_true",
                        help="also list some false and missed pairs by name")
    parser.add_argument("--em", action="store_true",
                        help="refine the prior m values by EM (off by default, as in tnoc)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the case in this new folder and keep it (to inspect)")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                        help="where the model runs (tnoc resolve --engine); with spark the "
                             "run also resolves on DuckDB and reports the candidate pairs "
                             "both found (same_pairs) and each engine's figures")
    parser.add_argument("--spark-master", default="local[2]")
    args = parser.parse_args()

    import splink

    from tnoc import __version__
    from tnoc.ingest.pipeline import IngestOptions, ingest_file
    from tnoc.resolve.model import ModelOptions
    from tnoc.resolve.run import resolve_case
    from tnoc.store import Case

    lists = [read_truth("older", args.older), read_truth("newer", args.newer)]
    metrics: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="tnoc-watchlist-") as tmp:
        folder = args.keep or Path(tmp)
        case = Case.init(folder / "case")
        start = time.perf_counter()
        for listed in lists:
            ingest_file(case, year_mapping(listed.label, folder), listed.path,
                        IngestOptions(handling_code="TLP:CLEAR"))
        ingest_seconds = time.perf_counter() - start
        lake_seconds = None
        if args.engine == "spark":  # Spark reads the case from its lake
            from tnoc.store.lake import write_lake

            started = time.perf_counter()
            write_lake(case)
            lake_seconds = round(time.perf_counter() - started, 2)
        seeds_f1: dict[str, float] = {}
        main_run: dict[str, Any] = {}
        spark = _spark(args.spark_master) if args.engine == "spark" else None
        for seed in args.seeds:
            started = time.perf_counter()
            options = ModelOptions(seed=seed, em=args.em)
            summary = resolve_case(case, options, engine=args.engine, spark=spark)
            seconds = time.perf_counter() - started
            with case.connect(read_only=True) as con:
                pairs = cross_pairs(links_of(con, run_ids(summary), options.threshold), lists)
                result = score(pairs, lists)
                if not main_run:
                    main_run = {**result, "resolve_seconds": round(seconds, 2),
                                "engine": args.engine, "pairs_found": pairs,
                                "groups": {g.group: {"records": g.records,
                                                     "candidates": g.candidates,
                                                     "skipped": g.skipped}
                                           for g in summary.groups}}
                    if args.examples:
                        main_run["examples"] = examples(pairs, lists, con)
            seeds_f1[str(seed)] = result["f1"]
        if spark is not None:  # the same case on DuckDB, for the engines' agreement
            main_run["on_duckdb"] = _on_duckdb(case, ModelOptions(seed=args.seeds[0],
                                                                  em=args.em), lists,
                                               main_run.pop("pairs_found"))
            _stop(spark)
        main_run.pop("pairs_found", None)
        with case.connect(read_only=True) as con:
            base = score(baseline_pairs(con, lists), lists)
    metrics = {**main_run, "seconds": round(ingest_seconds + main_run["resolve_seconds"], 2),
               "ingest_seconds": round(ingest_seconds, 2), "seeds_f1": seeds_f1,
               **({"lake_seconds": lake_seconds} if lake_seconds is not None else {}),
               "seeds_f1_spread": round(max(seeds_f1.values()) - min(seeds_f1.values()), 5)}
    result = {
        "benchmark": "watchlist",
        "dataset": f"OFAC SDN {args.older.name} -> {args.newer.name} "
                   f"({len(lists[0].ent_num):,} and {len(lists[1].ent_num):,} entries)",
        "synthetic": False,
        "metrics": metrics,
        "baseline": {"name": "exact match of normalised primary names", **base},
        "ratio": {"f1": round(metrics["f1"] / base["f1"], 5) if base["f1"] else None},
        "versions": {"tnoc": __version__, "splink": splink.__version__,
                     "duckdb": duckdb.__version__, "python": platform.python_version()},
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
