"""Custody ledger benchmark: append and verify 1,000,000 signed, hash-chained events.

Measured in one run, in a fresh case:

* **append**: events appended by :func:`tnoc.ledger.custody.append_events` in
  batches of 10,000 (each event RFC 8785-canonicalised, SHA-256 chained, Ed25519
  signed, inserted as one Arrow batch per transaction);
* **baseline append**: the same per event through :func:`record_event`, one
  transaction per event (how an interactive command records), on the first
  ``--baseline-events`` only; the ratio is events/s batch over events/s baseline;
* **verify**: :func:`tnoc.evidence.verify.verify_ledger` over the whole ledger with a
  Merkle checkpoint every 100,000 events: every entry re-hashed and its signature
  checked, on ``--workers`` processes; the single-process time is measured too (ratio).

The events are SYNTHETIC (``accessed`` events of 1,000 exhibits by 20 analysts); only
speed is measured. Run from the project root:  .venv/bin/python benchmarks/ledger.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--baseline-events", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TNOC_KEYS"] = str(Path(tmp) / "keys")
        from tnoc.evidence.verify import Verification, verify_ledger
        from tnoc.ledger.checkpoints import make_checkpoint
        from tnoc.ledger.custody import CustodyEvent, append_events, record_event
        from tnoc.store import Case

        def event(i: int) -> CustodyEvent:
            return CustodyEvent("accessed", f"src-{i % 1000:04d}", f"{i % 1000:064x}",
                                actor=f"analyst-{i % 20}", role="analyst",
                                organisation="benchmark unit", purpose="review",
                                legal_authority="benchmark", method="tnoc show",
                                occurred_at=f"2026-01-01T00:00:{i % 60:02d}+00:00",
                                details={"n": i})

        baseline_case = Case.init(Path(tmp) / "baseline")
        started = time.perf_counter()
        for i in range(args.baseline_events):
            with baseline_case.transaction() as con:
                record_event(con, event(i))
        baseline_seconds = time.perf_counter() - started

        case = Case.init(Path(tmp) / "case")
        batch = 10_000
        started = time.perf_counter()
        for start in range(0, args.events, batch):
            with case.transaction() as con:
                append_events(con, [event(i) for i in range(start, min(start + batch,
                                                                        args.events))])
                if (start + batch) % 100_000 == 0:
                    make_checkpoint(con)
        append_seconds = time.perf_counter() - started

        timings = {}
        for workers in sorted({args.workers, 1}, reverse=True):
            result = Verification()
            started = time.perf_counter()
            with case.connect(read_only=True) as con:
                verify_ledger(con, result, workers=workers)
            timings[workers] = time.perf_counter() - started
            if not result.ok or result.events != args.events:
                sys.exit(f"verification failed: {result.summary()}")
        checkpoints = result.checkpoints
        db_mb = case.db_path.stat().st_size / 2**20

    append_per_s = args.events / append_seconds
    baseline_per_s = args.baseline_events / baseline_seconds
    out = {
        "benchmark": "ledger",
        "data": "SYNTHETIC custody events (speed only)",
        "command": "python benchmarks/ledger.py --json",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "metrics": {
            "events": args.events,
            "append_per_s": round(append_per_s),
            "append_seconds": round(append_seconds, 1),
            "verify_seconds": round(timings[args.workers], 1),
            "verify_workers": args.workers,
            "checkpoints_verified": checkpoints,
            "store_mb": round(db_mb),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        },
        "baseline": {
            "append": "record_event, one transaction per event",
            "events": args.baseline_events,
            "append_per_s": round(baseline_per_s),
            "verify_seconds_1_worker": round(timings[1], 1),
        },
        "ratio": {
            "append_batch_vs_per_event": round(append_per_s / baseline_per_s, 1),
            "verify_1_worker_vs_parallel": round(timings[1] / timings[args.workers], 2),
        },
    }
    print(json.dumps(out) if args.json else json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
