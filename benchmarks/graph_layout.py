"""The graph explorer's server-side starting positions (tnoc.graph.layout, Pivot MDS per
component) on the charts that cost most, against the former implementation.

Review finding 1 (docs/workspace.md): the former layout ran a Python call per connected
component, so that a chart of many small components cost seconds (10,000 three-node
components and 70,000 isolated nodes: 8.1 s of CPU). Now a chart is at most
``LARGEST`` (20,000 nodes, 100,000 links) and the components of at most ``PIVOTS``
nodes are laid out a stack per size. The charts, each within that bound:

* ``triangles``: 6,666 triangles (19,998 nodes);
* ``paths_and_isolated``: 3,000 three-node paths and 11,000 isolated nodes;
* ``trees_of_51``: 392 random trees of 51 nodes (the most components above PIVOTS:
  one Pivot MDS each, 50 breadth-first searches);
* ``preferential_5k``: 5,000 nodes and 20,000 links by preferential attachment (the
  chart the explorer's speed test draws);
* ``elliptic_20k``: the first 20,000 links of the Elliptic transaction graph (real data).

Each is laid out ``--repeat`` times each way, alternating: ``new`` (the working tree's
:func:`tnoc.graph.layout.chart_positions`) and ``before`` (the module as of ``--before``,
a commit, read by ``git show``). Reports the best wall and CPU seconds of each and their
ratio, and the mean link length of the new positions in hops (about 1 when linked nodes
are placed near).

    python benchmarks/graph_layout.py --json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import types
from itertools import islice
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from envelope import machine, versions  # noqa: E402  (benchmarks/envelope.py)

from tnoc.graph import layout  # noqa: E402

ELLIPTIC = ROOT / "examples" / "data" / "crypto" / "elliptic_txs_edgelist.csv"


def charts() -> dict[str, tuple[int, np.ndarray]]:
    """The benchmark's charts (see the module), as (order, links)."""
    rng = np.random.default_rng(22)
    out: dict[str, tuple[int, np.ndarray]] = {}
    t = np.arange(6_666)[:, None] * 3
    out["triangles"] = (19_998, np.concatenate([t + [0, 1], t + [1, 2], t + [2, 0]]))
    p = np.arange(3_000)[:, None] * 3
    out["paths_and_isolated"] = (20_000, np.concatenate([p + [0, 1], p + [1, 2]]))
    trees = []
    for c in range(392):
        child = np.arange(1, 51)
        parent = (rng.random(50) * child).astype(np.int64)  # each below its child
        trees.append(np.column_stack([parent, child]) + 51 * c)
    out["trees_of_51"] = (392 * 51, np.concatenate(trees))
    found: set[tuple[int, int]] = set()
    targets = [0, 1]
    while len(found) < 20_000:
        a = int(rng.integers(0, 5_000))
        b = int(targets[int(rng.integers(0, len(targets)))])
        if a != b and (a, b) not in found and (b, a) not in found:
            found.add((a, b))
            targets += [a, b]
    out["preferential_5k"] = (5_000, np.array(sorted(found)))
    number: dict[str, int] = {}
    with ELLIPTIC.open(newline="") as handle:
        rows = list(islice(csv.DictReader(handle), 20_000))
    links = [(number.setdefault(r["txId1"], len(number)),
              number.setdefault(r["txId2"], len(number))) for r in rows]
    out["elliptic_20k"] = (len(number), np.array(links))
    return out


def former(commit: str) -> types.ModuleType:
    """tnoc.graph.layout as of ``commit``, loaded under another name."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:src/tnoc/graph/layout.py"],
                          capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("former_layout")
    exec(compile(text, f"{commit}:layout.py", "exec"), module.__dict__)  # noqa: S102
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", default="31d646c",
                    help="the commit of the former layout (default: h46's merge)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    before = former(args.before)
    ways = {"new": layout.chart_positions, "before": before.chart_positions}
    results = {}
    for name, (order, links) in charts().items():
        times: dict[str, list[float]] = {w: [] for w in ways}
        cpu: dict[str, list[float]] = {w: [] for w in ways}
        positions = None
        for _ in range(args.repeat):
            for way, run in ways.items():
                t0, c0 = time.perf_counter(), time.process_time()
                got = run(order, links)
                times[way].append(time.perf_counter() - t0)
                cpu[way].append(time.process_time() - c0)
                if way == "new":
                    positions = got
        assert positions is not None
        hop = np.linalg.norm(positions[links[:, 0]] - positions[links[:, 1]], axis=1)
        best = {w: min(v) for w, v in times.items()}
        best_cpu = {w: min(v) for w, v in cpu.items()}
        results[name] = {"nodes": order, "links": len(links),
                         "seconds": {w: round(v, 3) for w, v in best.items()},
                         "cpu_seconds": {w: round(v, 3) for w, v in best_cpu.items()},
                         "new_over_before": round(best["new"] / best["before"], 3),
                         "cpu_new_over_before": round(best_cpu["new"] / best_cpu["before"], 3),
                         "mean_link_hops": round(float(hop.mean()), 2)}
    out = {"benchmark": "graph_layout", "load_average": list(os.getloadavg()),
           "versions": versions(), "machine": machine(),
           "before": args.before, "repeat": args.repeat, "largest": list(layout.LARGEST),
           "metrics": results}
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
