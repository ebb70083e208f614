"""Entity dossier benchmark (issue #21, item 4): "dossier of any demo-case entity in
< 500 ms (p95 over 100 random entities)".

100 entities are drawn at random (DuckDB reservoir sample with a fixed seed, so the same
case gives the same entities) from the demo case's entities, and each dossier is built
in-process on one read-only connection (:func:`tnoc.store.dossier.dossier`, at most
``--limit`` rows per kind of link and of the timeline, each with its total: what
``tnoc show`` asks for), timed one by one. Reported: ``metrics.dossier_p50_ms``,
``metrics.dossier_p95_ms``, ``metrics.dossier_max_ms`` and the slowest entity.

Baseline, in the same run on the same entities: the view ``tnoc show`` printed before
the dossier (:func:`tnoc.store.query.show_entity`: the values with provenance and the
referring entities, no analyses, timeline or candidates). ``ratio`` is baseline /
dossier for p50 and p95 (below 1: the dossier reads more).

Then the same over up to 100 entities that stored analysis results mention (members of
a Leiden community or key-player set, observations in an emerging threat, accounts in
typology alerts: ``metrics.analysed_p50_ms``/``analysed_p95_ms``), the dossiers whose
analysis section has something to show.

Run from the project root:
  .venv/bin/python benchmarks/dossier.py --json --case /path/to/demo-case
(the demo case is built by ``tnoc demo``; it is opened read-only, nothing is written).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) by the nearest-rank method."""
    ranked = sorted(values)
    return ranked[max(0, min(len(ranked) - 1, round(q * len(ranked) + 0.5) - 1))]


ANALYSIS_SOURCES = "(SELECT source_id FROM sources WHERE dataset = 'analysis')"


def sample(con: object, n: int, seed: int) -> list[str]:
    """``n`` canonical entity ids drawn at random (reproducible for a seed) among the
    entities of the evidence (the results analyses stored are left out, so the same
    case gives the same entities however many analyses ran on it)."""
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT id FROM (SELECT DISTINCT coalesce(merged_into, entity_id) AS id "
        f"FROM statement_store WHERE prop = 'id' AND source_id NOT IN {ANALYSIS_SOURCES}) "
        f"USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)}) ORDER BY id"
    ).fetchall()
    return [str(r[0]) for r in rows]


def sample_analysed(con: object, n: int, seed: int) -> list[str]:
    """``n`` entities drawn at random among those a stored analysis result points at
    (a community's or key-player set's member, an emerging threat's observation, a
    typology alert's account...): the dossiers with an analysis section to fill."""
    rows = con.execute(  # type: ignore[attr-defined]
        "SELECT id FROM (SELECT DISTINCT value AS id FROM statement_store "
        f"WHERE prop_type = 'entity' AND prop <> 'id' AND source_id IN {ANALYSIS_SOURCES}"
        ") WHERE id IN (SELECT entity_id FROM statement_store WHERE prop = 'id') "
        f"USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)}) ORDER BY id"
    ).fetchall()
    return [str(r[0]) for r in rows]


def timed_ms(call: object, ids: list[str]) -> list[float]:
    """Milliseconds of ``call(id)`` for each id."""
    out = []
    for entity in ids:
        started = time.perf_counter()
        call(entity)  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--case", type=Path, required=True, help="a demo case (tnoc demo)")
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--limit", type=int, default=10,
                        help="rows per kind of link and of the timeline (tnoc show's)")
    args = parser.parse_args()

    import duckdb

    from tnoc import __version__
    from tnoc.store.dossier import dossier
    from tnoc.store.query import show_entity

    con = duckdb.connect(str(args.case / "case.duckdb"), read_only=True)
    statements = con.execute("SELECT count(*) FROM statement_store").fetchall()[0][0]
    ids = sample(con, args.entities, args.seed)
    dossier(con, ids[0], limit=args.limit)  # warm the caches once, as a running service
    show_entity(con, ids[0])
    built = timed_ms(lambda e: dossier(con, e, limit=args.limit), ids)
    shown = timed_ms(lambda e: show_entity(con, e), ids)
    slowest = ids[built.index(max(built))]
    metrics = {f"dossier_{k}": v for k, v in summary(built).items()}
    metrics |= {"entities": len(ids), "limit": args.limit, "slowest_entity": slowest}
    analysed = sample_analysed(con, args.entities, args.seed)
    if analysed:  # the same, on entities stored analysis results mention
        times = timed_ms(lambda e: dossier(con, e, limit=args.limit), analysed)
        metrics |= {f"analysed_{k}": v for k, v in summary(times).items()}
        metrics |= {"analysed_entities": len(analysed),
                    "analysed_slowest_entity": analysed[times.index(max(times))]}
    baseline = {"name": "tnoc.store.query.show_entity (the show before the dossier)",
                **summary(shown)}
    result = {
        "benchmark": "dossier",
        "dataset": f"the demo case at {args.case}: bundled real data, {statements:,} "
                   "statements",
        "synthetic": False,
        "metrics": metrics,
        "baseline": baseline,
        "ratio": {"p50_ms": round(baseline["p50_ms"] / metrics["dossier_p50_ms"], 2),
                  "p95_ms": round(baseline["p95_ms"] / metrics["dossier_p95_ms"], 2)},
        "targets": {"dossier_p95_ms": "< 500"},
        "versions": {"tnoc": __version__, "duckdb": duckdb.__version__,
                     "python": platform.python_version()},
        "machine": {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
