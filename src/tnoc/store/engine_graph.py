"""Graph traversals as set-based SQL through :class:`tnoc.store.engine.Engine` (issue #27).

The same statements, in DuckDB's dialect, run on the case's DuckDB connection and on
Spark (after :func:`tnoc.store.spark_dialect.to_spark`), so a stage that needs a graph
walk over a national case's transfers needs no Python loop over rows. Every function
reads a table of edges ``(src, dst)`` (text ids; any orderable type works), writes its
result as a table named by the caller and returns its round count; each round is one
``create_table`` (a checkpointed view on Spark), so a plan never grows with the rounds.

- :func:`components`: connected components by the large-star / small-star alternation
  (Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii, "Connected Components in
  MapReduce and Beyond", ACM SoCC 2014) — the SQL twin of
  :func:`tnoc.graph.scale.connected_components`; each component named by its smallest
  id, as :class:`tnoc.disjoint_sets.DisjointSets` names sets.
- :func:`k_hop`: the bounded breadth-first search: every node within ``k`` hops of the
  given sources, with its distance (networkx's
  ``single_source_shortest_path_length(..., cutoff=k)``, for many sources at once).
- :func:`shortest_paths`: one shortest path per pair of nodes (breadth-first search
  with parent pointers, then the path walked back from the target), for many pairs
  at once: the nodes of each path in order.
- :func:`label_propagation`: communities by semi-synchronous label propagation with
  Prec-Max tie breaking (Cordasco & Gargano, "Community detection via semi-synchronous
  label propagation algorithms", BASNA 2010; networkx's
  ``label_propagation_communities``): the nodes of one colour class of a proper
  colouring update together, so the result is deterministic and never oscillates.
"""

from __future__ import annotations

from tnoc.store.engine import Engine, fetch_value

__all__ = ["colouring", "components", "k_hop", "label_propagation", "shortest_paths"]


def _count(engine: Engine, sql: str) -> int:
    return int(fetch_value(engine, f"SELECT count(*) FROM ({sql}) q"))


def _scratch(out: str, name: str) -> str:
    return f"{out}__{name}"


def _adjacency(engine: Engine, edges: str, out: str, directed: bool) -> None:
    """Table ``out (src, dst)``: the distinct arcs of ``edges``, both ways round when
    not ``directed`` (the steps a breadth-first search may take)."""
    engine.create_table(out, f"SELECT DISTINCT src, dst FROM {edges}" + (
        "" if directed else f" UNION SELECT dst AS src, src AS dst FROM {edges}"))


def _not_star(e: str) -> str:
    """The nodes of the distinct edges ``e (a, b)``, ``a > b``, that keep them from being
    a union of stars: a node with two parents (``a`` of two edges) or a parent that has
    a parent itself (``b`` of one edge, ``a`` of another). Without either, every node is
    a leaf of exactly one centre, centres are leaves of none, and as large-star and
    small-star keep components connected each star is a whole component centred on its
    smallest node: the convergence of Kiveris et al. (2014). Testing only the second
    (a leaf with two centres passes it: path c-a, c-b) stops before that."""
    return (f"SELECT a FROM {e} GROUP BY a HAVING count(*) > 1 "
            f"UNION SELECT x.a FROM {e} x JOIN {e} y ON y.b = x.a")


def components(engine: Engine, edges: str, out: str, nodes: str | None = None,
               max_rounds: int = 100) -> int:
    """Table ``out (node, component)``: the connected components of the undirected graph
    of table ``edges (src, dst)`` (direction ignored, self-loops only name their node)
    plus the nodes of table ``nodes (node)``, each component named by its smallest node.
    Returns the large-star/small-star rounds run.

    Raises:
        RuntimeError: ``max_rounds`` rounds did not converge (a bug, never expected).
    """
    e, nxt = _scratch(out, "e"), _scratch(out, "next")
    engine.create_table(e, f"""
        SELECT DISTINCT greatest(src, dst) AS a, least(src, dst) AS b
        FROM {edges} WHERE src <> dst""")
    rounds = 0
    while _count(engine, _not_star(e)) > 0:
        if rounds >= max_rounds:
            raise RuntimeError(f"connected components: no convergence in {rounds} rounds")
        rounds += 1
        # large star (every node u links each larger neighbour to m(u), the smallest
        # of u and its neighbours), then small star (every node u links itself and each
        # smaller neighbour to the smallest of them): one statement, one table a round
        engine.create_table(nxt, f"""
            WITH both_ways AS (SELECT a AS u, b AS v FROM {e} UNION ALL
                               SELECT b AS u, a AS v FROM {e}),
            lm AS (SELECT u, least(u, min(v)) AS m FROM both_ways GROUP BY u),
            large AS (SELECT DISTINCT w.v AS a, lm.m AS b
                      FROM both_ways w JOIN lm ON lm.u = w.u WHERE w.v > w.u),
            sm AS (SELECT a AS u, min(b) AS m FROM large GROUP BY a),
            s AS (SELECT x.b AS a, sm.m AS b FROM large x JOIN sm ON sm.u = x.a
                  UNION ALL SELECT u AS a, m AS b FROM sm)
            SELECT DISTINCT a, b FROM s WHERE a <> b""")
        e, nxt = nxt, e
    lone = f" UNION SELECT node FROM {nodes}" if nodes else ""
    engine.create_table(out, f"""
        WITH labels AS (SELECT a AS node, b AS component FROM {e}
                        UNION SELECT b AS node, b AS component FROM {e}),
        ids AS (SELECT src AS node FROM {edges} UNION SELECT dst AS node FROM {edges}{lone})
        SELECT ids.node, coalesce(l.component, ids.node) AS component
        FROM ids LEFT JOIN labels l ON l.node = ids.node""")
    engine.drop(e)
    engine.drop(nxt)
    return rounds


def k_hop(engine: Engine, edges: str, sources: str, out: str, k: int,
          directed: bool = True) -> int:
    """Table ``out (source, node, hops)``: every node within ``k`` hops of each node of
    table ``sources (source)`` over table ``edges (src, dst)`` (along the direction, or
    either way when not ``directed``), with its distance; a source is at 0 hops of
    itself. Level-synchronous breadth-first search: a node found at one level is not
    reached again. Returns the levels expanded (stops early when none grows)."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    adj = _scratch(out, "adj")
    _adjacency(engine, edges, adj, directed)
    engine.create_table(out, f"SELECT DISTINCT source, source AS node, 0 AS hops "
                             f"FROM {sources}")
    levels = _breadth_first(engine, adj, out, k)
    engine.drop(adj)
    return levels


def _breadth_first(engine: Engine, adj: str, seen: str, levels: int,
                   parents: bool = False, searching: str | None = None) -> int:
    """The level-synchronous search of :func:`k_hop` and :func:`shortest_paths`: table
    ``seen (source, node, hops[, parent])``, holding the sources at 0 hops, grows by
    one level a round over the arcs of ``adj``, each node reached once per source
    (with ``parents``, its smallest predecessor on the level before), for up to
    ``levels`` rounds, until none grows, or (``searching``: a query of the sources
    still searching) until none searches. Returns the levels expanded."""
    frontier, step = _scratch(seen, "frontier"), _scratch(seen, "step")
    engine.create_table(frontier, f"SELECT source, node FROM {seen}")
    columns = "source, node, hops" + (", parent" if parents else "")
    done = 0
    for level in range(1, levels + 1):
        if searching is not None and _count(engine, searching) == 0:
            break
        engine.create_table(step, f"""
            SELECT f.source, a.dst AS node, {level} AS hops
                   {", min(f.node) AS parent" if parents else ""}
            FROM {frontier} f JOIN {adj} a ON a.src = f.node
            WHERE {f"f.source IN ({searching}) AND" if searching else ""} NOT EXISTS (
                SELECT 1 FROM {seen} v WHERE v.source = f.source AND v.node = a.dst)
            GROUP BY f.source, a.dst""")
        if _count(engine, f"SELECT 1 FROM {step}") == 0:
            break
        done = level
        engine.insert_into(seen, f"SELECT {columns} FROM {step}")
        engine.create_table(frontier, f"SELECT source, node FROM {step}")
    for name in (frontier, step):
        engine.drop(name)
    return done


def shortest_paths(engine: Engine, edges: str, pairs: str, out: str, max_hops: int,
                   directed: bool = True) -> int:
    """Table ``out (source, target, step, node)``: for each pair of table ``pairs
    (source, target)`` joined within ``max_hops`` over table ``edges (src, dst)``
    (along the direction, or either way when not ``directed``), the nodes of one
    shortest path, ``step`` 0 the source to ``step`` = its length the target; a pair
    not joined within ``max_hops``, or with a NULL end, has no row (a source paired
    with itself: one row). Ids may be of any one orderable type.

    Which shortest path, when there are several, is fixed and the same on every
    engine: a breadth-first search from every source at once (level-synchronous, as
    :func:`k_hop`) keeps for each node reached its smallest predecessor one level
    nearer the source, and the path is walked back from the target along those.
    The search stops at ``max_hops``, or as soon as every pair is joined; a source
    whose targets are all reached stops growing. Returns the levels expanded."""
    if max_hops < 0:
        raise ValueError(f"max_hops must be >= 0, got {max_hops}")
    adj, seen, walk = (_scratch(out, n) for n in ("adj", "seen", "walk"))
    known = (f"(SELECT source, target FROM {pairs} "
             "WHERE source IS NOT NULL AND target IS NOT NULL)")
    open_pairs = (f"SELECT DISTINCT p.source FROM {known} p WHERE NOT EXISTS ("
                  f"SELECT 1 FROM {seen} v WHERE v.source = p.source AND v.node = p.target)")
    _adjacency(engine, edges, adj, directed)
    # the parent is a NULL of the nodes' own type (ids need not be text)
    engine.create_table(seen, f"SELECT DISTINCT source, source AS node, 0 AS hops, "
                              f"nullif(source, source) AS parent FROM {known} p")
    levels = _breadth_first(engine, adj, seen, max_hops, parents=True,
                            searching=open_pairs)
    engine.create_table(walk, f"""
        SELECT DISTINCT p.source, p.target, v.hops AS step, p.target AS node
        FROM {known} p JOIN {seen} v ON v.source = p.source AND v.node = p.target""")
    engine.create_table(out, f"SELECT source, target, step, node FROM {walk}")
    while _count(engine, f"SELECT 1 FROM {walk} WHERE step > 0") > 0:
        engine.create_table(walk, f"""
            SELECT w.source, w.target, w.step - 1 AS step, v.parent AS node
            FROM {walk} w JOIN {seen} v ON v.source = w.source AND v.node = w.node
            WHERE w.step > 0""")
        engine.insert_into(out, f"SELECT source, target, step, node FROM {walk}")
    for name in (adj, seen, walk):
        engine.drop(name)
    return levels


def colouring(engine: Engine, edges: str, out: str, max_rounds: int = 10_000) -> int:
    """Table ``out (node, colour)``: a proper colouring of the undirected graph of
    ``edges (src, dst)`` (no edge joins two nodes of one colour). Round r gives colour r
    to the uncoloured nodes that beat every uncoloured neighbour (more neighbours
    first, then the larger id: largest-first, as networkx's ``greedy_color``); each
    round's winners are independent. Returns the number of colours."""
    adj, left, win = _scratch(out, "adj"), _scratch(out, "left"), _scratch(out, "win")
    engine.create_table(adj, f"""
        WITH u AS (SELECT src AS x, dst AS y FROM {edges} WHERE src <> dst UNION
                   SELECT dst AS x, src AS y FROM {edges} WHERE src <> dst)
        SELECT u.x, u.y, d.deg FROM u
        JOIN (SELECT x, count(*) AS deg FROM u GROUP BY x) d ON d.x = u.y""")
    engine.create_table(left, f"""
        SELECT x AS node, count(*) AS deg FROM {adj} GROUP BY x""")
    engine.create_table(out, "SELECT CAST(NULL AS VARCHAR) AS node, 0 AS colour WHERE false")
    colour = 0
    while _count(engine, f"SELECT 1 FROM {left}") > 0:
        if colour >= max_rounds:
            raise RuntimeError(f"colouring: no end in {colour} rounds")
        engine.create_table(win, f"""
            SELECT l.node FROM {left} l WHERE NOT EXISTS (
                SELECT 1 FROM {adj} a JOIN {left} o ON o.node = a.y
                WHERE a.x = l.node AND (o.deg > l.deg OR (o.deg = l.deg AND o.node > l.node)))""")
        engine.insert_into(out, f"SELECT node, {colour} AS colour FROM {win}")
        engine.delete_where(left, f"node IN (SELECT node FROM {win})")
        colour += 1
    for name in (adj, left, win):
        engine.drop(name)
    return colour


def label_propagation(engine: Engine, edges: str, out: str, colours: str | None = None,
                      max_sweeps: int = 1000) -> int:
    """Table ``out (node, community)``: communities of the undirected graph of table
    ``edges (src, dst)`` (parallel edges and self-loops ignored) by semi-synchronous
    label propagation (Cordasco & Gargano 2010). Every node starts with its own id as
    label; a sweep updates the colour classes of ``colours (node, colour)`` (default
    :func:`colouring`) in ascending order, each node taking the label most frequent
    among its neighbours, and on a tie keeping its own if among the most frequent, else
    the largest (Prec-Max). Stops when every node holds one of its most frequent
    neighbour labels. ``community`` is the final label. Returns the sweeps run.

    With the colouring networkx uses (``greedy_color``) and ids ordered as its nodes,
    the partition equals networkx's ``label_propagation_communities``."""
    adj, lab, best = _scratch(out, "ladj"), _scratch(out, "lab"), _scratch(out, "best")
    col = colours or _scratch(out, "colours")
    if colours is None:
        colouring(engine, edges, col)
    engine.create_table(adj, f"""
        SELECT src AS x, dst AS y FROM {edges} WHERE src <> dst UNION
        SELECT dst AS x, src AS y FROM {edges} WHERE src <> dst""")
    engine.create_table(lab, f"""
        SELECT x AS node, x AS label, c.colour FROM (SELECT DISTINCT x FROM {adj}) n
        JOIN {col} c ON c.node = n.x""")
    n_colours = [int(v) for v in engine.fetch_arrow(
        f"SELECT DISTINCT colour FROM {lab} ORDER BY colour")["colour"].to_pylist()]
    # each node's most frequent neighbour labels and whether its own is among them
    frequent = f"""
        WITH f AS (SELECT a.x AS node, l.label, count(*) AS freq
                   FROM {adj} a JOIN {lab} l ON l.node = a.y GROUP BY a.x, l.label),
        top AS (SELECT node, max(freq) AS freq FROM f GROUP BY node)
        SELECT f.node, f.label FROM f JOIN top ON top.node = f.node AND top.freq = f.freq"""
    sweeps = 0
    while True:
        unsettled = _count(engine, f"""
            SELECT l.node FROM {lab} l WHERE NOT EXISTS (
                SELECT 1 FROM ({frequent}) h WHERE h.node = l.node AND h.label = l.label)""")
        if unsettled == 0:
            break
        if sweeps >= max_sweeps:
            raise RuntimeError(f"label propagation: not settled in {sweeps} sweeps")
        sweeps += 1
        for c in n_colours:
            engine.create_table(best, f"""
                WITH h AS ({frequent}),
                k AS (SELECT h.node, count(*) AS n, max(h.label) AS top,
                             max(CASE WHEN h.label = l.label THEN 1 ELSE 0 END) AS keeps
                      FROM h JOIN {lab} l ON l.node = h.node
                      WHERE l.colour = {c} GROUP BY h.node)
                SELECT l.node, CASE WHEN k.n = 1 OR k.keeps = 0 THEN k.top ELSE l.label END
                       AS label, l.colour
                FROM {lab} l JOIN k ON k.node = l.node""")
            engine.create_table(lab, f"""
                SELECT l.node, coalesce(b.label, l.label) AS label, l.colour
                FROM {lab} l LEFT JOIN {best} b ON b.node = l.node""")
    engine.create_table(out, f"""
        SELECT node, label AS community FROM {lab}
        UNION ALL SELECT node, node AS community FROM (
            SELECT src AS node FROM {edges} UNION SELECT dst AS node FROM {edges}) i
        WHERE NOT EXISTS (SELECT 1 FROM {lab} l WHERE l.node = i.node)""")
    for name in (adj, lab, best) + ((col,) if colours is None else ()):
        engine.drop(name)
    return sweeps
