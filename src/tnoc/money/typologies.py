"""Laundering typology detectors: SQL over the transfers, a graph search for cycles.

The structures are the eight of IBM's AMLworld generator (Altman et al., "Realistic
Synthetic Financial Transactions for Anti-Money Laundering Models", NeurIPS 2023),
FAN-IN, FAN-OUT, GATHER-SCATTER, SCATTER-GATHER, CYCLE, BIPARTITE, STACK and RANDOM
(a layered path), plus three classic bank rules: structuring (deposits just under a
reporting threshold, FATF/FinCEN "smurfing"), rapid pass-through (money in and out
again within hours) and, for crypto, peeling chains (:mod:`tnoc.money.peeling`).

**Which transfers the structure rules look at.** Laundering structures are bursts of
transfers between parties that did not deal with each other before; normal activity is
dominated by relationships that recur (salaries, rent, suppliers: AMLSim's periodic
"normal models", Suzumura & Kanezashi 2021). A transfer is *established* when the same
two parties (either direction) transferred within ``lookback_days`` before it but more
than ``window_hours`` earlier, and their first transfer in the lookback is at least
``relationship_days`` old (pairs that met days ago and trade in bursts are not a normal
relationship); structure rules skip established transfers (``skip_established=False``
looks at all). Bursts are further judged against the account's own history
(:func:`_novel_bursts`), and amounts passed on across currencies are compared at given
or implied exchange rates (:mod:`tnoc.money.fx`). With no history before the case's first
transfer every transfer is new, so on a case without history the rules see everything.

Each rule's parameters are in :class:`TypologyParams`; each alert keeps its rule, its
parameters (the run's), the transfers (sub-graph) it rests on and their source rows, and
its money *per currency* (``totals``: amount and transfers for each currency). Amounts
in different currencies are never added up: an alert over US dollars and euros has two
totals, not one meaningless sum (the rates of :mod:`tnoc.money.fx` are for comparing one
hop's legs, not for valuing an alert).

:func:`detect` reads the transfers through their handle
(:class:`tnoc.money.transfers.Transfers`) and returns its alerts as a handle,
:class:`TypologyRun`, naming the run's own temp tables (unique per run); the readers
below (:func:`alert_payload`, :func:`largest_alerts`, :func:`alerted_transfers`) take
that handle, so two runs on one connection never read each other's alerts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import duckdb
import pyarrow as pa

from tnoc.money.alert_keys import key_part
from tnoc.money.currency import NO_CURRENCY, minor_digits
from tnoc.money.fx import PairRate, given_rates, implied_rates
from tnoc.money.transfers import Transfers
from tnoc.money.typology_params import TYPOLOGIES, TypologyParams
from tnoc.money.typology_sets import (
    bipartite_alerts,
    chain_alerts,
    cycle_alerts,
    novel_bursts,
)
from tnoc.query_results import arrow_temp_table, temp_table_name
from tnoc.store.engine import DuckDBEngine, Engine


@dataclass(frozen=True)
class _Scratch:
    """The temp tables of one :func:`detect` run (fresh names per run): the transfers
    read, the working tables, and the alert members the results are built from."""

    transfers: str
    fresh: str
    cand: str
    burst_moves: str
    raw_hops: str
    hops: str
    members: str

    @classmethod
    def new(cls, transfers: str) -> _Scratch:
        return cls(transfers, *(temp_table_name(n) for n in (
            "fresh", "cand", "burst_moves", "raw_hops", "hops", "alert_members")))


@dataclass(frozen=True)
class TypologyRun:
    """Handle on the alerts of one :func:`detect` run on its connection: the temp
    tables it wrote (``alerts_table``: one row per alert; ``alert_transfers_table``:
    alert_id, typology, alert_key, transfer_id; ``alert_totals_table``: money per alert
    and currency; ``candidates_table``: the new transfers of the monitoring period the
    structure rules looked at), the transfers it ran on (``source``), and its figures."""

    params: TypologyParams
    alerts: int
    by_typology: dict[str, int]
    alerted_transfers: int
    candidate_transfers: int
    transfers: int
    source: Transfers
    alerts_table: str
    alert_transfers_table: str
    alert_totals_table: str
    candidates_table: str | None
    """None when the rules ran on another engine than the connection's (Spark)."""
    fx: list[PairRate] = field(default_factory=list)
    """Exchange rates the pass-on rules used, with their origin."""


@dataclass(frozen=True)
class Findings:
    """What the rules found on an engine (:func:`find_alerts`), as values that outlive
    the engine: the alert members (``typology, alert_key, focus, transfer_id``), how many
    transfers were read and how many the structure rules looked at, the exchange rates
    used, and the candidates' table on the engine (kept for the caller; gone with a
    Spark session)."""

    params: TypologyParams
    members: pa.Table
    transfers: int
    candidate_transfers: int
    fx: list[PairRate]
    candidates_table: str | None


def _interval(hours: float) -> str:
    return f"INTERVAL {int(round(hours * 3600))} SECOND"


def candidates_sql(transfers: str, p: TypologyParams) -> str:
    """The SELECT of every transfer of table ``transfers`` but self-transfers, flagged
    ``new`` or established (see the module's docstring), with ``t`` its epoch second.
    One statement in DuckDB's dialect that also runs on Spark
    (:class:`tnoc.store.engine.SparkEngine`; benchmarks/spark.py compares the two)."""
    keep = "true"
    if p.skip_established:
        pair = ("PARTITION BY least(payer, beneficiary), greatest(payer, beneficiary) "
                f"ORDER BY ts RANGE BETWEEN {_interval(p.lookback_days * 24)} PRECEDING AND")
        keep = (f"count(*) OVER ({pair} {_interval(p.window_hours)} PRECEDING) "
                f"< {p.established_min} OR min(ts) OVER ({pair} CURRENT ROW) "
                f"> ts - {_interval(p.relationship_days * 24)}")
    return f"""
        SELECT transfer_id, payer, beneficiary, ts, amount, currency,
               epoch(ts)::BIGINT AS t, {keep} AS new
        FROM {transfers} WHERE payer <> beneficiary"""


def _count(engine: Engine, table: str) -> int:
    return int(engine.fetch_arrow(f"SELECT count(*) AS n FROM {table}")["n"][0].as_py())


def _since(p: TypologyParams) -> dict[str, object]:
    """The monitoring period's start as a statement parameter: naive UTC text
    'YYYY-MM-DD HH:MM:SS' (:func:`~tnoc.money.typology_params.monitoring_start`),
    which ``CAST($since AS TIMESTAMP)`` reads the same on both engines."""
    return {"since": p.since or "0001-01-01 00:00:00"}


def _candidates(engine: Engine, n: _Scratch, p: TypologyParams) -> int:
    """Tables ``n.fresh`` (every transfer but self-transfers, flagged new or
    established, history included: the novelty test reads it) and ``n.cand`` (the new
    transfers of the monitoring period: what the structure rules look at)."""
    engine.create_table(n.fresh, candidates_sql(n.transfers, p))
    engine.create_table(n.cand, f"""
        SELECT * EXCLUDE (new) FROM {n.fresh}
        WHERE new AND ts >= CAST($since AS TIMESTAMP)""", _since(p))
    return _count(engine, n.cand)


def bursts_sql(moves: str, p: TypologyParams) -> str:
    """The SELECT cutting ``moves`` (focus ``f``, counterparty ``cp``, ``dir``, ``ts``,
    ``transfer_id``) into bursts per focus account: a burst goes on while each transfer
    follows the previous within ``window_hours`` (``burst`` numbers them per ``f``)."""
    gap = _interval(p.window_hours)
    return f"""
        WITH m AS ({moves}),
        s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY f ORDER BY ts, transfer_id)
                             <= {gap} THEN 0 ELSE 1 END AS brk FROM m)
        SELECT *, sum(brk) OVER (PARTITION BY f ORDER BY ts, transfer_id
                                 ROWS UNBOUNDED PRECEDING) AS burst FROM s"""


def _bursts(engine: Engine, n: _Scratch, p: TypologyParams, moves: str) -> None:
    """Table ``n.burst_moves``: :func:`bursts_sql` of ``moves``."""
    engine.create_table(n.burst_moves, bursts_sql(moves, p))


def _novel_bursts(engine: Engine, n: _Scratch, p: TypologyParams,
                  typology: str, having: str, history: str) -> None:
    """Alert the bursts of ``n.burst_moves`` that pass ``having`` and are *novel for their
    account*: the account's distinct new counterparties in the burst are improbable
    given how many new counterparties it took on in the ``lookback_days`` before
    (``history``, a SELECT of ``f, cp, ts`` over ``n.fresh``).

    This is break-point analysis (Bolton & Hand, "Unsupervised profiling methods for
    fraud detection", 2001): the account is compared with its own past, not with a
    fixed threshold. New counterparties are taken to arrive as a Poisson process at the
    historical rate; the burst is alerted when P(X >= its count) <= ``novelty_alpha``
    over its duration (at least ``window_hours``). A busy shop that meets new payers
    every day is not a fan-in; a quiet account that suddenly has eight is. With no
    history (a new account, or a case without earlier months) every burst is novel.
    Set-based SQL on any engine: :func:`tnoc.money.typology_sets.novel_bursts`."""
    novel_bursts(engine, n.burst_moves, n.members, p, typology, having, history)


def _burst_alerts(engine: Engine, n: _Scratch, p: TypologyParams,
                  typology: str, focus: str, other: str) -> None:
    """FAN-IN (focus = beneficiary) or FAN-OUT (focus = payer): novel bursts with at
    least ``min_degree`` distinct counterparties."""
    _bursts(engine, n, p, f"SELECT {focus} AS f, {other} AS cp, '' AS dir, ts, transfer_id "
                       f"FROM {n.cand}")
    _novel_bursts(engine, n, p, typology, f"count(DISTINCT cp) >= {p.min_degree}",
                  f"SELECT {focus} AS f, {other} AS cp, ts FROM {n.fresh} WHERE new")


def _hub_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """GATHER-SCATTER: a hub's novel burst with senders and receivers, money out after
    in."""
    _bursts(engine, n, p, "SELECT beneficiary AS f, payer AS cp, 'in' AS dir, ts, transfer_id "
                       f"FROM {n.cand} UNION ALL "
                       f"SELECT payer, beneficiary, 'out', ts, transfer_id FROM {n.cand}")
    _novel_bursts(engine, n, p, "GATHER-SCATTER", f"""
        count(DISTINCT cp) FILTER (WHERE dir = 'in') >= 1
        AND count(DISTINCT cp) FILTER (WHERE dir = 'out') >= 1
        AND count(DISTINCT cp) FILTER (WHERE dir = 'in')
            + count(DISTINCT cp) FILTER (WHERE dir = 'out') >= {p.hub_min_total}
        AND max(ts) FILTER (WHERE dir = 'out') > min(ts) FILTER (WHERE dir = 'in')""",
                  f"SELECT beneficiary AS f, payer AS cp, ts FROM {n.fresh} WHERE new "
                  f"UNION ALL SELECT payer, beneficiary, ts FROM {n.fresh} WHERE new")


def raw_hops_sql(cand: str, p: TypologyParams) -> str:
    """The SELECT of the hops of ``cand`` (:func:`candidates_sql`'s columns): transfer
    a->m followed by m->b within ``window_hours`` (``returns`` when b is a), with the
    ratio of the amount passed on to the amount received."""
    return f"""
        SELECT i.transfer_id AS t_in, o.transfer_id AS t_out, i.payer AS src,
               i.beneficiary AS mid, o.beneficiary AS dst, i.t AS t1, o.t AS t2,
               i.currency AS cur_in, o.currency AS cur_out, o.amount / i.amount AS ratio,
               o.beneficiary = i.payer AS returns
        FROM {cand} i JOIN {cand} o ON o.payer = i.beneficiary
        WHERE o.t > i.t AND o.t - i.t <= {int(p.window_hours * 3600)}"""


def hops_sql(raw_hops: str, fx: str, p: TypologyParams) -> str:
    """The SELECT of the hops of ``raw_hops`` (:func:`raw_hops_sql`) judged against the
    amount tolerance, across currencies at the rates of table ``fx`` (``cur_in``,
    ``cur_out``, ``rate``); a hop with no rate is taken as within the tolerance."""
    return f"""
        WITH g AS (SELECT h.*, h.cur_in = h.cur_out AS same_currency,
                          CASE WHEN h.cur_in = h.cur_out THEN abs(h.ratio - 1)
                               ELSE abs(h.ratio / fx.rate - 1) END AS gap
                   FROM {raw_hops} h LEFT JOIN {fx} fx USING (cur_in, cur_out))
        SELECT * EXCLUDE (gap), coalesce(gap <= {p.amount_tolerance}, true) AS amount_ok,
               coalesce(gap, {p.amount_tolerance}) AS amount_gap
        FROM g"""


def _hops(engine: Engine, n: _Scratch, p: TypologyParams) -> list[PairRate]:
    """Table ``n.hops``: transfer a->m followed by m->b within the window (b may be
    a: ``returns``), with how far the amount passed on is from the amount received
    (``amount_gap``; across currencies at the rate of :mod:`tnoc.money.fx`, and taken
    as within the tolerance when no rate is known). Returns the rates used."""
    engine.create_table(n.raw_hops, raw_hops_sql(n.cand, p))
    if p.fx_rates is not None:
        pairs = engine.fetch_arrow(f"SELECT DISTINCT cur_in, cur_out FROM {n.raw_hops} "
                                   "WHERE cur_in <> cur_out")
        rates = given_rates(p.fx_rates, zip(pairs["cur_in"].to_pylist(),
                                            pairs["cur_out"].to_pylist(), strict=True))
    else:
        cross = engine.fetch_arrow(f"SELECT cur_in, cur_out, ratio FROM {n.raw_hops} "
                                   "WHERE cur_in <> cur_out")
        rates = implied_rates(zip(cross["cur_in"].to_pylist(), cross["cur_out"].to_pylist(),
                                  cross["ratio"].to_pylist(), strict=True))
    table = pa.table({"cur_in": [r.base for r in rates.values()],
                      "cur_out": [r.quote for r in rates.values()],
                      "rate": pa.array([r.rate for r in rates.values()], pa.float64())})
    fx = temp_table_name("fx")
    engine.register_arrow(fx, table)
    try:
        engine.create_table(n.hops, hops_sql(n.raw_hops, fx, p))
    finally:
        engine.drop(fx)
    return sorted(rates.values(), key=lambda r: (r.base, r.quote))


def _scatter_gather_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """SCATTER-GATHER: one source pays several intermediaries who each pay one sink."""
    engine.insert_into(n.members, scatter_gather_sql(n.hops, p))


def scatter_gather_sql(hops: str, p: TypologyParams) -> str:
    """The alert members (typology, alert_key, focus, transfer_id) of SCATTER-GATHER
    over ``hops`` (:func:`hops_sql`)."""
    return f"""
        WITH k AS (SELECT src, dst FROM {hops} WHERE NOT returns GROUP BY 1, 2
                   HAVING count(DISTINCT mid) >= {p.min_degree}),
        m AS (SELECT h.src, h.dst, unnest([h.t_in, h.t_out]) AS transfer_id
              FROM {hops} h JOIN k USING (src, dst) WHERE NOT h.returns)
        SELECT DISTINCT 'SCATTER-GATHER' AS typology,
               'SCATTER-GATHER:' || {key_part('src', '>')} || '>' ||
               {key_part('dst', '>')} AS alert_key, src AS focus,
               transfer_id FROM m"""


def _chain_alerts(engine: Engine, n: _Scratch, chosen: set[str]) -> None:
    """STACK (money passed on once: a chain of two transfers) and RANDOM (a layered
    path: three or more), over *pass-on links*: transfer in, then transfer out of the
    same account within the window and the amount tolerance.

    An account that both receives and pays several times has many candidate links;
    each received transfer is matched to at most one payment out and each payment to
    at most one receipt, closest amount first, then shortest wait (a greedy matching:
    following the money, each sum is passed on once). The chains are the paths of the
    matched links; one that returns to its start is kept (a round trip a->b->a is money
    passed back, and is also a CYCLE). Set-based SQL on any engine:
    :func:`tnoc.money.typology_sets.chain_alerts`."""
    chain_alerts(engine, n.hops, n.members, chosen)


def _cycle_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """CYCLE: new transfers whose ends form a directed cycle of at most
    ``max_cycle_hops`` hops, all within ``cycle_span_hours`` of the first.

    The hops need not be in time order: AMLworld's cycles are not (money goes round
    the accounts, but each account pays on its own schedule, so the last hop can
    precede the first), and a launderer who pre-funds the next hop does the same. For
    each transfer a->b, taken as the cycle's earliest, a breadth-first search looks for
    the shortest way from b back to a over transfers in the span that follow it, so
    every cycle is found from its first transfer; a cycle found twice is kept once.
    Set-based SQL on any engine: :func:`tnoc.money.typology_sets.cycle_alerts`."""
    cycle_alerts(engine, n.cand, n.members, p)


def _bipartite_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """BIPARTITE: a connected group of new transfers in which no account both pays and
    is paid, with at least ``min_degree`` payers and receivers and not a single star
    (:func:`tnoc.money.typology_sets.bipartite_alerts`)."""
    bipartite_alerts(engine, n.cand, n.members, p)


def _structuring_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """STRUCTURING: ``structuring_min_count`` or more transfers into one account within
    ``structuring_days``, each just under the reporting threshold (all transfers, new or
    established: smurfs pay into known accounts)."""
    sql, params = structuring_sql(n.transfers, p)
    engine.insert_into(n.members, sql, params)


def structuring_sql(transfers: str, p: TypologyParams) -> tuple[str, dict[str, object]]:
    """The alert members (typology, alert_key, focus, transfer_id) of STRUCTURING over
    table ``transfers``, and the statement's parameters."""
    low = p.structuring_threshold * (1 - p.structuring_margin)
    gap = _interval(p.structuring_days * 24)
    return f"""
        WITH u AS (SELECT * FROM {transfers} WHERE currency IN $currencies
                   AND amount >= {low} AND amount < {p.structuring_threshold}
                   AND ts >= CAST($since AS TIMESTAMP)),
        s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY beneficiary
                                                     ORDER BY ts, transfer_id)
                                  <= {gap} THEN 0 ELSE 1 END AS brk FROM u),
        g AS (SELECT *, sum(brk) OVER (PARTITION BY beneficiary ORDER BY ts, transfer_id
                                       ROWS UNBOUNDED PRECEDING) AS burst FROM s),
        k AS (SELECT beneficiary, burst FROM g GROUP BY 1, 2
              HAVING count(*) >= {p.structuring_min_count})
        SELECT 'STRUCTURING' AS typology, 'STRUCTURING:' || beneficiary || ':' || burst
               AS alert_key, beneficiary AS focus, transfer_id
        FROM g JOIN k USING (beneficiary, burst)""", {
        "currencies": list(p.structuring_currencies), **_since(p)}


def _pass_through_alerts(engine: Engine, n: _Scratch, p: TypologyParams) -> None:
    """PASS-THROUGH: an account passes on what it received (same currency, within the
    tolerance) within ``pass_through_hours``."""
    engine.insert_into(n.members, pass_through_sql(n.hops, p))


def pass_through_sql(hops: str, p: TypologyParams) -> str:
    """The alert members (typology, alert_key, focus, transfer_id) of PASS-THROUGH over
    ``hops`` (:func:`hops_sql`)."""
    return f"""
        SELECT DISTINCT 'PASS-THROUGH' AS typology,
               'PASS-THROUGH:' || mid || ':' || min(t1) OVER (PARTITION BY mid) AS alert_key,
               mid AS focus, unnest([t_in, t_out]) AS transfer_id
        FROM {hops} WHERE same_currency AND amount_ok
          AND t2 - t1 <= {int(p.pass_through_hours * 3600)}"""


def detect(con: duckdb.DuckDBPyConnection, transfers: Transfers,
           params: TypologyParams | None = None) -> TypologyRun:
    """Run the chosen rules over ``transfers`` (the handle of
    :func:`tnoc.money.transfers.build_transfers`) on the case's DuckDB connection;
    returns the run's handle, naming fresh temp tables with its alerts (one row per
    alert) and their transfers. :func:`find_alerts` then :func:`assemble_run`."""
    p = params or TypologyParams()
    return assemble_run(con, transfers, find_alerts(DuckDBEngine(con), transfers.table, p))


MEMBER_COLUMNS = ("typology", "alert_key", "focus", "transfer_id")
"""The columns of the alert members every rule appends (all text)."""


def find_alerts(engine: Engine, transfers: str, params: TypologyParams | None = None
                ) -> Findings:
    """Run the chosen rules over table ``transfers`` (the transfers' columns) on
    ``engine``: the case's DuckDB connection or Spark reading the case's lake
    (``transfers_stored``), the same DuckDB-dialect statements on both (issue #27).
    Returns the alert members as values (:class:`Findings`); the scratch tables are
    dropped but the candidates (``candidates_table``)."""
    p = params or TypologyParams()
    unknown = set(p.typologies) - set(TYPOLOGIES)
    if unknown:
        raise ValueError(f"unknown typologies {sorted(unknown)}; choose from {TYPOLOGIES}")
    n = _Scratch.new(transfers)
    engine.create_table(n.members, "SELECT " + ", ".join(
        f"CAST(NULL AS VARCHAR) AS {c}" for c in MEMBER_COLUMNS) + " WHERE false")
    total = _count(engine, n.transfers)
    n_cand = _candidates(engine, n, p)
    fx: list[PairRate] = []
    chosen = set(p.typologies)
    if "FAN-IN" in chosen:
        _burst_alerts(engine, n, p, "FAN-IN", "beneficiary", "payer")
    if "FAN-OUT" in chosen:
        _burst_alerts(engine, n, p, "FAN-OUT", "payer", "beneficiary")
    if "GATHER-SCATTER" in chosen:
        _hub_alerts(engine, n, p)
    if chosen & {"SCATTER-GATHER", "STACK", "RANDOM", "PASS-THROUGH"}:
        fx = _hops(engine, n, p)
    if "SCATTER-GATHER" in chosen:
        _scatter_gather_alerts(engine, n, p)
    if chosen & {"STACK", "RANDOM"}:
        _chain_alerts(engine, n, chosen)
    if "CYCLE" in chosen:
        _cycle_alerts(engine, n, p)
    if "BIPARTITE" in chosen:
        _bipartite_alerts(engine, n, p)
    if "STRUCTURING" in chosen:
        _structuring_alerts(engine, n, p)
    if "PASS-THROUGH" in chosen:
        _pass_through_alerts(engine, n, p)
    members = engine.fetch_arrow(f"SELECT DISTINCT {', '.join(MEMBER_COLUMNS)} "
                                 f"FROM {n.members}")
    for scratch in (n.fresh, n.burst_moves, n.raw_hops, n.hops, n.members):
        engine.drop(scratch)
    return Findings(p, members, total, n_cand, fx, n.cand)


def assemble_run(con: duckdb.DuckDBPyConnection, transfers: Transfers,
                 found: Findings) -> TypologyRun:
    """The alerts of ``found`` (:func:`find_alerts`, on any engine) over ``transfers``
    (the same transfers, read on the case's connection ``con``) as a
    :class:`TypologyRun`: numbered by typology and key, with their transfers, money per
    currency, ends, times and source rows. On DuckDB whichever engine found them, so a
    Spark run is kept exactly as a DuckDB one."""
    members = arrow_temp_table(con, "alert_members", found.members)
    alert_transfers = temp_table_name("alert_transfers")
    alert_totals = temp_table_name("alert_totals")
    alerts = temp_table_name("alerts")
    con.execute(f"""
        CREATE TEMP TABLE {alert_transfers} AS
        SELECT DISTINCT dense_rank() OVER (ORDER BY typology, alert_key) AS alert_id,
               typology, alert_key, transfer_id
        FROM {members}""")
    # money is totalled per currency, never across: USD and EUR are two totals
    con.execute(f"CREATE TEMP TABLE {alert_totals} AS "
                f"{alert_totals_sql(alert_transfers, transfers.table)}")
    con.execute(f"""
        CREATE TEMP TABLE {alerts} AS
        SELECT a.alert_id, a.typology, any_value(m.focus) AS focus,
               count(DISTINCT a.transfer_id) AS transfers,
               count(DISTINCT t.payer) + count(DISTINCT t.beneficiary) AS ends,
               list(DISTINCT t.payer ORDER BY t.payer) AS payers,
               list(DISTINCT t.beneficiary ORDER BY t.beneficiary) AS beneficiaries,
               min(t.ts) AS first_ts, max(t.ts) AS last_ts,
               any_value(c.totals) AS totals,
               list(DISTINCT t.source_id ORDER BY t.source_id) AS source_ids
        FROM {alert_transfers} a JOIN {transfers.table} t USING (transfer_id)
        LEFT JOIN (SELECT alert_key, any_value(focus) AS focus FROM {members} GROUP BY 1) m
               USING (alert_key)
        JOIN (SELECT alert_id,
                     list({{'currency': currency, 'amount': amount, 'transfers': transfers}}
                          ORDER BY currency) AS totals
              FROM {alert_totals} GROUP BY 1) c USING (alert_id)
        GROUP BY a.alert_id, a.typology""")
    con.execute(f"DROP TABLE IF EXISTS {members}")
    by_typ = dict(con.execute(
        f"SELECT typology, count(*) FROM {alerts} GROUP BY 1 ORDER BY 1").fetchall())
    alerted = int(con.execute(
        f"SELECT count(DISTINCT transfer_id) FROM {alert_transfers}").fetchall()[0][0])
    n_alerts = int(con.execute(f"SELECT count(*) FROM {alerts}").fetchall()[0][0])
    return TypologyRun(found.params, n_alerts, by_typ, alerted, found.candidate_transfers,
                       found.transfers, transfers, alerts, alert_transfers, alert_totals,
                       found.candidates_table, found.fx)


EXACT_MONEY = "DECIMAL(38, 8)"
"""The type money is summed in: a float sum depends on the order of its terms, which
differs between engines and between runs of one parallel engine (issue #27); amounts
rounded to 8 decimals (a satoshi; every ISO 4217 minor unit is coarser) and summed as
DECIMAL give one answer, turned into a float once at the end."""


def alert_totals_sql(alert_transfers: str, transfers: str) -> str:
    """The SELECT of each alert's money per currency (``alert_id, currency, amount,
    transfers``) from ``alert_transfers`` (alert_id, transfer_id) and ``transfers``:
    the amounts summed exactly (:data:`EXACT_MONEY`), never across currencies."""
    return f"""
        SELECT a.alert_id, t.currency,
               sum(t.amount::{EXACT_MONEY})::DOUBLE AS amount, count(*) AS transfers
        FROM (SELECT DISTINCT alert_id, transfer_id FROM {alert_transfers}) a
        JOIN {transfers} t USING (transfer_id)
        GROUP BY 1, 2"""


def alert_payload(con: duckdb.DuckDBPyConnection, run: TypologyRun) -> dict[str, object]:
    """The run as JSON: parameters, counts, and every alert with its transfers and rows."""
    alerts = []
    members = defaultdict(list)
    for alert_id, tid, src, loc in con.execute(f"""
            SELECT a.alert_id, a.transfer_id, t.source_id, t.locator
            FROM {run.alert_transfers_table} a JOIN {run.source.table} t USING (transfer_id)
            ORDER BY 1, 2""").fetchall():
        members[alert_id].append({"transfer": tid, "source": src, "locator": loc})
    for (alert_id, typ, focus, n, first_ts, last_ts, totals) in con.execute(f"""
            SELECT alert_id, typology, focus, transfers, first_ts, last_ts, totals
            FROM {run.alerts_table} ORDER BY alert_id""").fetchall():
        kept = money_totals(totals)
        alerts.append({"alert": int(alert_id), "typology": typ, "focus": focus,
                       "transfers": members[alert_id], "count": int(n),
                       "first": _iso(first_ts), "last": _iso(last_ts),
                       "currencies": [t["currency"] for t in kept], "totals": kept})
    return {"parameters": run.params.as_dict(), "transfers": run.transfers,
            "candidate_transfers": run.candidate_transfers, "alerts": alerts,
            "fx_rates_used": [r.as_dict() for r in run.fx],
            "by_typology": run.by_typology}


class AlertRow(NamedTuple):
    """One alert of a :func:`detect` run: its number, rule, focal account, how
    many transfers it rests on, first and last time, and the money per currency (the
    rows :func:`money_totals` reads)."""

    alert_id: int
    typology: str
    focus: str | None
    transfers: int
    first_ts: object
    last_ts: object
    totals: list[dict[str, object]] | None


class AlertedTransfer(NamedTuple):
    """One transfer an alert of a :func:`detect` run rests on, with the file and
    row it was read from."""

    alert_id: int
    typology: str
    transfer_id: str
    payer: str
    beneficiary: str
    ts: object
    amount: float
    currency: str
    file_name: str | None
    locator: str | None


def largest_alerts(con: duckdb.DuckDBPyConnection, run: TypologyRun,
                   limit: int | None = None) -> list[AlertRow]:
    """The alerts of ``run`` (a :func:`detect` handle), the most transfers first (ties
    by alert number), the first ``limit`` (None: all)."""
    return [AlertRow(*r) for r in con.execute(f"""
        SELECT alert_id, typology, focus, transfers, first_ts, last_ts, totals
        FROM {run.alerts_table} ORDER BY transfers DESC, alert_id LIMIT $n""",
        {"n": 2**62 if limit is None else limit}).fetchall()]


def alerted_transfers(con: duckdb.DuckDBPyConnection,
                      run: TypologyRun) -> list[AlertedTransfer]:
    """Every transfer of every alert of ``run`` (a :func:`detect` handle), by alert and
    time, with its source file and row: the detail an alert is checked against."""
    return [AlertedTransfer(*r) for r in con.execute(f"""
        SELECT a.alert_id, a.typology, t.transfer_id, t.payer, t.beneficiary, t.ts,
               t.amount, t.currency, s.file_name, t.locator
        FROM {run.alert_transfers_table} a JOIN {run.source.table} t USING (transfer_id)
        LEFT JOIN sources s ON s.source_id = t.source_id
        ORDER BY 1, t.ts, t.transfer_id""").fetchall()]


def money_totals(totals: list[dict[str, object]] | None) -> list[dict[str, object]]:
    """An alert's ``totals`` (one row per currency: currency, amount, transfers) as kept
    in the run's JSON: amounts rounded to the currency's minor unit (8 places for
    crypto), a missing currency written as :data:`NO_CURRENCY`. Never one mixed sum."""
    out: list[dict[str, object]] = []
    for row in totals or []:
        code = str(row["currency"] or "") or NO_CURRENCY
        amount, transfers = row["amount"], row["transfers"]
        out.append({"currency": code,
                    "amount": round(float(str(amount or 0)), minor_digits(code)),
                    "transfers": int(str(transfers or 0))})
    return out


def _iso(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None if value is None else str(value)


def load_attempt_truth(con: duckdb.DuckDBPyConnection) -> int:
    """Temp table ``truth`` (att, typ, transfer_id): the payments of the labelled
    ``LaunderingAttempt`` entities in the store (AMLworld, SAML-D), to measure the rules
    against. Returns the number of attempts."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE truth AS
        SELECT a.canonical_id AS att, ty.value AS typ, p.value AS transfer_id
        FROM statements a
        JOIN statements p ON p.canonical_id = a.canonical_id AND p.prop = 'payments'
        JOIN statements ty ON ty.canonical_id = a.canonical_id AND ty.prop = 'typology'
        WHERE a.schema = 'LaunderingAttempt' AND a.prop = 'id'""")
    return int(con.execute("SELECT count(DISTINCT att) FROM truth").fetchall()[0][0])


def identifiable_attempts(con: duckdb.DuckDBPyConnection, transfers: Transfers) -> None:
    """Temp table ``identifiable`` (att, typ, ok): whether each attempt of ``truth`` shows
    its typology's defining structure in its own transfers (``transfers``, the handle of
    :func:`tnoc.money.transfers.build_transfers`). AMLworld files one-transfer
    attempts under FAN-IN, FAN-OUT, BIPARTITE and RANDOM, and its BIPARTITE attempts are
    matchings (no account twice): no rule can tell these from the transfers, so recall
    is measured over all attempts and over these (docs/money.md)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE identifiable AS
        WITH t AS (SELECT tr.att, tr.typ, x.payer, x.beneficiary
                   FROM truth tr JOIN {transfers.table} x USING (transfer_id)),
        acc AS (SELECT att, typ, a, count(DISTINCT cp) FILTER (WHERE dir = 'in') AS n_in,
                       count(DISTINCT cp) FILTER (WHERE dir = 'out') AS n_out
                FROM (SELECT att, typ, beneficiary AS a, payer AS cp, 'in' AS dir FROM t
                      UNION ALL SELECT att, typ, payer, beneficiary, 'out' FROM t)
                GROUP BY ALL),
        per AS (SELECT att, any_value(typ) AS typ, max(n_in) AS max_in,
                       max(n_out) AS max_out,
                       count(*) FILTER (WHERE n_in > 0 AND n_out > 0) AS mids,
                       max(n_in + n_out) FILTER (WHERE n_in > 0 AND n_out > 0) AS hub,
                       count(*) FILTER (WHERE n_in = 0) AS sources,
                       count(*) FILTER (WHERE n_out = 0) AS sinks
                FROM acc GROUP BY att),
        n AS (SELECT att, count(*) AS transfers FROM truth GROUP BY att)
        SELECT att, typ, CASE typ
            WHEN 'FAN-IN' THEN max_in >= 2
            WHEN 'FAN-OUT' THEN max_out >= 2
            WHEN 'GATHER-SCATTER' THEN coalesce(hub, 0) >= 4
            WHEN 'SCATTER-GATHER' THEN sources = 1 AND sinks = 1 AND mids >= 2
            WHEN 'CYCLE' THEN true
            WHEN 'BIPARTITE' THEN mids = 0 AND (max_in >= 2 OR max_out >= 2)
            WHEN 'STACK' THEN mids >= 1
            WHEN 'RANDOM' THEN transfers >= 3
            ELSE false END AS ok
        FROM per JOIN n USING (att)""")


__all__ = ["TYPOLOGIES", "AlertRow", "AlertedTransfer", "Findings", "TypologyParams",
           "TypologyRun", "alert_payload", "alerted_transfers", "assemble_run", "detect",
           "find_alerts", "identifiable_attempts",
           "largest_alerts", "load_attempt_truth", "money_totals"]
