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
BACKWARD_POLICY = "poison"
"""The one rule :func:`trace_back` follows funds backward by."""


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
    # balances need the history before the source's first payment (haircut, FIFO), but
    # only of the accounts money from the sources can reach (reach): the others never
    # hold tainted money, so their payments carry none and change no reached balance
    start = datetime.fromisoformat(since) if since else datetime.min
    reached = reach(con, transfers, src, max(first, start), until)
    rows = con.execute(f"""
        SELECT transfer_id, payer, beneficiary, ts, amount, currency, source_id, locator
        FROM {transfers.table} WHERE ts >= $start AND ($until IS NULL OR ts <= $until::TIMESTAMP)
          AND (payer IN (SELECT unnest($reached)) OR beneficiary IN (SELECT unnest($reached)))
        ORDER BY ts, transfer_id""",
        {"start": start, "until": until, "reached": sorted(reached)}).fetchall()
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
            if payer not in hop:  # tainted money that went beyond max_hops: not traced
                continue  # further (its hop is past the limit, not hop 1 again)
            h = hop[payer] + 1
            if h > max_hops:
                continue
            result.flows.append(TaintFlow(tid, payer, ben, ts, amount, cur, round(tainted, 8),
                                          h, source_id, locator))
            if ben not in src:  # reached at the last hop too: its payments go beyond
                hop[ben] = min(hop.get(ben, h), h)
    return result


def reach(con: duckdb.DuckDBPyConnection, transfers: Transfers, sources: set[str],
          start: datetime, until: str | None = None, backward: bool = False) -> set[str]:
    """The accounts money from ``sources`` can reach from ``start`` (to ``until``): the
    sources, and every beneficiary of a payment made after its payer was reached, in
    time order, over any number of hops and across currencies (the poison rule without
    a hop limit). No other account ever holds tainted money under any of the
    :data:`POLICIES`, so :func:`trace` replays only the transfers of these accounts.
    ``backward``: the accounts that can pass money on to ``sources`` (the payers of
    payments into them, latest first, and so on), outside which :func:`trace_back`
    finds nothing. Read as two text columns, without amounts or times (no Python object
    per value that is not needed)."""
    reached = set(sources)
    order = "ts DESC, transfer_id DESC" if backward else "ts, transfer_id"
    cursor = con.execute(f"""
        SELECT payer, beneficiary FROM {transfers.table}
        WHERE ts >= $start AND ($until IS NULL OR ts <= $until::TIMESTAMP)
        ORDER BY {order}""", {"start": start, "until": until})
    while batch := cursor.fetchmany(100_000):
        for payer, beneficiary in batch:
            if backward and beneficiary in reached:
                reached.add(payer)
            elif not backward and payer in reached:
                reached.add(beneficiary)
    return reached


def trace_back(con: duckdb.DuckDBPyConnection, transfers: Transfers, targets: list[str],
               max_hops: int = 5, until: str | None = None,
               since: str | None = None) -> TraceResult:
    """Follow funds backward from ``targets`` (account ids): where the money they
    received may have come from, hop by hop, under the ``poison`` rule read in reverse
    (the widest net, an upper bound, as forward; Möser, Böhme & Breuker, FC 2014).

    Every payment into a target (up to ``until``) is hop 1. A payment into an account
    reached at hop ``h`` counts at hop ``h + 1`` when it came no later than the last
    payment by which that account passed money toward the targets: only money an
    account held before it paid on can have been in that payment. The transfers are
    replayed latest first, so each account's last such time is known when its own
    receipts are read. Per currency, as the balances of ``haircut`` and ``fifo`` are: a
    payment in EUR is never the origin of one in USD (no exchange is traced through).
    Each flow's ``tainted`` is its whole amount (poison), its ``hop`` the distance from
    the targets."""
    tgt = set(targets)
    result = TraceResult(sorted(tgt), BACKWARD_POLICY, max_hops, until)
    start = datetime.fromisoformat(since) if since else datetime.min
    # only payments into accounts that can pass money on to the targets can be traced
    senders = reach(con, transfers, tgt, start, until, backward=True)
    rows = con.execute(f"""
        SELECT transfer_id, payer, beneficiary, ts, amount, currency, source_id, locator
        FROM {transfers.table} WHERE ts >= $start AND ($until IS NULL OR ts <= $until::TIMESTAMP)
          AND beneficiary IN (SELECT unnest($senders))
        ORDER BY ts DESC, transfer_id DESC""",
        {"start": start, "until": until, "senders": sorted(senders)}).fetchall()
    # per (account, currency): the hop it was reached at and the latest time its money
    # went on toward the targets (the targets: any time in range)
    reached: dict[tuple[str, str], tuple[int, datetime]] = {}
    for tid, payer, ben, ts, amount, cur, source_id, locator in rows:
        if ben in tgt:
            h = 1
        else:
            seen = reached.get((ben, cur))
            if seen is None or ts > seen[1]:
                continue
            h = seen[0] + 1
        if h > max_hops or payer in tgt:
            continue
        result.flows.append(TaintFlow(tid, payer, ben, ts, amount, cur, amount, h,
                                      source_id, locator))
        seen = reached.get((payer, cur))  # its latest time comes first (latest first)
        reached[(payer, cur)] = (h, ts) if seen is None else (min(seen[0], h), seen[1])
    result.flows.reverse()  # in time order, as forward
    return result


@dataclass(frozen=True)
class AccountFlows:
    """An account's payments in and out, with the money per currency (``totals``:
    (currency, amount paid and received) pairs, most money first within the account;
    never added across currencies)."""

    account: str
    paid: int
    received: int
    totals: tuple[tuple[str, float], ...]


def busiest_accounts(con: duckdb.DuckDBPyConnection, transfers: Transfers,
                     limit: int) -> tuple[list[AccountFlows], int]:
    """Where a trace may start: the ``limit`` accounts with the most payments in and
    out over ``transfers`` (ordered by their count, since amounts in different
    currencies cannot be ranked against each other; then by id), and how many accounts
    pay or receive at all."""
    rows = con.execute(f"""
        WITH ends AS (
            SELECT payer AS account, 1 AS paid, 0 AS received, currency, amount
            FROM {transfers.table}
            UNION ALL
            SELECT beneficiary, 0, 1, currency, amount FROM {transfers.table}),
        per_currency AS (
            SELECT account, currency, sum(amount) AS amount, sum(paid) AS paid,
                   sum(received) AS received FROM ends GROUP BY ALL)
        SELECT account, sum(paid)::BIGINT, sum(received)::BIGINT,
               list((coalesce(currency, ''), amount) ORDER BY amount DESC),
               count(*) OVER () AS accounts
        FROM per_currency GROUP BY account
        ORDER BY sum(paid) + sum(received) DESC, account LIMIT $limit""",
        {"limit": limit}).fetchall()
    found = [AccountFlows(str(a), int(p), int(r),
                          tuple((str(c["currency"] if isinstance(c, dict) else c[0]),
                                 float(c["amount"] if isinstance(c, dict) else c[1]))
                                for c in totals))
             for a, p, r, totals, _ in rows]
    return found, int(rows[0][4]) if rows else 0


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
