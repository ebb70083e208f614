"""The "emerging threats" list: categories rising now, ranked by the evidence for it.

For each category series the list gathers three independent signals over the recent
``window`` periods: a Mann–Kendall trend (is it rising, and how sure are we), Sen's
slope relative to the category's median level (how fast, comparable across
categories of different size), and whether the newest period breaks the Farrington
bound fitted to its history (a jump the trend does not explain). A category enters the
list when its recent trend is increasing at ``alpha`` or its newest period alarms.
Ranking: the number of signals first (both beat one), then the relative slope. The
ranking is a triage aid; each row shows the numbers behind it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tnoc.assess.series import CountSeries
from tnoc.assess.trends import TrendResult, assess_series
from tnoc.store.derived import DerivedStatement, add_analysis


@dataclass
class EmergingThreat:
    """One category on the list, with its evidence."""

    category: str
    trend: TrendResult
    latest_period: str
    latest_value: float
    latest_expected: float | None
    latest_threshold: float | None
    latest_alarm: bool
    signals: int
    evidence: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    """The observations of the periods the tests read (the trend's window and the
    newest period): the entities this threat is stored as pointing at."""


def emerging_threats(by_category: dict[str, CountSeries], window: int = 5,
                     alpha: float = 0.05, min_points: int = 4) -> list[EmergingThreat]:
    """Rank the categories of ``by_category`` by evidence of a recent rise. Categories
    whose newest observed period is not the newest period overall (discontinued or
    renamed) are left out: they cannot be emerging now."""
    listed: list[EmergingThreat] = []
    for name, series in by_category.items():
        if len(series.observed) < min_points:
            continue
        # the same reading as the trends table: trend and alarm over one window
        read = assess_series(series, "farrington", last=window, alpha=alpha)
        if not read.current:
            continue
        trend, alarm = read.trend, read.alarm
        rising = trend.trend == "increasing"
        signals = int(rising) + int(bool(alarm and alarm.alarm))
        if not signals:
            continue
        evidence = []
        if trend.p is not None and trend.slope is not None:
            evidence.append(f"Mann–Kendall over {trend.n} periods ({trend.first}–{trend.last}):"
                            f" {trend.trend}, tau {trend.tau:.2f}, p {trend.p:.3f}; Sen's slope "
                            f"{trend.slope:+,.0f} {series.unit} per period"
                            + (f" ({trend.relative_slope:+.0%} of the median level)"
                               if trend.relative_slope is not None else ""))
        if alarm is not None:
            evidence.append(f"{alarm.period}: {alarm.observed:,.0f} against an expected "
                            f"{alarm.expected:,.0f} (bound {alarm.threshold:,.0f})"
                            + (" — above the bound" if alarm.alarm else ""))
        read_periods = {p for p in series.periods if trend.first <= p <= trend.last}
        read_periods.add(series.periods[-1])
        observations = sorted({o for p, ids in zip(series.periods, series.observations,
                                                   strict=False)
                               if p in read_periods for o in ids})
        listed.append(EmergingThreat(
            name, trend, series.periods[-1], float(series.values[-1] or 0.0),
            alarm.expected if alarm else None, alarm.threshold if alarm else None,
            bool(alarm and alarm.alarm), signals, evidence, observations))
    listed.sort(key=lambda t: (-t.signals, -(t.trend.relative_slope or 0.0)))
    return listed


def save_emerging(con: duckdb.DuckDBPyConnection, root: Path, indicator: str, by: str,
                  window: int, listed: list[EmergingThreat],
                  series: dict[str, CountSeries]) -> str | None:
    """Keep the list in the case, so an observation's dossier shows the emerging threat
    it is counted in ("trend membership"): one ``EmergingThreat`` per threat, ranked as
    listed, whose ``observation`` points at the observations of the periods its tests
    read (:attr:`EmergingThreat.observations`); the list, its parameters and sources in
    ``analyses/emerging-RUN.json``, registered, sealed and recorded by
    :func:`tnoc.store.derived.add_analysis`. Returns the run id; None (nothing kept)
    when nothing is emerging.

    Countries are values of a property in FtM, not entities, so a country has no
    dossier: run with ``--by country`` and a country's rising series is an emerging
    threat whose ``series`` is that country, linked from the observations behind it."""
    if not listed:
        return None
    run_at = datetime.now(UTC)
    parameters: dict[str, object] = {"indicator": indicator, "by": by, "window": window}
    run_id = hashlib.sha256(json.dumps([parameters, run_at.isoformat()]).encode()
                            ).hexdigest()[:12]
    statements: list[DerivedStatement] = []
    for rank, threat in enumerate(listed, 1):
        tid = f"emerging-{run_id}-{rank}"
        values = [("id", tid),
                  ("name", f"emerging threat {rank} of {len(listed)}: {indicator}, "
                           f"{by} {threat.category}"),
                  ("indicator", indicator), ("dimension", by), ("series", threat.category),
                  ("rank", str(rank)), ("signals", str(threat.signals)),
                  ("trend", threat.trend.trend), ("latestPeriod", threat.latest_period),
                  ("alarm", "yes" if threat.latest_alarm else "no"),
                  *(("evidence", e) for e in threat.evidence),
                  *(("observation", o) for o in threat.observations)]
        statements += [DerivedStatement(tid, "EmergingThreat", p, v, f"threat {rank}")
                       for p, v in values]
    sources = sorted({s for one in series.values() for s in one.files})
    payload: dict[str, object] = {
        "run_id": run_id, "parameters": parameters, "sources": sources,
        "threats": [{"rank": rank, "series": t.category, "signals": t.signals,
                     "trend": t.trend.trend, "tau": t.trend.tau, "p": t.trend.p,
                     "sen_slope": t.trend.slope, "latest_period": t.latest_period,
                     "latest_value": t.latest_value, "alarm": t.latest_alarm,
                     "evidence": t.evidence, "observations": t.observations}
                    for rank, t in enumerate(listed, 1)]}
    add_analysis(con, root, "emerging", run_id, payload, statements, sources,
                 stored_at=run_at.isoformat(), command="assess emerging")
    return run_id
