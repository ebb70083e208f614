"""Laundering typology detectors: SQL over ``transfers``, a graph walk for cycles.

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
than ``window_hours`` earlier; structure rules skip established transfers
(``skip_established=False`` looks at all). With no history before the case's first
transfer every transfer is new, so on a case without history the rules see everything.

Each rule's parameters are in :class:`TypologyParams`; each alert keeps its rule, its
parameters (the run's), the transfers (sub-graph) it rests on and their source rows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

TYPOLOGIES = ("FAN-IN", "FAN-OUT", "GATHER-SCATTER", "SCATTER-GATHER", "CYCLE", "BIPARTITE",
              "STACK", "RANDOM", "STRUCTURING", "PASS-THROUGH")


@dataclass(frozen=True)
class TypologyParams:
    """Documented parameters of every rule (defaults fit AMLworld's attempts, which span
    at most about six days; see docs/money.md)."""

    window_hours: float = 144.0
    """Fan-in/out and hubs: transfers of one account belong to one burst while each
    follows the previous within this many hours. Also the longest wait between the
    hops of a scatter-gather, layered path or stack."""
    min_degree: int = 2
    """Fan-in/out: distinct counterparties in a burst; scatter-gather: intermediaries."""
    hub_min_total: int = 4
    """Gather-scatter: distinct senders + distinct receivers of the hub (each >= 1)."""
    max_cycle_hops: int = 12
    cycle_span_hours: float = 336.0
    """Cycle: hops in time order, first to last within this many hours."""
    amount_tolerance: float = 0.25
    """Layered path / stack / pass-through: the amount passed on is within this share of
    the amount received (compared only when both are in the same currency)."""
    lookback_days: float = 60.0
    established_min: int = 1
    """A pair is established after this many transfers in the lookback (older than the
    window)."""
    skip_established: bool = True
    since: str | None = None
    """Monitoring period start (ISO date): rules alert only on transfers from then on;
    earlier transfers serve as history (what is established)."""
    structuring_threshold: float = 10_000.0
    structuring_margin: float = 0.10
    """Structuring: amounts in [threshold x (1 - margin), threshold)."""
    structuring_min_count: int = 3
    structuring_days: float = 7.0
    structuring_currencies: tuple[str, ...] = ("USD", "EUR", "GBP")
    pass_through_hours: float = 24.0
    typologies: tuple[str, ...] = field(default=TYPOLOGIES)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class TypologyRun:
    """Alerts of one run: ``alerts`` and ``alert_transfers`` are temp tables."""

    params: TypologyParams
    alerts: int
    by_typology: dict[str, int]
    alerted_transfers: int
    candidate_transfers: int
    transfers: int


def _interval(hours: float) -> str:
    return f"INTERVAL {int(round(hours * 3600))} SECOND"


def _candidates(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> int:
    """Temp table ``cand``: the transfers structure rules look at, with int account ids."""
    keep = "true"
    if p.skip_established:
        keep = (f"count(*) OVER (PARTITION BY least(payer, beneficiary), greatest(payer, "
                f"beneficiary) ORDER BY ts RANGE BETWEEN {_interval(p.lookback_days * 24)} "
                f"PRECEDING AND {_interval(p.window_hours)} PRECEDING) < {p.established_min}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE cand AS
        SELECT transfer_id, payer, beneficiary, ts, amount, currency,
               epoch(ts)::BIGINT AS t
        FROM (SELECT *, {keep} AS fresh FROM transfers WHERE payer <> beneficiary)
        WHERE fresh AND ts >= $since""", {"since": p.since or "0001-01-01"})
    return int(con.execute("SELECT count(*) FROM cand").fetchall()[0][0])


def _burst_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams, typology: str,
                  focus: str, other: str) -> None:
    """FAN-IN (focus = beneficiary) or FAN-OUT (focus = payer): bursts with at least
    ``min_degree`` distinct counterparties."""
    gap = _interval(p.window_hours)
    con.execute(f"""
        INSERT INTO alert_members
        WITH s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY {focus} ORDER BY ts)
                                       <= {gap} THEN 0 ELSE 1 END AS brk FROM cand),
        g AS (SELECT *, sum(brk) OVER (PARTITION BY {focus} ORDER BY ts, transfer_id
                                       ROWS UNBOUNDED PRECEDING) AS burst FROM s),
        k AS (SELECT {focus} AS f, burst FROM g GROUP BY 1, 2
              HAVING count(DISTINCT {other}) >= {p.min_degree})
        SELECT '{typology}', '{typology}:' || g.{focus} || ':' || g.burst, g.{focus},
               g.transfer_id
        FROM g JOIN k ON k.f = g.{focus} AND k.burst = g.burst""")


def _hub_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """GATHER-SCATTER: a hub's burst with senders and receivers, money out after in."""
    gap = _interval(p.window_hours)
    con.execute(f"""
        INSERT INTO alert_members
        WITH h AS (SELECT beneficiary AS hub, payer AS cp, 'in' AS dir, ts, transfer_id FROM cand
                   UNION ALL
                   SELECT payer, beneficiary, 'out', ts, transfer_id FROM cand),
        s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY hub ORDER BY ts) <= {gap}
                             THEN 0 ELSE 1 END AS brk FROM h),
        g AS (SELECT *, sum(brk) OVER (PARTITION BY hub ORDER BY ts, transfer_id
                                       ROWS UNBOUNDED PRECEDING) AS burst FROM s),
        k AS (SELECT hub, burst FROM g GROUP BY 1, 2
              HAVING count(DISTINCT cp) FILTER (WHERE dir = 'in') >= 1
                 AND count(DISTINCT cp) FILTER (WHERE dir = 'out') >= 1
                 AND count(DISTINCT cp) FILTER (WHERE dir = 'in')
                     + count(DISTINCT cp) FILTER (WHERE dir = 'out') >= {p.hub_min_total}
                 AND max(ts) FILTER (WHERE dir = 'out') > min(ts) FILTER (WHERE dir = 'in'))
        SELECT 'GATHER-SCATTER', 'GATHER-SCATTER:' || g.hub || ':' || g.burst, g.hub,
               g.transfer_id
        FROM g JOIN k USING (hub, burst)""")


def _hops(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """Temp table ``hops``: transfer a->m followed by m->b within the window."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE hops AS
        SELECT i.transfer_id AS t_in, o.transfer_id AS t_out, i.payer AS src,
               i.beneficiary AS mid, o.beneficiary AS dst, i.t AS t1, o.t AS t2,
               i.currency = o.currency AS same_currency,
               CASE WHEN i.currency = o.currency
                    THEN abs(o.amount / i.amount - 1) <= {p.amount_tolerance}
                    ELSE true END AS amount_ok
        FROM cand i JOIN cand o ON o.payer = i.beneficiary
        WHERE o.t > i.t AND o.t - i.t <= {int(p.window_hours * 3600)}
          AND o.beneficiary <> i.payer""")


def _scatter_gather_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """SCATTER-GATHER: one source pays several intermediaries who each pay one sink."""
    con.execute(f"""
        INSERT INTO alert_members
        WITH k AS (SELECT src, dst FROM hops GROUP BY 1, 2
                   HAVING count(DISTINCT mid) >= {p.min_degree}),
        m AS (SELECT h.src, h.dst, unnest([h.t_in, h.t_out]) AS transfer_id
              FROM hops h JOIN k USING (src, dst))
        SELECT DISTINCT 'SCATTER-GATHER', 'SCATTER-GATHER:' || src || '>' || dst, src,
               transfer_id FROM m""")


def _indexed(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer ends of ``pairs`` (for scipy) and the names by index."""
    ids: dict[str, int] = {}
    for a, b in pairs:
        ids.setdefault(a, len(ids))
        ids.setdefault(b, len(ids))
    src = np.fromiter((ids[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((ids[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    return src, dst, np.array(list(ids), dtype=object)


def _weak_components(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    graph = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    return np.asarray(connected_components(graph, directed=False)[1])


def _chain_alerts(con: duckdb.DuckDBPyConnection, chosen: set[str]) -> None:
    """STACK (a pass-on chain of two transfers) and RANDOM (a layered path of three or
    more): chains of transfers, each passed on within the window and the tolerance,
    with no branching (branching structures are the other rules' business)."""
    links = con.execute("SELECT t_in, t_out FROM hops WHERE amount_ok").fetchall()
    if not links:
        return
    src, dst, names = _indexed(links)
    n = len(names)
    label = _weak_components(src, dst, n)
    branching = np.zeros(label.max() + 1, dtype=bool)
    np.logical_or.at(branching, label,
                     (np.bincount(src, minlength=n) > 1) | (np.bincount(dst, minlength=n) > 1))
    size = np.bincount(label)
    rows: list[tuple[str, str, str | None, str]] = []
    for node in range(n):
        comp = label[node]
        typology = "STACK" if size[comp] == 2 else "RANDOM"
        if not branching[comp] and typology in chosen:
            rows.append((typology, f"{typology}:chain{comp}", None, names[node]))
    _append_members(con, rows)


def _append_members(con: duckdb.DuckDBPyConnection,
                    rows: list[tuple[str, str, str | None, str]]) -> None:
    if not rows:
        return
    table_rows = pa.table({"typology": [r[0] for r in rows], "alert_key": [r[1] for r in rows],
                           "focus": pa.array([r[2] for r in rows], pa.string()),
                           "transfer_id": [r[3] for r in rows]})
    con.register("_members", table_rows)
    try:
        con.execute("INSERT INTO alert_members SELECT * FROM _members")
    finally:
        con.unregister("_members")


def _cycle_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """CYCLE: transfers in time order that return to where they started, within
    ``max_cycle_hops`` and ``cycle_span_hours``. Depth-first from each transfer over the
    transfers that leave its end later (time-respecting paths, Kempe et al. 2002)."""
    rows = con.execute(
        "SELECT transfer_id, payer, beneficiary, t FROM cand ORDER BY t").fetchall()
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for tid, a, b, t in rows:
        out[a].append((t, b, tid))
    span = int(p.cycle_span_hours * 3600)
    found: dict[frozenset[str], tuple[str, list[str]]] = {}
    for tid, start, first_dst, t0 in rows:
        limit = t0 + span
        stack: list[tuple[str, int, list[str], set[str]]] = [
            (first_dst, t0, [tid], {start, first_dst})]
        while stack:
            node, t_last, path, seen = stack.pop()
            for t, nxt, tid2 in out.get(node, ()):
                if t <= t_last or t > limit:
                    continue
                if nxt == start:
                    cycle = [*path, tid2]
                    found.setdefault(frozenset(cycle), (start, cycle))
                elif nxt not in seen and len(path) + 1 < p.max_cycle_hops:
                    stack.append((nxt, t, [*path, tid2], seen | {nxt}))
    members: list[tuple[str, str, str | None, str]] = []
    for key, (start, cycle) in found.items():
        alert_key = "CYCLE:" + start + ":" + hashlib.sha1(
            ",".join(sorted(key)).encode()).hexdigest()[:16]
        members.extend(("CYCLE", alert_key, start, tid) for tid in cycle)
    _append_members(con, members)


def _bipartite_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """BIPARTITE: a connected group of new transfers in which no account both pays and
    is paid, with at least ``min_degree`` payers and receivers and not a single star."""
    rows = con.execute("SELECT transfer_id, payer, beneficiary FROM cand").fetchall()
    if not rows:
        return
    src, dst, names = _indexed([(a, b) for _, a, b in rows])
    n = len(names)
    label = _weak_components(src, dst, n)
    pays = np.zeros(n, dtype=bool)
    pays[src] = True
    paid = np.zeros(n, dtype=bool)
    paid[dst] = True
    comps = label.max() + 1
    mixed = np.zeros(comps, dtype=bool)
    np.logical_or.at(mixed, label, pays & paid)
    payers = np.bincount(label, weights=pays, minlength=comps)
    receivers = np.bincount(label, weights=paid, minlength=comps)
    ok = (~mixed) & (payers >= p.min_degree) & (receivers >= p.min_degree)
    members: list[tuple[str, str, str | None, str]] = [
        ("BIPARTITE", f"BIPARTITE:group{label[s]}", None, tid)
        for (tid, _, _), s in zip(rows, src, strict=True) if ok[label[s]]]
    _append_members(con, members)


def _structuring_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """STRUCTURING: ``structuring_min_count`` or more transfers into one account within
    ``structuring_days``, each just under the reporting threshold (all transfers, new or
    established: smurfs pay into known accounts)."""
    low = p.structuring_threshold * (1 - p.structuring_margin)
    gap = _interval(p.structuring_days * 24)
    con.execute(f"""
        INSERT INTO alert_members
        WITH u AS (SELECT * FROM transfers WHERE currency IN $currencies
                   AND amount >= {low} AND amount < {p.structuring_threshold}
                   AND ts >= $since),
        s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY beneficiary ORDER BY ts)
                                  <= {gap} THEN 0 ELSE 1 END AS brk FROM u),
        g AS (SELECT *, sum(brk) OVER (PARTITION BY beneficiary ORDER BY ts, transfer_id
                                       ROWS UNBOUNDED PRECEDING) AS burst FROM s),
        k AS (SELECT beneficiary, burst FROM g GROUP BY 1, 2
              HAVING count(*) >= {p.structuring_min_count})
        SELECT 'STRUCTURING', 'STRUCTURING:' || beneficiary || ':' || burst, beneficiary,
               transfer_id FROM g JOIN k USING (beneficiary, burst)""",
                {"currencies": list(p.structuring_currencies),
                 "since": p.since or "0001-01-01"})


def _pass_through_alerts(con: duckdb.DuckDBPyConnection, p: TypologyParams) -> None:
    """PASS-THROUGH: an account passes on what it received (same currency, within the
    tolerance) within ``pass_through_hours``."""
    con.execute(f"""
        INSERT INTO alert_members
        SELECT DISTINCT 'PASS-THROUGH',
               'PASS-THROUGH:' || mid || ':' || min(t1) OVER (PARTITION BY mid),
               mid, unnest([t_in, t_out])
        FROM hops WHERE same_currency AND amount_ok
          AND t2 - t1 <= {int(p.pass_through_hours * 3600)}""")


def detect(con: duckdb.DuckDBPyConnection, params: TypologyParams | None = None) -> TypologyRun:
    """Run the chosen rules over the temp table ``transfers`` (see
    :func:`tnoc.money.transfers.build_transfers`); results in temp tables ``alerts``
    (one row per alert) and ``alert_transfers`` (its transfers)."""
    p = params or TypologyParams()
    unknown = set(p.typologies) - set(TYPOLOGIES)
    if unknown:
        raise ValueError(f"unknown typologies {sorted(unknown)}; choose from {TYPOLOGIES}")
    con.execute("""CREATE OR REPLACE TEMP TABLE alert_members (
        typology VARCHAR, alert_key VARCHAR, focus VARCHAR, transfer_id VARCHAR)""")
    total = int(con.execute("SELECT count(*) FROM transfers").fetchall()[0][0])
    n_cand = _candidates(con, p)
    chosen = set(p.typologies)
    if "FAN-IN" in chosen:
        _burst_alerts(con, p, "FAN-IN", "beneficiary", "payer")
    if "FAN-OUT" in chosen:
        _burst_alerts(con, p, "FAN-OUT", "payer", "beneficiary")
    if "GATHER-SCATTER" in chosen:
        _hub_alerts(con, p)
    if chosen & {"SCATTER-GATHER", "STACK", "RANDOM", "PASS-THROUGH"}:
        _hops(con, p)
    if "SCATTER-GATHER" in chosen:
        _scatter_gather_alerts(con, p)
    if chosen & {"STACK", "RANDOM"}:
        _chain_alerts(con, chosen)
    if "CYCLE" in chosen:
        _cycle_alerts(con, p)
    if "BIPARTITE" in chosen:
        _bipartite_alerts(con, p)
    if "STRUCTURING" in chosen:
        _structuring_alerts(con, p)
    if "PASS-THROUGH" in chosen:
        _pass_through_alerts(con, p)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE alert_transfers AS
        SELECT DISTINCT dense_rank() OVER (ORDER BY typology, alert_key) AS alert_id,
               typology, alert_key, transfer_id
        FROM alert_members""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE alerts AS
        SELECT a.alert_id, a.typology, any_value(m.focus) AS focus,
               count(DISTINCT a.transfer_id) AS transfers,
               count(DISTINCT t.payer) + count(DISTINCT t.beneficiary) AS ends,
               list(DISTINCT t.payer) AS payers, list(DISTINCT t.beneficiary) AS beneficiaries,
               min(t.ts) AS first_ts, max(t.ts) AS last_ts,
               string_agg(DISTINCT t.currency, ', ') AS currencies,
               sum(t.amount) AS amount_sum,
               list(DISTINCT t.source_id) AS source_ids
        FROM alert_transfers a JOIN transfers t USING (transfer_id)
        LEFT JOIN (SELECT alert_key, any_value(focus) AS focus FROM alert_members GROUP BY 1) m
               USING (alert_key)
        GROUP BY a.alert_id, a.typology""")
    by_typ = dict(con.execute(
        "SELECT typology, count(*) FROM alerts GROUP BY 1 ORDER BY 1").fetchall())
    alerted = int(con.execute(
        "SELECT count(DISTINCT transfer_id) FROM alert_transfers").fetchall()[0][0])
    n_alerts = int(con.execute("SELECT count(*) FROM alerts").fetchall()[0][0])
    return TypologyRun(p, n_alerts, by_typ, alerted, n_cand, total)


def alert_payload(con: duckdb.DuckDBPyConnection, run: TypologyRun) -> dict[str, object]:
    """The run as JSON: parameters, counts, and every alert with its transfers and rows."""
    alerts = []
    members = defaultdict(list)
    for alert_id, tid, src, loc in con.execute("""
            SELECT a.alert_id, a.transfer_id, t.source_id, t.locator
            FROM alert_transfers a JOIN transfers t USING (transfer_id)
            ORDER BY 1, 2""").fetchall():
        members[alert_id].append({"transfer": tid, "source": src, "locator": loc})
    for (alert_id, typ, focus, n, first_ts, last_ts, currencies,
         amount) in con.execute("""
            SELECT alert_id, typology, focus, transfers, first_ts, last_ts, currencies,
                   amount_sum FROM alerts ORDER BY alert_id""").fetchall():
        alerts.append({"alert": int(alert_id), "typology": typ, "focus": focus,
                       "transfers": members[alert_id], "count": int(n),
                       "first": _iso(first_ts), "last": _iso(last_ts),
                       "currencies": currencies, "amount_sum": amount})
    return {"parameters": run.params.as_dict(), "transfers": run.transfers,
            "candidate_transfers": run.candidate_transfers, "alerts": alerts,
            "by_typology": run.by_typology}


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


__all__ = ["TYPOLOGIES", "TypologyParams", "TypologyRun", "alert_payload", "detect",
           "load_attempt_truth"]
