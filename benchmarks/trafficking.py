"""Modern slavery benchmark (issue #25): multiple systems estimation on the UK Home
Office's list-overlap table (Silverman 2014).

Metrics:

* ``mse_seconds``: the whole ``estimate_population`` without the bootstrap (the
  Home Office model choice, the AIC and BIC searches, every candidate's existence
  test, the profile interval); median of ``--runs``;
* ``mse_bootstrap_seconds``: the bootstrap alone, ``--replicates`` replicates each
  re-running the model choice (seed 2014);
* the figures themselves: ``estimate``, ``ci`` (the chosen model's 95% profile
  interval), ``bootstrap_ci``, ``model``, the AIC/BIC choices, the Akaike-weighted
  average and the spread over the candidate models, against the published
  10,000-13,000.

Not here yet: the template clusters of item 4 (``metrics.cluster_purity`` and
``metrics.coverage`` on Agora listing text) are a later task; their keys are left out.

Run from the project root:  .venv/bin/python benchmarks/trafficking.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "data" / "trafficking" / "mse_uk_2013_lists.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--replicates", type=int, default=200)
    args = parser.parse_args()
    from tnoc import __version__
    from tnoc.trafficking.mse import bootstrap, estimate_population, read_list_table, select

    table = read_list_table(TABLE)
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = estimate_population(table, replicates=0)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    boot, failed = bootstrap(table, select(table), result.pthresh, args.replicates, 2014)
    boot_seconds = time.perf_counter() - started
    low, high = result.ci
    metrics = {
        "mse_seconds": round(statistics.median(times), 3),
        "mse_bootstrap_seconds": round(boot_seconds, 2),
        "bootstrap_replicates": args.replicates,
        "bootstrap_failed": failed,
        "observed": table.observed,
        "estimate": round(result.estimate),
        "ci": [round(low), round(high)],
        "bootstrap_ci": None if boot is None else [round(boot[0]), round(boot[1])],
        "model": list(result.model),
        "aic_choice": round(result.aic_choice.estimate or 0),
        "bic_choice": round(result.bic_choice.estimate or 0),
        "model_average": round(result.model_average),
        "spread": {k: round(v) for k, v in result.spread.items()},
        "published_within_500": abs(low - 10_000) <= 500 and abs(high - 13_000) <= 500,
    }
    document = {
        "benchmark": "trafficking",
        "dataset": f"{TABLE.name}: 2,744 potential victims of 2013 on six lists "
                   "(Silverman 2014)",
        "synthetic": False,
        "metrics": metrics,
        "baseline": {"name": "published (Silverman 2014)", "ci": [10_000, 13_000]},
        "targets": {"ci": "each end within 500 of 10,000 and 13,000",
                    "estimate": "inside [10,000, 13,000]"},
        "versions": {"tnoc": __version__, "python": platform.python_version()},
        "machine": {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform()},
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False))
    else:
        print(json.dumps(document, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
