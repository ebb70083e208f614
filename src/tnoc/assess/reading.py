"""The threat assessment's readings as values a face shows: one indicator's trends
(what ``tnoc assess trends`` prints), its emerging threats (``tnoc assess emerging``)
and the groups' priorities (``tnoc assess priorities``), each with the sources it read
and the parameters it ran with, and their charts as PNG.

The computations are those of :mod:`tnoc.assess.trends` (Mann–Kendall with Sen's slope;
Farrington, negative-binomial, EARS or CUSUM alarms), :mod:`tnoc.assess.emerging` and
:mod:`tnoc.assess.harm` (weighted-factor scheme with the Cambridge Crime Harm Index);
the charts those of :mod:`tnoc.assess.charts`, marked with the strictest handling code
of the sources drawn (at least TLP:AMBER for a computed result,
:func:`tnoc.store.derived.derived_handling_code`) in the image and its metadata
(:func:`tnoc.graph.marking.save_figure`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tnoc.assess.breaks import Seam, seams
from tnoc.assess.countermeasures import Option, countermeasures
from tnoc.assess.emerging import EmergingThreat, emerging_threats
from tnoc.assess.harm import Priority, Scheme, load_scheme, prioritise
from tnoc.assess.kept import kept, kept_in_background
from tnoc.assess.series import CountSeries, indicators, observation_series
from tnoc.assess.trends import SeriesAssessment, alarms, assess_series
from tnoc.errors import TnocError
from tnoc.store import StoreSnapshot

__all__ = ["ALARM_METHODS", "GROUPINGS", "DrawnPriorities", "GroupPriorities",
           "IndicatorTrends", "emerging", "group_priorities", "priorities_drawn",
           "priorities_in_background", "trend_png", "indicator_names", "indicator_sources",
           "indicator_trends", "png",
           "priority_chart", "source_files_of", "trend_chart"]

ALARM_METHODS = ("farrington", "negbin", "ears-c1", "ears-c2", "ears-c3", "cusum")
"""The alarm methods of :func:`tnoc.assess.trends.alarms`."""
GROUPINGS = ("category", "subcategory", "item", "country", "breakdown", "total")
"""What one series of an indicator may be (:func:`tnoc.assess.series.observation_series`)."""
CHARTED = 6
"""Series drawn in a trend chart: the largest in the newest period (as the report's)."""
EVERY_GROUP = 2**62
"""Profile every group, not only the largest: one ranked low by size may score high on
harm (as ``tnoc assess priorities``)."""


@dataclass
class IndicatorTrends:
    """One indicator's series, each read for trend and alarm, and its category seams."""

    indicator: str
    by: str
    alarm: str
    last: int | None
    series: dict[str, CountSeries]
    reads: list[SeriesAssessment]
    seams: list[Seam]
    window: list[str]

    def source_ids(self) -> list[str]:
        """The sources of every observation read."""
        return sorted({s for x in self.series.values() for s in x.source_ids()})

    def parameters(self) -> str:
        """The parameters in words, for a figure's caption."""
        return (f"by {self.by}; {self.alarm} alarm on each period against the ones "
                f"before it; Mann–Kendall trend and Sen's slope over "
                + (f"the last {self.last} periods" if self.last else "every period"))


@dataclass
class GroupPriorities:
    """The groups the case holds, scored by a priority scheme, highest first, with the
    countermeasures for each."""

    scheme: Scheme
    ranked: list[Priority]
    options: list[Option]
    sources: list[str] = field(default_factory=list)

    @property
    def factors(self) -> list[str]:
        return [f.name for f in self.scheme.factors]


def indicator_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """The statistics indicators in the case with their number of observations."""
    return indicators(con)


def indicator_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The sources of the indicators' names (what :func:`indicator_names` reads)."""
    return [str(s) for s, in con.execute(
        "SELECT DISTINCT source_id FROM statements WHERE schema = 'StatisticalObservation' "
        "AND prop = 'indicator' ORDER BY 1").fetchall()]


def indicator_trends(con: duckdb.DuckDBPyConnection, indicator: str, by: str = "category",
                     last: int | None = None, alarm: str = "farrington") -> IndicatorTrends:
    """Each series of ``indicator`` read for its Mann–Kendall trend, Sen's slope and the
    newest period's ``alarm`` (over the last ``last`` periods when given), and the
    category seams that break comparability (per category only), as
    ``tnoc assess trends``."""
    if by not in GROUPINGS:
        raise TnocError(f"cannot group by {by!r}: one of {', '.join(GROUPINGS)}")
    if alarm not in ALARM_METHODS:
        raise TnocError(f"unknown alarm method {alarm!r}: one of {', '.join(ALARM_METHODS)}")
    if last is not None and last < 3:
        raise TnocError(f"the last {last} periods are too few for a trend: give 3 or more")
    return kept(con, "trends", (indicator, by, last, alarm),
                 lambda: _indicator_trends(con, indicator, by, last, alarm))


def _indicator_trends(con: duckdb.DuckDBPyConnection, indicator: str, by: str,
                      last: int | None, alarm: str) -> IndicatorTrends:
    by_series = observation_series(con, indicator, by=by)
    found = seams(con, indicator, by_series) if by == "category" else []
    reads = [assess_series(s, alarm, last=last) for s in by_series.values()]
    window = reads[0].window if reads else []
    return IndicatorTrends(indicator, by, alarm, last, by_series, reads, found, window)


def emerging(con: duckdb.DuckDBPyConnection, indicator: str, by: str = "category",
             window: int = 5) -> tuple[list[EmergingThreat], list[str]]:
    """The categories of ``indicator`` rising now, ranked by evidence, and the sources
    read (as ``tnoc assess emerging``; nothing kept in the case)."""
    if by not in GROUPINGS:
        raise TnocError(f"cannot group by {by!r}: one of {', '.join(GROUPINGS)}")
    if window < 3:
        raise TnocError(f"a window of {window} periods is too short for a trend: give 3 "
                        "or more")
    def compute() -> tuple[list[EmergingThreat], list[str]]:
        series = observation_series(con, indicator, by=by)
        return (emerging_threats(series, window=window),
                sorted({s for x in series.values() for s in x.source_ids()}))

    return kept(con, "emerging", (indicator, by, window), compute)


def group_priorities(con: duckdb.DuckDBPyConnection, scheme: Path | None = None
                     ) -> GroupPriorities:
    """Every group the case holds scored under ``scheme`` (default: TNOC's illustrative
    one), with the countermeasures, as ``tnoc assess priorities``: kept while the case
    and the scheme are unchanged (:func:`tnoc.assess.kept.kept`; profiling every group, networks'
    disruption simulations among them, takes a minute or more on the demo case)."""
    chosen = load_scheme(scheme)
    return kept(con, "priorities", chosen, lambda: _group_priorities(con, chosen))


@dataclass(frozen=True)
class DrawnPriorities:
    """The groups' priorities as a page shows them: the scoring, the files read (name,
    SHA-256, handling code) and the priority matrix as PNG."""

    found: GroupPriorities
    files: list[dict[str, str]]
    chart: bytes


def priorities_drawn(con: duckdb.DuckDBPyConnection, scheme: Path | None = None
                     ) -> DrawnPriorities:
    """:func:`group_priorities` with its files and its chart, kept while the case and
    the scheme are unchanged (drawing the matrix alone takes 0.6-0.8 s on the demo
    case, on every visit before it was kept)."""
    chosen = load_scheme(scheme)
    return kept(con, "priorities drawn", chosen, lambda: _drawn(con, chosen))


def priorities_in_background(
        con: duckdb.DuckDBPyConnection, snapshot: Callable[[], StoreSnapshot],
        scheme: Path | None = None) -> DrawnPriorities | None:
    """:func:`priorities_drawn` if it is kept in the case's present state; otherwise
    None, its computation started (or still running) in the background on a copy of
    the store taken by ``snapshot`` (:func:`tnoc.assess.kept.kept_in_background`):
    every group's profiling took 18-72 s the first time on the demo case, longer than
    a page may hold the case for the other requests, and the case's file stays free
    for the CLI meanwhile."""
    chosen = load_scheme(scheme)
    return kept_in_background(con, "priorities drawn", chosen, snapshot,
                              lambda own: _drawn(own, chosen))


def trend_png(con: duckdb.DuckDBPyConnection, indicator: str, by: str = "category",
              last: int | None = None, alarm: str = "farrington") -> bytes:
    """:func:`trend_chart` of :func:`indicator_trends` as PNG, kept while the case is
    unchanged: matplotlib took 0.5-1 s to draw it again on every visit of the
    threat-assessment page, whose trends are kept."""
    return kept(con, "trend chart", (indicator, by, last, alarm), lambda: png(trend_chart(
        con, indicator_trends(con, indicator, by, last, alarm))))


def _drawn(con: duckdb.DuckDBPyConnection, chosen: Scheme) -> DrawnPriorities:
    found = kept(con, "priorities", chosen, lambda: _group_priorities(con, chosen))
    return DrawnPriorities(found, source_files_of(con, found.sources),
                           png(priority_chart(con, found)))


def _group_priorities(con: duckdb.DuckDBPyConnection, chosen: Scheme) -> GroupPriorities:
    from tnoc.assess.geo import locate_case
    from tnoc.assess.groups import case_profiles

    located = locate_case(con)
    profiles = case_profiles(con, located, EVERY_GROUP)
    if not profiles:
        raise TnocError("no networks, malware feeds, market listings or stored typology "
                        "alerts in the case")
    ranked = prioritise(profiles, chosen)
    options = countermeasures(profiles, con, located)
    return GroupPriorities(chosen, ranked, options,
                           sorted({s for p in profiles for s in p.sources}))


def trend_chart(con: duckdb.DuckDBPyConnection, trends: IndicatorTrends) -> Any:
    """The chart of the largest series of ``trends`` in the newest period (those of the
    first unit when units differ), alarms marked (as the report's trend figures)."""
    from tnoc.assess import charts
    from tnoc.store.derived import derived_handling_code

    latest = sorted((s for s in trends.series.values() if s.values and s.values[-1]
                     is not None), key=lambda s: -(s.values[-1] or 0.0))
    if not latest:
        raise TnocError(f"no series of {trends.indicator!r} has a value in its newest "
                        "period: nothing to draw")
    unit, part = next(iter(charts.by_unit(latest).items()))
    part = part[:CHARTED]
    title = (trends.indicator if trends.by == "total"
             else f"{trends.indicator}: the largest {trends.by} series ({unit})")
    handling = derived_handling_code(con, sorted({x for s in part for x in s.source_ids()}))
    return charts.trend_chart(part, [alarms(s, trends.alarm) for s in part], title,
                              "observed", handling=handling)


def priority_chart(con: duckdb.DuckDBPyConnection, found: GroupPriorities) -> Any:
    """The priority matrix of ``found`` (harm by likelihood, as the report's)."""
    from tnoc.assess import charts
    from tnoc.store.derived import derived_handling_code

    return charts.priority_matrix(found.ranked, "Groups by harm and likelihood",
                                  handling=derived_handling_code(con, found.sources))


def png(fig: Any) -> bytes:
    """``fig`` as PNG bytes with its handling code in the image's metadata; the figure
    is closed (matplotlib keeps every open figure otherwise)."""
    import matplotlib.pyplot as plt

    from tnoc.graph.marking import save_figure

    buffer = io.BytesIO()
    try:
        save_figure(fig, buffer, "png")
    finally:
        plt.close(fig)
    return buffer.getvalue()


def source_files_of(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, str]]:
    """The files ``ids`` were taken in from: name, SHA-256 and handling code (what a
    figure's sources say on hover; never an internal id or a local path)."""
    if not ids:
        return []
    rows = con.execute("SELECT file_name, sha256, handling_code FROM sources "
                       "WHERE list_contains(?, source_id) ORDER BY file_name",
                       [ids]).fetchall()
    return [{"file": str(f), "sha256": str(h), "handling_code": str(c)} for f, h, c in rows]
