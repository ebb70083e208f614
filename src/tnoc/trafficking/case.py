"""Modern-slavery results kept in a case (issue #25, item 5).

**Reading**: GLOTIP's victims by citizenship as the case holds them
(:func:`tnoc.trafficking.flows.case_glotip`, the reading the workbook gets), so
``tnoc trafficking flows --case``, the threat-assessment report and the workspace map
show the same bounds.

**Keeping**: as :mod:`tnoc.malware.case` keeps C2 results, through
:func:`tnoc.store.derived.add_analysis`: the full result as ``analyses/KIND-RUN.json``,
registered as a source (parameters, tool version) with the strictest handling code of
the sources read (never looser than TLP:AMBER), an ``analysed`` custody entry naming the
run and its inputs, and the headline figures as statements of

* ``HiddenVictimEstimate`` (``tnoc trafficking estimate FILE --case``): the list table
  is a file named on the command line, not a source of the case, so the run cites it
  by name and SHA-256 (in its parameters, the custody entry and the statements); the
  chosen model, its interval, the model average, the spread across the candidate
  models and the bootstrap interval;
* ``VictimCorridors`` (``tnoc trafficking flows --case``): the corridors of a year (or
  all years), "<5" carried as 1 to 4, the domestic share as an interval and the largest
  cross-border corridors with their bounds;
* ``VictimProfiles`` (``tnoc trafficking profiles --case``): CTDC's identified victims
  as the case holds them, the share unknown per field first, the largest profiles and
  the strongest associations.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tnoc.store.derived import DerivedStatement, add_analysis
from tnoc.trafficking.flows import NOT_STATED, Bounds, Glotip, domestic_shares, total
from tnoc.trafficking.mse import Estimate
from tnoc.trafficking.profiles import ProfileReport

LARGEST = 10
"""Cross-border corridors named in a kept VictimCorridors result."""


def _run_id(kind: str, parameters: dict[str, Any], at: datetime) -> str:
    return hashlib.sha256(json.dumps([kind, parameters, at.isoformat()], sort_keys=True,
                                     default=str).encode()).hexdigest()[:12]


def _whole(value: float | None) -> str | None:
    return None if value is None or not math.isfinite(value) else str(round(value))


def bounds_text(value: Bounds) -> str:
    """A count as it must be read: ``"1,094"`` when exact, ``"458–488"`` otherwise."""
    return f"{value.low:,}" if value.exact else f"{value.low:,}–{value.high:,}"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file named on the command line (the list table an estimate
    read), cited as the estimate's source."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_estimate(con: duckdb.DuckDBPyConnection, root: Path, table: Path,
                  result: Estimate) -> str:
    """Keep a Multiple Systems Estimate read from the list table ``table`` (see the
    module); returns the run id."""
    at = datetime.now(UTC)
    digest = file_sha256(table)
    parameters = {"table": table.name, "sha256": digest, "threshold": result.pthresh,
                  "replicates": result.bootstrap_replicates, "seed": result.seed}
    run_id = _run_id("hidden-victims", parameters, at)
    rid = f"hidden-victims-{run_id}"
    model = "main effects" + "".join(f" + {t}" for t in result.model)
    spread = result.spread
    values: list[tuple[str, str | None]] = [
        ("name", f"Hidden victims behind {len(result.lists)} lists of {table.name}"),
        ("listTable", table.name), ("listTableSha256", digest),
        ("lists", ", ".join(result.lists)), ("observed", str(result.observed)),
        ("estimate", _whole(result.estimate)), ("ciLow", _whole(result.ci[0])),
        ("ciHigh", _whole(result.ci[1])), ("model", model),
        ("method", f"{result.method}, threshold {result.pthresh}"),
        ("modelAverage", _whole(result.model_average)),
        ("candidates", str(int(spread.get("models", 0)))),
        ("spreadLow", _whole(spread.get("min"))), ("spreadMedian", _whole(spread.get("median"))),
        ("spreadHigh", _whole(spread.get("max"))),
        *((("bootstrapLow", _whole(result.bootstrap_ci[0])),
           ("bootstrapHigh", _whole(result.bootstrap_ci[1])))
          if result.bootstrap_ci is not None else ()),
        ("replicates", str(result.bootstrap_replicates))]
    statements = [DerivedStatement(rid, "HiddenVictimEstimate", p, v, "estimate")
                  for p, v in values if v is not None]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "lists": list(result.lists),
        "observed": result.observed, "estimate": result.estimate, "ci": list(result.ci),
        "model": list(result.model), "method": result.method,
        "aic_choice": {"model": list(result.aic_choice.terms),
                       "estimate": result.aic_choice.estimate},
        "bic_choice": {"model": list(result.bic_choice.terms),
                       "estimate": result.bic_choice.estimate},
        "model_average": result.model_average, "spread": spread,
        "bootstrap_ci": None if result.bootstrap_ci is None else list(result.bootstrap_ci),
        "bootstrap_failed": result.bootstrap_failed, "empty_pairs": result.empty_pairs,
        "candidates": [c.__dict__ for c in result.candidates]}
    kept = add_analysis(con, root, "hidden-victims", run_id, payload, statements, [],
                        command="trafficking estimate", list_table=table.name,
                        list_table_sha256=digest, repeat=False)
    return kept.removeprefix("analysis-hidden-victims-")  # an earlier run's, if the same


def save_corridors(con: duckdb.DuckDBPyConnection, root: Path, glotip: Glotip,
                   sources: list[str], year: int | None) -> str:
    """Keep the victim corridors of ``year`` (every year for None) as the case holds
    them (see the module); returns the run id."""
    at = datetime.now(UTC)
    parameters = {"year": year, "sources": sources}
    run_id = _run_id("victim-corridors", parameters, at)
    rid = f"victim-corridors-{run_id}"
    corridors = glotip.in_year(year)
    shares = domestic_shares(glotip, year)
    domestic = total(d.domestic for d in shares)
    foreign = total(d.foreign for d in shares)
    unknown = total(d.not_stated for d in shares)
    everyone = total(c.victims for c in corridors)
    share_low = domestic.low / (domestic.low + foreign.high) if domestic.low + foreign.high \
        else None
    share_high = domestic.high / (domestic.high + foreign.low) if domestic.high + foreign.low \
        else None
    cross = sorted((c for c in corridors if not c.domestic and c.citizenship != NOT_STATED),
                   key=lambda c: (-c.victims.high, -c.year, c.citizenship, c.detected_in))
    largest = [f"{rank}. {c.citizenship} → {c.detected_in}"
               + (f" ({c.year})" if year is None else "") + f": {bounds_text(c.victims)}"
               for rank, c in enumerate(cross[:LARGEST], 1)]
    suppressed = sum(1 for c in corridors if not c.victims.exact)
    label = str(year) if year is not None else "all years"
    values: list[tuple[str, str | None]] = [
        ("name", f"Detected trafficking victims by citizenship, {label} (UNODC GLOTIP)"),
        ("year", label), ("corridors", str(len(corridors))),
        ("countries", str(len({c.detected_in for c in corridors}))),
        ("suppressed", str(suppressed)), ("victimsLow", str(everyone.low)),
        ("victimsHigh", str(everyone.high)), ("domesticLow", str(domestic.low)),
        ("domesticHigh", str(domestic.high)),
        ("domesticShareLow", None if share_low is None else f"{share_low:.6f}"),
        ("domesticShareHigh", None if share_high is None else f"{share_high:.6f}"),
        ("notStatedLow", str(unknown.low)), ("notStatedHigh", str(unknown.high)),
        *(("largest", text) for text in largest)]
    statements = [DerivedStatement(rid, "VictimCorridors", p, v, "corridors")
                  for p, v in values if v is not None]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "source": glotip.source,
        "suppressed_as": [1, 4],
        "corridors": [{"year": c.year, "citizenship": c.citizenship,
                       "detected_in": c.detected_in, "low": c.victims.low,
                       "high": c.victims.high, "domestic": c.domestic, "row": c.row}
                      for c in corridors],
        "domestic": [{"country": d.country, "year": d.year, "domestic": [
            d.domestic.low, d.domestic.high], "foreign": [d.foreign.low, d.foreign.high],
            "not_stated": [d.not_stated.low, d.not_stated.high],
            "share": [d.share_low, d.share_high]} for d in shares]}
    kept = add_analysis(con, root, "victim-corridors", run_id, payload, statements, sources,
                        command="trafficking flows", repeat=False)
    return kept.removeprefix("analysis-victim-corridors-")  # an earlier run's, if the same


def save_profiles(con: duckdb.DuckDBPyConnection, root: Path, report: ProfileReport,
                  sources: list[str]) -> str:
    """Keep the indicator profiles of the case's CTDC victims (see the module); returns
    the run id."""
    at = datetime.now(UTC)
    parameters = {"sources": sources}
    run_id = _run_id("victim-profiles", parameters, at)
    rid = f"victim-profiles-{run_id}"
    strongest = sorted(report.associations, key=lambda a: -a.cramers_v)[:5]
    values = [("name", f"Indicator profiles of {report.rows:,} identified victims (CTDC)"),
              ("victims", str(report.rows)),
              *(("missing", f"{m.field}: {m.unknown:,} of {m.rows:,} ({m.share:.1%})")
                for m in report.missing),
              *(("largest", f"{rank}. {' × '.join(combo)}: {count:,}")
                for rank, (combo, count) in enumerate(report.profiles[:LARGEST], 1)),
              *(("association", f"{a.first} × {a.second}: chi-square {a.chi2:,.2f}, {a.dof} "
                                f"df, Cramér's V {a.cramers_v:.4f}, {a.rows:,} rows")
                for a in strongest)]
    statements = [DerivedStatement(rid, "VictimProfiles", p, v, "profiles")
                  for p, v in values]
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "source": report.source,
        "victims": report.rows,
        "missing": [{"field": m.field, "unknown": m.unknown} for m in report.missing],
        "profiles": [[list(combo), count] for combo, count in report.profiles],
        "associations": [a.__dict__ for a in report.associations],
        "odds_ratios": [o.__dict__ for o in report.odds_ratios]}
    kept = add_analysis(con, root, "victim-profiles", run_id, payload, statements, sources,
                        command="trafficking profiles", repeat=False)
    return kept.removeprefix("analysis-victim-profiles-")  # an earlier run's, if the same
