"""Held statements benchmark (issue #27, the lake-first store): one file of generated
bank transfers taken in twice in the same run, into the case's DuckDB store (the
baseline: today's default) and held as Parquet (``--statements parquet``,
:mod:`tnoc.store.held`), each in a fresh process, then what reads them:

- ``ingest_seconds``: the whole intake (hash, read, map, clean, write, seal, commit);
- ``store_bytes`` / ``held_bytes``: the DuckDB file, and the Parquet files held;
- ``lookup_ms``: the median of ``tnoc.store.query.show_entity`` (what ``tnoc show`` and
  the dossier read first: an entity's statements and those naming it) over the same
  sampled accounts (each named by the payments from and to it) and payments (named by
  none), half of each, on both cases; ``lookup_ms_by_schema`` the median of each;
- ``transfers_build_seconds``: the money commands' first read, every payment;
- ``seal_check_seconds``: the sources' seals recomputed (``verify_sources``);
- ``lake_seconds`` / ``lake_bytes``: ``tnoc case lake`` (:func:`tnoc.store.lake.write_lake`):
  the stored case copies every statement into the lake, the held case names its files
  and reads them in place (``lake_statements_in_place``);
- ``identical``: the ``statements`` view of both cases has the same rows (a count and
  an order-free sum of row hashes over id, source, value, locator and flag), and both
  lakes hold as many statements.

The data is SYNTHETIC (labelled so in the JSON): ``ingest.generate`` (seeded: 50,000
accounts at 400 banks). It exists only to measure; no finding rests on it.

Run from the project root:  .venv/bin/python benchmarks/held.py --json [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from envelope import machine, versions
from ingest import MAPPING, generate

RUN = """
import json, statistics, time
from pathlib import Path
from tnoc.store import Case
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store.query import show_entity
from tnoc.evidence.verify import Verification, verify_sources
from tnoc.money.transfers import build_transfers
from tnoc.store.lake import write_lake
held = {held}
case = Case.init(Path({root!r}))
t = time.perf_counter()
r = ingest_file(case, {mapping!r}, Path({csv!r}), IngestOptions(held=held))
ingest = time.perf_counter() - t
store_bytes = case.db_path.stat().st_size
held_bytes = sum(p.stat().st_size for p in (case.root / "held").rglob("*.parquet"))
with case.connect(read_only=True) as con:
    ids = [(s, i) for s, i in con.execute(
        "SELECT schema, entity_id FROM (SELECT DISTINCT entity_id, schema FROM statements "
        "WHERE schema IN ('BankAccount', 'Payment')) QUALIFY row_number() OVER (PARTITION "
        "BY schema ORDER BY hash(entity_id)) <= {lookups} // 2 ORDER BY hash(entity_id)"
    ).fetchall()]
    times, by_schema = [], {{}}
    for s, i in ids:
        t = time.perf_counter()
        show_entity(con, i)
        times.append((time.perf_counter() - t) * 1000)
        by_schema.setdefault(s, []).append(times[-1])
    t = time.perf_counter()
    built = build_transfers(con)
    transfers = time.perf_counter() - t
    t = time.perf_counter()
    checked = Verification()
    verify_sources(con, checked)
    seals = time.perf_counter() - t
    fingerprint = con.execute(
        "SELECT count(*), sum(hash(id || source_id || value || coalesce(locator, '') || "
        "coalesce(flag, ''))::HUGEINT)::VARCHAR FROM statements").fetchone()
t = time.perf_counter()
lake = write_lake(case)
lake_seconds = time.perf_counter() - t
lake_bytes = sum(p.stat().st_size for p in lake.folder.rglob("*") if p.is_file())
print(json.dumps({{"ingest_seconds": ingest, "statements": r.statements,
  "held_files": r.held_files, "store_bytes": store_bytes, "held_bytes": held_bytes,
  "lookups": len(times), "lookup_ms": statistics.median(times),
  "lookup_ms_max": max(times),
  "lookup_ms_by_schema": {{k: statistics.median(v) for k, v in sorted(by_schema.items())}},
  "transfers_build_seconds": transfers,
  "transfers_usable": built.usable, "seal_check_seconds": seals,
  "sealed": checked.sealed, "problems": [str(p) for p in checked.problems],
  "lake_seconds": lake_seconds, "lake_bytes": lake_bytes,
  "lake_statements_rows": lake.manifest["tables"]["statements"]["rows"],
  "lake_statements_in_place": sum(h["rows"] for h in
                                  lake.manifest["tables"]["statements"].get("held", [])),
  "fingerprint": list(fingerprint)}}))
"""


def run(csv: Path, root: Path, held: bool, lookups: int) -> dict[str, object]:
    """One intake and its reads in a fresh process."""
    code = RUN.format(held=held, root=str(root), mapping=str(MAPPING), csv=str(csv),
                      lookups=lookups)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=40)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "transactions.csv"
        generate(csv, args.rows)
        stored = run(csv, Path(tmp) / "stored", False, args.lookups)
        held = run(csv, Path(tmp) / "held", True, args.lookups)

    def ratio(key: str) -> float:
        return round(float(held[key]) / float(stored[key]), 3)  # type: ignore[arg-type]

    result = {
        "benchmark": "held",
        "dataset": f"generated bank transfers, {args.rows:,} rows (seeded generator of "
                   "benchmarks/ingest.py)",
        "synthetic": True,
        "metrics": {**{k: v for k, v in held.items() if k != "fingerprint"},
                    "identical": held["fingerprint"] == stored["fingerprint"]
                    and held["lake_statements_rows"] == stored["lake_statements_rows"]
                    and not held["problems"] and not stored["problems"]},
        "baseline": {"name": "the same file taken into the case's DuckDB store",
                     **{k: v for k, v in stored.items() if k != "fingerprint"}},
        "ratio": {"held_over_store": {k: ratio(k) for k in (
            "ingest_seconds", "lookup_ms", "transfers_build_seconds",
            "seal_check_seconds", "lake_seconds", "lake_bytes")},
            "bytes_held_plus_store_over_store": round(
                (float(held["held_bytes"]) + float(held["store_bytes"]))  # type: ignore[arg-type]
                / float(stored["store_bytes"]), 3)},  # type: ignore[arg-type]
        "versions": versions("duckdb"),
        "machine": machine(),
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
