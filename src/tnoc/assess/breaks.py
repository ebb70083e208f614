"""Structural breaks where a category was renamed, merged or split.

Published crime statistics change their categories: IC3 merged "Phishing" and
"Spoofing" into "Phishing/Spoofing" in 2023 and "Terrorism" into "Threats of
Violence" in 2021. A trend test across such a seam measures the bookkeeping, not the
crime. This module finds the seams from the data itself:

- **renames**: one harmonised category printed under different names over the years
  (``categoryAsPublished`` differs from one period to the next; a change of letter case
  or spacing alone, such as IC3 2023's "Non-payment/Non-Delivery", is typography, not a
  rename);
- **successions**: a category that starts in the period after *related* categories
  stop (they share a main word of the name: Phishing and Spoofing before
  Phishing/Spoofing); their combined last value beside the new category's first shows
  whether it is a merger (close to the sum) or a new definition. Categories that merely
  stop at the same time are not its predecessors: a category with no related
  predecessor is a **new** one (kind ``started``), whose trend simply starts late;
- **level shifts**: at each seam, Chow's (1960) test of a shift in level and slope of a
  linear trend (ordinary least squares from ``statsmodels``, F test of the added
  terms). With a dozen yearly points its power is low; a non-significant F is "no
  evidence of a break", not evidence of none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import statsmodels.api as sm

from tnoc.assess.series import CountSeries, observation_rows


@dataclass
class Seam:
    """A point where a category series changes definition."""

    kind: str  # renamed, succeeded, started
    period: str  # first period under the new definition
    category: str
    before: list[str]
    after: list[str]
    level_before: float | None = None
    level_after: float | None = None
    chow_f: float | None = None
    chow_p: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def likely_merger(self) -> bool:
        """A succession whose new category names every predecessor's main word and
        whose level carries on (ratio within 0.8-1.25): IC3's Phishing + Spoofing ->
        Phishing/Spoofing. A coincidence of levels without shared names is not one."""
        if self.kind != "succeeded" or self.ratio is None or not 0.8 <= self.ratio <= 1.25:
            return False
        new = set(_words(self.category))
        return all(set(_words(b)) & new for b in self.before)

    @property
    def description(self) -> str:
        """What changed, in words, with the names on both sides (a rename prints the
        published names, which differ, not the harmonised category, which does not):
        ``'BEC/EAC' → 'BEC'``; ``Phishing + Spoofing → Phishing/Spoofing``."""
        if self.kind == "renamed":
            return (" + ".join(f"'{b}'" for b in self.before) + " → "
                    + " + ".join(f"'{a}'" for a in self.after))
        if self.kind == "succeeded":
            return " + ".join(self.before) + " → " + self.category
        return "new category: no category that stopped before it shares its name"

    @property
    def ratio(self) -> float | None:
        if self.level_before and self.level_after is not None:
            return self.level_after / self.level_before
        return None


def _words(name: str) -> list[str]:
    """The words of a category name, without its parenthetical note."""
    import re

    return [w for w in re.findall(r"[a-z]+", name.split("(")[0].lower()) if len(w) > 3]


def _same_names(a: set[str], b: set[str]) -> bool:
    """The same published names up to letter case and spacing."""
    def key(names: set[str]) -> set[str]:
        return {" ".join(n.casefold().split()) for n in names}
    return key(a) == key(b)


def related(category: str, other: str) -> bool:
    """Whether two category names share a main word (4 letters or more, outside any
    parenthetical note): the evidence that one may continue the other."""
    return bool(set(_words(category)) & set(_words(other)))


def published_names(con: duckdb.DuckDBPyConnection, indicator: str
                    ) -> dict[str, dict[str, set[str]]]:
    """For each harmonised category of ``indicator``: period -> names as published."""
    rows = observation_rows(con, indicator)
    rows = rows[rows["published"].notna()][["category", "period", "published"]]
    names: dict[str, dict[str, set[str]]] = {}
    for category, period, published in rows.itertuples(index=False):
        names.setdefault(str(category), {}).setdefault(str(period), set()).add(str(published))
    return names


def chow_test(series: CountSeries, period: str) -> tuple[float, float] | None:
    """Chow's F test for a break in level and slope at ``period`` over the observed
    points of ``series``; None when either side has fewer than 2 points."""
    x = np.array([i for i, v in enumerate(series.values) if v is not None], dtype=float)
    y = np.array([v for v in series.values if v is not None], dtype=float)
    if period not in series.periods:
        return None
    after = x >= series.periods.index(period)
    if after.sum() < 2 or (~after).sum() < 2 or len(y) < 5:
        return None
    restricted = sm.OLS(y, sm.add_constant(x)).fit()
    full = sm.OLS(y, np.column_stack([np.ones_like(x), x, after, after * x])).fit()
    f, p, _ = full.compare_f_test(restricted)
    return float(f), float(p)


@dataclass(frozen=True)
class Break:
    """A break found by :func:`find_breaks`: the first period after it, Chow's F and
    its nominal p-value in the segment it split."""

    period: str
    f: float
    p: float


def find_breaks(series: CountSeries, alpha: float = 0.01,
                min_segment: int = 4) -> list[Break]:
    """Breaks of unknown date by binary segmentation with :func:`chow_test`: in each
    segment the split with the largest F (the sup-F statistic of Andrews 1993,
    *Econometrica* 61: 821-856) is kept when its p-value is under ``alpha``, and both
    sides are searched again; segments shorter than ``2 * min_segment`` are not split.
    The p-value is Chow's nominal one at the chosen split: searching every split makes
    it optimistic (Andrews's critical values are larger), hence the strict default
    ``alpha``. Breaks in period order; gaps (None) are left out before the search."""
    periods = [p for p, v in zip(series.periods, series.values, strict=True) if v is not None]
    values = [v for v in series.values if v is not None]
    found: list[Break] = []

    def search(lo: int, hi: int) -> None:
        if hi - lo < 2 * min_segment:
            return
        part = CountSeries(series.name, series.unit, periods[lo:hi], list(values[lo:hi]))
        best: tuple[float, float, int] | None = None
        for k in range(lo + min_segment, hi - min_segment + 1):
            tested = chow_test(part, periods[k])
            if tested is not None and (best is None or tested[0] > best[0]):
                best = (tested[0], tested[1], k)
        if best is None or not best[1] < alpha:
            return
        found.append(Break(periods[best[2]], best[0], best[1]))
        search(lo, best[2])
        search(best[2], hi)

    search(0, len(values))
    return sorted(found, key=lambda b: periods.index(b.period))


def _level(series: CountSeries, period: str, before: bool) -> float | None:
    """The last observed value before ``period`` or the first at or after it."""
    i = series.periods.index(period) if period in series.periods else None
    if i is None:
        return None
    span = range(i - 1, -1, -1) if before else range(i, len(series.periods))
    for j in span:
        if series.values[j] is not None:
            return series.values[j]
    return None


def seams(con: duckdb.DuckDBPyConnection, indicator: str,
          by_category: dict[str, CountSeries]) -> list[Seam]:
    """Renames and successions among ``by_category`` (the indicator's category series),
    each with its levels either side and a Chow test where the series is long enough."""
    found: list[Seam] = []
    for category, per_period in sorted(published_names(con, indicator).items()):
        ordered = sorted(per_period)
        for prev, cur in zip(ordered, ordered[1:], strict=False):
            if not _same_names(per_period[prev], per_period[cur]) and \
                    category in by_category:
                series = by_category[category]
                seam = Seam("renamed", cur, category, sorted(per_period[prev]),
                            sorted(per_period[cur]), _level(series, cur, True),
                            _level(series, cur, False))
                _chow(seam, series)
                found.append(seam)
    spans = {c: (s.periods[s.values.index(s.observed[0])],
                 s.periods[len(s.values) - 1 - s.values[::-1].index(s.observed[-1])])
             for c, s in by_category.items() if s.observed}
    periods = next(iter(by_category.values())).periods if by_category else []
    for category, (first, _) in sorted(spans.items()):
        if not periods or first == periods[0]:
            continue
        previous = periods[periods.index(first) - 1]
        ended = sorted(c for c, (_, last) in spans.items()
                       if last == previous and related(category, c))
        after = _level(by_category[category], first, False)
        if not ended:
            seam = Seam("started", first, category, [], [category], None, after)
            seam.notes.append("first published in this period; its trend starts here")
            found.append(seam)
            continue
        before = sum(_level(by_category[c], first, True) or 0.0 for c in ended)
        seam = Seam("succeeded", first, category, ended, [category], before, after)
        seam.notes.append("a merger if the new level is close to the old sum; "
                          "compare the definitions before splicing the series")
        found.append(seam)
    return found


def _chow(seam: Seam, series: CountSeries) -> None:
    test = chow_test(series, seam.period)
    if test is None:
        seam.notes.append("too few points either side for a Chow test")
    else:
        seam.chow_f, seam.chow_p = test
