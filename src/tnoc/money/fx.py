"""Exchange rates for comparing an amount received with an amount passed on.

Pass-on rules (stack, layered path, pass-through) ask whether the money that left an
account is about the money that came in. When the two legs are in different currencies
that needs a rate. Two sources, in order:

* **rates given by the analyst** (``--fx-rates FILE``: currency, units per US dollar),
  e.g. the central bank's reference rates for the period;
* otherwise **rates implied by the case itself**: for each ordered currency pair, the
  ratio "amount out / amount in" over every candidate hop (a transfer in, then one out of
  the same account within the window) is collected on a log scale, and its densest point
  is taken as the rate. Money passed on through a conversion piles up at the rate used;
  unrelated pairs of transfers spread over orders of magnitude. A pair whose densest 5%
  band holds fewer than ``min_support`` hops, or less than ``min_peak_share`` of its
  hops, gets no rate, and its hops are not compared by amount (as when no rate is known
  at all).

The rates used, with where each came from and how many hops supported it, are kept in
the run's parameters so any alert can be traced to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

BIN = 0.01
"""Histogram bin on the natural-log scale (1%)."""
WIDTH = 5
"""Bins summed when looking for the densest point (+-2.5%)."""


@dataclass(frozen=True)
class PairRate:
    """Units of ``quote`` paid out per unit of ``base`` received."""

    base: str
    quote: str
    rate: float
    origin: str
    """``given`` (from the analyst's table) or ``implied`` (from the case's hops)."""
    support: int
    """Hops the rate rests on (implied) or 0 (given)."""

    def as_dict(self) -> dict[str, object]:
        return {"pair": f"{self.base}>{self.quote}", "rate": round(self.rate, 6),
                "origin": self.origin, "support": self.support}


def given_rates(per_usd: Mapping[str, float],
                pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], PairRate]:
    """Cross rates for ``pairs`` from a table of units per US dollar; a pair with a
    currency missing from the table gets none."""
    out: dict[tuple[str, str], PairRate] = {}
    for base, quote in pairs:
        if base in per_usd and quote in per_usd:
            out[(base, quote)] = PairRate(base, quote, per_usd[quote] / per_usd[base],
                                          "given", 0)
    return out


def implied_rates(hops: Iterable[tuple[str, str, float]], min_support: int = 10,
                  min_peak_share: float = 0.1) -> dict[tuple[str, str], PairRate]:
    """Rates implied by ``hops`` (currency in, currency out, amount out / amount in):
    the densest 5% band of the log ratio per ordered pair, its centre the median of the
    ratios inside it."""
    by_pair: dict[tuple[str, str], list[float]] = defaultdict(list)
    for base, quote, ratio in hops:
        if base != quote and ratio > 0:
            by_pair[(base, quote)].append(float(np.log(ratio)))
    out: dict[tuple[str, str], PairRate] = {}
    for (base, quote), logs in by_pair.items():
        if len(logs) < min_support:
            continue  # the band cannot hold min_support
        values = np.asarray(logs)
        lo = values.min()
        counts = np.bincount(((values - lo) / BIN).astype(np.int64))
        window = np.convolve(counts, np.ones(WIDTH, dtype=np.int64), mode="same")
        peak = int(window.argmax())
        if window[peak] < max(min_support, min_peak_share * len(values)):
            continue
        centre = lo + (peak + 0.5) * BIN
        inside = values[np.abs(values - centre) <= WIDTH * BIN / 2]
        out[(base, quote)] = PairRate(base, quote, float(np.exp(np.median(inside))),
                                      "implied", int(window[peak]))
    return out


def read_rates(path: str) -> dict[str, float]:
    """A rates table: CSV lines ``currency,units_per_usd`` (a header line is skipped);
    currency names are read as ISO codes. Raises ``ValueError`` naming the line."""
    from tnoc.money.currency import iso_currency

    rates: dict[str, float] = {"USD": 1.0}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            cells = [c.strip() for c in line.strip().split(",")]
            if not line.strip() or (number == 1 and not _is_number(cells[-1])):
                continue
            code = iso_currency(cells[0]) if len(cells) == 2 else None
            if code is None or not _is_number(cells[1]) or float(cells[1]) <= 0:
                raise ValueError(f"{path}, line {number}: expected 'currency,units per US "
                                 f"dollar' with a known currency and a positive rate, "
                                 f"got {line.strip()!r}")
            rates[code] = float(cells[1])
    return rates


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


__all__ = ["PairRate", "given_rates", "implied_rates", "read_rates"]
