"""Key judgements: what the assessment's own figures say, in words, each with how sure.

A judgement answers one of the questions a reader of a threat assessment asks first —
what is new, what is rising, who matters most, who the key players are — and states
its likelihood on the PHIA yardstick (:mod:`tnoc.assess.wording`), derived from the
analysis behind it, never written by hand:

- **rising**: a category whose Mann–Kendall trend is increasing; the probability is
  ``1 - p`` of the test;
- **new**: a category whose newest period is above its Farrington bound; the
  probability is the bound's one-sided level (z 2.58: 99.5%);
- **alarms over a window** (months, days): ``k`` alarms among ``n`` judged periods
  against the ``n * alpha`` a quiet series would raise by chance; the probability of a
  real excess is one minus the Poisson chance of ``k`` or more false alarms;
- **who matters most**: the top group under the priority scheme; the probability that
  it stays first when every factor it or a rival lacks evidence for is filled with a
  level drawn uniformly from 1–5 (a seeded simulation: same answer every run);
- **key players**: the actors whose removal the disruption simulation ranks first
  (no probability: a simulation, stated as such).

A short series cannot carry certainty: with fewer than :data:`SHORT_SERIES` points
the probability is capped at the top of "highly likely".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from tnoc.assess.emerging import EmergingThreat
from tnoc.assess.harm import Priority
from tnoc.assess.profiles import GroupProfile
from tnoc.assess.wording import Likelihood, likelihood, number, quantity

__all__ = ["AlarmWindow", "Judgement", "key_judgements", "priority_stability"]

SHORT_SERIES = 8
SHORT_CAP = 0.90
FARRINGTON_Z = 2.58


@dataclass
class AlarmWindow:
    """How many periods of a chart's window broke their bound, for a judgement."""

    subject: str
    grain: str  # what was judged: month, day, drug-month
    judged: int
    alarms: int
    z: float = FARRINGTON_Z


@dataclass
class Judgement:
    """One key judgement: the question it answers, the sentence, and its basis."""

    topic: str
    text: str
    basis: str
    probability: float | None = None

    @property
    def likelihood(self) -> Likelihood | None:
        return likelihood(self.probability) if self.probability is not None else None


def _capped(p: float, points: int) -> float:
    return min(p, SHORT_CAP) if points < SHORT_SERIES else p


def _names(items: list[str], most: int = 3) -> str:
    shown = [f"'{x}'" for x in items[:most]]
    more = len(items) - len(shown)
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    return text + (f" (and {more} more)" if more else "")


def _rising(indicator: str, listed: list[EmergingThreat], unit: str) -> Judgement | None:
    rising = [t for t in listed if t.trend.trend == "increasing" and t.trend.p is not None]
    if not rising:
        return None
    rising.sort(key=lambda t: -(t.trend.relative_slope or 0.0))
    weakest = max(t.trend.p or 1.0 for t in rising)
    p = _capped(1.0 - weakest, min(t.trend.n for t in rising))
    lead = rising[0].trend
    return Judgement(
        "Rising", f"It is {likelihood(p)} that {_names([t.category for t in rising])} "
        f"({indicator}) are rising",
        f"Mann–Kendall over {lead.n} periods ({lead.first}–{lead.last}), largest p "
        f"{weakest:.3f}; fastest: '{rising[0].category}', "
        f"{quantity(lead.slope, unit)} a period"
        + (f" ({lead.relative_slope:+.0%} of its median)" if lead.relative_slope else ""),
        p)


def _new(indicator: str, listed: list[EmergingThreat], unit: str) -> Judgement | None:
    new = [t for t in listed if t.latest_alarm]
    if not new:
        return None
    first = new[0]
    level = float(stats.norm.cdf(FARRINGTON_Z))
    p = _capped(level, min(t.trend.n for t in new))
    return Judgement(
        "New", f"It is {likelihood(p)} that {_names([t.category for t in new])} "
        f"({indicator}) were higher in {first.latest_period} than their history predicts",
        f"'{first.category}': {quantity(first.latest_value, unit)} against an expected "
        f"{quantity(first.latest_expected, unit)} (Farrington bound "
        f"{quantity(first.latest_threshold, unit)})", p)


def _window(w: AlarmWindow) -> Judgement | None:
    if w.judged == 0:
        return None
    chance = w.judged * float(stats.norm.sf(w.z))
    p = 1.0 - float(stats.poisson.sf(w.alarms - 1, chance)) if w.alarms else 0.0
    if w.alarms == 0:
        return Judgement("Alarms", f"No {w.grain} of {w.subject} broke its bound",
                         f"{w.judged} {w.grain}s judged", None)
    return Judgement(
        "Alarms", f"It is {likelihood(p)} that {w.subject} rose above the expected level "
        f"{'on' if w.grain.endswith('day') else 'in'} some {w.grain}s",
        f"{w.alarms} of {w.judged} {w.grain}s above their Farrington "
        f"bound, against {number(round(chance, 1))} expected by chance", p)


def priority_stability(priorities: list[Priority], draws: int = 4000, seed: int = 0,
                       leaders: int = 1) -> float:
    """Probability that the first of ``priorities`` (the first ``leaders`` of them, when
    they tie: one of them) stays first when every unscored factor (a data gap) of every
    group takes a level drawn uniformly from 1 to 5."""
    if len(priorities) <= leaders:
        return 1.0
    rng = np.random.default_rng(seed)
    scores = []
    for p in priorities:
        total = sum(f.weight for f in p.factors) or 1.0
        known = sum(f.weight * (f.level or 0) for f in p.factors if f.level is not None)
        gaps = np.array([f.weight for f in p.factors if f.level is None])
        filled = rng.integers(1, 6, size=(draws, len(gaps))) @ gaps if len(gaps) \
            else np.zeros(draws)
        scores.append((known + filled) / total)
    table = np.vstack(scores)
    return float(np.mean(table[:leaders].max(axis=0) >= table[leaders:].max(axis=0)))


def tied_first(priorities: list[Priority]) -> list[Priority]:
    """The groups that share the first place: the same score as the first to the
    precision the report prints (two decimals), so a tie the table shows is never
    told as one group leading."""
    if not priorities:
        return []
    top = round(priorities[0].score, 2)
    return [p for p in priorities if round(p.score, 2) == top]


def _span(shares: Iterable[float]) -> str:
    """Shares as a percentage, or a range of them when they differ."""
    low, high = f"{min(shares := list(shares)):.0%}", f"{max(shares):.0%}"
    return low if low == high else f"{low}–{high}"


def _plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def _groups_named(groups: list[str]) -> str:
    """Groups ("malware family: Dridex", ...) in a sentence: "the malware families
    Dridex, Emotet and TrickBot" when of one kind, else each with its kind."""
    kinds = {g.split(": ", 1)[0] for g in groups}
    if len(kinds) == 1 and all(": " in g for g in groups):
        names = [g.split(": ", 1)[1] for g in groups]
        kind = kinds.pop()
        return f"the {_plural(kind)} " + ", ".join(names[:-1]) + " and " + names[-1]
    named = [g.replace(": ", " ", 1) for g in groups]
    return "the " + ", the ".join(named[:-1]) + " and the " + named[-1]


def _priority(priorities: list[Priority]) -> Judgement | None:
    if not priorities:
        return None
    first = priorities[0]
    tied = tied_first(priorities)
    p = priority_stability(priorities, leaders=len(tied))
    corner = [x.group for x in priorities if (x.dimensions.get("harm") or 0) > 3.5
              and (x.dimensions.get("likelihood") or 0) > 3.5]
    if len(tied) > 1:
        named = _groups_named([x.group for x in tied])
        return Judgement(
            "Who matters most", f"{named[0].upper()}{named[1:]} share the highest "
            f"priority; it is {likelihood(p)} that one of them stays first once the data "
            "gaps are filled",
            f"score {first.score:.2f} of 5 each on {_span(x.coverage for x in tied)} of "
            f"the scheme's weight; {len(corner)} "
            "group(s) in the high-harm, high-likelihood corner; one of them stays first in "
            f"{p:.0%} of simulated fillings of the gaps", p)
    return Judgement(
        "Who matters most", f"The {first.group.replace(': ', ' ', 1)} is the highest "
        "priority; it is "
        f"{likelihood(p)} that it stays first once the data gaps are filled",
        f"score {first.score:.1f} of 5 on {first.coverage:.0%} of the scheme's weight; "
        f"{len(corner)} group(s) in the high-harm, high-likelihood corner; stays first in "
        f"{p:.0%} of simulated fillings of the gaps", p)


def _key_players(profiles: list[GroupProfile], names: Mapping[str, str]
                 ) -> list[Judgement]:
    out = []
    for profile in profiles:
        best = profile.best_disruption()
        if best is None or "random" not in profile.simulations:
            continue
        strategy, result = best
        removed = [a for step in result.steps[1:4] for a in step.removed]
        if not removed:
            continue
        after = result.steps[min(len(result.steps) - 1, 3)].lcc_relative
        ratio = profile.simulations["random"].robustness() / (result.robustness() or 1.0)
        out.append(Judgement(
            "Key players", f"In the {profile.name} network, removing "
            + ", ".join(names.get(a, a) for a in removed)
            + f" leaves its largest component at {after:.0%} of the original one",
            f"simulated {strategy} removal fragments it {ratio:.1f}x faster than random "
            "removal (robustness R); a simulation, not a forecast", None))
    return out


def key_judgements(emerging: Mapping[str, list[EmergingThreat]],
                   units: Mapping[str, str], windows: list[AlarmWindow],
                   priorities: list[Priority], profiles: list[GroupProfile],
                   names: Mapping[str, str]) -> list[Judgement]:
    """The key judgements, most important first: who matters most, what is new, what
    is rising, alarms over recent windows, key players. ``units`` per indicator;
    ``names`` entity id -> name."""
    out: list[Judgement] = []
    top = _priority(priorities)
    if top:
        out.append(top)
    for indicator, listed in emerging.items():
        unit = units.get(indicator, "")
        out += [j for j in (_new(indicator, listed, unit), _rising(indicator, listed, unit))
                if j]
    out += [j for j in map(_window, windows) if j]
    out += _key_players(profiles, names)
    return out
