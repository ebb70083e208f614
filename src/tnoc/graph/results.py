"""Projections and their measures, kept in the store with their parameters.

``projections`` records what was projected (parameters, sources, node and tie counts,
statements read, tool version, time); ``node_measures`` one row per node and measure.
A figure in a report can so be traced to the projection and the sources it came from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.graph.disruption import (
    DisruptionResult,
    DisruptionSpec,
    attribute_rank,
    simulate_strategies,
)
from tnoc.graph.measures import MeasureTable
from tnoc.graph.projection import Projection, statements_read
from tnoc.ledger.custody import record_analysis
from tnoc.store.derived import DerivedStatement, add_analysis

if TYPE_CHECKING:
    from tnoc.graph.keyplayers import KeyPlayerSet
    from tnoc.graph.whole import WholeGraph, WholeGraphParams

DDL = """
CREATE TABLE IF NOT EXISTS projections (
    projection_id VARCHAR NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    parameters JSON NOT NULL,
    sources VARCHAR[],
    nodes BIGINT, ties BIGINT, input_statements BIGINT,
    tool_version VARCHAR
);
CREATE TABLE IF NOT EXISTS node_measures (
    projection_id VARCHAR NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    entity_id VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value DOUBLE
);
"""


def save_projection(con: duckdb.DuckDBPyConnection, projection: Projection,
                    run_at: datetime) -> str:
    """Record a projection's parameters, sources and size; returns its id."""
    con.execute(DDL)
    projection_id = projection.spec.key()
    con.execute("INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [projection_id, run_at, json.dumps(asdict(projection.spec)),
                 projection.source_ids, len(projection.ids),
                 projection.graph.numberOfEdges(), projection.input_statements,
                 __version__])
    return projection_id


def save_measures(con: duckdb.DuckDBPyConnection, projection: Projection,
                  table: MeasureTable) -> str:
    """Store a projection and its measures (caller's transaction) and record the run in
    the custody ledger; returns the projection id."""
    run_at = datetime.now(UTC)
    projection_id = save_projection(con, projection, run_at)
    rows = [(e, m, v) for m, values in table.values.items()
            for e, v in zip(table.ids, values, strict=True)]
    arrow = pa.table({"entity_id": [r[0] for r in rows],  # noqa: F841
                      "measure": [r[1] for r in rows],
                      "value": pa.array([r[2] for r in rows], type=pa.float64())})
    con.execute("INSERT INTO node_measures SELECT ?, ?, entity_id, measure, value FROM arrow",
                [projection_id, run_at])
    record_analysis(con, "network measures", projection_id,
                    parameters=asdict(projection.spec), sources=projection.source_ids,
                    results=[projection_id], actors=len(projection.ids),
                    ties=projection.graph.numberOfEdges(), measures=sorted(table.values),
                    stored_at=run_at.isoformat(),
                    measures_sha256=measures_digest(con, projection_id, run_at.isoformat()),
                    projection_sha256=projection_seal(con, projection_id,
                                                      run_at.isoformat()))
    return projection_id


RUN_DIGEST_SQL = """
SELECT count(*), sha256(coalesce(string_agg(
    {row}, chr(30) ORDER BY {order}), ''))
FROM {table} WHERE projection_id = $projection AND run_at = $run_at::TIMESTAMPTZ
"""

MEASURE_COLUMNS = ("entity_id", "measure", "value")
PROJECTION_FIELDS = ("parameters", "sources", "nodes", "ties", "input_statements",
                     "tool_version")


def run_digest(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...],
               projection_id: str, run_at: str) -> tuple[int, str]:
    """(rows, SHA-256) over ``columns`` of one run's rows in ``table`` (``projections``
    or ``node_measures``, keyed by projection id and run time), in a fixed order: each
    value as text (NULL as empty), fields joined by the unit separator (US, 0x1F),
    rows by the record separator (RS, 0x1E). Sealed in the run's signed ledger entry,
    so that ``tnoc verify`` finds a stored result edited after the run (as the seals
    of :mod:`tnoc.store.seals` do for sources). ``table`` and ``columns`` are this
    module's constants, never user input."""
    values = [f"coalesce({c}::VARCHAR, '')" for c in columns]
    sql = RUN_DIGEST_SQL.format(row=" || chr(31) || ".join(values),
                                order=", ".join(values), table=table)
    row = con.execute(sql, {"projection": projection_id, "run_at": run_at}).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def measures_digest(con: duckdb.DuckDBPyConnection, projection_id: str, run_at: str) -> str:
    """SHA-256 over one run's stored measures (:func:`run_digest`): sealed in the run's
    ledger entry (``measures_sha256``) so that ``tnoc verify`` finds a centrality
    edited in ``node_measures`` (:mod:`tnoc.evidence.merges` checks merges the same
    way: what the seals of sources cannot see)."""
    return run_digest(con, "node_measures", MEASURE_COLUMNS, projection_id, run_at)[1]


def projection_digests(con: duckdb.DuckDBPyConnection, projection_id: str,
                       run_at: str) -> dict[str, str]:
    """field -> SHA-256 of that field of a run's ``projections`` row
    (:func:`run_digest`), one digest per field so that verify can name the field that
    changed (the schemata, sources or weight a network was projected with, its node
    and tie counts); empty when no row is stored."""
    if not run_digest(con, "projections", PROJECTION_FIELDS, projection_id, run_at)[0]:
        return {}
    return {f: run_digest(con, "projections", (f,), projection_id, run_at)[1]
            for f in PROJECTION_FIELDS}


def projection_seal(con: duckdb.DuckDBPyConnection, projection_id: str,
                    run_at: str) -> dict[str, object]:
    """The seal of a run's ``projections`` row, kept as ``projection_sha256`` in the
    ledger entry recording the run (``network measures`` or ``disruption``): which
    projection (``projection``, with its ``parameters`` in clear, so verify can say
    which network it was), stored when (``projected_at``) and the digest of each field
    (``fields``, :func:`projection_digests`); checked by
    :func:`tnoc.evidence.merges.verify_projections`."""
    row = con.execute("SELECT parameters FROM projections WHERE projection_id = ? AND "
                      "run_at = ?::TIMESTAMPTZ", [projection_id, run_at]).fetchone()
    return {"projection": projection_id, "projected_at": run_at,
            "parameters": json.loads(row[0]) if row else None,
            "fields": projection_digests(con, projection_id, run_at)}


DISRUPTION_DDL = """
CREATE TABLE IF NOT EXISTS disruption_runs (
    run_id VARCHAR NOT NULL, projection_id VARCHAR NOT NULL, run_at TIMESTAMPTZ NOT NULL,
    parameters JSON NOT NULL, actors BIGINT, ties BIGINT, source_id VARCHAR,
    tool_version VARCHAR
);
CREATE TABLE IF NOT EXISTS disruption_steps (
    run_id VARCHAR NOT NULL, step INTEGER NOT NULL, removed VARCHAR[],
    lcc_fraction DOUBLE, lcc_sd DOUBLE, efficiency DOUBLE, efficiency_sd DOUBLE,
    components DOUBLE
);
"""


def save_disruption(con: duckdb.DuckDBPyConnection, root: Path, projection: Projection,
                    result: DisruptionResult) -> str:
    """Store a simulation: tables ``disruption_runs``/``disruption_steps``, its result
    JSON as an analysis source, and statements (a ``DisruptionSimulation`` and one
    ``DisruptionStep`` per step, whose ``removed`` points at the actor). Returns the
    run id."""
    run_at = datetime.now(UTC)
    projection_id = save_projection(con, projection, run_at)
    con.execute(DISRUPTION_DDL)
    parameters = asdict(result.spec)
    run_id = hashlib.sha256(json.dumps(
        [projection_id, parameters, run_at.isoformat()], sort_keys=True).encode()
    ).hexdigest()[:12]
    payload: dict[str, object] = {
        "run_id": run_id, "projection_id": projection_id,
        "projection": asdict(projection.spec), "sources": projection.source_ids,
        "parameters": parameters, "actors": result.actors, "ties": result.ties,
        # per step: lcc_relative (over the original LCC) and lcc_fraction (over all actors)
        "original_lcc": result.original_lcc, "robustness": result.robustness(),
        "steps": [asdict(s) for s in result.steps]}
    simulation = f"disruption-{run_id}"
    spec = result.spec
    mode = (f"blocks of {spec.block}" if spec.block > 1 else "sequential") + (
        ", ranked once" if not spec.recompute else ", recomputed after each step")
    recovery = "none" if spec.recovery == "none" else f"{spec.recovery} ({spec.recovery_rate})"
    statements = [DerivedStatement(simulation, "DisruptionSimulation", prop, value, "run")
                  for prop, value in (
                      ("id", simulation),
                      ("name", f"{spec.strategy} removal on {projection_id}"),
                      ("strategy", spec.strategy), ("mode", mode), ("recovery", recovery),
                      ("projection", projection_id),
                      *(("network", s) for s in projection.source_ids))]
    for step in result.steps:
        step_id = f"{simulation}-step-{step.step}"
        locator = f"step {step.step}"
        statements += [DerivedStatement(step_id, "DisruptionStep", prop, value, locator)
                       for prop, value in (
                           ("id", step_id), ("name", f"{spec.strategy} step {step.step}"),
                           ("simulation", simulation), ("step", str(step.step)),
                           ("lccFraction", f"{step.lcc_fraction:.6g}"),
                           ("efficiency", f"{step.efficiency:.6g}"),
                           ("components", f"{step.components:.6g}"),
                           *(("removed", actor) for actor in step.removed))]
    source_id = add_analysis(con, root, "disruption", run_id, payload, statements,
                             projection.source_ids,
                             projection_sha256=projection_seal(con, projection_id,
                                                      run_at.isoformat()))
    con.execute("INSERT INTO disruption_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id, projection_id, run_at, json.dumps(parameters), result.actors,
                 result.ties, source_id, __version__])
    con.executemany("INSERT INTO disruption_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [[run_id, s.step, s.removed, s.lcc_fraction, s.lcc_sd, s.efficiency,
                      s.efficiency_sd, s.components] for s in result.steps])
    return run_id


def disrupt(con: duckdb.DuckDBPyConnection, root: Path, projection: Projection,
            strategies: Sequence[str], settings: DisruptionSpec, store: bool = True
            ) -> list[tuple[str, DisruptionResult]]:
    """Simulate removing actors under each of ``strategies`` (one computation:
    :func:`tnoc.graph.disruption.simulate_strategies`), each kept in the case
    (:func:`save_disruption`) when ``store``; returns (run id, result) per strategy in
    the order given, the run id "-" for a result not kept.

    The attribute strategy ranks actors by ``settings.attribute`` (a stored property,
    :func:`tnoc.graph.disruption.attribute_rank`) and is refused without one. Here rather
    than in :mod:`tnoc.graph.disruption` because keeping a run needs this module, which
    imports that one."""
    rank = None
    if "attribute" in strategies:
        if not settings.attribute:
            raise TnocError("the attribute strategy needs --attribute PROP or PROP=v1,v2")
        rank = attribute_rank(con, projection.ids, settings.attribute)
    simulated = simulate_strategies(projection, strategies, settings, rank)
    return [(save_disruption(con, root, projection, r) if store else "-", r)
            for r in simulated.values()]


def _network_run_id(kind: str, projection_id: str, parameters: dict[str, object],
                    run_at: datetime) -> str:
    """A run's id: the first 12 hex digits of SHA-256 over what ran, on what, when."""
    return hashlib.sha256(json.dumps([kind, projection_id, parameters, run_at.isoformat()],
                                     sort_keys=True, default=str).encode()).hexdigest()[:12]


def save_communities(con: duckdb.DuckDBPyConnection, root: Path, projection: Projection,
                     labels: Sequence[int], modularity: float) -> str:
    """Keep a Leiden partition (:func:`tnoc.graph.measures.communities`) in the case, so
    an actor's dossier says which community it was placed in: one ``NetworkCommunity``
    per community, numbered by size (1 = the largest, ties by the algorithm's label),
    whose ``member`` points at each actor; the partition, its parameters and sources
    in ``analyses/communities-RUN.json``, registered as an analysis source and sealed
    in the ledger (:func:`tnoc.store.derived.add_analysis`), so erasure, clearance and
    ``tnoc verify`` treat it as every other derived finding. Returns the run id."""
    from collections import Counter

    run_at = datetime.now(UTC)
    projection_id = projection.spec.key()
    parameters: dict[str, object] = {"algorithm": "Leiden", "seed": 1,
                                     "projection": asdict(projection.spec)}
    run_id = _network_run_id("communities", projection_id, parameters, run_at)
    ranked = [label for label, _n in sorted(Counter(labels).items(),
                                            key=lambda item: (-item[1], item[0]))]
    number = {label: i for i, label in enumerate(ranked, 1)}
    members: dict[int, list[str]] = {}
    for entity, label in zip(projection.ids, labels, strict=True):
        members.setdefault(number[label], []).append(entity)
    statements: list[DerivedStatement] = []
    for n, actors in sorted(members.items()):
        cid = f"community-{run_id}-{n}"
        locator = f"community {n}"
        values = [("id", cid),
                  ("name", f"community {n} of {len(ranked)} (Leiden, {len(actors)} "
                           f"members, modularity {modularity:.3f})"),
                  ("algorithm", "Leiden"), ("community", str(n)),
                  ("communities", str(len(ranked))), ("size", str(len(actors))),
                  ("modularity", f"{modularity:.6g}"), ("projection", projection_id),
                  *(("network", s) for s in projection.source_ids),
                  *(("member", a) for a in actors)]
        statements += [DerivedStatement(cid, "NetworkCommunity", p, v, locator)
                       for p, v in values]
    payload: dict[str, object] = {
        "run_id": run_id, "projection_id": projection_id, "parameters": parameters,
        "sources": projection.source_ids, "actors": len(projection.ids),
        "ties": projection.graph.numberOfEdges(), "modularity": modularity,
        "communities": {str(n): actors for n, actors in sorted(members.items())}}
    add_analysis(con, root, "communities", run_id, payload, statements,
                 projection.source_ids, command="network communities",
                 stored_at=run_at.isoformat())
    return run_id


def save_key_players(con: duckdb.DuckDBPyConnection, root: Path, projection: Projection,
                     found: KeyPlayerSet, problem: str, k: int, seed: int) -> str:
    """Keep a key-player set (Borgatti 2006, :func:`tnoc.graph.keyplayers.key_players`)
    in the case as a ``KeyPlayerSet`` whose ``member`` points at each player, so their
    dossiers say "in the key-player set of k=5"; stored, sealed and recorded as
    :func:`save_communities` does. Returns the run id."""
    run_at = datetime.now(UTC)
    projection_id = projection.spec.key()
    parameters: dict[str, object] = {"problem": problem, "k": k, "starts": found.starts,
                                     "seed": seed, "projection": asdict(projection.spec)}
    run_id = _network_run_id("keyplayers", projection_id, parameters, run_at)
    sid = f"keyplayers-{run_id}"
    measure = "fragmentation after removal" if problem == "neg" else "reach"
    values = [("id", sid),
              ("name", f"{found.kind} set of k={k} of {len(projection.ids)} actors "
                       f"({measure} {found.score:.4f})"),
              ("problem", found.kind), ("k", str(k)), ("score", f"{found.score:.6g}"),
              ("actors", str(len(projection.ids))), ("projection", projection_id),
              *(("network", s) for s in projection.source_ids),
              *(("member", m) for m in found.members)]
    payload: dict[str, object] = {
        "run_id": run_id, "projection_id": projection_id, "parameters": parameters,
        "sources": projection.source_ids, "actors": len(projection.ids),
        "kind": found.kind, "members": found.members, "score": found.score,
        "before_removal": found.baseline, "evaluations": found.evaluations}
    add_analysis(con, root, "keyplayers", run_id, payload,
                 [DerivedStatement(sid, "KeyPlayerSet", p, v, "set") for p, v in values],
                 projection.source_ids, command="network keyplayers",
                 stored_at=run_at.isoformat())
    return run_id


WHOLE_GRAPH_MEASURES = ("in_degree", "out_degree", "degree", "pagerank", "component",
                        "component_size")
"""What :func:`save_whole_graph` stores per node in ``node_measures``: ``component`` is
the component's number (1 for the one whose smallest actor id sorts first), the same
on every engine."""


def tie_sources(con: duckdb.DuckDBPyConnection, schemata: Sequence[str] = ()) -> list[str]:
    """The sources holding the case's ties (of ``schemata``, when given): what a
    whole-case network reads, and so what its handling code is decided on."""
    only = "AND list_contains($schemata, s.schema)" if schemata else ""
    return [str(r[0]) for r in con.execute(
        "SELECT DISTINCT s.source_id FROM statements s JOIN schemata sc "
        f"ON sc.name = s.schema AND sc.is_edge WHERE s.prop = 'id' {only} ORDER BY 1",
        {"schemata": list(schemata)} if schemata else {}).fetchall()]


@dataclass(frozen=True)
class NamedComponent:
    """One component of a whole-case network as listed: its id (its smallest actor
    id, :class:`tnoc.graph.whole.ComponentRow`) and that actor's name, how many actors,
    and its most central actor (highest PageRank) by id and name with its PageRank.
    The names are read from the case's store, whichever engine computed the
    components, so both engines list the same."""

    component: str
    component_name: str
    actors: int
    top: str
    top_name: str
    pagerank: float


@dataclass(frozen=True)
class ComponentsListed:
    """The components of a :class:`~tnoc.graph.whole.WholeGraph`, largest first, with
    names beside ids (:class:`NamedComponent`); ``names``: the name of every actor
    named (the components' and their most central actors', or every actor's when asked
    for); ``sources``: those of what is shown (the ties' and the names'), and their
    handling ``code``."""

    rows: list[NamedComponent]
    names: dict[str, str]
    sources: list[str]
    code: str

    def actors(self, result: WholeGraph) -> pa.Table:
        """``result``'s actors (:attr:`~tnoc.graph.whole.WholeGraph.nodes`) with their
        names beside their ids: ``node, name, component, component_name`` and the
        measures (from :func:`components_listed` with ``every_actor``)."""
        nodes = result.nodes

        def named(column: str) -> pa.Array:
            return pa.array([self.names.get(str(n), str(n))
                             for n in nodes.column(column).to_pylist()], pa.string())

        columns = [c for c in nodes.column_names if c not in ("node", "component")]
        return pa.table({"node": nodes["node"], "name": named("node"),
                         "component": nodes["component"],
                         "component_name": named("component"),
                         **{c: nodes[c] for c in columns}})


def components_listed(con: duckdb.DuckDBPyConnection, result: WholeGraph,
                      sources: Sequence[str], every_actor: bool = False
                      ) -> ComponentsListed:
    """The components of ``result`` largest first, each with its id, its most central
    actor's id and both names, from the case's store ``con``: accounts and wallets as
    the money listings name them, "HOLDER (account NUMBER, bank CODE)", anyone else by
    caption (:func:`tnoc.store.parties.named_parties`); ``every_actor``: name every
    actor too (for a list of them, e.g. CSV). The names come from statements whose
    sources may be stricter than the ties' (``sources``), so the handling code is
    decided on both."""
    from tnoc.graph.whole import components_by_size
    from tnoc.store.derived import derived_handling_code
    from tnoc.store.parties import named_parties

    rows = components_by_size(result)
    named = sorted({r.top for r in rows} | {r.component for r in rows} | (
        {str(n) for n in result.nodes.column("node").to_pylist()} if every_actor
        else set()))
    parties = named_parties(con, named)
    names = {n: parties.names.get(n, n) for n in named}
    shown = sorted({*sources, *parties.sources})
    return ComponentsListed(
        [NamedComponent(r.component, names.get(r.component, r.component), r.actors,
                        r.top, names.get(r.top, r.top), r.pagerank) for r in rows],
        names, shown, derived_handling_code(con, shown))


def save_whole_graph(con: duckdb.DuckDBPyConnection, result: WholeGraph,
                     params: WholeGraphParams, provenance: dict[str, object],
                     sources: Sequence[str]) -> str:
    """Store :func:`tnoc.graph.whole.whole_graph`'s result the way network measures
    are stored (caller's transaction): a ``projections`` row (parameters: the schemata,
    PageRank's settings, and the engine that ran it with its ``provenance``, e.g. the
    Spark master and the lake manifest read), the measures of
    :data:`WHOLE_GRAPH_MEASURES` in ``node_measures``, and a ``network measures``
    ledger entry sealing both, so ``tnoc verify``, erasure and dossiers treat it as any
    measured network. The projection id depends on the network only (schemata), not
    on the engine: runs on DuckDB and Spark are two runs of one projection. Returns
    the projection id."""
    run_at = datetime.now(UTC)
    network = {"whole_case": True, "schemata": sorted(params.schemata)}
    projection_id = "whole-" + hashlib.sha256(
        json.dumps(network, sort_keys=True).encode()).hexdigest()[:12]
    parameters = {**network, "damping": params.damping, "tol": params.tol,
                  "actor_tol": params.actor_tol, "max_iter": params.iterations_allowed,
                  "pagerank_error_bound": result.pagerank_error, **provenance}
    nodes = result.nodes
    con.execute(DDL)
    con.execute("INSERT INTO projections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [projection_id, run_at, json.dumps(parameters, sort_keys=True),
                 list(sources), nodes.num_rows, result.arcs,
                 statements_read(con, list(sources)), __version__])
    whole = nodes  # noqa: F841 (read by DuckDB below)
    con.execute("""
        INSERT INTO node_measures
        WITH numbered AS (
            SELECT *, dense_rank() OVER (ORDER BY component) AS component_no,
                   count(*) OVER (PARTITION BY component) AS component_size
            FROM whole)
        SELECT $projection, $run_at::TIMESTAMPTZ, node, measure, value FROM numbered
        UNPIVOT (value FOR measure IN (
            in_degree::DOUBLE AS in_degree, out_degree::DOUBLE AS out_degree,
            degree::DOUBLE AS degree, pagerank, component_no::DOUBLE AS component,
            component_size::DOUBLE AS component_size))""",
                {"projection": projection_id, "run_at": run_at})
    record_analysis(con, "network measures", projection_id, parameters=parameters,
                    sources=list(sources), results=[projection_id],
                    actors=nodes.num_rows, ties=result.arcs, components=result.components,
                    pagerank_iterations=result.iterations, engine=result.engine,
                    measures=sorted(WHOLE_GRAPH_MEASURES), stored_at=run_at.isoformat(),
                    measures_sha256=measures_digest(con, projection_id, run_at.isoformat()),
                    projection_sha256=projection_seal(con, projection_id,
                                                      run_at.isoformat()))
    return projection_id
