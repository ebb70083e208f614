"""Count series read from the store, with the statements behind every point.

A series is one quantity over regular periods: IC3 complaints of one crime type per
year, UNODC seizures of one drug in one country per year, URLhaus URLs added per day.
Published tables arrive as ``StatisticalObservation`` entities (``indicator``,
``category``, ``country``, ``period``, ``value``); event feeds as dated entities
(``NetworkIndicator.startDate``) counted per day or month. Each point carries the
source ids and locators it was read from, so a chart can footnote its rows.

Gaps are kept as missing (``None``), never as zero: a year a table did not publish is
not a year with no crime. Values the source printed as non-numbers (``<5``) stay
missing and are counted in ``withheld``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from tnoc.errors import TnocError


@dataclass
class CountSeries:
    """One series: ``periods`` in order (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``),
    ``values`` aligned with them (``None`` for a gap), and per point the statements it
    came from as ``(source_id, locator)``."""

    name: str
    unit: str
    periods: list[str]
    values: list[float | None]
    provenance: list[list[tuple[str, str]]] = field(default_factory=list)
    withheld: int = 0
    files: dict[str, str] = field(default_factory=dict)  # source id -> file name
    observations: list[list[str]] = field(default_factory=list)
    """Per point, the ids of the observations summed into it (statistics series only):
    what a stored emerging threat points at (:mod:`tnoc.assess.emerging`)."""

    @property
    def observed(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def gaps(self) -> list[str]:
        return [p for p, v in zip(self.periods, self.values, strict=True) if v is None]

    def source_ids(self) -> list[str]:
        return sorted({s for point in self.provenance for s, _ in point})

    def check(self) -> list[str]:
        """Problems that stop or qualify an analysis, in words (empty: none). Negative
        counts raise: a count cannot be negative, and guessing a sign would hide a
        transcription error."""
        negative = [(p, v) for p, v in zip(self.periods, self.values, strict=True)
                    if v is not None and v < 0]
        if negative:
            period, value = negative[0]
            where = self.provenance[self.periods.index(period)] if self.provenance else []
            at = ""
            if where:
                source, locator = where[0]
                at = f" ({self.files.get(source, source)} {locator}, field value)"
            raise TnocError(f"series {self.name!r}: negative count {value:g} for period "
                            f"{period}{at}; expected a count of 0 or more")
        notes = []
        if len(self.observed) < 2:
            notes.append(f"only {len(self.observed)} observed point(s): no trend can be "
                         "estimated")
        elif not any(self.observed):
            notes.append("all observed values are zero")
        if self.gaps:
            notes.append(f"{len(self.gaps)} missing period(s): {', '.join(self.gaps[:6])}"
                         + (" ..." if len(self.gaps) > 6 else ""))
        if self.withheld:
            notes.append(f"{self.withheld} value(s) published as non-numbers (e.g. '<5') "
                         "left out")
        return notes


_OBSERVATIONS = """
WITH obs AS (
    SELECT canonical_id AS id,
           any_value(value) FILTER (WHERE prop = 'indicator') AS indicator,
           any_value(value) FILTER (WHERE prop = 'category') AS category,
           any_value(value) FILTER (WHERE prop = 'categoryAsPublished') AS published,
           any_value(value) FILTER (WHERE prop = 'subcategory') AS subcategory,
           any_value(value) FILTER (WHERE prop = 'item') AS item,
           any_value(value) FILTER (WHERE prop = 'country') AS country,
           any_value(value) FILTER (WHERE prop = 'breakdown') AS breakdown,
           any_value(value) FILTER (WHERE prop = 'period') AS period,
           any_value(value) FILTER (WHERE prop = 'unit') AS unit,
           any_value(value) FILTER (WHERE prop = 'value' AND flag IS NULL) AS value,
           bool_or(prop = 'value' AND flag IS NOT NULL) AS withheld,
           any_value(source_id) AS source_id,
           any_value(locator) FILTER (WHERE prop = 'value') AS locator
    FROM statements WHERE schema = 'StatisticalObservation'
      -- only the observations of the indicator are grouped (not every observation of
      -- the case, 0.75 s per reading on the demo case)
      AND canonical_id IN (SELECT canonical_id FROM statements
                           WHERE schema = 'StatisticalObservation' AND prop = 'indicator'
                             AND value = $indicator)
    GROUP BY canonical_id
)
SELECT * FROM obs WHERE indicator = $indicator
"""

DIMENSIONS = ("category", "subcategory", "item", "country", "breakdown")


def indicators(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """The statistical indicators in the case and their number of observations."""
    return [(str(i), int(n)) for i, n in con.execute(
        "SELECT value, count(DISTINCT canonical_id) FROM statements "
        "WHERE schema = 'StatisticalObservation' AND prop = 'indicator' "
        "GROUP BY value ORDER BY value").fetchall()]


def observation_rows(con: duckdb.DuckDBPyConnection, indicator: str) -> pd.DataFrame:
    """One row per observation of ``indicator``: its dimensions, period, numeric value
    (None when flagged, e.g. '<5'), ``withheld``, source id and locator."""
    return con.execute(_OBSERVATIONS, {"indicator": indicator}).fetch_df()


MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
          "DEC")
FISCAL_MONTH = re.compile(r"fiscal month=([A-Za-z]{3})")


def calendar_month(fiscal_year: object, breakdown: object, start: int = 10) -> str | None:
    """``YYYY-MM`` of a fiscal month: ``breakdown`` names it (``fiscal month=APR``, as the
    CBP mapping writes it) and ``fiscal_year`` is the year the fiscal year ends in; a
    year starting in month ``start`` (10: the US federal year, FY2025 = Oct 2024 to Sep
    2025) puts the months from ``start`` on in the year before. None: no fiscal month."""
    match = FISCAL_MONTH.search(str(breakdown or ""))
    year = str(fiscal_year or "")[:4]
    if not match or not year.isdigit() or match.group(1).upper() not in MONTHS:
        return None
    month = MONTHS.index(match.group(1).upper()) + 1
    return f"{int(year) - (1 if month >= start else 0)}-{month:02d}"


def parse_where(items: Sequence[str] | None, option: str = "--where") -> dict[str, str]:
    """Dimension filters DIMENSION=VALUE (e.g. "country=us") as the ``where`` mapping
    :func:`observation_series` takes, the last value of a dimension given twice winning;
    an item without "=" is a :class:`TnocError` naming ``option``."""
    out = {}
    for item in items or []:
        if "=" not in item:
            raise TnocError(f"{option} {item!r}: expected DIMENSION=VALUE, e.g. country=us")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def observation_series(con: duckdb.DuckDBPyConnection, indicator: str,
                       by: str = "category", where: dict[str, str] | None = None,
                       fiscal_year_start: int | None = None,
                       ) -> dict[str, CountSeries]:
    """One series per value of ``by`` (a dimension in :data:`DIMENSIONS`, or ``"total"``
    for one summed series) for ``indicator``, filtered by ``where`` (dimension to value).
    Several observations in one period and key are summed (a table's sub-rows); the
    periods of all series are the union of periods seen for the indicator, so a category
    that appears late has gaps before it, not zeros.

    ``fiscal_year_start`` (e.g. 10) reads each observation's period as the calendar
    month of its fiscal month (:func:`calendar_month`): monthly series from tables
    published per fiscal year and month, such as CBP's seizures."""
    if by != "total" and by not in DIMENSIONS:
        raise TnocError(f"cannot group by {by!r}; one of total, {', '.join(DIMENSIONS)}")
    known = {i for i, _ in indicators(con)}
    if indicator not in known:
        raise TnocError(f"no statistical indicator {indicator!r} in the case; the case has: "
                        + (", ".join(sorted(known)) or "none (ingest a statistics table)"))
    for dim in where or {}:
        if dim not in DIMENSIONS:
            raise TnocError(f"cannot filter on {dim!r}; one of {', '.join(DIMENSIONS)}")
    rows = observation_rows(con, indicator)
    files = {str(k): str(v) for k, v in con.execute(
        "SELECT source_id, file_name FROM sources").fetchall()}
    for dim, wanted in (where or {}).items():
        rows = rows[rows[dim].astype(str).str.lower() == wanted.lower()]
    if fiscal_year_start is not None:
        rows = rows.assign(period=[calendar_month(y, b, fiscal_year_start) for y, b in
                                   zip(rows["period"], rows["breakdown"], strict=True)])
        rows = rows[rows["period"].notna()]
    if rows.empty:
        raise TnocError(f"no observations of {indicator!r} match {where}"
                        + (" with a fiscal month in their breakdown"
                           if fiscal_year_start is not None else ""))
    periods = _fill(sorted({str(p) for p in rows["period"].dropna()}))
    key = rows[by].fillna("(none)").astype(str) if by != "total" else rows["indicator"]
    if rows["unit"].nunique() > 1:  # never add kilograms to doses
        key = key + " [" + rows["unit"].fillna("no unit").astype(str) + "]"
    out: dict[str, CountSeries] = {}
    for name, part in rows.groupby(key, sort=True):
        sums: dict[str, float] = {}
        prov: dict[str, list[tuple[str, str]]] = {}
        ids: dict[str, list[str]] = {}
        for period, value, source, locator, entity in part[[
                "period", "value", "source_id", "locator", "id"]].itertuples(index=False):
            if period is None:
                continue
            prov.setdefault(str(period), []).append((str(source), str(locator)))
            ids.setdefault(str(period), []).append(str(entity))
            if value is not None:
                sums[str(period)] = sums.get(str(period), 0.0) + float(value)
        out[str(name)] = CountSeries(
            str(name), str(part["unit"].dropna().iloc[0]) if part["unit"].notna().any()
            else "", periods, [sums.get(p) for p in periods],
            [prov.get(p, []) for p in periods], int(part["withheld"].sum()),
            {s: files.get(s, s) for s in part["source_id"].astype(str).unique()},
            [ids.get(p, []) for p in periods])
    return out


def event_series(con: duckdb.DuckDBPyConnection, schema: str, date_prop: str,
                 grain: str = "day", where: dict[str, str] | None = None,
                 by: str | None = None) -> dict[str, CountSeries]:
    """Entities of ``schema`` counted per ``grain`` (day, month or year) of their
    ``date_prop`` (e.g. URLhaus URLs added per day), optionally one series per value of
    the property ``by`` (``threat``). Periods with no entity inside the observed span
    are real zeros here (the feed was running), unlike table gaps."""
    width = {"day": 10, "month": 7, "year": 4}.get(grain)
    if width is None:
        raise TnocError(f"unknown grain {grain!r}; one of day, month, year")
    params: dict[str, object] = {"schema": schema, "date_prop": date_prop}
    filters = ""
    for i, (prop, value) in enumerate((where or {}).items()):
        filters += (f" AND d.canonical_id IN (SELECT canonical_id FROM statements "
                    f"WHERE prop = $p{i} AND value = $v{i})")
        params[f"p{i}"], params[f"v{i}"] = prop, value
    group = "'all'"
    join = ""
    if by:
        join = ("LEFT JOIN (SELECT canonical_id, min(value) AS g FROM statements "
                "WHERE prop = $by GROUP BY 1) b USING (canonical_id)")
        group = "coalesce(b.g, '(none)')"
        params["by"] = by
    rows = con.execute(
        f"SELECT {group} AS g, substr(d.value, 1, {width}) AS period, count(DISTINCT "
        "d.canonical_id) AS n, min(d.source_id) AS source_id, min(d.locator) AS first, "
        "max(d.locator) AS last FROM statements d " + join +
        " WHERE d.schema = $schema AND d.prop = $date_prop AND d.flag IS NULL "
        f"{filters} GROUP BY ALL",
        params).fetchall()
    if not rows:
        raise TnocError(f"no {schema} with a {date_prop} in the case")
    periods = _span(sorted({str(r[1]) for r in rows}), grain)
    out: dict[str, CountSeries] = {}
    for g in sorted({str(r[0]) for r in rows}):
        counts = {str(r[1]): (float(r[2]), [(str(r[3]), f"{r[4]} .. {r[5]}")])
                  for r in rows if str(r[0]) == g}
        out[g] = CountSeries(g, f"{schema} per {grain}", periods,
                             [counts[p][0] if p in counts else 0.0 for p in periods],
                             [counts[p][1] if p in counts else [] for p in periods])
    return out


def _fill(periods: list[str]) -> list[str]:
    """Periods of one grain (years, months or days) from the first to the last, so a
    period the table skipped shows as a gap; mixed grains are left as they are."""
    grains = {4: "year", 7: "month", 10: "day"}
    kinds = {grains.get(len(p)) for p in periods}
    if len(kinds) != 1 or None in kinds:
        return periods
    return _span(periods, kinds.pop() or "year")


def _span(periods: list[str], grain: str) -> list[str]:
    """Every period from the first to the last seen, so empty days count as zero."""
    if grain == "year":
        return [str(y) for y in range(int(periods[0]), int(periods[-1]) + 1)]
    freq = "D" if grain == "day" else "MS"
    fmt = "%Y-%m-%d" if grain == "day" else "%Y-%m"
    return [d.strftime(fmt) for d in pd.date_range(periods[0], periods[-1], freq=freq)]
