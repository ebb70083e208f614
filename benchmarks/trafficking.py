"""Modern slavery benchmark (issue #25): multiple systems estimation and ad templates.

Multiple systems estimation on the UK Home Office's list-overlap table (Silverman
2014); template clusters on Agora listing text with the vendor as author.

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

* template clusters (item 4, :mod:`tnoc.trafficking.templates`) on Agora listing text
  with the vendor as author: ``cluster_purity`` (the share of clustered listings
  whose vendor is their cluster's most frequent one; target >= 0.9) and ``coverage``
  (the share of listings in a cluster) at the precision setting on the vendor pages'
  descriptions (``agora_vendor_pages_2014-01.csv``); under ``templates`` the same for
  the recall setting and for the product titles of the 2014-01-01 crawl
  (``agora-products-2014-01-01.csv``), with run times.

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
MARKETS = ROOT / "examples" / "data" / "markets"
LISTINGS = [("vendor pages, descriptions", MARKETS / "agora_vendor_pages_2014-01.csv",
             "description"),
            ("crawl 2014-01-01, product titles", MARKETS / "agora-products-2014-01-01.csv",
             "product")]


def template_runs() -> dict[str, dict[str, object]]:
    """Template clusters on each Agora file at both settings, scored against vendor."""
    from tnoc.trafficking.templates import Setting, find_templates, read_listings

    out: dict[str, dict[str, object]] = {}
    for name, path, column in LISTINGS:
        listings = read_listings(path, [column], "vendor")
        for setting in Setting:
            started = time.perf_counter()
            found = find_templates(listings, setting)
            seconds = time.perf_counter() - started
            purity = found.purity()
            out[f"{name}, {setting.value}"] = {
                "file": path.name, "listings": len(listings.items),
                "duplicates_dropped": listings.duplicates,
                "vendors": len({i.author for i in listings.items}),
                "clusters": len(found.clusters), "clustered": found.clustered,
                "cluster_purity": None if purity is None else round(purity, 4),
                "coverage": round(found.coverage, 4), "seconds": round(seconds, 2)}
    return out


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
    templates = template_runs()
    headline = templates[f"{LISTINGS[0][0]}, precision"]
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
        "cluster_purity": headline["cluster_purity"],
        "coverage": headline["coverage"],
        "templates": templates,
    }
    document = {
        "benchmark": "trafficking",
        "dataset": f"{TABLE.name}: 2,744 potential victims of 2013 on six lists "
                   "(Silverman 2014); Agora listings (vendor pages 2014-01, crawl "
                   "2014-01-01) for the template clusters",
        "synthetic": False,
        "metrics": metrics,
        "baseline": {"name": "published (Silverman 2014)", "ci": [10_000, 13_000]},
        "targets": {"ci": "each end within 500 of 10,000 and 13,000",
                    "estimate": "inside [10,000, 13,000]",
                    "cluster_purity": ">= 0.9 at the precision setting"},
        "versions": {"tnoc": __version__, "python": platform.python_version()},
        "machine": {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform()},
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False))
    else:
        print(json.dumps(document, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
