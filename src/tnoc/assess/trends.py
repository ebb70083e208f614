"""Trend tests and count alarms over :class:`~tnoc.assess.series.CountSeries`.

- **Trend**: the Mann–Kendall test (Mann 1945; Kendall 1975) from ``pymannkendall``,
  optionally with Hamed and Rao's (1998) variance correction for autocorrelation, and
  Sen's (1968) slope with its confidence interval from ``scipy.stats.theilslopes`` on
  the real time positions, so a gap does not shorten the time axis.
- **Alarms on counts**, each judging the newest point against the points before it:
  a quasi-Poisson GLM with log-linear trend and Farrington et al.'s (1996) 2/3-power
  prediction bound, or a negative-binomial GLM with its upper quantile (``statsmodels``);
  the CDC's EARS C1, C2 and C3 (Hutwagner et al. 2003); and a Poisson CUSUM (Lucas
  1985). The statistics are these papers' definitions; the model fits are statsmodels'.

Every result says how many points it used and why it did not run when it could not
(one point, all zeros, too short a history): a series is reported, never guessed at.

:func:`assess_series` is the one reading of a series that the trends table, the
emerging-threats list and the report share: the trend over the window, the newest
value (always shown, whether or not an alarm method could judge it), the alarm of the
newest period only when that period lies in the window, and the other alarms inside
the window. A discontinued category is said to be so, not judged on its last year.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pymannkendall as mk
import statsmodels.api as sm
from scipy import stats

from tnoc.assess.series import CountSeries
from tnoc.errors import TnocError

__all__ = ["ALARM_METHODS", "Alarm", "AlarmResult", "SeriesAssessment", "TrendResult",
           "alarms", "assess_series", "trend_test"]

ALARM_METHODS = ("farrington", "negbin", "ears-c1", "ears-c2", "ears-c3", "cusum")


@dataclass
class TrendResult:
    """Mann–Kendall and Sen's slope for one series."""

    name: str
    n: int
    trend: str  # increasing, decreasing, no trend, not assessed
    p: float | None = None
    tau: float | None = None
    slope: float | None = None  # Sen's slope, units per period
    slope_low: float | None = None
    slope_high: float | None = None
    relative_slope: float | None = None  # slope / median level
    first: str = ""
    last: str = ""
    notes: list[str] = field(default_factory=list)


def trend_test(series: CountSeries, alpha: float = 0.05, autocorrelation: bool = False,
               last: int | None = None) -> TrendResult:
    """Mann–Kendall trend test and Sen's slope over the observed points (the ``last``
    periods only, when given). ``autocorrelation`` applies Hamed and Rao's correction;
    with fewer than 10 points it is not meaningful and is skipped with a note."""
    notes = series.check()
    x = np.arange(len(series.periods), dtype=float)
    y = np.array([np.nan if v is None else v for v in series.values], dtype=float)
    if last is not None:
        x, y = x[-last:], y[-last:]
    keep = ~np.isnan(y)
    x, y = x[keep], y[keep]
    periods = [p for p, k in zip(series.periods[-len(keep):], keep, strict=True) if k]
    result = TrendResult(series.name, int(len(y)), "not assessed", notes=notes,
                         first=periods[0] if periods else "", last=periods[-1] if periods else "")
    if len(y) < 3:
        result.notes.append("a trend test needs at least 3 observed points")
        return result
    if not np.any(y):
        result.trend, result.slope = "no trend", 0.0
        return result
    test = mk.original_test
    if autocorrelation:
        if len(y) >= 10:
            test = mk.hamed_rao_modification_test
        else:
            result.notes.append("autocorrelation correction skipped: under 10 points")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = test(y, alpha=alpha)
    slope, _, low, high = stats.theilslopes(y, x, alpha=1 - alpha)
    median = float(np.median(y))
    result.trend, result.p, result.tau = str(r.trend), float(r.p), float(r.Tau)
    result.slope, result.slope_low, result.slope_high = float(slope), float(low), float(high)
    result.relative_slope = float(slope) / median if median else None
    return result


@dataclass
class Alarm:
    """One period judged against its history."""

    period: str
    observed: float
    expected: float
    threshold: float
    statistic: float
    alarm: bool


@dataclass
class AlarmResult:
    """A method's judgement of every period it could judge."""

    name: str
    method: str
    parameters: dict[str, float]
    points: list[Alarm] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def alarms(self) -> list[Alarm]:
        return [a for a in self.points if a.alarm]

    @property
    def latest(self) -> Alarm | None:
        return self.points[-1] if self.points else None


def alarms(series: CountSeries, method: str = "farrington", baseline: int = 5,
           window: int = 15, z: float = 2.58, alpha: float = 0.01, shift: float = 1.0,
           h: float = 4.0) -> AlarmResult:
    """Judge each period of ``series`` with ``method`` (see :data:`ALARM_METHODS`).

    ``baseline`` is the history each judgement needs (periods before it; EARS uses its
    fixed 7-period window, CUSUM the first ``baseline`` points as in-control), ``z`` the
    Farrington bound's normal quantile (2.58: one-sided 0.5%), ``alpha`` the NB quantile
    tail, ``shift`` the CUSUM's out-of-control mean in standard deviations and ``h`` its
    decision interval. The GLMs fit at most the ``window`` periods before the one judged
    (a log-linear trend is a local description, not a law for years ahead)."""
    if method not in ALARM_METHODS:
        raise TnocError(f"unknown alarm method {method!r}; one of {', '.join(ALARM_METHODS)}")
    params = {"baseline": float(baseline), "window": float(window), "z": z, "alpha": alpha,
              "shift": shift, "h": h}
    result = AlarmResult(series.name, method, params, notes=series.check())
    points = [(p, float(v)) for p, v in zip(series.periods, series.values, strict=True)
              if v is not None]
    if method in ("farrington", "negbin"):
        _glm_alarms(points, result, method, baseline, window, z, alpha)
    elif method.startswith("ears"):
        _ears(points, result, method)
    else:
        _cusum(points, result, baseline, shift, h)
    if not result.points:
        result.notes.append(f"no period has the history {method} needs "
                            f"({len(points)} observed point(s))")
    return result


def _glm_alarms(points: list[tuple[str, float]], result: AlarmResult, method: str,
                baseline: int, window: int, z: float, alpha: float) -> None:
    """GLM with log link on intercept and time, fitted to the history of each period."""
    for t in range(baseline, len(points)):
        start = max(0, t - window)
        history = np.array([v for _, v in points[start:t]])
        time = np.arange(start, t, dtype=float)
        period, observed = points[t]
        if not history.any():
            result.points.append(Alarm(period, observed, 0.0, 0.0, observed, observed > 0))
            continue
        design = sm.add_constant(time)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            poisson = sm.GLM(history, design, family=sm.families.Poisson()).fit(scale="X2")
        phi = max(1.0, float(poisson.scale))
        row = np.array([[1.0, float(t)]])
        eta = float((row @ poisson.params)[0])
        se = float(np.sqrt(row @ poisson.cov_params() @ row.T)[0, 0])
        mu = math.exp(eta)
        if method == "farrington":
            tau = phi * mu + mu * mu * se * se
            threshold = mu * (1 + (2 / 3) * z * math.sqrt(tau) / mu) ** 1.5
        else:
            # NB dispersion by moments from the Poisson fit: Var = mu + a mu^2
            fitted = poisson.fittedvalues
            a = float(np.mean(((history - fitted) ** 2 - fitted) / fitted ** 2))
            mu_high = math.exp(eta + stats.norm.ppf(1 - alpha) * se)
            threshold = float(stats.nbinom.ppf(1 - alpha, 1 / a, 1 / (1 + a * mu_high))
                              if a > 1e-6 else stats.poisson.ppf(1 - alpha, mu_high))
        result.points.append(Alarm(period, observed, mu, threshold,
                                   (observed - mu) / math.sqrt(phi * mu), observed > threshold))


def _ears(points: list[tuple[str, float]], result: AlarmResult, method: str) -> None:
    """EARS: C1 compares a period with the mean and sd of the 7 before it, C2 with the
    7 before a 2-period guard band, C3 sums C2's excess over 1 across the last 3
    periods. Thresholds 3 (C1, C2) and 2 (C3) as in Hutwagner et al. (2003). A
    baseline with no variation gets sd 1 (one count), so one extra case is not an
    infinite signal."""
    lag = 0 if method == "ears-c1" else 2
    values = [v for _, v in points]
    c2: list[float] = []
    for t in range(7 + lag, len(values)):
        window = values[t - 7 - lag:t - lag]
        mean, sd = float(np.mean(window)), float(np.std(window, ddof=1)) or 1.0
        stat = (values[t] - mean) / sd
        c2.append(stat)
        if method == "ears-c3":
            if len(c2) < 3:
                continue
            stat = sum(max(0.0, s - 1) for s in c2[-3:])
            threshold = 2.0
        else:
            threshold = 3.0
        result.points.append(Alarm(points[t][0], values[t], mean,
                                   mean + threshold * sd if method != "ears-c3" else threshold,
                                   stat, stat > threshold))


def _cusum(points: list[tuple[str, float]], result: AlarmResult, baseline: int,
           shift: float, h: float) -> None:
    """Poisson CUSUM (Lucas 1985): in-control mean mu0 from the first ``baseline``
    points, out-of-control mu1 = mu0 + shift * sqrt(mu0), reference value
    k = (mu1 - mu0) / (ln mu1 - ln mu0); S_t = max(0, S_{t-1} + x_t - k), alarm when
    S_t > h * sqrt(mu0) (h in standard deviations), reset after an alarm."""
    if len(points) <= baseline:
        return
    mu0 = float(np.mean([v for _, v in points[:baseline]]))
    if mu0 <= 0:
        result.notes.append("CUSUM: the in-control mean is zero; any count is a change")
        mu0 = 0.5
    mu1 = mu0 + shift * math.sqrt(mu0)
    k = (mu1 - mu0) / (math.log(mu1) - math.log(mu0))
    decision = h * math.sqrt(mu0)
    s = 0.0
    for period, value in points[baseline:]:
        s = max(0.0, s + value - k)
        alarm = s > decision
        result.points.append(Alarm(period, value, mu0, decision, s, alarm))
        if alarm:
            s = 0.0


@dataclass
class SeriesAssessment:
    """One series read for a trends table: the trend over the window, the newest value,
    and the alarms that fall inside the window.

    ``newest_period``/``newest_value``: the series' last observed point (None: no value
    at all). ``current``: that point is the indicator's newest period (False: the
    category stopped being published, or was renamed or merged). ``alarm``: the alarm
    method's judgement of the newest period, only when ``current`` and the period is
    in the window (None otherwise, with the reason in ``notes``). ``window_alarms``:
    every alarmed period inside the window, newest last."""

    name: str
    trend: TrendResult
    window: list[str]
    newest_period: str | None
    newest_value: float | None
    current: bool
    alarm: Alarm | None
    window_alarms: list[Alarm] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def assess_series(series: CountSeries, method: str = "farrington", last: int | None = None,
                  alpha: float = 0.05, baseline: int = 5, history: int = 15
                  ) -> SeriesAssessment:
    """Trend (over the ``last`` periods, or all), newest value and alarms of ``series``,
    with every alarm restricted to the same window (see :class:`SeriesAssessment`).
    ``baseline`` and ``history`` are :func:`alarms`' ``baseline`` and ``window`` (the
    history an alarm needs and the most a GLM fits); the window limits which periods'
    alarms are reported, not the history they are judged against."""
    if last is not None and last < 1:
        raise TnocError(f"--last {last}: give a number of periods of 1 or more")
    trend = trend_test(series, alpha=alpha, last=last)
    window = series.periods[-last:] if last is not None else list(series.periods)
    inside = set(window)
    observed = [i for i, v in enumerate(series.values) if v is not None]
    newest = observed[-1] if observed else None
    period = series.periods[newest] if newest is not None else None
    value = series.values[newest] if newest is not None else None
    current = newest is not None and newest == len(series.periods) - 1
    judged = alarms(series, method, baseline=baseline, window=history)
    by_period = {a.period: a for a in judged.points}
    notes: list[str] = []
    alarm = None
    if period is None:
        notes.append("no observed value")
    elif not current:
        notes.append(f"no value for {series.periods[-1]} (last: {period}): "
                     "discontinued, renamed, merged or not yet published; not judged")
    elif period not in inside:
        notes.append(f"newest value {period} is outside the last {last} periods")
    else:
        alarm = by_period.get(period)
        if alarm is None:
            before = len(observed) - 1
            notes.append(f"{period} not judged by {method}: {before} earlier observed "
                         "point(s) are too short a history")
    in_window = [a for a in judged.alarms if a.period in inside]
    earlier = [a.period for a in in_window if a is not alarm]
    if earlier:
        notes.append(f"also above the bound in the window: {', '.join(earlier)}")
    return SeriesAssessment(series.name, trend, window, period, value, current, alarm,
                            in_window, notes)
