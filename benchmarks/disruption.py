"""Disruption curves on the four criminal networks the issue names: CAVIAR (Morselli
2009), Siren (Morselli 2009), Oversize (Berlusconi et al. 2016) and the London gang
(Grund & Densley 2015), each taken into a fresh case through the shipped mappings.

For every strategy (sequential, recomputed after each removal; random: mean of 20
seeded orders) it reports Schneider et al.'s robustness R, the largest component after
removing 10% and 25% of the actors, the first actors removed, and the time; with
``--plots DIR`` it draws each network's LCC curves. Random removal is the baseline
measured in the same run; ``ratio`` is R(random) / R(best targeted strategy).

Run from the project root:  .venv/bin/python benchmarks/disruption.py --json --plots out/
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from tnoc.graph.disruption import DisruptionSpec, simulate
from tnoc.graph.plot import plot_disruption
from tnoc.graph.projection import ProjectionSpec, project
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = {"caviar": ("caviar", "morselli_caviar.csv"),
            "siren": ("criminal_network", "morselli_siren.csv"),
            "oversize": ("criminal_network", "berlusconietal_oversize.csv"),
            "london_gang": ("criminal_network", "LONDON_GANG.csv")}
STRATEGIES = ("degree", "betweenness", "katz", "collective_influence", "random")


def run(plots: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        case = Case.init(Path(tmp) / "case")
        for name, (mapping, file_name) in NETWORKS.items():
            report = ingest_file(case, mapping, ROOT / "examples" / "data" / "networks" /
                                 file_name)
            with case.connect(read_only=True) as con:
                projection = project(con, ProjectionSpec(sources=(report.source_id,),
                                                         directed=False))
            rows: dict[str, Any] = {}
            results = []
            for strategy in STRATEGIES:
                start = time.perf_counter()
                result = simulate(projection, DisruptionSpec(strategy=strategy))
                seconds = time.perf_counter() - start
                results.append(result)
                rows[strategy] = {
                    "robustness": round(result.robustness(), 4),
                    "lcc_at_10pct": round(result.at_removed(0.10).lcc_fraction, 3),
                    "lcc_at_25pct": round(result.at_removed(0.25).lcc_fraction, 3),
                    "first_removed": [a for s in result.steps[1:4] for a in s.removed]
                    if strategy != "random" else [],
                    "seconds": round(seconds, 2)}
            best = min(r["robustness"] for s, r in rows.items() if s != "random")
            out[name] = {"actors": len(projection.ids),
                         "ties": projection.graph.numberOfEdges(), "strategies": rows,
                         "ratio_random_to_best": round(rows["random"]["robustness"] / best, 1)}
            if plots:
                plot_disruption(results, plots / f"disruption-{name}.png",
                                f"{file_name}: {len(projection.ids)} actors")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--plots", type=Path, help="folder for the LCC curve PNGs")
    args = parser.parse_args()
    result: dict[str, Any] = {"benchmark": "disruption", "metrics": run(args.plots)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, m in result["metrics"].items():
            print(name, m["actors"], m["ties"],
                  {s: r["robustness"] for s, r in m["strategies"].items()})


if __name__ == "__main__":
    main()
