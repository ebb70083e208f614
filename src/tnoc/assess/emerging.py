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

from dataclasses import dataclass, field

from tnoc.assess.series import CountSeries
from tnoc.assess.trends import TrendResult, assess_series


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
        listed.append(EmergingThreat(
            name, trend, series.periods[-1], float(series.values[-1] or 0.0),
            alarm.expected if alarm else None, alarm.threshold if alarm else None,
            bool(alarm and alarm.alarm), signals, evidence))
    listed.sort(key=lambda t: (-t.signals, -(t.trend.relative_slope or 0.0)))
    return listed
