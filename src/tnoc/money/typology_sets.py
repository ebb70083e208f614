"""The searching typology rules as set-based SQL, on DuckDB and on Spark (issue #27).

:mod:`tnoc.money.typologies` states the rules; the four that are searches rather than
one statement — the novelty test of bursts, CYCLE, BIPARTITE, STACK/RANDOM — are
written here as rounds of SQL statements in DuckDB's dialect through
:class:`tnoc.store.engine.Engine`, so they run unchanged on the case's DuckDB connection
and on a Spark cluster (no Python loop over rows, no row fetched but counts). Each
function reads the run's tables by name and appends alert members ``(typology,
alert_key, focus, transfer_id)`` to table ``members``; their results equal the former
row-by-row searches (tests/test_typology_sets.py keeps those as oracles):

- :func:`novel_bursts`: break-point analysis (Bolton & Hand 2001): a burst is novel for
  its account when P(X >= d) <= ``novelty_alpha`` for X Poisson at the account's own
  historical rate of new counterparties. P(X >= d) = 1 - Σ_{k<d} e^-μ μ^k / k!, the sum
  a join of the bursts with a table of ln k! (computed once, exactly, in Python).
- :func:`bipartite_alerts`: weakly connected groups of new transfers in which no
  account both pays and is paid (:func:`tnoc.store.engine_graph.components`).
- :func:`chain_alerts`: the greedy matching of pass-on links (closest amount, then
  shortest wait) computed by rounds of *locally dominant* links — a link best among
  the remaining links of its received and of its paid transfer is in the greedy
  matching; it is taken and its rivals dropped (Preis, STACS 1999; Hoepman 2004) — then
  the chains by pointer jumping (Wyllie 1979).
- :func:`cycle_alerts` (:mod:`tnoc.money.cycle_search`): for each new transfer a->b,
  the lexicographically first shortest path from b back to a over transfers within
  ``cycle_span_hours`` of it, at most ``max_cycle_hops`` hops in all, as the sequential
  search found it: a bidirectional breadth-first search, every start at once, each
  round growing the cheaper side; cycles found from several starts are kept once, from
  their earliest transfer.
"""

from __future__ import annotations

from tnoc.money.cycle_search import cycle_alerts
from tnoc.money.typology_params import TypologyParams
from tnoc.query_results import temp_table_name
from tnoc.store.engine import Engine, fetch_value, register_log_factorials
from tnoc.store.engine_graph import components

__all__ = ["bipartite_alerts", "chain_alerts", "cycle_alerts", "novel_bursts"]

_NO_FOCUS = "CAST(NULL AS VARCHAR)"


def _interval(hours: float) -> str:
    return f"INTERVAL {int(round(hours * 3600))} SECOND"


def novel_bursts(engine: Engine, burst_moves: str, members: str, p: TypologyParams,
                 typology: str, having: str, history: str) -> None:
    """Alert the bursts of table ``burst_moves`` (:func:`tnoc.money.typologies.bursts_sql`)
    that pass ``having`` and are novel for their account: the distinct counterparties
    ``d`` of the burst are improbable given the new counterparties the account took on
    in the ``lookback_days`` before (``history``: a SELECT of ``f, cp, ts``), new ones
    arriving as a Poisson process at that rate over the burst's duration (at least
    ``window_hours``). With no history, every burst is novel."""
    stats, lnf = temp_table_name("burst_stats"), temp_table_name("ln_factorial")
    lookback = _interval(p.lookback_days * 24)
    engine.create_table(stats, f"""
        WITH b AS (SELECT f, burst, min(ts) AS start,
                          CAST(epoch(max(ts)) AS DOUBLE) - epoch(min(ts)) AS span,
                          count(DISTINCT cp) AS d
                   FROM {burst_moves} GROUP BY f, burst HAVING {having}),
        h AS (SELECT b.f, b.burst, count(DISTINCT h.cp) AS hist
              FROM b JOIN ({history}) h ON h.f = b.f AND h.ts >= b.start - {lookback}
                                         AND h.ts < b.start
              GROUP BY b.f, b.burst)
        SELECT b.f, b.burst, b.d,
               coalesce(h.hist, 0) / {float(p.lookback_days * 86400)!r}
               * greatest(CAST(b.span AS DOUBLE), {float(p.window_hours * 3600)!r}) AS mu
        FROM b LEFT JOIN h ON h.f = b.f AND h.burst = b.burst""")
    top = int(fetch_value(engine, f"SELECT max(d) FROM {stats}") or 0)
    if top == 0:
        engine.drop(stats)
        return
    register_log_factorials(engine, lnf, top)
    try:
        # P(X >= d) = 1 - P(X <= d - 1); mu = 0 (no history) gives 0: always novel
        engine.insert_into(members, f"""
            WITH cdf AS (SELECT s.f, s.burst,
                                sum(exp(l.n * ln(s.mu) - s.mu - l.ln_factorial)) AS below
                         FROM {stats} s JOIN {lnf} l ON l.n < s.d
                         WHERE s.mu > 0 GROUP BY s.f, s.burst),
            kept AS (SELECT s.f, s.burst FROM {stats} s
                     LEFT JOIN cdf c ON c.f = s.f AND c.burst = s.burst
                     WHERE s.mu = 0 OR 1 - c.below <= {float(p.novelty_alpha)!r})
            SELECT DISTINCT '{typology}' AS typology,
                   '{typology}:' || g.f || ':' || CAST(g.burst AS BIGINT) AS alert_key,
                   g.f AS focus, g.transfer_id
            FROM {burst_moves} g JOIN kept k ON k.f = g.f AND k.burst = g.burst""")
    finally:
        engine.drop(lnf)
        engine.drop(stats)


def bipartite_alerts(engine: Engine, cand: str, members: str, p: TypologyParams) -> None:
    """BIPARTITE: a weakly connected group of the new transfers of ``cand`` in which no
    account both pays and is paid, with at least ``min_degree`` payers and receivers
    (hence not a single star). The alert is named by the group's smallest account."""
    edges, comp = temp_table_name("bip_edges"), temp_table_name("bip_groups")
    engine.create_table(edges, f"SELECT payer AS src, beneficiary AS dst FROM {cand}")
    components(engine, edges, comp)
    engine.insert_into(members, f"""
        WITH r AS (SELECT payer AS node, 1 AS pays, 0 AS paid FROM {cand}
                   UNION ALL SELECT beneficiary AS node, 0 AS pays, 1 AS paid FROM {cand}),
        n AS (SELECT node, max(pays) AS pays, max(paid) AS paid FROM r GROUP BY node),
        g AS (SELECT c.component FROM n JOIN {comp} c ON c.node = n.node
              GROUP BY c.component
              HAVING max(n.pays * n.paid) = 0 AND sum(n.pays) >= {p.min_degree}
                 AND sum(n.paid) >= {p.min_degree})
        SELECT 'BIPARTITE' AS typology, 'BIPARTITE:' || c.component AS alert_key,
               {_NO_FOCUS} AS focus, t.transfer_id
        FROM {cand} t JOIN {comp} c ON c.node = t.payer
        JOIN g ON g.component = c.component""")
    engine.drop(edges)
    engine.drop(comp)


def chain_alerts(engine: Engine, hops: str, members: str, chosen: set[str],
                 max_rounds: int = 100_000) -> int:
    """STACK (money passed on once: each matched pass-on link, two transfers) and
    RANDOM (a layered path: the chains of matched links with three or more transfers,
    named by their first) over the links of ``hops`` within the amount tolerance.

    Each received transfer is matched to at most one payment out and each payment to
    at most one receipt, closest amount first, then shortest wait, then transfer ids:
    the greedy matching, found here in rounds (see the module's docstring). Returns
    the rounds the matching took."""
    links, taken, step = (temp_table_name(n) for n in ("links", "taken", "step"))
    order = "amount_gap, t2 - t1, t_in, t_out"
    engine.create_table(links, f"SELECT t_in, t_out, amount_gap, t1, t2 FROM {hops} "
                               f"WHERE amount_ok")
    engine.create_table(taken, "SELECT t_in, t_out FROM "
                               f"{links} WHERE false")
    rounds = 0
    while fetch_value(engine, f"SELECT count(*) FROM {links}") > 0:
        if rounds >= max_rounds:
            raise RuntimeError(f"pass-on matching: no end in {rounds} rounds")
        rounds += 1
        engine.create_table(step, f"""
            SELECT t_in, t_out FROM (
                SELECT t_in, t_out,
                       row_number() OVER (PARTITION BY t_in ORDER BY {order}) AS by_in,
                       row_number() OVER (PARTITION BY t_out ORDER BY {order}) AS by_out
                FROM {links}) r
            WHERE by_in = 1 AND by_out = 1""")
        engine.insert_into(taken, f"SELECT t_in, t_out FROM {step}")
        engine.create_table(links, f"""
            SELECT l.* FROM {links} l
            WHERE NOT EXISTS (SELECT 1 FROM {step} s WHERE s.t_in = l.t_in)
              AND NOT EXISTS (SELECT 1 FROM {step} s WHERE s.t_out = l.t_out)""")
    engine.drop(step)
    engine.drop(links)
    if "STACK" in chosen:
        engine.insert_into(members, f"""
            SELECT 'STACK' AS typology, 'STACK:' || t_in AS alert_key, {_NO_FOCUS} AS focus,
                   t_in AS transfer_id FROM {taken}
            UNION ALL
            SELECT 'STACK' AS typology, 'STACK:' || t_in AS alert_key, {_NO_FOCUS} AS focus,
                   t_out AS transfer_id FROM {taken}""")
    if "RANDOM" in chosen:
        _random_chains(engine, taken, members)
    engine.drop(taken)
    return rounds


def _random_chains(engine: Engine, taken: str, members: str) -> None:
    """RANDOM members: the chains of matched links ``taken (t_in, t_out)`` with three or
    more transfers, each named by its first transfer. Links run forward in time, so the
    chains are paths; each transfer's head is found by pointer jumping (the pointer to
    the pointer's pointer, until every pointer is a head)."""
    up, nxt = temp_table_name("chain_up"), temp_table_name("chain_next")
    engine.create_table(up, f"""
        WITH x AS (SELECT t_in AS tid FROM {taken} UNION SELECT t_out AS tid FROM {taken})
        SELECT x.tid, coalesce(k.t_in, x.tid) AS up
        FROM x LEFT JOIN {taken} k ON k.t_out = x.tid""")
    while fetch_value(engine, f"""SELECT count(*) FROM {up} a JOIN {up} b ON b.tid = a.up
                              WHERE b.up <> a.up""") > 0:
        engine.create_table(nxt, f"SELECT a.tid, b.up FROM {up} a JOIN {up} b ON b.tid = a.up")
        engine.create_table(up, f"SELECT tid, up FROM {nxt}")
    engine.insert_into(members, f"""
        SELECT 'RANDOM' AS typology, 'RANDOM:' || up AS alert_key, {_NO_FOCUS} AS focus,
               tid AS transfer_id
        FROM {up} WHERE up IN (SELECT up FROM {up} GROUP BY up HAVING count(*) >= 3)""")
    engine.drop(up)
    engine.drop(nxt)
