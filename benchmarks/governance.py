"""What the gate costs: audit-trail throughput and the gate's share of ``make demo``.

Issue #20 asks that the gate add under 5% to ``make demo`` and that the audit trail
append at least 5,000 records a second. Measured here, in one run:

* ``audit_batch_records_per_second``: records appended to a case's audit trail in
  batches of ``--batch`` in one transaction each (hash-chained, each signed with
  Ed25519, one Arrow insert per batch: :func:`tnoc.govern.audit.append_records`), on a
  case holding the CAVIAR network;
* ``audit_single_records_per_second``: one record per transaction with its signed head
  written after it, as each command of the command line does it
  (:meth:`tnoc.service.CaseService.authorise`, including the decision);
* ``demo_seconds`` (the demo case built through the gate, each step decided and
  audited) against the baseline ``demo_seconds_ungated`` (the same build with the gate
  skipped), and ``gate_overhead_share`` = gated / ungated - 1 (target < 0.05).

Run from the project root:  .venv/bin/python benchmarks/governance.py --json
(``--no-demo`` skips the two demo builds, about 2 x 2 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAVIAR = ROOT / "examples" / "data" / "networks" / "morselli_caviar.csv"


def _case(folder: Path) -> object:
    from tnoc.ingest.pipeline import ingest_file
    from tnoc.store import Case

    case = Case.init(folder / "case")
    ingest_file(case, "caviar", CAVIAR)
    return case


def batch_rate(folder: Path, records: int, batch: int) -> float:
    """Audit records appended per second in batches."""
    from tnoc.govern.audit import AuditRecord, append_records
    from tnoc.store import Case

    case = _case(folder / "batch")
    assert isinstance(case, Case)
    made = [AuditRecord(operation="show", act="consult", actor="bench", role="analyst",
                        case_id=case.case_id, outcome="allowed", purpose="benchmark",
                        entities=(f"caviar-n{i % 110 + 1}",)) for i in range(records)]
    started = time.perf_counter()
    for start in range(0, records, batch):
        with case.transaction() as con:
            append_records(con, made[start:start + batch])
    return records / (time.perf_counter() - started)


def single_rate(folder: Path, records: int) -> float:
    """Operations decided and audited per second, one transaction each."""
    from tnoc.ledger.keys import operator
    from tnoc.service import CaseService, Session
    from tnoc.store import Case

    case = _case(folder / "single")
    assert isinstance(case, Case)
    service = CaseService(case, Session(operator(), "benchmark"))
    started = time.perf_counter()
    for i in range(records):
        service.authorise("show", entities=[f"caviar-n{i % 110 + 1}"])
    return records / (time.perf_counter() - started)


def demo_seconds(folder: Path, gated: bool) -> float:
    """Wall time of a fresh demo build, with or without the gate."""
    from tnoc.cli.demo import build_demo

    started = time.perf_counter()
    build_demo(folder / ("gated" if gated else "ungated"), fresh=True, gated=gated)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--single", type=int, default=200)
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tnoc-governance-") as tmp:
        os.environ.setdefault("TNOC_KEYS", str(Path(tmp) / "keys"))
        folder = Path(tmp)
        metrics: dict[str, float] = {
            "audit_batch_records_per_second": round(batch_rate(folder, args.records,
                                                               args.batch)),
            "audit_single_records_per_second": round(single_rate(folder, args.single), 1),
        }
        baseline: dict[str, object] = {"name": "the demo build with the gate skipped"}
        ratio: dict[str, float] = {}
        if not args.no_demo:
            ungated = demo_seconds(folder, gated=False)
            gated = demo_seconds(folder, gated=True)
            metrics["demo_seconds"] = round(gated, 1)
            baseline["demo_seconds_ungated"] = round(ungated, 1)
            ratio["gate_overhead_share"] = round(gated / ungated - 1, 4)
    from importlib.metadata import version

    result = {
        "benchmark": "governance", "dataset": "CAVIAR (Morselli 2009); the demo case",
        "synthetic": False, "metrics": metrics, "baseline": baseline, "ratio": ratio,
        "targets": {"audit_batch_records_per_second": ">= 5000",
                    "gate_overhead_share": "< 0.05"},
        "versions": {"tnoc": version("tnoc"), "duckdb": version("duckdb"),
                     "python": platform.python_version()},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
