"""A seeded generator of bank transfers with planted laundering structures, at any size.

For benchmarks that must run one workload at 1M, 4M, 16M transfers (benchmarks/spark.py,
issue #27) and for tests of the same code at a few thousand. Real data of that size is
not shareable; AMLworld (Altman et al., NeurIPS 2023) is the model followed here at a
much smaller scale of ambition: background payments between accounts with a
heavy-tailed degree, and a known number of each planted structure.

What is drawn (``numpy.random.default_rng(seed)``: the same seed and size give the same
table, byte for byte):

- **Accounts**: ``size // 8`` (``A0000001``...), each with an activity weight from a
  Pareto distribution (shape 1.5: a few accounts take part in very many transfers, most
  in a handful: the heavy-tailed degree of payment networks). The number of accounts
  grows with the size, so the degree distribution, not the hubs, stays the same when
  the size grows (4x data is 4x the work, not more).
- **Background transfers**: payer and beneficiary drawn by weight (a self-transfer is
  redrawn once and otherwise kept: the rules skip them), a time uniform over 2024 in
  whole seconds (UTC, no zone: ``TIMESTAMP``), an amount log-normal (median about 150)
  in cents, a currency (EUR 80%, USD 15%, GBP 5%).
- **Planted structures**, ``size // 20_000`` of each (at least one), each among fresh
  accounts (``L...``) so it is not hidden in a hub's history:
  FAN-IN (8 payers to one account within 12 hours), FAN-OUT (one account to 8 within
  12 hours), CYCLE (4 accounts a->b->c->d->a, an hour apart, the amount shrinking 2% a
  hop), STRUCTURING (4 deposits of 9,100-9,900 EUR into one account within 4 days,
  under the 10,000 reporting threshold) and BIPARTITE (3 payers each paying the same 3
  beneficiaries within a day: a group where no account both pays and is paid; without
  it the BIPARTITE rule found nothing at any size, so its equality across engines was
  shown on nothing, session 54).

Columns: ``transfer_id`` (``T`` and 10 digits), ``payer``, ``beneficiary``, ``ts``,
``amount`` (float, whole cents), ``currency``, ``source_id``, ``locator`` (the row), and
``planted`` (the structure's kind, null for background): the columns
:func:`tnoc.money.transfers.adopt_transfers` needs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["CURRENCIES", "PLANTED", "generate_transfers", "write_transfers"]

CURRENCIES = {"EUR": 0.80, "USD": 0.15, "GBP": 0.05}
"""The currencies drawn, with their shares."""

PER_USD = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79}
"""Units per US dollar, for the cross-currency rates of the rules
(:class:`tnoc.money.typology_params.TypologyParams` ``fx_rates``)."""

PLANTED = ("FAN-IN", "FAN-OUT", "CYCLE", "STRUCTURING", "BIPARTITE")
"""The structures planted, ``size // 20_000`` of each (at least one)."""

_START = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
_YEAR = 366 * 86_400


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    return pa.array([f"{prefix}{n:0{width}d}" for n in numbers.tolist()], pa.string())


def _planted(rng: np.random.Generator, count: int) -> dict[str, list[object]]:
    """``count`` of each structure of :data:`PLANTED`, as columns."""
    cols: dict[str, list[object]] = {k: [] for k in
                                     ("payer", "beneficiary", "t", "cents", "currency", "kind")}
    serial = 0

    def account() -> str:
        nonlocal serial
        serial += 1
        return f"L{serial:07d}"

    def add(payer: str, ben: str, t: int, cents: int, currency: str, kind: str) -> None:
        for key, value in zip(cols, (payer, ben, t, cents, currency, kind), strict=True):
            cols[key].append(value)

    for _ in range(count):
        hub, t0 = account(), int(rng.integers(0, _YEAR - 10 * 86_400))
        for k in range(8):  # FAN-IN: 8 payers into the hub within 12 hours
            add(account(), hub, t0 + k * 5_400, int(rng.integers(50_000, 300_000)), "EUR",
                "FAN-IN")
        hub, t0 = account(), int(rng.integers(0, _YEAR - 10 * 86_400))
        for k in range(8):  # FAN-OUT
            add(hub, account(), t0 + k * 5_400, int(rng.integers(50_000, 300_000)), "EUR",
                "FAN-OUT")
        ring, t0 = [account() for _ in range(4)], int(rng.integers(0, _YEAR - 10 * 86_400))
        cents = int(rng.integers(1_000_000, 5_000_000))
        for k in range(4):  # CYCLE: a->b->c->d->a
            add(ring[k], ring[(k + 1) % 4], t0 + k * 3_600, cents, "USD", "CYCLE")
            cents = cents * 98 // 100
        ben, t0 = account(), int(rng.integers(0, _YEAR - 10 * 86_400))
        for k in range(4):  # STRUCTURING: just under 10,000 EUR, within 4 days
            add(account(), ben, t0 + k * 86_400, int(rng.integers(910_000, 990_000)), "EUR",
                "STRUCTURING")
        payers, bens = [account() for _ in range(3)], [account() for _ in range(3)]
        t0 = int(rng.integers(0, _YEAR - 10 * 86_400))
        for k, (payer, ben) in enumerate(product(payers, bens)):
            add(payer, ben, t0 + k * 7_200, int(rng.integers(200_000, 800_000)), "EUR",
                "BIPARTITE")  # every payer pays every beneficiary, 2 hours apart
    return cols


def generate_transfers(size: int, seed: int = 27) -> pa.Table:
    """``size`` transfers (background and planted; see the module's docstring), sorted
    by ``transfer_id``.

    Raises:
        ValueError: ``size`` below 1,000 (too few for the planted structures to be a
            small part of the whole).
    """
    if size < 1_000:
        raise ValueError(f"size: at least 1,000 transfers expected, got {size}")
    rng = np.random.default_rng(seed)
    planted = _planted(rng, max(1, size // 20_000))
    n = size - len(planted["payer"])
    accounts = size // 8
    weight = rng.pareto(1.5, accounts) + 1.0
    cdf = np.cumsum(weight) / weight.sum()
    payer = np.searchsorted(cdf, rng.random(n), side="right").clip(0, accounts - 1)
    ben = np.searchsorted(cdf, rng.random(n), side="right").clip(0, accounts - 1)
    same = payer == ben
    ben[same] = np.searchsorted(cdf, rng.random(int(same.sum())), side="right").clip(
        0, accounts - 1)
    t = rng.integers(0, _YEAR, n)
    cents = np.maximum(1, np.round(rng.lognormal(np.log(15_000), 1.2, n))).astype(np.int64)
    names = list(CURRENCIES)
    currency = rng.choice(len(names), n, p=list(CURRENCIES.values()))
    secs = np.concatenate([t, np.array(planted["t"], dtype=np.int64)]) + _START
    table = pa.table({
        "transfer_id": _ids("T", np.arange(1, size + 1), 10),
        "payer": pa.concat_arrays([_ids("A", payer + 1, 7),
                                   pa.array(planted["payer"], pa.string())]),
        "beneficiary": pa.concat_arrays([_ids("A", ben + 1, 7),
                                         pa.array(planted["beneficiary"], pa.string())]),
        "ts": pa.array(secs * 1_000_000, pa.timestamp("us")),
        "amount": pa.array(np.concatenate([cents, np.array(planted["cents"], np.int64)])
                           / 100.0, pa.float64()),
        "currency": pa.concat_arrays([
            pa.array(np.array(names, dtype=object)[currency], pa.string()),
            pa.array(planted["currency"], pa.string())]),
        "source_id": pa.array(["synthetic"] * size, pa.string()),
        "locator": pa.array([f"row {i}" for i in range(1, size + 1)], pa.string()),
        "planted": pa.concat_arrays([pa.nulls(n, pa.string()),
                                     pa.array(planted["kind"], pa.string())]),
    })
    return table


def write_transfers(path: Path, size: int, seed: int = 27,
                    row_group_size: int = 1 << 20) -> Path:
    """:func:`generate_transfers` written as one Parquet file at ``path`` (parents
    made; written to a temporary name and renamed, so a failed run leaves no half
    file). Returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    pq.write_table(generate_transfers(size, seed), part, row_group_size=row_group_size)
    part.replace(path)
    return path
