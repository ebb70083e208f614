"""CYCLE's search: for each new transfer a->b, the first shortest cycle back to a, as
set-based SQL rounds on any :class:`tnoc.store.engine.Engine` (issue #27).

**What is found.** For a start transfer ``a->b`` at time ``t0``, the transfers usable
are the new transfers within ``[t0, t0 + cycle_span_hours]`` (in any time order). The
cycle found is the shortest path ``b ~> a`` over them (at most ``max_cycle_hops`` hops
with the start), and among the shortest the *lexicographically first* by the hops'
(time, transfer id). This is what the sequential breadth-first search of the rule found
(tests/typology_oracle.py) and what the former set-based search, one forward level per
round from every start at once, found.

**How: a bidirectional breadth-first search, the cheaper side first.** The forward
search from ``b`` alone, level by level, does work proportional to every start's
whole ball of radius ``max_cycle_hops - 1``: on a payment network with a heavy-tailed
degree, every transfer *into* a hub expands all the hub's transfers *out* within the
window, so the work is the sum over accounts of in-degree x out-degree, which grows
faster than the data (measured on benchmarks/spark.py's generator: the first level
held 575,516 rows at 1M transfers and 7,365,235 at 4M, 12.8x; benchmarks/RESULTS.md).
Here each start grows two balls, forward from ``b`` (distance from ``b``) and backward
from ``a`` (distance to ``a``), and in each round grows the side whose frontier has
the smaller total degree (out-degree forward, in-degree backward; a choice of cost
only, it never changes what is found). A start
into a hub therefore searches backward from its payer, which is usually small, and a
start whose frontier on either side empties has no cycle and stops. Bidirectional
search on heavy-tailed graphs: Borassi & Natale, "KADABRA is an ADaptive Algorithm for
Betweenness via Random Approximation", ESA 2016 (balanced bidirectional BFS touches
far fewer nodes than one-sided BFS on such graphs).

**Why it finds the same cycle.** Before a round the two balls share no node. When a
round grows the backward ball to distance ``g + 1``, a new node cannot lie at a
forward level below ``f`` (its successor, at distance ``g``, would then have been in
both balls already), so matching the new backward level against the forward
*frontier* finds every meeting; likewise a new forward node met in the backward ball is
at distance exactly ``g``. So at the first meeting the distance is ``D = f + g`` (had
a shorter path existed, the balls would have met in an earlier round), and every
shortest path passes through a node at forward level ``f`` and backward distance ``g``.
The forward levels keep, as before, each node's first discovery (frontier rank, then
time, then transfer id), which is the lexicographically first shortest path to it, and
ranks order those paths. So the first shortest cycle is: the forward path to the
meeting node of lowest rank, then, ``g`` times, the earliest (time, transfer id) hop
to a node one step closer to ``a`` (backward distance one less), which always exists
and keeps the path shortest. tests/test_cycle_search.py and tests/test_typology_sets.py
compare the alerts with the sequential search's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from tnoc.money.alert_keys import key_part
from tnoc.money.typology_params import TypologyParams
from tnoc.query_results import temp_table_name
from tnoc.store.engine import Engine, fetch_value

__all__ = ["cycle_alerts"]


@dataclass
class _Names:
    """The search's working tables, uniquely named for this run (not frozen: the
    rounds swap two names to reuse a table)."""

    tx: str
    acct: str
    edges: str
    trim: str
    deg: str
    nxt: str
    fseen: str
    bseen: str
    flast: str
    blast: str
    fnew: str
    bnew: str
    meet: str
    walk: str
    found: str

    @classmethod
    def new(cls) -> _Names:
        return cls(*(temp_table_name(f"cyc_{f.name}") for f in fields(cls)))

    def all(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)]


def cycle_alerts(engine: Engine, cand: str, members: str, p: TypologyParams) -> int:
    """CYCLE: new transfers of ``cand`` whose ends form a directed cycle of at most
    ``max_cycle_hops`` hops, in any time order, all within ``cycle_span_hours`` of the
    first (see :func:`tnoc.money.typologies.detect`'s rule list and the module's
    docstring for the search). Appends the members ``(typology, alert_key, focus,
    transfer_id)`` of each cycle, kept once (its set of transfers) from its earliest
    start, to table ``members``. Returns the rounds searched (the cycle's hops from
    ``b`` back to ``a`` searched so far, at most ``max_cycle_hops - 1``).

    The search runs on integers: transfers and accounts are numbered once in the order
    of their ids (so an order by number is the order by id; text ids in each round's
    sorts made the first set-based search ~4x slower than the former Python search,
    benchmarks/cycles.py). The forward frontier carries each node's path (a short list
    of integers) through its round's sorts rather than joining it back from the last
    frontier, for the reason in :func:`_search`."""
    n = _Names.new()
    _number(engine, cand, n)
    _trim(engine, n)
    rounds = _search(engine, n, p)
    _walk_back(engine, n, p)
    _keep_once(engine, n, members)
    for name in n.all():
        engine.drop(name)
    return rounds


def _number(engine: Engine, cand: str, n: _Names) -> None:
    engine.create_table(n.tx, f"SELECT transfer_id, payer, beneficiary, t, row_number() "
                              f"OVER (ORDER BY transfer_id) AS id FROM {cand}")
    engine.create_table(n.acct, f"""
        SELECT a AS name, row_number() OVER (ORDER BY a) AS id
        FROM (SELECT payer AS a FROM {cand} UNION SELECT beneficiary AS a FROM {cand}) x""")
    engine.create_table(n.edges, f"""
        SELECT x.id AS tx, s.id AS src, d.id AS dst, x.t
        FROM {n.tx} x JOIN {n.acct} s ON s.name = x.payer
        JOIN {n.acct} d ON d.name = x.beneficiary""")


def _trim(engine: Engine, n: _Names) -> None:
    """Drop transfers that cannot lie on a cycle: those whose payer is paid by none or
    whose beneficiary pays none of the remaining ones. The search finds the same cycles
    on any superset of the transfers on cycles (every transfer of a cycle has both), so
    the rounds stop once one drops less than a tenth (the last rounds drop a few
    transfers each and cost a statement each)."""
    kept = fetch_value(engine, f"SELECT count(*) FROM {n.edges}")
    while kept:
        engine.create_table(n.trim, f"""
            SELECT e.* FROM {n.edges} e
            WHERE e.src IN (SELECT dst FROM {n.edges})
              AND e.dst IN (SELECT src FROM {n.edges})""")
        n.edges, n.trim = n.trim, n.edges
        now = fetch_value(engine, f"SELECT count(*) FROM {n.edges}")
        if now > 0.9 * kept:
            break
        kept = now


def _search(engine: Engine, n: _Names, p: TypologyParams) -> int:
    """The bidirectional rounds. Tables: ``flast``, each searching start's forward
    frontier (node, rank, path of transfer numbers) with the start's own columns (start
    transfer ``start_id``, payer ``start``, time ``t0``, forward depth ``f``, backward
    depth ``g``, the side to grow next ``dir``), and ``fseen`` every node reached
    forward; ``blast`` / ``bseen`` the same backward, ``bseen`` with each node's
    distance ``d`` to the payer; ``meet`` the starts whose balls met, with the meeting
    node of lowest rank, its path and the hops left to walk.

    The tables the next round reads (frontiers and balls) are built from the last
    round's by joins with the transfers and by ``IN`` / ``NOT EXISTS`` filters; the
    joins of two tables of the search (the meeting, the sides' costs, the walk back)
    reach later rounds only through such filters. Spark estimates a join's size as the
    product of its inputs' and a checkpoint keeps the estimate, so frontiers joined
    with each other round after round made estimates with millions of digits, whose
    arithmetic took Spark's planner longer than the search (a 16-hop search on a small
    case did not end in 15 minutes)."""
    span = int(p.cycle_span_hours * 3600)
    # each account's transfers out and in: the cost of growing a frontier
    engine.create_table(n.deg, f"""
        SELECT node, sum(o) AS out_deg, sum(i) AS in_deg
        FROM (SELECT src AS node, 1 AS o, 0 AS i FROM {n.edges}
              UNION ALL SELECT dst AS node, 0 AS o, 1 AS i FROM {n.edges}) x
        GROUP BY node""")
    # a transfer to its own payer is a cycle of one hop
    engine.create_table(n.meet, f"""
        SELECT tx AS start_id, src AS start, t AS t0, dst AS node, [tx] AS path,
               CAST(0 AS BIGINT) AS g
        FROM {n.edges} WHERE src = dst""")
    engine.create_table(n.flast, f"""
        WITH live AS ({_live_starts(n.edges, span)})
        SELECT e.tx AS start_id, e.src AS start, e.t AS t0, CAST(0 AS BIGINT) AS f,
               CAST(0 AS BIGINT) AS g, e.dst AS node, CAST(0 AS BIGINT) AS rank,
               [e.tx] AS path, {_side("fo.out_deg", "bi.in_deg")} AS dir
        FROM {n.edges} e JOIN live ON live.start_id = e.tx
        JOIN {n.deg} fo ON fo.node = e.dst JOIN {n.deg} bi ON bi.node = e.src""")
    engine.create_table(n.fseen, f"SELECT start_id, node FROM {n.flast}")
    engine.create_table(n.blast, f"SELECT start_id, t0, g, start AS node, dir "
                                 f"FROM {n.flast}")
    engine.create_table(n.bseen, f"SELECT start_id, node, g AS d FROM {n.blast}")
    rounds = 0
    searching = fetch_value(engine, f"SELECT count(*) FROM {n.flast}")
    while searching and rounds < p.max_cycle_hops - 1:
        rounds += 1
        _grow_forward(engine, n, span)
        _grow_backward(engine, n, span)
        _meet(engine, n)
        if rounds < p.max_cycle_hops - 1:
            searching = _advance(engine, n)
    return rounds


def _live_starts(edges: str, span: int) -> str:
    """The start transfers a->b (not to their own payer) that can begin a cycle at all:
    ``b`` pays, and ``a`` is paid, within the start's window. A prune that never drops
    a start with a cycle (a cycle's second hop leaves ``b`` and its last enters ``a``
    in the window) and drops most starts without one (on the benchmark's 4M transfers
    139,000 of 3.9 million starts are left), computed as two as-of lookups (per account,
    its next transfer out, or in, at or after each start's time: a running minimum over
    the account's transfers from the latest back, starts after transfers at equal
    times; a running frame, as Spark computes a frame that ends at UNBOUNDED FOLLOWING
    anew for every row), so a hub's transfers are sorted once, not joined with each
    start into it."""
    def next_move(end: str, move: str) -> str:
        return f"""
            SELECT start_id, t, min(CASE WHEN kind = 1 THEN t END) OVER (
                       PARTITION BY node ORDER BY t DESC, kind DESC
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_t,
                   kind
            FROM (SELECT {end} AS node, t, 0 AS kind, tx AS start_id FROM {edges}
                  WHERE src <> dst
                  UNION ALL
                  SELECT {move} AS node, t, 1 AS kind, CAST(NULL AS BIGINT) AS start_id
                  FROM {edges}) x"""
    return f"""
        SELECT f.start_id
        FROM ({next_move("dst", "src")}) f JOIN ({next_move("src", "dst")}) b
          ON b.start_id = f.start_id
        WHERE f.kind = 0 AND b.kind = 0
          AND f.next_t <= f.t + {span} AND b.next_t <= b.t + {span}"""


def _side(forward_cost: str, backward_cost: str) -> str:
    """The side a start grows next: ``'f'`` when its forward frontier's total out-degree
    is at most its backward frontier's total in-degree, else ``'b'`` (a choice of cost
    only: the cycle found is the same either way)."""
    return f"CASE WHEN {forward_cost} <= {backward_cost} THEN 'f' ELSE 'b' END"


def _grow_forward(engine: Engine, n: _Names, span: int) -> None:
    """The next forward level of the starts growing forward: each node not yet reached
    forward, by its first discovery (frontier rank, then time, then transfer), ranked
    in that order (``fnew``)."""
    engine.create_table(n.fnew, f"""
        WITH c AS (
            SELECT l.start_id, l.start, l.t0, l.f, l.g, e.dst AS node, l.rank, e.t, e.tx,
                   l.path
            FROM {n.flast} l JOIN {n.edges} e ON e.src = l.node
            WHERE l.dir = 'f' AND e.t >= l.t0 AND e.t <= l.t0 + {span}
              AND NOT EXISTS (SELECT 1 FROM {n.fseen} v
                              WHERE v.start_id = l.start_id AND v.node = e.dst)),
        first AS (
            SELECT *, row_number() OVER (PARTITION BY start_id, node
                                         ORDER BY rank, t, tx) AS k
            FROM c)
        SELECT start_id, start, t0, f + 1 AS f, g, node,
               row_number() OVER (PARTITION BY start_id ORDER BY rank, t, tx) - 1 AS rank,
               list_concat(path, [tx]) AS path
        FROM first WHERE k = 1""")


def _grow_backward(engine: Engine, n: _Names, span: int) -> None:
    """The next backward level of the starts growing backward: the payers, within the
    start's window, of the backward frontier not yet reached backward (``bnew``), with
    their distance to the start's payer (``g``)."""
    engine.create_table(n.bnew, f"""
        SELECT DISTINCT l.start_id, l.t0, l.g + 1 AS g, e.src AS node
        FROM {n.blast} l JOIN {n.edges} e ON e.dst = l.node
        WHERE l.dir = 'b' AND e.t >= l.t0 AND e.t <= l.t0 + {span}
          AND NOT EXISTS (SELECT 1 FROM {n.bseen} v
                          WHERE v.start_id = l.start_id AND v.node = e.src)""")


def _meet(engine: Engine, n: _Names) -> None:
    """The starts whose balls met this round, appended to ``meet``: each one's meeting
    node at its last forward level with the lowest rank, its forward path and its
    backward distance (the hops left to walk). At the first meeting every node in both
    balls is at forward level ``f`` and backward distance ``g``, so a forward level is
    matched against the backward ball and a backward level against the forward
    frontier (the module docstring says why)."""
    engine.insert_into(n.meet, f"""
        WITH met AS (
            SELECT f.start_id, f.start, f.t0, f.node, f.rank, f.path, f.g
            FROM {n.fnew} f JOIN {n.bseen} b ON b.start_id = f.start_id AND b.node = f.node
            UNION ALL
            SELECT l.start_id, l.start, l.t0, l.node, l.rank, l.path, b.g
            FROM {n.flast} l JOIN {n.bnew} b ON b.start_id = l.start_id AND b.node = l.node),
        first AS (SELECT *, row_number() OVER (PARTITION BY start_id ORDER BY rank) AS k
                  FROM met)
        SELECT start_id, start, t0, node, path, g FROM first WHERE k = 1""")


def _advance(engine: Engine, n: _Names) -> int:
    """The next round's starts: those whose balls did not meet and whose frontiers on
    both sides are not empty (an empty frontier means no cycle), each with the side to
    grow next; their frontiers and balls, and the backward balls of the starts that met
    (the walk back reads them). Keeping only those keeps each round's anti-joins to the
    starts still searching. Returns the number of starts still searching."""
    forward = f"""SELECT start_id, start, t0, f, g, node, rank, path FROM {n.fnew}
                  UNION ALL SELECT start_id, start, t0, f, g + 1 AS g, node, rank, path
                  FROM {n.flast} WHERE dir = 'b'"""
    backward = f"""SELECT start_id, t0, g, node FROM {n.bnew}
                   UNION ALL SELECT start_id, t0, g, node FROM {n.blast} WHERE dir = 'f'"""
    engine.create_table(n.nxt, f"""
        WITH fc AS (SELECT x.start_id, sum(d.out_deg) AS c FROM ({forward}) x
                    JOIN {n.deg} d ON d.node = x.node GROUP BY x.start_id),
        bc AS (SELECT x.start_id, sum(d.in_deg) AS c FROM ({backward}) x
               JOIN {n.deg} d ON d.node = x.node GROUP BY x.start_id)
        SELECT fc.start_id, {_side("fc.c", "bc.c")} AS dir
        FROM fc JOIN bc ON bc.start_id = fc.start_id
        WHERE fc.start_id NOT IN (SELECT start_id FROM {n.meet})""")

    def sides(frontier: str) -> str:
        return " UNION ALL ".join(
            f"SELECT x.*, '{d}' AS dir FROM ({frontier}) x WHERE x.start_id IN "
            f"(SELECT start_id FROM {n.nxt} WHERE dir = '{d}')" for d in ("f", "b"))

    going = f"start_id IN (SELECT start_id FROM {n.nxt})"
    # one IN over a union, not two INs joined by OR: Spark turns an IN under OR into an
    # existence join, whose size estimate is the product of both sides', so the
    # backward balls' estimate was multiplied by the meetings' (themselves built from
    # the balls) every round, squaring it: AMLworld's 23,671 transfers left Spark's
    # planner multiplying numbers of millions of digits for minutes
    walked = (f"start_id IN (SELECT start_id FROM {n.meet} "
              f"UNION ALL SELECT start_id FROM {n.nxt})")
    engine.create_table(n.fseen, f"""
        SELECT start_id, node FROM {n.fseen} WHERE {going}
        UNION ALL SELECT start_id, node FROM {n.fnew} WHERE {going}""")
    engine.create_table(n.bseen, f"""
        SELECT start_id, node, d FROM {n.bseen} WHERE {walked}
        UNION ALL SELECT start_id, node, g AS d FROM {n.bnew} WHERE {going}""")
    engine.create_table(n.flast, sides(forward))
    engine.create_table(n.blast, sides(backward))
    return int(fetch_value(engine, f"SELECT count(*) FROM {n.nxt}"))


def _walk_back(engine: Engine, n: _Names, p: TypologyParams) -> None:
    """From each meeting node, ``g`` times the earliest (time, transfer) hop within the
    start's window to a node one step closer to the payer; ``found`` holds each start's
    whole cycle as transfer numbers."""
    span = int(p.cycle_span_hours * 3600)
    engine.create_table(n.walk, f"SELECT start_id, start, t0, node, path, g FROM {n.meet}")
    while fetch_value(engine, f"SELECT count(*) FROM {n.walk} WHERE g > 0"):
        engine.create_table(n.found, f"""
            WITH c AS (
                SELECT w.start_id, w.start, w.t0, e.dst AS node, w.path, e.tx, w.g,
                       row_number() OVER (PARTITION BY w.start_id ORDER BY e.t, e.tx) AS k
                FROM {n.walk} w JOIN {n.edges} e ON e.src = w.node
                JOIN {n.bseen} b ON b.start_id = w.start_id AND b.node = e.dst
                                AND b.d = w.g - 1
                WHERE w.g > 0 AND e.t >= w.t0 AND e.t <= w.t0 + {span})
            SELECT start_id, start, t0, node, list_concat(path, [tx]) AS path, g - 1 AS g
            FROM c WHERE k = 1
            UNION ALL
            SELECT start_id, start, t0, node, path, g FROM {n.walk} WHERE g = 0""")
        n.walk, n.found = n.found, n.walk
    engine.create_table(n.found, f"SELECT start_id, start, t0, path FROM {n.walk}")


def _keep_once(engine: Engine, n: _Names, members: str) -> None:
    """Each cycle once (its set of transfers), from the earliest start that found it.
    The set is told by its transfers' numbers, which no separator can run together
    (transfer ids joined with commas made "x,y" + "z" and "x" + "y,z" one cycle, and
    one of the two was dropped); the alert's key hashes the ids joined with commas,
    each id's commas (and "%") percent-escaped first (:mod:`tnoc.money.alert_keys`),
    as the sequential search's (tests/typology_oracle.py)."""
    engine.insert_into(members, f"""
        WITH fp AS (SELECT start_id, start, t0, unnest(path) AS tx FROM {n.found}),
        named AS (SELECT fp.start_id, fp.start, fp.t0, fp.tx, x.transfer_id,
                         {key_part('x.transfer_id', ',')} AS member
                  FROM fp JOIN {n.tx} x ON x.id = fp.tx),
        k AS (SELECT start_id, start, t0,
                     array_to_string(list(DISTINCT tx ORDER BY tx), ',') AS cycle,
                     array_to_string(list(DISTINCT member ORDER BY member), ',')
                         AS members
              FROM named GROUP BY start_id, start, t0),
        first AS (SELECT *, row_number() OVER (PARTITION BY cycle
                                               ORDER BY t0, start_id) AS n FROM k)
        SELECT 'CYCLE' AS typology,
               'CYCLE:' || a.name || ':' || substr(sha1(first.members), 1, 16) AS alert_key,
               a.name AS focus, named.transfer_id
        FROM first JOIN named ON named.start_id = first.start_id
        JOIN {n.acct} a ON a.id = first.start
        WHERE first.n = 1""")
