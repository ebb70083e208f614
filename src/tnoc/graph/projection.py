"""Projection: from edge entities in the store to a networkit graph.

A projection chooses the edge schemata (a *layer*: communication, co-offending,
financial...), the sources (one CAVIAR phase file is one time slice), the direction and
the property whose numeric values weight a tie (number of calls, tie strength, amount).
Parallel ties between the same two entities are merged and their weights summed.
Nodes are the tie endpoints plus every actor the chosen sources state (so a phase's
isolates are counted); without chosen sources, the actors of the sources that hold
ties. The projection records its parameters, those sources and how many statements
they hold; merged entities (judgements) appear once, under their canonical id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

import duckdb
import networkit as nk

from tnoc.errors import TnocError
from tnoc.store.sql import literal


def parse_window(text: str | None, option: str = "--window") -> tuple[str, str] | None:
    """A date window FROM..UNTIL (ISO 8601, e.g. "2022-12-01..2023-01-01") as the pair
    :attr:`ProjectionSpec.window` takes; None for no window. A window that is not two
    dates with FROM before UNTIL is a :class:`TnocError` naming ``option``."""
    if not text:
        return None
    start, sep, until = text.partition("..")
    if not sep or not start or not until or until <= start:
        raise TnocError(f"{option} {text!r}: give FROM..UNTIL with FROM before UNTIL, "
                        "e.g. 2022-12-01..2023-01-01")
    return start.strip(), until.strip()


@dataclass
class ProjectionSpec:
    """What to project. ``directed`` None (the default) follows the data: directed when
    every tie's schema is directed (CommunicationLink, Payment), undirected when any is
    not (NetworkTie, co-membership); True or False force it.

    ``affiliation`` makes a two-mode network one-mode (Breiger 1974): ``Schema.prop``
    names the property whose values are the actors (``Event.involved``: the people at a
    summit); actors are tied when they share an entity of that schema, weighted by the
    number shared. ``Schema.prop:group`` takes the group from another property instead
    (``Membership.member:organization``: co-members of an organisation).

    ``window`` (from, until) keeps only ties dated (``date`` or ``startDate``) in
    [from, until), ISO 8601 text compared as text: a time slice by dates rather than by
    source file. Its actors are the ties' ends (actors have no date to place them in
    the window as isolates)."""

    schemata: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    directed: bool | None = None
    weight: str | None = None
    include_isolates: bool = True
    affiliation: str | None = None
    window: tuple[str, str] | None = None

    def key(self) -> str:
        """A stable id of the parameters."""
        text = json.dumps(asdict(self), sort_keys=True)
        return "proj-" + hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass
class Projection:
    """A projected graph and what it came from."""

    spec: ProjectionSpec
    graph: nk.Graph
    ids: list[str]
    input_statements: int
    source_ids: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # id -> caption, for display

    @property
    def index(self) -> dict[str, int]:
        return {entity: i for i, entity in enumerate(self.ids)}

    def name(self, entity: str) -> str:
        """How an actor is shown: its name (FtM caption), else its id."""
        return self.names.get(entity, entity)


def _filters(spec: ProjectionSpec, alias: str) -> tuple[str, dict[str, object]]:
    conds: list[str] = []
    params: dict[str, object] = {}
    if spec.sources:
        conds.append(f"{alias}.source_id IN $sources")
        params["sources"] = list(spec.sources)
    if spec.datasets:
        conds.append(f"{alias}.dataset IN $datasets")
        params["datasets"] = list(spec.datasets)
    return (" AND ".join(conds) or "true"), params


# FtM schemata of single interactions that are not FtM edges but are ties between
# their participants: a call ties caller to receiver, a message or an email its sender
# to each recipient (directed)
INTERACTIONS = {"Call": ("caller", "receiver"), "Message": ("sender", "recipients"),
                "Email": ("emitters", "recipients")}

TIES_SQL = """
WITH tie_schemata AS (
    SELECT name, edge_source, edge_target, directed FROM schemata WHERE is_edge
    UNION ALL SELECT * FROM (VALUES {interactions})
), e AS (
    SELECT DISTINCT s.canonical_id AS edge, s.schema, s.source_id
    FROM statements s JOIN tie_schemata sc ON sc.name = s.schema
    WHERE s.prop = 'id' AND {where} {schema_filter} {window_filter}
), ends AS (
    SELECT e.edge, e.schema, e.source_id,
        coalesce(ms.canonical_id, src.value) AS source,
        coalesce(mt.canonical_id, tgt.value) AS target,
        min(src.locator) AS locator
    FROM e JOIN tie_schemata sc ON sc.name = e.schema
    JOIN statements src ON src.canonical_id = e.edge AND src.prop = sc.edge_source
         AND src.source_id = e.source_id AND src.flag IS NULL
    JOIN statements tgt ON tgt.canonical_id = e.edge AND tgt.prop = sc.edge_target
         AND tgt.source_id = e.source_id AND tgt.flag IS NULL
    LEFT JOIN canonical_map ms ON ms.entity_id = src.value
    LEFT JOIN canonical_map mt ON mt.entity_id = tgt.value
    GROUP BY ALL
), weights AS (
    SELECT canonical_id AS edge, source_id, sum(try_cast(value AS DOUBLE)) AS w,
           count(*) FILTER (WHERE try_cast(value AS DOUBLE) < 0) AS negative
    FROM statements WHERE prop = $weight AND flag IS NULL GROUP BY 1, 2
)
"""

EDGES_SQL = TIES_SQL + """
SELECT ends.source, ends.target, sum(coalesce(w.w, 1.0)) AS weight,
       sum(coalesce(w.negative, 0)) AS negative, bool_and(coalesce(sd.directed, true)),
       list(DISTINCT ends.source_id)
FROM ends LEFT JOIN weights w USING (edge, source_id)
JOIN tie_schemata sd ON sd.name = ends.schema
GROUP BY ends.source, ends.target
ORDER BY ends.source, ends.target  -- the graph's edge order: see project()
"""

EVIDENCE_SQL = TIES_SQL + """
SELECT ends.edge, ends.schema, ends.source, ends.target, w.w AS weight, ends.source_id,
       ends.locator, src.file_name, src.sha256
FROM ends LEFT JOIN weights w USING (edge, source_id) JOIN sources src USING (source_id)
WHERE ends.source IN $ends AND ends.target IN $ends
ORDER BY src.file_name, ends.edge
"""

AFFILIATION_SQL = """
WITH a AS (
    SELECT DISTINCT {group_expr} AS grp, coalesce(m.canonical_id, s.value) AS actor,
           s.source_id, s.locator
    FROM statements s {group_join} LEFT JOIN canonical_map m ON m.entity_id = s.value
    WHERE s.schema = $schema AND s.prop = $prop AND s.flag IS NULL AND {where}
)
"""

AFFILIATION_EDGES_SQL = AFFILIATION_SQL + """
SELECT a1.actor, a2.actor, count(DISTINCT a1.grp)::DOUBLE, 0, false,
       list(DISTINCT a1.source_id)
FROM a a1 JOIN a a2 ON a1.grp = a2.grp AND a1.actor < a2.actor
GROUP BY 1, 2
ORDER BY 1, 2  -- the graph's edge order: see project()
"""

AFFILIATION_EVIDENCE_SQL = AFFILIATION_SQL + """
SELECT a1.grp, $schema, a1.actor, a2.actor, NULL, a1.source_id,
       a1.locator || '; ' || a2.locator, src.file_name, src.sha256
FROM a a1 JOIN a a2 ON a1.grp = a2.grp AND a1.actor < a2.actor
     AND a1.source_id = a2.source_id
JOIN sources src ON src.source_id = a1.source_id
WHERE a1.actor IN $ends AND a2.actor IN $ends
ORDER BY src.file_name, a1.grp
"""

NODES_SQL = """
SELECT DISTINCT s.canonical_id FROM statements s
JOIN schemata sc ON sc.name = s.schema AND NOT sc.is_edge
WHERE s.prop = 'id' AND s.schema IN ('Person', 'Organization', 'Company', 'LegalEntity',
      'UserAccount', 'BankAccount', 'CryptoWallet', 'CryptoTransaction') AND {where}
"""


def _affiliation_query(spec: ProjectionSpec, template: str
                       ) -> tuple[str, dict[str, object]]:
    assert spec.affiliation is not None
    if spec.window:
        raise TnocError("a date window selects dated ties; it does not apply to an "
                        "affiliation projection (choose the events' sources instead)")
    head, _, group = spec.affiliation.partition(":")
    schema, _, prop = head.partition(".")
    if not schema or not prop:
        raise TnocError(f"affiliation {spec.affiliation!r}: give Schema.prop, e.g. "
                        "Event.involved or Membership.member:organization")
    where, params = _filters(spec, "s")
    if group:
        group_expr = "coalesce(mg.canonical_id, g.value)"
        group_join = ("JOIN statements g ON g.canonical_id = s.canonical_id AND g.prop = "
                      "$group AND g.flag IS NULL LEFT JOIN canonical_map mg ON "
                      "mg.entity_id = g.value")
        params["group"] = group
    else:
        group_expr, group_join = "s.canonical_id", ""
    sql = template.format(where=where, group_expr=group_expr, group_join=group_join)
    return sql, {**params, "schema": schema, "prop": prop}


def _ties_query(spec: ProjectionSpec, evidence: bool) -> tuple[str, dict[str, object]]:
    """The SQL (and parameters) of the projection's ties, aggregated per pair, or with
    ``evidence`` one row per tie entity."""
    if spec.affiliation:
        return _affiliation_query(
            spec, AFFILIATION_EVIDENCE_SQL if evidence else AFFILIATION_EDGES_SQL)
    template = EVIDENCE_SQL if evidence else EDGES_SQL
    where, params = _filters(spec, "s")
    schema_filter = window_filter = ""
    if spec.schemata:
        schema_filter = "AND s.schema IN $schemata"
        params["schemata"] = list(spec.schemata)
    if spec.window:
        window_filter = ("AND EXISTS (SELECT 1 FROM statements d WHERE d.canonical_id = "
                         "s.canonical_id AND d.source_id = s.source_id AND d.prop IN "
                         "('date', 'startDate') AND d.flag IS NULL AND d.value >= $from "
                         "AND d.value < $until)")
        params["from"], params["until"] = spec.window
    interactions = ", ".join(f"({literal(name)}, {literal(a)}, {literal(b)}, true)"
                             for name, (a, b) in INTERACTIONS.items())
    return (template.format(where=where, schema_filter=schema_filter,
                            window_filter=window_filter, interactions=interactions),
            {**params, "weight": spec.weight or ""})


def tie_evidence(con: duckdb.DuckDBPyConnection, spec: ProjectionSpec,
                 pairs: list[tuple[str, str]], directed: bool
                 ) -> dict[tuple[str, str], list[dict[str, object]]]:
    """The tie entities behind each (a, b) pair of the projection: edge id, schema,
    weight, source file, locator and the file's sha256. On an undirected projection a
    tie b → a also counts for (a, b)."""
    if not pairs:
        return {}
    sql, params = _ties_query(spec, evidence=True)
    ends = sorted({n for pair in pairs for n in pair})
    rows = con.execute(sql, {**params, "ends": ends}).fetchall()
    columns = ("edge", "schema", "source", "target", "weight", "source_id", "locator",
               "file_name", "sha256")
    out: dict[tuple[str, str], list[dict[str, object]]] = {pair: [] for pair in pairs}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        a, b = str(record["source"]), str(record["target"])
        if (a, b) in out:
            out[(a, b)].append(record)
        if not directed and (b, a) in out and a != b:
            out[(b, a)].append(record)
    return out


def project(con: duckdb.DuckDBPyConnection, spec: ProjectionSpec) -> Projection:
    """Build the graph described by ``spec``.

    Nodes are numbered in id order and edges added in (source, target) order, so the
    same store gives the same graph, adjacency order included: community detection
    and other order-sensitive algorithms visit neighbours in that order, and with
    edges in the order DuckDB's parallel scan happened to return them the Leiden
    partition of the Elliptic network changed from run to run (373-380 communities)."""
    sql, query_params = _ties_query(spec, evidence=False)
    edges = con.execute(sql, query_params).fetchall()
    directed = spec.directed if spec.directed is not None else bool(edges) and all(
        row[4] for row in edges)
    if any(row[3] for row in edges):
        raise TnocError(f"negative values in weight property {spec.weight!r}: a tie strength "
                        "cannot be negative; choose another --weight or none")
    nodes = {node for source, target, *_ in edges for node in (source, target)}
    # the sources read: the chosen ones, else those holding ties (a sanctions list in
    # the same case is not an input of a wiretap network, nor are its people isolates)
    sources = sorted(spec.sources) if spec.sources else sorted(
        {x for row in edges for x in row[5]})
    if spec.include_isolates and not spec.window:  # actors carry no date: a window
        node_where, node_params = _filters(spec, "s")
        if not spec.sources:
            node_where += " AND s.source_id IN $tie_sources"
            node_params["tie_sources"] = sources or [""]
        nodes.update(node for (node,) in con.execute(NODES_SQL.format(where=node_where),
                                                     node_params).fetchall())
    nodes_sorted = sorted(nodes)
    index = {n: i for i, n in enumerate(nodes_sorted)}
    graph = nk.Graph(len(nodes_sorted), weighted=True, directed=directed)
    for source, target, weight, *_ in edges:
        if source == target:
            continue  # self-loops (a person calling themselves) carry no structure
        u, v = index[source], index[target]
        if graph.hasEdge(u, v):
            graph.setWeight(u, v, graph.weight(u, v) + float(weight))
        else:
            graph.addEdge(u, v, float(weight))
    from tnoc.store.lookup import captions

    return Projection(spec, graph, nodes_sorted, statements_read(con, sources), sources,
                      captions(con, nodes_sorted))


def statements_read(con: duckdb.DuckDBPyConnection, sources: list[str]) -> int:
    """How many statements the sources ``sources`` hold: a network's
    ``input_statements``, stored with every run (a projection or the whole case's
    network, on either engine) so a reader sees how much evidence it rests on."""
    counted = con.execute("SELECT count(*) FROM statement_store WHERE source_id IN $sources",
                          {"sources": sources or [""]}).fetchone()
    return int(counted[0]) if counted else 0


def restrict(projection: Projection, ids: set[str] | list[str]) -> Projection:
    """The sub-network of ``projection`` induced by the actors ``ids`` (those not in it
    are ignored): the actors on an analyst's chart, so the key-player and brokerage
    analyses answer for what the chart shows (Borgatti 2006 states the key-player
    problem on a given network)."""
    keep = sorted(set(ids) & set(projection.ids))
    index = {n: i for i, n in enumerate(keep)}
    old = projection.index
    graph = nk.Graph(len(keep), weighted=True, directed=projection.graph.isDirected())
    for entity in keep:
        u = old[entity]
        for v in projection.graph.iterNeighbors(u):
            other = projection.ids[v]
            if other in index and (projection.graph.isDirected() or entity < other):
                graph.addEdge(index[entity], index[other], projection.graph.weight(u, v))
    return Projection(projection.spec, graph, keep, projection.input_statements,
                      projection.source_ids,
                      {n: projection.names[n] for n in keep if n in projection.names})
