"""Generated normal bank activity for the typology benchmark (SYNTHETIC).

The real AMLworld file holds only the laundering attempts. To measure precision they are
embedded in generated *normal* activity modelled on AMLSim's normal behaviours
(Suzumura & Kanezashi, IBM AMLSim, 2021; the same behaviours AMLworld's generator uses):

* ``single``: one transfer between two accounts, once;
* ``fan_in``: 2-5 members each pay one main account, every period;
* ``fan_out``: one main account pays 2-5 members, every period;
* ``forward``: A pays B and B pays C within 1-24 hours, every period;
* ``mutual``: A pays B and B pays A back 1 hour to half a period later, every period;
* ``periodical``: A pays B every period.

Periods are 7, 14 or 30 days (p = 0.45, 0.35, 0.20); every behaviour starts at a random
offset in its first period and runs from ``start`` to ``end`` (default 90 days of history
before the laundering month and the month itself), with up to 12 hours of jitter. Who
takes part is drawn by activity weight (Pareto, alpha 1.5: few busy accounts, many quiet
ones). Each instance draws a base amount (log-normal, median 1,100, sigma 1.0) and each
transfer varies it by +-10%; the payer's home currency is drawn from the currency mix of
the real AMLworld attempts. ``laundering_accounts`` (the attempts' accounts) join the
population, so laundering accounts have normal activity too. ``singles_share`` of all
transfers are singles: the only normal transfers between parties with no history, hence
the main source of false alerts; the benchmark reports it.

Seeded, so a run is reproducible. Every row is labelled synthetic (``bg-`` ids).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

SHARES = {"single": 0.10, "fan_in": 0.20, "fan_out": 0.20, "forward": 0.15, "mutual": 0.10,
          "periodical": 0.25}
PERIOD_DAYS = np.array([7, 14, 30])
PERIOD_P = np.array([0.45, 0.35, 0.20])
HOUR = 3600
DAY = 24 * HOUR


def generate(n_transfers: int, n_accounts: int, laundering_accounts: list[str],
             currency_mix: dict[str, float], seed: int = 7,
             start: datetime = datetime(2022, 6, 3), end: datetime = datetime(2022, 9, 29),
             singles_share: float = 0.10) -> pd.DataFrame:
    """About ``n_transfers`` normal transfers (columns of ``transfers``)."""
    rng = np.random.default_rng(seed)
    shares = dict(SHARES)
    rest = 1 - shares["single"]
    shares = {k: (singles_share if k == "single" else v * (1 - singles_share) / rest)
              for k, v in shares.items()}
    accounts = np.array([f"bg-acct-{i}" for i in range(n_accounts)] + list(laundering_accounts),
                        dtype=object)
    weight = rng.pareto(1.5, len(accounts)) + 1
    weight /= weight.sum()
    currencies = np.array(list(currency_mix))
    cur_p = np.array(list(currency_mix.values()), dtype=float)
    home = rng.choice(currencies, size=len(accounts), p=cur_p / cur_p.sum())
    t0, t1 = int(start.timestamp()), int(end.timestamp())
    span = t1 - t0
    src_parts: list[np.ndarray] = []
    dst_parts: list[np.ndarray] = []
    t_parts: list[np.ndarray] = []
    amt_parts: list[np.ndarray] = []

    def pick(n: int) -> np.ndarray:
        return rng.choice(len(accounts), size=n, p=weight)

    def emit(src: np.ndarray, dst: np.ndarray, t: np.ndarray, base: np.ndarray) -> None:
        keep = (t >= t0) & (t < t1) & (src != dst)
        src_parts.append(src[keep])
        dst_parts.append(dst[keep])
        t_parts.append(t[keep])
        amt_parts.append(np.round(base[keep] * rng.uniform(0.9, 1.1, keep.sum()), 2))

    # singles
    n_single = int(n_transfers * shares["single"])
    emit(pick(n_single), pick(n_single), rng.integers(t0, t1, n_single),
         rng.lognormal(np.log(1100), 1.0, n_single))
    per_rep = {"fan_in": 3.5, "fan_out": 3.5, "forward": 2, "mutual": 2, "periodical": 1}
    mean_reps = float((span / (PERIOD_DAYS * DAY) * PERIOD_P).sum())
    for kind, legs in per_rep.items():
        n_inst = max(1, int(n_transfers * shares[kind] / (legs * mean_reps)))
        period = rng.choice(PERIOD_DAYS, size=n_inst, p=PERIOD_P) * DAY
        reps = span // period + 1
        offset = (rng.random(n_inst) * period).astype(np.int64)
        base = rng.lognormal(np.log(1100), 1.0, n_inst)
        inst = np.repeat(np.arange(n_inst), reps)
        rep_idx = np.concatenate([np.arange(r) for r in reps])
        when = t0 + offset[inst] + rep_idx * period[inst] + rng.integers(0, 12 * HOUR, len(inst))
        if kind in ("fan_in", "fan_out"):
            size = rng.integers(2, 6, n_inst)
            first_member = np.cumsum(size) - size
            member_ids = pick(int(size.sum()))
            main = pick(n_inst)
            k = size[inst]
            row = np.repeat(np.arange(len(inst)), k)
            within = np.arange(len(row)) - np.repeat(np.cumsum(k) - k, k)
            member = member_ids[first_member[inst[row]] + within]
            times = when[row] + rng.integers(0, 6 * HOUR, len(row))
            hub = main[inst[row]]
            src, dst = (member, hub) if kind == "fan_in" else (hub, member)
            emit(src, dst, times, base[inst[row]])
        else:
            a, b = pick(n_inst), pick(n_inst)
            emit(a[inst], b[inst], when, base[inst])
            if kind == "forward":
                c = pick(n_inst)
                emit(b[inst], c[inst], when + rng.integers(HOUR, DAY, len(inst)), base[inst])
            elif kind == "mutual":
                back = rng.integers(HOUR, np.maximum(period[inst] // 2, HOUR + 1))
                emit(b[inst], a[inst], when + back, base[inst])
    src = np.concatenate(src_parts)
    dst = np.concatenate(dst_parts)
    when = np.concatenate(t_parts)
    frame = pd.DataFrame({
        "transfer_id": [f"bg-tx-{i}" for i in range(len(src))],
        "payer": accounts[src], "beneficiary": accounts[dst],
        "ts": pd.to_datetime(when, unit="s"),
        "amount": np.concatenate(amt_parts), "currency": home[src],
    })
    return frame
