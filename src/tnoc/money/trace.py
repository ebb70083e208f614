"""Following funds from a source: taint tracing under a stated policy, and exposure.

Tracing replays the transfers in time order (from ``since``, else from the first, so
balances include what accounts held before), up to ``until`` and ``max_hops``, and says
how much of each transfer is *tainted* (comes from the source) under one of three
policies (Möser, Böhme & Breuker, "Towards Risk Scoring of Bitcoin Transactions",
FC 2014; Anderson et al., "Bitcoin Redemption", 2019):

* ``poison``: anything paid by an account that has received tainted funds is tainted in
  full (the widest net: an upper bound);
* ``haircut``: an account's payments carry taint in proportion to the tainted share of
  its balance (taint is diluted, never lost);
* ``fifo``: an account pays out its receipts first in, first out; a payment is tainted
  by the tainted receipts it uses up.

Balances are kept per currency (EUR in, USD out is not traced through an exchange); money
paid beyond what the account is seen to have received is of unknown origin and counted
clean. The source accounts' own payments are fully tainted.

Exposure (direct, one hop): the share of an account's received value that came from
attributed illicit accounts and of its paid value that went to them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from tnoc.money.currency import minor_digits
from tnoc.money.transfers import Transfers

POLICIES = ("poison", "haircut", "fifo")


@dataclass
class TaintFlow:
    transfer_id: str
    payer: str
    beneficiary: str
    ts: datetime
    amount: float
    currency: str
    tainted: float
    hop: int
    source_id: str | None
    locator: str | None


@dataclass
class TraceResult:
    sources: list[str]
    policy: str
    max_hops: int
    until: str | None
    flows: list[TaintFlow] = field(default_factory=list)

    def destinations(self) -> list[dict[str, object]]:
        """Tainted value received per account and currency (never summed across
        currencies; amounts rounded to the currency's minor unit, 8 places for crypto),
        nearest hop first."""
        agg: dict[tuple[str, str], dict[str, float]] = {}
        for f in self.flows:
            key = (f.beneficiary, f.currency)
            a = agg.setdefault(key, {"tainted": 0.0, "received": 0.0, "hop": float(f.hop)})
            a["tainted"] += f.tainted
            a["received"] += f.amount
            a["hop"] = min(a["hop"], f.hop)
        rows = [{"account": k[0], "currency": k[1],
                 "tainted": round(v["tainted"], minor_digits(k[1])),
                 "received_in_tainted_transfers": round(v["received"], minor_digits(k[1])),
                 "hop": int(v["hop"])} for k, v in agg.items()]
        return sorted(rows, key=lambda r: (r["hop"], -float(r["tainted"])))  # type: ignore[arg-type]


def trace(con: duckdb.DuckDBPyConnection, transfers: Transfers, sources: list[str],
          policy: str = "haircut", max_hops: int = 5, until: str | None = None,
          since: str | None = None) -> TraceResult:
    """Trace funds from ``sources`` (account ids) over ``transfers`` (the handle of
    :func:`tnoc.money.transfers.build_transfers`)."""
    if policy not in POLICIES:
        raise ValueError(f"policy {policy!r}: choose one of {', '.join(POLICIES)}")
    src = set(sources)
    first = con.execute(f"SELECT min(ts) FROM {transfers.table} WHERE payer IN $s",
                        {"s": sorted(src)}).fetchall()[0][0]
    result = TraceResult(sorted(src), policy, max_hops, until)
    if first is None:
        return result
    # balances need the history before the source's first payment (haircut, FIFO)
    start = datetime.fromisoformat(since) if since else datetime.min
    rows = con.execute(f"""
        SELECT transfer_id, payer, beneficiary, ts, amount, currency, source_id, locator
        FROM {transfers.table} WHERE ts >= $start AND ($until IS NULL OR ts <= $until::TIMESTAMP)
        ORDER BY ts, transfer_id""", {"start": start, "until": until}).fetchall()
    hop: dict[str, int] = dict.fromkeys(src, 0)
    total: dict[tuple[str, str], float] = defaultdict(float)
    dirty: dict[tuple[str, str], float] = defaultdict(float)
    queue: dict[tuple[str, str], deque[list[float]]] = defaultdict(deque)
    for tid, payer, ben, ts, amount, cur, source_id, locator in rows:
        key = (payer, cur)
        if policy == "haircut":
            bal = total[key]
            share = dirty[key] / bal if bal > 0 else 0.0
            covered = min(amount, bal)
            tainted = covered * share
            total[key] = bal - covered
            dirty[key] = max(dirty[key] - tainted, 0.0)
        elif policy == "fifo":
            need, tainted = amount, 0.0
            q = queue[key]
            while need > 1e-9 and q:
                lot = q[0]
                use = min(need, lot[0])
                tainted += use * lot[1]
                lot[0] -= use
                need -= use
                if lot[0] <= 1e-9:
                    q.popleft()
        else:  # poison
            tainted = amount if payer in hop else 0.0
        if payer in src:
            tainted = amount
        # credit the beneficiary (only the state the policy reads)
        bkey = (ben, cur)
        if policy == "haircut":
            total[bkey] += amount
            dirty[bkey] += tainted
        elif policy == "fifo":
            queue[bkey].append([amount, tainted / amount if amount else 0.0])
        if tainted > 1e-9:
            h = hop.get(payer, 0) + 1
            if h > max_hops:
                continue
            result.flows.append(TaintFlow(tid, payer, ben, ts, amount, cur, round(tainted, 8),
                                          h, source_id, locator))
            if ben not in src and h < max_hops:
                hop[ben] = min(hop.get(ben, h), h)
    return result


def exposure(con: duckdb.DuckDBPyConnection, transfers: Transfers, illicit: list[str],
             accounts: list[str] | None = None) -> list[dict[str, object]]:
    """Direct exposure of accounts to ``illicit`` ones over ``transfers`` (the handle of
    :func:`tnoc.money.transfers.build_transfers`), per currency: share of value
    received from them and share of value paid to them."""
    rows = con.execute(f"""
        WITH x AS (
            SELECT beneficiary AS account, currency, amount AS v_in, 0.0 AS v_out,
                   payer IN $bad AS bad FROM {transfers.table}
            UNION ALL
            SELECT payer, currency, 0.0, amount, beneficiary IN $bad FROM {transfers.table})
        SELECT account, currency,
               sum(v_in) FILTER (WHERE bad) / nullif(sum(v_in), 0) AS share_in,
               sum(v_out) FILTER (WHERE bad) / nullif(sum(v_out), 0) AS share_out,
               sum(v_in) FILTER (WHERE bad) AS from_illicit,
               sum(v_out) FILTER (WHERE bad) AS to_illicit,
               sum(v_in) AS received, sum(v_out) AS paid
        FROM x WHERE ($acc IS NULL OR account IN $acc)
        GROUP BY 1, 2
        HAVING bool_or(bad)
        ORDER BY greatest(coalesce(share_in, 0), coalesce(share_out, 0)) DESC, 1""",
        {"bad": sorted(illicit) or [""], "acc": accounts}).fetchall()
    cols = ("account", "currency", "share_in", "share_out", "from_illicit", "to_illicit",
            "received", "paid")
    return [dict(zip(cols, r, strict=True)) for r in rows]
