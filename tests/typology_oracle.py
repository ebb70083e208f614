"""The row-by-row searches the typology rules used before issue #27, kept verbatim as
oracles for their set-based SQL (tnoc.money.typology_sets): the Poisson novelty test of
bursts (scipy), the greedy pass-on matching of STACK/RANDOM, the breadth-first CYCLE
search from each transfer, and BIPARTITE over scipy's components. Each reads the run's
tables (``n``: tnoc.money.typologies._Scratch) and appends to ``n.members``."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import poisson

from tnoc.money.alert_keys import escaped_part
from tnoc.money.typologies import _interval, _Scratch
from tnoc.money.typology_params import TypologyParams


def _indexed(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer ends of ``pairs`` (for scipy) and the names by index."""
    ids: dict[str, int] = {}
    for a, b in pairs:
        ids.setdefault(a, len(ids))
        ids.setdefault(b, len(ids))
    src = np.fromiter((ids[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((ids[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
    return src, dst, np.array(list(ids), dtype=object)


def _components(src: np.ndarray, dst: np.ndarray, n: int, strong: bool = False
                ) -> np.ndarray:
    """Component label of each of ``n`` nodes: weakly (or strongly) connected."""
    graph = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    return np.asarray(connected_components(graph, directed=strong, connection="strong")[1])


def novel_bursts(con: duckdb.DuckDBPyConnection, n: _Scratch, p: TypologyParams,
                  typology: str, having: str, history: str) -> None:
    """Alert the bursts of ``n.burst_moves`` that pass ``having`` and are *novel for their
    account*: the account's distinct new counterparties in the burst are improbable
    given how many new counterparties it took on in the ``lookback_days`` before
    (``history``, a filter on ``n.fresh`` rows ``h`` of the focus account).

    This is break-point analysis (Bolton & Hand, "Unsupervised profiling methods for
    fraud detection", 2001): the account is compared with its own past, not with a
    fixed threshold. New counterparties are taken to arrive as a Poisson process at the
    historical rate; the burst is alerted when P(X >= its count) <= ``novelty_alpha``
    over its duration (at least ``window_hours``). A busy shop that meets new payers
    every day is not a fan-in; a quiet account that suddenly has eight is. With no
    history (a new account, or a case without earlier months) every burst is novel."""
    lookback = _interval(p.lookback_days * 24)
    rows = con.execute(f"""
        WITH b AS (SELECT f, burst, min(ts) AS start, epoch(max(ts) - min(ts)) AS span,
                          count(DISTINCT cp) AS d
                   FROM {n.burst_moves} GROUP BY 1, 2 HAVING {having})
        SELECT b.f, b.burst, b.d, b.span,
               (SELECT count(DISTINCT h.cp) FROM ({history}) h
                WHERE h.f = b.f AND h.ts >= b.start - {lookback} AND h.ts < b.start) AS hist
        FROM b""").fetchall()
    if not rows:
        return
    d = np.array([r[2] for r in rows], dtype=float)
    span = np.maximum(np.array([r[3] for r in rows], dtype=float), p.window_hours * 3600)
    rate = np.array([r[4] for r in rows], dtype=float) / (p.lookback_days * 86400)
    keep = poisson.sf(d - 1, rate * span) <= p.novelty_alpha
    kept = pa.table({"f": [r[0] for r, k in zip(rows, keep, strict=True) if k],
                     "burst": pa.array([r[1] for r, k in zip(rows, keep, strict=True) if k],
                                       pa.int64())})
    con.register("_kept", kept)
    try:
        con.execute(f"""
            INSERT INTO {n.members}
            SELECT DISTINCT $typology, $typology || ':' || g.f || ':' || g.burst, g.f,
                   g.transfer_id
            FROM {n.burst_moves} g JOIN _kept k ON k.f = g.f AND k.burst = g.burst""",
                    {"typology": typology})
    finally:
        con.unregister("_kept")


def chain_alerts(con: duckdb.DuckDBPyConnection, n: _Scratch, chosen: set[str]) -> None:
    """STACK (money passed on once: a chain of two transfers) and RANDOM (a layered
    path: three or more), over *pass-on links*: transfer in, then transfer out of the
    same account within the window and the amount tolerance.

    An account that both receives and pays several times has many candidate links;
    each received transfer is matched to at most one payment out and each payment to
    at most one receipt, closest amount first, then shortest wait (a greedy matching:
    following the money, each sum is passed on once). The chains are the paths of the
    matched links; one that returns to its start is kept (a round trip a->b->a is money
    passed back, and is also a CYCLE)."""
    links = con.execute(f"""
        SELECT t_in, t_out FROM {n.hops} WHERE amount_ok
        ORDER BY amount_gap, t2 - t1, t_in, t_out""").fetchall()
    if not links:
        return
    nxt: dict[str, str] = {}
    prev: dict[str, str] = {}
    for t_in, t_out in links:
        if t_in not in nxt and t_out not in prev:
            nxt[t_in] = t_out
            prev[t_out] = t_in
    rows: list[tuple[str, str, str | None, str]] = []
    for head in sorted(set(nxt) - set(prev)):
        chain = [head]
        while chain[-1] in nxt:
            chain.append(nxt[chain[-1]])
        if "STACK" in chosen:
            for t_in, t_out in zip(chain, chain[1:], strict=False):
                rows.extend(("STACK", f"STACK:{t_in}", None, tid) for tid in (t_in, t_out))
        if len(chain) >= 3 and "RANDOM" in chosen:
            rows.extend(("RANDOM", f"RANDOM:{head}", None, tid) for tid in chain)
    _append_members(con, n, rows)


def _append_members(con: duckdb.DuckDBPyConnection, n: _Scratch,
                    rows: list[tuple[str, str, str | None, str]]) -> None:
    if not rows:
        return
    table_rows = pa.table({"typology": [r[0] for r in rows], "alert_key": [r[1] for r in rows],
                           "focus": pa.array([r[2] for r in rows], pa.string()),
                           "transfer_id": [r[3] for r in rows]})
    con.register("_members", table_rows)
    try:
        con.execute(f"INSERT INTO {n.members} SELECT * FROM _members")
    finally:
        con.unregister("_members")


def cycle_alerts(con: duckdb.DuckDBPyConnection, n: _Scratch, p: TypologyParams) -> None:
    """CYCLE: new transfers whose ends form a directed cycle of at most
    ``max_cycle_hops`` hops, all within ``cycle_span_hours`` of the first.

    The hops need not be in time order: AMLworld's cycles are not (money goes round
    the accounts, but each account pays on its own schedule, so the last hop can
    precede the first), and a launderer who pre-funds the next hop does the same. For
    each transfer a->b, taken as the cycle's earliest, a breadth-first search looks for
    the shortest way from b back to a over transfers in the span that follow it, so
    every cycle is found from its first transfer; a cycle found twice is kept once."""
    rows = con.execute(
        f"SELECT transfer_id, payer, beneficiary, t FROM {n.cand} ORDER BY t, transfer_id"
    ).fetchall()
    if not rows:
        return
    # a transfer lies on a cycle only if its ends are strongly connected: search only
    # those (on a busy case, most new transfers lead nowhere back)
    src, dst, names = _indexed([(a, b) for _, a, b, _ in rows])
    strong = _components(src, dst, len(names), strong=True)
    rows = [r for r, same in zip(rows, strong[src] == strong[dst], strict=True) if same]
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for tid, a, b, t in rows:
        out[a].append((t, b, tid))
    times = {a: [e[0] for e in edges] for a, edges in out.items()}
    span = int(p.cycle_span_hours * 3600)
    found: dict[frozenset[str], tuple[str, list[str]]] = {}
    for tid, start, first_dst, t0 in rows:
        limit = t0 + span
        parent: dict[str, tuple[str, str]] = {first_dst: (start, tid)}
        frontier = [first_dst]
        for _ in range(p.max_cycle_hops - 1):
            if start in parent or not frontier:
                break
            nxt_frontier: list[str] = []
            for node in frontier:
                edges = out.get(node)
                if not edges:
                    continue
                for t, nxt, tid2 in edges[bisect_left(times[node], t0):]:
                    if t > limit:
                        break
                    if nxt in parent or tid2 == tid:
                        continue
                    parent[nxt] = (node, tid2)
                    if nxt == start:
                        break
                    nxt_frontier.append(nxt)
                if start in parent:
                    break
            frontier = nxt_frontier
        if start not in parent:
            continue
        cycle: list[str] = []
        node = start
        while True:
            node, via = parent[node]
            cycle.append(via)
            if via == tid:
                break
        found.setdefault(frozenset(cycle), (start, cycle[::-1]))
    members: list[tuple[str, str, str | None, str]] = []
    for key, (start, cycle) in found.items():
        alert_key = "CYCLE:" + start + ":" + hashlib.sha1(
            ",".join(sorted(escaped_part(t, ",") for t in key)).encode()).hexdigest()[:16]
        members.extend(("CYCLE", alert_key, start, tid) for tid in cycle)
    _append_members(con, n, members)


def bipartite_alerts(con: duckdb.DuckDBPyConnection, n: _Scratch, p: TypologyParams) -> None:
    """BIPARTITE: a connected group of new transfers in which no account both pays and
    is paid, with at least ``min_degree`` payers and receivers and not a single star."""
    rows = con.execute(f"SELECT transfer_id, payer, beneficiary FROM {n.cand}").fetchall()
    if not rows:
        return
    src, dst, names = _indexed([(a, b) for _, a, b in rows])
    size = len(names)
    label = _components(src, dst, size)
    pays = np.zeros(size, dtype=bool)
    pays[src] = True
    paid = np.zeros(size, dtype=bool)
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
    _append_members(con, n, members)
